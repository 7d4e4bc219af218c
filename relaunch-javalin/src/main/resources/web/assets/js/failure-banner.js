// The red banner of a restart that failed, could not be started, or did not finish in time: what went wrong, which
// server answers now, the new server's last log lines, and what the user can do (try again, undo an edit, wait).
import { api } from './api.js';
import { byId, h, setChildren } from './dom.js';
import { seconds } from './format.js';
import { changeSummary } from './ops.js';

/** Titles for the op error codes the server sends (see the op error codes of relaunch-core's restart package). */
const ERROR_TEXT = {
  config_invalid: 'The new configuration is invalid',
  startup_failed: 'The new server process exited during start-up',
  startup_timeout: 'The new server did not become ready in time',
  port_unavailable: 'The port is not available',
  spawn_failed: 'The new server process could not be started',
  unhealthy: 'The new server failed its health check',
  interrupted: 'The restart was interrupted',
  internal_error: 'The restart failed unexpectedly',
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

/**
 * Wires the banner's buttons: {@code onRetry()} (Try again), {@code onUndo()} (Undo the edit; resolves to true once
 * .env is back), {@code onKeepWaiting()} (after the time limit), {@code focusAfterClose()} (the element that
 * gets the focus when the banner goes away).
 */
export function failureBanner({ onRetry, onUndo, onKeepWaiting, focusAfterClose }) {
  const els = {
    banner: byId('failure-banner'),
    title: byId('failure-title'),
    reason: byId('failure-reason'),
    cause: byId('failure-cause'),
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
  const hide = () => {
    els.banner.hidden = true;
  };
  els.tryAgain.addEventListener('click', () => {
    hide();
    onRetry();
  });
  els.undo.addEventListener('click', async () => {
    els.undo.disabled = true;
    const undone = await onUndo();
    els.undo.disabled = false;
    if (undone) {
      hide();
      focusAfterClose()?.focus();
    }
  });
  els.keepWaiting.addEventListener('click', () => {
    hide();
    onKeepWaiting();
  });
  els.dismiss.addEventListener('click', () => {
    hide();
    focusAfterClose()?.focus();
  });

  function show({ title, reason, cause, code, guidance, logTail, logFile, note, canRetry, canUndo, canWait }) {
    els.title.textContent = title;
    els.reason.textContent = reason || '';
    els.cause.textContent = cause || '';
    els.cause.hidden = !cause;
    els.banner.dataset.code = code || '';
    els.banner.dataset.kind = canWait ? 'timeout' : 'failed';
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
    els.undo.hidden = !(canUndo && canRetry);
    // one primary action: undoing the edit when there is one to undo, else trying again
    els.tryAgain.classList.toggle('btn-primary', els.undo.hidden);
    els.keepWaiting.hidden = !canWait;
    els.banner.hidden = false;
    els.banner.focus({ preventScroll: false });
  }

  /** Says, from its own health answer, which server answers now, so the note never claims something false. */
  async function confirmStillServing(op) {
    const restored = op.rollback_pid ?? op.pid_after;
    let text;
    if (op.platform === 'kubernetes') {
      // a rolling restart: the record lists the ready pods as the cluster reported them, not a PID to ask for
      const serving = Array.isArray(op.serving_pods) ? op.serving_pods : [];
      els.stillServing.textContent = serving.length ? `Still serving: pods ${serving.join(', ')}.` : 'No pod is ready.';
      els.stillServing.hidden = false;
      return;
    }
    try {
      const health = await api('api/v1/health', { envelope: false, retryOnNetworkError: true, timeoutMs: 2000 });
      if (op.rolled_back && health.pid === restored) {
        text = `relaunch restored the previous configuration (PID ${health.pid}).`;
      } else if (health.pid === op.pid_before) {
        text = `The old server (PID ${op.pid_before}) is still serving.`;
      } else {
        text = `The server now answering is PID ${health.pid}.`;
      }
    } catch {
      text = op.rolled_back
        ? `relaunch restored the previous configuration (PID ${restored}), but it is not answering right now. Run ./relaunch status in the project folder.`
        : `No server is answering right now (the old one was PID ${op.pid_before}). Run ./relaunch status in the project folder.`;
    }
    if (!els.banner.hidden) {
      els.stillServing.textContent = text;
      els.stillServing.hidden = false;
    }
  }

  return {
    hide,

    /** A restart that ended without the new server serving ({@code op} is its final record). */
    showFailed(op, { logFile, canUndo }) {
      const error = op.error || {};
      // Title: what went wrong in plain words ("The new configuration is invalid"); reason: the server's message.
      const title = op.status === 'pid_unchanged' ? 'Restart had no effect' : ERROR_TEXT[error.code] || 'Restart failed';
      const message = error.message ? capitalize(error.message) : STATUS_TEXT[op.status] || 'The restart failed.';
      const changed = changeSummary(op.changes);
      show({
        title,
        reason: REASON_TEXT[error.code] ? `${REASON_TEXT[error.code]} ${message}` : message,
        cause: changed
          ? `This restart followed a change in ${changed}. The old version keeps serving; the next change you save tries again.`
          : '',
        code: error.code,
        logTail: op.log_tail,
        logFile: op.log_file || logFile,
        note: 'Checking which server is answering…',
        canRetry: true,
        canUndo,
      });
      confirmStillServing(op);
    },

    /** The restart request itself failed (no operation was started). */
    showNotStarted(err) {
      show({
        title: 'The restart could not be started',
        reason: err.message,
        note: err.isNetwork ? 'The server did not answer. Is it running? Run ./relaunch status in the project folder.' : '',
        canRetry: true,
      });
    },

    /** No final status within {@code limitMs}: guidance, and "Keep waiting" to track {@code opId} again. */
    showTimedOut({ opId, lastOp, limitMs, logFile }) {
      const file = (lastOp && lastOp.log_file) || logFile;
      show({
        title: `The restart did not finish within ${seconds(limitMs)}`,
        reason: lastOp
          ? `Last known phase: ${lastOp.status}. The server may still be working on it, or it may be stuck.`
          : 'The server has not answered about this restart.',
        guidance: [
          ['Run ', h('code', null, './relaunch status'), ' in the project folder to see which server is running.'],
          ['Read the server log', file ? [': ', h('code', null, file)] : ' (Logs tab).'],
          ['Check that the port is free and that ', h('code', null, '.env'), ' is valid (', h('code', null, './relaunch check'), ').'],
          ['The Restarts tab shows the operation ', h('code', null, opId), ' once the server answers again.'],
        ],
        logTail: lastOp && lastOp.log_tail,
        logFile: file,
        canRetry: false,
        canWait: true,
      });
    },
  };
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
