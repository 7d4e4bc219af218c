// Follows one restart operation by its status route until it ends or takes longer than the server's own limits.
import { api } from './api.js';
import { FINAL } from './ops.js';

const POLL_MS = 200;

/**
 * Polls {@code opId} every 200 ms. {@code onProgress(op)} for each answer while it runs, then exactly one of
 * {@code onFinal(op)} (a final status) or {@code onGiveUp(lastOp)} (no final status within {@code giveUpMs};
 * lastOp is null when the server never answered). Refused connections and resets are normal while the old server
 * hands over: polling goes on. Returns {@code { stop() }}, after which no callback runs.
 */
export function trackOp(opId, { giveUpMs, onProgress, onFinal, onGiveUp }) {
  const startedAt = Date.now();
  let lastOp = null;
  let timer = null;
  let stopped = false;

  async function poll() {
    try {
      const op = await api(`api/v1/settings/restart/status/${encodeURIComponent(opId)}`, {
        retryOnNetworkError: true,
        timeoutMs: 2000,
      });
      if (stopped) return;
      lastOp = op;
      if (FINAL.has(op.status)) {
        stopped = true;
        onFinal(op);
        return;
      }
      onProgress(op);
    } catch {
      if (stopped) return;
    }
    if (Date.now() - startedAt >= giveUpMs) {
      stopped = true;
      onGiveUp(lastOp);
      return;
    }
    timer = setTimeout(poll, POLL_MS);
  }

  poll();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
