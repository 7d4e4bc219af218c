// Entry point: routing between tabs, sidebar state, footer health dot, periodic info poll.
import { api, BASE } from './api.js';
import { byId } from './dom.js';
import { lastEdit } from './edit.js';
import { processChange } from './format.js';
import { initLogs, logsTab } from './logs.js';
import { initOverview, overviewError, overviewTab, updateOverview } from './overview.js';
import { poller } from './poller.js';
import { createRestart } from './restart.js';
import { initRestarts, restartsTab } from './restarts.js';
import { initSettings, settingsTab } from './settings.js';
import { showStoredFlash, toast } from './toast.js';

const POLL_MS = 2000;

// Tab addresses relative to the base path ({base}/settings, …): the page works under any base path.
const ROUTES = {
  '': 'overview',
  settings: 'settings',
  restarts: 'restarts',
  logs: 'logs',
};
const TITLES = { overview: 'Overview', settings: 'Settings', restarts: 'Restarts', logs: 'Logs' };
const TABS = { overview: overviewTab, settings: settingsTab, restarts: restartsTab, logs: logsTab };

const restart = createRestart({ edits: lastEdit });
const infoPoll = poller(pollOnce, { everyMs: POLL_MS });
let current = null;
let knownPid = null;
let healthState = 'unknown';
let pidEpoch = 0; // bumped when a restart finished: answers to polls sent before then say nothing about the PID

/** The path below the base ('' for the base itself), or null for an address outside the UI. */
function relativePath(pathname) {
  const base = BASE.pathname;
  if (pathname === base.replace(/\/$/, '')) return '';
  if (!pathname.startsWith(base)) return null;
  return pathname.slice(base.length).replace(/\/+$/, '');
}

function tabFor(pathname) {
  return ROUTES[relativePath(pathname)] || 'overview';
}

function selectTab(name, { focus = false } = {}) {
  if (current === name) return;
  if (current) TABS[current].hide();
  current = name;
  for (const section of document.querySelectorAll('section.tab')) {
    section.hidden = section.dataset.tab !== name;
  }
  for (const link of document.querySelectorAll('.nav a[data-tab]')) {
    if (link.dataset.tab === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  placeRestartButton(name);
  document.title = `${TITLES[name]} · relaunch`;
  TABS[name].show();
  if (focus) byId(`${name}-title`).focus({ preventScroll: true });
}

/** One #restart-button (with why it is unavailable, when it is), moved into the header of the tab that offers it. */
function placeRestartButton(name) {
  const slot = document.querySelector(`[data-restart-slot="${name}"]`);
  const control = byId('restart-control');
  if (slot && control.parentElement !== slot) slot.appendChild(control);
}

function onNavClick(event) {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !(relativePath(url.pathname) in ROUTES)) return;
  event.preventDefault();
  if (url.pathname !== location.pathname) history.pushState({}, '', url.pathname);
  selectTab(tabFor(url.pathname), { focus: true });
}

function setHealth(state, title) {
  const dot = byId('health-dot');
  healthState = state;
  dot.dataset.state = state;
  dot.title = title;
  dot.setAttribute('aria-label', title);
}

function renderHealth(health) {
  if (restart.isActive()) {
    setHealth('restarting', 'A restart is in progress');
  } else if (health) {
    setHealth('ok', `Server is up (PID ${health.pid})`);
  } else {
    setHealth('down', 'The server is not answering');
  }
  if (health) {
    byId('footer-pid').textContent = String(health.pid);
    byId('footer-version').textContent = health.version ? `v${health.version}` : '';
  }
}

async function pollOnce() {
  const epoch = pidEpoch;
  const [health, info] = await Promise.all([
    api('api/v1/health', { envelope: false, retryOnNetworkError: true, timeoutMs: 1500 }).catch(() => null),
    api('api/v1/info', { retryOnNetworkError: true, timeoutMs: 3000 }).catch((err) => {
      overviewError(err);
      return null;
    }),
  ]);
  renderHealth(health);
  if (info) {
    updateOverview(info);
    restart.noteInfo(info);
  }
  const pid = (health && health.pid) || (info && info.pid);
  if (pid && epoch === pidEpoch) {
    if (knownPid !== null && pid !== knownPid && !restart.isActive()) {
      // Restarted somewhere else, with no op record this page saw: tell, and refresh what this page shows.
      toast(`The server was restarted: ${processChange({ pid_before: knownPid, pid_after: pid })}`, { kind: 'info' });
      settingsTab.refresh();
      restartsTab.refresh();
    }
    if (!restart.isActive()) knownPid = pid;
  }
}

function start() {
  initOverview();
  initSettings(restart);
  initRestarts();
  initLogs();
  restart.onActivity((active) => {
    if (active) setHealth('restarting', 'A restart is in progress');
    else if (healthState === 'restarting') setHealth('ok', 'Server is up');
  });
  restart.onFinished((op) => {
    // The restart module told the outcome already: no second "was restarted" toast from the PID check.
    if (op.status === 'restarted' && op.pid_after) {
      knownPid = op.pid_after;
      pidEpoch++;
    }
    settingsTab.refresh();
    restartsTab.refresh();
    infoPoll.now();
  });
  document.addEventListener('click', onNavClick);
  window.addEventListener('popstate', () => selectTab(tabFor(location.pathname)));
  selectTab(tabFor(location.pathname));
  showStoredFlash();
  infoPoll.start();
}

start();
