// 首页: what needs attention today. Each register contributes its own card
// (overdue items, due soon, this month's totals …) from its own module.
import { html } from '../html.js';
import { call } from '../api.js';
import { Banner, useLoad } from '../components/common.js';
import { DisclosuresCard } from './home-disclosures.js';
import { ApplicationsCard } from './home-applications.js';
import { TalliesCard } from './home-tallies.js';
import { ReportCard } from './home-report.js';
import { BackupCard } from './home-backup.js';

function OfficeCard({ status }) {
  return html`<section class="card" aria-label="本单位">
    <h2>本单位</h2>
    <div class="big">${status.office.name}</div>
    <p class="muted">${status.office.superior || '（未填写上级机关）'}${status.office.contact ? ` · ${status.office.contact}` : ''}</p>
  </section>`;
}

/** Cards shown on 首页, in order. Add one line per card. */
export const CARDS = [
  OfficeCard,
  DisclosuresCard,
  ApplicationsCard,
  TalliesCard,
  ReportCard,
  BackupCard,
];

/** A PC clock years off (before the program was built, before the last
 * save or the newest record) would move every due date silently: said first. */
function ClockWarning() {
  const [clock] = useLoad(() => call('app.clock'), []);
  if (!clock?.warning) return null;
  return html`<div data-testid="clock-warning"><${Banner} kind="error">${clock.warning.message}<//></div>`;
}

export function HomePage({ status }) {
  return html`<div class="page">
    <h1 class="page-title">首页</h1>
    <${ClockWarning} />
    <p class="hint" data-testid="home-today">到期、逾期和提醒均${status.by_today}。</p>
    <div class="cards">${CARDS.map((Card) => html`<${Card} status=${status} />`)}</div>
  </div>`;
}
