/**
 * Helper workers that take whole seeds of a figure's run (analysis + sweeps), so that a rerun on
 * WASM or the CPU backend uses more than one core. TensorFlow.js's own WASM threads do not help
 * here: with cross-origin isolation and `blob:` scripts allowed, `getThreadsCount()` still reports
 * one thread and a curve takes as long (measured, see docs/bench.md). A seed's result is the same
 * wherever it runs: the same code (`seedResult` in seed.ts) on the same backend.
 */
import * as Comlink from 'comlink';
import type { BackendName } from '../../src/lib/run-options';
import type { TrainJob } from './experiments';
import type { AnySeedResult } from './figures';
import type { NetworkWeights } from './model';
import type { SeedJob } from './seed';

export interface HelperJob extends SeedJob {
  backend: BackendName;
  baseUrl: string;
}

/** Seeds' networks to train, as a helper worker receives them. */
export interface HelperTrainJob extends TrainJob {
  backend: BackendName;
  baseUrl: string;
}

/** What a helper worker (workers/helper.worker.ts) exposes. */
export interface HelperApi {
  contribution(job: HelperJob): Promise<AnySeedResult>;
  train(
    job: HelperTrainJob,
    onProgress: (networkStepsDone: number, loss: number) => void,
  ): Promise<NetworkWeights[]>;
}

interface Helper {
  worker: Worker;
  api: Comlink.Remote<HelperApi>;
}

export class SeedPool {
  private helpers: Helper[] = [];
  private readonly pending = new Set<(reason: unknown) => void>();

  constructor(private readonly create: () => Worker) {}

  /** One seed on helper `slot` (started on first use; kept for later runs). */
  contribution(slot: number, job: HelperJob): Promise<AnySeedResult> {
    return this.call(slot, (api) => api.contribution(job) as Promise<AnySeedResult>);
  }

  /** Trains some seeds' networks on helper `slot` (started on first use; kept for later runs). */
  train(
    slot: number,
    job: HelperTrainJob,
    onProgress: (networkStepsDone: number, loss: number) => void,
  ): Promise<NetworkWeights[]> {
    return this.call(slot, (api) => api.train(job, Comlink.proxy(onProgress)));
  }

  private call<T>(slot: number, use: (api: Comlink.Remote<HelperApi>) => Promise<T>): Promise<T> {
    const helper = this.helper(slot);
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      use(helper.api)
        .then(resolve, reject)
        .finally(() => this.pending.delete(reject));
    });
  }

  /** Stops every helper now (a cancel, a failure); calls in flight reject with `reason`. */
  terminate(reason: unknown): void {
    for (const h of this.helpers) {
      h.api[Comlink.releaseProxy]();
      h.worker.terminate();
    }
    this.helpers = [];
    for (const reject of this.pending) reject(reason);
    this.pending.clear();
  }

  private helper(slot: number): Helper {
    while (this.helpers.length <= slot) {
      const worker = this.create();
      // A helper that dies (out of memory, a script that fails to load) answers no call: fail
      // the run with what happened instead of waiting for ever.
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.terminate(new Error(`A helper worker failed: ${event.message || 'it stopped'}`));
      });
      this.helpers.push({ worker, api: Comlink.wrap<HelperApi>(worker) });
    }
    return this.helpers[slot];
  }
}
