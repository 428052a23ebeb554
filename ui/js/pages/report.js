// 年报.
import { html } from '../html.js';

export function ReportPage() {
  return html`<div class="page"><h1 class="page-title">年报</h1></div>`;
}
