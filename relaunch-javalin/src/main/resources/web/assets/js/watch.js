// The Overview's Watching panel, when the supervisor restarts on change (relaunch start --watch): on or paused,
// what is watched, the last change and the restart it started, a change still waiting, a failed build; and the
// Pause / Resume button (POST api/v1/settings/watch).
import { api } from './api.js';
import { byId, h, setChildren } from './dom.js';
import { fileName, localTime, relative } from './format.js';
import { changeSummary } from './ops.js';
import { toast } from './toast.js';

let els;
let state = null; // the watch state shown
let shownJson = '';
let toggling = false;

export function initWatch() {
  els = {
    panel: byId('watch-panel'),
    badge: byId('watch-state'),
    toggle: byId('watch-toggle'),
    summary: byId('watch-summary'),
    body: byId('watch-body'),
  };
  els.toggle.addEventListener('click', toggle);
}

/** Shows {@code watch} (the info answer's watch state); null or absent hides the panel (no --watch). */
export function renderWatch(watch) {
  if (toggling) return; // an answer sent before the click would show the old state for a moment
  if (!watch || watch.enabled === false) {
    state = null;
    shownJson = '';
    els.panel.hidden = true;
    return;
  }
  const json = JSON.stringify(watch);
  els.panel.hidden = false;
  if (json === shownJson) return; // unchanged: keep the DOM (and what screen readers already heard)
  shownJson = json;
  state = watch;
  const paused = Boolean(watch.paused);
  els.panel.dataset.state = paused ? 'paused' : 'on';
  els.badge.textContent = paused ? 'paused' : 'on';
  els.badge.className = `badge ${paused ? 'badge-warn' : 'badge-ok'}`;
  els.toggle.textContent = paused ? 'Resume watching' : 'Pause watching';
  setSummary(summary(watch));
  setChildren(els.body,
    h('dl', { class: 'watch-facts' },
      h('dt', null, 'Watched'),
      h('dd', null, pathList(watch.paths || [], 'watch-paths')),
      h('dt', null, 'Last change'),
      h('dd', { id: 'watch-last' }, lastChange(watch.last_change)),
      watch.pending ? [h('dt', null, 'Waiting'), h('dd', { id: 'watch-pending' }, pending(watch))] : null),
    build(watch.build));
}

function setSummary(text) {
  if (els.summary.textContent !== text) els.summary.textContent = text;
}

function summary(watch) {
  const build = watch.build && watch.build.phase;
  if (watch.paused) return 'Paused: changes are noted, but start no restart until you resume.';
  if (build === 'started') return 'Building: a restart waits until the build has finished.';
  if (build === 'failed') return 'The last build failed: the old version keeps serving until a build succeeds.';
  if (watch.pending) return 'A change is waiting: the server restarts in a moment.';
  const quiet = Number(watch.quiet_ms);
  return Number.isFinite(quiet)
    ? `On: a change restarts the server ${quiet} ms after the last file event.`
    : 'On: a change restarts the server.';
}

function pathList(paths, id) {
  if (!paths.length) return h('span', { class: 'muted' }, 'nothing');
  return h('ul', { class: 'file-list', id }, paths.map((p) => h('li', null, h('code', null, p))));
}

function when(iso) {
  return h('time', { datetime: iso, title: `${localTime(iso)} (${iso})`, class: 'js-relative' }, relative(iso));
}

function lastChange(change) {
  if (!change) return h('span', { class: 'muted' }, 'None since the server started watching.');
  const paths = Array.isArray(change.paths) ? change.paths : [];
  return [
    h('span', { class: 'watch-files', title: paths.join('\n') }, changeSummary(change) || 'a file'),
    ' · ', when(change.at),
    change.op_id ? [' · restart ', h('a', { href: 'restarts', class: 'mono', title: 'Operation id' }, change.op_id)] : null,
  ];
}

function pending(watch) {
  const p = watch.pending;
  const paths = Array.isArray(p.paths) ? p.paths : [];
  const count = Math.max(Number(p.count) || 0, paths.length);
  const why = watch.paused ? 'restarts when you resume'
    : watch.build && watch.build.phase === 'started' ? 'restarts once the build has finished'
      : watch.build && watch.build.phase === 'failed' ? 'restarts after the next successful build'
        : 'restarting in a moment';
  return [
    h('span', { title: paths.join('\n') }, `${count} ${count === 1 ? 'change' : 'changes'}`,
      paths.length ? ` (${paths.slice(0, 3).map(fileName).join(', ')}${count > 3 ? ', …' : ''})` : ''),
    ` — ${why}`,
  ];
}

function build(b) {
  if (!b || b.phase === 'succeeded') return null;
  if (b.phase === 'started') {
    return h('p', { class: 'watch-build muted', id: 'watch-build' }, 'Build started ', when(b.at), '…');
  }
  const lines = Array.isArray(b.log_tail) ? b.log_tail : [];
  return h('div', { class: 'notice notice-error watch-build', id: 'watch-build' },
    h('div', { class: 'watch-build-body' },
      h('strong', null, 'Build failed'), ' ', when(b.at),
      b.message ? h('p', { class: 'watch-build-message' }, b.message) : null,
      lines.length ? h('pre', { class: 'log small' }, lines.join('\n')) : null,
      h('p', { class: 'small' }, 'The old version keeps serving. Fix the error and save: the next build tries again.')));
}

async function toggle() {
  if (!state || toggling) return;
  const pause = !state.paused;
  toggling = true; // not disabled: a disabled button would lose the focus
  els.toggle.setAttribute('aria-busy', 'true');
  try {
    const data = await api('api/v1/settings/watch', { method: 'POST', body: { paused: pause } });
    toggling = false;
    renderWatch(data);
    toast(pause ? 'Watching paused: changes start no restart until you resume.' : 'Watching resumed.', { kind: 'info' });
  } catch (err) {
    toast(err.code === 'not_watching'
      ? `This server is not watched: ${err.message}`
      : `Could not ${pause ? 'pause' : 'resume'} watching: ${err.message}`, { kind: 'error', timeout: 8000 });
  } finally {
    toggling = false;
    els.toggle.removeAttribute('aria-busy');
  }
}
