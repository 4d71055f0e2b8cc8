/**
 * Which TensorFlow.js backend trains the networks: WebGPU, WASM or the plain CPU kernels.
 *
 * A forced choice that is unavailable falls back webgpu -> wasm -> cpu and says so in `note`.
 * 'auto' takes WebGPU on a hardware adapter; on a software adapter only (SwiftShader in headless
 * Chromium, or a browser's fallback adapter) it times a training-sized step on WebGPU and on WASM
 * and keeps the faster, because a software GPU may lose to SIMD WASM.
 *
 * tfjs-backend-webgpu registers a factory on import that throws when no adapter exists; we replace
 * it with one that reuses the adapter we already found, and register it only when there is one.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import {
  BACKENDS,
  type BackendChoice,
  type BackendName,
  checkBackend,
} from '../../src/lib/run-options';
import type { BackendSelection, EnvironmentInfo } from '../api';

export type { BackendSelection };

import { setSoftwareAdapter } from './adapter';
import { CLASSES, HIDDEN, INPUTS } from './model';

/** The subset of GPUAdapterInfo we read; `isFallbackAdapter` moved here in newer browsers. */
interface AdapterInfoFields {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

type Adapter = GPUAdapter & {
  info?: AdapterInfoFields;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterInfoFields>;
};

interface AdapterProbe {
  adapter: Adapter | null;
  info: AdapterInfoFields;
  label: string;
  software: boolean;
}

const isNode = typeof process !== 'undefined' && process.versions?.node != null;

/**
 * WASM threads are off on purpose. tfjs-backend-wasm 4.22 starts each pthread worker from a blob:
 * URL that runs importScripts(blob:...), which our Content-Security-Policy (script-src 'self',
 * scripts/serve.mjs) refuses; the backend then never finishes initialising. Turning them on needs
 * `blob:` in script-src as well as cross-origin isolation.
 */
const WASM_THREADS = false;

// In a browser the .wasm files are bundled assets with hashed names; Node finds them on disk.
if (!isNode) {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
}
if (!threadsUsable()) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// Only registered where navigator.gpu exists; removeBackend throws for an unknown name.
if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');

let adapterProbe: Promise<AdapterProbe> | undefined;
const decisions = new Map<BackendChoice, Promise<BackendSelection>>();

/** What this browser offers, without initialising any backend. */
export async function probeEnvironment(): Promise<EnvironmentInfo> {
  const probe = await probeAdapter();
  return {
    webgpu: probe.adapter !== null,
    adapter: probe.label,
    isFallbackAdapter: probe.software,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    userAgent: globalThis.navigator?.userAgent ?? '',
  };
}

/**
 * Makes `choice` (or the best available fallback) the active tfjs backend. The decision is
 * memoised per choice; the backend is set again on every call, since others may have changed it.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  checkBackend(choice); // an unknown name must not slip through to the fallback order below
  let decision = decisions.get(choice);
  if (!decision) {
    decision = decide(choice);
    decisions.set(choice, decision);
    decision.catch(() => decisions.delete(choice));
  }
  const selection = await decision;
  if (tf.getBackend() !== selection.backend) await tf.setBackend(selection.backend);
  await tf.ready();
  return selection;
}

async function decide(choice: BackendChoice): Promise<BackendSelection> {
  const probe = await probeAdapter();
  if (choice === 'auto') return decideAuto(probe);

  const skipped: string[] = [];
  for (const backend of BACKENDS.slice(BACKENDS.indexOf(choice))) {
    const why = await tryBackend(backend, probe);
    if (why === null) {
      const note =
        skipped.length === 0
          ? `${displayName(backend)} as requested`
          : `${skipped.join('; ')}; running on ${displayName(backend)}`;
      return { backend, adapter: backend === 'webgpu' ? probe.label : '', note };
    }
    skipped.push(why);
  }
  throw new Error(`No TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

async function decideAuto(probe: AdapterProbe): Promise<BackendSelection> {
  const webgpuProblem = await tryBackend('webgpu', probe);
  if (webgpuProblem === null && !probe.software) {
    return { backend: 'webgpu', adapter: probe.label, note: `WebGPU on ${probe.label}` };
  }
  const wasmProblem = await tryBackend('wasm', probe);
  if (webgpuProblem !== null) {
    if (wasmProblem === null) {
      return { backend: 'wasm', adapter: '', note: `${webgpuProblem}; running on WASM` };
    }
    return {
      backend: 'cpu',
      adapter: '',
      note: `${webgpuProblem}; ${wasmProblem}; running on CPU`,
    };
  }
  if (wasmProblem !== null) {
    return {
      backend: 'webgpu',
      adapter: probe.label,
      note: `WebGPU on software adapter ${probe.label} (${wasmProblem})`,
    };
  }
  // Only a software adapter: measure rather than guess.
  const webgpuMs = await timeTrainingStep('webgpu');
  const wasmMs = await timeTrainingStep('wasm');
  const timings = `WebGPU ${webgpuMs.toFixed(1)} ms vs WASM ${wasmMs.toFixed(1)} ms per step`;
  return webgpuMs < wasmMs
    ? {
        backend: 'webgpu',
        adapter: probe.label,
        note: `WebGPU on software adapter ${probe.label}, faster than WASM (${timings})`,
      }
    : {
        backend: 'wasm',
        adapter: '',
        note: `WASM, faster than WebGPU on software adapter ${probe.label} (${timings})`,
      };
}

/** Initialises a backend; null when it works, else a sentence saying why it cannot be used. */
async function tryBackend(backend: BackendName, probe: AdapterProbe): Promise<string | null> {
  if (backend === 'webgpu') {
    if (!probe.adapter) return 'WebGPU unavailable (no adapter)';
    registerWebGPU(probe);
  }
  try {
    // setBackend resolves false (after a console warning) when the factory fails.
    if (await tf.setBackend(backend)) return null;
    return `${displayName(backend)} failed to initialise`;
  } catch (error) {
    return `${displayName(backend)} failed to initialise (${messageOf(error)})`;
  }
}

function registerWebGPU(probe: AdapterProbe): void {
  const adapter = probe.adapter;
  if (!adapter || tf.findBackendFactory('webgpu')) return;
  setSoftwareAdapter(probe.software);
  tf.registerBackend(
    'webgpu',
    async () => {
      // Same features and limits as the package's own factory, but on the adapter we probed.
      const requiredFeatures: GPUFeatureName[] = [];
      if (adapter.features.has('timestamp-query')) requiredFeatures.push('timestamp-query');
      const limits = adapter.limits;
      const device = await adapter.requestDevice({
        requiredFeatures,
        requiredLimits: {
          maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
          maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
          maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
          maxBufferSize: limits.maxBufferSize,
          maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
          maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
        },
      });
      return new WebGPUBackend(device, probe.info as GPUAdapterInfo);
    },
    3,
  );
}

function probeAdapter(): Promise<AdapterProbe> {
  adapterProbe ??= requestAdapter();
  return adapterProbe;
}

async function requestAdapter(): Promise<AdapterProbe> {
  const none: AdapterProbe = { adapter: null, info: {}, label: '', software: false };
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) return none;
  let adapter: Adapter | null;
  try {
    adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as Adapter | null;
  } catch {
    return none;
  }
  if (!adapter) return none;
  const info: AdapterInfoFields =
    adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => ({}))) ?? {};
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    architecture.toLowerCase().includes('swiftshader') ||
    (vendor.toLowerCase() === 'google' &&
      `${info.device ?? ''} ${info.description ?? ''}`.toLowerCase().includes('swiftshader'));
  return { adapter, info, label: `${vendor} / ${architecture}`, software };
}

/**
 * Median milliseconds of one training step of the paper's network (model.ts) on a 32-sample batch
 * (forward, hand-written backward as in train.ts, SGD update, loss read back), after warm-up so
 * that shader compilation and WASM start-up are not counted.
 */
async function timeTrainingStep(backend: BackendName): Promise<number> {
  await tf.setBackend(backend);
  const x = tf.randomUniform([32, INPUTS]);
  const target = tf.oneHot(tf.randomUniform([32], 0, CLASSES, 'int32') as tf.Tensor1D, CLASSES);
  const w0 = tf.variable(tf.randomNormal([INPUTS, HIDDEN], 0, 0.05));
  const w1 = tf.variable(tf.randomNormal([HIDDEN, HIDDEN], 0, 0.1));
  const w2 = tf.variable(tf.randomNormal([HIDDEN, CLASSES], 0, 0.1));
  const step = () =>
    tf.tidy(() => {
      const t1 = tf.relu(tf.matMul(x, w0));
      const t2 = tf.relu(tf.matMul(t1, w1));
      const logProbabilities = tf.logSoftmax(tf.matMul(t2, w2));
      const loss = tf.neg(tf.mean(tf.sum(tf.mul(target, logProbabilities), 1)));
      const dLogits = tf.div(tf.sub(tf.exp(logProbabilities), target), 32);
      const dZ2 = tf.mul(tf.matMul(dLogits, w2, false, true), tf.step(t2));
      const dZ1 = tf.mul(tf.matMul(dZ2, w1, false, true), tf.step(t1));
      w2.assign(tf.sub(w2, tf.mul(0.01, tf.matMul(t2, dLogits, true, false))));
      w1.assign(tf.sub(w1, tf.mul(0.01, tf.matMul(t1, dZ2, true, false))));
      w0.assign(tf.sub(w0, tf.mul(0.01, tf.matMul(x, dZ1, true, false))));
      return loss;
    });
  const timed = async () => {
    const start = performance.now();
    const loss = step();
    // Reading the loss waits for the whole step, as the training loop does when it reports it.
    await loss.data();
    loss.dispose();
    return performance.now() - start;
  };
  try {
    for (let i = 0; i < 3; i++) await timed();
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push(await timed());
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    tf.dispose([x, target, w0, w1, w2]);
  }
}

function threadsUsable(): boolean {
  return (
    WASM_THREADS &&
    globalThis.crossOriginIsolated === true &&
    typeof SharedArrayBuffer !== 'undefined'
  );
}

function displayName(backend: BackendName): string {
  return { webgpu: 'WebGPU', wasm: 'WASM', cpu: 'CPU' }[backend];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
