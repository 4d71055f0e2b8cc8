import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeIo } from '../../scripts/node-io';
import type { FigureData, FigureId } from '../../src/lib/figure-data';
import { FIGURES } from '../../src/lib/figures';
import { fineTuneSteps } from '../../src/lib/retraining';
import { PRESETS, type ResolvedRun, resolveRun } from '../../src/lib/run-options';
import { runExperiment, type SeedHelpers } from '../../workers/engine/experiments';
import { HIDDEN } from '../../workers/engine/model';
import { disposeSeedInputs, prepareSeedInputs, seedResult } from '../../workers/engine/seed';
import { trainEnsemble } from '../../workers/engine/train';
import { useBackend } from './setup';

beforeAll(() => useBackend('wasm'));

const tiny = (figure: FigureId): ResolvedRun => ({
  ...resolveRun({ figure, preset: 'smoke' }),
  preset: { ...PRESETS.smoke, trainSamples: 1600, validationSamples: 1000, testSamples: 500 },
});
const stamp = { backend: 'wasm' as const, adapter: '', browser: 'node', commit: 'test' };

/**
 * What each figure's curves must look like, written from the paper's figures and docs/method.md
 * §7 and §9, not from the catalog: x grid [first, last, points] per curve panel, and what the curve
 * is: test accuracy under ablation, worst-class accuracy under ablation, or a count per class.
 */
type Grid = [
  number,
  number,
  number,
  'accuracy' | 'worst-class' | 'count' | 'fine-tuned' | 'budget',
];
const LAYER: Grid = [0, 100, 101, 'accuracy'];
const SMOKE_STEPS = fineTuneSteps({
  samples: 1600, // tiny()'s training images
  batchSize: PRESETS.smoke.batchSize,
  epochs: PRESETS.smoke.fineTuneEpochs,
});
const GRIDS: Partial<Record<FigureId, Record<string, Grid>>> = {
  fig1: { a: LAYER, b: LAYER },
  fig3: { a: [0, 200, 201, 'accuracy'] },
  fig4: { a: LAYER, b: LAYER, c: LAYER, d: LAYER },
  fig5: { a: [0, 150, 51, 'accuracy'] },
  fig6: { a: LAYER },
  fig9: { a: LAYER, b: LAYER },
  fig10: Object.fromEntries(['a', 'b', 'c', 'd'].map((p) => [p, [0, 99, 100, 'accuracy']])),
  fig11: { c: [0, 9, 10, 'count'], d: LAYER, e: [0, 100, 101, 'worst-class'] },
  fig12: { a: LAYER, b: LAYER, c: LAYER, d: LAYER },
  fig14: { a: LAYER, b: LAYER, c: LAYER, d: LAYER },
  // pruned totals 0, 15, ..., 90; panel (c) by steps, from 0 to the smoke preset's budget (0.05
  // epochs of tiny()'s images: fewer than 10 steps, so 0 and the budget). Fine-tuned series start from the intact
  // network fine-tuned, not the intact one.
  fig15: {
    a: [0, 90, 7, 'fine-tuned'],
    b: [0, 90, 7, 'fine-tuned'],
    c: [0, SMOKE_STEPS, 2, 'budget'],
  },
};

describe('every figure of the paper runs end to end', () => {
  const io = nodeIo();
  it.each(FIGURES.map((f) => f.id))(
    "%s: the paper's grids, one intact start per activation, distinct series, no leak",
    async (figure) => {
      const before = tf.memory().numTensors;
      const progress: number[] = [];
      const data = await runExperiment(tiny(figure), io, stamp, {
        onProgress: (p) => progress.push(p.fraction),
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(data.meta.seeds).toBe(2);
      expect(progress.at(-1)).toBe(1);
      const curvePanels = data.panels.filter((p) => p.kind === 'curves');
      expect(curvePanels.map((p) => p.id)).toEqual(Object.keys(GRIDS[figure] ?? {}));
      for (const panel of curvePanels) {
        const [first, last, points, what] = GRIDS[figure]![panel.id];
        const starts = new Set<number>();
        for (const s of panel.series) {
          expect([s.x[0], s.x.at(-1), s.x.length], `${panel.id} ${s.key} grid`).toEqual([
            first,
            last,
            points,
          ]);
          expect(s.perSeed).toHaveLength(2);
          expect(s.mean.every(Number.isFinite)).toBe(true);
          starts.add(s.mean[0]);
          if (what === 'count') {
            // neurons per arg-max class: whole numbers, at most a layer's worth
            expect(s.perSeed.flat().every((n) => Number.isInteger(n) && n <= HIDDEN)).toBe(true);
          } else if (what === 'accuracy' || what === 'fine-tuned') {
            expect(s.mean[0]).toBeGreaterThan(30); // the intact networks classify (chance: 10)
          } else {
            // worst-class accuracy; accuracy of networks pruned by 45 or 90 neurons as they train
            expect(Math.min(...s.mean)).toBeGreaterThanOrEqual(0);
            expect(Math.max(...s.mean)).toBeLessThanOrEqual(100);
          }
        }
        // nothing removed yet: every ablation starts from the same intact network
        if (what === 'accuracy' || what === 'worst-class') {
          expect(starts.size, `${panel.id}: one start`).toBe(1);
        }
        // distinct orders give distinct curves (worst-class accuracy of these barely trained
        // networks is 0 throughout: some digit is never predicted)
        const shapes = new Set(panel.series.map((s) => s.mean.join()));
        if (what !== 'worst-class') {
          expect(shapes.size, `${panel.id}: series differ`).toBe(panel.series.length);
        }
      }
      for (const panel of data.panels) {
        if (panel.kind === 'distribution') {
          for (const s of panel.series) {
            if (figure === 'fig13') {
              // shares of a pair's joint information: a sample of at most 200 pairs per network
              expect(s.values.length).toBeGreaterThan(0);
              expect(s.values.length).toBeLessThanOrEqual(2 * 200);
              expect(s.values.every((v) => v >= 0 && v <= 1 + 1e-9)).toBe(true);
              continue;
            }
            expect(s.values).toHaveLength(2 * HIDDEN);
            // every measure is >= 0; entropy and MI of one bit are at most 1 bit (eqs. 3-4)
            const most = s.key.endsWith('klsel') ? Number.POSITIVE_INFINITY : 1 + 1e-9;
            expect(s.values.every((v) => v >= 0 && v <= most)).toBe(true);
          }
        } else if (panel.kind === 'histograms') {
          expect(panel.neurons).toHaveLength(8);
          const layer = panel.neurons[0].layer;
          for (const n of panel.neurons) {
            expect(n.layer).toBe(layer);
            expect(n.label).toBe(`${layer}-${n.neuron + 1}`);
            expect(n.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
          }
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

describe("the paper's open choices as run options", () => {
  const io = nodeIo();
  const withOptions = (figure: FigureId, options: Partial<ResolvedRun['preset']>): ResolvedRun => {
    const run = tiny(figure);
    return { ...run, preset: { ...run.preset, ...options } };
  };
  const mi = (data: FigureData) => {
    const panel = data.panels.find((p) => p.id === 'b');
    return panel?.kind === 'distribution' ? panel.series.flatMap((s) => s.values) : [];
  };

  it('a moved quantiser threshold changes the one-bit measures, and the meta says so', async () => {
    const paper = await runExperiment(tiny('fig2'), io, stamp);
    const moved = await runExperiment(withOptions('fig2', { threshold: 0.3 }), io, stamp);
    expect(paper.meta.threshold).toBe(0.5);
    expect(moved.meta.threshold).toBe(0.3);
    expect(mi(moved)).not.toEqual(mi(paper));
    expect(mi(moved)).toHaveLength(mi(paper).length);
  });

  it('fewer validation images are used for the measures and stamped', async () => {
    const data = await runExperiment(withOptions('fig2', { validationSamples: 300 }), io, stamp);
    expect(data.meta.validationSamples).toBe(300);
  });

  it('standardised inputs train other networks, stamped with their training settings', async () => {
    const run = withOptions('fig1', {
      inputs: 'standard',
      l2: 0,
      learningRate: 2e-3,
      batchSize: 64,
    });
    const data = await runExperiment({ ...run, networks: 'retrain' }, io, stamp);
    expect(data.meta).toMatchObject({
      inputs: 'standard',
      l2: 0,
      learningRate: 2e-3,
      batchSize: 64,
    });
    const curve = data.panels[0].kind === 'curves' ? data.panels[0].series[0].mean : [];
    expect(curve[0]).toBeGreaterThan(30); // standardised pixels still train a classifier
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
      const inputs = await prepareSeedInputs(job, io.loadSplit);
      try {
        return await seedResult(job, inputs);
      } finally {
        disposeSeedInputs(inputs);
      }
    },
    async train(slot, job, onProgress) {
      log.push(`helper ${slot}: train ${job.activation} seeds ${job.seeds.join(',')}`);
      const train = await io.loadSplit('train', job.samples, job.dataset);
      return trainEnsemble(train, {
        activation: job.activation,
        seeds: job.seeds,
        ...job.training,
        scaling: job.scaling,
        onProgress: (done, _total, loss) => onProgress(done, loss),
      });
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

  it('trains the seeds spread over the helpers to the same networks as one worker alone', async () => {
    // nodeIo has no published networks: each fresh one trains them
    const alone = await runExperiment(run(), nodeIo(), stamp);
    const log: string[] = [];
    const fractions: number[] = [];
    const shared = await runExperiment(run(), nodeIo(), stamp, {
      helpers: inProcess(log),
      onProgress: (p) => p.stage === 'training' && fractions.push(p.fraction),
    });
    expect(log.filter((l) => l.includes('train')).sort()).toEqual([
      'helper 0: train sigmoid seeds 1',
      'helper 1: train sigmoid seeds 2',
    ]);
    expect(shared.meta.networks).toBe('trained');
    expect(shared.panels).toEqual(alone.panels);
    // progress adds the workers' network-steps: it rises to the training share and no further
    expect(Math.max(...fractions)).toBeCloseTo(0.85, 2);
  });

  it("fails the run with the helper's error and stops the others", async () => {
    const log: string[] = [];
    await expect(runExperiment(run(), io, stamp, { helpers: inProcess(log, 2) })).rejects.toThrow(
      'helper failed on seed 2',
    );
    expect(log).toContain('abort: helper failed on seed 2');
  });
});
