import { UserError } from '../../model/errors.js';
import { jsonRenderer } from './json.js';
import { plainRenderer } from './plain.js';
import { quietRenderer } from './quiet.js';
import { PROGRESS_SETTINGS, type ProgressRenderer, type ProgressSetting } from './renderer.js';
import { ttyRenderer } from './tty.js';

/** The renderer a run uses: auto resolved. */
export type ProgressMode = Exclude<ProgressSetting, 'auto'>;

/** compose's rule: auto is tty when stderr (the status stream) is a terminal (and ANSI is allowed), else plain (so is a COMPOSE_PROGRESS berth does not know, as before). */
export function progressMode(progress: ProgressSetting, ansi: 'never' | 'always' | 'auto', terminal = process.stderr.isTTY === true): ProgressMode {
  if (progress === 'tty' && ansi === 'never') throw new UserError("can't use --progress tty while ANSI support is disabled");
  if (progress !== 'auto' && PROGRESS_SETTINGS.includes(progress)) return progress;
  return ansi !== 'never' && terminal ? 'tty' : 'plain';
}

/** The renderer for a mode, writing to `stream` (stderr, or stdout with COMPOSE_STATUS_STDOUT): adding one is a file and a line here. */
export async function createRenderer(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): Promise<ProgressRenderer> {
  switch (mode) {
    case 'tty':
      return ttyRenderer(stream);
    case 'plain':
      return plainRenderer(stream);
    case 'json':
      return jsonRenderer(stream);
    case 'quiet':
      return quietRenderer();
  }
}
