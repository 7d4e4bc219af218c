// Editing .env from the Settings tab: edit a value in place, add a key, delete a key, "Save and restart",
// and the undo that the failure banner offers after a restart that follows an edit ({@link lastEdit}).
//
// Every write names the version of .env the page read (If-Match); when the file changed meanwhile (another tab, an
// editor), the server refuses with 409 and nothing is written: the page offers to reload.
import { api } from './api.js';
import { byId, h, setChildren } from './dom.js';
import { toast } from './toast.js';

/** What a new key may look like (the server checks the same). */
const KEY_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Keys read once at start that decide where the server answers. */
const ADDRESS_KEYS = new Set(['HOST', 'PORT']);

let ctx; // { version: () => string, entries: () => entry[], reload: () => Promise, tbody, restart: () => void }
let editing = null; // { key, version, row, form, isNew }
let editedVersion = null; // the version of .env this tab's last edit wrote, until a restart puts it in effect

/**
 * This tab's last edit, for the restart's failure banner: a restart that fails after an edit offers to put .env back
 * as it was (its .env.bak), as long as nobody changed it since.
 */
export const lastEdit = {
  canUndo: () => editedVersion !== null,
  undo: () => undoEdit(),
  applied: () => {
    editedVersion = null;
  },
};

export function initEditing(context) {
  ctx = context;
  byId('add-setting').addEventListener('click', () => startAdd());
}

export function isEditing() {
  return editing !== null;
}

/** Turns the value cell of a row into an editor. A masked value starts empty ("keep current"). */
export function startEdit(tr, entry) {
  if (editing) {
    if (editing.key === entry.key) {
      editing.input.focus();
      return;
    }
    cancel();
  }
  const sensitive = Boolean(entry.sensitive);
  const initial = sensitive ? '' : fileValueOf(entry);
  const input = valueInput(entry.key, initial, sensitive);
  const form = editorForm({ key: entry.key, input, notes: notesFor(entry.key, entry), isNew: false });
  const cell = tr.querySelector('.value-cell');
  editing = { key: entry.key, version: ctx.version(), row: tr, form, input, isNew: false, sensitive, initial };
  tr.classList.add('is-editing');
  cell.replaceChildren(form);
  input.focus();
  if (input.select) input.select();
}

/** Adds an editor row at the top of the table for a new key. */
export function startAdd() {
  if (editing) cancel();
  const keyInput = h('input', {
    type: 'text', class: 'edit-key', 'aria-label': 'New key', placeholder: 'NEW_KEY', autocomplete: 'off',
    spellcheck: 'false', maxlength: '128',
  });
  const input = valueInput('the new key', '', false);
  const form = editorForm({ key: null, input, notes: [], isNew: true });
  const tr = h('tr', { class: 'add-row is-editing', dataset: { key: '' } },
    h('th', { scope: 'row', class: 'key' }, keyInput),
    h('td', { class: 'value-cell' }, form),
    h('td', null, h('span', { class: 'badge badge-source source-dotenv' }, '.env')),
    h('td', { class: 'actions-cell' }));
  ctx.tbody.prepend(tr);
  ctx.tbody.closest('.table-wrap').hidden = false;
  editing = { key: null, version: ctx.version(), row: tr, form, input, keyInput, isNew: true, sensitive: false, initial: '' };
  keyInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      input.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    }
  });
  keyInput.addEventListener('input', () => {
    const key = keyInput.value.trim();
    setNotes(form, KEY_RULE.test(key) ? notesFor(key, ctx.entries().find((e) => e.key === key)) : []);
  });
  keyInput.focus();
}

/** Asks, then removes a key from .env. The running server keeps its value until the next restart. */
export function confirmDelete(entry) {
  const dialog = byId('confirm-dialog');
  byId('confirm-title').textContent = `Delete ${entry.key}?`;
  setChildren(byId('confirm-body'),
    h('p', null, 'This removes ', h('code', null, entry.key), ' from ', h('code', null, '.env'), '.'),
    h('p', { class: 'muted small' }, 'The running server keeps its value until the next restart. The previous file is kept as .env.bak.'));
  const ok = byId('confirm-ok');
  ok.textContent = 'Delete';
  const version = ctx.version();
  const returnFocus = document.activeElement;
  const onClose = async () => {
    dialog.removeEventListener('close', onClose);
    if (returnFocus && typeof returnFocus.focus === 'function') returnFocus.focus();
    if (dialog.returnValue !== 'confirm') return;
    try {
      const data = await api(`api/v1/settings/env/${encodeURIComponent(entry.key)}`, {
        method: 'DELETE',
        headers: { 'If-Match': etag(version) },
      });
      rememberEdit(data.version);
      toast(`Deleted ${entry.key} from .env — takes effect after a restart`, { kind: 'success' });
    } catch (err) {
      toast(err.code === 'version_conflict'
        ? '.env changed since this page read it (another tab or an editor); nothing was deleted. The values are reloaded.'
        : `Could not delete ${entry.key}: ${err.message}`, { kind: 'error', timeout: 8000 });
    }
    await ctx.reload();
  };
  dialog.returnValue = '';
  dialog.addEventListener('close', onClose);
  dialog.showModal();
  byId('confirm-cancel').focus();
}

function fileValueOf(entry) {
  if (entry.file_value !== null && entry.file_value !== undefined) return entry.file_value;
  return entry.value ?? '';
}

function valueInput(key, initial, sensitive) {
  const multiLine = initial.includes('\n');
  const attrs = {
    class: 'edit-input', 'aria-label': `New value of ${key}`, autocomplete: 'off', spellcheck: 'false',
    placeholder: sensitive ? 'keep current' : '',
  };
  const input = multiLine
    ? h('textarea', { ...attrs, rows: String(Math.min(8, initial.split('\n').length + 1)) })
    : h('input', { ...attrs, type: 'text' });
  input.value = initial;
  return input;
}

/** Notes shown under the editor before saving: what the edit will (not) do. */
function notesFor(key, entry) {
  const notes = [];
  if (entry && entry.overridden) {
    notes.push(['warn', `Set by the environment: the process environment sets ${key}, which wins over .env. `
      + 'Saving changes the file, but it has no effect until that variable is removed from the environment.']);
  }
  if (ADDRESS_KEYS.has(key)) {
    notes.push(['info', `${key} is read at start: after the restart the server answers at its new address, and this page follows it.`]);
  }
  if (key === 'APP_ENV') {
    notes.push(['info', 'With production, the restarted server has no Settings tab and no Restart Server button.']);
  }
  if (entry && entry.sensitive) {
    notes.push(['info', 'Leave empty to keep the current value.']);
  }
  return notes;
}

function setNotes(form, notes) {
  setChildren(form.querySelector('.edit-notes'),
    notes.map(([kind, text]) => h('p', { class: `edit-note edit-note-${kind}` }, text)));
}

function editorForm({ input, notes }) {
  const error = h('div', { class: 'edit-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'edit-form', novalidate: true },
    input,
    h('div', { class: 'edit-notes' }),
    error,
    h('div', { class: 'edit-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary btn-small edit-save' }, 'Save'),
      h('button', { type: 'button', class: 'btn btn-small edit-save-restart' }, 'Save and restart'),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small edit-cancel' }, 'Cancel'),
      h('span', { class: 'muted small edit-hint' }, input.tagName === 'TEXTAREA'
        ? 'Enter saves, Shift+Enter adds a line, Escape cancels' : 'Enter saves, Escape cancels')));
  setNotes(form, notes);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save({ restart: false });
  });
  form.querySelector('.edit-save-restart').addEventListener('click', () => save({ restart: true }));
  form.querySelector('.edit-cancel').addEventListener('click', () => cancel());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if (event.key === 'Enter' && input.tagName === 'TEXTAREA' && !event.shiftKey) {
      event.preventDefault();
      save({ restart: false });
    }
  });
  return form;
}

function cancel() {
  if (!editing) return;
  const { row } = editing;
  editing = null;
  ctx.reload().then(() => {
    const key = row.dataset.key;
    if (key) ctx.tbody.querySelector(`tr[data-key="${CSS.escape(key)}"] .edit`)?.focus();
  });
}

function showError(message, action) {
  const error = editing.form.querySelector('.edit-error');
  setChildren(error, h('span', null, message), action || null);
  error.hidden = false;
}

function setBusy(busy) {
  for (const button of editing.form.querySelectorAll('button')) button.disabled = busy;
}

async function save({ restart, force = false }) {
  const e = editing;
  if (!e) return;
  const key = e.isNew ? e.keyInput.value.trim() : e.key;
  const value = e.input.value;
  if (e.isNew) {
    if (!KEY_RULE.test(key) || key.length > 128) {
      showError('A key starts with a letter or _ and contains only letters, digits and _ (e.g. API_URL).');
      e.keyInput.focus();
      return;
    }
    if (ctx.entries().some((entry) => entry.key === key && entry.in_file)) {
      showError(`${key} already exists in .env — edit its row instead.`);
      e.keyInput.focus();
      return;
    }
  } else if ((e.sensitive && value === '') || (!e.sensitive && value === e.initial)) {
    // nothing to save: keep the current value
    editing = null;
    await ctx.reload();
    if (restart) ctx.restart();
    return;
  }
  setBusy(true);
  try {
    const headers = { 'If-Match': etag(e.version) };
    if (e.isNew) headers['If-None-Match'] = '*';
    const data = await api(`api/v1/settings/env/${encodeURIComponent(key)}`, {
      method: 'PUT',
      body: force ? { value, force: true } : { value },
      headers,
    });
    editing = null;
    rememberEdit(data.version);
    const warnings = data.warnings || [];
    const saved = restart ? `Saved ${key} to .env.` : `Saved ${key} to .env — takes effect after a restart.`;
    toast(warnings.length ? `${saved} ${warnings.join('. ')}.` : saved,
      { kind: warnings.length ? 'info' : 'success', timeout: warnings.length ? 9000 : 4500 });
    await ctx.reload();
    if (restart) ctx.restart();
  } catch (err) {
    if (editing !== e) return;
    setBusy(false);
    if (err.code === 'version_conflict') {
      showError('.env changed since you started editing (in another tab or an editor), so nothing was saved. ',
        h('button', { type: 'button', class: 'btn btn-small', on: { click: () => reloadAfterConflict() } }, 'Reload values'));
    } else if (err.code === 'invalid_setting') {
      showError(`${err.problem || err.message}. A restart would refuse this value. `,
        h('button', { type: 'button', class: 'btn btn-small edit-force', on: { click: () => save({ restart, force: true }) } },
          restart ? 'Save anyway and restart' : 'Save anyway'));
    } else if (err.code === 'key_exists') {
      showError(`${key} already exists in .env — edit its row instead.`);
    } else {
      showError(`Not saved: ${err.message}`);
    }
    e.input.focus();
  }
}

async function reloadAfterConflict() {
  editing = null;
  await ctx.reload();
  toast('Reloaded the values from .env; make your edit again.', { kind: 'info' });
}

function rememberEdit(version) {
  editedVersion = version;
}

/** Puts .env back as it was before the last edit; resolves to true when it is. */
async function undoEdit() {
  if (editedVersion === null) return false;
  try {
    await api('api/v1/settings/env-backup/restore', {
      method: 'POST',
      body: {},
      headers: { 'If-Match': etag(editedVersion) },
    });
    editedVersion = null;
    toast('Undone: .env is back as it was before the edit.', { kind: 'success', timeout: 7000 });
    await ctx.reload();
    return true;
  } catch (err) {
    toast(err.code === 'version_conflict'
      ? '.env changed again after the edit (another tab or an editor), so it was not put back. Check the Settings tab.'
      : `Could not undo the edit: ${err.message}`, { kind: 'error', timeout: 9000 });
    return false;
  }
}

function etag(version) {
  return `"${version}"`;
}
