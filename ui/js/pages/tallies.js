// 窗口业务.
import { html } from '../html.js';

export function TalliesPage() {
  return html`<div class="page"><h1 class="page-title">窗口业务</h1></div>`;
}
