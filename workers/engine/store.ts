/**
 * Where networks come from besides training: the published run's networks (static files, format in
 * docs/networks.md) and the reader's own trained networks cached in IndexedDB, keyed by their full
 * training configuration. A cache that cannot open (private mode, disabled storage, full disk)
 * just means "not cached": the run goes on.
 */
import type { Activation, ComputeEngine } from '../../src/lib/figure-data';
import type { BackendName, Preset } from '../../src/lib/run-options';
import type { NetworkManifest } from '../api';
import { sha256Hex } from './data';
import type { NetworkRequest } from './experiments';
import { keep, keptBytes } from './kept';
import { deserializeNetwork, type NetworkWeights, serializeNetwork } from './model';

/**
 * The published networks for the requested seeds, whatever preset is asked for: starting from them
 * skips training, and the run's metadata then records how they were trained. Null when none are
 * published for this activation or fewer seeds than requested.
 */
export async function fetchPublishedNetworks(
  baseUrl: string,
  request: NetworkRequest,
): Promise<{ nets: NetworkWeights[]; manifest: NetworkManifest } | null> {
  const root = new URL(`networks/${request.activation}/`, baseUrl);
  const response = await fetch(new URL('manifest.json', root));
  if (!response.ok) return null;
  const manifest = (await response.json()) as NetworkManifest;
  if (manifest.format !== 1 || manifest.seeds < request.seeds.length) return null;
  const nets = await Promise.all(
    request.seeds.map(async (seed) => {
      const file = manifest.files[seed];
      const url = new URL(file, root);
      const expected = manifest.sha256?.[seed];
      // kept by an earlier rerun (or another worker) under its hash: no download; a kept copy that
      // fails its check is fetched again (and the good bytes kept over it)
      const kept = expected ? await keptBytes(url, expected) : null;
      if (kept) {
        const net = await checkedNetwork(kept.buffer.slice(0) as ArrayBuffer, file, expected).catch(
          () => null,
        );
        if (net) return net;
      }
      const res = await fetch(url);
      if (!res.ok) throw new Error(`Published network ${file} is missing (HTTP ${res.status})`);
      const bytes = await res.arrayBuffer();
      const net = await checkedNetwork(bytes, file, expected);
      if (expected) await keep(url, expected, new Uint8Array(bytes));
      return net;
    }),
  );
  return { nets, manifest };
}

/** A published network's bytes read and checked: its length (the more precise message for a short
 * download), then its sha256 where the manifest gives one. */
export async function checkedNetwork(
  bytes: ArrayBuffer,
  file: string,
  expected: string | undefined,
): Promise<NetworkWeights> {
  const net = deserializeNetwork(bytes, file);
  if (expected) {
    const actual = await sha256Hex(new Uint8Array(bytes));
    if (actual !== expected) {
      throw new Error(
        `Published network ${file} is corrupt: sha256 mismatch (expected ${expected}, got ${actual})`,
      );
    }
  }
  return net;
}

/**
 * A trained ensemble as public/networks/<activation>/ holds it (docs/networks.md): one file per
 * seed and a manifest with how they were trained and each file's sha256.
 */
export async function packNetworks(
  nets: NetworkWeights[],
  how: {
    activation: Activation;
    preset: Preset;
    backend: BackendName;
    engine: ComputeEngine;
    durationMs: number;
  },
): Promise<{ manifest: NetworkManifest; files: ArrayBuffer[] }> {
  const { activation, preset, backend, engine, durationMs } = how;
  const files = nets.map(serializeNetwork);
  const manifest: NetworkManifest = {
    format: 1,
    activation,
    seeds: nets.length,
    epochs: preset.epochs,
    trainSamples: preset.trainSamples,
    l2: preset.l2,
    learningRate: preset.learningRate,
    batchSize: preset.batchSize,
    backend,
    engine,
    durationMs: Math.round(durationMs),
    files: nets.map((_, s) => `seed-${String(s).padStart(2, '0')}.bin`),
    sha256: await Promise.all(files.map((f) => sha256Hex(new Uint8Array(f)))),
    ...(preset.dataset === 'mnist' ? {} : { dataset: preset.dataset }),
  };
  return { manifest, files };
}

export const cacheKey = ({ activation, seeds, preset }: NetworkRequest): string =>
  JSON.stringify({
    v: 1,
    activation,
    seeds,
    epochs: preset.epochs,
    trainSamples: preset.trainSamples,
    l2: preset.l2,
    learningRate: preset.learningRate,
    batchSize: preset.batchSize,
    // only when not the default, so networks cached before this option keep their key
    ...(preset.inputs === 'unit' ? {} : { inputs: preset.inputs }),
    ...(preset.init === 'glorot-uniform' ? {} : { init: preset.init }),
    ...(preset.dataset === 'mnist' ? {} : { dataset: preset.dataset }),
  });

const DB = 'neuron-importance';
const STORE = 'networks';

function openCache(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

export async function cachedNetworks(request: NetworkRequest): Promise<NetworkWeights[] | null> {
  const db = await openCache();
  if (!db) return null;
  const buffers = await new Promise<ArrayBuffer[] | null>((resolve) => {
    try {
      const get = db.transaction(STORE).objectStore(STORE).get(cacheKey(request));
      get.onsuccess = () => resolve((get.result as ArrayBuffer[] | undefined) ?? null);
      get.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  db.close();
  try {
    return buffers ? buffers.map((b) => deserializeNetwork(b)) : null;
  } catch {
    return null; // a damaged entry is a cache miss
  }
}

export async function storeNetworks(
  request: NetworkRequest,
  nets: NetworkWeights[],
): Promise<void> {
  const db = await openCache();
  if (!db) return;
  await new Promise<void>((resolve) => {
    try {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(nets.map(serializeNetwork), cacheKey(request));
      tx.oncomplete = () => resolve();
      tx.onerror = () => resolve();
      tx.onabort = () => resolve();
    } catch {
      resolve();
    }
  });
  db.close();
}
