/**
 * The page's one experiment worker, shared by every figure.
 *
 * - Created lazily when the first rerun starts, so TensorFlow.js is downloaded only then.
 * - Runs one figure at a time: later requests wait in a queue, in order.
 * - Cancel: a queued run is dropped at once; a running one gets `api.cancel()`, and if the worker
 *   has not stopped within CANCEL_GRACE_MS it is terminated (and recreated for the next run).
 * - A crash of the worker (its `error` event) fails the running run with a message.
 * - A worker that stops without an event (`self.close()`, or a browser ending it silently) is
 *   noticed by a watchdog that runs only while a job runs: after SILENCE_MS without a word from the
 *   worker it pings, and a worker that still says nothing PING_TIMEOUT_MS later is terminated and
 *   its run failed, as after a crash (the next run gets a fresh worker).
 * - The worker is terminated on `pagehide`, so a closed tab does not keep training.
 */
import * as Comlink from 'comlink';
import type { EngineApi, Progress, RunOptions } from '../../workers/api';
import type { FigureData } from '../lib/figure-data';

/** How long a running job may take to honour `cancel()` before its worker is terminated. */
export const CANCEL_GRACE_MS = 1000;

/*
 * The watchdog's limits. A live worker answers a ping at its next turn of the event loop, and a run
 * takes one at every checkpoint (a setTimeout 0 in workers/engine.worker.ts): in training at least
 * every 250 ms plus one step (20 networks: ~0.1 s on WASM, ~1.3 s on the CPU backend, docs/bench.md),
 * in the sweeps every 10 levels of a curve. The longest stretch without one is a seed's analysis up
 * to its first curve checkpoint (or the whole seed where a figure draws no curve: Figs. 2, 7, 8, 13):
 * forward passes over the validation and test images per activation, synchronous on WASM and CPU.
 * At 10,000 images that is ~0.5 s on WASM and ~7 s on the CPU backend for a figure of both
 * activations; next comes training's set-up (50,000 images to a tensor, every seed's shuffles),
 * about a second. These are estimates from docs/bench.md's timings, not measured one by one.
 * Progress, meanwhile, can be quiet for many seconds (one message per seed in the sweeps), hence a
 * ping after SILENCE_MS rather than a deadline on progress; PING_TIMEOUT_MS leaves the CPU backend's
 * worst stretch about three times over, for a slower and busier machine than the one measured. A
 * stopped worker is then called dead 25 s after its last word.
 */
/** Silence from the worker (no progress, partial result or ping answer) after which it is pinged. */
export const SILENCE_MS = 5_000;
/** How long a pinged worker has to say anything before it is taken for dead. */
export const PING_TIMEOUT_MS = 20_000;
/**
 * A fresh worker cannot answer before its script (~1.3 MB with TensorFlow.js) has downloaded and
 * run: until its first word it has this long instead, for a slow connection.
 */
export const STARTUP_MS = 60_000;
/** How often the watchdog looks. */
const WATCH_TICK_MS = 1_000;
/**
 * A look this late means the page itself was held up (busy, or throttled in a background tab):
 * the worker's messages may still be waiting in the page's queue, so nothing is concluded then.
 */
const WATCH_LATE_MS = 1_000;

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
  /** The worker has said something (its script has run): from then on, SILENCE_MS applies. */
  answered: boolean;
}

/** The watchdog of the running job (see SILENCE_MS). */
interface Watchdog {
  engine: Engine;
  /** performance.now() of the worker's last word for this job (or of the job's start). */
  lastHeard: number;
  /** When the last ping was sent (-Infinity: none yet). */
  pingedAt: number;
  timer: ReturnType<typeof setTimeout>;
}

interface Job {
  options: RunOptions;
  callbacks: RunCallbacks;
  resolve: (data: FigureData) => void;
  reject: (error: Error) => void;
  settled: boolean;
  /** The reader pressed Cancel: only then does an AbortError mean "cancelled". */
  cancelRequested: boolean;
  /** Only while the job runs. */
  watchdog: Watchdog | null;
}

let engine: Engine | null = null;
let current: Job | null = null;
const queue: Job[] = [];

/** Queues a figure run; it starts when the worker is free. */
export function runFigure(options: RunOptions, callbacks: RunCallbacks = {}): RunHandle {
  let job!: Job;
  const result = new Promise<FigureData>((resolve, reject) => {
    job = {
      options,
      callbacks,
      resolve,
      reject,
      settled: false,
      cancelRequested: false,
      watchdog: null,
    };
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
  let started: Engine;
  try {
    started = ensureEngine();
  } catch (error) {
    finish(job, error instanceof Error ? error : new Error(String(error)));
    return;
  }
  job.callbacks.onStart?.();
  const { onProgress, onPartial } = job.callbacks;
  watch(job, started);
  started.api
    .runFigure(
      { ...job.options, baseUrl: location.origin + import.meta.env.BASE_URL },
      // progress is asked for even when nobody shows it: it is the worker's sign of life
      Comlink.proxy((p: Progress) => {
        heard(job);
        onProgress?.(p);
      }),
      onPartial
        ? Comlink.proxy((data: FigureData) => {
            heard(job);
            onPartial(data);
          })
        : undefined,
    )
    .then(
      (data) => finish(job, null, data),
      (error: unknown) => finish(job, engineError(job, asError(error))),
    );
}

// Settles a job once, frees the worker for the next one.
function finish(job: Job, error: Error | null, data?: FigureData): void {
  unwatch(job);
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
  unwatch(job); // the grace period below takes over
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
  const created: Engine = { worker, api: Comlink.wrap<EngineApi>(worker), answered: false };
  const crash = (message: string) => {
    if (engine !== created) return;
    terminateEngine();
    if (current) finish(current, new Error(message));
  };
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    // without a message the worker either never loaded or died; offline, the first is far likelier
    // than memory, and the reader can act on it
    const why = navigator.onLine
      ? 'it failed to load or crashed (for example, out of memory)'
      : 'it could not be loaded, and the browser is offline: reruns work offline once the report has been visited online and the rerun has run once';
    crash(`The experiment worker stopped: ${event.message || why}.`);
  });
  worker.addEventListener('messageerror', () => {
    crash('The experiment worker sent a message the page could not read.');
  });
  engine = created;
  return created;
}

/** Watches the running job's worker until the job settles or is cancelled (see SILENCE_MS). */
function watch(job: Job, watched: Engine): void {
  let due = performance.now() + WATCH_TICK_MS;
  const look = () => {
    if (job.watchdog !== dog) return;
    const now = performance.now();
    const late = now - due > WATCH_LATE_MS;
    due = now + WATCH_TICK_MS;
    dog.timer = setTimeout(look, WATCH_TICK_MS);
    if (late) return;
    const quiet = now - dog.lastHeard;
    if (quiet >= (watched.answered ? SILENCE_MS + PING_TIMEOUT_MS : STARTUP_MS)) {
      unwatch(job);
      if (engine === watched) terminateEngine();
      const seconds = Math.round(quiet / 1000);
      finish(
        job,
        new Error(
          watched.answered
            ? `The experiment worker stopped responding (no answer for ${seconds} s)`
            : `The experiment worker did not start (no answer for ${seconds} s)`,
        ),
      );
      return;
    }
    // one ping per silence: any word from the worker, its answer included, ends the silence
    if (quiet >= SILENCE_MS && dog.pingedAt < dog.lastHeard) {
      dog.pingedAt = now;
      watched.api.ping().then(
        () => heard(job),
        () => undefined,
      );
    }
  };
  const dog: Watchdog = {
    engine: watched,
    lastHeard: performance.now(),
    pingedAt: Number.NEGATIVE_INFINITY,
    timer: setTimeout(look, WATCH_TICK_MS),
  };
  job.watchdog = dog;
}

/** The worker spoke for this job: it is alive. */
function heard(job: Job): void {
  const dog = job.watchdog;
  if (!dog) return;
  dog.lastHeard = performance.now();
  dog.engine.answered = true;
}

function unwatch(job: Job): void {
  if (!job.watchdog) return;
  clearTimeout(job.watchdog.timer);
  job.watchdog = null;
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
    if (current) unwatch(current);
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
