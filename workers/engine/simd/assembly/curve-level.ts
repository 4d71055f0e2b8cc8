// AssemblyScript: one level of a cumulative-ablation curve (docs/method.md §4-§6), the inner loop
// of ablation.ts `accuracyCurve` (tested equal to it, tests/engine/simd.test.ts). The state z
// [samples][width] (layer 2's pre-activations, or the logits when only layer 2 changes) takes the
// level's new rank-one steps z += u_q v_q; then, with an output layer, the logits are
// sigma(z) W_k + b_k with that level's output weights; the count of samples whose arg-max logit
// is their label is returned. One pass over each sample's row, which stays in cache.
//
// Skipping (layer-1 curves whose output weights stay as they are): a sample's decision cannot
// change while its logit gaps exceed what the steps since its last evaluation can close.
// Step q changes z_j by u_q v_qj; sigma is nondecreasing with slope at most s (1/4 for the
// sigmoid, 1 for ReLU), so t_j moves between 0 and s u_q v_qj, and the gap between the top class
// a and class o closes by at most |u_q| * C_q[sign u_q][a][o], with
// C_q[+][a][o] = s * sum_j max(0, v_qj (W[j][o] - W[j][a])) and C_q[-] the same with -v_qj
// (ablation.ts, stepBounds). Such a sample keeps its decision without the activation and the
// output product; the others are evaluated.
import { activate4, axpy } from './vector';

const CLASSES: i32 = 10;
/** Output columns, padded to whole vectors (the padding's weights are 0 and never compared). */
const PADDED: i32 = 12;
/** Bytes of one sample's cache: its logit gaps to the top class, then the bound of their change. */
const CACHE: usize = <usize>PADDED * 8;
/** A gap closer than this (absolute, in logits) to its bound is evaluated: far above rounding. */
const SAFETY: f32 = 1e-3;

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** The lane sums of four vectors, as one vector: a 4 x 4 transpose by shuffles, then adds. */
// @ts-ignore: decorator
@inline function sum4(a: v128, b: v128, c: v128, d: v128): v128 {
  // [a0 b0 a1 b1], [a2 b2 a3 b3], [c0 d0 c1 d1], [c2 d2 c3 d3]
  const ab01 = v128.shuffle<i32>(a, b, 0, 4, 1, 5);
  const ab23 = v128.shuffle<i32>(a, b, 2, 6, 3, 7);
  const cd01 = v128.shuffle<i32>(c, d, 0, 4, 1, 5);
  const cd23 = v128.shuffle<i32>(c, d, 2, 6, 3, 7);
  // [a0+a2 b0+b2 a1+a3 b1+b3], likewise for c, d
  const ab = f32x4.add(ab01, ab23);
  const cd = f32x4.add(cd01, cd23);
  // [a0+a2 b0+b2 c0+c2 d0+d2] + [a1+a3 b1+b3 c1+c3 d1+d3]
  return f32x4.add(v128.shuffle<i32>(ab, cd, 0, 1, 4, 5), v128.shuffle<i32>(ab, cd, 2, 3, 6, 7));
}

/**
 * z: [samples][width] state, width a multiple of 4 (padded rows); u: [steps][samples] step
 * inputs; v: [steps][width] step directions; steps [from, to) are applied at this level.
 * weights [10][width] (transposed) and biases [12] are this level's output layer, or 0 when z holds logits
 * (then width is 12 and only the first 10 columns count). logits: 12 floats of scratch.
 * cache ([samples] of CACHE bytes), tops ([samples] i32) and bounds ([steps][2][10][12], C_q) turn
 * skipping on; cache = 0 evaluates every sample. Level 0 must evaluate every sample (fresh = 1).
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
  logits: usize,
  cache: usize,
  tops: usize,
  bounds: usize,
  fresh: bool,
): i32 {
  let correct = 0;
  const safety = f32x4.splat(SAFETY);
  for (let n = 0; n < samples; n++) {
    const row = at(z, n * width);
    const gaps = cache + <usize>n * CACHE;
    let moved0 = f32x4.splat(0);
    let moved1 = f32x4.splat(0);
    let moved2 = f32x4.splat(0);
    if (cache != 0) {
      moved0 = v128.load(gaps, 48);
      moved1 = v128.load(gaps, 64);
      moved2 = v128.load(gaps, 80);
    }
    const top = cache != 0 ? load<i32>(at(tops, n)) : 0;
    for (let q = from; q < to; q++) {
      // z + u * v: one product and one sum per entry, as tf.add(z, tf.matMul(u, v)) rounds them
      const uq = load<f32>(at(u, q * samples + n));
      axpy(row, uq, at(v, q * width), width);
      if (cache != 0) {
        const sign = uq < 0 ? 1 : 0;
        const c = bounds + (<usize>((q * 2 + sign) * CLASSES + top) * <usize>PADDED << 2);
        const a = f32x4.splat(Mathf.abs(uq));
        moved0 = f32x4.add(moved0, f32x4.mul(a, v128.load(c)));
        moved1 = f32x4.add(moved1, f32x4.mul(a, v128.load(c, 16)));
        moved2 = f32x4.add(moved2, f32x4.mul(a, v128.load(c, 32)));
      }
    }
    if (cache != 0 && !fresh) {
      const close = v128.or(
        v128.or(
          f32x4.lt(f32x4.sub(v128.load(gaps), moved0), safety),
          f32x4.lt(f32x4.sub(v128.load(gaps, 16), moved1), safety),
        ),
        f32x4.lt(f32x4.sub(v128.load(gaps, 32), moved2), safety),
      );
      if (!v128.any_true(close)) {
        v128.store(gaps, moved0, 48);
        v128.store(gaps, moved1, 64);
        v128.store(gaps, moved2, 80);
        if (top == <i32>load<u8>(labels + <usize>n)) correct++;
        continue;
      }
    }
    let out = row;
    if (weights != 0) {
      // logits_o = b_o + sum_j sigma(z_j) W[j][o], with W transposed ([10][width]): ten vectors
      // of running sums over j held in registers, added across their lanes at the end
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0);
      let a5 = f32x4.splat(0);
      let a6 = f32x4.splat(0);
      let a7 = f32x4.splat(0);
      let a8 = f32x4.splat(0);
      let a9 = f32x4.splat(0);
      const stride = <usize>width << 2;
      for (let j = 0; j < width; j += 4) {
        const t4 = activate4(v128.load(at(row, j)), activation);
        let w = at(weights, j);
        a0 = f32x4.add(a0, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a1 = f32x4.add(a1, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a2 = f32x4.add(a2, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a3 = f32x4.add(a3, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a4 = f32x4.add(a4, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a5 = f32x4.add(a5, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a6 = f32x4.add(a6, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a7 = f32x4.add(a7, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a8 = f32x4.add(a8, f32x4.mul(t4, v128.load(w)));
        w += stride;
        a9 = f32x4.add(a9, f32x4.mul(t4, v128.load(w)));
      }
      // lane sums of four accumulators at once: [s0 s1 s2 s3] = sum of lanes of a0..a3
      v128.store(logits, f32x4.add(v128.load(biases), sum4(a0, a1, a2, a3)));
      v128.store(logits, f32x4.add(v128.load(biases, 16), sum4(a4, a5, a6, a7)), 16);
      v128.store(
        logits,
        f32x4.add(v128.load(biases, 32), sum4(a8, a9, f32x4.splat(0), f32x4.splat(0))),
        32,
      );
      out = logits;
    }
    // the first largest logit, as tf.argMax
    let best = 0;
    let value = load<f32>(out);
    for (let o = 1; o < CLASSES; o++) {
      const next = load<f32>(at(out, o));
      if (next > value) {
        value = next;
        best = o;
      }
    }
    if (best == <i32>load<u8>(labels + <usize>n)) correct++;
    if (cache != 0) {
      // gaps to the new top class; its own lane and the padding can never close
      const topValue = f32x4.splat(value);
      v128.store(gaps, f32x4.sub(topValue, v128.load(out)));
      v128.store(gaps, f32x4.sub(topValue, v128.load(out, 16)), 16);
      v128.store(gaps, f32x4.sub(topValue, v128.load(out, 32)), 32);
      store<f32>(at(gaps, best), Infinity);
      store<f32>(at(gaps, CLASSES), Infinity);
      store<f32>(at(gaps, CLASSES + 1), Infinity);
      v128.store(gaps, f32x4.splat(0), 48);
      v128.store(gaps, f32x4.splat(0), 64);
      v128.store(gaps, f32x4.splat(0), 80);
      store<i32>(at(tops, n), best);
    }
  }
  return correct;
}
