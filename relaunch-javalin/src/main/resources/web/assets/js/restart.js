// The Restart Server button: confirm dialog, POST, progress banner, status polling,
// success (toast + reload) and failure (red banner with reason and log tail).
import { api } from './api.js';
import { byId, h, setChildren } from './dom.js';
import { seconds } from './format.js';
import { toast, flashAfterReload } from './toast.js';

const POLL_MS = 200;
/** Slack on top of the server's own limits: the old server's kill grace and a poll or two. */
const GIVE_UP_SLACK_MS = 15_000;
/** The server's defaults (STARTUP_TIMEOUT_MS 30 s + DRAIN_TIMEOUT_MS 10 s + slack) until /api/v1/info answers. */
const DEFAULT_GIVE_UP_MS = 55_000;
const RELOAD_DELAY_MS = 800;
const NEW_PID_WAIT_MS = 3000;
/** Clicks on the backdrop this soon after the dialog opened are the rest of a double click, not a cancel. */
const BACKDROP_GRACE_MS = 600;
const FINAL = new Set(['restarted', 'failed', 'pid_unchanged', 'started_but_unhealthy']);

const PHASE_TEXT = {
  pending: 'Starting new server…',
  starting: 'Starting new server…',
  ready: 'New server ready',
  draining: 'Old server draining…',
  restarted: 'Restarted',
};
const PHASE_ORDER = ['starting', 'ready', 'draining', 'restarted'];

const ERROR_TEXT = {
  config_invalid: 'The new configuration is invalid',
  startup_failed: 'The new server process exited during start-up',
  startup_timeout: 'The new server did not become ready in time',
  port_unavailable: 'The port is not available',
  drain_timeout: 'The old server did not finish its requests in time',
  spawn_failed: 'The new server process could not be started',
  supervisor_unavailable: 'The supervisor did not answer',
  unhealthy: 'The new server failed its health check',
};
/** Plain-language explanation placed before the server's own message. */
const REASON_TEXT = {
  unhealthy: 'The new server said it was ready, but its health endpoint did not answer with its own PID, so it was stopped before the old server drained.',
};
const STATUS_TEXT = {
  failed: 'The restart failed',
  pid_unchanged: 'The server restarted but its PID did not change',
  started_but_unhealthy: 'The new server started but did not pass its health check',
};

let els;
let lastInfo = null;
let tracking = null; // { opId, own, startedAt, lastOp, timer }; own: this tab asked for it (reload on success)
let gaveUpOn = null; // op id the user was told about after the time limit
let gaveUpOwn = false;
let finishedOpId = null; // an info answer sent before the op ended may still list it as in progress
let dialogOpenedAt = 0;
let backdropDown = false; // the pointer went down on the backdrop (not inside the form, then dragged out)
let reloading = false;
let posting = false; // between the confirm and the 202: a second click must not POST again
let listeners = [];
let finishedListeners = [];
let undoHandler = null; // set after this tab saved an edit: the failure banner then offers "Undo the edit"
let addressProvider = null; // where the server answers after a restart that moves it (PORT, HOST in .env)
let followUrl = null; // that address for the restart this tab asked for

export function initRestart() {
  els = {
    button: byId('restart-button'),
    dialog: byId('restart-dialog'),
    confirm: byId('restart-confirm'),
    cancel: byId('restart-cancel'),
    changes: byId('restart-dialog-changes'),
    keys: byId('restart-dialog-keys'),
    how: byId('restart-dialog-how'),
    banner: byId('restart-banner'),
    phase: byId('restart-phase'),
    failure: byId('failure-banner'),
    failureTitle: byId('failure-title'),
    reason: byId('failure-reason'),
    guidance: byId('failure-guidance'),
    stillServing: byId('failure-still-serving'),
    details: byId('failure-details'),
    log: byId('failure-log'),
    logFile: byId('failure-log-file'),
    logPath: byId('failure-log-path'),
    tryAgain: byId('try-again'),
    undo: byId('undo-edit'),
    keepWaiting: byId('keep-waiting'),
    dismiss: byId('failure-dismiss'),
  };
  els.banner.tabIndex = -1;
  els.button.addEventListener('click', () => openRestartDialog());
  els.cancel.addEventListener('click', () => els.dialog.close('cancel'));
  els.confirm.addEventListener('click', (event) => {
    event.preventDefault();
    els.dialog.close('confirm');
    startRestart();
  });
  els.dialog.addEventListener('pointerdown', (event) => {
    backdropDown = event.target === els.dialog;
  });
  els.dialog.addEventListener('click', (event) => {
    // A click on the backdrop (outside the form) cancels, like Escape. Not the second click of the double click
    // that opened the dialog (it lands on the backdrop), and not a text selection dragged out of the form.
    const down = backdropDown;
    backdropDown = false;
    if (event.target !== els.dialog || !down) return;
    if (event.detail > 1 || performance.now() - dialogOpenedAt < BACKDROP_GRACE_MS) return;
    els.dialog.close('cancel');
  });
  els.dialog.addEventListener('close', () => {
    const target = els.dialog.returnValue === 'confirm' ? els.banner : dialogOpener;
    dialogOpener = null;
    if (target && typeof target.focus === 'function' && !target.disabled) target.focus();
  });
  els.tryAgain.addEventListener('click', () => {
    hideFailure();
    startRestart();
  });
  els.undo.addEventListener('click', async () => {
    if (!undoHandler) return;
    els.undo.disabled = true;
    const undone = await undoHandler();
    els.undo.disabled = false;
    if (undone) {
      undoHandler = null;
      hideFailure();
      els.button.focus();
    }
  });
  els.keepWaiting.addEventListener('click', () => {
    const opId = gaveUpOn;
    gaveUpOn = null;
    hideFailure();
    if (opId) track(opId, null, gaveUpOwn);
  });
  els.dismiss.addEventListener('click', () => {
    hideFailure();
    els.button.focus();
  });
}

/**
 * After this tab saved an edit to .env: a restart that then fails offers "Undo the edit", which calls
 * {@code handler} (resolving to true when .env was put back). null removes the offer.
 */
export function setUndo(handler) {
  undoHandler = handler;
}

/** An async function resolving to the address the server answers at after the next restart, or null if unchanged. */
export function setAddressProvider(provider) {
  addressProvider = provider;
}

/** Listener called with true/false when a restart starts/stops being tracked in this tab. */
export function onRestartActivity(fn) {
  listeners.push(fn);
}

/**
 * Listener called with the final op record when a tracked restart ends without reloading the page: it failed, or
 * it was started elsewhere (CLI, API, another tab) and this page refreshes its data in place.
 */
export function onRestartFinished(fn) {
  finishedListeners.push(fn);
}

export function isRestartActive() {
  return Boolean(tracking) || reloading || posting;
}

/** Called with every /api/v1/info answer: picks up restarts started elsewhere (CLI, API, another tab). */
export function noteInfo(info) {
  lastInfo = info;
  els.button.hidden = info.app_env === 'production';
  const running = info.restart_in_progress;
  // While this tab's own POST is on its way, the op in progress is (or joins) ours: startRestart tracks it.
  if (running && !tracking && !reloading && !posting && running.op_id !== gaveUpOn
      && running.op_id !== finishedOpId) {
    track(running.op_id, running, false);
  }
  // The op we stopped waiting for finished after all: tell its outcome.
  const last = info.last_restart;
  if (gaveUpOn && last && last.op_id === gaveUpOn && FINAL.has(last.status) && !tracking) {
    gaveUpOn = null;
    finish(last, gaveUpOwn);
  }
}

let dialogOpener = null;

/** Opens the confirm dialog listing the .env changes a restart would apply. */
export async function openRestartDialog() {
  if (isRestartActive() || els.dialog.open) return;
  dialogOpener = document.activeElement;
  dialogOpenedAt = performance.now();
  backdropDown = false;
  els.dialog.returnValue = '';
  els.changes.textContent = 'Checking .env for changes…';
  els.keys.hidden = true;
  els.keys.replaceChildren();
  els.how.textContent = lastInfo && lastInfo.mode === 'standalone'
    ? 'A new server process takes over from this one once it is ready.'
    : 'A new server starts next to this one; the old one stops only once the new one is ready.';
  els.dialog.showModal();
  els.cancel.focus();
  try {
    const env = await api('api/v1/settings/env');
    describeChanges(env);
  } catch (err) {
    if (els.dialog.open) {
      els.changes.textContent = `Could not check .env for changes (${err.message}). The server restarts with whatever .env holds now.`;
    }
  }
}

function describeChanges(env) {
  const changed = env.changed_keys || [];
  const removed = env.removed_keys || [];
  const ineffective = env.ineffective_keys || [];
  const ignored = ineffective.length
    ? ` ${ineffective.join(', ')} changed in .env too, but the environment sets ${ineffective.length === 1 ? 'it' : 'them'}: not applied.`
    : '';
  if (changed.length === 0 && removed.length === 0) {
    els.changes.textContent = `No changes in .env since start — the server restarts with the same configuration.${ignored}`;
    return;
  }
  els.changes.textContent = `These changes will be applied: ${[...changed, ...removed].join(', ')}${ignored}`;
  setChildren(els.keys,
    changed.map((key) => h('li', null, h('code', null, key), h('span', { class: 'badge badge-warn' }, 'changed'))),
    removed.map((key) => h('li', null, h('code', null, key), h('span', { class: 'badge badge-error' }, 'removed'))));
  els.keys.hidden = false;
}

/** POSTs the restart and tracks the op. A second call during a restart is a no-op. */
export async function startRestart() {
  if (isRestartActive()) return;
  posting = true;
  setBusy(true);
  showProgress('pending', null);
  emit();
  try {
    followUrl = addressProvider ? await addressProvider().catch(() => null) : null;
    const data = await api('api/v1/settings/restart', {
      method: 'POST',
      body: {},
      headers: { 'X-Relaunch-Client': 'ui' },
    });
    posting = false;
    track(data.op_id, null, true);
  } catch (err) {
    posting = false;
    emit();
    hideProgress();
    setBusy(false);
    showFailure({
      title: 'The restart could not be started',
      reason: err.message,
      note: err.isNetwork ? 'The server did not answer. Is it running? Run ./relaunch status in the project folder.' : '',
      canRetry: true,
    });
  }
}

function track(opId, op, own) {
  if (tracking && tracking.opId === opId) {
    tracking.own = tracking.own || own;
    return;
  }
  stopTracking();
  hideFailure();
  tracking = { opId, own, startedAt: Date.now(), lastOp: op, timer: null };
  setBusy(true);
  showProgress(op ? op.status : 'pending', op);
  emit();
  poll();
}

async function poll() {
  const t = tracking;
  if (!t) return;
  try {
    const op = await api(`api/v1/settings/restart/status/${encodeURIComponent(t.opId)}`, {
      retryOnNetworkError: true,
      timeoutMs: 2000,
    });
    if (tracking !== t) return;
    t.lastOp = op;
    if (FINAL.has(op.status)) {
      stopTracking();
      finish(op, t.own);
      return;
    }
    showProgress(op.status, op);
  } catch {
    // Refused connections and resets are normal while the old server hands over; keep polling.
    if (tracking !== t) return;
  }
  if (Date.now() - t.startedAt >= giveUpMs()) {
    stopTracking();
    giveUp(t);
    return;
  }
  t.timer = setTimeout(poll, POLL_MS);
}

/** How long a restart may take by the server's own limits (STARTUP_TIMEOUT_MS + DRAIN_TIMEOUT_MS), plus slack. */
function giveUpMs() {
  const startup = lastInfo && lastInfo.startup_timeout_ms;
  const drain = lastInfo && lastInfo.drain_timeout_ms;
  return Number.isFinite(startup) && Number.isFinite(drain) ? startup + drain + GIVE_UP_SLACK_MS : DEFAULT_GIVE_UP_MS;
}

function stopTracking() {
  if (!tracking) return;
  clearTimeout(tracking.timer);
  tracking = null;
  emit();
}

function finish(op, own) {
  finishedOpId = op.op_id;
  hideProgress();
  if (op.status === 'restarted') {
    undoHandler = null; // the edit is in effect now
    const outage = op.outage_reason ? ` with a short outage (${op.outage_reason})` : '';
    const message = `Restarted${outage}: PID ${op.pid_before} → ${op.pid_after} in ${seconds(op.duration_ms ?? elapsed(op))}`;
    if (!own) {
      // Asked for elsewhere: tell, refresh in place; a reload would drop what the user is looking at
      // (a followed log, a filter, a scroll position).
      setBusy(false);
      toast(message, { kind: 'success' });
      notifyFinished(op);
      return;
    }
    reloading = true;
    emit();
    if (followUrl) {
      // .env moved the server (PORT, HOST): this address no longer answers, the new one does
      const target = followUrl;
      toast(`${message}. Moving to ${target}`, { kind: 'success' });
      setTimeout(() => window.location.assign(target), RELOAD_DELAY_MS);
      return;
    }
    toast(message, { kind: 'success' });
    flashAfterReload(message);
    // the old server stops taking connections at once, but a connection this page already holds to it may still be
    // answered once (with "Connection: close") while it drains: reload when the new PID answers
    awaitPid(op.pid_after).then(() => setTimeout(() => window.location.reload(), RELOAD_DELAY_MS));
    return;
  }
  setBusy(false);
  notifyFinished(op);
  const error = op.error || {};
  // Title: what went wrong in plain words ("The new configuration is invalid"); reason: the server's message.
  const title = op.status === 'pid_unchanged' ? 'Restart had no effect' : ERROR_TEXT[error.code] || 'Restart failed';
  const message = error.message ? capitalize(error.message) : STATUS_TEXT[op.status] || 'The restart failed.';
  const reason = REASON_TEXT[error.code] ? `${REASON_TEXT[error.code]} ${message}` : message;
  showFailure({
    title,
    reason,
    code: error.code,
    logTail: op.log_tail,
    logFile: op.log_file || (lastInfo && lastInfo.log_file),
    note: 'Checking which server is answering…',
    canRetry: true,
  });
  confirmStillServing(op);
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function elapsed(op) {
  const start = Date.parse(op.requested_at);
  const end = Date.parse(op.finished_at);
  return Number.isNaN(start) || Number.isNaN(end) ? 0 : end - start;
}

/** Resolves once health answers with {@code pid}, or after a few seconds in any case. */
async function awaitPid(pid) {
  const deadline = Date.now() + NEW_PID_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const health = await api('api/v1/health', { envelope: false, timeoutMs: 1000 });
      if (health.pid === pid) return;
    } catch {
      // a connection closed by the draining server: ask again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * After a failure, says which server answers now, from its own health answer, so the note never claims something
 * false: the old one still serving, the previous configuration restored after a rollback, another one, or none.
 */
function restoredPid(op) {
  return op.rollback_pid ?? op.pid_after;
}

async function confirmStillServing(op) {
  let text;
  try {
    const health = await api('api/v1/health', { envelope: false, retryOnNetworkError: true, timeoutMs: 2000 });
    if (op.rolled_back && health.pid === restoredPid(op)) {
      text = `relaunch restored the previous configuration (PID ${health.pid}).`;
    } else if (health.pid === op.pid_before) {
      text = `The old server (PID ${op.pid_before}) is still serving.`;
    } else {
      text = `The server now answering is PID ${health.pid}.`;
    }
  } catch {
    text = op.rolled_back
      ? `relaunch restored the previous configuration (PID ${restoredPid(op)}), but it is not answering right now. Run ./relaunch status in the project folder.`
      : `No server is answering right now (the old one was PID ${op.pid_before}). Run ./relaunch status in the project folder.`;
  }
  if (!els.failure.hidden) {
    els.stillServing.textContent = text;
    els.stillServing.hidden = false;
  }
}

function giveUp(t) {
  hideProgress();
  setBusy(false);
  gaveUpOn = t.opId;
  gaveUpOwn = t.own;
  const logFile = (t.lastOp && t.lastOp.log_file) || (lastInfo && lastInfo.log_file);
  showFailure({
    title: `The restart did not finish within ${seconds(giveUpMs())}`,
    reason: t.lastOp
      ? `Last known phase: ${t.lastOp.status}. The server may still be working on it, or it may be stuck.`
      : 'The server has not answered about this restart.',
    guidance: [
      ['Run ', h('code', null, './relaunch status'), ' in the project folder to see which server is running.'],
      ['Read the server log', logFile ? [': ', h('code', null, logFile)] : ' (Logs tab).'],
      ['Check that the port is free and that ', h('code', null, '.env'), ' is valid (', h('code', null, './relaunch check'), ').'],
      ['The Restarts tab shows the operation ', h('code', null, t.opId), ' once the server answers again.'],
    ],
    logTail: t.lastOp && t.lastOp.log_tail,
    logFile,
    note: '',
    canRetry: false,
    canWait: true,
  });
}

function showProgress(status, op) {
  els.banner.hidden = false;
  let text = PHASE_TEXT[status] || 'Restarting…';
  if (op && op.strategy === 'stop-start' && status !== 'restarted') {
    text += op.outage_reason ? ` (short outage: ${op.outage_reason})` : ' (this platform restarts with a short outage)';
  }
  els.phase.textContent = text;
  els.banner.dataset.phase = status;
  const current = PHASE_ORDER.indexOf(status === 'pending' ? 'starting' : status);
  for (const li of els.banner.querySelectorAll('.phase-steps li')) {
    const i = PHASE_ORDER.indexOf(li.dataset.phase);
    li.dataset.state = i < current ? 'done' : i === current ? 'current' : 'todo';
  }
}

function hideProgress() {
  els.banner.hidden = true;
}

function showFailure({ title, reason, code, guidance, logTail, logFile, note, canRetry, canWait }) {
  els.failureTitle.textContent = title;
  els.reason.textContent = reason || '';
  els.failure.dataset.code = code || '';
  els.failure.dataset.kind = canWait ? 'timeout' : 'failed';
  if (guidance && guidance.length) {
    setChildren(els.guidance, guidance.map((parts) => h('li', null, parts)));
    els.guidance.hidden = false;
  } else {
    els.guidance.replaceChildren();
    els.guidance.hidden = true;
  }
  const lines = Array.isArray(logTail) ? logTail : [];
  els.log.textContent = lines.length ? lines.join('\n') : '(no log lines were captured)';
  els.logFile.textContent = logFile || '';
  els.logPath.hidden = !logFile || Boolean(guidance);
  els.details.hidden = lines.length === 0;
  els.details.open = false;
  els.stillServing.textContent = note || '';
  els.stillServing.hidden = !note;
  els.tryAgain.hidden = !canRetry;
  els.undo.hidden = !(undoHandler && canRetry);
  // one primary action: undoing the edit when there is one to undo, else trying again
  els.tryAgain.classList.toggle('btn-primary', els.undo.hidden);
  els.keepWaiting.hidden = !canWait;
  els.failure.hidden = false;
  els.failure.focus({ preventScroll: false });
}

function hideFailure() {
  els.failure.hidden = true;
}

function setBusy(busy) {
  els.button.disabled = busy;
  els.button.setAttribute('aria-busy', String(busy));
  els.button.querySelector('.label').textContent = busy ? 'Restarting…' : 'Restart Server';
}

function notifyFinished(op) {
  for (const fn of finishedListeners) fn(op);
}

function emit() {
  const active = isRestartActive();
  for (const fn of listeners) fn(active);
}
