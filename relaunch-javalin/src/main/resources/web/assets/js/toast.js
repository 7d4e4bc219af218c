// Toast messages in the #toast live region (role=status, aria-live=polite).
import { byId, h } from './dom.js';

const FLASH_KEY = 'relaunch.flash';
const DEFAULT_MS = 4500;

/** Shows a toast. kind: 'info' | 'success' | 'error'. Returns the element. */
export function toast(message, { kind = 'info', timeout = DEFAULT_MS } = {}) {
  const region = byId('toast');
  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss message' }, '×');
  const el = h('div', { class: `toast toast-${kind}` }, h('span', { class: 'toast-text' }, message), close);
  const remove = () => {
    el.classList.add('toast-leaving');
    setTimeout(() => el.remove(), 200);
  };
  close.addEventListener('click', remove);
  region.appendChild(el);
  // Keep at most four on screen.
  while (region.children.length > 4) region.firstElementChild.remove();
  if (timeout > 0) setTimeout(remove, timeout);
  return el;
}

/** Stores a toast to show after the next page load (used across the post-restart reload). */
export function flashAfterReload(message, kind = 'success') {
  try {
    sessionStorage.setItem(FLASH_KEY, JSON.stringify({ message, kind }));
  } catch {
    // Storage disabled: the reload simply shows no toast.
  }
}

/** Shows and clears the stored toast, if any. */
export function showStoredFlash() {
  let raw = null;
  try {
    raw = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
  } catch {
    return;
  }
  if (!raw) return;
  try {
    const { message, kind } = JSON.parse(raw);
    if (message) toast(message, { kind: kind || 'success', timeout: 7000 });
  } catch {
    // Ignore a malformed entry.
  }
}
