// What paper carries that the screen does not: the office and what is shown
// (section, filter) at the top of every printed page of a list, as a row of
// the table's head, which the print engine repeats on each page with the
// column headers. Page size, orientation and page numbers are ui/css/app.css's
// @media print.
import { html } from '../html.js';

let office = '';

/** The shell tells the office's name once it knows it. */
export function setPrintOffice(name) { office = name || ''; }

/** `<tr>` shown only on paper: office · title · filter words. */
export function PrintHeadRow({ title, filter = [], colSpan }) {
  return html`<tr class="print-head"><th colspan=${colSpan} scope="colgroup">
    <span class="print-office">${office}</span> <span class="print-title">${title}</span>
    ${filter.length > 0 && html`<span class="print-filter">${filter.join(' · ')}</span>`}
  </th></tr>`;
}

/** A block shown only on paper above a page that is not one list (年报, 汇总). */
export function PrintHeading({ title }) {
  return html`<div class="print-heading"><span class="print-office">${office}</span> <span class="print-title">${title}</span></div>`;
}
