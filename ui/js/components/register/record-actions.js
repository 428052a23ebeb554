// What the buttons of an open record do besides 修改: delete it, run a
// register's own action on it (办结 …), show its history. A failure is a
// toast: the record stays as it was. A delete refused because the record
// changed elsewhere shows the record as it is now and what changed.
import { call } from '../../api.js';
import { toast, confirmDialog, noticeDialog } from '../common.js';

const orToast = (run) => async (...args) => {
  try {
    await run(...args);
  } catch (e) {
    toast(e.message, 'error');
  }
};

/** `list` and `form` are the register's list and form state. */
export function recordActions({ register, schema, list, form }) {
  const remove = orToast(async (record) => {
    const ok = await confirmDialog({
      title: `删除这条${schema.noun}？`,
      message: '删除后可在修改记录中查看。',
      confirmLabel: '删除',
      danger: true,
    });
    if (!ok) return;
    try {
      await call('register.delete', { register, id: record.id, version: record._version });
    } catch (e) {
      if (e.code !== 'stale_record') throw e;
      // Changed elsewhere since it was shown: show it as it is now, say what changed, delete nothing.
      await list.reload();
      if (form.mode === 'view') form.refresh(await call('register.get', { register, id: record.id }));
      await noticeDialog({ title: `未删除：这条${schema.noun}已被修改`, message: e.message });
      return;
    }
    toast(`已删除这条${schema.noun}`);
    form.close();
    list.reload();
  });

  // An action answers the updated record, or nothing when it did nothing.
  const runAction = orToast(async (action, record) => {
    const updated = await action.run(record);
    if (!updated) return;
    await list.reload();
    form.refresh(updated);
  });

  const showHistory = orToast(async (record) => {
    form.setHistoryRows(await call('register.history', { register, id: record.id }));
  });

  return { remove, runAction, showHistory };
}
