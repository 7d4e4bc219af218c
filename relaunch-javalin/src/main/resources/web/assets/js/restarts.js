// Restarts tab: history of restart operations, newest first.
import { api } from './api.js';
import { byId, h, setChildren, statusBadge } from './dom.js';
import { duration, localTime, phaseList, relative, serverChange } from './format.js';
import { requester } from './overview.js';

const REFRESH_MS = 3000;
const COLUMNS = 7;

let els;
let timer = null;
let visible = false;
let ops = [];
const expanded = new Set(); // op ids whose details row is open

export function initRestarts() {
  els = {
    table: byId('restarts-table'),
    tbody: byId('restarts-table').tBodies[0],
    empty: byId('restarts-empty'),
    error: byId('restarts-error'),
  };
  els.tbody.addEventListener('click', (event) => {
    const button = event.target.closest('button.toggle-details');
    if (!button) return;
    const opId = button.dataset.opId;
    if (expanded.has(opId)) expanded.delete(opId);
    else expanded.add(opId);
    render();
    els.tbody.querySelector(`button.toggle-details[data-op-id="${CSS.escape(opId)}"]`)?.focus();
  });
}

export function showRestarts() {
  visible = true;
  load();
  clearInterval(timer);
  timer = setInterval(load, REFRESH_MS);
}

export function hideRestarts() {
  visible = false;
  clearInterval(timer);
  timer = null;
}

export function refreshRestarts() {
  if (visible) load();
}

async function load() {
  try {
    const data = await api('api/v1/settings/restart/ops', { retryOnNetworkError: true });
    ops = Array.isArray(data) ? data : [];
    els.error.hidden = true;
    render();
  } catch (err) {
    if (err.isNetwork && ops.length) return; // a restart hand-over; the next refresh catches up
    els.error.textContent = err.status === 404
      ? 'Restart history is not available on this server (only when APP_ENV is development or testing).'
      : `Could not load the restart history: ${err.message}`;
    els.error.hidden = false;
  }
}

function render() {
  const focused = document.activeElement;
  const focusOp = focused && els.tbody.contains(focused) ? focused.dataset.opId : null;
  els.empty.hidden = ops.length > 0;
  els.table.hidden = ops.length === 0;
  setChildren(els.tbody, ops.map((op) => rows(op)));
  if (focusOp) els.tbody.querySelector(`button[data-op-id="${CSS.escape(focusOp)}"]`)?.focus();
}

function rows(op) {
  const hasDetails = Boolean(op.error) || (Array.isArray(op.log_tail) && op.log_tail.length > 0);
  const open = hasDetails && expanded.has(op.op_id);
  const detailsId = `op-details-${op.op_id}`;
  const main = h('tr', { dataset: { opId: op.op_id, status: op.status }, class: open ? 'is-open' : null },
    h('td', null,
      h('time', { datetime: op.requested_at, title: op.requested_at, class: 'js-relative' }, relative(op.requested_at)),
      h('div', { class: 'sub' }, localTime(op.requested_at), ' · ', h('span', { class: 'mono', title: 'Operation id' }, op.op_id))),
    h('td', null, requester(op.requested_by)),
    h('td', null, statusBadge(op.status),
      op.strategy === 'stop-start' ? h('div', { class: 'sub' }, op.outage ? 'stop-start, short outage' : 'stop-start') : null),
    h('td', { class: 'mono nowrap' }, serverChange(op)),
    h('td', { class: 'nowrap' }, op.duration_ms !== null && op.duration_ms !== undefined ? duration(op.duration_ms) : '–'),
    h('td', { class: 'phases' }, phases(op)),
    h('td', { class: 'actions-cell' }, hasDetails ? h('button', {
      type: 'button', class: 'btn btn-small toggle-details', dataset: { opId: op.op_id },
      'aria-expanded': String(open), 'aria-controls': detailsId,
    }, open ? 'Hide details' : 'Details') : null));
  if (!hasDetails) return main;
  const details = h('tr', { id: detailsId, class: 'details-row', hidden: !open },
    h('td', { colspan: String(COLUMNS) }, detailsContent(op)));
  return [main, details];
}

function phases(op) {
  const parts = phaseList(op);
  if (!parts.length) return '–';
  return parts.map((text, i) => [i ? ' · ' : null, h('span', { class: 'nowrap' }, text)]);
}

function detailsContent(op) {
  const lines = Array.isArray(op.log_tail) ? op.log_tail : [];
  return h('div', { class: 'op-details' },
    op.error ? h('p', null, h('strong', null, op.error.code || 'error'), ': ', op.error.message || '') : null,
    lines.length ? h('pre', { class: 'log small' }, lines.join('\n')) : h('p', { class: 'muted' }, 'No log lines were captured.'),
    op.log_file ? h('p', { class: 'muted small' }, 'Full log: ', h('code', null, op.log_file)) : null,
    op.finished_at ? h('p', { class: 'muted small' }, `Finished ${localTime(op.finished_at)}`) : null);
}
