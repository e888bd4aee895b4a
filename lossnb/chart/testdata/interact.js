// interact.js PAGE.html: drives the page in Debian chromium with
// playwright-core (never downloads a browser) and prints what the slider,
// the toggle and the tooltip do, as JSON. Run from the repository root:
//   node lossnb/chart/testdata/interact.js /tmp/lossnb-pages/lines.html
const { chromium } = require(process.cwd() + '/node_modules/playwright-core');
(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors = [];
  let dialogs = 0;
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', d => { dialogs++; d.dismiss(); });
  await page.goto('file://' + process.argv[2]);
  await page.waitForTimeout(800);
  const out = { errors };
  const series = () => page.evaluate(() => Array.from(document.querySelectorAll('[data-chart]')).map(el => {
    const c = window.echarts.getInstanceByDom(el);
    if (!c) return null;
    return c.getOption().series.map(s => ({ name: s.name, n: s.data.length, y5: JSON.stringify(s.data[5]) }));
  }));
  out.before = await series();
  const slider = await page.$('input[data-slider]');
  if (slider) {
    await slider.evaluate(el => { el.value = el.max; el.dispatchEvent(new Event('input')); });
    await page.waitForTimeout(400);
    out.readout = await page.$eval('output[data-readout]', el => el.textContent);
    out.after = await series();
  }
  const buttons = await page.$$('[data-toggle] button');
  if (buttons.length > 1) {
    await buttons[1].click();
    await page.waitForTimeout(300);
    out.visible = await page.evaluate(() => Array.from(document.querySelectorAll('[data-chart]')).map(el => el.style.display !== 'none'));
    await page.screenshot({ path: '/tmp/interact-toggle.png' });
    await buttons[0].click();
  }
  // Hover over the middle of the first chart's plotting area.
  const box = await (await page.$('[data-chart]')).boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.55);
  await page.waitForTimeout(500);
  out.tooltip = await page.evaluate(() => {
    const t = Array.from(document.querySelectorAll('div')).find(d => d.style.position === 'absolute' && d.style.zIndex === '9999999' && d.style.display !== 'none');
    return t ? t.innerHTML.replace(/<span[^>]*><\/span>/g, '●') : null;
  });
  await page.screenshot({ path: process.argv[3] || '/tmp/interact.png' });
  out.dialogs = dialogs;
  out.injectedImages = await page.evaluate(() => document.querySelectorAll('img').length);
  console.log(JSON.stringify(out, null, 1));
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
