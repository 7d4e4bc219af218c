// Overview tab: server info cards, the last restart and, under --watch, the Watching panel.
import { hostPort } from './address.js';
import { byId, h, setChildren, setText, statusBadge } from './dom.js';
import { duration, localTime, processChange, relative, uptime } from './format.js';
import { changeSummary, requester } from './ops.js';
import { pollingTab } from './poller.js';
import { initWatch, renderWatch } from './watch.js';

let els;
let info = null;
let fetchedAt = 0;

/** The tab: uptime and "x min ago" tick every second while it is shown. */
export const overviewTab = pollingTab(() => tick(), { everyMs: 1000 });

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
  initWatch();
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
  const address = hostPort(data.host, data.port);
  els.url.textContent = address;
  els.url.href = data.url || `http://${address}/`;
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
  renderWatch(data.watch);
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
  const changed = changeSummary(op.changes);
  const parts = [
    h('p', { class: 'last-restart-pids mono' }, processChange(op, { label: false })),
    h('p', { class: 'last-restart-meta' },
      statusBadge(op.status),
      h('span', null, op.duration_ms !== null && op.duration_ms !== undefined ? `in ${duration(op.duration_ms)}` : ''),
      h('span', { class: 'muted' }, when),
      h('span', { class: 'muted' }, `by ${requester(op.requested_by)}`),
      changed ? h('span', { class: 'muted' }, `after a change in ${changed}`) : null),
  ];
  if (op.error) {
    parts.push(h('p', { class: 'last-restart-error' }, `${op.error.code}: ${op.error.message}`));
  }
  parts.push(h('p', { class: 'last-restart-link muted' },
    'Operation ', h('code', null, op.op_id), ' · ', h('a', { href: 'restarts' }, 'All restarts →')));
  setChildren(els.lastBody, parts);
}

function tick() {
  if (!info) return;
  els.uptime.textContent = uptime((info.uptime_ms || 0) + (Date.now() - fetchedAt));
  for (const t of document.querySelectorAll('time.js-relative')) {
    t.textContent = relative(t.dateTime);
  }
}
