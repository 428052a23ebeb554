// Register-wide keys: 新增 (Ctrl+N; Alt+N in browser mode), 搜索 (Ctrl+F).
import { useRef, useEffect } from '../../html.js';
import { listenKeys, pressed } from '../../keys.js';

/**
 * The listener is added once and calls the latest render's startNew through
 * a ref: effects run after paint, so a listener re-added per render could
 * still hold the previous render's state (no schema yet) when a fast key arrives.
 */
export function useRegisterShortcuts({ startNew, searchRef }) {
  const latestStartNew = useRef(startNew);
  latestStartNew.current = startNew;
  useEffect(() => listenKeys((e) => {
    if (pressed(e, 'new')) { e.preventDefault(); latestStartNew.current(); }
    if (pressed(e, 'search')) { e.preventDefault(); searchRef.current?.focus(); searchRef.current?.select(); }
  }), []);
}
