import { UserError } from '../../model/errors.js';
import { jsonRenderer } from './json.js';
import { plainRenderer } from './plain.js';
import { quietRenderer } from './quiet.js';
import type { ProgressRenderer } from './renderer.js';
import { ttyRenderer } from './tty.js';

/** --progress as the user sets it (docker compose's values; `none` is read as quiet). */
export type ProgressSetting = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';
/** The renderer a run uses: auto resolved. */
export type ProgressMode = Exclude<ProgressSetting, 'auto'>;

/** compose's rule: auto is tty when stderr is a terminal (and ANSI is allowed), else plain. */
export function progressMode(progress: ProgressSetting, ansi: 'never' | 'always' | 'auto', terminal = process.stderr.isTTY === true): ProgressMode {
  if (progress === 'tty' && ansi === 'never') throw new UserError("can't use --progress tty while ANSI support is disabled");
  if (progress !== 'auto') return progress;
  return ansi !== 'never' && terminal ? 'tty' : 'plain';
}

/** The renderer for a mode: adding one is a file and a line here. */
export async function createRenderer(mode: ProgressMode): Promise<ProgressRenderer> {
  switch (mode) {
    case 'tty':
      return ttyRenderer();
    case 'plain':
      return plainRenderer();
    case 'json':
      return jsonRenderer();
    case 'quiet':
      return quietRenderer();
  }
}
