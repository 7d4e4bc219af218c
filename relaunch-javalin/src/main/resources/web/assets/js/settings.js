// Settings tab: the .env table with filter, reveal, copy and changed badges.
import { api } from './api.js';
import { byId, h, isTyping, setChildren } from './dom.js';
import { openRestartDialog } from './restart.js';
import { toast } from './toast.js';

const REFRESH_MS = 3000;
const SOURCE_LABEL = { '.env': '.env', environment: 'environment', default: 'default' };

let els;
let visible = false;
let timer = null;
let lastJson = '';
let entries = [];
const revealed = new Map(); // key -> real value, for rows currently shown unmasked

export function initSettings() {
  els = {
    filter: byId('filter'),
    count: byId('filter-count'),
    table: byId('env-table'),
    tbody: byId('env-table').tBodies[0],
    notice: byId('settings-notice'),
    problems: byId('settings-problems'),
    problemsList: byId('settings-problems-list'),
    empty: byId('settings-empty'),
    error: byId('settings-error'),
    noMatch: byId('settings-no-match'),
    envFile: byId('settings-env-file'),
  };
  els.filter.addEventListener('input', applyFilter);
  els.filter.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    if (els.filter.value) {
      els.filter.value = '';
      applyFilter();
    } else {
      els.filter.blur();
    }
  });
  document.addEventListener('keydown', (event) => {
    if (!visible || event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
    event.preventDefault();
    els.filter.focus();
    els.filter.select();
  });
  els.tbody.addEventListener('click', onTableClick);
}

export function showSettings() {
  visible = true;
  load();
  clearInterval(timer);
  // Re-read while shown: badges appear as soon as someone edits .env.
  timer = setInterval(load, REFRESH_MS);
}

export function hideSettings() {
  visible = false;
  clearInterval(timer);
  timer = null;
}

export function refreshSettings() {
  if (visible) load();
}

async function load() {
  try {
    const data = await api('api/v1/settings/env', { retryOnNetworkError: true });
    els.error.hidden = true;
    const json = JSON.stringify(data);
    if (json === lastJson) return;
    lastJson = json;
    render(data);
  } catch (err) {
    if (err.status === 404 && err.code !== 'network') {
      els.error.textContent = 'Settings are not available on this server (they exist only when APP_ENV is development or testing).';
    } else if (err.isNetwork) {
      if (lastJson) return; // keep the table during a restart hand-over
      els.error.textContent = 'The server is not answering. Retrying…';
    } else {
      els.error.textContent = `Could not load settings: ${err.message}`;
    }
    els.error.hidden = false;
  }
}

function render(data) {
  entries = Array.isArray(data.entries) ? data.entries : [];
  els.envFile.textContent = data.env_file || '.env';

  const changed = data.changed_keys || [];
  const removed = data.removed_keys || [];
  if (changed.length || removed.length) {
    const parts = [];
    if (changed.length) parts.push(`Changed in .env since this server started: ${changed.join(', ')}`);
    if (removed.length) parts.push(`Removed: ${removed.join(', ')}`);
    setChildren(els.notice,
      h('span', null, `${parts.join('. ')} — restart to apply.`),
      h('button', { type: 'button', class: 'btn btn-small', on: { click: () => openRestartDialog() } }, 'Restart now'));
    els.notice.hidden = false;
  } else {
    els.notice.hidden = true;
  }

  const problems = data.problems || [];
  setChildren(els.problemsList, problems.map((p) => h('li', null, h('code', null, p))));
  els.problems.hidden = problems.length === 0;

  if (data.env_file_exists === false) {
    setChildren(els.empty,
      h('p', null, h('strong', null, 'No .env file found at '), h('code', null, data.env_file || '.env'), h('strong', null, '.')),
      h('p', { class: 'muted' },
        'Copy ', h('code', null, '.env.example'), ' to ', h('code', null, '.env'),
        ', adjust the values, then restart the server. Until then the values below come from the environment and the defaults.'));
    els.empty.hidden = false;
  } else {
    els.empty.hidden = true;
  }

  const changedSet = new Set(changed);
  const focused = document.activeElement;
  const focusKey = focused && els.tbody.contains(focused) ? focused.closest('tr')?.dataset.key : null;
  const focusClass = focused && focused.classList.contains('reveal') ? 'reveal' : 'copy';

  for (const key of [...revealed.keys()]) {
    if (!entries.some((e) => e.key === key && e.sensitive)) revealed.delete(key);
  }
  setChildren(els.tbody, entries.map((entry) => row(entry, changedSet.has(entry.key) || entry.changed_since_start)));
  els.table.parentElement.hidden = entries.length === 0;
  if (focusKey) els.tbody.querySelector(`tr[data-key="${CSS.escape(focusKey)}"] .${focusClass}`)?.focus();
  applyFilter();
}

function row(entry, changed) {
  const isRevealed = revealed.has(entry.key);
  // A masked value is shown as the server masks it (postgres://app:******@host keeps its shape).
  const shown = isRevealed ? revealed.get(entry.key) : entry.value;
  const value = h('code', {
    class: `value${entry.sensitive && !isRevealed ? ' masked' : ''}${shown === '' ? ' empty-value' : ''}`,
  }, shown === '' ? '(empty)' : shown);
  const actions = h('div', { class: 'row-actions' },
    entry.sensitive ? h('button', {
      type: 'button', class: 'btn btn-icon reveal', 'aria-pressed': String(isRevealed),
      'aria-label': `${isRevealed ? 'Hide' : 'Reveal'} value of ${entry.key}`, title: isRevealed ? 'Hide value' : 'Reveal value',
    }, eyeIcon(isRevealed)) : null,
    h('button', {
      type: 'button', class: 'btn btn-icon copy', 'aria-label': `Copy value of ${entry.key}`, title: 'Copy value',
    }, copyIcon()));
  return h('tr', { dataset: { key: entry.key, sensitive: String(Boolean(entry.sensitive)), changed: String(Boolean(changed)) } },
    h('th', { scope: 'row', class: 'key' },
      h('code', null, entry.key),
      changed ? h('span', { class: 'badge badge-warn changed', title: 'Changed in .env since this server started — restart to apply' }, 'changed') : null,
      entry.sensitive ? h('span', { class: 'badge badge-muted', title: 'Masked in lists; reveal or copy to see it' }, 'secret') : null),
    h('td', { class: 'value-cell' }, value),
    h('td', null, h('span', { class: `badge badge-source source-${sourceClass(entry.source)}` }, SOURCE_LABEL[entry.source] || entry.source || '?')),
    h('td', { class: 'actions-cell' }, actions));
}

function sourceClass(source) {
  return source === '.env' ? 'dotenv' : source === 'environment' ? 'environment' : 'default';
}

function applyFilter() {
  const query = els.filter.value.trim().toLowerCase();
  let shown = 0;
  for (const tr of els.tbody.rows) {
    const key = tr.dataset.key.toLowerCase();
    const value = tr.querySelector('.value').textContent.toLowerCase();
    const match = !query || key.includes(query) || value.includes(query);
    tr.hidden = !match;
    if (match) shown++;
  }
  els.count.textContent = `${shown} of ${els.tbody.rows.length}`;
  els.noMatch.hidden = !(query && shown === 0 && els.tbody.rows.length > 0);
}

async function onTableClick(event) {
  const button = event.target.closest('button');
  if (!button || !els.tbody.contains(button)) return;
  const tr = button.closest('tr');
  const key = tr.dataset.key;
  const entry = entries.find((e) => e.key === key);
  if (!entry) return;
  if (button.classList.contains('reveal')) await toggleReveal(tr, button, entry);
  else if (button.classList.contains('copy')) await copyValue(button, entry);
}

async function toggleReveal(tr, button, entry) {
  const valueEl = tr.querySelector('.value');
  if (revealed.has(entry.key)) {
    revealed.delete(entry.key);
    setValue(valueEl, entry.value, true);
    setRevealButton(button, entry.key, false);
    applyFilter();
    return;
  }
  button.disabled = true;
  try {
    const real = await realValue(entry);
    revealed.set(entry.key, real);
    setValue(valueEl, real, false);
    setRevealButton(button, entry.key, true);
    applyFilter();
  } catch (err) {
    toast(`Could not reveal ${entry.key}: ${err.message}`, { kind: 'error' });
  } finally {
    button.disabled = false;
    button.focus();
  }
}

function setValue(el, value, masked) {
  el.textContent = value === '' ? '(empty)' : value;
  el.classList.toggle('masked', masked);
  el.classList.toggle('empty-value', value === '');
}

function setRevealButton(button, key, isRevealed) {
  button.setAttribute('aria-pressed', String(isRevealed));
  button.setAttribute('aria-label', `${isRevealed ? 'Hide' : 'Reveal'} value of ${key}`);
  button.title = isRevealed ? 'Hide value' : 'Reveal value';
  setChildren(button, eyeIcon(isRevealed));
}

async function realValue(entry) {
  if (!entry.sensitive) return entry.value;
  if (revealed.has(entry.key)) return revealed.get(entry.key);
  const data = await api(`api/v1/settings/env/${encodeURIComponent(entry.key)}`);
  return data.value ?? '';
}

async function copyValue(button, entry) {
  try {
    const value = await realValue(entry);
    await copyText(value);
    toast(`Copied ${entry.key}`, { kind: 'success', timeout: 2500 });
    button.classList.add('copied');
    setTimeout(() => button.classList.remove('copied'), 1200);
  } catch (err) {
    toast(`Could not copy ${entry.key}: ${err.message}`, { kind: 'error' });
  }
}

/** Copies text; falls back to a hidden textarea where the Clipboard API is missing (plain http on a LAN address). */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Permission refused or focus lost: try the old way below.
    }
  }
  const area = h('textarea', { class: 'clipboard-helper', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
  area.value = text;
  const previous = document.activeElement;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } finally {
    area.remove();
    if (previous && typeof previous.focus === 'function') previous.focus();
  }
  if (!ok) throw new Error('the browser refused to copy');
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(paths) {
  const el = document.createElementNS(SVG, 'svg');
  el.setAttribute('viewBox', '0 0 24 24');
  el.setAttribute('class', 'icon');
  el.setAttribute('aria-hidden', 'true');
  for (const [tag, attrs] of paths) {
    const child = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) child.setAttribute(k, v);
    el.appendChild(child);
  }
  return el;
}

function eyeIcon(crossed) {
  const parts = [
    ['path', { d: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z' }],
    ['circle', { cx: '12', cy: '12', r: '3' }],
  ];
  if (crossed) parts.push(['path', { d: 'M4 4l16 16' }]);
  return svg(parts);
}

function copyIcon() {
  return svg([
    ['rect', { x: '9', y: '9', width: '11', height: '11', rx: '2' }],
    ['path', { d: 'M5 15V6a2 2 0 0 1 2-2h9' }],
  ]);
}
