/**
 * Loads the MNIST data assets written by scripts/build-data.mjs (public/data/) with nothing but
 * fetch, DecompressionStream and crypto.subtle, so it runs in a worker, on a page and in Node 20.
 *
 * Every asset is checked against public/data/manifest.json: a missing, truncated or altered file
 * fails with a DataAssetError that names the file instead of training on bad data.
 */

import type { Dataset } from '../../src/lib/presets';
import { forget, keep, keptBytes } from './kept';
import { INPUTS } from './model';

export type Split = 'train' | 'validation' | 'test';

export interface SplitData {
  /** [samples][INPUTS] row-major, 0..255 (uint8, not normalised). */
  images: Uint8Array;
  /** [samples], digit 0..9. */
  labels: Uint8Array;
  samples: number;
}

/** One entry of public/data/manifest.json. */
export interface DataAsset {
  file: string;
  split: Split;
  kind: 'images' | 'labels';
  shape: number[];
  dtype: 'uint8';
  /** Uncompressed length. */
  bytes: number;
  /** sha256 of the uncompressed bytes, hex. */
  sha256: string;
  compressedBytes: number;
}

export interface DataManifest {
  format: number;
  assets: DataAsset[];
}

export type DataAssetProblem = 'missing' | 'corrupted' | 'wrong-size';

/** A data asset could not be used; the message names the file and says why. */
export class DataAssetError extends Error {
  constructor(
    readonly file: string,
    readonly problem: DataAssetProblem,
    detail: string,
  ) {
    super(`Data asset ${file} is ${problem.replace('-', ' ')}: ${detail}`);
    this.name = 'DataAssetError';
  }
}

const manifests = new Map<string, Promise<DataManifest>>();
const splits = new Map<string, Promise<SplitData>>();

/**
 * Fetches, decompresses and verifies one split. Concurrent and repeated calls share one download;
 * a failed load is forgotten so that a retry fetches again.
 *
 * @param baseUrl the site's base URL (assets live under `${baseUrl}data/`); relative URLs resolve
 *   against the current page or worker location.
 * @param onBytes compressed bytes received so far, and in total, over the split's two files.
 */
export function loadSplit(
  split: Split,
  baseUrl: string,
  onBytes?: (loaded: number, total: number) => void,
  dataset: Dataset = 'mnist',
): Promise<SplitData> {
  const dataUrl = dataDirectory(baseUrl, dataset);
  const key = `${dataUrl}|${split}`;
  let pending = splits.get(key);
  if (!pending) {
    pending = fetchSplit(split, dataUrl, onBytes);
    splits.set(key, pending);
    pending.catch(() => splits.delete(key));
  }
  return pending;
}

/** The first `count` samples of a split, as views on the same memory (no copy). */
export function subset(data: SplitData, count: number): SplitData {
  if (!Number.isInteger(count) || count < 0 || count > data.samples) {
    throw new RangeError(`subset: count ${count} is not within 0..${data.samples}`);
  }
  return {
    images: data.images.subarray(0, count * INPUTS),
    labels: data.labels.subarray(0, count),
    samples: count,
  };
}

async function fetchSplit(
  split: Split,
  dataUrl: URL,
  onBytes?: (loaded: number, total: number) => void,
): Promise<SplitData> {
  const manifest = await manifestAt(dataUrl);
  const imagesAsset = findAsset(manifest, split, 'images');
  const labelsAsset = findAsset(manifest, split, 'labels');
  const total = imagesAsset.compressedBytes + labelsAsset.compressedBytes;
  const received = { images: 0, labels: 0 };
  // When one file fails, the other download is cancelled and reports no more progress.
  const abort = new AbortController();
  const report = (kind: 'images' | 'labels') => (loaded: number) => {
    received[kind] = loaded;
    if (!abort.signal.aborted) onBytes?.(received.images + received.labels, total);
  };
  let images: Uint8Array;
  let labels: Uint8Array;
  try {
    [images, labels] = await Promise.all([
      fetchAsset(imagesAsset, dataUrl, report('images'), abort.signal),
      fetchAsset(labelsAsset, dataUrl, report('labels'), abort.signal),
    ]);
  } catch (error) {
    abort.abort();
    throw error;
  }
  const samples = labelsAsset.shape[0];
  if (imagesAsset.shape[0] !== samples || imagesAsset.shape[1] !== INPUTS) {
    throw new DataAssetError(
      imagesAsset.file,
      'wrong-size',
      `shape [${imagesAsset.shape}] does not match ${samples} labels of ${INPUTS} pixels`,
    );
  }
  return { images, labels, samples };
}

function manifestAt(dataUrl: URL): Promise<DataManifest> {
  const key = dataUrl.href;
  let pending = manifests.get(key);
  if (!pending) {
    pending = fetchManifest(dataUrl);
    manifests.set(key, pending);
    pending.catch(() => manifests.delete(key));
  }
  return pending;
}

async function fetchManifest(dataUrl: URL): Promise<DataManifest> {
  const file = 'manifest.json';
  let response: Response;
  try {
    response = await fetchOrExplain(new URL(file, dataUrl), file);
  } catch (error) {
    // a data set the build did not find: say how to get it, not which file is missing
    // (a server that answers 404: any other failure is said as it is)
    if (
      dataUrl.pathname.endsWith(`/${DATA_FOLDERS.fashion}`) &&
      error instanceof DataAssetError &&
      error.message.includes('HTTP 404')
    ) {
      throw new DataAssetError('fashion/manifest.json', 'missing', FASHION_MISSING);
    }
    throw error;
  }
  try {
    const manifest = (await response.json()) as DataManifest;
    if (!Array.isArray(manifest.assets)) throw new Error('no "assets" list');
    return manifest;
  } catch (error) {
    throw new DataAssetError(file, 'corrupted', `not a data manifest (${messageOf(error)})`);
  }
}

function findAsset(manifest: DataManifest, split: Split, kind: 'images' | 'labels'): DataAsset {
  const asset = manifest.assets.find((a) => a.split === split && a.kind === kind);
  if (!asset) {
    throw new DataAssetError('manifest.json', 'corrupted', `it lists no ${split} ${kind}`);
  }
  return asset;
}

async function fetchAsset(
  asset: DataAsset,
  dataUrl: URL,
  onLoaded: (loaded: number) => void,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const url = new URL(asset.file, dataUrl);
  // another worker of the page, or an earlier rerun, may have fetched and verified it already
  const kept = await keptBytes(url, asset.sha256);
  if (kept) {
    try {
      onLoaded(kept.length);
      return await checked(asset, await gunzip(kept, asset.file));
    } catch {
      await forget(url, asset.sha256);
    }
  }
  const response = await fetchOrExplain(url, asset.file, signal);
  const body = await readWithProgress(response, asset.file, onLoaded);
  const bytes = await checked(asset, await gunzip(body, asset.file));
  await keep(url, asset.sha256, body);
  return bytes;
}

/** The decompressed bytes of `asset`, or the error that says what is wrong with them. */
async function checked(asset: DataAsset, bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.length !== asset.bytes) {
    throw new DataAssetError(
      asset.file,
      'wrong-size',
      `expected ${asset.bytes} bytes after decompression, got ${bytes.length}`,
    );
  }
  const actual = await sha256Hex(bytes);
  if (actual !== asset.sha256) {
    throw new DataAssetError(
      asset.file,
      'corrupted',
      `sha256 mismatch (expected ${asset.sha256}, got ${actual})`,
    );
  }
  return bytes;
}

async function fetchOrExplain(url: URL, file: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    // offline, say so: a network error is not a missing or broken file
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    throw new DataAssetError(
      file,
      'missing',
      offline
        ? `could not fetch ${url.href}: the browser is offline, and this file was not kept from an earlier online rerun`
        : `could not fetch ${url.href} (${messageOf(error)})`,
    );
  }
  if (!response.ok) {
    throw new DataAssetError(
      file,
      'missing',
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${url.href}`,
    );
  }
  return response;
}

// Reads the whole body, reporting progress; the assets are at most ~8 MB compressed.
async function readWithProgress(
  response: Response,
  file: string,
  onLoaded: (loaded: number) => void,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onLoaded(loaded);
    }
  } catch (error) {
    throw new DataAssetError(file, 'missing', `download interrupted (${messageOf(error)})`);
  }
  const body = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

async function gunzip(body: Uint8Array, file: string): Promise<Uint8Array> {
  // A server that adds `Content-Encoding: gzip` makes fetch decompress already; accept that.
  if (body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    const stream = new Blob([body as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new DataAssetError(file, 'corrupted', `not valid gzip (${messageOf(error)})`);
  }
}

/** sha256 of `bytes`, lower-case hex (Web Crypto, in browsers and Node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where a data set's assets are served: MNIST in data/, Fashion-MNIST in data/fashion/. */
function dataDirectory(baseUrl: string, dataset: Dataset): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const here = (globalThis as { location?: { href: string } }).location?.href;
  return new URL(DATA_FOLDERS[dataset], here ? new URL(base, here) : new URL(base));
}

const DATA_FOLDERS: Record<Dataset, string> = { mnist: 'data/', fashion: 'data/fashion/' };

/** What a reader does when a site was built without Fashion-MNIST (scripts/build-data.mjs). */
export const FASHION_MISSING =
  'This site was built without Fashion-MNIST, so a run on it cannot start here. To add it, install ' +
  "Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or set " +
  'FASHION_MNIST_DIR to a folder with its four official IDX files, then build the site again ' +
  '(npm run data, or npm start).';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
