// A record's values as the form holds them, and back: the form is drawn from
// the schema, so the same two conversions serve a new record, a record opened
// for editing and a draft brought back.
import { toControlValue, emptyValue } from '../fields.js';

/** An empty form; batch entry carries the `keep` fields over from `keepFrom`. */
export function blankForm(schema, keepFrom = null, keep = []) {
  const values = {};
  for (const f of schema.fields) {
    values[f.name] = keepFrom && keep.includes(f.name) ? keepFrom[f.name] : emptyValue(f);
  }
  return values;
}

export function formFromRecord(schema, record) {
  const values = {};
  for (const f of schema.fields) values[f.name] = toControlValue(f, record[f.name]);
  return values;
}

/** What the 已保存 toast names: the first listed text column, else the register's noun. */
export function recordTitle(schema, record) {
  const name = schema.fields.find((f) => f.listed && f.type === 'text')?.name;
  return record[name] ?? schema.noun;
}
