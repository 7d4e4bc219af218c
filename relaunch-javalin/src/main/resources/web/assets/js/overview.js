// Overview tab: server info cards and the last restart.
import { byId, h, setChildren, setText, statusBadge } from './dom.js';
import { duration, localTime, relative, serverChange, uptime } from './format.js';

let els;
let info = null;
let fetchedAt = 0;
let ticker = null;

export function initOverview() {
  els = {
    pid: byId('overview-pid'),
    modeHint: byId('overview-mode-hint'),
    modeDetail: byId('overview-mode-detail'),
    startedZone: byId('overview-started-relative'),
    logsDir: byId('overview-logs-dir'),
    uptime: byId('overview-uptime'),
    started: byId('overview-started'),
    url: byId('overview-url'),
    tokenHint: byId('overview-token-hint'),
    env: byId('overview-env'),
    mode: byId('overview-mode'),
    version: byId('overview-version'),
    java: byId('overview-java'),
    last: byId('last-restart'),
    lastBody: byId('last-restart-body'),
    envFile: byId('overview-env-file'),
    logFile: byId('overview-log-file'),
    error: byId('overview-error'),
  };
  // Uptime and "x min ago" tick every second, whichever tab is shown (cheap).
  ticker = setInterval(tick, 1000);
}

/** Renders a fresh /api/v1/info answer. */
export function updateOverview(data) {
  info = data;
  fetchedAt = Date.now();
  els.error.hidden = true;
  setText(els.pid, data.pid);
  els.modeHint.textContent = 'This server process';
  els.modeDetail.textContent = data.mode === 'supervised'
    ? (data.supervisor_pid ? `Supervisor PID ${data.supervisor_pid}` : 'Run by the supervisor')
    : 'Runs without a supervisor';
  setText(els.started, localTime(data.started_at));
  els.started.dateTime = data.started_at || '';
  els.started.title = data.started_at || '';
  els.startedZone.textContent = `Local time (${Intl.DateTimeFormat().resolvedOptions().timeZone || 'browser'})`;
  const hostPort = `${data.host}:${data.port}`;
  els.url.textContent = hostPort;
  els.url.href = data.url || `http://${hostPort}/`;
  els.url.title = data.url || '';
  els.tokenHint.textContent = data.restart_token_required ? 'Restart token required' : 'No restart token';
  setText(els.env, data.app_env);
  els.env.dataset.env = data.app_env || '';
  setText(els.mode, data.mode === 'supervised' ? 'supervised' : data.mode);
  setText(els.version, data.version);
  setText(els.java, data.java_version);
  setText(els.envFile, data.env_file);
  setText(els.logFile, data.log_file);
  setText(els.logsDir, data.logs_dir);
  renderLastRestart(data.last_restart);
  tick();
}

export function overviewError(err) {
  if (info) return; // keep showing the last good data; the footer dot tells the server is down
  els.error.textContent = `Could not load server info: ${err.message}`;
  els.error.hidden = false;
}

function renderLastRestart(op) {
  els.last.dataset.status = op ? op.status : 'none';
  if (!op) {
    setChildren(els.lastBody, h('p', { class: 'muted' }, 'No restart yet. Use the Restart Server button to apply .env changes.'));
    return;
  }
  const when = h('time', { datetime: op.requested_at, title: `${localTime(op.requested_at)} (${op.requested_at})`, class: 'js-relative' },
    relative(op.requested_at));
  const parts = [
    h('p', { class: 'last-restart-pids mono' }, serverChange(op)),
    h('p', { class: 'last-restart-meta' },
      statusBadge(op.status),
      h('span', null, op.duration_ms !== null && op.duration_ms !== undefined ? `in ${duration(op.duration_ms)}` : ''),
      h('span', { class: 'muted' }, when),
      h('span', { class: 'muted' }, `by ${requester(op.requested_by)}`)),
  ];
  if (op.error) {
    parts.push(h('p', { class: 'last-restart-error' }, `${op.error.code}: ${op.error.message}`));
  }
  parts.push(h('p', { class: 'last-restart-link muted' },
    'Operation ', h('code', null, op.op_id), ' · ', h('a', { href: 'restarts' }, 'All restarts →')));
  setChildren(els.lastBody, parts);
}

export function requester(by) {
  return { ui: 'UI', cli: 'CLI', api: 'API', crash: 'crash recovery' }[by] || by || 'unknown';
}

function tick() {
  if (!info) return;
  els.uptime.textContent = uptime((info.uptime_ms || 0) + (Date.now() - fetchedAt));
  for (const t of document.querySelectorAll('time.js-relative')) {
    t.textContent = relative(t.dateTime);
  }
}

export function stopOverview() {
  clearInterval(ticker);
}
