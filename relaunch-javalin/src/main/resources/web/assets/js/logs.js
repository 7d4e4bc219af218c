// Logs tab: the tail of the server log, followed live with a cursor.
import { api } from './api.js';
import { byId, h } from './dom.js';
import { pollingTab } from './poller.js';

const POLL_MS = 1000;
const INITIAL_LINES = 200;
const MAX_LINES = 5000;
const BOTTOM_SLACK_PX = 24;

let els;
let cursor = null;
let paused = false;
let total = 0;
let failing = false;

export function initLogs() {
  els = {
    view: byId('log-view'),
    file: byId('log-file'),
    pause: byId('log-pause'),
    filter: byId('log-filter'),
    count: byId('log-count'),
    state: byId('log-state'),
    jump: byId('log-jump'),
  };
  els.pause.addEventListener('click', () => setPaused(!paused));
  els.filter.addEventListener('input', applyFilter);
  els.filter.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && els.filter.value) {
      event.preventDefault();
      els.filter.value = '';
      applyFilter();
    }
  });
  els.view.addEventListener('scroll', () => {
    if (atBottom()) els.jump.hidden = true;
  });
  els.jump.addEventListener('click', () => {
    scrollToBottom();
    els.jump.hidden = true;
  });
}

/** The tab: follows the log every second while shown, unless paused. */
export const logsTab = pollingTab(() => poll(), { everyMs: POLL_MS, paused: () => paused });

function setPaused(value) {
  paused = value;
  els.pause.setAttribute('aria-pressed', String(paused));
  els.pause.textContent = paused ? 'Resume' : 'Pause';
  updateState();
  logsTab.refresh(); // paused: nothing more is scheduled; resumed: reads at once
}

async function poll() {
  try {
    const query = cursor === null ? `lines=${INITIAL_LINES}` : `cursor=${encodeURIComponent(cursor)}`;
    const data = await api(`api/v1/logs?${query}`, { retryOnNetworkError: true, timeoutMs: 4000 });
    failing = false;
    els.file.textContent = data.file || 'No log file: this app did not tell relaunch where it logs (the plugin\'s logFile option).';
    const replace = cursor === null || data.reset === true;
    cursor = data.cursor ?? cursor;
    append(data.lines || [], replace);
  } catch (err) {
    failing = err.isNetwork ? 'Reconnecting…' : `Error: ${err.message}`;
    if (err.status === 400) cursor = null; // a cursor the server no longer understands: start over
  } finally {
    updateState();
  }
}

function append(lines, replace) {
  const follow = replace || atBottom();
  if (replace) {
    els.view.replaceChildren();
    total = 0;
  }
  if (lines.length === 0) {
    updateCount();
    return;
  }
  const query = els.filter.value.trim().toLowerCase();
  const fragment = document.createDocumentFragment();
  for (const line of lines) {
    const span = h('span', { class: 'log-line', dataset: { level: level(line) } }, `${line}\n`);
    if (query && !line.toLowerCase().includes(query)) span.hidden = true;
    fragment.appendChild(span);
  }
  els.view.appendChild(fragment);
  total += lines.length;
  while (total > MAX_LINES) {
    els.view.firstChild.remove();
    total--;
  }
  updateCount();
  if (follow) scrollToBottom();
  else els.jump.hidden = false;
}

function level(line) {
  if (/\b(ERROR|FATAL|SEVERE)\b/.test(line)) return 'error';
  if (/\bWARN(ING)?\b/.test(line)) return 'warn';
  if (/\b(DEBUG|TRACE)\b/.test(line)) return 'debug';
  return 'info';
}

function applyFilter() {
  const query = els.filter.value.trim().toLowerCase();
  for (const span of els.view.children) {
    span.hidden = Boolean(query) && !span.textContent.toLowerCase().includes(query);
  }
  updateCount();
  scrollToBottom();
}

function updateCount() {
  const query = els.filter.value.trim();
  if (!query) {
    els.count.textContent = `${total} ${total === 1 ? 'line' : 'lines'}`;
    return;
  }
  let shown = 0;
  for (const span of els.view.children) if (!span.hidden) shown++;
  els.count.textContent = `${shown} of ${total} lines`;
}

function updateState() {
  const text = paused ? 'Paused' : failing || 'Live';
  els.state.textContent = text;
  els.state.dataset.state = paused ? 'paused' : failing ? 'error' : 'live';
}

function atBottom() {
  const v = els.view;
  return v.scrollHeight - v.scrollTop - v.clientHeight <= BOTTOM_SLACK_PX;
}

function scrollToBottom() {
  els.view.scrollTop = els.view.scrollHeight;
}
