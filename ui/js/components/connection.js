// Browser mode: a full-width notice when the program behind the page has
// closed (or was opened again in another tab), saying in plain words that
// what is being typed is kept and how to reopen the program. The heartbeat
// in api.js keeps trying quietly; the notice goes once the program answers.
import { html, useState, useEffect } from '../html.js';
import { onConnection } from '../api.js';

export function ConnectionBanner() {
  const [state, setState] = useState('ok');
  useEffect(() => onConnection(setState), []);
  if (state === 'ok') return null;
  if (state === 'replaced') {
    return html`<div class="connection-banner" role="alert" data-testid="connection-banner" data-state="replaced">
      <strong>这个页面已失效：台账程序已经重新打开。</strong>
      请在新打开的页面中继续，这里没保存的内容会在那里自动恢复。这个页面可以关闭。
    </div>`;
  }
  return html`<div class="connection-banner" role="alert" data-testid="connection-banner" data-state="gone">
    <strong>台账程序已经关闭</strong>（连续 30 分钟没有使用时会自动关闭）。
    正在填写的内容已保存在这台电脑上，不会丢失。
    请双击桌面或开始菜单中的“政务公开台账”重新打开，打开后会自动恢复刚才填写的内容。
    <span class="muted">正在尝试重新连接……</span>
  </div>`;
}
