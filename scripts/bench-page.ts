// Runs bench.html in headless Debian Chromium (SwiftShader, through the end-to-end harness) and
// writes what the page found: npx tsx scripts/bench-page.ts [--quick] [--max N] [--out DIR].
// Progress goes to stderr, the table to stdout, bench-page.json and bench-page.png to DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness } from '../tests/e2e/harness.ts';

// The default sweep on a 2-core machine takes a few minutes; this only stops a hung page.
const TIMEOUT_MS = 30 * 60_000;

function option(name: string): string | null {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? null) : null;
}

const params = new URLSearchParams();
if (process.argv.includes('--quick')) params.set('quick', '1');
const max = option('--max');
if (max) params.set('max', max);
const out = option('--out') ?? 'bench-results';
const path = `/bench.html${params.size > 0 ? `?${params}` : ''}`;

const harness = await startHarness({ viewport: { width: 1400, height: 1000 } });
let failed = false;
try {
  const { page, problems } = await harness.newPage(path);
  let shown = '';
  const progress = setInterval(() => {
    page
      .locator('#status')
      .textContent()
      .then((text) => {
        if (text && text !== shown) process.stderr.write(`${(shown = text)}\n`);
      })
      .catch(() => {});
  }, 1_000);
  await page.waitForFunction(
    () =>
      ['done', 'failed', 'unsupported'].includes(document.getElementById('status')!.dataset.state!),
    null,
    { timeout: TIMEOUT_MS },
  );
  clearInterval(progress);

  const state = await page.locator('#status').getAttribute('data-state');
  if (state !== 'done') {
    failed = true;
    process.stderr.write(`bench.html ${state}: ${await page.locator('#error').textContent()}\n`);
  } else {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'bench-page.json'), `${await page.locator('#json').textContent()}\n`);
    await page.screenshot({ path: join(out, 'bench-page.png'), fullPage: true });
    process.stdout.write(`${await page.locator('#method').textContent()}\n\n`);
    process.stdout.write(`${await page.locator('#results').innerText()}\n`);
    process.stderr.write(`wrote ${join(out, 'bench-page.json')} and bench-page.png\n`);
  }
  for (const problem of problems) process.stderr.write(`console ${problem}\n`);
} finally {
  await harness.close();
}
process.exitCode = failed ? 1 : 0;
