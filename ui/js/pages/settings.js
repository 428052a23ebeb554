// 设置: the office profile, its units, the configurable lists, data packages.
import { html, useState, useEffect, useRef } from '../html.js';
import { call, callForFiles, readFile } from '../api.js';
import { ErrorBanner, Banner, Tag, toast, confirmDialog, useLoad, useAction } from '../components/common.js';
import { Tabs } from './tabs.js';
import { HolidaysSettings } from './settings-holidays.js';
import { ServicesEditor } from './settings-services.js';
import { BackupPanel } from './settings-backup.js';
import { AuditLog } from './settings-audit.js';
import { LocksPanel } from './settings-locks.js';
import { onKeys, pressed } from '../keys.js';

const UNIT_KINDS = [['section', '科室'], ['community', '社区'], ['other', '其他']];
const kindLabel = (k) => UNIT_KINDS.find(([c]) => c === k)?.[1] ?? k;
// The office's kind (taizhang_base::office_profile::OFFICE_KINDS): the year's
// checks read it (a 街道 or 乡镇 reports no 规章).
const OFFICE_KINDS = [['', '（未选择）'], ['street', '街道办事处'], ['township', '乡镇人民政府'], ['department', '政府部门'], ['other', '其他']];

/** The office profile form; also the first-launch form. */
export function OfficeForm({ first = false, onSaved }) {
  const [values, setValues] = useState({ name: '', superior: '', contact: '', kind: '', code: '' });
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const nameRef = useRef(null);
  // What the clerk typed before the stored profile arrived is kept over it.
  const edited = useRef({});
  useEffect(() => {
    call('office.get').then((stored) => setValues({ ...stored, ...edited.current }), setError);
    // The name field takes the focus unless the clerk is already in another
    // field of the form (effects run after the first paint: a quick click or
    // Tab would otherwise have its typing stolen).
    const form = nameRef.current?.form;
    if (form && !form.contains(document.activeElement)) nameRef.current.focus();
  }, []);
  const set = (k) => (e) => {
    const value = e.currentTarget.value;
    edited.current[k] = value;
    setValues((v) => ({ ...v, [k]: value }));
  };
  async function save(e) {
    e.preventDefault();
    try {
      const saved = await call('office.save', values);
      setValues(saved); setErrors({}); setError(null);
      toast('已保存单位信息');
      onSaved?.(saved);
    } catch (err) {
      setErrors(err.fieldErrors()); setError(err);
    }
  }
  const row = (key, label, hint, ref) => html`<div class="field">
    <label for=${`office-${key}`}>${label}${key === 'name' && html`<span class="req" aria-hidden="true">*</span>`}</label>
    <div class="control">
      <input id=${`office-${key}`} name=${key} ref=${ref} value=${values[key]} onInput=${set(key)}
        aria-invalid=${errors[key] ? 'true' : undefined} aria-required=${key === 'name' ? 'true' : undefined} />
      ${errors[key] ? html`<span class="error" role="alert">${errors[key]}</span>` : html`<span class="hint">${hint}</span>`}
    </div></div>`;
  return html`<form onSubmit=${save} aria-label="单位信息" class=${first ? '' : 'pane settings-section'}>
    ${!first && html`<h2>单位信息</h2>`}
    ${row('name', '单位名称', '如：长庆街道办事处', nameRef)}
    ${row('superior', '上级机关', '如：杭州市下城区人民政府')}
    ${row('contact', '联系方式', '如：0571-00000000')}
    <div class="field">
      <label for="office-kind">单位类型</label>
      <div class="control">
        <select id="office-kind" name="kind" value=${values.kind ?? ''} onChange=${set('kind')}
          aria-invalid=${errors.kind ? 'true' : undefined}>
          ${OFFICE_KINDS.map(([code, label]) => html`<option value=${code}>${label}</option>`)}
        </select>
        ${errors.kind ? html`<span class="error" role="alert">${errors.kind}</span>` : html`<span class="hint">年报检查据此判断：街道、乡镇不能制定规章</span>`}
      </div></div>
    ${row('code', '单位代码', '选填，如统一社会信用代码；区县汇总据此识别单位')}
    ${error && Object.keys(errors).length === 0 && html`<${ErrorBanner} error=${error} />`}
    <div class="form-actions"><button type="submit" class="primary">${first ? '开始使用' : '保存'}</button></div>
  </form>`;
}

function UnitsEditor() {
  const [units, error, reload] = useLoad(() => call('units.list', { include_archived: true }), []);
  const [draft, setDraft] = useState({ name: '', kind: 'section' });
  const [editing, setEditing] = useState(null); // {id, name, kind}
  const [act, formError] = useAction(reload);
  const add = (e) => {
    e.preventDefault();
    act(() => call('units.add', draft), `已添加“${draft.name.trim()}”`).then((ok) => ok && setDraft({ name: '', kind: draft.kind }));
  };
  const saveEdit = (e) => {
    e.preventDefault();
    act(() => call('units.update', editing), '已保存').then((ok) => ok && setEditing(null));
  };
  const archive = async (u) => {
    if (!u.archived) {
      const ok = await confirmDialog({
        title: `归档“${u.name}”？`,
        message: '归档后新记录不能再选择它，已有记录和统计不受影响，随时可以恢复。',
        confirmLabel: '归档',
      });
      if (!ok) return;
    }
    act(() => call('units.archive', { id: u.id, archived: !u.archived }), u.archived ? `已恢复“${u.name}”` : `已归档“${u.name}”`);
  };
  return html`<section class="pane settings-section" aria-label="单位与科室">
    <h2>科室与社区</h2>
    <p class="hint">台账中的“科室”、窗口业务中的“窗口”都从这里选择。改名后已有记录随之更新；归档后不再出现在选项中。</p>
    <${ErrorBanner} error=${error || formError} />
    <form class="inline-form" onSubmit=${add} aria-label="添加单位">
      <input aria-label="新单位名称" placeholder="新单位名称，如：党政办" value=${draft.name}
        onInput=${(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
      <select aria-label="类型" value=${draft.kind} onChange=${(e) => setDraft({ ...draft, kind: e.currentTarget.value })}>
        ${UNIT_KINDS.map(([c, l]) => html`<option value=${c}>${l}</option>`)}
      </select>
      <button type="submit" class="primary">添加</button>
    </form>
    <div class="table-wrap" style=${{ marginTop: '10px' }}>
      <table class="data">
        <thead><tr><th scope="col">名称</th><th scope="col">类型</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
        <tbody>
          ${units && units.length === 0 && html`<tr><td class="empty" colspan="4">还没有科室或社区，请在上面添加。</td></tr>`}
          ${units && units.map((u) => editing?.id === u.id
            ? html`<tr key=${u.id}><td colspan="4"><form class="inline-form" onSubmit=${saveEdit}
                onKeyDown=${onKeys((e) => pressed(e, 'cancel') && setEditing(null))}>
                <input aria-label="单位名称" value=${editing.name} onInput=${(e) => setEditing({ ...editing, name: e.currentTarget.value })} />
                <select aria-label="类型" value=${editing.kind} onChange=${(e) => setEditing({ ...editing, kind: e.currentTarget.value })}>
                  ${UNIT_KINDS.map(([c, l]) => html`<option value=${c}>${l}</option>`)}
                </select>
                <button type="submit" class="primary">保存</button>
                <button type="button" onClick=${() => setEditing(null)}>取消</button>
              </form></td></tr>`
            : html`<tr key=${u.id}>
              <td>${u.name}</td><td>${kindLabel(u.kind)}</td>
              <td>${u.archived ? html`<${Tag}>已归档<//>` : html`<${Tag} kind="ok">使用中<//>`}</td>
              <td>
                <button type="button" class="link" onClick=${() => setEditing({ id: u.id, name: u.name, kind: u.kind })}>改名</button>
                <button type="button" class="link" onClick=${() => archive(u)}>${u.archived ? '恢复' : '归档'}</button>
                <button type="button" class="link" aria-label=${`上移${u.name}`} onClick=${() => act(() => call('units.move', { id: u.id, up: true }))}>上移</button>
                <button type="button" class="link" aria-label=${`下移${u.name}`} onClick=${() => act(() => call('units.move', { id: u.id, up: false }))}>下移</button>
              </td></tr>`)}
        </tbody>
      </table>
    </div>
  </section>`;
}

function ListEditor({ list, onSaved }) {
  const [text, setText] = useState(list.values.join('\n'));
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    try {
      await call('lists.save', { name: list.name, values: text.split('\n') });
      setError(null);
      toast(`已保存${list.label}`);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="pane" onSubmit=${save} aria-label=${list.label}>
    <h2>${list.label}</h2>
    <p class="hint">每行一项，顺序即下拉框中的顺序。</p>
    <textarea aria-label=${list.label} rows="8" style=${{ width: '100%' }} value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
    <${ErrorBanner} error=${error} />
    <div class="form-actions">
      <button type="submit" class="primary">保存</button>
      <button type="button" onClick=${() => setText(list.defaults.join('\n'))}>恢复默认</button>
    </div>
  </form>`;
}

function ListsEditor() {
  const [lists, error, reload] = useLoad(() => call('lists.get'), []);
  return html`<div class="settings-section">
    <${ErrorBanner} error=${error} />
    <div class="cards">${lists && lists.map((l) => html`<${ListEditor} key=${l.name} list=${l} onSaved=${reload} />`)}</div>
  </div>`;
}

function DataPackages() {
  const [year, setYear] = useState('');
  const [personal, setPersonal] = useState(false);
  const [preview, setPreview] = useState(null); // {name, text, problems, sections: [{key, label, count}], creates: [{note}]}
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const fileRef = useRef(null);

  const exportPackage = async () => {
    try {
      const r = await callForFiles('data.export', { year: year === '' ? null : Number(year), personal });
      if (r) toast(`${r.message}：${r.files.join('、')}`);
    } catch (e) {
      setError(e);
    }
  };
  const pick = async (e) => {
    const file = e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (!file) return;
    setDone(null); setError(null);
    try {
      const text = await readFile(file);
      const check = await call('data.check', { text });
      setPreview({ name: file.name, text, ...check });
    } catch (err) {
      setPreview(null); setError(err);
    }
  };
  const importNow = async () => {
    try {
      const summary = await call('data.import', { text: preview.text });
      setDone({ text: `已导入“${preview.name}”，新增或修改 ${summary.total} 条记录。`, merged: summary.merged });
      setPreview(null);
    } catch (e) {
      setError(e);
    }
  };
  return html`<div class="settings-section">
    <section class="pane" aria-label="导出数据包">
      <h2>导出数据包</h2>
      <p class="hint">数据包（taizhang.dataset/1）用于报送区政务公开办、换电脑或存档。</p>
      <div class="inline-form">
        <label>年度 <input aria-label="导出年度" inputmode="numeric" placeholder="全部年度" style=${{ width: '110px' }}
          value=${year} onInput=${(e) => setYear(e.currentTarget.value)} /></label>
        <label class="check"><input type="checkbox" checked=${personal} onChange=${(e) => setPersonal(e.currentTarget.checked)} />
          包含申请人个人信息</label>
        <button type="button" class="primary" onClick=${exportPackage}>导出…</button>
      </div>
      ${personal && html`<p class="hint">数据包将含有申请人姓名和联系方式，请妥善保管，不要公开发布。</p>`}
    </section>
    <section class="pane" aria-label="导入数据包" style=${{ marginTop: '10px' }}>
      <h2>导入数据包</h2>
      <p class="hint">先检查，确认无误后再导入；有任何问题则一条也不导入。编号相同的记录：数据包中的版本较新时更新；本机的版本较新时保留本机的；两台电脑分别修改的会列出，请核对。</p>
      <input type="file" accept=".json,application/json" ref=${fileRef} aria-label="选择数据包文件" onChange=${pick} />
      ${preview && html`<div style=${{ marginTop: '10px' }}>
        ${preview.problems.length > 0
          ? html`<${Banner} kind="error">“${preview.name}”有 ${preview.problems.length} 处问题，不能导入：
              <ul>${preview.problems.slice(0, 200).map((p) => html`<li><code>${p.path}</code>：${p.message}</li>`)}</ul><//>`
          : html`<${Banner} kind="info">“${preview.name}”检查通过：
              ${preview.sections.filter((s) => s.count > 0).map((s) => `${s.label} ${s.count} 条`).join('，') || '没有记录'}。
              ${preview.creates.length > 0 && html`<ul data-testid="package-creates">${preview.creates.map((c) => html`<li>${c.note}</li>`)}</ul>`}<//>
            <div class="form-actions"><button type="button" class="primary" onClick=${importNow}>导入</button>
              <button type="button" onClick=${() => setPreview(null)}>取消</button></div>`}
      </div>`}
      ${done && html`<${Banner} kind="ok">${done.text}<//>`}
      ${done && html`<${MergedList} merged=${done.merged} />`}
      <${ErrorBanner} error=${error} />
    </section>
  </div>`;
}

/** What an import of another PC's package kept, and the conflicts it met. */
function MergedList({ merged }) {
  if (!merged || merged.counted.length === 0) return null;
  const total = merged.counted.reduce((n, c) => n + c.count, 0);
  return html`<${Banner} kind=${merged.conflicts > 0 ? 'warn' : 'info'}>
    <div data-testid="import-merged">${merged.counted.map((c) => `${c.label} ${c.count} 条`).join('，')}：
      <ul>${merged.listed.map((m) => html`<li data-kind=${m.kind}>${m.message}</li>`)}</ul>
      ${total > merged.listed.length && html`<p>……另有 ${total - merged.listed.length} 条未列出。</p>`}</div><//>`;
}

export const SETTINGS_TABS = [
  { key: 'office', label: '单位信息', component: ({ reloadStatus }) => html`<${OfficeForm} onSaved=${reloadStatus} />` },
  { key: 'units', label: '科室与社区', component: UnitsEditor },
  { key: 'lists', label: '可选列表', component: ListsEditor },
  { key: 'holidays', label: '节假日与时限', component: HolidaysSettings },
  { key: 'services', label: '服务事项', component: ServicesEditor },
  { key: 'data', label: '数据包', component: DataPackages },
  { key: 'backup', label: '备份与恢复', component: BackupPanel },
  { key: 'locks', label: '年度锁定', component: LocksPanel },
  { key: 'audit', label: '修改记录', component: AuditLog },
];

export function SettingsPage({ reloadStatus }) {
  return html`<div class="page"><h1 class="page-title">设置</h1>
    <${Tabs} tabs=${SETTINGS_TABS} props=${{ reloadStatus }} /></div>`;
}
