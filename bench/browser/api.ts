/**
 * The contract of the benchmark worker (bench/browser/bench.worker.ts): what the headless run
 * (bench/browser/bench.bench.ts) calls through /bench/ (src/pages/bench.astro).
 */
import type { Activation } from '../../src/lib/figure-data';
import type { BackendName } from '../../src/lib/run-options';
import type { EnsembleLayout, EnvironmentInfo, NetworkManifest } from '../../workers/api';
import type { FineTuneLayout } from '../../workers/engine/fine-tune';
import type {
  AblationTiming,
  BackendStamp,
  FineTuneTiming,
  ImportanceTiming,
  StepBudget,
  StepTiming,
} from '../results';

/** The benchmark worker's API (bench/browser/bench.worker.ts), exposed by /bench/ as `window.bench`. */
export interface BenchApi {
  environment(): Promise<EnvironmentInfo>;
  /** Makes `backend` current; a forced backend that cannot start falls back (see `backend`). */
  useBackend(backend: BackendName): Promise<BackendStamp>;
  /** trainEnsemble of `seeds` networks in `layout`, per step. */
  engineTraining(seeds: number, layout: EnsembleLayout, budget: StepBudget): Promise<StepTiming>;
  /** The same network with the TensorFlow.js Layers API (model.fit), per step. */
  layersFit(budget: StepBudget): Promise<StepTiming>;
  importance(repeats: number): Promise<ImportanceTiming>;
  /**
   * One layer-1 ablation curve, fast path and (naiveRepeats > 0) naive recomputation, the latter
   * on as many levels as fit in about naiveLimitMs.
   */
  ablation(repeats: number, naiveRepeats: number, naiveLimitMs: number): Promise<AblationTiming>;
  /** `starts` pruned copies of the bench network fine-tuned together for `steps` steps, per step. */
  fineTuning(layout: FineTuneLayout, starts: number, steps: number): Promise<FineTuneTiming>;
  /**
   * Networks trained briefly (the smoke preset's epoch on 6,400 images) when the published ones
   * cover too few seeds: files as base64, since ArrayBuffers do not cross page.evaluate.
   */
  standInNetworks(
    activation: Activation,
    seeds: number,
  ): Promise<{ manifest: NetworkManifest; files: string[] }>;
}
