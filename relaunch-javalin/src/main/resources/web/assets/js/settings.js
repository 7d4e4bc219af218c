// Settings tab: the .env table with filter, reveal, copy, "pending restart" badges, and the entry points of editing
// (edit.js): the pencil, Enter or a double click on a value, Add setting, Delete.
import { api } from './api.js';
import { byId, h, isTyping, setChildren } from './dom.js';
import { pollingTab } from './poller.js';
import { confirmDelete, initEditing, isEditing, startEdit } from './edit.js';
import { copyIcon, eyeIcon, pencilIcon, trashIcon } from './icons.js';
import { toast } from './toast.js';

const REFRESH_MS = 3000;
const SOURCE_LABEL = { '.env': '.env', environment: 'environment', default: 'default' };

let els;
let restart; // { start(), openDialog() } of the Restart Server button
let lastJson = '';
let entries = [];
let version = '';
const revealed = new Map(); // key -> real value, for rows currently shown unmasked

/** The tab: reads the list while shown, again every 3 s (badges appear as soon as someone edits .env). */
export const settingsTab = pollingTab(() => load(), { everyMs: REFRESH_MS });

/** {@code restartControl}: start() and openDialog() of the Restart Server button (Save and restart, Restart now). */
export function initSettings(restartControl) {
  restart = restartControl;
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
    if (!settingsTab.shown || event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
    event.preventDefault();
    els.filter.focus();
    els.filter.select();
  });
  els.tbody.addEventListener('click', onTableClick);
  els.tbody.addEventListener('dblclick', (event) => {
    const cell = event.target.closest('.value-cell');
    if (!cell || isEditing()) return;
    editRow(cell.closest('tr'));
  });
  els.tbody.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !event.target.classList.contains('value-cell')) return;
    event.preventDefault();
    editRow(event.target.closest('tr'));
  });
  initEditing({
    version: () => version,
    entries: () => entries,
    reload: () => load({ force: true }),
    tbody: els.tbody,
    restart: () => restart.start(),
  });
}

function editRow(tr) {
  const entry = tr && entries.find((e) => e.key === tr.dataset.key);
  if (entry) startEdit(tr, entry);
}

/** Reads the list; while a value is being edited the table stays as it is (unless forced: the edit ended). */
async function load({ force = false } = {}) {
  try {
    const data = await api('api/v1/settings/env', { retryOnNetworkError: true });
    els.error.hidden = true;
    if (isEditing() && !force) return;
    const json = JSON.stringify(data);
    if (json === lastJson && !force) return;
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
  version = data.version || '';
  els.envFile.textContent = data.env_file || '.env';
  renderNotice(data);

  const problems = data.problems || [];
  setChildren(els.problemsList, problems.map((p) => h('li', null, h('code', null, p))));
  els.problems.hidden = problems.length === 0;

  if (data.env_file_exists === false) {
    setChildren(els.empty,
      h('p', null, h('strong', null, 'No .env file found at '), h('code', null, data.env_file || '.env'), h('strong', null, '.')),
      h('p', { class: 'muted' },
        'Copy ', h('code', null, '.env.example'), ' to ', h('code', null, '.env'),
        ', adjust the values, then restart the server, or add a setting here. Until then the values below come from the environment and the defaults.'));
    els.empty.hidden = false;
  } else {
    els.empty.hidden = true;
  }

  const focused = document.activeElement;
  const focusKey = focused && els.tbody.contains(focused) ? focused.closest('tr')?.dataset.key : null;
  const focusClass = focused && ['reveal', 'copy', 'edit', 'delete', 'value-cell'].find((c) => focused.classList.contains(c));

  for (const key of [...revealed.keys()]) {
    if (!entries.some((e) => e.key === key && e.sensitive)) revealed.delete(key);
  }
  setChildren(els.tbody, entries.map(row));
  els.table.parentElement.hidden = entries.length === 0;
  if (focusKey && focusClass) els.tbody.querySelector(`tr[data-key="${CSS.escape(focusKey)}"] .${focusClass}`)?.focus();
  applyFilter();
}

/** "3 changes take effect after a restart", and the changes that never will (the environment overrides them). */
function renderNotice(data) {
  const pending = [...(data.changed_keys || []), ...(data.removed_keys || [])];
  const ineffective = data.ineffective_keys || [];
  if (!pending.length && !ineffective.length) {
    els.notice.hidden = true;
    return;
  }
  const lines = [];
  if (pending.length) {
    const count = pending.length === 1 ? '1 change takes' : `${pending.length} changes take`;
    lines.push(h('span', { class: 'notice-pending' }, h('strong', null, `${count} effect after a restart: `), pending.join(', ')));
  }
  if (ineffective.length) {
    lines.push(h('span', { class: 'notice-ineffective' },
      `Changed in .env but set by the environment, so a restart does not apply ${ineffective.length === 1 ? 'it' : 'them'}: `,
      ineffective.join(', ')));
  }
  setChildren(els.notice,
    h('div', { class: 'notice-lines' }, lines),
    pending.length ? h('button', { type: 'button', class: 'btn btn-small', on: { click: () => restart.openDialog() } }, 'Restart now') : null);
  els.notice.hidden = false;
}

function row(entry) {
  const isRevealed = revealed.has(entry.key);
  const pending = Boolean(entry.pending ?? entry.changed_since_start);
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
    }, copyIcon()),
    h('button', {
      type: 'button', class: 'btn btn-icon edit', 'aria-label': `Edit ${entry.key}`, title: 'Edit in .env',
    }, pencilIcon()),
    entry.in_file ? h('button', {
      type: 'button', class: 'btn btn-icon delete', 'aria-label': `Delete ${entry.key}`, title: 'Delete from .env',
    }, trashIcon()) : null);
  return h('tr', { dataset: { key: entry.key, sensitive: String(Boolean(entry.sensitive)), changed: String(pending) } },
    h('th', { scope: 'row', class: 'key' },
      h('code', null, entry.key),
      pending ? h('span', {
        class: 'badge badge-warn changed',
        title: entry.removed ? 'Removed from .env: the running server uses it until a restart' : 'Changed in .env: takes effect after a restart',
      }, 'pending restart') : null,
      entry.overridden ? h('span', {
        class: 'badge badge-env overridden',
        title: `The process environment sets ${entry.key}; it wins over .env, so editing .env has no effect on it`,
      }, 'set by the environment') : null,
      entry.sensitive ? h('span', { class: 'badge badge-muted', title: 'Masked in lists; reveal or copy to see it' }, 'secret') : null),
    h('td', { class: 'value-cell', tabindex: '0', 'aria-label': `Value of ${entry.key}; Enter edits it` },
      value, fileNote(entry, pending)),
    h('td', null, h('span', { class: `badge badge-source source-${sourceClass(entry.source)}` }, SOURCE_LABEL[entry.source] || entry.source || '?')),
    h('td', { class: 'actions-cell' }, actions));
}

/** Under the running value: what .env holds when that differs (after a restart, or never: the environment wins). */
function fileNote(entry, pending) {
  if (entry.removed) return h('div', { class: 'file-note' }, 'Removed from .env');
  const file = entry.file_value;
  if (file === null || file === undefined || file === entry.value) return null;
  const label = pending ? 'After restart: ' : entry.overridden ? 'In .env (no effect): ' : 'In .env: ';
  return h('div', { class: 'file-note' }, label, h('code', null, file === '' ? '(empty)' : file));
}

function sourceClass(source) {
  return source === '.env' ? 'dotenv' : source === 'environment' ? 'environment' : 'default';
}

function applyFilter() {
  const query = els.filter.value.trim().toLowerCase();
  let shown = 0;
  for (const tr of els.tbody.rows) {
    const key = tr.dataset.key.toLowerCase();
    const value = tr.querySelector('.value')?.textContent.toLowerCase() ?? '';
    const match = !query || tr.classList.contains('is-editing') || key.includes(query) || value.includes(query);
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
  else if (button.classList.contains('edit')) startEdit(tr, entry);
  else if (button.classList.contains('delete')) confirmDelete(entry);
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
