// The pane below the table: which record is open and how (none · view · edit
// · new), the values typed, the errors the core answered, the history shown,
// and the moves between them. The selected record itself is the list's.
// A save refused because the record changed elsewhere since it was opened
// (stale_record) keeps what the clerk typed (`stale.typed`) while the form
// reloads the stored record: see stale.js.
import { useState, useRef } from '../../html.js';
import { call } from '../../api.js';
import { toast, confirmDialog } from '../common.js';
import { blankForm, formFromRecord, recordTitle } from './values.js';
import { useFocusFirst, focusField } from './focus.js';
import { useFormDraft } from './form-draft.js';

/**
 * `keep`: the fields batch entry (save and next) carries over; `list`: the
 * list state (selection, reload); `tableRef`: where Esc returns the focus.
 */
export function useRegisterForm({ register, schema, keep, list, tableRef }) {
  const { selected, setSelected, reload } = list;
  const [mode, setMode] = useState('none'); // none | view | edit | new
  const [values, setValues] = useState({});
  const [fieldErrors, setFieldErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [dirty, setDirty] = useState(false);
  const [historyRows, setHistoryRows] = useState(null);
  const [stale, setStale] = useState(null); // {typed, reloaded} after a refused save
  const formRef = useRef(null);
  const focusFirst = useFocusFirst(formRef);
  const { restored, dropDraft } = useFormDraft({
    register, schema, form: { mode, dirty, values, selected },
    restore: (record, draftValues, as) => { open(record, draftValues, as); setDirty(true); focusFirst(); },
  });

  // Show `record` (null for a new one) in the pane as `as`, its form holding `formValues`.
  function open(record, formValues, as) {
    setSelected(record);
    setValues(formValues);
    setMode(as);
  }

  // Nothing typed yet, or all of it saved or given up: no errors, nothing to keep.
  function settle() {
    setFieldErrors({}); setFormError(null); setDirty(false); setStale(null);
  }

  // Without unsaved edits this answers at once (not a promise), so that a
  // selection made by a key lands before the next key is handled.
  function guardDirty() {
    if (!dirty || mode === 'none' || mode === 'view') return true;
    return confirmDialog({ title: '放弃未保存的修改？', message: '当前表单有未保存的修改，继续将放弃这些修改。', confirmLabel: '放弃修改', danger: true });
  }

  async function startNew(keepFrom = null) {
    if (!schema) return;
    const ok = guardDirty();
    if (ok !== true && !(await ok)) return;
    dropDraft();
    settle();
    // The history shown belongs to the record left: the new one, once saved, has its own.
    setHistoryRows(null);
    open(null, blankForm(schema, keepFrom, keep), 'new');
    focusFirst();
  }

  async function select(record, edit = false) {
    const ok = guardDirty();
    if (ok !== true && !(await ok)) return;
    if (dirty) dropDraft();
    settle();
    setHistoryRows(null);
    open(record, formFromRecord(schema, record), edit ? 'edit' : 'view');
    if (edit) focusFirst();
  }

  function cancel() {
    dropDraft();
    settle();
    setMode(selected ? 'view' : 'none');
    if (selected) setValues(formFromRecord(schema, selected));
    tableRef.current?.focus();
  }

  // `andNext`: batch entry, a new form follows keeping the `keep` fields.
  async function save(andNext = false) {
    const record = { ...values };
    try {
      const saved = mode === 'new'
        ? await call('register.create', { register, record })
        : await call('register.update', { register, id: selected.id, version: selected._version, record });
      settle();
      dropDraft();
      toast(`已保存：${recordTitle(schema, saved)}`);
      await reload();
      setHistoryRows(null);
      if (andNext) {
        open(null, blankForm(schema, record, keep), 'new');
        focusFirst();
      } else {
        open(saved, formFromRecord(schema, saved), 'view');
      }
    } catch (e) {
      if (e.code === 'stale_record') {
        // Nothing was written: keep every typed value until the clerk has them back.
        setStale({ typed: record, reloaded: false });
        setFieldErrors({});
        setFormError(e);
        reload(); // the list shows the record as it is now
        return;
      }
      setFieldErrors(e.fieldErrors ? e.fieldErrors() : {});
      setFormError(e);
      focusField(formRef.current, e.field || e.problems?.[0]?.path);
    }
  }

  const setField = (name, v) => { setValues((vals) => ({ ...vals, [name]: v })); setDirty(true); };

  // 重新载入: the stored record at its new version in the form; what was typed
  // stays beside it (stale.typed) to be put back field by field.
  async function reloadStale() {
    try {
      const fresh = await call('register.get', { register, id: selected.id });
      await reload();
      setSelected(fresh);
      setValues(formFromRecord(schema, fresh));
      setFieldErrors({});
      setFormError(null);
      setStale((s) => ({ ...s, reloaded: true }));
      focusFirst();
    } catch (e) {
      setFormError(e);
    }
  }
  const refill = (names) => { for (const name of names) setField(name, stale.typed[name]); };
  const dismissStale = () => setStale(null);

  // For the record's own buttons (record-actions.js): the record gone, or changed by an action.
  const close = () => { setSelected(null); setMode('none'); };
  const refresh = (record) => { setSelected(record); setValues(formFromRecord(schema, record)); setHistoryRows(null); };

  return {
    mode, values, fieldErrors, formError, restored, historyRows, formRef, stale,
    startNew, select, cancel, save, setField, close, refresh, setHistoryRows,
    reloadStale, refill, dismissStale,
  };
}
