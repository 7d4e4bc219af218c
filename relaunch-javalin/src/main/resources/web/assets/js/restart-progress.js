// What a restart in progress looks like: the "Restarting…" banner with its phase steps, and the Restart Server
// button disabled meanwhile; also disabled, with the reason beside it, while the server says a restart is unavailable.
import { byId, h, setChildren } from './dom.js';

const PHASE_TEXT = {
  pending: 'Starting new server…',
  starting: 'Starting new server…',
  ready: 'New server ready',
  draining: 'Old server draining…',
  restarted: 'Restarted',
};
const PHASE_ORDER = ['starting', 'ready', 'draining', 'restarted'];

export function restartProgress() {
  const els = {
    button: byId('restart-button'),
    banner: byId('restart-banner'),
    phase: byId('restart-phase'),
    reason: byId('restart-unavailable'),
  };
  els.banner.tabIndex = -1;
  let busy = false;
  let unavailable = null;

  function renderDisabled() {
    els.button.disabled = busy || unavailable !== null;
  }

  return {
    banner: els.banner,
    button: els.button,

    /** Shows the banner at {@code status} (an op status; {@code op} may be null before the first answer). */
    show(status, op) {
      els.banner.hidden = false;
      let text = PHASE_TEXT[status] || 'Restarting…';
      if (op && op.strategy === 'stop-start' && status !== 'restarted') {
        text += op.outage_reason ? ` (short outage: ${op.outage_reason})` : ' (this platform restarts with a short outage)';
      }
      els.phase.textContent = text;
      els.banner.dataset.phase = status;
      const current = PHASE_ORDER.indexOf(status === 'pending' ? 'starting' : status);
      for (const li of els.banner.querySelectorAll('.phase-steps li')) {
        const i = PHASE_ORDER.indexOf(li.dataset.phase);
        li.dataset.state = i < current ? 'done' : i === current ? 'current' : 'todo';
      }
    },

    hide() {
      els.banner.hidden = true;
    },

    /** The button while a restart runs: disabled, "Restarting…". */
    busy(on) {
      busy = on;
      renderDisabled();
      els.button.setAttribute('aria-busy', String(on));
      els.button.querySelector('.label').textContent = on ? 'Restarting…' : 'Restart Server';
    },

    /** Why the server cannot restart now ({@code null}: it can): the button is disabled and described by it. */
    unavailable(reason) {
      const why = reason || null;
      if (why === unavailable) return;
      unavailable = why;
      els.reason.hidden = why === null;
      setChildren(els.reason, why === null ? [] : [h('strong', null, 'Restart unavailable: '), why]);
      if (why === null) els.button.removeAttribute('aria-describedby');
      else els.button.setAttribute('aria-describedby', els.reason.id);
      renderDisabled();
    },
  };
}
