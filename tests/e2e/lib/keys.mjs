// The app's shortcuts (ui/js/shortcuts.js, the one table) as the test drivers
// press them: `Ctrl+N` → `Control+n`, `Esc` → `Escape`.
import { keyFor } from '../../../ui/js/shortcuts.js';

/** A combo of the table written the way `ui.press` takes it. */
export function driverCombo(combo) {
  const parts = combo.split('+');
  const key = parts.pop();
  const mods = parts.map((m) => (m === 'Ctrl' ? 'Control' : m));
  const k = key === 'Esc' ? 'Escape' : key.length === 1 ? key.toLowerCase() : key;
  return [...mods, k].join('+');
}

/** The key of `action` in `mode` ('window' | 'browser'), ready for `ui.press`. */
export const driverKey = (action, mode) => driverCombo(keyFor(action, mode));
