// Keys in the page: every keyboard handler is made with `onKeys`, which lets
// no key through that belongs to an input method's composition, and asks
// `pressed(e, action)` / shows `shortcut(action)` for the key of the mode the
// page runs in (the table is shortcuts.js).
//
// A clerk types Chinese through an input method (fcitx, ibus, 微软拼音): the
// Enter that commits a candidate, the keys that spell the pinyin, arrive as
// keydowns with `isComposing` set (WebKit and older Chromium say keyCode 229
// instead). They are the input method's, not ours: acting on them would move
// the focus away from a half-typed title. The next real key acts as usual.
import { isDesktop } from './api.js';
import { keyFor, matches } from './shortcuts.js';

/** 'window' in the desktop app, 'browser' in browser mode. */
export const MODE = isDesktop() ? 'window' : 'browser';

/** Is the keydown/keyup part of an input method's composition? */
export const isComposing = (e) => Boolean(e.isComposing) || e.keyCode === 229;

/** A keyboard handler that never sees a composition's keys. */
export function onKeys(handler) {
  return (e) => (isComposing(e) ? undefined : handler(e));
}

/** The key of `action` in this mode, as hints show it (`Ctrl+N`, `Alt+N`). */
export const shortcut = (action) => keyFor(action, MODE);

/** Does the keydown `e` press the key of `action` in this mode? */
export const pressed = (e, action) => matches(e, keyFor(action, MODE));

/** A window-wide keydown listener (removed by the returned function), composition-safe. */
export function listenKeys(handler) {
  const safe = onKeys(handler);
  window.addEventListener('keydown', safe);
  return () => window.removeEventListener('keydown', safe);
}
