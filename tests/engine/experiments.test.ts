import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FigureId } from '../../src/lib/figure-data';
import { FIGURES } from '../../src/lib/figures';
import { PRESETS } from '../../src/lib/presets';
import {
  type ResolvedRun,
  resolveRun,
  runExperiment,
  type SeedHelpers,
  seedResult,
} from '../../workers/engine/experiments';
import { imagesTensor } from '../../workers/engine/train';
import { nodeIo } from './node-io';
import { useBackend } from './setup';

beforeAll(() => useBackend('wasm'));

const tiny = (figure: FigureId): ResolvedRun => ({
  ...resolveRun({ figure, preset: 'smoke' }),
  preset: { ...PRESETS.smoke, trainSamples: 1600, validationSamples: 1000, testSamples: 500 },
});
const stamp = { backend: 'wasm' as const, adapter: '', browser: 'node', commit: 'test' };

describe('every figure of the paper runs end to end', () => {
  const io = nodeIo();
  it.each(FIGURES.map((f) => f.id))(
    '%s: catalog panels and series, finite values, no leak',
    async (figure) => {
      const before = tf.memory().numTensors;
      const progress: number[] = [];
      const data = await runExperiment(tiny(figure), io, stamp, {
        onProgress: (p) => progress.push(p.fraction),
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(data.meta.seeds).toBe(2);
      expect(progress.at(-1)).toBe(1);
      const spec = FIGURES.find((f) => f.id === figure)!;
      expect(data.panels.map((p) => p.id)).toEqual(spec.panels.map((p) => p.id));
      for (const [i, panel] of data.panels.entries()) {
        if (panel.kind === 'curves') {
          expect(panel.series.map((s) => s.key)).toEqual(spec.panels[i].series.map((s) => s.key));
          for (const s of panel.series) {
            expect(s.perSeed).toHaveLength(2);
            expect(s.mean.every(Number.isFinite)).toBe(true);
            expect(s.mean[0]).toBeGreaterThan(30); // the intact networks classify (chance: 10)
          }
        } else if (panel.kind === 'distribution') {
          for (const s of panel.series) expect(s.values).toHaveLength(200);
        } else {
          expect(panel.neurons).toHaveLength(8);
          for (const n of panel.neurons)
            expect(n.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
        }
      }
    },
  );

  it('applies bias balancing (eq. 7): replacing by the mean differs from ablating to zero', async () => {
    const data = await runExperiment(tiny('fig1'), io, stamp);
    for (const panel of data.panels) {
      if (panel.kind !== 'curves') continue;
      const curve = (key: string) => panel.series.find((s) => s.key === key)!.mean;
      const bb = curve('random-bb');
      const zero = curve('random-zero');
      const gap = bb.reduce((sum, v, k) => sum + Math.abs(v - zero[k]), 0) / bb.length;
      expect(gap, `panel ${panel.id}: mean |BB - zero| in pts`).toBeGreaterThan(0.5);
      expect(bb[0]).toBe(zero[0]); // nothing ablated yet
    }
  });

  it('trains each activation once and reuses the networks', () => {
    expect(io.trained).toBe(2);
  });
});

describe('run options', () => {
  it.each([
    [{ figure: 'fig99' }, /Unknown figure/],
    [{ preset: 'huge' }, /Unknown preset/],
    [{ seeds: 0 }, /seeds must be/],
    [{ seeds: 2.5 }, /seeds must be/],
    [{ seeds: Number.NaN }, /seeds must be/],
    [{ seeds: 1e9 }, /seeds must be/],
    [{ epochs: -1 }, /epochs must be/],
    [{ activation: 'tanh' }, /Unknown activation/],
    [{ networks: 'mine' }, /networks must be/],
    [{ workers: 0 }, /workers must be/],
    [{ workers: 1.5 }, /workers must be/],
    [{ figure: 'fig8', activation: 'sigmoid' }, /fixed to relu/],
  ])('rejects %o', (override, message) => {
    expect(() =>
      resolveRun({ figure: 'fig1', preset: 'smoke', ...(override as object) } as never),
    ).toThrow(message);
  });

  it('takes the preset and applies overrides', () => {
    const run = resolveRun({ figure: 'fig9', preset: 'paper', seeds: 3 });
    expect(run.preset.seeds).toBe(3);
    expect(run.preset.epochs).toBe(10);
    expect(run.activation).toBe('relu');
  });
});

describe('seeds shared out to helper workers (seed-pool.ts)', () => {
  const io = nodeIo();
  const run = (): ResolvedRun => ({
    ...tiny('fig5'),
    preset: { ...tiny('fig5').preset, seeds: 3 },
  });
  /** A helper in this process: what workers/helper.worker.ts does, on the same backend. */
  const inProcess = (log: string[], failOn = -1): SeedHelpers => ({
    size: 2,
    async contribution(slot, job) {
      log.push(`helper ${slot}: seed ${job.seed}`);
      if (job.seed === failOn) throw new Error(`helper failed on seed ${job.seed}`);
      const [validation, test] = await Promise.all([
        io.loadSplit('validation', job.validationSamples),
        io.loadSplit('test', job.testSamples),
      ]);
      const xv = imagesTensor(validation.images, validation.samples);
      const xt = imagesTensor(test.images, test.samples);
      try {
        return await seedResult(
          job.figure,
          job.seed,
          job.nets,
          { x: xv, labels: validation.labels },
          { x: xt, labels: test.labels },
        );
      } finally {
        tf.dispose([xv, xt]);
      }
    },
    abort: (reason) => log.push(`abort: ${(reason as Error).message}`),
  });

  it('gives the same figure as one worker alone, with every seed computed once', async () => {
    const alone = await runExperiment(run(), io, stamp);
    const log: string[] = [];
    const before = tf.memory().numTensors;
    const shared = await runExperiment(run(), io, stamp, { helpers: inProcess(log) });
    expect(tf.memory().numTensors).toBe(before);
    expect(log.sort()).toEqual(['helper 0: seed 1', 'helper 1: seed 2']);
    expect(shared.meta.seeds).toBe(3);
    expect(shared.panels).toEqual(alone.panels);
  });

  it("fails the run with the helper's error and stops the others", async () => {
    const log: string[] = [];
    await expect(runExperiment(run(), io, stamp, { helpers: inProcess(log, 2) })).rejects.toThrow(
      'helper failed on seed 2',
    );
    expect(log).toContain('abort: helper failed on seed 2');
  });
});
