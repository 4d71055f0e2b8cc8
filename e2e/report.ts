/**
 * Driving the report page in end-to-end tests: the published data on disk, a figure's rerun form
 * (selectors documented in src/components/figure-rerun.ts), its downloads, and the experiment
 * worker (requests for it, code prepended to it, its heap through CDP).
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, type Route, test } from '@playwright/test';
import type { FigureSet } from '../src/lib/claims';
import type { FigureData, FigureId } from '../src/lib/figure-data';
import { FIGURES } from '../src/lib/figures';
import { CHOICES, type ChoiceParam, OPEN_CHOICES } from '../src/lib/open-choices';
import type { EngineApi } from '../workers/api';

/** The worker bundle Astro emits for workers/engine.worker.ts (hashed name). */
export const ENGINE_SCRIPT = /\/_astro\/engine\.worker-[\w-]+\.js$/;

/** Requests that only a started rerun makes: the worker bundle, TF.js WASM binaries, data, networks. */
export const ENGINE_REQUEST = /\/_astro\/engine\.worker-|\.wasm$|\/data\/|\/networks\//;

/** The published runs: content/figures/<id>.json, for the figures that have one. */
export function publishedOnDisk(): FigureSet {
  const set: FigureSet = {};
  for (const { id } of FIGURES) {
    try {
      set[id] = JSON.parse(readFileSync(`content/figures/${id}.json`, 'utf8')) as FigureData;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return set;
}

/** Opens the report and waits for the rerun controls (shown once the page's script has run). */
export async function openReport(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.locator('form[data-role=rerun-form]').first()).toBeVisible();
}

export function figureOf(page: Page, id: FigureId): Locator {
  return page.locator(`figure#${id}`);
}

/**
 * Fails, naming the figure, when the served page was built from other published data than
 * content/figures/ holds now (a figure added or regenerated since `npm run build`): every
 * comparison with the files on disk would be meaningless.
 */
export async function expectBuiltFrom(page: Page, published: FigureSet, ids: FigureId[]) {
  for (const id of ids) {
    const embedded = await figureOf(page, id)
      .locator('script[data-role=published-data]')
      .evaluateAll((scripts) => scripts[0]?.textContent ?? null);
    const servedAt = embedded ? (JSON.parse(embedded) as FigureData).meta.createdAt : 'none';
    const onDisk = published[id]?.meta.createdAt ?? 'none';
    expect(
      servedAt,
      `${id}: the served build holds the published run of ${servedAt}, content/figures/ that of ${onDisk}; rebuild (npm run build)`,
    ).toBe(onDisk);
  }
}

/** Form fields as a test types them: the run's own, and the paper's open choices by permalink name
 * (OPEN_CHOICES, inside the form's "open choices" details). */
export type RerunChoice = {
  preset?: 'smoke' | 'quick' | 'paper';
  seeds?: string;
  epochs?: string;
  activation?: string;
  backend?: string;
  networks?: string;
} & Partial<Record<ChoiceParam, string>>;

const OPEN_CHOICE_FIELDS: string[] = CHOICES.map((k) => OPEN_CHOICES[k].param);

/** Sets the rerun form's fields (selects by value, text fields by typing) and presses Rerun. */
export async function rerun(fig: Locator, choice: RerunChoice = {}): Promise<void> {
  await fillRerunForm(fig, choice);
  await fig.locator('[data-action=rerun]').click();
}

export async function fillRerunForm(fig: Locator, choice: RerunChoice): Promise<void> {
  const form = fig.locator('form[data-role=rerun-form]');
  if (OPEN_CHOICE_FIELDS.some((name) => choice[name as keyof RerunChoice] !== undefined)) {
    await form
      .locator('[data-role=open-choices]')
      .evaluate((d: HTMLDetailsElement) => d.setAttribute('open', ''));
  }
  // Networks first: epochs and the training choices are disabled while it says "published"
  const entries = Object.entries(choice).sort(([a], [b]) =>
    a === 'networks' ? -1 : b === 'networks' ? 1 : 0,
  );
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const field = form.locator(`[name=${name}]`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
}

/** Each panel's published SVG (or placeholder) markup, to check that it survives a rerun. */
export function publishedMarkup(fig: Locator): Promise<string[]> {
  return fig
    .locator('[data-role=published-plot]')
    .evaluateAll((els) => els.map((el) => el.innerHTML));
}

/** The published figure is what the reader sees: every published plot shown, unchanged. */
export async function expectPublishedShown(fig: Locator, before: string[]): Promise<void> {
  expect(await publishedMarkup(fig)).toEqual(before);
  for (const plot of await fig.locator('[data-role=published-plot]').all()) {
    await expect(plot).toBeVisible();
  }
  for (const plot of await fig.locator('[data-role=rerun-plot]').all()) {
    await expect(plot).toBeHidden();
  }
}

/** Downloads the rerun's data through the figure's "Download your rerun: JSON" link. */
export async function downloadRerun(page: Page, fig: Locator): Promise<FigureData> {
  const link = fig.locator('[data-role=rerun-downloads] a[data-role=rerun-json]');
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  return JSON.parse(readFileSync(path, 'utf8')) as FigureData;
}

/** Every request URL the page (and its workers) makes that only a started rerun would make. */
export function watchEngineRequests(page: Page): {
  requests: string[];
  workers: string[];
  helpers: string[];
} {
  const seen = { requests: [] as string[], workers: [] as string[], helpers: [] as string[] };
  page.on('request', (request) => {
    if (ENGINE_REQUEST.test(request.url())) seen.requests.push(request.url());
  });
  // the experiment worker, and the helpers it starts for a run on WASM (workers/engine/seed-pool.ts)
  page.on('worker', (worker) =>
    (ENGINE_SCRIPT.test(worker.url()) ? seen.workers : seen.helpers).push(worker.url()),
  );
  return seen;
}

/** Serves the engine worker with `code` run before it (init scripts do not reach workers). */
export async function prependToWorker(page: Page, code: string): Promise<void> {
  await page.route(ENGINE_SCRIPT, async (route: Route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${code}\n${await response.text()}` });
  });
}

/** What src/pages/engine.astro puts on window. */
export interface EngineWindow {
  engine: EngineApi;
  comlinkProxy: <T>(f: T) => T;
}

/** Opens /engine/, the bare page exposing the worker API as `window.engine`. */
export async function openEngine(page: Page): Promise<void> {
  await page.goto('/engine/');
  await expect(page.locator('#engine-status[data-ready]')).toBeVisible();
}

export interface HeapUsage {
  /** V8 heap in use after a full garbage collection (bytes). */
  used: number;
  /** ArrayBuffer backing stores (typed arrays, WASM memory) (bytes). */
  backing: number;
}

/**
 * The JS heap of the page and of its dedicated worker, after a forced garbage collection, via CDP
 * (`Runtime.getHeapUsage`). Workers are reached by auto-attaching in non-flat mode, since
 * Playwright's CDPSession cannot address a flat child session.
 */
export async function heapProbe(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const workers: string[] = [];
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 0;
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') workers.push(event.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const inWorker = (method: string) =>
    new Promise<unknown>((resolve, reject) => {
      const sessionId = workers.at(-1);
      if (!sessionId) return reject(new Error('no worker attached'));
      const id = ++nextId;
      pending.set(id, resolve);
      cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .catch(reject);
    });
  const usage = (r: { usedSize: number; backingStorageSize?: number }): HeapUsage => ({
    used: r.usedSize,
    backing: r.backingStorageSize ?? 0,
  });
  return {
    async worker(): Promise<HeapUsage> {
      await expect
        .poll(() => workers.length, { message: 'the worker attached' })
        .toBeGreaterThan(0);
      await inWorker('HeapProfiler.collectGarbage');
      return usage((await inWorker('Runtime.getHeapUsage')) as { usedSize: number });
    },
    async page(): Promise<HeapUsage> {
      await cdp.send('HeapProfiler.collectGarbage');
      return usage(await cdp.send('Runtime.getHeapUsage'));
    },
  };
}

export const MB = 1024 * 1024;

/**
 * Runs the tests of the enclosing file or describe block in one browser project only, for what does
 * not depend on the backend; the others skip them saying why.
 */
export function onlyIn(project: string, reason = 'does not depend on the backend'): void {
  test.beforeEach(() => {
    test.skip(test.info().project.name !== project, `${reason}: runs once, in ${project}`);
  });
}
