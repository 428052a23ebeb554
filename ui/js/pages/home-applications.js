// 首页 card of 依申请公开: applications past their reply date, and those due
// within 3 working days, each with its status in words (and its due date
// marked when a year's holiday schedule it crosses is not entered).
import { html } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, Tag, useLoad } from '../components/common.js';
import { StatusTag } from '../components/register.js';
import { dueWords } from './applications.js';

function Item({ record }) {
  return html`<li title=${record._due_explain}>
    <div class="card-item">${record.serial}　${record.request}</div>
    <div><${StatusTag} record=${record} /> <span class="muted nowrap" data-testid="home-application-due">期限 ${dueWords(record)}</span></div>
  </li>`;
}

export function ApplicationsCard() {
  const [data, error] = useLoad(() => call('applications.attention'), []);
  return html`<section class="card" aria-label="依申请公开期限" data-testid="home-applications">
    <h2>依申请公开 <a href="#/applications">打开台账</a></h2>
    <${ErrorBanner} error=${error} />
    ${data && html`<div class="stats">
      <div><span class="big">${data.overdue.length}</span> 件已逾期</div>
      <div><span class="big">${data.due_soon.length}</span> 件3个工作日内到期</div>
    </div>`}
    ${data && data.overdue.length + data.due_soon.length === 0
      && html`<p><${Tag} kind="ok">按时<//> 没有逾期或即将到期的申请。</p>`}
    ${data && html`<ul class="due-list">
      ${data.overdue.map((r) => html`<${Item} key=${r.id} record=${r} />`)}
      ${data.due_soon.map((r) => html`<${Item} key=${r.id} record=${r} />`)}
    </ul>`}
  </section>`;
}
