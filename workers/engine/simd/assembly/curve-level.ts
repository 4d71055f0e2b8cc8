// AssemblyScript: one level of a cumulative-ablation curve (docs/method.md §4-§6), the inner loop
// of ablation.ts `accuracyCurve` (tested equal to it, tests/engine/simd.test.ts). The state z
// [samples][width] (layer 2's pre-activations, or the logits when only layer 2 changes) takes the
// level's new rank-one steps z += u_q v_q; then, with an output layer, the logits are
// sigma(z) W_k + b_k with that level's folded output weights; the count of samples whose arg-max
// logit is their label is returned. One pass over each sample's row, which stays in cache.
import { activate4, axpy } from './vector';

const CLASSES: i32 = 10;
/** Output columns, padded to whole vectors (the padding's weights are 0 and never compared). */
const PADDED: i32 = 12;

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/**
 * z: [samples][width] state, width a multiple of 4 (padded rows); u: [steps][samples] step
 * inputs; v: [steps][width] step directions; steps [from, to) are applied at this level.
 * weights [width][12] and biases [12] are this level's output layer, or 0 when z holds logits
 * (then width is 12 and only the first 10 columns count). t: one row of scratch.
 */
export function level(
  z: usize,
  samples: i32,
  width: i32,
  u: usize,
  v: usize,
  from: i32,
  to: i32,
  weights: usize,
  biases: usize,
  labels: usize,
  activation: i32,
  t: usize,
  logits: usize,
): i32 {
  let correct = 0;
  for (let n = 0; n < samples; n++) {
    const row = at(z, n * width);
    for (let q = from; q < to; q++) {
      // z + u * v: one product and one sum per entry, as tf.add(z, tf.matMul(u, v)) rounds them
      axpy(row, load<f32>(at(u, q * samples + n)), at(v, q * width), width);
    }
    let out = row;
    if (weights != 0) {
      for (let j = 0; j < width; j += 4) {
        v128.store(at(t, j), activate4(v128.load(at(row, j)), activation));
      }
      memory.copy(logits, biases, <usize>PADDED * 4);
      for (let j = 0; j < width; j++) {
        axpy(logits, load<f32>(at(t, j)), at(weights, j * PADDED), PADDED);
      }
      out = logits;
    }
    // the first largest logit, as tf.argMax
    let best = 0;
    let top = load<f32>(out);
    for (let o = 1; o < CLASSES; o++) {
      const value = load<f32>(at(out, o));
      if (value > top) {
        top = value;
        best = o;
      }
    }
    if (best == <i32>load<u8>(labels + <usize>n)) correct++;
  }
  return correct;
}
