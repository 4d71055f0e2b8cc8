/**
 * The page's one experiment worker, shared by every figure.
 *
 * - Created lazily when the first rerun starts, so TensorFlow.js is downloaded only then.
 * - Runs one figure at a time: later requests wait in a queue, in order.
 * - Cancel: a queued run is dropped at once; a running one gets `api.cancel()`, and if the worker
 *   has not stopped within CANCEL_GRACE_MS it is terminated (and recreated for the next run).
 * - A crash of the worker (its `error` event) fails the running run with a message.
 * - The worker is terminated on `pagehide`, so a closed tab does not keep training.
 */
import * as Comlink from 'comlink';
import type { EngineApi, Progress, RunOptions } from '../../workers/api';
import type { FigureData } from '../lib/figure-data';

/** How long a running job may take to honour `cancel()` before its worker is terminated. */
export const CANCEL_GRACE_MS = 1000;

export interface RunCallbacks {
  /** The run left the queue and is being sent to the worker. */
  onStart?: () => void;
  onProgress?: (progress: Progress) => void;
  onPartial?: (data: FigureData) => void;
}

export interface RunHandle {
  /** Resolves with the figure; rejects with an Error named 'AbortError' when cancelled. */
  result: Promise<FigureData>;
  /** Runs queued ahead of this one when it was requested (0: it starts at once). */
  ahead: number;
  cancel(): void;
}

interface Engine {
  worker: Worker;
  api: Comlink.Remote<EngineApi>;
}

interface Job {
  options: RunOptions;
  callbacks: RunCallbacks;
  resolve: (data: FigureData) => void;
  reject: (error: Error) => void;
  settled: boolean;
  /** The reader pressed Cancel: only then does an AbortError mean "cancelled". */
  cancelRequested: boolean;
}

let engine: Engine | null = null;
let current: Job | null = null;
const queue: Job[] = [];

/** Queues a figure run; it starts when the worker is free. */
export function runFigure(options: RunOptions, callbacks: RunCallbacks = {}): RunHandle {
  let job!: Job;
  const result = new Promise<FigureData>((resolve, reject) => {
    job = { options, callbacks, resolve, reject, settled: false, cancelRequested: false };
  });
  const ahead = queue.length + (current ? 1 : 0);
  queue.push(job);
  listenForPageHide();
  pump();
  return { result, ahead, cancel: () => cancel(job) };
}

function pump(): void {
  if (current) return;
  const job = queue.shift();
  if (!job) return;
  current = job;
  let api: Comlink.Remote<EngineApi>;
  try {
    api = ensureEngine().api;
  } catch (error) {
    finish(job, error instanceof Error ? error : new Error(String(error)));
    return;
  }
  job.callbacks.onStart?.();
  const onProgress = job.callbacks.onProgress;
  const onPartial = job.callbacks.onPartial;
  api
    .runFigure(
      { ...job.options, baseUrl: location.origin + import.meta.env.BASE_URL },
      onProgress ? Comlink.proxy(onProgress) : undefined,
      onPartial ? Comlink.proxy(onPartial) : undefined,
    )
    .then(
      (data) => finish(job, null, data),
      (error: unknown) => finish(job, engineError(job, asError(error))),
    );
}

// Settles a job once, frees the worker for the next one.
function finish(job: Job, error: Error | null, data?: FigureData): void {
  if (job.settled) return;
  job.settled = true;
  if (error) job.reject(error);
  else job.resolve(data as FigureData);
  if (current === job) {
    current = null;
    pump();
  }
}

function cancel(job: Job): void {
  if (job.settled) return;
  job.cancelRequested = true;
  const waiting = queue.indexOf(job);
  if (waiting >= 0) {
    queue.splice(waiting, 1);
    finish(job, abortError('Cancelled before it started.'));
    return;
  }
  if (current !== job || !engine) return;
  const stopping = engine;
  stopping.api.cancel().catch(() => undefined);
  setTimeout(() => {
    if (job.settled) return;
    // The worker is stuck in a long kernel: stop it the hard way; the next run gets a fresh one.
    if (engine === stopping) terminateEngine();
    finish(job, abortError('Cancelled (the engine was stopped).'));
  }, CANCEL_GRACE_MS);
}

function ensureEngine(): Engine {
  if (engine) return engine;
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
    type: 'module',
  });
  const created: Engine = { worker, api: Comlink.wrap<EngineApi>(worker) };
  const crash = (message: string) => {
    if (engine !== created) return;
    terminateEngine();
    if (current) finish(current, new Error(message));
  };
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    crash(
      `The experiment worker stopped: ${event.message || 'it failed to load or crashed (for example, out of memory)'}.`,
    );
  });
  worker.addEventListener('messageerror', () => {
    crash('The experiment worker sent a message the page could not read.');
  });
  engine = created;
  return created;
}

function terminateEngine(): void {
  if (!engine) return;
  engine.worker.terminate();
  engine = null;
}

let listening = false;
function listenForPageHide(): void {
  if (listening) return;
  listening = true;
  addEventListener('pagehide', () => {
    terminateEngine();
    const waiting = queue.splice(0);
    for (const job of waiting) finish(job, abortError('The page was closed.'));
    if (current) finish(current, abortError('The page was closed.'));
  });
}

/**
 * An AbortError the reader did not ask for is a failure: WebGPU rejects pending reads with one when
 * its device is lost mid-run, which must not read "Rerun cancelled".
 */
function engineError(job: Job, error: Error): Error {
  if (error.name !== 'AbortError' || job.cancelRequested) return error;
  return new Error(error.message || 'The compute backend stopped the run');
}

function abortError(message: string): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  const e = error as { name?: string; message?: string } | null;
  const out = new Error(e?.message ?? String(error));
  if (e?.name) out.name = e.name;
  return out;
}
