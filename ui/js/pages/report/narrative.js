// 年报 → 文字: the prose of each section, per year and template. A section
// without saved text starts from a draft generated from the data;
// placeholders ({{disclosures.total}} …) are filled in when the report is made.
import { html, useState, useEffect, useRef } from '../../html.js';
import { call } from '../../api.js';
import { ErrorBanner, Banner, Tag, toast, confirmDialog } from '../../components/common.js';
import { loadDraft, saveDraft, clearDraft } from '../../drafts.js';
import { onKeys, pressed, shortcut } from '../../keys.js';

// A work summary heading as the office words it this year (a province may
// name its sections differently); empty goes back to the generic heading.
function HeadingEditor({ year, section, locked, onSaved }) {
  const [value, setValue] = useState(section.heading);
  const [error, setError] = useState(null);
  useEffect(() => setValue(section.heading), [section]);
  const save = async (heading) => {
    try {
      await call('report.heading_save', { year, section: section.key, heading });
      setError(null);
      toast(heading === null ? `已恢复默认标题“${section.default_heading}”` : `已保存标题“${heading}”`);
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  const onKey = onKeys((e) => {
    if (e.key === 'Enter' || pressed(e, 'save')) { e.preventDefault(); if (!locked && value !== section.heading) save(value); }
  });
  return html`<div class="heading-edit inline-form" data-testid="heading-edit">
    <label>标题 <input aria-label=${`${section.default_heading}的标题`} value=${value} disabled=${locked} size="40"
      onInput=${(e) => setValue(e.currentTarget.value)} onKeyDown=${onKey} /></label>
    <button type="button" disabled=${locked || value === section.heading} onClick=${() => save(value)}>保存标题</button>
    <button type="button" disabled=${locked || section.own_heading == null} onClick=${() => save(null)}>恢复默认</button>
    <${ErrorBanner} error=${error} />
  </div>`;
}

function SectionEditor({ year, template, section, placeholders, locked, onSaved }) {
  // Browser mode: unsaved text is kept as it is typed and brought back (drafts.js).
  const draftKey = `report.${year}.${template}.${section.key}`;
  const [restored, setRestored] = useState(() => {
    const d = loadDraft(draftKey);
    return typeof d?.text === 'string' && d.text !== section.text && !locked;
  });
  const [text, setText] = useState(() => (restored ? loadDraft(draftKey).text : section.text));
  const [preview, setPreview] = useState({ rendered: section.rendered, message: section.error });
  const [error, setError] = useState(null);
  const areaRef = useRef(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    setText(section.text); setPreview({ rendered: section.rendered, message: section.error });
  }, [section]);
  const dirty = text !== section.text;
  useEffect(() => {
    if (dirty) saveDraft(draftKey, { text });
    else { clearDraft(draftKey); setRestored(false); }
  }, [text, section]);

  // Preview as the clerk types (after a short pause).
  useEffect(() => {
    if (!dirty) return undefined;
    const t = setTimeout(() => {
      call('report.preview', { year, template, text }).then(setPreview, setError);
    }, 300);
    return () => clearTimeout(t);
  }, [text]);

  const save = async (value) => {
    try {
      await call('report.narrative_save', { year, template, section: section.key, text: value });
      setError(null);
      toast(value === null ? `“${section.heading}”已恢复为自动生成的草稿` : `已保存“${section.heading}”`);
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  const resetToDraft = async () => {
    const ok = await confirmDialog({ title: '恢复为草稿？', message: '将放弃本部分已保存的文字，改用根据数据自动生成的草稿。', confirmLabel: '恢复草稿' });
    if (ok) save(null);
  };
  const insert = (key) => {
    const el = areaRef.current;
    const token = `{{${key}}}`;
    const at = el ? el.selectionStart : text.length;
    const next = text.slice(0, at) + token + text.slice(el ? el.selectionEnd : at);
    setText(next);
    setTimeout(() => { el?.focus(); el?.setSelectionRange(at + token.length, at + token.length); }, 0);
  };
  const onKey = onKeys((e) => {
    if (pressed(e, 'save')) { e.preventDefault(); if (!locked) save(text); }
    if (pressed(e, 'cancel') && dirty) { e.preventDefault(); setText(section.text); }
  });
  return html`<section class="pane narrative" aria-label=${section.heading} data-section=${section.key}>
    <div class="pane-head">
      <h2>${section.heading}</h2>
      ${section.saved === null ? html`<${Tag}>自动草稿<//>` : html`<${Tag} kind="ok">已保存<//>`}
      ${dirty && html`<${Tag} kind="soon">未保存<//>`}
      ${restored && dirty && html`<span class="draft-note" role="status">已恢复未保存的内容</span>`}
    </div>
    ${section.heading_editable && html`<${HeadingEditor} year=${year} section=${section} locked=${locked} onSaved=${onSaved} />`}
    <div class="narrative-body">
      <div class="narrative-edit">
        <textarea ref=${areaRef} rows="8" aria-label=${`${section.heading}文字`} value=${text} disabled=${locked}
          onInput=${(e) => setText(e.currentTarget.value)} onKeyDown=${onKey}></textarea>
        <div class="form-actions">
          <button type="button" class="primary" disabled=${locked || !dirty} onClick=${() => save(text)} title=${shortcut('save')}>保存</button>
          <button type="button" disabled=${locked || section.saved === null} onClick=${resetToDraft}>恢复草稿</button>
          <select aria-label="插入数字" disabled=${locked} onChange=${(e) => { if (e.currentTarget.value) insert(e.currentTarget.value); e.currentTarget.value = ''; }}>
            <option value="">插入数字…</option>
            ${placeholders.map((p) => html`<option value=${p.key}>${p.label}（${p.value}）</option>`)}
          </select>
        </div>
      </div>
      <div class="narrative-preview" aria-label="预览">
        ${preview.message ? html`<${Banner} kind="error">${preview.message}<//>`
          : (preview.rendered || '').split('\n').filter((l) => l.trim()).map((l) => html`<p>${l}</p>`)}
      </div>
    </div>
    <${ErrorBanner} error=${error} />
  </section>`;
}

export function NarrativeEditor({ year, locked }) {
  const [template, setTemplate] = useState('standard');
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  // Only the answer for the year and template asked last is shown: switching
  // quickly must not leave one template's sections under the other's name
  // (a save would then file the text under the wrong template).
  const asked = useRef(0);
  const load = () => {
    const ticket = ++asked.current;
    const current = (apply) => (value) => { if (ticket === asked.current) apply(value); };
    return call('report.narratives', { year, template })
      .then(current((d) => { setData({ ...d, year, template }); setError(null); }), current(setError));
  };
  useEffect(() => { load(); }, [year, template]);
  return html`<div class="narratives">
    <div class="toolbar">
      <label>模板 <select aria-label="文字所属模板" value=${template} onChange=${(e) => setTemplate(e.currentTarget.value)}>
        <option value="standard">标准格式（一、五、六部分）</option>
        <option value="summary">工作总结（八个部分）</option>
      </select></label>
      <span class="hint">“{{…}}”是自动计算的数字，导出时填入。右侧为导出效果。</span>
    </div>
    ${locked && html`<${Banner} kind="info">该年度已锁定，文字不能修改。<//>`}
    <${ErrorBanner} error=${error} />
    ${data && data.year === year && data.template === template && data.sections.map((s) => html`<${SectionEditor} key=${`${template}-${s.key}`} year=${year} template=${template}
      section=${s} placeholders=${data.placeholders} locked=${locked} onSaved=${load} />`)}
  </div>`;
}
