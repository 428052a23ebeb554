// The full-width red notice for a damaged data file. The program stops saving
// once its check (at launch, in the background for a large file, and after
// any "malformed" or disk error) finds damage; this notice says so and leads
// through the repair: first salvage what can still be read (a data package),
// then restore the newest backup that passes its check, then import the
// salvaged package. It asks again when a command reports `damaged`, and every
// half minute for the background check at launch.
import { html, useState, useEffect } from '../html.js';
import { call, callForFiles } from '../api.js';
import { fmtTime, toast } from './common.js';

const RECHECK_MS = 30 * 1000;

function holds(info) {
  const counts = (info?.counts ?? []).filter((c) => c.count > 0 && c.key !== 'audit_log');
  return counts.map((c) => `${c.label} ${c.count}`).join('、') || '没有记录';
}

export function DamageBanner({ reloadStatus }) {
  const [health, setHealth] = useState(null);
  const [salvaged, setSalvaged] = useState(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const load = () => call('health.get').then(setHealth, () => {});
  useEffect(() => {
    load();
    const timer = setInterval(load, RECHECK_MS);
    window.addEventListener('taizhang:damaged', load);
    return () => { clearInterval(timer); window.removeEventListener('taizhang:damaged', load); };
  }, []);
  if (!health?.damaged) return null;
  const act = (f) => async () => {
    setBusy(true); setProblem(null);
    try { await f(); } catch (e) { setProblem(e.message); } finally { setBusy(false); }
  };
  const salvage = act(async () => {
    const r = await callForFiles('health.salvage');
    if (r) setSalvaged(r);
  });
  const good = health.good_backup;
  const restore = act(async () => {
    await call('backup.restore', { name: good.file.name });
    toast('已从备份恢复。请在“设置 → 数据包”中导入抢救出的数据包');
    await load();
    reloadStatus?.();
    location.hash = '#/settings';
  });
  return html`<div class="damage-banner" role="alert" data-testid="damage-banner">
    <strong>数据文件已损坏，程序已停止保存修改。</strong>
    请按下面的顺序处理：先抢救仍能读出的记录，再从备份恢复，最后在“设置 → 数据包”中导入抢救出的数据包。
    <ol>
      <li><button type="button" disabled=${busy} data-testid="damage-salvage" onClick=${salvage}>抢救数据</button>
        ${salvaged && html`<span data-testid="damage-salvaged">${salvaged.message}（${salvaged.files.join('、')}）</span>`}</li>
      <li>${good
        ? html`<button type="button" disabled=${busy} data-testid="damage-restore" onClick=${restore}>从最新的完好备份恢复</button>
            <span>${fmtTime(good.file.at)} 的备份：${holds(good.info)}</span>`
        : html`<span>备份文件夹中没有通过完整性检查的备份。请在“设置 → 备份与恢复”中选择以前备份到U盘的文件恢复。</span>`}</li>
    </ol>
    ${problem && html`<div data-testid="damage-problem">${problem}</div>`}
  </div>`;
}
