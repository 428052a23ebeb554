// 首页: what needs attention today. Each register contributes its own card
// (overdue items, due soon, this month's totals …) from its own module.
import { html } from '../html.js';
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

export function HomePage({ status }) {
  return html`<div class="page">
    <h1 class="page-title">首页</h1>
    <div class="cards">${CARDS.map((Card) => html`<${Card} status=${status} />`)}</div>
  </div>`;
}
