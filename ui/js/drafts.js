// Unsaved form contents kept in the browser (browser mode only), so that what
// a clerk was typing survives the program closing by itself (after 30 minutes
// unused) or a crash: saved as it is typed, offered back when the form's page
// is opened again, removed once saved or cancelled. localStorage belongs to
// the page's origin (host and port); the program reopens on the same port for
// that reason.
import { isDesktop } from './api.js';

const PREFIX = 'taizhang.draft.';

function storage() {
  if (isDesktop()) return null;
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The draft saved under `key`, or null. */
export function loadDraft(key) {
  const s = storage();
  if (!s) return null;
  try {
    const d = JSON.parse(s.getItem(PREFIX + key) || 'null');
    return d && typeof d === 'object' ? d : null;
  } catch {
    return null;
  }
}

export function saveDraft(key, draft) {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify({ ...draft, at: new Date().toISOString() }));
  } catch {
    // Storage full or refused: the form still works, only without the safety copy.
  }
}

export function clearDraft(key) {
  try {
    storage()?.removeItem(PREFIX + key);
  } catch {
    // Nothing to clear.
  }
}
