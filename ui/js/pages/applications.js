// 依申请公开: the application register with its statutory clock (status, due
// date and how it was computed), the fee calculator (按件 with items, 按量 by
// pages), the one-step closes (逾期不补正, 逾期未缴费, 撤回) on a date the clerk
// confirms; and the reconsiderations and lawsuits.
import { html, useState, useEffect } from '../html.js';
import { call } from '../api.js';
import { RegisterView } from '../components/register.js';
import { confirmDialog, toast, Tag } from '../components/common.js';
import { tidyDate } from '../components/fields.js';
import { Tabs } from './tabs.js';

/** What the due-date column says while the clock is paused. */
const PAUSED = {
  awaiting_correction: '补正后重新计算',
  consulting: '征求意见期间暂停',
  awaiting_payment: '缴费后顺延',
};

/** Beside a due date that crosses a year whose holiday schedule is not entered (as disclosures say it). */
export const PROVISIONAL = '（节假日未录入）';

/** The reply's due date, marked when it is provisional. */
export const dueWords = (r) => (r._due_on ? `${r._due_on}${r._due_provisional ? PROVISIONAL : ''}` : '');

const DUE_COLUMN = {
  key: '_due_on',
  label: '答复期限',
  after: 'request',
  value: (r) => (r._status === 'closed' ? '' : dueWords(r) || PAUSED[r._status] || ''),
  title: (r) => r._due_explain ?? '',
};

const CORRECTION_RULE = '需要补正的，应在收到申请后7个工作日内一次性告知';
/** The working days the correction notice is due within (Regulation Art. 30). */
const CORRECTION_NOTICE_DAYS = 7;

const DETAILS = [
  {
    label: '补正通知期限',
    value: (r) => (r._correction_due_on ? html`<span data-testid="correction-due">${r._correction_due_explain}（${CORRECTION_RULE}）</span>
      ${r._correction_late && html` <${Tag} kind="late">${r._correction_late}<//>`}` : ''),
  },
  {
    label: '延期告知',
    value: (r) => (r._extension_unnotified
      ? html`<${Tag} kind="soon"><span data-testid="extension-unnotified">已延期，尚未填写告知申请人的日期（条例第三十三条第一款）</span><//>` : ''),
  },
  {
    label: '第三方答复期限',
    value: (r) => (r._third_party_due_on ? html`<span data-testid="third-party-due">${r._third_party_due_explain}</span>` : ''),
  },
  {
    label: '缴费期限',
    value: (r) => (r._payment_due_on ? html`<span data-testid="payment-due">${r._payment_due_explain}</span>
      ${r._payment_lapsed && html` <${Tag} kind="late">缴费期限已过，可按逾期未缴费办结<//>`}` : ''),
  },
];

const isoDate = (text) => {
  const t = tidyDate(text);
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
};

/**
 * Under 补正通知日期 in the form: the notice's due date with the days it
 * crossed, and a notice when the date typed is after it (the reply's clock
 * still restarts from the corrected application; the lateness is only flagged).
 */
function CorrectionHint({ values }) {
  const received = isoDate(values.received_on);
  const [due, setDue] = useState(null);
  useEffect(() => {
    setDue(null);
    if (!received) return undefined;
    let live = true;
    call('calendar.due', { start: received, days: CORRECTION_NOTICE_DAYS }).then((d) => live && setDue(d), () => {});
    return () => { live = false; };
  }, [received]);
  if (!due) return null;
  const asked = isoDate(values.correction_requested_on);
  const late = asked !== null && asked > due.due;
  return html`<p class="hint due-hint" aria-live="polite" data-testid="correction-hint">
    补正通知期限${due.explain}
    ${late && html`<br /><${Tag} kind="late"><span role="alert" data-testid="correction-late">补正通知晚于期限（${due.due}），超过收到申请后${CORRECTION_NOTICE_DAYS}个工作日</span><//>`}
  </p>`;
}

/**
 * Ask for a date in a confirmation: resolves the date typed (tidied), or
 * null when cancelled. The date decides the year the application counts in,
 * so it is never silently today.
 */
async function askDate({ title, text, label, value, confirmLabel, extra }) {
  let typed = value ?? '';
  let note = '';
  const message = html`<p>${text}</p>
    <label>${label} <input aria-label=${label} data-testid="confirm-date" value=${typed}
      onInput=${(e) => { typed = e.target.value; }} /></label>
    ${extra && html`<label>${extra} <input aria-label=${extra} data-testid="confirm-note"
      onInput=${(e) => { note = e.target.value; }} /></label>`}`;
  const ok = await confirmDialog({ title, message, confirmLabel });
  return ok ? { date: tidyDate(typed), note } : null;
}

/**
 * A one-action close of an application on a date the clerk confirms (never
 * silently today: the date decides the year table 三 counts it in).
 */
function closeAction({ label, show, title, text, from, close, done }) {
  return {
    label,
    show,
    run: async (r) => {
      const answer = await askDate({ title, text: text(r), label: '办结日期', value: from(r) ?? '', confirmLabel: '办结' });
      if (!answer) return null;
      const updated = await close(r.id, answer.date);
      toast(`已办结：${updated.serial}（${done}）`);
      return updated;
    },
  };
}

const CLOSE_NO_CORRECTION = closeAction({
  label: '逾期不补正，办结',
  show: (r) => r._status === 'awaiting_correction',
  title: '按逾期不补正办结这条申请？',
  text: (r) => `办理结果记为“其他处理·申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”。${r.correction_deadline_on ? `补正期限 ${r.correction_deadline_on}，办结日期应在其后；` : ''}默认为补正期限后的第一个工作日。办结后仍可修改，修改记录中可查看。`,
  from: (r) => r._no_correction_from,
  close: (id, date) => call('applications.set_no_correction', { id, replied_on: date }),
  done: '逾期不补正',
});

const CLOSE_FEE_UNPAID = closeAction({
  label: '逾期未缴费，办结',
  show: (r) => Boolean(r._payment_lapsed),
  title: '按逾期未缴费办结这条申请？',
  text: (r) => `缴费期限 ${r._payment_due_on} 已过。办理结果记为“其他处理·2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”，未缴的费用不计入年报的收费金额。`,
  from: (r) => r._fee_unpaid_from,
  close: (id, date) => call('applications.close_fee_unpaid', { id, replied_on: date }),
  done: '逾期未缴费',
});

const WITHDRAW = {
  label: '申请人撤回',
  show: (r) => r._status !== 'closed',
  run: async (r) => {
    const answer = await askDate({
      title: '登记申请人撤回？',
      text: '撤回的申请按“其他处理·3.其他”办结，答复日期为撤回日期，撤回理由保留在记录中。',
      label: '撤回日期',
      value: '',
      extra: '撤回理由',
      confirmLabel: '登记撤回',
    });
    if (!answer) return null;
    const updated = await call('applications.withdraw', { id: r.id, withdrawn_on: answer.date, reason: answer.note });
    toast(`已办结：${updated.serial}（申请人撤回）`);
    return updated;
  },
};

const APPEAL_DETAILS = [{ label: '相关申请内容', value: (r) => r._application_title ?? '' }];

/**
 * Under 信息处理费: suggests the fee — 按件 from the applicant's items that
 * month (一事一申请), or 按量 from the pages — with its bands in words.
 */
function FeeHelper({ values, set, record }) {
  const [suggestion, setSuggestion] = useState(null);
  const [error, setError] = useState(null);
  const perPage = values.fee_basis === 'per_page';
  const suggest = async () => {
    try {
      setSuggestion(await call('applications.suggest_fee', {
        applicant_name: values.applicant_name,
        received_on: values.received_on,
        serial: values.serial || null,
        id: record?.id ?? null,
        fee_basis: values.fee_basis || 'per_item',
        item_count: Number(values.item_count) || 1,
        fee_pages: Number(values.fee_pages) || null,
      }));
      setError(null);
    } catch (e) {
      setSuggestion(null);
      setError(e.message);
    }
  };
  return html`<div class="field-extra">
    <button type="button" class="link" onClick=${suggest}>${perPage ? '按页数计算建议金额' : '按本月申请件数计算建议金额'}</button>
    ${suggestion && html`<span class="hint" role="status">${suggestion.explain}</span>`}
    ${suggestion && suggestion.fee_yuan > 0 && html`<button type="button" class="link"
      onClick=${() => set('fee_yuan', String(suggestion.fee_yuan))}>填入 ${suggestion.fee_yuan} 元</button>`}
    ${error && html`<span class="error" role="alert">${error}</span>`}
  </div>`;
}

const TABS = [
  {
    key: 'applications',
    label: '申请登记',
    component: ({ defaultYear }) => html`<${RegisterView} register="applications" defaultYear=${defaultYear}
      keep=${['applicant_kind', 'channel']} filterFields=${['applicant_kind', 'result']}
      extraColumns=${[DUE_COLUMN]} details=${DETAILS} actions=${[CLOSE_NO_CORRECTION, CLOSE_FEE_UNPAID, WITHDRAW]}
      fieldExtras=${{ fee_yuan: FeeHelper, correction_requested_on: CorrectionHint }} />`,
  },
  {
    key: 'appeals',
    label: '复议诉讼',
    component: ({ defaultYear }) => html`<${RegisterView} register="appeals" defaultYear=${defaultYear}
      keep=${['kind']} details=${APPEAL_DETAILS} />`,
  },
];

export function ApplicationsPage({ status }) {
  const defaultYear = Number(status?.today?.slice(0, 4)) || null;
  return html`<div class="page"><h1 class="page-title">依申请公开</h1>
    <${Tabs} tabs=${TABS} props=${{ defaultYear }} /></div>`;
}
