/**
 * The engine's WebGPU path in Node (Dawn) against its WASM path, on whatever adapter Dawn finds
 * (SwiftShader without a GPU): a short ensemble training run, the analysis of a published network
 * and a layer-1 ablation curve through the fused WGSL program (on 2,000 images), each equal to WASM
 * within float32 tolerance. `npm run test:gpu`; skipped, saying why, without a Vulkan driver.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installDawn } from '../../scripts/gpu/dawn';

const dawn = await installDawn();
const NETWORK = 'public/networks/sigmoid/seed-00.bin';
/** Validation and test images per check: enough for the comparison, few enough for a software GPU. */
const SAMPLES = 2000;
const label = 'missing' in dawn ? `skipped: ${dawn.missing}` : `adapter ${dawn.label}`;

describe.skipIf('missing' in dawn)(`WebGPU in Node against WASM (${label})`, async () => {
  const tf = await import('@tensorflow/tfjs-core');
  const { selectBackend } = await import('../../workers/engine/backend');
  const { trainEnsemble, imagesTensor } = await import('../../workers/engine/train');
  const { analyseNetwork } = await import('../../workers/engine/analysis');
  const ablation = await import('../../workers/engine/ablation');
  const { deserializeNetwork, HIDDEN, PARAM_ORDER } = await import('../../workers/engine/model');
  const { subset } = await import('../../workers/engine/data');
  const { createRandom, permutation } = await import('../../src/lib/random');
  const { mnistSplits } = await import('../../scripts/mnist-node');
  const splits = mnistSplits();
  const net = deserializeNetwork(readFileSync(NETWORK).buffer as ArrayBuffer, NETWORK);

  /** Runs `work` on each backend, checking the engine really took it. */
  async function onBoth<T>(work: () => Promise<T>): Promise<{ webgpu: T; wasm: T }> {
    const out = {} as { webgpu: T; wasm: T };
    for (const backend of ['webgpu', 'wasm'] as const) {
      const selection = await selectBackend(backend);
      expect(selection.backend, selection.note).toBe(backend);
      out[backend] = await work();
    }
    return out;
  }

  it('trains two networks for 20 steps to the same weights (per-seed and batched layouts)', async () => {
    const options = {
      activation: 'sigmoid' as const,
      seeds: [0, 1],
      epochs: 1,
      batchSize: 32,
      learningRate: 1e-3,
      l2: 1e-4,
    };
    const data = subset(splits.train, 20 * 32);
    const wasm = (await onBoth(() => trainEnsemble(data, { ...options, layout: 'per-seed' }))).wasm;
    for (const layout of ['per-seed', 'batched'] as const) {
      await selectBackend('webgpu');
      const webgpu = await trainEnsemble(data, { ...options, layout });
      for (const s of [0, 1]) {
        for (const name of PARAM_ORDER) {
          let d = 0;
          for (let i = 0; i < wasm[s][name].length; i++)
            d = Math.max(d, Math.abs(webgpu[s][name][i] - wasm[s][name][i]));
          // 20 Adam steps of float32 with a different summation order
          expect(d, `${layout} seed ${s} ${name}`).toBeLessThan(1e-3);
        }
      }
    }
  });

  it('analyses a published network to the same measures and means', async () => {
    const { webgpu, wasm } = await onBoth(async () => {
      const validation = imagesTensor(splits.validation.images, SAMPLES);
      const test = imagesTensor(splits.test.images, 1000);
      const a = await analyseNetwork(
        0,
        net,
        'sigmoid',
        { x: validation, labels: splits.validation.labels.subarray(0, SAMPLES) },
        { x: test, labels: splits.test.labels.subarray(0, 1000) },
      );
      ablation.disposeContext(a.test);
      tf.dispose([validation, test]);
      return a;
    });
    for (const layer of [0, 1]) {
      for (let j = 0; j < HIDDEN; j++) {
        expect(Math.abs(webgpu.means[layer][j] - wasm.means[layer][j])).toBeLessThan(1e-5);
      }
      for (const measure of ['entropy', 'mutualInformation', 'klSelectivity'] as const) {
        const [g, w] = [webgpu.measures[layer][measure], wasm.measures[layer][measure]];
        // a one-bit output may flip where t is within rounding of the threshold
        for (let j = 0; j < HIDDEN; j++) expect(Math.abs(g[j] - w[j])).toBeLessThan(1e-3);
      }
    }
  });

  it('computes a layer-1 curve with the fused WGSL program equal to WASM', async () => {
    const levels = HIDDEN + 1;
    const order = permutation(HIDDEN, createRandom(1));
    const plan = {
      levels,
      layer1: ablation.prefixSchedule(ablation.ablationSteps(order, null, net.W1, HIDDEN), levels),
    };
    const { webgpu, wasm } = await onBoth(async () => {
      const x = imagesTensor(splits.test.images, SAMPLES);
      const ctx = ablation.evaluationContext(
        net,
        'sigmoid',
        x,
        splits.test.labels.subarray(0, SAMPLES),
      );
      // 'auto' is the fused program on WebGPU: ask for it by name so that a fallback cannot pass
      const curve = await ablation.accuracyCurve(
        ctx,
        plan,
        tf.getBackend() === 'webgpu' ? 'fused' : 'tensor',
      );
      ablation.disposeContext(ctx);
      x.dispose();
      return curve;
    });
    expect(webgpu).toHaveLength(levels);
    for (let k = 0; k < levels; k++) {
      // float32 rounding may move one test image across a decision boundary
      expect(Math.abs(webgpu[k] - wasm[k]), `level ${k}`).toBeLessThanOrEqual(100 / SAMPLES + 1e-9);
    }
    expect(wasm[0] - wasm[levels - 1]).toBeGreaterThan(50);
  });
});
