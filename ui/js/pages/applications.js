// 依申请公开.
import { html } from '../html.js';

export function ApplicationsPage() {
  return html`<div class="page"><h1 class="page-title">依申请公开</h1></div>`;
}
