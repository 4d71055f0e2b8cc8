/**
 * One figure's experiment from start to end: resolve the preset, get the networks (published,
 * cached or trained as one ensemble per activation), analyse every network, run the figure's sweeps
 * seed by seed, and average over seeds. Data and networks come in through `EngineIo`, so the same
 * runner serves the worker (fetch, IndexedDB) and Node tests (files).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  Activation,
  CurveSeries,
  FigureData,
  FigureId,
  Panel,
  RunMeta,
} from '../../src/lib/figure-data';
import { figureSpec } from '../../src/lib/figures';
import { LIMITS, PRESETS, type Preset } from '../../src/lib/presets';
import { meanAndSd, median } from '../../src/lib/stats';
import type { Progress, RunOptions } from '../api';
import { disposeContext } from './ablation';
import { analyseNetwork, type LabelledImages } from './analysis';
import type { Split, SplitData } from './data';
import { type Analyses, figureActivations, type SeedResult, seedContribution } from './figures';
import type { NetworkWeights } from './network';
import { imagesTensor, presetTraining, trainEnsemble } from './train';

export interface NetworkRequest {
  activation: Activation;
  seeds: number[];
  preset: Preset;
}

export interface EngineIo {
  loadSplit(split: Split, samples: number): Promise<SplitData>;
  /** Published networks for these seeds, or null when there are none that fit. */
  publishedNetworks?(request: NetworkRequest): Promise<{
    nets: NetworkWeights[];
    manifest: Pick<Preset, 'epochs' | 'trainSamples' | 'l2'>;
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

/** One seed of a run, as a helper worker receives it. */
export interface SeedJob {
  figure: FigureId;
  seed: number;
  /** The seed's network per activation the figure needs, in `figureActivations` order. */
  nets: Partial<Record<Activation, NetworkWeights>>;
  validationSamples: number;
  testSamples: number;
}

export interface SeedHelpers {
  /** How many seeds they compute at once. */
  size: number;
  contribution(slot: number, job: SeedJob): Promise<SeedResult>;
  /** Stops them (the run failed or was cancelled): their calls in flight reject. */
  abort(reason: unknown): void;
}

export interface RunStamp {
  backend: RunMeta['backend'];
  adapter: string;
  browser: string;
  commit: string;
}

/** Options after validation and preset defaults. */
export interface ResolvedRun {
  figure: FigureId;
  presetName: RunOptions['preset'];
  preset: Preset;
  activation: Activation;
  networks: 'published' | 'retrain';
}

const FIGURE_IDS = new Set([
  'fig1',
  'fig2',
  'fig3',
  'fig4',
  'fig5',
  'fig6',
  'fig7',
  'fig8',
  'fig9',
  'fig10',
]);

/** Validates a request from the page or a URL; throws a RangeError a reader can act on. */
export function resolveRun(options: RunOptions): ResolvedRun {
  if (!FIGURE_IDS.has(options.figure)) throw new RangeError(`Unknown figure "${options.figure}"`);
  if (!(options.preset in PRESETS)) throw new RangeError(`Unknown preset "${options.preset}"`);
  const spec = figureSpec(options.figure);
  const base = PRESETS[options.preset];
  const integer = (name: 'seeds' | 'epochs', value: number | undefined, min: number) => {
    if (value === undefined) return base[name];
    if (!Number.isInteger(value) || value < min || value > LIMITS[name]) {
      throw new RangeError(
        `${name} must be a whole number from ${min} to ${LIMITS[name]}, got ${value}`,
      );
    }
    return value;
  };
  const activation =
    options.activation ?? (spec.activation === 'both' ? 'sigmoid' : spec.activation);
  if (activation !== 'sigmoid' && activation !== 'relu') {
    throw new RangeError(`Unknown activation "${String(activation)}"`);
  }
  if (options.activation && !spec.activationOption && options.activation !== spec.activation) {
    throw new RangeError(`Figure ${spec.number} is fixed to ${spec.activation}`);
  }
  if (
    options.workers !== undefined &&
    (!Number.isInteger(options.workers) || options.workers < 1 || options.workers > 8)
  ) {
    throw new RangeError(`workers must be a whole number from 1 to 8, got ${options.workers}`);
  }
  const networks = options.networks ?? 'published';
  if (networks !== 'published' && networks !== 'retrain') {
    throw new RangeError(`networks must be "published" or "retrain", got "${String(networks)}"`);
  }
  return {
    figure: options.figure,
    presetName: options.preset,
    preset: {
      ...base,
      seeds: integer('seeds', options.seeds, 1),
      epochs: integer('epochs', options.epochs, 1),
    },
    activation,
    networks,
  };
}

const pick = ({ epochs, trainSamples, l2 }: Pick<Preset, 'epochs' | 'trainSamples' | 'l2'>) => ({
  epochs,
  trainSamples,
  l2,
});

class Clock {
  private readonly start = performance.now();
  elapsed = () => (performance.now() - this.start) / 1000;
  eta = (fraction: number) =>
    fraction > 0.02 ? (this.elapsed() * (1 - fraction)) / fraction : null;
}

/** Share of the progress bar taken by training, when networks are trained. */
const TRAINING_SHARE = 0.85;

export async function runExperiment(
  run: ResolvedRun,
  io: EngineIo,
  stamp: RunStamp,
  hooks: RunHooks = {},
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

  report('data', 0, 'Loading MNIST');
  const [validation, test] = await Promise.all([
    io.loadSplit('validation', preset.validationSamples),
    io.loadSplit('test', preset.testSamples),
  ]);

  // Networks per activation: published, cached, or trained now as one ensemble.
  const nets: Partial<Record<Activation, NetworkWeights[]>> = {};
  let source: RunMeta['networks'] = 'published';
  let trainedAs = pick(preset);
  for (const [i, activation] of activations.entries()) {
    const request = { activation, seeds, preset };
    const published =
      run.networks === 'published' ? ((await io.publishedNetworks?.(request)) ?? null) : null;
    let found = published?.nets ?? null;
    if (published) {
      // the networks were trained as the published run was; say so in the metadata
      trainedAs = { ...trainedAs, ...pick(published.manifest) };
    }
    if (!found) {
      found = (await io.cachedNetworks?.(request)) ?? null;
      source = found ? (source === 'trained' ? 'trained' : 'cached') : 'trained';
    }
    if (!found) {
      trainingShare = TRAINING_SHARE;
      const train = await io.loadSplit('train', preset.trainSamples);
      found = await trainEnsemble(train, {
        activation,
        seeds,
        ...presetTraining(preset),
        checkpoint: hooks.checkpoint,
        onProgress: (done, total, loss) =>
          report(
            'training',
            (TRAINING_SHARE * (i + done / total)) / activations.length,
            `Training ${seeds.length} ${activation} networks: step ${done} of ${total}, loss ${loss.toFixed(3)}`,
          ),
      });
      await io.storeNetworks?.(request, found);
    }
    nets[activation] = found;
  }

  const x = {
    validation: imagesTensor(validation.images, validation.samples),
    test: imagesTensor(test.images, test.samples),
  };
  const labelled = (split: 'validation' | 'test', data: SplitData): LabelledImages => ({
    x: x[split],
    labels: data.labels.subarray(0, data.samples),
  });
  // Seeds in order of completion, stored by seed: partial and final results assemble them in
  // seed order, so the figure is the same however the seeds were shared out.
  const bySeed: SeedResult[] = [];
  const contributions = () => bySeed.filter(Boolean);
  const meta = (): RunMeta => ({
    preset: run.presetName,
    seeds: contributions().length,
    ...trainedAs,
    validationSamples: validation.samples,
    testSamples: test.samples,
    backend: stamp.backend,
    adapter: stamp.adapter,
    browser: stamp.browser,
    durationMs: Math.round(clock.elapsed() * 1000),
    networks: source,
    commit: stamp.commit,
    createdAt: new Date().toISOString(),
  });
  const netsOf = (seed: number) =>
    Object.fromEntries(activations.map((a) => [a, nets[a]![seed]])) as SeedJob['nets'];
  const finish = (seed: number, result: SeedResult) => {
    bySeed[seed] = result;
    const done = contributions().length;
    const fraction = trainingShare + ((1 - trainingShare) * done) / seeds.length;
    report('sweeps', fraction, `Analysed network ${done} of ${seeds.length}`);
    if (done < seeds.length) hooks.onPartial?.(assemble(run, contributions(), meta()));
  };
  let next = 0;
  let failed = false;
  const here = async () => {
    while (!failed && next < seeds.length) {
      const seed = next++;
      await hooks.checkpoint?.();
      const result = await seedResult(
        run.figure,
        seed,
        netsOf(seed),
        labelled('validation', validation),
        labelled('test', test),
        hooks.checkpoint,
      );
      finish(seed, result);
    }
  };
  const elsewhere = async (slot: number) => {
    while (!failed && next < seeds.length) {
      const seed = next++;
      const result = await hooks.helpers!.contribution(slot, {
        figure: run.figure,
        seed,
        nets: netsOf(seed),
        validationSamples: validation.samples,
        testSamples: test.samples,
      });
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
    tf.dispose([x.validation, x.test]);
  }
  const data = assemble(run, contributions(), meta());
  report('done', 1, `Done in ${clock.elapsed().toFixed(1)} s`);
  return data;
}

/** One seed's analysis and the figure's sweeps on it: the unit that helper workers share out. */
export async function seedResult(
  figure: FigureId,
  seed: number,
  nets: SeedJob['nets'],
  validation: LabelledImages,
  test: LabelledImages,
  checkpoint?: () => Promise<void>,
): Promise<SeedResult> {
  const analyses: Analyses = {};
  try {
    for (const [activation, net] of Object.entries(nets) as [Activation, NetworkWeights][]) {
      analyses[activation] = await analyseNetwork(seed, net, activation, validation, test);
      analyses[activation].test.checkpoint = checkpoint;
    }
    return await seedContribution(figure, analyses);
  } finally {
    for (const a of Object.values(analyses)) if (a) disposeContext(a.test);
  }
}

/** Averages the seeds' contributions into the figure's panels (mean and +-1 sd over seeds). */
export function assemble(run: ResolvedRun, results: SeedResult[], meta: RunMeta): FigureData {
  const spec = figureSpec(run.figure);
  const panels: Panel[] = spec.panels.map((p): Panel => {
    if (p.kind === 'curves') {
      const series: CurveSeries[] = p.series.map((s) => {
        const perSeed = results.map((r) => r.curves[p.id][s.key].y);
        const { mean, sd } = meanAndSd(perSeed);
        return {
          key: s.key,
          label: s.label,
          x: results[0].curves[p.id][s.key].x,
          mean,
          sd,
          perSeed,
        };
      });
      return {
        kind: 'curves',
        id: p.id,
        title: p.title,
        xLabel: p.xLabel!,
        yLabel: p.yLabel!,
        series,
      };
    }
    if (p.kind === 'distribution') {
      return {
        kind: 'distribution',
        id: p.id,
        title: p.title,
        xLabel: p.xLabel!,
        series: p.series.map((s) => ({
          key: s.key,
          label: s.label,
          values: results.flatMap((r) => r.values[p.id][s.key]),
          perSeedMedian: results.map((r) => median(r.values[p.id][s.key])),
        })),
      };
    }
    return {
      kind: 'histograms',
      id: p.id,
      title: p.title,
      neurons: results[0].histograms[p.id] ?? [],
    };
  });
  const extras: Record<string, number[]> = {};
  for (const r of results) {
    for (const [key, value] of Object.entries(r.extras)) {
      extras[key] = [...(extras[key] ?? []), value];
    }
  }
  return {
    figure: run.figure,
    title: spec.title,
    activation: spec.activation === 'both' ? 'both' : run.activation,
    meta,
    panels,
    extras,
  };
}
