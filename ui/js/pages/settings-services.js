// 设置 → 服务事项: the catalogue the windows count. Rename keeps the history
// (tallies refer to the item, not its name); archive hides an item from the
// grid without losing its figures.
import { html, useState } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, Tag, toast, confirmDialog, useLoad, useAction } from '../components/common.js';
import { onKeys, pressed } from '../keys.js';

const empty = { name: '', unit: '人', group: '' };

function ItemFields({ value, onChange, prefix }) {
  const set = (k) => (e) => onChange({ ...value, [k]: e.currentTarget.value });
  return html`
    <input aria-label="事项名称" placeholder="事项名称，如：办理老年卡" value=${value.name} onInput=${set('name')} class="name-input" />
    <input aria-label="计量单位" placeholder="单位" list="measure-words" value=${value.unit} onInput=${set('unit')} class="unit-input" />
    <input aria-label="分组" placeholder="分组（可不填）" value=${value.group} onInput=${set('group')} class="group-input" id=${`${prefix}-group`} />`;
}

export function ServicesEditor() {
  const [data, error, reload] = useLoad(() => call('service_items.list', { include_archived: true }), []);
  const [draft, setDraft] = useState(empty);
  const [editing, setEditing] = useState(null);
  const [act, formError] = useAction(reload);
  const add = (e) => {
    e.preventDefault();
    act(() => call('service_items.add', draft), `已添加“${draft.name.trim()}”`).then((ok) => ok && setDraft({ ...empty, unit: draft.unit, group: draft.group }));
  };
  const save = (e) => {
    e.preventDefault();
    act(() => call('service_items.update', editing), '已保存').then((ok) => ok && setEditing(null));
  };
  const archive = async (item) => {
    if (!item.archived) {
      const ok = await confirmDialog({
        title: `归档“${item.name}”？`,
        message: '归档后录入表中不再列出它，已录入的数字和统计保留不变，随时可以恢复。',
        confirmLabel: '归档',
      });
      if (!ok) return;
    }
    act(() => call('service_items.archive', { id: item.id, archived: !item.archived }), item.archived ? `已恢复“${item.name}”` : `已归档“${item.name}”`);
  };
  const items = data?.items;
  return html`<section class="pane settings-section" aria-label="服务事项">
    <h2>服务事项</h2>
    <p class="hint">窗口业务录入表的行。单位用于年报中的写法（如“办理老年卡980人”）。改名后已录入的数字随之改名；归档后不再出现在录入表中，数字保留。</p>
    <datalist id="measure-words">${(data?.measure_words || []).map((w) => html`<option value=${w} />`)}</datalist>
    <${ErrorBanner} error=${error || formError} />
    <form class="inline-form" onSubmit=${add} aria-label="添加服务事项">
      <${ItemFields} value=${draft} onChange=${setDraft} prefix="new" />
      <button type="submit" class="primary">添加</button>
    </form>
    <div class="table-wrap services-table">
      <table class="data">
        <thead><tr><th scope="col">事项名称</th><th scope="col">单位</th><th scope="col">分组</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
        <tbody>
          ${items && items.length === 0 && html`<tr><td class="empty" colspan="5">还没有服务事项，请在上面添加。</td></tr>`}
          ${items && items.map((it) => (editing?.id === it.id
            ? html`<tr key=${it.id}><td colspan="5"><form class="inline-form" onSubmit=${save} onKeyDown=${onKeys((e) => pressed(e, 'cancel') && setEditing(null))}>
                <${ItemFields} value=${editing} onChange=${setEditing} prefix=${`edit-${it.id}`} />
                <button type="submit" class="primary">保存</button>
                <button type="button" onClick=${() => setEditing(null)}>取消</button></form></td></tr>`
            : html`<tr key=${it.id}>
                <td>${it.name}</td><td>${it.unit}</td><td>${it.group}</td>
                <td>${it.archived ? html`<${Tag}>已归档<//>` : html`<${Tag} kind="ok">使用中<//>`}</td>
                <td>
                  <button type="button" class="link" onClick=${() => setEditing({ id: it.id, name: it.name, unit: it.unit, group: it.group })}>修改</button>
                  <button type="button" class="link" onClick=${() => archive(it)}>${it.archived ? '恢复' : '归档'}</button>
                  <button type="button" class="link" aria-label=${`上移${it.name}`} onClick=${() => act(() => call('service_items.move', { id: it.id, up: true }))}>上移</button>
                  <button type="button" class="link" aria-label=${`下移${it.name}`} onClick=${() => act(() => call('service_items.move', { id: it.id, up: false }))}>下移</button>
                </td></tr>`))}
        </tbody>
      </table>
    </div>
  </section>`;
}
