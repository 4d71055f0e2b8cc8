/**
 * The WebAssembly SIMD engine of the CPU path: the AssemblyScript kernels of ./assembly/ (built by
 * scripts/build-wasm.mjs), loaded from our own origin and laid out here. It trains one network at
 * a time (train-step: forward, backward, L2 and Adam in one call, no allocation per step) and
 * evaluates one level of an ablation curve per call (curve-level). TensorFlow.js stays the WebGPU
 * path and the reference the engine is tested against (tests/engine/simd.test.ts).
 *
 * Plain SIMD only, no relaxed SIMD: a seed gives the same bits on every run on one machine. Where
 * WebAssembly SIMD is missing, `simdEngine()` resolves null with the reason in `simdProblem()`,
 * and the engine falls back to TensorFlow.js on WASM.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ComputeEngine } from '../../../src/lib/figure-data';
import { CLASSES, type NetworkWeights, PARAM_ORDER, PARAM_SHAPES } from '../model';

/** The output layer's columns in the engine, padded from 10 to whole vectors. */
export const PADDED = 12;

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  initConstants(): void;
  PARAMS: WebAssembly.Global;
  workspaceBytes(maxBatch: number): number;
  configure(...addresses: number[]): void;
  step(
    batch: number,
    activation: number,
    lambda: number,
    stepSize: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    epsilon: number,
    masked: number,
  ): number;
  level(
    z: number,
    samples: number,
    width: number,
    u: number,
    v: number,
    from: number,
    to: number,
    weights: number,
    biases: number,
    labels: number,
    activation: number,
    logits: number,
    cache: number,
    tops: number,
    bounds: number,
    fresh: number,
  ): number;
}

/** What the engine's name is in the run metadata and on the page. */
export const SIMD_ENGINE_NAME = 'WebAssembly SIMD';

/**
 * One instance of the module and a bump allocator over its memory: a user (a training run, a
 * curve) calls `reset()`, then `alloc` for each buffer; the memory grows as needed and is kept.
 */
export class SimdEngine {
  private top = 0;
  readonly params: number;

  constructor(readonly exports: Exports) {
    this.params = exports.PARAMS.value as number;
    exports.initConstants();
  }

  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs `use` with the engine's memory to itself: users that await inside (a curve lets a cancel
   * in between levels) would otherwise lay their buffers over each other's.
   */
  exclusive<T>(use: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      this.reset();
      return use();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Frees every buffer of the previous user. */
  reset(): void {
    this.top = (this.exports.heapBase() + 15) & ~15;
  }

  /** A 16-byte aligned buffer of `bytes` (zeroed), its byte address. */
  alloc(bytes: number): number {
    if (this.top === 0) this.reset();
    const at = this.top;
    this.top = (at + bytes + 15) & ~15;
    const memory = this.exports.memory;
    const missing = this.top - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    new Uint8Array(memory.buffer, at, bytes).fill(0);
    return at;
  }

  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, at, length);
  }

  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.exports.memory.buffer, at, length);
  }

  u8(at: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, at, length);
  }
}

/** Where the parameters of a network sit in the engine's flat layout (train-step.ts), in floats. */
export const PARAM_OFFSETS = (() => {
  const out = {} as Record<(typeof PARAM_ORDER)[number], number>;
  let offset = 0;
  for (const name of PARAM_ORDER) {
    out[name] = offset;
    const [rows, cols] = PARAM_SHAPES[name];
    offset += rows * (cols === CLASSES ? PADDED : cols);
  }
  return out;
})();

/** A network into the engine's flat layout at `flat` (output columns padded with zeros). */
export function writeNetwork(flat: Float32Array, net: NetworkWeights): void {
  for (const name of PARAM_ORDER) {
    const [rows, cols] = PARAM_SHAPES[name];
    const offset = PARAM_OFFSETS[name];
    if (cols !== CLASSES) {
      flat.set(net[name], offset);
      continue;
    }
    for (let r = 0; r < rows; r++) {
      flat.set(net[name].subarray(r * cols, (r + 1) * cols), offset + r * PADDED);
      flat.fill(0, offset + r * PADDED + cols, offset + (r + 1) * PADDED);
    }
  }
}

/** The network held in the engine's flat layout, as copies in the file format. */
export function readNetwork(flat: Float32Array): NetworkWeights {
  const net = {} as NetworkWeights;
  for (const name of PARAM_ORDER) {
    const [rows, cols] = PARAM_SHAPES[name];
    const offset = PARAM_OFFSETS[name];
    if (cols !== CLASSES) {
      net[name] = flat.slice(offset, offset + rows * cols);
      continue;
    }
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      out.set(flat.subarray(offset + r * PADDED, offset + r * PADDED + cols), r * cols);
    }
    net[name] = out;
  }
  return net;
}

let loading: Promise<SimdEngine | null> | undefined;
let problem = '';

const isNode = typeof process !== 'undefined' && process.versions?.node != null;

/** The module's bytes: fetched from our own origin in a browser, read from disk in Node. */
async function moduleBytes(): Promise<ArrayBuffer> {
  const url = new URL('./build/engine.wasm', import.meta.url);
  if (isNode && url.protocol === 'file:') {
    const fs = 'node:fs/promises';
    const { readFile } = (await import(/* @vite-ignore */ fs)) as typeof import('node:fs/promises');
    try {
      const bytes = await readFile(url);
      return bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer;
    } catch (error) {
      throw new Error(
        `${url.pathname} is missing: run \`node scripts/build-wasm.mjs\` (${(error as Error).message})`,
      );
    }
  }
  // not instantiateStreaming: a static host may serve .wasm without its MIME type
  const response = await fetch(url);
  if (!response.ok) throw new Error(`engine.wasm: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/**
 * The engine, loaded once per worker; null where WebAssembly SIMD is unavailable (the reason in
 * `simdProblem()`).
 */
export function simdEngine(): Promise<SimdEngine | null> {
  loading ??= (async () => {
    try {
      const bytes = await moduleBytes();
      if (!WebAssembly.validate(bytes)) {
        problem = 'this browser has no WebAssembly SIMD';
        return null;
      }
      const { instance } = await WebAssembly.instantiate(bytes, {
        env: {
          abort: () => {
            throw new Error('The WebAssembly SIMD engine aborted');
          },
        },
      });
      return new SimdEngine(instance.exports as unknown as Exports);
    } catch (error) {
      problem = `the WebAssembly SIMD engine did not load (${(error as Error).message})`;
      return null;
    }
  })();
  return loading;
}

/** Why simdEngine() resolved null ('' when it did not). */
export const simdProblem = () => problem;

/**
 * What computes on the current backend: the WebAssembly SIMD engine off WebGPU where it loads,
 * TensorFlow.js otherwise; and a sentence for the reader when the engine had to be left out.
 */
export async function computeEngine(): Promise<{ engine: ComputeEngine; note: string }> {
  if (tf.getBackend() === 'webgpu') return { engine: 'tfjs', note: '' };
  if (await simdEngine()) return { engine: 'wasm-simd', note: `${SIMD_ENGINE_NAME} engine` };
  return {
    engine: 'tfjs',
    note: `TensorFlow.js on ${tf.getBackend()}, since ${simdProblem()}`,
  };
}
