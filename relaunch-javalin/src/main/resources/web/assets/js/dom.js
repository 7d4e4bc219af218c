// Tiny DOM helpers. Everything is built with textContent / attributes:
// server data may contain HTML and must never be parsed as markup.

/** Element by id; throws when the page is missing it (a template bug, not a runtime state). */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
}

/**
 * Creates an element. attrs: class, dataset ({...}), on ({click: fn}), hidden, and any attribute.
 * Children: strings (as text), numbers, nodes, null/false (skipped), arrays.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (name === 'text') el.textContent = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces all children of el. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Sets text, '–' for null/undefined/empty. */
export function setText(el, value) {
  el.textContent = value === null || value === undefined || value === '' ? '–' : String(value);
  return el;
}

export function show(el, visible = true) {
  el.hidden = !visible;
  return el;
}

/** A coloured badge for an op status. */
export function statusBadge(status) {
  const kind = {
    restarted: 'ok',
    failed: 'error',
    started_but_unhealthy: 'error',
    pid_unchanged: 'warn',
  }[status] || 'busy';
  return h('span', { class: `badge badge-${kind}`, dataset: { status } }, statusLabel(status));
}

export function statusLabel(status) {
  return {
    pending: 'pending',
    starting: 'starting',
    ready: 'ready',
    draining: 'draining',
    restarted: 'restarted',
    failed: 'failed',
    pid_unchanged: 'PID unchanged',
    started_but_unhealthy: 'unhealthy',
  }[status] || String(status || 'unknown');
}

/** True when the user is typing somewhere (keyboard shortcuts must not fire then). */
export function isTyping(target) {
  if (!target || !(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
