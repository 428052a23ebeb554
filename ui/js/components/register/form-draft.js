// Browser mode: the open form is kept as it is typed (see drafts.js), and
// brought back when this register is opened again with no form open.
import { useState, useEffect, useRef } from '../../html.js';
import { call } from '../../api.js';
import { loadDraft, saveDraft, clearDraft } from '../../drafts.js';
import { blankForm, formFromRecord } from './values.js';

/**
 * `form` is the form's current {mode, dirty, values, selected}; `restore(record,
 * values, mode)` opens a draft brought back (record null for a new one).
 * Returns whether the form shows a restored draft, and `dropDraft()` for
 * when the form is saved, cancelled or replaced.
 */
export function useFormDraft({ register, schema, form, restore }) {
  const [restored, setRestored] = useState(false);
  const key = `register.${register}`;
  const dropDraft = () => { clearDraft(key); setRestored(false); };

  const { mode, dirty, values, selected } = form;
  useEffect(() => {
    if ((mode === 'new' || mode === 'edit') && dirty) {
      // The version the form opened travels with the draft: a draft brought
      // back after the record changed elsewhere must not overwrite that change.
      const editing = mode === 'edit';
      saveDraft(key, { mode, id: editing ? selected?.id ?? null : null, version: editing ? selected?._version : undefined, values });
    }
  }, [values, mode, dirty]);

  // Looked for once, when the schema first arrives: the form is drawn from it.
  const checked = useRef(false);
  useEffect(() => {
    if (!schema || checked.current) return;
    checked.current = true;
    const draft = loadDraft(key);
    if (!draft?.values || mode !== 'none') return;
    // Only the fields the schema still has; the others start as usual.
    const known = (base) => {
      const out = { ...base };
      for (const f of schema.fields) if (f.name in draft.values) out[f.name] = draft.values[f.name];
      return out;
    };
    const bringBack = (record, base, as) => { restore(record, known(base), as); setRestored(true); };
    const asNew = () => bringBack(null, blankForm(schema), 'new');
    if (draft.mode === 'edit' && draft.id) {
      // The record may have been deleted since: the draft then comes back as a new record.
      call('register.get', { register, id: draft.id }).then(
        (record) => bringBack({ ...record, _version: draft.version ?? record._version }, formFromRecord(schema, record), 'edit'),
        asNew,
      );
    } else {
      asNew();
    }
  }, [schema]);

  return { restored, dropDraft };
}
