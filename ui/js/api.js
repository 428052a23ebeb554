// The one way the interface talks to the core: commands by name with JSON.
// In the desktop app that is Tauri's invoke; in browser mode it is HTTP on
// 127.0.0.1 with the per-launch token from the URL.

const TOKEN_KEY = 'taizhang.token';

function tauriInvoke() {
  const t = window.__TAURI__?.core?.invoke ?? window.__TAURI_INTERNALS__?.invoke;
  return typeof t === 'function' ? t : null;
}

export const isDesktop = () => tauriInvoke() !== null;

// Browser mode: the token arrives in the URL fragment (#token=…), which is
// never sent to the server; keep it for this tab and clear it from the URL.
function browserToken() {
  const m = location.hash.match(/token=([0-9a-f]+)/);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', location.pathname + '#/home');
  }
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

const token = isDesktop() ? '' : browserToken();

/** An error from the core: `{code, message, field?, problems?, changes?, version?}`. */
export class CommandError extends Error {
  constructor(body) {
    super(body?.message || '操作失败');
    this.code = body?.code || 'internal';
    this.field = body?.field;
    this.problems = body?.problems || [];
    // stale_record: what changed since the form opened, and the version now.
    this.changes = body?.changes || [];
    this.version = body?.version;
  }

  /** Field name → message, for showing each message beside its field. */
  fieldErrors() {
    const out = {};
    if (this.field) out[this.field] = this.message;
    for (const p of this.problems) if (!(p.path in out)) out[p.path] = p.message;
    return out;
  }
}

async function invokeRaw(name, args) {
  try {
    return await invokeOnce(name, args);
  } catch (e) {
    // Any command may be the first to meet a damaged file: the red banner hears it.
    if (e?.code === 'damaged') window.dispatchEvent(new CustomEvent('taizhang:damaged'));
    throw e;
  }
}

async function invokeOnce(name, args) {
  const invoke = tauriInvoke();
  if (invoke) {
    try {
      return await invoke('call', { name, args: args ?? {} });
    } catch (e) {
      throw new CommandError(typeof e === 'string' ? { message: e } : e);
    }
  }
  let res;
  try {
    res = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Taizhang-Token': token },
      body: JSON.stringify(args ?? {}),
    });
  } catch {
    setConnection('gone');
    throw new CommandError({ code: 'offline', message: '无法连接台账程序，请确认它仍在运行。' });
  }
  const body = await res.json().catch(() => ({ code: 'internal', message: `服务器返回了无法识别的内容（${res.status}）` }));
  if (!res.ok) {
    if (body?.code === 'bad_token') setConnection('replaced');
    throw new CommandError(body);
  }
  return body;
}

// Browser mode: whether the program behind the page is there. The server
// started from the desktop icon exits by itself after 30 minutes without an
// open page; every open page says it is open with a heartbeat (once a minute,
// and at once when the tab is shown again, the window gets the focus or the
// network comes back — browsers slow the timers of background tabs and stop
// them while the computer sleeps). States: 'ok'; 'gone' (nothing answers: the
// program has closed); 'replaced' (a program answers but not with this page's
// token: it was closed and opened again, in a new tab).
const HEARTBEAT_MS = 60 * 1000;
const RETRY_MS = 5 * 1000;
let connection = 'ok';
const connectionListeners = new Set();
let heartbeatTimer = null;

function setConnection(state) {
  if (state === connection) return;
  connection = state;
  for (const listener of connectionListeners) listener(state);
  schedule();
}

/** Subscribe to the connection state ('ok' | 'gone' | 'replaced'); returns the unsubscribe. */
export function onConnection(listener) {
  connectionListeners.add(listener);
  listener(connection);
  return () => connectionListeners.delete(listener);
}

function schedule() {
  clearTimeout(heartbeatTimer);
  heartbeatTimer = setTimeout(heartbeat, connection === 'ok' ? HEARTBEAT_MS : RETRY_MS);
}

async function heartbeat() {
  try {
    const res = await fetch('/alive', { method: 'POST', headers: { 'X-Taizhang-Token': token }, cache: 'no-store' });
    setConnection(res.status === 401 ? 'replaced' : 'ok');
  } catch {
    setConnection('gone');
  }
  schedule();
}

if (!isDesktop()) {
  heartbeat();
  const now = () => { if (document.visibilityState !== 'hidden') heartbeat(); };
  document.addEventListener('visibilitychange', now);
  window.addEventListener('focus', now);
  window.addEventListener('online', now);
}

// Which commands write the data file, from the core's command table
// (`app.commands`), asked once at start. After a command that writes, the
// page hears `taizhang:saved` (the status bar's 已保存 time). A call made
// before the list arrives waits for it; if asking fails, the next call asks
// again.
let writing = null;
function writingCommands() {
  if (!writing) {
    writing = invokeRaw('app.commands').then(
      (list) => new Set(list.filter((c) => c.writes).map((c) => c.name)),
      () => { writing = null; return null; },
    );
  }
  return writing;
}
writingCommands();

async function announceWrite(name) {
  const writes = (await writingCommands()) ?? (await writingCommands());
  if (writes?.has(name)) window.dispatchEvent(new CustomEvent('taizhang:saved', { detail: { name } }));
}

/** Run a command; resolves with its JSON answer, rejects with a CommandError. */
export async function call(name, args) {
  const result = await invokeRaw(name, args);
  await announceWrite(name);
  return result;
}

/**
 * Run a command that produces files. The desktop app asks where to save them
 * (a native dialog) and writes them; browser mode downloads them.
 * Resolves with `{message, files: [names], folder?}`, or null when cancelled.
 */
export async function callForFiles(name, args) {
  const result = await invokeRaw(name, args);
  if (result?.cancelled) return null;
  await announceWrite(name);
  if (result?.downloads) {
    for (const d of result.downloads) {
      const a = document.createElement('a');
      a.href = d.url;
      a.download = d.name;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
    return { message: result.message, files: result.downloads.map((d) => d.name) };
  }
  return { message: result.message, files: result.saved || [], folder: result.folder };
}

/** Read a file the clerk picked (an <input type=file>) as text or base64. */
export function readFile(file, asBase64 = false) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new CommandError({ message: `无法读取文件“${file.name}”` }));
    reader.onload = () => {
      if (!asBase64) return resolve(reader.result);
      const s = String(reader.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    if (asBase64) reader.readAsDataURL(file);
    else reader.readAsText(file, 'utf-8');
  });
}
