/**
 * A helper of the experiment worker (workers/engine/seed-pool.ts): computes one seed of a figure
 * (analysis + sweeps, workers/engine/seed.ts) on the backend the main run uses, from the same
 * verified MNIST assets, or trains a block of a run's seeds (experiments.ts `trainSpread`). A
 * seed's inputs stay between seeds (the helper lives as long as the experiment worker's pool).
 */
import * as Comlink from 'comlink';
import type { Dataset } from '../src/lib/presets';
import { selectBackend } from './engine/backend';
import { loadSplit, type Split, subset } from './engine/data';
import {
  disposeSeedInputs,
  prepareSeedInputs,
  type SeedInputs,
  seedInputsKey,
  seedResult,
} from './engine/seed';
import type { HelperApi, HelperJob } from './engine/seed-pool';
import { trainEnsemble } from './engine/train';

/** The inputs of the last job, kept: every seed of a run uses the same ones. */
let kept: { key: string; inputs: SeedInputs } | null = null;

async function inputsFor(job: HelperJob): Promise<SeedInputs> {
  const key = `${job.backend} ${job.baseUrl} ${seedInputsKey(job)}`;
  if (kept?.key === key) return kept.inputs;
  if (kept) disposeSeedInputs(kept.inputs);
  kept = null;
  const load = async (split: Split, samples: number, dataset: Dataset) =>
    subset(await loadSplit(split, job.baseUrl, undefined, dataset), samples);
  kept = { key, inputs: await prepareSeedInputs(job, load) };
  return kept.inputs;
}

/** The main run's backend, or a clear failure: a seed must not run on another. */
async function startBackend(backend: HelperJob['backend']): Promise<void> {
  const selection = await selectBackend(backend);
  if (selection.backend !== backend) {
    throw new Error(`A helper worker could not start ${backend}: ${selection.note}`);
  }
}

const api: HelperApi = {
  async train(job, onProgress) {
    await startBackend(job.backend);
    const train = subset(
      await loadSplit('train', job.baseUrl, undefined, job.dataset),
      job.samples,
    );
    const nets = await trainEnsemble(train, {
      activation: job.activation,
      seeds: job.seeds,
      ...job.training,
      scaling: job.scaling,
      onProgress: (done, _total, loss) => onProgress(done, loss),
    });
    return Comlink.transfer(
      nets,
      nets.flatMap((net) => Object.values(net).map((a: Float32Array) => a.buffer as ArrayBuffer)),
    );
  },
  async contribution(job) {
    await startBackend(job.backend);
    return seedResult(job, await inputsFor(job));
  },
};

Comlink.expose(api);
