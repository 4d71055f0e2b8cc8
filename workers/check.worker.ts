/**
 * The engine check worker: correctness checks that need a browser's WebGPU (the fused WGSL curve
 * program against the TensorFlow.js-ops path), behind /engine-checks/ for e2e/kernels.spec.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { Activation } from '../src/lib/figure-data';
import { PRESETS } from '../src/lib/run-options';
import type { CheckApi, CurvePathResult } from './check-api';
import { disposeContext, evaluationContext } from './engine/ablation';
import { analyseNetwork } from './engine/analysis';
import { selectBackend } from './engine/backend';
import { loadSplit, subset } from './engine/data';
import { type Analyses, figureActivations, seedContribution } from './engine/figures';
import { fetchPublishedNetworks } from './engine/store';
import { imagesTensor } from './engine/train';

const baseUrl = `${self.location.origin}/`;

const api: CheckApi = {
  async curvePaths(checks, samples) {
    const [validation, test] = await Promise.all([
      loadSplit('validation', baseUrl).then((d) => subset(d, samples)),
      loadSplit('test', baseUrl).then((d) => subset(d, samples)),
    ]);
    // Each side keeps its tensors on its own backend (moving a WebGPU tensor to WASM reads it
    // back synchronously, which a worker's WebGPU device does not survive); the orders, means and
    // measures are plain arrays from one analysis on WASM, so both sides ablate the same way.
    await selectBackend('wasm');
    const x = {
      validation: imagesTensor(validation.images, validation.samples),
      test: imagesTensor(test.images, test.samples),
    };
    const reference: Analyses = {};
    const gpu: Analyses = {};
    let xGpu: tf.Tensor2D | null = null;
    try {
      const activations = new Set(checks.flatMap((c) => figureActivations(c.figure, c.activation)));
      for (const activation of activations) {
        const published = await fetchPublishedNetworks(baseUrl, {
          activation,
          seeds: [0],
          preset: PRESETS.paper,
        });
        if (!published) throw new Error(`no published ${activation} networks to check with`);
        reference[activation] = await analyseNetwork(
          0,
          published.nets[0],
          activation,
          { x: x.validation, labels: validation.labels },
          { x: x.test, labels: test.labels },
        );
      }
      await selectBackend('webgpu');
      xGpu = imagesTensor(test.images, test.samples);
      for (const [activation, a] of Object.entries(reference)) {
        gpu[activation as Activation] = {
          ...a,
          test: evaluationContext(a.net, a.activation, xGpu, test.labels),
        };
      }
      const results: CurvePathResult[] = [];
      for (const check of checks) {
        const pick = (from: Analyses): Analyses =>
          Object.fromEntries(
            figureActivations(check.figure, check.activation).map((a) => [a, from[a]]),
          );
        await selectBackend('wasm');
        const referenceBackend = tf.getBackend();
        const expected = await seedContribution(check.figure, { analyses: pick(reference) });
        await selectBackend('webgpu');
        const fusedBackend = tf.getBackend();
        const fused = await seedContribution(check.figure, { analyses: pick(gpu) });
        const curves: CurvePathResult['curves'] = [];
        for (const [panel, series] of Object.entries(expected.curves)) {
          for (const [key, { y }] of Object.entries(series)) {
            const other = fused.curves[panel]?.[key]?.y ?? [];
            const differences = y.map((v, k) =>
              Math.round((Math.abs(v - (other[k] ?? Number.NaN)) * samples) / 100),
            );
            curves.push({
              panel,
              series: key,
              levels: other.length === y.length ? y.length : -1,
              maxSampleDifference: Math.max(...differences),
              range: Math.max(...y) - Math.min(...y),
            });
          }
        }
        results.push({ ...check, referenceBackend, fusedBackend, curves });
      }
      return results;
    } finally {
      for (const a of [...Object.values(reference), ...Object.values(gpu)]) {
        if (a) disposeContext(a.test);
      }
      tf.dispose([x.validation, x.test]);
      xGpu?.dispose();
    }
  },
};

Comlink.expose(api);
