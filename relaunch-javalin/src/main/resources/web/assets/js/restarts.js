// Restarts tab: history of restart operations, newest first.
import { api } from './api.js';
import { byId, h, setChildren, statusBadge } from './dom.js';
import { duration, localTime, phaseList, processChange, relative } from './format.js';
import { changesOf, changeSummary, requester } from './ops.js';
import { pollingTab } from './poller.js';

const REFRESH_MS = 3000;
const COLUMNS = 7;

let els;
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

/** The tab: reads the history while shown, again every 3 s. */
export const restartsTab = pollingTab(() => load(), { everyMs: REFRESH_MS });

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
  const changed = changeSummary(op.changes);
  const hasDetails = Boolean(op.error) || Boolean(changed) || (Array.isArray(op.log_tail) && op.log_tail.length > 0);
  const open = hasDetails && expanded.has(op.op_id);
  const detailsId = `op-details-${op.op_id}`;
  const main = h('tr', { dataset: { opId: op.op_id, status: op.status }, class: open ? 'is-open' : null },
    h('td', null,
      h('time', { datetime: op.requested_at, title: op.requested_at, class: 'js-relative' }, relative(op.requested_at)),
      h('div', { class: 'sub' }, localTime(op.requested_at), ' · ', h('span', { class: 'mono', title: 'Operation id' }, op.op_id))),
    h('td', null, requester(op.requested_by),
      changed ? h('div', { class: 'sub', title: changesOf(op).paths.join('\n') }, `after a change in ${changed}`) : null),
    h('td', null, statusBadge(op.status),
      op.strategy === 'stop-start' ? h('div', { class: 'sub' }, op.outage ? 'stop-start, short outage' : 'stop-start') : null),
    h('td', { class: 'mono nowrap' }, processChange(op, { label: false })),
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
  const { paths, count } = changesOf(op);
  return h('div', { class: 'op-details' },
    op.error ? h('p', null, h('strong', null, op.error.code || 'error'), ': ', op.error.message || '') : null,
    paths.length ? h('div', { class: 'op-changes' },
      h('p', null, h('strong', null, count === 1 ? 'Changed file' : `Changed files (${count})`)),
      h('ul', { class: 'file-list' }, paths.map((path) => h('li', null, h('code', null, path))),
        count > paths.length ? h('li', { class: 'muted' }, `and ${count - paths.length} more`) : null)) : null,
    lines.length ? h('pre', { class: 'log small' }, lines.join('\n'))
      : op.error ? h('p', { class: 'muted' }, 'No log lines were captured.') : null,
    op.log_file ? h('p', { class: 'muted small' }, 'Full log: ', h('code', null, op.log_file)) : null,
    op.finished_at ? h('p', { class: 'muted small' }, `Finished ${localTime(op.finished_at)}`) : null);
}
