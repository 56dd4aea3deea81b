import { lineRenderer } from './plain.js';
import type { ProgressRenderer } from './renderer.js';

/** --progress json: one JSON object per event, as docker compose prints them. */
export function jsonRenderer(stream: NodeJS.WritableStream = process.stderr): ProgressRenderer {
  return lineRenderer(
    stream,
    (resource, word) => `${JSON.stringify({ 'dry-run': false, id: resource, status: word, text: word })}\n`,
    (resource, line) => `${JSON.stringify({ 'dry-run': false, id: resource, status: 'Building', text: line })}\n`,
  );
}
