// AssemblyScript (compiled by scripts/build-wasm.mjs, not by tsc): the vector pieces the training
// step and the ablation level share. Plain WebAssembly SIMD only (no relaxed SIMD, whose fused
// multiply-add differs between CPUs): every result is the same on every run on one machine.

/** Bytes of one f32x4 vector. */
export const V: usize = 16;

// The vector constants live in mutable globals set once by initConstants(): as literals, V8
// rebuilds each one at every use inside a loop (two or three instructions each); a global is one
// load. Binaryen cannot fold them back into literals because they are written at run time.
let LOW: v128;
let HIGH: v128;
let LOG2E: v128;
let MAGIC: v128;
let LN2_HIGH: v128;
let LN2_LOW: v128;
let P0: v128;
let P1: v128;
let P2: v128;
let P3: v128;
let P4: v128;
let P5: v128;
let ONE: v128;
let ZERO: v128;
let BIAS: v128;

/** Sets the vector constants; the module's loader calls it once. */
export function initConstants(): void {
  LOW = f32x4.splat(-87.0);
  HIGH = f32x4.splat(88.0);
  LOG2E = f32x4.splat(1.44269504088896341);
  MAGIC = f32x4.splat(12582912.0);
  LN2_HIGH = f32x4.splat(0.693359375);
  LN2_LOW = f32x4.splat(-2.12194440e-4);
  P0 = f32x4.splat(1.9875691500e-4);
  P1 = f32x4.splat(1.3981999507e-3);
  P2 = f32x4.splat(8.3334519073e-3);
  P3 = f32x4.splat(4.1665795894e-2);
  P4 = f32x4.splat(1.6666665459e-1);
  P5 = f32x4.splat(5.0000001201e-1);
  ONE = f32x4.splat(1.0);
  ZERO = f32x4.splat(0.0);
  BIAS = i32x4.splat(127);
}

/** exp(x) for four lanes, Cephes' expf: x = n ln2 + r, a degree-5 polynomial in r, times 2^n.
 * Within 2 ulp of the correctly rounded value on [-87, 88]; clamped outside. Every operation is
 * one x86 instruction: pmin/pmax rather than min/max (whose NaN rules cost several), and n
 * rounded by adding 1.5 * 2^23 instead of nearest + trunc_sat. */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, LOW), HIGH);
  // n = round(x / ln 2): the sum's low mantissa bits hold n as an integer
  const shifted = f32x4.add(f32x4.mul(x, LOG2E), MAGIC);
  const n = f32x4.sub(shifted, MAGIC);
  let r = f32x4.sub(x, f32x4.mul(n, LN2_HIGH));
  r = f32x4.sub(r, f32x4.mul(n, LN2_LOW));
  let p = f32x4.add(f32x4.mul(P0, r), P1);
  p = f32x4.add(f32x4.mul(p, r), P2);
  p = f32x4.add(f32x4.mul(p, r), P3);
  p = f32x4.add(f32x4.mul(p, r), P4);
  p = f32x4.add(f32x4.mul(p, r), P5);
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), ONE);
  // 2^n from the exponent bits: (n + 127) << 23, n read from the shifted sum's bits
  const scale = i32x4.shl(i32x4.add(i32x4.sub(shifted, MAGIC), BIAS), 23);
  return f32x4.mul(y, scale);
}

/** sigma(z) of eq. (1) for four lanes: sigmoid 1 / (1 + e^-z) (activation 0) or ReLU (1). */
// @ts-ignore: decorator
@inline export function activate4(z: v128, activation: i32): v128 {
  if (activation == 0) return f32x4.div(ONE, f32x4.add(ONE, exp4(f32x4.neg(z))));
  // pmax(0, z) = 0 < z ? z : 0, one instruction (max's NaN rules cost several)
  return f32x4.pmax(ZERO, z);
}

/** d t / d z through the output t: sigmoid t(1 - t), ReLU 1[t > 0] (gradients.ts activationSlope). */
export function slope4(t: v128, activation: i32): v128 {
  if (activation == 0) return f32x4.mul(t, f32x4.sub(ONE, t));
  return v128.and(f32x4.gt(t, ZERO), ONE);
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
