// The shell: first-launch setup, navigation, the page, and the status bar.
import { html, render, useState, useEffect } from './html.js';
import { call } from './api.js';
import { ErrorBanner, ToastHost, ModalHost, fmtTime } from './components/common.js';
import { ConnectionBanner } from './components/connection.js';
import { setPrintOffice, PrintHeading } from './components/print.js';
import { DamageBanner } from './components/damage.js';
import { OfficeForm } from './pages/settings.js';
import { PAGES } from './pages/index.js';
import { listenKeys, pressed, shortcut } from './keys.js';

function currentRoute() {
  const m = location.hash.match(/^#\/([a-z-]+)/);
  const key = m ? m[1] : 'home';
  return PAGES.some((p) => p.key === key) ? key : 'home';
}

function useRoute() {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    // Effects run after the first paint: a link followed (or a hash set) in
    // between fired its hashchange before anyone listened.
    onHash();
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

function useStatus() {
  const [status, setStatus] = useState(null);
  const [error, setError] = useState(null);
  const load = () => call('app.status').then((s) => { setStatus(s); setError(null); }, setError);
  useEffect(() => {
    load();
    const onSaved = () => load();
    window.addEventListener('taizhang:saved', onSaved);
    return () => window.removeEventListener('taizhang:saved', onSaved);
  }, []);
  return [status, error, load];
}

/** First launch: the office's name comes before anything else. */
function Setup({ onDone }) {
  return html`<main class="setup">
    <h1>欢迎使用政务公开台账</h1>
    <p class="muted">请先填写本单位的名称。它会出现在年报的标题和文件名中，以后可在“设置”中修改。</p>
    <${OfficeForm} first=${true} onSaved=${onDone} />
  </main>`;
}

function StatusBar({ status }) {
  return html`<footer class="statusbar" aria-label="状态栏">
    <span class="path" title=${status.db_path}>数据文件 ${status.db_path}</span>
    <span data-testid="last-saved">${status.last_saved_at ? `已保存 ${fmtTime(status.last_saved_at)}` : '本次未修改'}</span>
    ${status.lock_summary && html`<span data-testid="lock-summary">${status.lock_summary}</span>`}
    <span data-testid="last-backup" title=${status.backup_problem || ''}>${status.backup_problem ? '自动备份失败'
      : status.last_backup_at ? `上次备份 ${fmtTime(status.last_backup_at)}` : '尚未备份'}</span>
    <span class="spacer"></span>
    <span>版本 ${status.version}</span>
  </footer>`;
}

function Shell({ status, reloadStatus }) {
  const route = useRoute();
  const page = PAGES.find((p) => p.key === route);
  useEffect(() => {
    document.title = `${page.label} - ${status.office.name} - 政务公开台账`;
  }, [route, status.office.name]);
  setPrintOffice(status.office.name);
  // Alt+1 … Alt+6 jump between sections; Ctrl+P prints the page (print.css).
  useEffect(() => listenKeys((e) => {
    const i = PAGES.findIndex((_, n) => pressed(e, `section${n + 1}`));
    if (i >= 0) { e.preventDefault(); location.hash = `#/${PAGES[i].key}`; return; }
    if (pressed(e, 'print')) { e.preventDefault(); window.print(); }
  }), []);
  const Page = page.component;
  return html`<div class="shell">
    <aside class="sidebar">
      <div class="office" data-testid="office-name">${status.office.name}</div>
      <nav aria-label="主导航">
        ${PAGES.map((p, i) => html`<a href=${`#/${p.key}`} aria-current=${p.key === route ? 'page' : undefined}
          aria-keyshortcuts=${shortcut(`section${i + 1}`)}>${p.label}<kbd>${shortcut(`section${i + 1}`)}</kbd></a>`)}
      </nav>
    </aside>
    <main class="main" id="main" data-page=${page.key}>
      <${PrintHeading} title=${page.label} />
      <${Page} status=${status} reloadStatus=${reloadStatus} />
    </main>
    <${StatusBar} status=${status} />
  </div>`;
}

function App() {
  const [status, error, reload] = useStatus();
  if (error && !status) {
    return html`<${ConnectionBanner} /><main class="setup"><h1>无法打开台账</h1><${ErrorBanner} error=${error} /></main>`;
  }
  if (!status) return html`<p class="boot">正在打开台账……</p>`;
  return html`
    <${ConnectionBanner} />
    <${DamageBanner} reloadStatus=${reload} />
    ${status.needs_setup ? html`<${Setup} onDone=${reload} />` : html`<${Shell} status=${status} reloadStatus=${reload} />`}
    <${ToastHost} />
    <${ModalHost} />`;
}

render(html`<${App} />`, document.getElementById('app'));
