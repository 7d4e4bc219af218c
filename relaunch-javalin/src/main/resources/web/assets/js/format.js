// Formatting of times, durations and PIDs for display.

/** "540 ms", "0.6 s", "12.3 s", "2 min 05 s". */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.floor(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Seconds with one decimal, as in "in 0.6 s". */
export function seconds(ms) {
  return `${(Math.max(0, ms || 0) / 1000).toFixed(1)} s`;
}

/** Uptime as "3 d 04:05:06" / "04:05:06". */
export function uptime(ms) {
  if (ms === null || ms === undefined) return '–';
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const hms = [Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return d > 0 ? `${d} d ${hms}` : hms;
}

/** Local date and time, e.g. "28 Nov 2026, 21:39:00". */
export function localTime(iso) {
  const date = parse(iso);
  if (!date) return '–';
  return date.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

/** "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function relative(iso, now = Date.now()) {
  const date = parse(iso);
  if (!date) return '–';
  const s = Math.round((now - date.getTime()) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function parse(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Which process served before and after a restart: "PID 4121 → 4188" ("4121 → –" without the label, under a PID
 * column). The one place that says it, for every view of an operation.
 */
export function processChange(op, { label = true } = {}) {
  if (op.platform === 'kubernetes') {
    // a rolling restart replaces pods, not a process: "pods notes-a, notes-b → notes-c, notes-d"
    const names = (pods) => (Array.isArray(pods) && pods.length ? pods.join(', ') : '–');
    const change = `${names(op.pods_before)} → ${names(op.pods_after)}`;
    return label ? `pods ${change}` : change;
  }
  const change = `${op.pid_before ?? '–'} → ${op.pid_after ?? '–'}`;
  return label ? `PID ${change}` : change;
}

/** The last part of a path: "Greeting.class" for "target/classes/demo/Greeting.class". */
export function fileName(path) {
  const text = String(path ?? '');
  return text.split(/[\\/]/).filter(Boolean).pop() || text;
}

/** "starting +12 ms · ready +540 ms · draining +560 ms" relative to the request time. */
export function phaseTimings(op) {
  return phaseList(op).join(' · ');
}

/** The parts of phaseTimings, one string per phase after pending. */
export function phaseList(op) {
  const start = parse(op.requested_at);
  if (!start || !Array.isArray(op.phases)) return [];
  return op.phases
    .filter((p) => p.name !== 'pending')
    .map((p) => {
      const at = parse(p.at);
      return at ? `${p.name} +${duration(at.getTime() - start.getTime())}` : p.name;
    });
}
