// Screenshot of one page of a report.html, for the docs.
//   node screenshot.mjs REPORT_HTML OUT_PNG [ROUTE]   (ROUTE defaults to "map")
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchOrSkip } from './cdp.mjs';

const [html, out, route = 'map'] = process.argv.slice(2);
if (!html || !out) {
  console.error('usage: node screenshot.mjs REPORT_HTML OUT_PNG [ROUTE]');
  process.exit(2);
}
if (!fs.existsSync(html)) {
  console.error(`no such file: ${html}`);
  process.exit(2);
}
const browser = await launchOrSkip();
try {
  const page = await browser.newPage();
  await page.init(1280, 860);
  await page.goto(pathToFileURL(path.resolve(html)).href + '#' + route);
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot(out);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
