// 年报: choose the year, see the tables as they will print with the checks
// marked, edit the prose, and export everything in one click.
import { html, useState, useEffect } from '../html.js';
import { call, callForFiles, isDesktop } from '../api.js';
import { ErrorBanner, Banner, Tag, useLoad, confirmDialog, toast } from '../components/common.js';
import { ReportTables } from './report/tables.js';
import { NarrativeEditor } from './report/narrative.js';
import { DistrictPanel } from './report/district.js';
import { onKeys, pressed } from '../keys.js';

const LEVELS = { error: ['error', '错误'], warning: ['warning', '提醒'], info: ['', '提示'] };

/** The report year clerks most likely mean: last year until June, then this year. */
export function defaultReportYear(today) {
  const [y, m] = today.split('-').map(Number);
  return m <= 6 ? y - 1 : y;
}

// A check about a text or a template names the section (narratives.standard.overview), not records.
const isSection = (r) => r.startsWith('narratives.') || r.startsWith('templates.');

function Checks({ checks, onRecords }) {
  if (checks.length === 0) return html`<${Banner} kind="ok">检查通过：表格的勾稽关系全部成立，没有发现问题。<//>`;
  return html`<ul class="checks" aria-label="检查结果">
    ${checks.map((c) => {
      const [kind, word] = LEVELS[c.level] ?? ['', c.level];
      return html`<li class=${`check ${c.level}`}>
        <${Tag} kind=${kind}>${word}<//> ${c.message}
        ${c.records.length > 0 && !c.records.every(isSection) && html` <button type="button" class="link" onClick=${() => onRecords(c)}>涉及 ${c.records.length} 条记录</button>`}
      </li>`;
    })}
  </ul>`;
}

function TracePanel({ trace, onClose }) {
  if (!trace) return null;
  return html`<section class="pane trace" aria-label="计入该数字的记录" onKeyDown=${onKeys((e) => pressed(e, 'cancel') && onClose())}>
    <div class="pane-head"><h2>${trace.title}（${trace.total} 条）</h2>
      <button type="button" onClick=${onClose}>关闭</button></div>
    ${trace.records.length === 0 ? html`<p class="muted">没有记录。</p>` : html`<ol>
      ${trace.records.map((r) => html`<li><span class="muted">${r.id}</span> ${r.label}</li>`)}
    </ol>`}
    ${trace.total > trace.records.length && html`<p class="hint">只列出前 ${trace.records.length} 条。</p>`}
  </section>`;
}

function ExportBar({ year, options, hasErrors, onDone }) {
  const [chosenTemplate, setTemplate] = useState('standard');
  const [formats, setFormats] = useState(['docx', 'pdf']);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  // A year may not have every template (the standard report exists from 2019): those are not offered, and the
  // page says why; the choice falls back to the first one the year has.
  const offered = options.templates.filter((t) => !t.unavailable);
  const missing = options.templates.filter((t) => t.unavailable);
  const tpl = offered.find((t) => t.key === chosenTemplate) ?? offered[0];
  const template = tpl.key;
  const allowed = tpl.formats.map((f) => f.key);
  const chosen = formats.filter((f) => allowed.includes(f));
  const toggle = (key, on) => setFormats((fs) => (on ? [...fs, key] : fs.filter((f) => f !== key)));
  // With errors the documents (Word, web page, Excel, PDF) stay blocked: they are what gets filed, and a clerk
  // who ticked Word and clicked 导出 expects the report or a refusal, not a folder with only a data file in it.
  // The data file alone (.json) still exports, the errors listed in it, for the district to see what is wrong.
  const blockedByErrors = hasErrors && chosen.some((f) => f !== 'json');
  const run = async () => {
    setBusy(true); setError(null); setResult(null);
    try {
      const r = await callForFiles('report.export', { year, template, formats: chosen });
      if (r) setResult(r);
      onDone?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="pane export-bar" aria-label="导出年报">
    <div class="inline-form">
      <label>模板 <select aria-label="模板" value=${template} onChange=${(e) => setTemplate(e.currentTarget.value)}>
        ${offered.map((t) => html`<option value=${t.key}>${t.label}</option>`)}
      </select></label>
      <span role="group" aria-label="格式">
        ${tpl.formats.map((f) => html`<label class="check"><input type="checkbox" data-format=${f.key} checked=${formats.includes(f.key)}
          onChange=${(e) => toggle(f.key, e.currentTarget.checked)} /> ${f.label}</label>`)}
      </span>
      <button type="button" class="primary" disabled=${busy || chosen.length === 0 || blockedByErrors} onClick=${run}
        data-testid="export-report">${busy ? '正在导出…' : '导出'}</button>
    </div>
    ${missing.map((t) => html`<p class="hint" data-testid="template-unavailable">${t.unavailable}</p>`)}
    ${hasErrors && html`<p class="hint error-text" data-testid="export-blocked">检查发现错误，改正后才能导出文档（见“检查”）。${allowed.includes('json')
      ? '只勾选“数据（.json）”可以先导出数据文件，错误会列在其中。' : ''}</p>`}
    ${chosen.includes('pdf') && !options.pdf_available && html`<p class="hint">导出 PDF 需要安装 LibreOffice（或用 Word/WPS 打开 .docx 另存为 PDF）。</p>`}
    ${busy && html`<p class="hint" role="status">正在生成文件，请稍候……</p>`}
    <${ErrorBanner} error=${error} />
    ${result && html`<${Banner} kind="ok"><span data-testid="export-result">${result.message}：${result.files.map((f) => f.split(/[\\/]/).pop()).join('、')}</span>
      ${isDesktop() && result.folder && html` <button type="button" class="link" onClick=${() => call('shell.open_folder')}>打开文件夹</button>`}<//>`}
  </section>`;
}

const TABS = [['tables', '报表'], ['checks', '检查'], ['narrative', '文字'], ['district', '区县汇总']];

/** 锁定年度: after the report is filed, nothing may change that year's figures. */
function LockControl({ year, lockedAt, onChanged }) {
  if (lockedAt) {
    return html`<span class="lock-state"><${Tag}>已锁定 ${lockedAt.slice(0, 10)}<//>
      <a href="#/settings" class="hint">解锁请到“设置 → 年度锁定”，需填写原因</a></span>`;
  }
  const lock = async () => {
    const ok = await confirmDialog({
      title: `锁定${year}年度？`,
      message: '年报报送后锁定，该年度的记录、窗口业务数字和年报文字就不能再修改，已报送的数字保持可查。确需修改时可以解锁（需填写原因，并记入修改记录）。',
      confirmLabel: '锁定年度',
    });
    if (!ok) return;
    try {
      await call('locks.lock', { year, note: '年报导出后锁定' });
      toast(`已锁定${year}年度`);
      onChanged();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  return html`<button type="button" onClick=${lock} data-testid="lock-year">锁定${year}年度</button>`;
}

export function ReportPage({ status }) {
  const [year, setYear] = useState(defaultReportYear(status.today));
  const [options, optionsError] = useLoad(() => call('report.options', { year }), [year]);
  const [tab, setTab] = useState('tables');
  const [trace, setTrace] = useState(null);
  const [data, error, reload] = useLoad(() => call('report.figures', { year }), [year]);
  useEffect(() => setTrace(null), [year]);
  const thisYear = Number(status.today.slice(0, 4));
  const years = Array.from({ length: 12 }, (_, i) => thisYear - i);

  const openTrace = async (path, label) => {
    try {
      const r = await call('report.trace', { year, path });
      setTrace({ title: label || path, ...r });
    } catch (e) {
      setTrace({ title: label || path, total: 0, records: [], error: e.message });
    }
  };
  const openCheck = async (c) => {
    const records = await call('report.records', { ids: c.records }).catch(() => c.records.map((id) => ({ id, label: '' })));
    setTrace({ title: c.message, total: c.records.length, records });
  };

  const checks = data?.figures.checks ?? [];
  const errors = checks.filter((c) => c.level === 'error').length;
  return html`<div class="page report-page">
    <h1 class="page-title">年报
      <select aria-label="报告年度" title=${`默认年度${status.by_today ?? ''}`} value=${year} onChange=${(e) => setYear(Number(e.currentTarget.value))}>
        ${years.map((y) => html`<option value=${y}>${y}年度</option>`)}
      </select>
      ${data && html`<${LockControl} year=${year} lockedAt=${data.locked_at} onChanged=${reload} />`}
    </h1>
    <${ErrorBanner} error=${optionsError || error} />
    ${options && data && html`
      <${ExportBar} year=${year} options=${options} hasErrors=${data.has_errors} onDone=${reload} />
      <div class="tabs" role="tablist">
        ${TABS.map(([k, l]) => html`<button type="button" role="tab" aria-selected=${tab === k ? 'true' : 'false'} onClick=${() => setTab(k)}>
          ${l}${k === 'checks' && checks.length > 0 ? `（${errors > 0 ? `${errors} 错误，` : ''}${checks.length} 项）` : ''}</button>`)}
      </div>
      <${TracePanel} trace=${trace} onClose=${() => setTrace(null)} />
      ${tab === 'tables' && html`<${ReportTables} data=${data} onTrace=${openTrace} />`}
      ${tab === 'checks' && html`<${Checks} checks=${checks} onRecords=${openCheck} />`}
      ${tab === 'narrative' && html`<${NarrativeEditor} year=${year} locked=${!!data.locked_at} />`}
      ${tab === 'district' && html`<${DistrictPanel} year=${year} />`}
    `}
  </div>`;
}
