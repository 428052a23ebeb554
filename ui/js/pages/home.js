// 首页: what needs attention today.
import { html } from '../html.js';

export function HomePage({ status }) {
  return html`<div class="page">
    <h1 class="page-title">首页</h1>
    <div class="cards">
      <section class="card" aria-label="本单位">
        <h2>本单位</h2>
        <div class="big">${status.office.name}</div>
        <p class="muted">${status.office.superior || '（未填写上级机关）'}${status.office.contact ? ` · ${status.office.contact}` : ''}</p>
      </section>
    </div>
  </div>`;
}
