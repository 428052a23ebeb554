// Register-wide keys: Ctrl+N new, Ctrl+F search.
import { useRef, useEffect } from '../../html.js';

/**
 * The listener is added once and calls the latest render's startNew through
 * a ref: effects run after paint, so a listener re-added per render could
 * still hold the previous render's state (no schema yet) when a fast key arrives.
 */
export function useRegisterShortcuts({ startNew, searchRef }) {
  const latestStartNew = useRef(startNew);
  latestStartNew.current = startNew;
  useEffect(() => {
    const onKey = (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'n') { e.preventDefault(); latestStartNew.current(); }
      if (k === 'f') { e.preventDefault(); searchRef.current?.focus(); searchRef.current?.select(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
