// One way to repeat a task while something is shown: the tabs (their show/hide), the Overview's clock and the
// page's own poll of the server all use it.

/**
 * Runs {@code task} (sync or async) every {@code everyMs} while started: start() runs it at once, stop() ends the
 * chain, now() runs it at once (or right after the run in flight). Never two runs at the same time: the next run is
 * scheduled only when the previous one has finished. While {@code paused()} is true nothing is scheduled; now()
 * after a resume starts the chain again.
 */
export function poller(task, { everyMs, paused = () => false }) {
  let started = false;
  let timer = null;
  let running = false;
  let again = false;

  function schedule(delay) {
    clearTimeout(timer);
    timer = null;
    if (started && !paused()) timer = setTimeout(run, delay);
  }

  async function run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await task();
    } catch (err) {
      console.error(err); // a task reports its own errors; this keeps the chain alive after a bug
    } finally {
      running = false;
      const soon = again;
      again = false;
      schedule(soon ? 0 : everyMs);
    }
  }

  return {
    start() {
      started = true;
      schedule(0);
    },
    stop() {
      started = false;
      schedule(0);
    },
    now() {
      schedule(0);
    },
    get started() {
      return started;
    },
  };
}

/** A tab that reloads its data while shown: what main.js calls on tab changes, and refresh() for "now". */
export function pollingTab(load, options) {
  const p = poller(load, options);
  return { show: p.start, hide: p.stop, refresh: p.now, get shown() { return p.started; } };
}
