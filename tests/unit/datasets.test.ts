/**
 * The data-set choice (#24): Fashion-MNIST in the run's vocabulary, refused with the published
 * (MNIST) networks, carried to every split a seed loads, and read in Node from the folder
 * `npm run data` reads it from, split as MNIST is.
 */
import { existsSync } from 'node:fs';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { fashionSplits, mnistSplits } from '../../scripts/mnist-node';
import { PRESETS } from '../../src/lib/presets';
import { parseRunOptions, resolveRun } from '../../src/lib/run-options';
import { disposeSeedInputs, prepareSeedInputs, seedSettings } from '../../workers/engine/seed';

const FASHION = [process.env.FASHION_MNIST_DIR, '/usr/share/datasets/fashion-mnist'].some(
  (dir) => dir && existsSync(`${dir}/t10k-labels-idx1-ubyte.gz`),
);

describe('the data set of a run', () => {
  it('is MNIST unless chosen, and Fashion-MNIST needs networks trained anew', () => {
    expect(resolveRun({ figure: 'fig1', preset: 'smoke' }).preset.dataset).toBe('mnist');
    expect(
      resolveRun({ figure: 'fig1', preset: 'smoke', dataset: 'fashion', networks: 'retrain' })
        .preset.dataset,
    ).toBe('fashion');
    expect(() => resolveRun({ figure: 'fig1', preset: 'smoke', dataset: 'fashion' })).toThrow(
      /Data set changes how the networks are trained/,
    );
    const parsed = parseRunOptions('fig1', { dataset: 'cifar', networks: 'retrain' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.join(' ')).toMatch(/Data set must be mnist or fashion/);
  });

  it("reaches every split a seed loads (validation, test, and fine-tuning's training images)", async () => {
    const calls: string[] = [];
    const settings = seedSettings({ ...PRESETS.smoke, dataset: 'fashion' });
    const inputs = await prepareSeedInputs(
      { figure: 'fig15', settings },
      async (split, samples, dataset) => {
        calls.push(`${split}:${dataset}`);
        const images = new Uint8Array(samples * 784);
        return { images, labels: new Uint8Array(samples), samples };
      },
    );
    disposeSeedInputs(inputs);
    expect(calls.sort()).toEqual(['test:fashion', 'train:fashion', 'validation:fashion']);
  });

  it.skipIf(!FASHION)(
    'Fashion-MNIST in Node: 50,000 + 10,000 + 10,000 images, the official test set 1,000 per class, not MNIST',
    () => {
      const f = fashionSplits();
      expect([f.train.samples, f.validation.samples, f.test.samples]).toEqual([
        50_000, 10_000, 10_000,
      ]);
      const counts = new Array(10).fill(0);
      for (const label of f.test.labels) counts[label]++;
      expect(counts).toEqual(new Array(10).fill(1000));
      expect(f.train.images.subarray(0, 784)).not.toEqual(
        mnistSplits().train.images.subarray(0, 784),
      );
    },
  );
});
