// 首页 card: when the data was last backed up.
import { html } from '../html.js';
import { fmtTime } from '../components/common.js';

export function BackupCard({ status }) {
  return html`<section class="card" aria-label="数据备份" data-testid="home-backup">
    <h2>数据备份 <a href="#/settings">备份与恢复</a></h2>
    <div class="big">${status.last_backup_at ? fmtTime(status.last_backup_at) : '还没有备份'}</div>
    <p class="muted">${status.backup_problem ? `自动备份失败：${status.backup_problem}` : '每次启动和每隔几小时自动备份；可在“设置 → 备份与恢复”中恢复。'}</p>
  </section>`;
}
