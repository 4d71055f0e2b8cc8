// AssemblyScript (compiled by scripts/build-wasm.mjs, not by tsc): the vector pieces the training
// step and the ablation level share. Plain WebAssembly SIMD only (no relaxed SIMD, whose fused
// multiply-add differs between CPUs): every result is the same on every run on one machine.

/** Bytes of one f32x4 vector. */
export const V: usize = 16;

/** exp(x) for four lanes, Cephes' expf: x = n ln2 + r, a degree-5 polynomial in r, times 2^n.
 * Within 2 ulp of the correctly rounded value on [-87, 88]; clamped outside. */
export function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.1219444e-4)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  // 2^n from the exponent bits: (n + 127) << 23
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

/** sigma(z) of eq. (1) for four lanes: sigmoid 1 / (1 + e^-z) (activation 0) or ReLU (1). */
export function activate4(z: v128, activation: i32): v128 {
  if (activation == 0) {
    const one = f32x4.splat(1.0);
    return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(z))));
  }
  return f32x4.max(z, f32x4.splat(0.0));
}

/** d t / d z through the output t: sigmoid t(1 - t), ReLU 1[t > 0] (gradients.ts activationSlope). */
export function slope4(t: v128, activation: i32): v128 {
  if (activation == 0) return f32x4.mul(t, f32x4.sub(f32x4.splat(1.0), t));
  return v128.and(f32x4.gt(t, f32x4.splat(0.0)), f32x4.splat(1.0));
}

/** row[0..n) = sigma(row[0..n)) in place, n a multiple of 4. */
export function activateRow(row: usize, n: i32, activation: i32): void {
  for (let i = 0; i < n; i += 4) {
    const p = row + ((<usize>i) << 2);
    v128.store(p, activate4(v128.load(p), activation));
  }
}

/** out[0..n) += a * w[0..n), n a multiple of 4: one rank-one term of a matrix product. */
export function axpy(out: usize, a: f32, w: usize, n: i32): void {
  const av = f32x4.splat(a);
  for (let i = 0; i < n; i += 4) {
    const o = out + ((<usize>i) << 2);
    v128.store(o, f32x4.add(v128.load(o), f32x4.mul(av, v128.load(w + ((<usize>i) << 2)))));
  }
}

/** sum of a[i] * b[i] over [0, n), n a multiple of 4 (four running sums, then their lanes). */
export function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0.0);
  for (let i = 0; i < n; i += 4) {
    const o = (<usize>i) << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  return (
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3))
  );
}

/** out[0..n) = src[0..n), n a multiple of 4. */
export function copy(out: usize, src: usize, n: i32): void {
  memory.copy(out, src, (<usize>n) << 2);
}
