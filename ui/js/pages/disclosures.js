// 主动公开: the disclosure register and the office's smaller registers.
import { html } from '../html.js';
import { RegisterView } from '../components/register.js';
import { Tabs } from './tabs.js';

const TABS = [
  { key: 'messages', label: '网友留言', component: () => html`<${RegisterView} register="messages" />` },
];

export function DisclosuresPage() {
  return html`<div class="page"><h1 class="page-title">主动公开</h1><${Tabs} tabs=${TABS} /></div>`;
}
