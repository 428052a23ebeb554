// Paper, in browser mode: a register list printed by Chromium (print media,
// its print-to-PDF) is A4 landscape, several pages, and every page carries
// the office, the section, the filter and the column headers, and its page
// number. The PDF is kept in docs/ (docs/print-register-list.pdf).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserApp } from './lib/browser.mjs';
import { ROOT } from './lib/env.mjs';

const pdfPages = (path) => Number(execFileSync('pdfinfo', [path]).toString().match(/^Pages:\s+(\d+)/m)[1]);
const pdfSize = (path) => execFileSync('pdfinfo', [path]).toString().match(/^Page size:\s+(.*)$/m)[1];
const pageText = (path, n) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', path, '-']).toString();

test('a register list prints on A4 landscape with the office, filter and headers on every page', async () => {
  const app = await startBrowserApp({ env: { TAIZHANG_TODAY: '2024-03-15' }, seed: ['changqing-2018.json'] });
  try {
    const { ui, page } = app;
    await ui.waitFor('[data-testid="office-name"]');
    const made = await ui.eval(async () => {
      const { call } = await import('./js/api.js');
      for (let i = 1; i <= 56; i += 1) {
        await call('register.create', { register: 'disclosures', record: {
          title: `关于第${i}批老旧小区改造项目的公示`, category: i <= 48 ? '应急管理' : '财政预决算', unit: '十五家园社区',
          formed_on: `2024-02-${String((i % 28) + 1).padStart(2, '0')}`, doc_number: `长街〔2024〕${i}号`,
        } });
      }
      return (await call('register.list', { register: 'disclosures', query: {} })).total;
    });
    assert.equal(made, 56);
    await ui.goto('disclosures');
    await ui.waitForText('.pager', '共 56 条');
    await ui.select('select[aria-label=类别]', '应急管理');
    await ui.waitForText('.pager', '共 48 条');

    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    const path = join(ROOT, 'docs/print-register-list.pdf');
    writeFileSync(path, pdf);

    assert.match(pdfSize(path), /^841\.\d+ x 59[45]\.\d+ pts \(A4\)/, 'A4 landscape');
    const pages = pdfPages(path);
    assert.ok(pages >= 2 && pages <= 4, `48 rows on 2 to 4 pages, not ${pages}`);
    const seen = new Set();
    for (let n = 1; n <= pages; n += 1) {
      const text = pageText(path, n);
      const flat = text.replace(/\s+/g, '');
      for (const words of ['长庆街道办事处', '主动公开', '2024年', '类别：应急管理', '共48条', '标题', '类别', '科室', '形成日期', '公开日期']) {
        assert.ok(flat.includes(words), `page ${n} carries “${words}”:\n${text}`);
      }
      assert.ok(flat.includes(`第${n}页，共${pages}页`), `page ${n} is numbered:\n${text}`);
      assert.ok(!flat.includes('财政预决算'), 'only the filtered records');
      for (const m of flat.matchAll(/关于第(\d+)批/g)) seen.add(Number(m[1]));
    }
    assert.equal(seen.size, 48, 'every listed record is on paper once');
    for (const hidden of ['主导航', '数据文件', '上一页', '+新增']) {
      assert.ok(!pageText(path, 1).replace(/\s+/g, '').includes(hidden), `no ${hidden} on paper`);
    }
    assert.deepEqual(app.pageErrors, []);
  } finally {
    await app.stop();
  }
});
