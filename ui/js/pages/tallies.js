// 窗口业务: service-window tallies. 录入 (the grid) is the heart; 汇总 shows
// the year; 其他数据 holds the summary's other figures; Excel sheets import.
import { html } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, useLoad } from '../components/common.js';
import { Tabs } from './tabs.js';
import { EntryView } from './tallies/entry.js';
import { SummaryView } from './tallies/views.js';
import { MetricsView } from './tallies/metrics.js';
import { ImportView } from './tallies/import.js';
import { todayParts } from './tallies/shared.js';

const TABS = [
  { key: 'entry', label: '录入', component: EntryView },
  { key: 'summary', label: '汇总', component: SummaryView },
  { key: 'metrics', label: '其他数据', component: MetricsView },
  { key: 'import', label: '从 Excel 导入', component: ImportView },
];

export function TalliesPage({ status }) {
  const [windows, error] = useLoad(() => call('tallies.windows'), []);
  return html`<div class="page tallies-page"><h1 class="page-title">窗口业务</h1>
    <${ErrorBanner} error=${error} />
    ${windows && html`<${Tabs} tabs=${TABS} props=${{ windows, today: todayParts(status) }} />`}
  </div>`;
}
