// Load time of any report.html in headless Chromium, for measuring reports of
// real code: wall time to the load event, the navigation timing, the number of
// service-map nodes, and console errors.
//   node loadtime.mjs REPORT_HTML [RUNS]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchOrSkip } from './cdp.mjs';

const [html, runsArg = '3'] = process.argv.slice(2);
if (!html) {
  console.error('usage: node loadtime.mjs REPORT_HTML [RUNS]');
  process.exit(2);
}
const browser = await launchOrSkip();
try {
  for (let run = 1; run <= Number(runsArg); ++run) {
    const page = await browser.newPage();
    await page.init(1280, 860);
    const t0 = Date.now();
    await page.goto(pathToFileURL(path.resolve(html)).href);
    const wall = Date.now() - t0;
    const nav = await page.eval(
      "(() => { const n = performance.getEntriesByType('navigation')[0]; return n ? Math.round(n.loadEventEnd) : -1; })()");
    const nodes = await page.eval("document.querySelectorAll('#service-map svg g.node.service').length");
    const errors = page.errors.length;
    console.log(`run ${run}: load ${wall} ms wall, loadEventEnd ${nav} ms, ${nodes} services on the map, console errors: ${errors}`);
  }
} finally {
  await browser.close();
}
