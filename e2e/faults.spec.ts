import { gunzipSync, gzipSync } from 'node:zlib';
import { expect, type Locator, type Page, test, type Worker } from '@playwright/test';
import { PING_TIMEOUT_MS, SILENCE_MS } from '../src/components/engine-client';
import type { FigureId } from '../src/lib/figure-data';
import { collectErrors } from './console';
import {
  ENGINE_SCRIPT,
  expectPublishedShown,
  figureOf,
  onlyIn,
  openReport,
  prependToWorker,
  publishedMarkup,
  publishedOnDisk,
  rerun,
} from './report';

/**
 * Faults a reader's browser can throw at a rerun, each simulated faithfully where the browser lets
 * us: no WebGPU, the WebGPU device lost mid-run, the worker failing to load, crashing or stopping,
 * a data asset or published network missing or damaged, IndexedDB refused, and the reader leaving
 * the page. After each, the published figure must still be shown, unchanged, and the status line
 * must say what happened. Faults that do not depend on the backend run once, in `no-webgpu`.
 *
 * Init scripts do not run in workers, so faults inside the worker are injected by serving the
 * worker bundle with a few lines prepended (prependToWorker).
 */

const published = publishedOnDisk();

/** A published figure, preferring cheap ones (Fig. 2: no sweeps), so a fault test stays short. */
function publishedFigure(prefer: FigureId[] = ['fig2', 'fig7', 'fig8', 'fig5', 'fig1']) {
  const all = Object.keys(published) as FigureId[];
  return prefer.find((id) => published[id]) ?? all[0];
}

/** Keeps what the reader was told in the report (docs/testing.md quotes it). */
async function noteStatus(fig: Locator): Promise<void> {
  const text = await fig.locator('[data-role=status]').textContent();
  test.info().annotations.push({ type: 'status', description: text ?? '' });
}

const FAILED = /^The rerun failed: .+\. The published figure is shown\.$/;

/** Resolves with the first worker the page starts; `closed` resolves when it goes away. */
function firstWorker(page: Page): Promise<{ worker: Worker; closed: Promise<void> }> {
  return new Promise((resolve) => {
    page.once('worker', (worker) => {
      const closed = new Promise<void>((done) => worker.once('close', () => done()));
      resolve({ worker, closed });
    });
  });
}

test.describe('WebAssembly SIMD engine', () => {
  test('a WASM rerun runs on it and says so; where it cannot load, TensorFlow.js takes over and the line says that', async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'no-webgpu', 'the engine runs off WebGPU');
    test.setTimeout(90_000);
    const errors = collectErrors(page);
    await openReport(page);
    const fig = figureOf(page, 'fig1');
    await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'wasm' });
    await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(fig.locator('[data-role=rerun-meta]')).toContainText(
      'backend wasm, WebAssembly SIMD engine',
    );
    // a browser or host that cannot give the engine: its module fails to load in every worker
    await page.context().route(/\/engine-[^/]*\.wasm$/, (route) => route.abort());
    await page.reload();
    const again = figureOf(page, 'fig1');
    await rerun(again, { preset: 'smoke', networks: 'published', backend: 'wasm' });
    await expect(again).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(again.locator('[data-role=rerun-meta]')).toContainText(
      'backend wasm, TensorFlow.js engine (no WebAssembly SIMD)',
    );
    expect(errors.filter((e) => !/engine-[^/]*\.wasm|Failed to load resource/.test(e))).toEqual([]);
  });
});

test.describe('WebGPU', () => {
  test('without WebGPU a rerun asking for it falls back to WASM and says so', async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'no-webgpu', 'needs a browser without WebGPU');
    test.setTimeout(60_000);
    const errors = collectErrors(page);
    await openReport(page);
    const fig = figureOf(page, 'fig2');
    await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'webgpu' });
    await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
    await expect(fig.locator('[data-role=status]')).toContainText(/^Done in \d+ s on wasm:/);
    await expect(fig.locator('[data-role=rerun-meta]')).toContainText('backend wasm');
    expect(errors).toEqual([]);
  });

  test('the WebGPU device lost mid-run: the rerun fails with a message, the published figure stays, WASM still runs', async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'webgpu', 'needs a WebGPU adapter');
    test.setTimeout(180_000);
    const id = publishedFigure();
    test.skip(!id, 'no figure has a published run yet');
    // The engine asks for its device in the worker: destroy it 3 s after it is handed out.
    await prependToWorker(
      page,
      `{
        const requestDevice = GPUAdapter.prototype.requestDevice;
        GPUAdapter.prototype.requestDevice = async function (...args) {
          const device = await requestDevice.apply(this, args);
          setTimeout(() => { console.warn('e2e: destroying the WebGPU device'); device.destroy(); }, 3000);
          return device;
        };
      }`,
    );
    const destroyed: string[] = [];
    page.on('worker', (worker) =>
      worker.on('console', (m) => {
        if (m.text().startsWith('e2e: destroying')) destroyed.push(m.text());
      }),
    );
    await openReport(page);
    const fig = figureOf(page, id!);
    const before = await publishedMarkup(fig);
    await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'webgpu' });
    await expect(fig).toHaveAttribute('data-state', /^(done|failed)$/, { timeout: 120_000 });
    expect(destroyed, 'the device was destroyed while the run was going').toHaveLength(1);

    if ((await fig.getAttribute('data-state')) === 'done') {
      // the engine recovered on a fallback backend: it must say which
      await expect(fig.locator('[data-role=rerun-meta]')).not.toContainText('backend webgpu');
    } else {
      await expect(fig.locator('[data-role=status]')).toHaveText(FAILED);
      await expectPublishedShown(fig, before);
      await noteStatus(fig);
    }
    // The page recovers without a reload: the next rerun, on WASM, completes.
    await rerun(fig, { backend: 'wasm' });
    await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(fig.locator('[data-role=rerun-meta]')).toContainText('backend wasm');
  });
});

test.describe('the experiment worker', () => {
  onlyIn('no-webgpu');

  test('a worker that fails to load: the error is shown, the published figure kept, a retry works', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const id = publishedFigure();
    test.skip(!id, 'no figure has a published run yet');
    const errors = collectErrors(page);
    await page.route(/\/_astro\/engine\.worker-[\w-]+\.js$/, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: "throw new Error('e2e: the worker script is broken');",
      }),
    );
    await openReport(page);
    const fig = figureOf(page, id!);
    const before = await publishedMarkup(fig);
    await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'wasm' });
    await expect(fig).toHaveAttribute('data-state', 'failed');
    await expect(fig.locator('[data-role=status]')).toHaveText(FAILED);
    // a module worker's load error reaches the page without its message: the client says why
    await expect(fig.locator('[data-role=status]')).toContainText(
      'The experiment worker stopped: it failed to load or crashed',
    );
    await expectPublishedShown(fig, before);
    await noteStatus(fig);
    expect(errors.filter((e) => !e.includes('e2e: the worker script is broken'))).toEqual([]);

    // The broken worker was dropped: the next rerun starts a fresh one.
    await page.unrouteAll();
    await rerun(fig);
    await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  });

  test('a worker crashing mid-run: the error is shown, the worker ended, the published figure kept', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const id = publishedFigure();
    test.skip(!id, 'no figure has a published run yet');
    // An uncaught exception 2 s in, while the networks train (50 smoke epochs: 5-10 s on the
    // WebAssembly SIMD engine here, two workers).
    await prependToWorker(
      page,
      "setTimeout(() => { throw new Error('e2e: simulated crash'); }, 2000);",
    );
    await openReport(page);
    const fig = figureOf(page, id!);
    const before = await publishedMarkup(fig);
    const started = firstWorker(page);
    await rerun(fig, { preset: 'smoke', epochs: '50', networks: 'retrain', backend: 'wasm' });
    await expect(fig).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await expect(fig.locator('[data-role=status]')).toHaveText(FAILED);
    await expect(fig.locator('[data-role=status]')).toContainText('e2e: simulated crash');
    await expectPublishedShown(fig, before);
    await noteStatus(fig);
    await (await started).closed;
  });

  test('a worker that stops without a word: the watchdog fails the run on its own, a rerun starts a fresh worker', async ({
    page,
  }) => {
    // The watchdog pings after SILENCE_MS of silence and gives up PING_TIMEOUT_MS later: that wait
    // on top of what the test needed when Cancel ended the run.
    test.setTimeout(SILENCE_MS + PING_TIMEOUT_MS + 60_000);
    const id = publishedFigure();
    test.skip(!id, 'no figure has a published run yet');
    // self.close() fires no event on the page's side: only the client's unanswered ping tells.
    await prependToWorker(page, 'setTimeout(() => self.close(), 2000);');
    const engines: Worker[] = [];
    page.on('worker', (worker) => {
      if (ENGINE_SCRIPT.test(worker.url())) engines.push(worker);
    });
    await openReport(page);
    const fig = figureOf(page, id!);
    const before = await publishedMarkup(fig);
    const started = firstWorker(page);
    await rerun(fig, { preset: 'smoke', epochs: '50', networks: 'retrain', backend: 'wasm' });
    await (await started).closed;
    const closedAt = Date.now();
    await expect(fig).toHaveAttribute('data-state', 'running');
    // no Cancel: the figure leaves 'running' by itself
    await expect(fig).toHaveAttribute('data-state', 'failed', {
      timeout: SILENCE_MS + PING_TIMEOUT_MS + 10_000,
    });
    const noticedAfter = Date.now() - closedAt;
    const status = fig.locator('[data-role=status]');
    await expect(status).toHaveText(FAILED);
    await expect(status).toContainText(
      /The experiment worker stopped responding \(no answer for \d+ s\)/,
    );
    // it waited out the silence and the ping before giving up
    const silent = Number(/no answer for (\d+) s/.exec((await status.textContent()) ?? '')?.[1]);
    expect(silent).toBeGreaterThanOrEqual((SILENCE_MS + PING_TIMEOUT_MS) / 1000);
    await expectPublishedShown(fig, before);
    await noteStatus(fig);
    test.info().annotations.push({ type: 'noticed after', description: `${noticedAfter} ms` });

    // The silent worker was dropped: the next rerun starts a fresh one, and it completes.
    await page.unrouteAll();
    await rerun(fig, { networks: 'published' });
    await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
    expect(engines, 'a fresh experiment worker for the rerun').toHaveLength(2);
  });
});

test.describe('assets', () => {
  onlyIn('no-webgpu');

  const cases: {
    name: string;
    url: string;
    alter: (body: Buffer) => { status?: number; body: Buffer };
    message: string[];
  }[] = [
    {
      name: 'a missing data asset',
      url: '**/data/test-labels.u8.gz',
      alter: () => ({ status: 404, body: Buffer.from('gone') }),
      message: ['test-labels.u8.gz', 'HTTP 404'],
    },
    {
      name: 'a data asset with altered bytes',
      url: '**/data/validation-images.u8.gz',
      alter: (body) => {
        const pixels = gunzipSync(body);
        pixels[4321] ^= 0xff;
        return { body: gzipSync(pixels) };
      },
      message: ['validation-images.u8.gz', 'sha256 mismatch'],
    },
    {
      name: 'a truncated data asset',
      url: '**/data/validation-labels.u8.gz',
      alter: (body) => ({ body: body.subarray(0, body.length >> 1) }),
      message: ['validation-labels.u8.gz'],
    },
    {
      name: 'a truncated published network',
      url: '**/networks/sigmoid/seed-01.bin',
      alter: (body) => ({ body: body.subarray(0, 1000) }),
      message: ['seed-01.bin', 'expected 358440 bytes, got 1000'],
    },
    {
      // same length, one weight changed: only the manifest's sha256 can tell
      name: 'a published network with altered bytes',
      url: '**/networks/sigmoid/seed-01.bin',
      alter: (body) => {
        const altered = Buffer.from(body);
        altered[5000] ^= 0xff;
        return { body: altered };
      },
      message: ['seed-01.bin', 'sha256 mismatch'],
    },
  ];
  for (const c of cases) {
    test(`${c.name}: a clear error naming the file, the published figure kept`, async ({
      page,
    }) => {
      test.setTimeout(60_000);
      const id = publishedFigure(['fig2', 'fig1', 'fig3', 'fig4', 'fig5']);
      test.skip(!id, 'no figure has a published run yet');
      await page.route(c.url, async (route) => {
        const response = await route.fetch();
        const { status, body } = c.alter(await response.body());
        await route.fulfill({ response, status: status ?? response.status(), body });
      });
      await openReport(page);
      const fig = figureOf(page, id!);
      const before = await publishedMarkup(fig);
      await rerun(fig, { preset: 'smoke', networks: 'published', backend: 'wasm' });
      await expect(fig).toHaveAttribute('data-state', 'failed', { timeout: 45_000 });
      const status = fig.locator('[data-role=status]');
      await expect(status).toHaveText(FAILED);
      for (const part of c.message) await expect(status).toContainText(part);
      await expectPublishedShown(fig, before);
      await noteStatus(fig);
    });
  }
});

test.describe('storage and page life', () => {
  onlyIn('no-webgpu');

  test('IndexedDB refused in the worker: the rerun trains, finishes, and caches nothing', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const errors = collectErrors(page);
    // As with storage disabled: indexedDB.open throws (SecurityError) inside the worker.
    await prependToWorker(
      page,
      `IDBFactory.prototype.open = function () {
        console.warn('e2e: indexedDB.open refused');
        throw new DOMException('e2e: storage is disabled', 'SecurityError');
      };`,
    );
    const refused: string[] = [];
    page.on('worker', (worker) =>
      worker.on('console', (m) => {
        if (m.text() === 'e2e: indexedDB.open refused') refused.push(m.text());
      }),
    );
    await openReport(page);
    const fig = figureOf(page, 'fig2');
    await rerun(fig, { preset: 'smoke', networks: 'retrain', backend: 'wasm' });
    await expect(fig).toHaveAttribute('data-state', 'done', { timeout: 75_000 });
    await expect(fig.locator('[data-role=rerun-meta]')).toContainText('networks trained');
    // the engine looked in the cache and tried to store: both refused, neither fatal
    expect(refused.length).toBeGreaterThanOrEqual(2);
    const databases = await page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name),
    );
    expect(databases).not.toContain('neuron-importance');
    expect(errors).toEqual([]);
  });

  test('leaving the page terminates the worker (pagehide)', async ({ page }) => {
    test.setTimeout(60_000);
    await openReport(page);
    const fig = figureOf(page, 'fig2');
    const started = firstWorker(page);
    // 50 smoke epochs: still training seconds later (one epoch is a fraction of a second)
    await rerun(fig, { preset: 'smoke', epochs: '50', networks: 'retrain', backend: 'wasm' });
    await expect(fig.locator('[data-role=stage]')).toContainText('Training', { timeout: 30_000 });
    // The handler engine-client.ts installs, run while the page is still there to watch it.
    await page.evaluate(() =>
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })),
    );
    await (await started).closed;
    await expect(fig).toHaveAttribute('data-state', 'cancelled');
  });

  test('navigating away mid-run ends the worker', async ({ page }) => {
    test.setTimeout(60_000);
    await openReport(page);
    const fig = figureOf(page, 'fig2');
    const started = firstWorker(page);
    // 50 smoke epochs: still training seconds later (one epoch is a fraction of a second)
    await rerun(fig, { preset: 'smoke', epochs: '50', networks: 'retrain', backend: 'wasm' });
    await expect(fig.locator('[data-role=stage]')).toContainText('Training', { timeout: 30_000 });
    await page.goto('/diagnostics/');
    await (await started).closed;
  });
});
