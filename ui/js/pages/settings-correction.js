// 设置 → 节假日与时限: the office's default 补正期限, in working days from the
// correction notice. A notice's own deadline is stored with the application;
// this only fills a blank one.
import { html, useState, useEffect } from '../html.js';
import { call } from '../api.js';
import { ErrorBanner, toast, useLoad } from '../components/common.js';

export function CorrectionDays() {
  const [data, error, reload] = useLoad(() => call('applications.correction_days'), []);
  const [days, setDays] = useState('');
  const [formError, setFormError] = useState(null);
  useEffect(() => { if (data) setDays(String(data.correction_days)); }, [data]);
  if (!data) return html`<${ErrorBanner} error=${error} />`;
  const save = async (e) => {
    e.preventDefault();
    try {
      const r = await call('applications.save_correction_days', { correction_days: Number(days) });
      setFormError(null);
      toast(`补正期限默认改为 ${r.correction_days} 个工作日（已发出的补正通知不变）`);
      reload();
    } catch (err) {
      setFormError(err);
    }
  };
  return html`<form class="pane" onSubmit=${save} aria-label="补正期限">
    <h2>补正期限</h2>
    <p class="hint">依申请公开的补正通知给申请人的期限。登记补正通知日期而未填写补正期限的，按此从通知日期起计算；期限届满后才能按“逾期不补正”办结。</p>
    <div class="inline-form">
      <label>默认补正期限 <input aria-label="默认补正期限（工作日）" class="narrow" inputmode="numeric" value=${days}
        aria-invalid=${formError ? 'true' : undefined} onInput=${(e) => setDays(e.currentTarget.value)} /> 个工作日</label>
      <button type="submit" class="primary">保存</button>
      <button type="button" onClick=${() => setDays(String(data.default))}>恢复默认（${data.default}）</button>
    </div>
    <${ErrorBanner} error=${formError} />
  </form>`;
}
