/**
 * The engine check worker's API (workers/check.worker.ts), exposed by the bare page /engine-checks/
 * as `window.checks`: correctness checks of the engine that need a browser's WebGPU, run by
 * e2e/kernels.spec.ts. Not a benchmark: nothing here is timed.
 */
import type { Activation, FigureId } from '../src/lib/figure-data';

export interface CurvePathCheck {
  figure: FigureId;
  activation: Activation;
}

export interface CurvePathResult extends CurvePathCheck {
  /** The backends that actually ran each side. */
  referenceBackend: string;
  fusedBackend: string;
  curves: {
    panel: string;
    series: string;
    levels: number;
    /** Largest |fused - reference| over the levels, in correctly classified samples. */
    maxSampleDifference: number;
    /** max - min of the reference curve, percentage points: the curve is not flat. */
    range: number;
  }[];
}

export interface CheckApi {
  /**
   * The fused WGSL curve program against the TensorFlow.js-ops path, on the curves the figures
   * draw: each figure's per-seed computation for published network 0 on the first `samples`
   * validation and test images, once on WASM (ops) and once on WebGPU (fused), from the same
   * analysis.
   */
  curvePaths(checks: CurvePathCheck[], samples: number): Promise<CurvePathResult[]>;
}
