// 首页 card: this month's service-window total against last month's.
import { html } from '../html.js';
import { call } from '../api.js';
import { useLoad } from '../components/common.js';

export function TalliesCard() {
  const [t, error] = useLoad(() => call('tallies.home'), []);
  if (error) return null;
  const diff = t ? t.this_month - t.last_month_total : 0;
  const words = !t ? '' : diff > 0 ? `比上月多 ${diff.toLocaleString('zh-CN')}` : diff < 0 ? `比上月少 ${(-diff).toLocaleString('zh-CN')}` : '与上月持平';
  return html`<section class="card" aria-label="窗口业务" data-testid="home-tallies">
    <h2>窗口业务 <a href="#/tallies">录入</a></h2>
    ${t && html`
      <div class="big">${t.this_month.toLocaleString('zh-CN')}</div>
      <p class="muted">${t.year}年${t.month}月各窗口合计 · 上月（${t.last_month}月）${t.last_month_total.toLocaleString('zh-CN')} · ${words}</p>`}
  </section>`;
}
