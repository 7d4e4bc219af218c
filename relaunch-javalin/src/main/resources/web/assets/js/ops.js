// What an operation record says, in words: who asked for it, which changes caused it, how it ended.
import { fileName, processChange, seconds } from './format.js';

/** Statuses after which an operation changes no more. */
export const FINAL = new Set(['restarted', 'failed', 'pid_unchanged', 'started_but_unhealthy']);

export function requester(by) {
  return { ui: 'UI', cli: 'CLI', api: 'API', crash: 'crash recovery', watch: 'watch' }[by] || by || 'unknown';
}

/** The changed files of a restart on change, as a list of paths and their count (at least the paths listed). */
export function changesOf(op) {
  const changes = op && op.changes;
  const paths = changes && Array.isArray(changes.paths) ? changes.paths.map(String) : [];
  return { paths, count: Math.max(Number(changes && changes.count) || 0, paths.length) };
}

/** "Greeting.class", "Greeting.class (+2 more)"; '' when nothing is listed. */
export function changeSummary(changes) {
  const paths = changes && Array.isArray(changes.paths) ? changes.paths : [];
  if (!paths.length) return '';
  const more = Math.max(Number(changes.count) || 0, paths.length) - 1;
  return more > 0 ? `${fileName(paths[0])} (+${more} more)` : fileName(paths[0]);
}

/**
 * "Restarted: PID 4121 → 4188 in 0.6 s"; after a change: "Restarted after a change in Greeting.class: …"; where the
 * port could not be handed over: "Restarted with a short outage (this platform cannot hand over the port): …".
 */
export function restartedMessage(op) {
  const cause = changeSummary(op.changes);
  const outage = op.outage_reason ? ` with a short outage (${op.outage_reason})` : '';
  const what = cause ? `Restarted${outage} after a change in ${cause}` : `Restarted${outage}`;
  return `${what}: ${processChange(op)} in ${seconds(op.duration_ms ?? elapsedMs(op))}`;
}

/** From the request to the end, by the record's own times; 0 when it has not ended. */
export function elapsedMs(op) {
  const start = Date.parse(op.requested_at);
  const end = Date.parse(op.finished_at);
  return Number.isNaN(start) || Number.isNaN(end) ? 0 : end - start;
}
