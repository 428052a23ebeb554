// 主动公开: the disclosure register and the office's smaller registers, one tab each.
import { html, useState, useEffect } from '../html.js';
import { call } from '../api.js';
import { RegisterView } from '../components/register.js';
import { Tabs } from './tabs.js';
import { ExcelImport } from './disclosures-excel.js';
import { AnnualFigures } from './annual-figures.js';

/** A query preset from the address, e.g. `#/disclosures?status=late` (from 首页). */
function queryFromHash() {
  const i = location.hash.indexOf('?');
  if (i < 0) return null;
  const params = new URLSearchParams(location.hash.slice(i + 1));
  const status = params.get('status');
  return status ? { status, year: '' } : null;
}

const yearOf = (status) => Number(String(status?.today ?? '').slice(0, 4)) || new Date().getFullYear();

/** Both deadlines of the disclosure being typed, as soon as its formed date is. */
function DueHint({ values }) {
  const [limits, setLimits] = useState(null);
  const [due, setDue] = useState(null);
  useEffect(() => { call('disclosures.limits').then(setLimits, () => {}); }, []);
  const formed = values.formed_on;
  useEffect(() => {
    setDue(null);
    if (!limits || !/^\d{4}-\d{2}-\d{2}$/.test(formed || '')) return undefined;
    let live = true;
    Promise.all([
      call('calendar.due', { start: formed, days: limits.statutory_days }),
      call('calendar.due', { start: formed, days: limits.local_limit_days }),
    ]).then(([statutory, local]) => live && setDue({ statutory, local }), () => {});
    return () => { live = false; };
  }, [formed, limits]);
  if (!due) return null;
  const skipped = due.statutory.explain.replace(/^截止 [\d-]+：\d+个工作日，?/, '');
  return html`<p class="hint due-hint" aria-live="polite" data-testid="due-hint"
      title=${`法定期限${due.statutory.explain}\n本单位时限${due.local.explain}`}>
    公开期限：法定 <strong>${due.statutory.due}</strong>，本单位 <strong>${due.local.due}</strong>
    ${skipped && html`<br />${skipped}`}
    ${due.statutory.provisional && html` <span class="tag soon">节假日未录入，仅供参考</span>`}
  </p>`;
}

const DUE_HINT = { formed_on: DueHint };

/** The register; or, while the clerk imports a sheet, the import in its place. */
function DisclosuresTab({ status }) {
  const [importing, setImporting] = useState(false);
  if (importing) return html`<${ExcelImport} onClose=${() => setImporting(false)} />`;
  return html`<${RegisterView} register="disclosures" keep=${['category', 'unit', 'channels']}
    filterFields=${['category', 'unit', 'channels']} defaultYear=${yearOf(status)} initialQuery=${queryFromHash()}
    fieldExtras=${DUE_HINT}
    toolbar=${html`<button type="button" onClick=${() => setImporting(true)}>从 Excel 导入…</button>`} />`;
}

const simple = (register, extra = {}) => ({ status }) => html`<${RegisterView} register=${register}
  defaultYear=${yearOf(status)} ...${extra} />`;

const TABS = [
  { key: 'disclosures', label: '主动公开信息', component: DisclosuresTab },
  { key: 'normative_documents', label: '规范性文件', component: simple('normative_documents', { initialQuery: { year: '' } }) },
  { key: 'messages', label: '网友留言', component: simple('messages') },
  { key: 'proposals', label: '建议提案', component: simple('proposals') },
  { key: 'spot_checks', label: '网站抽查', component: simple('spot_checks', { extraColumns: [{ label: '季度', value: (r) => r._quarter_label ?? '', after: 'checked_on' }] }) },
  { key: 'annual_figures', label: '年度数据', component: AnnualFigures },
];

export function DisclosuresPage({ status }) {
  return html`<div class="page"><h1 class="page-title">主动公开</h1><${Tabs} tabs=${TABS} props=${{ status }} /></div>`;
}
