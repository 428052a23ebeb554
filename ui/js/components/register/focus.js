// Where the keyboard goes inside the form: Enter walks the fields like Tab,
// a new form starts at its first field, and a refused save lands on the
// field the core complained about.
import { useRef, useLayoutEffect } from '../../html.js';

/**
 * Move focus to the next (or previous) stop of the form. A group of
 * checkboxes (`.checks`) is one stop, entered at its first box.
 */
export function moveFocus(form, back) {
  const controls = [...form.querySelectorAll('input, select, textarea, button.form-next')]
    .filter((el) => !el.disabled && el.offsetParent !== null);
  const groupOf = (el) => el?.closest('.checks');
  const stops = controls.filter((el, i) => !groupOf(el) || groupOf(el) !== groupOf(controls[i - 1]));
  const here = document.activeElement;
  const i = stops.findIndex((el) => el === here || (groupOf(here) && groupOf(el) === groupOf(here)));
  const next = stops[i + (back ? -1 : 1)];
  if (next) next.focus();
}

/**
 * Returns `focusFirst()`: the form's first field takes the focus right after
 * the render that shows the form (a layout effect), before any further key
 * is handled. Asked for before the form exists, so it cannot focus at once.
 */
export function useFocusFirst(formRef) {
  const wanted = useRef(false);
  useLayoutEffect(() => {
    if (wanted.current && formRef.current) {
      wanted.current = false;
      formRef.current.querySelector('input, select, textarea')?.focus();
    }
  });
  return () => { wanted.current = true; };
}

/** Focus the control of field `name`, or the first box of its group of checkboxes. */
export function focusField(form, name) {
  if (name) form?.querySelector(`:is(input, select, textarea)[data-field="${name}"]`)?.focus();
}
