/**
 * A cumulative-ablation curve on the WebAssembly SIMD engine (docs/method.md §4-§6): the inputs of
 * ablation.ts `accuracyCurve`'s tensor path as arrays (ablation.ts `simdInputs`), one engine call
 * per level (assembly/curve-level.ts). Rows are padded to whole vectors (the logits from 10 to 12
 * columns) with zeros that are never compared.
 */
import type { Activation } from '../../../src/lib/figure-data';
import { CLASSES } from '../model';
import { PADDED, type SimdEngine } from './engine';

export interface SimdCurveInputs {
  activation: Activation;
  samples: number;
  /** The state's columns: layer 2's pre-activations (100), or the logits (10). */
  width: number;
  /** The state at level 0, [samples][width]. */
  state: Float32Array;
  /** u_q of every step and sample, [steps][samples]. */
  inputs: Float32Array;
  /** v_q of every step, [width] each. */
  directions: ArrayLike<number>[];
  /** Steps applied at each level, nondecreasing. */
  applied: Int32Array;
  levels: number;
  /** Each level's output layer (ablation.ts `outputWeights`), or null when the state is the logits. */
  output: { W2: Float32Array; b3: Float32Array } | null;
  /** The output weights when they are the same at every level: turns skipping on. */
  fixedOutput: Float32Array | null;
  labels: ArrayLike<number>;
  /** A cancel gets in every `checkpointEvery` levels. */
  checkpointEvery: number;
  checkpoint?: () => Promise<void>;
}

/** Test accuracy in percent at every level. Call inside `engine.exclusive`. */
export async function simdCurve(engine: SimdEngine, c: SimdCurveInputs): Promise<number[]> {
  const { samples: N, width } = c;
  const hidden = c.output !== null;
  const stride = hidden ? width : PADDED;
  const Q = Math.max(1, c.directions.length);
  const zAt = engine.alloc(N * stride * 4);
  const uAt = engine.alloc(Q * N * 4);
  const vAt = engine.alloc(Q * stride * 4);
  const labelsAt = engine.alloc(N);
  const weightsAt = hidden ? engine.alloc(width * CLASSES * 4) : 0;
  const biasesAt = hidden ? engine.alloc(PADDED * 4) : 0;
  const logitsAt = engine.alloc(PADDED * 4);
  const z = engine.f32(zAt, N * stride);
  if (stride === width) z.set(c.state.subarray(0, N * width));
  else for (let n = 0; n < N; n++) z.set(c.state.subarray(n * width, (n + 1) * width), n * stride);
  engine.f32(uAt, c.inputs.length).set(c.inputs);
  const v = engine.f32(vAt, Q * stride);
  for (const [q, direction] of c.directions.entries()) v.set(direction, q * stride);
  engine.u8(labelsAt, N).set(c.labels);
  const skipping = c.fixedOutput !== null;
  const cacheAt = skipping ? engine.alloc(N * PADDED * 8) : 0;
  const topsAt = skipping ? engine.alloc(N * 4) : 0;
  const boundsAt = skipping ? engine.alloc(Q * 2 * CLASSES * PADDED * 4) : 0;
  if (c.fixedOutput) {
    engine
      .f32(boundsAt, Q * 2 * CLASSES * PADDED)
      .set(stepBounds(c.directions, c.fixedOutput, c.activation === 'sigmoid' ? 0.25 : 1));
  }
  const activation = c.activation === 'sigmoid' ? 0 : 1;
  const accuracies: number[] = [];
  let appliedSoFar = 0;
  for (let k = 0; k < c.levels; k++) {
    if (c.output && (k === 0 || !skipping)) {
      // transposed, [CLASSES][width]: the engine sums each class's column over j
      const weights = engine.f32(weightsAt, width * CLASSES);
      const level = c.output.W2.subarray(k * width * CLASSES, (k + 1) * width * CLASSES);
      for (let j = 0; j < width; j++) {
        for (let o = 0; o < CLASSES; o++) weights[o * width + j] = level[j * CLASSES + o];
      }
      engine.f32(biasesAt, PADDED).set(c.output.b3.subarray(k * CLASSES, (k + 1) * CLASSES));
    }
    const target = c.applied[k];
    const correct = engine.exports.level(
      zAt,
      N,
      stride,
      uAt,
      vAt,
      appliedSoFar,
      target,
      weightsAt,
      biasesAt,
      labelsAt,
      activation,
      logitsAt,
      cacheAt,
      topsAt,
      boundsAt,
      k === 0 ? 1 : 0,
    );
    appliedSoFar = target;
    accuracies.push((100 * correct) / N);
    if ((k + 1) % c.checkpointEvery === 0) await c.checkpoint?.();
  }
  return accuracies;
}

/**
 * For every step q, sign of u_q and top class a, how far the step can close the gap between a and
 * each class o per unit of |u_q| (assembly/curve-level.ts): the step moves z_j by u_q v_qj,
 * and a nondecreasing activation with slope at most s (1/4 for the sigmoid, 1 for ReLU) moves t_j
 * between 0 and s u_q v_qj, so the gap l_a - l_o closes by at most
 * s |u_q| sum_j max(0, sign(u_q) v_qj (W2[j][o] - W2[j][a])).
 * [steps][2 (u >= 0, u < 0)][CLASSES][PADDED], the padding 0.
 */
export function stepBounds(
  directions: readonly ArrayLike<number>[],
  W2: Float32Array,
  slope: number,
): Float32Array {
  const out = new Float32Array(Math.max(1, directions.length) * 2 * CLASSES * PADDED);
  const width = W2.length / CLASSES;
  const pairs = CLASSES * CLASSES;
  // W2[j][o] - W2[j][a] for every j and pair (a, o), once
  const difference = new Float64Array(width * pairs);
  for (let j = 0; j < width; j++) {
    for (let a = 0; a < CLASSES; a++) {
      for (let o = 0; o < CLASSES; o++) {
        difference[j * pairs + a * CLASSES + o] = W2[j * CLASSES + o] - W2[j * CLASSES + a];
      }
    }
  }
  const up = new Float64Array(pairs);
  const down = new Float64Array(pairs);
  for (const [q, direction] of directions.entries()) {
    up.fill(0);
    down.fill(0);
    for (let j = 0; j < width; j++) {
      const v = direction[j];
      const row = j * pairs;
      for (let p = 0; p < pairs; p++) {
        const closing = v * difference[row + p];
        if (closing > 0) up[p] += closing;
        else down[p] -= closing;
      }
    }
    for (const [sign, sums] of [up, down].entries()) {
      for (let a = 0; a < CLASSES; a++) {
        for (let o = 0; o < CLASSES; o++) {
          // rounded up, so that float32 never makes the bound smaller than it is
          out[((q * 2 + sign) * CLASSES + a) * PADDED + o] =
            slope * sums[a * CLASSES + o] * (1 + 1e-6);
        }
      }
    }
  }
  return out;
}
