// The "Restart the server?" dialog: lists the .env changes a restart would apply; Cancel, Escape or a click on the
// backdrop cancel, the dialog's Restart Server confirms.
import { api } from './api.js';
import { byId, h, setChildren } from './dom.js';

/** Clicks on the backdrop this soon after the dialog opened are the rest of a double click, not a cancel. */
const BACKDROP_GRACE_MS = 600;

/** What a restart does, by the mode /api/v1/info reports. */
const HOW_TEXT = {
  standalone: 'A new server process takes over from this one once it is ready.',
  supervised: 'A new server starts next to this one; the old one stops only once the new one is ready.',
  kubernetes: 'Kubernetes replaces the pods one at a time (a rolling restart); old pods serve until new ones are ready.',
};

/**
 * Wires the dialog. {@code onConfirm()} starts the restart; {@code focusAfterConfirm()} is the element that gets the
 * focus once the dialog closed by confirming (a cancel gives it back to where it was).
 * Returns {@code open({ mode })} (the restart mode /api/v1/info reports), which resolves once the dialog shows its list
 * of changes.
 */
export function restartDialog({ onConfirm, focusAfterConfirm }) {
  const els = {
    dialog: byId('restart-dialog'),
    confirm: byId('restart-confirm'),
    cancel: byId('restart-cancel'),
    changes: byId('restart-dialog-changes'),
    keys: byId('restart-dialog-keys'),
    how: byId('restart-dialog-how'),
  };
  let openedAt = 0;
  let backdropDown = false; // the pointer went down on the backdrop (not inside the form, then dragged out)
  let opener = null;

  els.cancel.addEventListener('click', () => els.dialog.close('cancel'));
  els.confirm.addEventListener('click', (event) => {
    event.preventDefault();
    els.dialog.close('confirm');
    onConfirm();
  });
  els.dialog.addEventListener('pointerdown', (event) => {
    backdropDown = event.target === els.dialog;
  });
  els.dialog.addEventListener('click', (event) => {
    // A click on the backdrop (outside the form) cancels, like Escape. Not the second click of the double click
    // that opened the dialog (it lands on the backdrop), and not a text selection dragged out of the form.
    const down = backdropDown;
    backdropDown = false;
    if (event.target !== els.dialog || !down) return;
    if (event.detail > 1 || performance.now() - openedAt < BACKDROP_GRACE_MS) return;
    els.dialog.close('cancel');
  });
  els.dialog.addEventListener('close', () => {
    const target = els.dialog.returnValue === 'confirm' ? focusAfterConfirm() : opener;
    opener = null;
    if (target && typeof target.focus === 'function' && !target.disabled) target.focus();
  });

  function describeChanges(env) {
    const changed = env.changed_keys || [];
    const removed = env.removed_keys || [];
    const ineffective = env.ineffective_keys || [];
    const ignored = ineffective.length
      ? ` ${ineffective.join(', ')} changed in .env too, but the environment sets ${ineffective.length === 1 ? 'it' : 'them'}: not applied.`
      : '';
    if (changed.length === 0 && removed.length === 0) {
      els.changes.textContent = `No changes in .env since start — the server restarts with the same configuration.${ignored}`;
      return;
    }
    els.changes.textContent = `These changes will be applied: ${[...changed, ...removed].join(', ')}${ignored}`;
    setChildren(els.keys,
      changed.map((key) => h('li', null, h('code', null, key), h('span', { class: 'badge badge-warn' }, 'changed'))),
      removed.map((key) => h('li', null, h('code', null, key), h('span', { class: 'badge badge-error' }, 'removed'))));
    els.keys.hidden = false;
  }

  return {
    get isOpen() {
      return els.dialog.open;
    },
    async open({ mode = 'supervised' } = {}) {
      if (els.dialog.open) return;
      opener = document.activeElement;
      openedAt = performance.now();
      backdropDown = false;
      els.dialog.returnValue = '';
      els.changes.textContent = 'Checking .env for changes…';
      els.keys.hidden = true;
      els.keys.replaceChildren();
      els.how.textContent = HOW_TEXT[mode] || HOW_TEXT.supervised;
      els.dialog.showModal();
      els.cancel.focus();
      try {
        describeChanges(await api('api/v1/settings/env'));
      } catch (err) {
        if (els.dialog.open) {
          els.changes.textContent = `Could not check .env for changes (${err.message}). The server restarts with whatever .env holds now.`;
        }
      }
    },
  };
}
