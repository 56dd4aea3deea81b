/** --progress values, as docker compose has them (`none` is read as quiet); the flag, COMPOSE_PROGRESS and completion take them from here. */
export const PROGRESS_SETTINGS = ['auto', 'tty', 'plain', 'json', 'quiet'] as const;
export type ProgressSetting = (typeof PROGRESS_SETTINGS)[number];

/** How every step of one resource ended: the view marks a skipped or failed resource as such. */
export type ResourceOutcome =
  | { readonly state: 'done' }
  | { readonly state: 'skipped' }
  | { readonly state: 'failed'; readonly error: Error };

/**
 * Draws a run's progress: one line per resource (`Container p-web-1`), with its latest word as
 * docker compose words it (`Creating`, `Started`). The words come from ui/progress.ts; a renderer
 * only decides how they look (a live list, one line per event, JSON, nothing).
 */
export interface ProgressRenderer {
  /**
   * The run's resources, in order: those the plan leaves as they are (shown as `Running`), then those
   * it works on (`Waiting` until their first word).
   */
  begin(resources: { readonly unchanged: readonly string[]; readonly planned: readonly string[] }): void;
  /** A planned resource's new word. */
  update(resource: string, word: string): void;
  /** A line a resource's command printed while it runs (a build's output). */
  output(resource: string, line: string): void;
  /** Every step of a planned resource has ended. */
  finish(resource: string, outcome: ResourceOutcome): void;
  /** The run is over (every planned resource finished): resolves once the last frame is drawn. */
  end(): Promise<void>;
}
