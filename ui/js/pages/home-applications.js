// 首页 card of 依申请公开: applications past their reply date, those due
// within 3 working days, those marked 需补正 whose 7 working days for the
// notice are running out, corrections awaiting their 补正期限, and fees unpaid
// past their period — each with its status in words (and its due date marked
// when a year's holiday schedule it crosses is not entered). The lists come
// from the register's status rules (`applications.attention`).
import { html } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, Tag, useLoad } from '../components/common.js';
import { StatusTag } from '../components/register.js';
import { dueWords } from './applications.js';

function Item({ record, when }) {
  return html`<li title=${record._due_explain}>
    <div class="card-item">${record.serial}　${record.request}</div>
    <div><${StatusTag} record=${record} /> <span class="muted nowrap" data-testid="home-application-due">${when(record)}</span></div>
  </li>`;
}

/** The lists in the order the card shows them, with what each item's date says. */
const LISTS = [
  { key: 'overdue', count: '件已逾期', when: (r) => `期限 ${dueWords(r)}` },
  { key: 'due_soon', count: '件3个工作日内到期', when: (r) => `期限 ${dueWords(r)}` },
  { key: 'notice_due_soon', count: '件需补正待发通知', when: (r) => `补正通知期限 ${r._correction_due_on}` },
  { key: 'awaiting_correction', count: '件待补正', when: (r) => `补正期限 ${r.correction_deadline_on ?? '未填写'}` },
  { key: 'payment_lapsed', count: '件逾期未缴费', when: (r) => `缴费期限 ${r._payment_due_on}` },
];

export function ApplicationsCard() {
  const [data, error] = useLoad(() => call('applications.attention'), []);
  const shown = data ? LISTS.filter((l) => l.key === 'overdue' || l.key === 'due_soon' || data[l.key].length > 0) : [];
  const empty = data && LISTS.every((l) => data[l.key].length === 0);
  return html`<section class="card" aria-label="依申请公开期限" data-testid="home-applications">
    <h2>依申请公开 <a href="#/applications">打开台账</a></h2>
    <${ErrorBanner} error=${error} />
    ${data && html`<div class="stats">
      ${shown.map((l) => html`<div key=${l.key} data-testid=${`home-applications-${l.key}`}><span class="big">${data[l.key].length}</span> ${l.count}</div>`)}
    </div>`}
    ${empty && html`<p><${Tag} kind="ok">按时<//> 没有逾期或即将到期的申请。</p>`}
    ${data && html`<ul class="due-list">
      ${shown.flatMap((l) => data[l.key].map((r) => html`<${Item} key=${`${l.key}-${r.id}`} record=${r} when=${l.when} />`))}
    </ul>`}
  </section>`;
}
