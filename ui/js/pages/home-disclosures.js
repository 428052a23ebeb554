// 首页 card: disclosures past their limit or due soon, this year's record,
// and a reminder when the holiday schedule a due date needs is missing.
import { html } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, useLoad } from '../components/common.js';

export function DisclosuresCard() {
  const [data, error] = useLoad(() => Promise.all([call('disclosures.summary'), call('holidays.years')]), []);
  if (!data) return html`<section class="card" aria-label="主动公开"><h2>主动公开</h2><${ErrorBanner} error=${error} /></section>`;
  const [s, years] = data;
  const link = (status) => `#/disclosures?status=${status}`;
  return html`<section class="card" aria-label="主动公开" data-testid="card-disclosures">
    <h2>主动公开 <a href="#/disclosures">打开</a></h2>
    <div class=${s.overdue ? 'big late-text' : 'big'} data-testid="overdue-count">${s.overdue}</div>
    <p class="muted">条未公开且已超本单位时限（${s.local_limit_days}个工作日）</p>
    <ul>
      ${s.overdue > 0 && html`<li><a href=${link('late')}>超本单位时限未公开 ${s.overdue} 条</a>${s.overdue_statutory ? html`，其中<strong class="late-text">超法定时限 ${s.overdue_statutory} 条</strong>` : ''}</li>`}
      <li data-testid="soon-count">${s.soon ? html`<a href=${link('soon')}>${s.soon_days}个工作日内到期 ${s.soon} 条</a>` : `${s.soon_days}个工作日内没有到期的`}</li>
      <li>${s.year}年已公开 ${s.published} 条${s.published_late ? `，其中超本单位时限 ${s.published_late} 条` : ''}${s.published_late_statutory ? `、超法定时限 ${s.published_late_statutory} 条` : ''}</li>
      ${years.unknown.map((y) => html`<li class="late-text">${y}年节假日安排尚未录入，跨年的期限暂按周一至周五计算。
        请在<a href="#/settings">设置 → 节假日与时限</a>中录入。</li>`)}
    </ul>
  </section>`;
}
