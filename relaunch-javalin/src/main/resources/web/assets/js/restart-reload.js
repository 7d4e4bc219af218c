// After a restart this page asked for: show the new server, by reloading the page once it answers, or by moving to
// the address .env moved it to.
import { api } from './api.js';
import { flashAfterReload, toast } from './toast.js';

const RELOAD_DELAY_MS = 800;
const NEW_PID_WAIT_MS = 3000;

/**
 * Tells {@code message} and loads the page from the new server: at {@code followUrl} when the restart moved it
 * (PORT, HOST in .env), else here once the health route answers with {@code pid} (or after a few seconds anyway).
 */
export function reloadOnNewServer({ message, pid, followUrl }) {
  if (followUrl) {
    // .env moved the server: this address no longer answers, the new one does
    toast(`${message}. Moving to ${followUrl}`, { kind: 'success' });
    setTimeout(() => window.location.assign(followUrl), RELOAD_DELAY_MS);
    return;
  }
  toast(message, { kind: 'success' });
  flashAfterReload(message);
  // the old server stops taking connections at once, but a connection this page already holds to it may still be
  // answered once (with "Connection: close") while it drains: reload when the new PID answers
  awaitPid(pid).then(() => setTimeout(() => window.location.reload(), RELOAD_DELAY_MS));
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
