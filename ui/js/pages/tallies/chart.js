// A bar chart of monthly totals, drawn as SVG from the figures (no library,
// no inline styles: colours come from app.css). Each bar carries its number
// as text, so the chart reads without colour.
import { html } from '../../html.js';
import { fmt } from './shared.js';

const W = 720;
const H = 220;
const PAD = { top: 22, right: 10, bottom: 26, left: 44 };

/** A round step for the value axis: 1, 2 or 5 × 10^n. */
function niceStep(max) {
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) || p;
}

export function BarChart({ values, labels, title }) {
  const max = Math.max(1, ...values);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / values.length;
  const barW = Math.min(36, slot * 0.6);
  const y = (v) => PAD.top + plotH - (v / top) * plotH;
  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return html`<figure class="tally-chart">
    <figcaption>${title}</figcaption>
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${`${title}：${labels.map((l, i) => `${l}${values[i]}`).join('，')}`}>
      ${ticks.map((v) => html`<g>
        <line class="grid-line" x1=${PAD.left} x2=${W - PAD.right} y1=${y(v)} y2=${y(v)} />
        <text class="axis" x=${PAD.left - 6} y=${y(v) + 4} text-anchor="end">${fmt(v) || '0'}</text></g>`)}
      ${values.map((v, i) => {
        const x = PAD.left + slot * i + (slot - barW) / 2;
        return html`<g>
          <rect class="bar" x=${x} y=${y(v)} width=${barW} height=${Math.max(0, PAD.top + plotH - y(v))}><title>${labels[i]}：${v}</title></rect>
          ${v > 0 && html`<text class="bar-value" x=${x + barW / 2} y=${y(v) - 4} text-anchor="middle">${fmt(v)}</text>`}
          <text class="axis" x=${x + barW / 2} y=${H - 8} text-anchor="middle">${labels[i]}</text></g>`;
      })}
    </svg>
  </figure>`;
}
