/**
 * Seeded randomness: the same 32-bit seed gives the same sequence in every browser and in Node.
 * Generator sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), its 128-bit state filled
 * from the seed by splitmix32. Only 32-bit integer arithmetic (Math.imul, >>>), so it is exact
 * everywhere; `normal` also uses Math.log, Math.sqrt and Math.cos.
 */

/** A seeded source of random numbers. */
export interface Random {
  /** Uniform in [0, 1), a multiple of 2^-32. */
  next(): number;
  /** Uniform integer in 0..n-1 (unbiased, by rejection), for integer n in 1..2^32. */
  nextInt(n: number): number;
  /** Standard normal, Box-Muller. */
  normal(): number;
}

/** An index-writable sequence: plain arrays and typed arrays. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

const TWO_POW_32 = 2 ** 32;

/** A generator seeded by `seed`, taken modulo 2^32 (so seeds 0..2^32-1 are all distinct). */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
  let mix = seed >>> 0;
  const splitmix32 = (): number => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm-up, as sfc32's author recommends, so nearby seeds decorrelate.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / TWO_POW_32;
  const nextInt = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`nextInt needs an integer in 1..2^32, got ${n}`);
    }
    // Reject the top partial block of 2^32 so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return x % n;
  };
  const normal = (): number => {
    const u = 1 - next(); // (0, 1], so the log is finite
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { next, nextInt, normal };
}

/** Fisher-Yates shuffle of `array` in place; returns it. */
export function shuffleInPlace<T, A extends MutableArrayLike<T>>(array: A, random: Random): A {
  for (let i = array.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const held = array[i];
    array[i] = array[j];
    array[j] = held;
  }
  return array;
}

/** A uniform random permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, random: Random): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad permutation length ${n}`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, random);
}
