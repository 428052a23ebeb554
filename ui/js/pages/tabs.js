// Tabs within a page; ←/→ move between them.
import { html, useState } from '../html.js';
import { onKeys } from '../keys.js';

export function Tabs({ tabs, initial, props = {} }) {
  const [current, setCurrent] = useState(initial ?? tabs[0].key);
  const tab = tabs.find((t) => t.key === current) ?? tabs[0];
  const onKey = onKeys((e) => {
    const i = tabs.findIndex((t) => t.key === tab.key);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      setCurrent(next.key);
      setTimeout(() => document.getElementById(`tab-${next.key}`)?.focus(), 0);
    }
  });
  const Component = tab.component;
  return html`
    <div class="tabs" role="tablist" onKeyDown=${onKey}>
      ${tabs.map((t) => html`<button type="button" role="tab" id=${`tab-${t.key}`} aria-selected=${t.key === tab.key ? 'true' : 'false'}
        tabindex=${t.key === tab.key ? 0 : -1} onClick=${() => setCurrent(t.key)}>${t.label}</button>`)}
    </div>
    <div role="tabpanel" aria-labelledby=${`tab-${tab.key}`} class="register">
      <${Component} key=${tab.key} ...${props} />
    </div>`;
}
