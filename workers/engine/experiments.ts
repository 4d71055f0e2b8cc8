/**
 * The runner of one figure's experiment from start to end: get the networks of a resolved run
 * (src/lib/run-options.ts; published, cached or trained as one ensemble per activation), then
 * compute every seed (seed.ts) here or on helper workers, and assemble the seeds. Data and networks
 * come in through `EngineIo`, so the same runner serves the worker (fetch, IndexedDB) and Node
 * tests (files).
 */
import type { Activation, ComputeEngine, FigureData, RunMeta } from '../../src/lib/figure-data';
import { isComposite } from '../../src/lib/figures';
import { type PixelScaling, pixelStandardisation } from '../../src/lib/input-scaling';
import { OPEN_CHOICES } from '../../src/lib/open-choices';
import type { Dataset } from '../../src/lib/presets';
import { choiceValues, type Preset, type ResolvedRun } from '../../src/lib/run-options';
import type { Progress } from '../api';
import { Clock } from './clock';
import type { Split, SplitData } from './data';
import { type AnySeedResult, assemble, figureActivations, fineTunes } from './figures';
import { INPUTS, type NetworkWeights } from './model';
import { robustnessColumn } from './robustness';
import {
  disposeSeedInputs,
  prepareSeedInputs,
  type SeedJob,
  seedResult,
  seedSettings,
} from './seed';
import { computeEngine } from './simd/engine';
import { presetTraining, trainEnsemble } from './train';

export interface NetworkRequest {
  activation: Activation;
  seeds: number[];
  preset: Preset;
}

export interface EngineIo {
  /** The first `samples` images of a split of a data set (MNIST unless said). */
  loadSplit(split: Split, samples: number, dataset?: Dataset): Promise<SplitData>;
  /** Published networks for these seeds, or null when there are none that fit. */
  publishedNetworks?(request: NetworkRequest): Promise<{
    nets: NetworkWeights[];
    manifest: Pick<Preset, 'epochs' | 'trainSamples' | 'l2' | 'learningRate' | 'batchSize'> & {
      engine?: ComputeEngine;
    };
  } | null>;
  cachedNetworks?(request: NetworkRequest): Promise<NetworkWeights[] | null>;
  storeNetworks?(request: NetworkRequest, nets: NetworkWeights[]): Promise<void>;
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  onPartial?: (data: FigureData) => void;
  /** Lets pending messages in (a cancel) and rejects (e.g. an AbortError) to stop the run. */
  checkpoint?: () => Promise<void>;
  /** Other workers that take whole seeds while this one computes its own (seed-pool.ts). */
  helpers?: SeedHelpers;
}

/** Some seeds' networks to train, as a helper worker receives them (`trainSpread`). */
export interface TrainJob {
  activation: Activation;
  seeds: number[];
  /** Training samples from the start of the training split of `dataset`. */
  samples: number;
  dataset: Dataset;
  training: ReturnType<typeof presetTraining>;
  scaling?: PixelScaling;
}

export interface SeedHelpers {
  /** How many seeds they compute at once. */
  size: number;
  contribution(slot: number, job: SeedJob): Promise<AnySeedResult>;
  /** Trains the job's seeds on helper `slot`, reporting its network-steps done and its loss. */
  train?(
    slot: number,
    job: TrainJob,
    onProgress: (networkStepsDone: number, loss: number) => void,
  ): Promise<NetworkWeights[]>;
  /** Stops them (the run failed or was cancelled): their calls in flight reject. */
  abort(reason: unknown): void;
}

export interface RunStamp {
  backend: RunMeta['backend'];
  adapter: string;
  browser: string;
  commit: string;
}

/** How networks were trained, as the meta states it (from the preset or the published manifest). */
const pick = ({
  epochs,
  trainSamples,
  l2,
  learningRate,
  batchSize,
}: Pick<Preset, 'epochs' | 'trainSamples' | 'l2' | 'learningRate' | 'batchSize'>) => ({
  epochs,
  trainSamples,
  l2,
  learningRate,
  batchSize,
});

/** Share of the progress bar taken by training, when networks are trained. */
const TRAINING_SHARE = 0.85;

/**
 * Runs one figure: a figure of its own network by network, or a composite (Fig. 16) through its
 * component figures, which share the networks this run trains (kept in memory between them, and in
 * the io's cache where it has one).
 */
export async function runExperiment(
  run: ResolvedRun,
  io: EngineIo,
  stamp: RunStamp,
  hooks: RunHooks = {},
): Promise<FigureData> {
  if (!isComposite(run.figure)) return runFigure(run, io, stamp, hooks);
  const kept = new Map<string, NetworkWeights[]>();
  const key = (r: NetworkRequest) => JSON.stringify([r.activation, r.seeds, r.preset]);
  const keeping: EngineIo = {
    ...io,
    cachedNetworks: async (r) => kept.get(key(r)) ?? (await io.cachedNetworks?.(r)) ?? null,
    storeNetworks: async (r, nets) => {
      kept.set(key(r), nets);
      await io.storeNetworks?.(r, nets);
    },
  };
  return robustnessColumn(
    run,
    (component, onProgress) =>
      runFigure(component, keeping, stamp, { ...hooks, onProgress, onPartial: undefined }),
    hooks.onProgress,
  );
}

async function runFigure(
  run: ResolvedRun,
  io: EngineIo,
  stamp: RunStamp,
  hooks: RunHooks,
): Promise<FigureData> {
  const clock = new Clock();
  const { preset } = run;
  const seeds = Array.from({ length: preset.seeds }, (_, s) => s);
  const activations = figureActivations(run.figure, run.activation);
  let trainingShare = 0;
  const report = (stage: Progress['stage'], fraction: number, message: string) =>
    hooks.onProgress?.({
      stage,
      fraction,
      etaSeconds: clock.eta(fraction),
      message,
      backend: stamp.backend,
    });

  const { engine } = await computeEngine();
  report('data', 0, `Loading ${OPEN_CHOICES.dataset.names[preset.dataset]}`);
  // 'standard' inputs: every pixel standardised with the training images' statistics, for
  // training and for the validation and test images alike
  const scaling =
    preset.inputs === 'standard'
      ? pixelStandardisation(
          (await io.loadSplit('train', preset.trainSamples, preset.dataset)).images,
          preset.trainSamples,
          INPUTS,
        )
      : undefined;

  // Networks per activation: published, cached, or trained now as one ensemble.
  const nets: Partial<Record<Activation, NetworkWeights[]>> = {};
  let source: RunMeta['networks'] = 'published';
  let trainedAs = pick(preset);
  let trainedBy: ComputeEngine | undefined;
  for (const [i, activation] of activations.entries()) {
    const request = { activation, seeds, preset };
    const published =
      run.networks === 'published' ? ((await io.publishedNetworks?.(request)) ?? null) : null;
    let found = published?.nets ?? null;
    if (published) {
      // the networks were trained as the published run was; say so in the metadata
      trainedAs = { ...trainedAs, ...pick(published.manifest) };
      // manifests older than the WebAssembly SIMD engine: TensorFlow.js trained them
      trainedBy = published.manifest.engine ?? 'tfjs';
    }
    if (!found) {
      found = (await io.cachedNetworks?.(request)) ?? null;
      source = found ? (source === 'trained' ? 'trained' : 'cached') : 'trained';
    }
    if (!found) {
      trainingShare = TRAINING_SHARE;
      const train = await io.loadSplit('train', preset.trainSamples, preset.dataset);
      found = await trainSpread(
        train,
        {
          activation,
          seeds,
          samples: preset.trainSamples,
          dataset: preset.dataset,
          training: presetTraining(preset),
          scaling,
        },
        hooks,
        (done, total, loss) =>
          report(
            'training',
            (TRAINING_SHARE * (i + done / total)) / activations.length,
            `Training ${seeds.length} ${activation} networks: ${Math.floor((100 * done) / total)} % of ${total.toLocaleString('en')} network-steps, loss ${loss.toFixed(3)}`,
          ),
      );
      trainedBy = engine;
      await io.storeNetworks?.(request, found);
    }
    nets[activation] = found;
  }

  // every seed's job shares the run's settings; its inputs are prepared once, here as in a helper
  const settings = seedSettings(preset);
  const inputs = await prepareSeedInputs({ figure: run.figure, settings, scaling }, io.loadSplit);
  const job = (seed: number): SeedJob => ({
    figure: run.figure,
    seed,
    nets: Object.fromEntries(activations.map((a) => [a, nets[a]![seed]])),
    settings,
    scaling,
  });
  // Seeds in order of completion, stored by seed: partial and final results assemble them in
  // seed order, so the figure is the same however the seeds were shared out.
  const bySeed: AnySeedResult[] = [];
  const contributions = () => bySeed.filter(Boolean);
  const meta = (): RunMeta => ({
    preset: run.presetName,
    seeds: contributions().length,
    // every open choice as the run made it, then how its networks were trained
    ...choiceValues(preset),
    ...trainedAs,
    ...(fineTunes(run.figure) ? { fineTuneEpochs: preset.fineTuneEpochs } : {}),
    validationSamples: inputs.validation.labels.length,
    testSamples: inputs.test.labels.length,
    backend: stamp.backend,
    engine,
    ...(trainedBy ? { trainedBy } : {}),
    adapter: stamp.adapter,
    browser: stamp.browser,
    durationMs: Math.round(clock.elapsed() * 1000),
    networks: source,
    commit: stamp.commit,
    createdAt: new Date().toISOString(),
  });
  const finish = (seed: number, result: AnySeedResult) => {
    bySeed[seed] = result;
    const done = contributions().length;
    const fraction = trainingShare + ((1 - trainingShare) * done) / seeds.length;
    report('sweeps', fraction, `Analysed network ${done} of ${seeds.length}`);
    if (done < seeds.length) hooks.onPartial?.(assemble(run, contributions(), meta()));
  };
  // the seeds' work starts now: say so, rather than leave the last stage's words up until the
  // first seed is done
  report('sweeps', trainingShare, `Analysing ${seeds.length} networks`);
  let next = 0;
  let failed = false;
  const here = async () => {
    while (!failed && next < seeds.length) {
      const seed = next++;
      await hooks.checkpoint?.();
      const result = await seedResult(job(seed), inputs, hooks.checkpoint);
      finish(seed, result);
    }
  };
  const elsewhere = async (slot: number) => {
    while (!failed && next < seeds.length) {
      const seed = next++;
      const result = await hooks.helpers!.contribution(slot, job(seed));
      if (!failed) finish(seed, result);
    }
  };
  const helpers = Math.min(hooks.helpers?.size ?? 0, seeds.length - 1);
  try {
    const outcomes = await Promise.allSettled(
      [here(), ...Array.from({ length: helpers }, (_, slot) => elsewhere(slot))].map((p) =>
        p.catch((error) => {
          // the first failure (a cancel included) stops the others at once
          if (!failed) hooks.helpers?.abort(error);
          failed = true;
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    disposeSeedInputs(inputs);
  }
  const data = assemble(run, contributions(), meta());
  // the time the reader waited is the worker's to say (engine.worker.ts counts the backend's start too)
  report('done', 1, 'Done');
  return data;
}

/**
 * A run's networks of one activation, trained with their seeds shared out: this worker trains the
 * first block of seeds, each helper (when they can train) one further block, all at once. Every
 * seed trains alone from its own initialisation and batches (train.ts), so a seed's network is the
 * same bits wherever it trains; progress adds the workers' network-steps.
 */
export async function trainSpread(
  train: SplitData,
  job: TrainJob,
  hooks: RunHooks,
  onProgress: (networkStepsDone: number, networkStepsTotal: number, loss: number) => void,
): Promise<NetworkWeights[]> {
  const helpers = hooks.helpers?.train ? hooks.helpers : undefined;
  const workers = Math.min(1 + (helpers?.size ?? 0), job.seeds.length);
  const blocks = Array.from({ length: workers }, (_, w) =>
    job.seeds.slice(
      Math.floor((w * job.seeds.length) / workers),
      Math.floor(((w + 1) * job.seeds.length) / workers),
    ),
  );
  const perNetwork = Math.ceil(job.samples / job.training.batchSize) * job.training.epochs;
  const total = perNetwork * job.seeds.length;
  const done = new Array<number>(workers).fill(0);
  const progress = (w: number, steps: number, loss: number) => {
    done[w] = steps;
    onProgress(
      done.reduce((a, b) => a + b, 0),
      total,
      loss,
    );
  };
  let failed = false;
  const parts = blocks.map((seeds, w) => {
    const part =
      w === 0
        ? trainEnsemble(train, {
            activation: job.activation,
            seeds,
            ...job.training,
            scaling: job.scaling,
            checkpoint: async () => {
              await hooks.checkpoint?.();
              if (failed) throw new Error('A helper worker failed while training');
            },
            onProgress: (steps, _total, loss) => progress(0, steps, loss),
          })
        : helpers!.train!(w - 1, { ...job, seeds }, (steps, loss) => progress(w, steps, loss));
    return part.catch((error) => {
      // the first failure (a cancel included) stops the helpers at once
      if (!failed) helpers?.abort(error);
      failed = true;
      throw error;
    });
  });
  return (await Promise.all(parts)).flat();
}
