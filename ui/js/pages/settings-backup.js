// 设置 → 备份与恢复: the automatic copies beside the data file, 立即备份,
// 备份到… (a USB stick), and restoring from a copy or a file the clerk picks.
import { html, useState } from '../html.js';
import { call, callForFiles, readFile } from '../api.js';
import { Banner, ErrorBanner, Tag, toast, confirmDialog, useLoad, fmtTime, fmtNumber } from '../components/common.js';

const fmtSize = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** `网友留言 12 条、窗口业务数字 300 条`: what a copy holds, the empty kinds left out. */
export function holdsText(info) {
  const parts = info.counts.filter((c) => c.count > 0 && c.key !== 'audit_log').map((c) => `${c.label} ${fmtNumber(c.count)} 条`);
  return parts.length ? parts.join('、') : '没有记录';
}

function Holds({ info, problem }) {
  if (problem) return html`<${Tag} kind="late">无法读取<//> <span class="muted">${problem}</span>`;
  const text = `${info.office || '（未填写单位）'}：${holdsText(info)}`;
  return html`<span title=${text}>${text}</span>
    ${info.too_new && html` <${Tag} kind="late">由更新版本创建，不能恢复<//>`}`;
}

async function confirmRestore(what, info) {
  return confirmDialog({
    title: `用${what}恢复？`,
    message: html`<p>当前的全部数据会被这份备份替换：${info.office || '（未填写单位）'}，${holdsText(info)}。</p>
      <p>恢复前，程序会先把当前数据另存为一份“恢复前”备份，需要时可以再恢复回来。</p>`,
    confirmLabel: '恢复',
    danger: true,
  });
}

function FileRestore({ onRestored }) {
  const [picked, setPicked] = useState(null); // {name, data, info}
  const [error, setError] = useState(null);
  const pick = async (e) => {
    const file = e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (!file) return;
    setError(null); setPicked(null);
    try {
      const data = await readFile(file, true);
      const info = await call('backup.inspect_file', { data });
      setPicked({ name: file.name, data, info });
    } catch (err) {
      setError(err);
    }
  };
  const restore = async () => {
    if (!(await confirmRestore(`文件“${picked.name}”`, picked.info))) return;
    try {
      const report = await call('backup.restore_file', { name: picked.name, data: picked.data });
      setPicked(null);
      onRestored(report);
    } catch (err) {
      setError(err);
    }
  };
  return html`<section class="pane" aria-label="从文件恢复">
    <h2>从文件恢复</h2>
    <p class="hint">选择以前“备份到…”保存的文件（.db），例如U盘上的备份，或备份文件夹里的备份（.db.zst）。</p>
    <input type="file" accept=".db,.zst,application/octet-stream" aria-label="选择备份文件" data-testid="restore-file" onChange=${pick} />
    ${picked && html`<div class="backup-picked">
      <p>“${picked.name}”（${fmtSize(picked.info.size)}）<${Holds} info=${picked.info} /></p>
      <div class="form-actions">
        <button type="button" class="primary" disabled=${picked.info.too_new} onClick=${restore}>恢复</button>
        <button type="button" onClick=${() => setPicked(null)}>取消</button>
      </div></div>`}
    <${ErrorBanner} error=${error} />
  </section>`;
}

/** The space the backups folder takes, beside the data file's own size. */
function Usage({ data }) {
  const u = data.usage;
  return html`<p data-testid="backup-usage">备份占用空间：<strong>${fmtSize(u.total_bytes)}</strong>（${u.files} 个文件${
    data.data_file_bytes != null ? `；数据文件本身 ${fmtSize(data.data_file_bytes)}` : ''}）<br />
    备份文件夹：<span class="path" data-testid="backup-folder">${u.folder ?? '（内存中的数据库没有备份文件夹）'}</span></p>`;
}

export function BackupPanel({ reloadStatus }) {
  const [data, loadError, reload] = useLoad(() => call('backup.list'), []);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const act = async (fn) => {
    setBusy(true); setError(null); setDone(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      reload();
      reloadStatus?.();
    }
  };
  const backupNow = () => act(async () => {
    const made = await call('backup.now');
    toast(`已备份：${made.name}`);
  });
  const saveTo = () => act(async () => {
    const r = await callForFiles('backup.save');
    if (r) toast(`${r.message}：${r.files.join('、')}`);
  });
  const restored = (report) => {
    const kept = report.safety_copy ? `恢复前的数据已另存为“${report.safety_copy.name}”。` : '';
    setDone(`已用“${report.source}”恢复：${holdsText(report.info)}。${kept}`);
    toast('已恢复');
    reload();
    reloadStatus?.();
  };
  const restore = async (b) => {
    if (!(await confirmRestore(` ${fmtTime(b.at)} 的备份`, b.info))) return;
    act(async () => restored(await call('backup.restore', { name: b.name })));
  };
  const backups = data?.backups ?? [];
  return html`<div class="settings-section backup-panel">
    <section class="pane" aria-label="备份">
      <h2>备份</h2>
      <p data-testid="backup-last">${backups.length
        ? html`上次备份：<strong>${fmtTime(backups[0].at)}</strong>（${backups[0].kind_label}）`
        : '还没有备份。'}</p>
      <p class="hint">程序每次启动时和运行中每 ${data?.interval_hours ?? 3} 小时自动备份一次，保留最近 7 天每天一份、最近 12 个月每月一份。备份经过压缩。</p>
      ${data && html`<${Usage} data=${data} />`}
      ${data?.auto_problem && html`<${Banner} kind="error">自动备份失败：${data.auto_problem}<//>`}
      <div class="form-actions">
        <button type="button" class="primary" disabled=${busy} data-testid="backup-now" onClick=${backupNow}>立即备份</button>
        <button type="button" disabled=${busy} onClick=${saveTo}>备份到…</button>
        <span class="hint">“备份到…”可以把备份保存到U盘等其他位置。</span>
      </div>
    </section>
    ${done && html`<${Banner} kind="ok">${done}<//>`}
    <${ErrorBanner} error=${loadError || error} />
    <section class="pane" aria-label="从备份恢复">
      <h2>从备份恢复</h2>
      <div class="table-wrap">
        <table class="data" data-testid="backup-list">
          <thead><tr><th scope="col">备份时间</th><th scope="col">类型</th><th scope="col">内容</th><th scope="col" class="num">大小</th><th scope="col">操作</th></tr></thead>
          <tbody>
            ${data && backups.length === 0 && html`<tr><td class="empty" colspan="5">还没有备份。</td></tr>`}
            ${backups.map((b, i) => html`<tr key=${b.name}>
              <td>${b.at.replace('T', ' ')}</td>
              <td>${b.kind_label}</td>
              <td><${Holds} info=${b.info} problem=${b.problem} /></td>
              <td class="num">${fmtSize(b.size)}</td>
              <td><button type="button" class="link" data-testid=${`restore-${i}`} disabled=${busy || !b.info || b.info.too_new}
                aria-label=${`用 ${b.at.replace('T', ' ')} 的备份恢复`} onClick=${() => restore(b)}>恢复</button></td>
            </tr>`)}
          </tbody>
        </table>
      </div>
    </section>
    <${FileRestore} onRestored=${restored} />
  </div>`;
}
