import { expect, type Page, test } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../scripts/serve.mjs';
import { collectErrors } from './console';
import { ENGINE_SCRIPT, figureOf, openReport, prependToWorker, rerun } from './report';

/**
 * The report keeps to its own origin: every request of a page load and a rerun (page and worker)
 * goes to the site itself, the Content-Security-Policy served by scripts/serve.mjs allows nothing
 * else (and no eval, only WebAssembly compilation), and no CSP violation is reported on the page or
 * in the worker. A control test shows that the violation detectors do fire.
 *
 * `npm audit` needs the registry, so it is a script (scripts/audit.mjs), not a test here.
 */

/** Sources allowed besides 'self' and 'none', each for a reason. */
const ALLOWED_EXCEPTIONS: Record<string, string[]> = {
  // WebAssembly.compile for the TF.js WASM backend; it does not allow eval()
  'script-src': ["'wasm-unsafe-eval'"],
  // Astro and KaTeX put style attributes in the markup
  'style-src': ["'unsafe-inline'"],
  // Plot's and KaTeX's inline images; the rerun's downloads are blob: URLs
  'img-src': ['data:', 'blob:'],
  // from scripts/serve.mjs as is; the engine starts its worker from a same-origin URL
  'worker-src': ['blob:'],
};

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Records securitypolicyviolation events on the page and in the worker, and CSP console lines. */
async function watchViolations(page: Page, workerCode = ''): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  const csp = /Content Security Policy|Refused to/i;
  page.on('console', (m) => {
    if (csp.test(m.text())) seen.push(`page console: ${m.text()}`);
  });
  page.on('worker', (worker) =>
    worker.on('console', (m) => {
      if (csp.test(m.text())) seen.push(`worker console: ${m.text()}`);
    }),
  );
  const listen = `
    self.addEventListener('securitypolicyviolation', (e) => {
      const line = 'Content Security Policy violation: ' + e.effectiveDirective + ' blocked ' + e.blockedURI;
      (self.e2eViolations ??= []).push(line);
      console.error(line);
    });`;
  await page.addInitScript(listen);
  await prependToWorker(page, `${listen}\n${workerCode}`);
  return async () => seen;
}

test('the CSP served with every file allows only the site itself', async ({ page }) => {
  test.setTimeout(60_000);
  const headers: Record<string, string | undefined> = {};
  page.on('response', (response) => {
    const kind = ENGINE_SCRIPT.test(response.url())
      ? 'worker script'
      : response.url().endsWith('.gz')
        ? 'data asset'
        : new URL(response.url()).pathname;
    headers[kind] = response.headers()['content-security-policy'];
  });
  await openReport(page);
  await rerun(figureOf(page, 'fig2'), { preset: 'smoke', networks: 'published', backend: 'wasm' });
  await expect(figureOf(page, 'fig2')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  for (const kind of ['/', 'worker script', 'data asset']) {
    expect(headers[kind], `CSP of ${kind}`).toBe(CONTENT_SECURITY_POLICY);
  }

  const policy = directives(CONTENT_SECURITY_POLICY);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(policy.get('connect-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  for (const [name, sources] of policy) {
    const allowed = ["'self'", "'none'", ...(ALLOWED_EXCEPTIONS[name] ?? [])];
    expect(
      sources.filter((s) => !allowed.includes(s)),
      `${name}: sources beyond the site`,
    ).toEqual([]);
    expect(sources, `${name} allows eval`).not.toContain("'unsafe-eval'");
  }
});

test('a page load and a rerun stay on the site, with no CSP violation', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL!).origin;
  const errors = collectErrors(page);
  const violations = await watchViolations(page);
  const offsite: string[] = [];
  const requests: string[] = [];
  page.on('request', (request) => {
    requests.push(request.url());
    // blob: URLs carry their creator's origin; data: URLs make no request
    if (!request.url().startsWith('data:') && new URL(request.url()).origin !== origin) {
      offsite.push(request.url());
    }
  });
  await openReport(page);
  const fig = figureOf(page, 'fig2');
  // 'auto' on the webgpu project: the backend choice times both WebGPU and WASM
  await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'auto' });
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    fig.locator('a[data-role=rerun-svg]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('fig2-rerun.svg');

  expect(requests.some((url) => ENGINE_SCRIPT.test(url))).toBe(true);
  expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
  expect(offsite).toEqual([]);
  expect(await violations()).toEqual([]);
  expect(
    await page.evaluate(() => (self as { e2eViolations?: string[] }).e2eViolations ?? []),
  ).toEqual([]);
  expect(errors).toEqual([]);
  testInfo.annotations.push({ type: 'requests', description: String(requests.length) });
});

test('control: the detectors see violations, and eval is refused on the page and in the worker', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'no-webgpu', 'a check of the test itself: runs once');
  test.setTimeout(60_000);
  // Code evaluated through Playwright bypasses the CSP, so the worker tries eval on its own.
  const violations = await watchViolations(
    page,
    `try { new Function('return 1')(); console.warn('e2e: eval ran'); }
     catch (error) { console.warn('e2e: eval refused, ' + error.name); }`,
  );
  const said: string[] = [];
  page.on('worker', (worker) => worker.on('console', (m) => said.push(m.text())));
  await openReport(page);
  const fig = figureOf(page, 'fig2');
  await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'wasm' });
  await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.e2eInline = true';
    document.head.append(script);
    const img = new Image();
    img.src = 'https://example.invalid/pixel.png';
    document.body.append(img);
  });
  expect(await page.evaluate(() => 'e2eInline' in window)).toBe(false);
  expect(said).toContain('e2e: eval refused, EvalError');
  await expect
    .poll(violations)
    .toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^page console: .*img-src.*example\.invalid/),
        expect.stringMatching(/^page console: .*inline script/),
        expect.stringMatching(/^worker console: .*script-src.*eval/),
      ]),
    );
});
