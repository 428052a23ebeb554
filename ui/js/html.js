// Preact with htm: components written as tagged templates, no build step.
import { h, render, Fragment, createContext } from '../vendor/preact.module.js';
import htm from '../vendor/htm.module.js';

export const html = htm.bind(h);
export { h, render, Fragment, createContext };
export {
  useState, useEffect, useRef, useMemo, useCallback, useContext, useLayoutEffect, useReducer,
} from '../vendor/hooks.module.js';
