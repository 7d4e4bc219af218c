// The Restart Server button: ties the dialog, the request, the tracking of the operation, the reload after a success
// and the failure banner together. Restarts started elsewhere (CLI, API, another tab, a change under watch) are
// followed too, from the page's info poll.
import { addressAfterRestart } from './address.js';
import { api } from './api.js';
import { failureBanner } from './failure-banner.js';
import { FINAL, restartedMessage } from './ops.js';
import { restartDialog } from './restart-dialog.js';
import { restartProgress } from './restart-progress.js';
import { reloadOnNewServer } from './restart-reload.js';
import { trackOp } from './restart-tracker.js';
import { toast } from './toast.js';

/** Slack on top of the server's own limits: the old server's kill grace and a poll or two. */
const GIVE_UP_SLACK_MS = 15_000;
/** The server's defaults (STARTUP_TIMEOUT_MS 30 s + DRAIN_TIMEOUT_MS 10 s + slack) until /api/v1/info answers. */
const DEFAULT_GIVE_UP_MS = 55_000;

/**
 * Wires the button. {@code edits} is this tab's last .env edit: {@code canUndo()}, {@code undo()} (resolves to true
 * once .env is back as before) and {@code applied()} (a restart put it in effect: nothing left to undo).
 *
 * Returns: {@code start()} (POST a restart and follow it; a no-op while one is active), {@code openDialog()},
 * {@code noteInfo(info)} (call with every /api/v1/info answer), {@code isActive()}, {@code onActivity(fn)} (fn(true|false)
 * when a restart starts/stops being followed) and {@code onFinished(fn)} (fn(op) when a followed restart ends without
 * reloading the page: it failed, or it was started elsewhere and the page refreshes its data in place).
 */
export function createRestart({ edits }) {
  const progress = restartProgress();
  let lastInfo = null;
  let tracked = null; // { opId, own, handle }; own: this tab asked for it (reload on success)
  let gaveUp = null; // { opId, own } of the restart the user was told about after the time limit
  let finishedOpId = null; // an info answer sent before the op ended may still list it as in progress
  let lastSeenOpId; // the last ended op the info answers listed; undefined until the first answer
  let reloading = false;
  let posting = false; // between the confirm and the 202: a second click must not POST again
  let followUrl = null; // where the server answers after the restart this tab asked for, when .env moves it
  const activityListeners = [];
  const finishedListeners = [];

  const failure = failureBanner({
    onRetry: () => start(),
    onUndo: () => edits.undo(),
    onKeepWaiting: () => {
      const waited = gaveUp;
      gaveUp = null;
      if (waited) track(waited.opId, null, waited.own);
    },
    focusAfterClose: () => progress.button,
  });
  const dialog = restartDialog({ onConfirm: () => start(), focusAfterConfirm: () => progress.banner });
  progress.button.addEventListener('click', () => openDialog());

  function isActive() {
    return Boolean(tracked) || reloading || posting;
  }

  function emit() {
    const active = isActive();
    for (const fn of activityListeners) fn(active);
  }

  function openDialog() {
    if (isActive() || dialog.isOpen) return undefined;
    return dialog.open({ mode: lastInfo ? lastInfo.mode : undefined });
  }

  async function start() {
    if (isActive()) return;
    posting = true;
    progress.busy(true);
    progress.show('pending', null);
    emit();
    try {
      followUrl = await addressAfterRestart().catch(() => null);
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
      progress.hide();
      progress.busy(false);
      failure.showNotStarted(err);
    }
  }

  function track(opId, op, own) {
    if (tracked && tracked.opId === opId) {
      tracked.own = tracked.own || own;
      return;
    }
    if (tracked) tracked.handle.stop();
    failure.hide();
    const t = { opId, own, handle: null };
    tracked = t;
    progress.busy(true);
    progress.show(op ? op.status : 'pending', op);
    emit();
    const ended = () => {
      if (tracked === t) tracked = null;
      emit();
    };
    t.handle = trackOp(opId, {
      giveUpMs: giveUpMs(),
      onProgress: (current) => progress.show(current.status, current),
      onFinal: (final) => {
        ended();
        finish(final, t.own);
      },
      onGiveUp: (lastOp) => {
        ended();
        timedOut(t, lastOp);
      },
    });
  }

  /** How long a restart may take by the server's own limits (STARTUP_TIMEOUT_MS + DRAIN_TIMEOUT_MS), plus slack. */
  function giveUpMs() {
    const startup = lastInfo && lastInfo.startup_timeout_ms;
    const drain = lastInfo && lastInfo.drain_timeout_ms;
    return Number.isFinite(startup) && Number.isFinite(drain) ? startup + drain + GIVE_UP_SLACK_MS : DEFAULT_GIVE_UP_MS;
  }

  function finish(op, own) {
    finishedOpId = op.op_id;
    progress.hide();
    if (op.status === 'restarted') {
      failure.hide(); // an earlier failure, told while this one ran unseen, is over
      edits.applied();
      const message = restartedMessage(op);
      if (!own) {
        // Asked for elsewhere: tell, refresh in place; a reload would drop what the user is looking at
        // (a followed log, a filter, a scroll position).
        progress.busy(false);
        toast(message, { kind: 'success' });
        notifyFinished(op);
        return;
      }
      reloading = true;
      emit();
      reloadOnNewServer({ message, pid: op.pid_after, followUrl });
      return;
    }
    progress.busy(false);
    notifyFinished(op);
    failure.showFailed(op, { logFile: lastInfo && lastInfo.log_file, canUndo: edits.canUndo() });
  }

  function timedOut(t, lastOp) {
    progress.hide();
    progress.busy(false);
    gaveUp = { opId: t.opId, own: t.own };
    failure.showTimedOut({ opId: t.opId, lastOp, limitMs: giveUpMs(), logFile: lastInfo && lastInfo.log_file });
  }

  function notifyFinished(op) {
    for (const fn of finishedListeners) fn(op);
  }

  /** Picks up restarts started elsewhere (CLI, API, another tab, a change under watch) from an info answer. */
  function noteInfo(info) {
    lastInfo = info;
    progress.button.hidden = info.app_env === 'production';
    const unavailable = info.restart_unavailable;
    progress.unavailable(unavailable && !progress.button.hidden ? unavailable.message : null);
    const running = info.restart_in_progress;
    // While this tab's own POST is on its way, the op in progress is (or joins) ours: start() tracks it.
    if (running && !tracked && !reloading && !posting && running.op_id !== (gaveUp && gaveUp.opId)
        && running.op_id !== finishedOpId) {
      track(running.op_id, running, false);
    }
    const last = info.last_restart && FINAL.has(info.last_restart.status) ? info.last_restart : null;
    const unseen = lastSeenOpId !== undefined && last !== null && last.op_id !== lastSeenOpId;
    lastSeenOpId = last ? last.op_id : null;
    if (!last || tracked || last.op_id === finishedOpId) return;
    if (gaveUp && last.op_id === gaveUp.opId) {
      // The op we stopped waiting for finished after all: tell its outcome.
      const { own } = gaveUp;
      gaveUp = null;
      finish(last, own);
    } else if (unseen && !posting && !reloading) {
      // Started and ended elsewhere between two answers (a quick restart after a change, a broken one): tell it.
      finish(last, false);
    }
  }

  return {
    start,
    openDialog,
    noteInfo,
    isActive,
    onActivity: (fn) => activityListeners.push(fn),
    onFinished: (fn) => finishedListeners.push(fn),
  };
}
