// The sections of the app, in navigation order (Alt+1 … Alt+6).
import { HomePage } from './home.js';
import { DisclosuresPage } from './disclosures.js';
import { ApplicationsPage } from './applications.js';
import { TalliesPage } from './tallies.js';
import { ReportPage } from './report.js';
import { SettingsPage } from './settings.js';

export const PAGES = [
  { key: 'home', label: '首页', component: HomePage },
  { key: 'disclosures', label: '主动公开', component: DisclosuresPage },
  { key: 'applications', label: '依申请公开', component: ApplicationsPage },
  { key: 'tallies', label: '窗口业务', component: TalliesPage },
  { key: 'report', label: '年报', component: ReportPage },
  { key: 'settings', label: '设置', component: SettingsPage },
];
