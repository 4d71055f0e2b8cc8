/**
 * What every experiment family shares: the typed shape of one seed's contribution (derived from
 * the catalog, so a producer that misses or misspells a panel or series does not compile), and the
 * building blocks of the layer-wise curves (docs/method.md §4-§6).
 */
import type { Activation } from '../../../src/lib/figure-data';
import type { ExtraKey, FigureId, FigureOf, PanelOf } from '../../../src/lib/figures';
import type { MeasureName } from '../../../src/lib/measures';
import { mergeSequence } from '../../../src/lib/merging';
import type { CurvePoints, HeatmapRow, NeuronHistogram, TableRows } from '../../../src/lib/panels';
import { quantizeLayer } from '../../../src/lib/quantize';
import { randomOrder } from '../../../src/lib/ranking';
import {
  ablationSteps,
  accuracyCurve,
  type CurvePlan,
  mergeSteps,
  prefixSchedule,
  type RankOneStep,
} from '../ablation';
import type { NetworkAnalysis } from '../analysis';
import type { FineTuneData } from '../fine-tune';
import { ablationRandomSeed, CLASSES, HIDDEN, INPUTS } from '../model';

export type { CurvePoints } from '../../../src/lib/panels';

type SeriesOf<P extends { series: readonly { key: string }[] }, T> = {
  [K in P['series'][number]['key']]: T;
};

/** One seed's contribution to figure F: every curve and distribution panel of the catalog. */
export interface SeedResult<F extends FigureId> {
  curves: { [P in PanelOf<F, 'curves'> as P['id']]: SeriesOf<P, CurvePoints> };
  values: { [P in PanelOf<F, 'distribution'> as P['id']]: SeriesOf<P, number[]> };
  /** Drawn from seed 0 only. */
  histograms: Partial<{ [P in PanelOf<F, 'histograms'> as P['id']]: NeuronHistogram[] }>;
  /** Drawn from seed 0 only; absent where the figure has no heatmap. */
  heatmaps?: Partial<{ [P in PanelOf<F, 'heatmap'> as P['id']]: HeatmapRow[] }>;
  /** Drawn from seed 0 only; absent where the figure has no table. */
  tables?: Partial<{ [P in PanelOf<F, 'table'> as P['id']]: TableRows }>;
  extras: Partial<Record<ExtraKey<F>, number>>;
}

export type { AnySeedResult } from '../../../src/lib/panels';

/** The analysed network of each activation a figure needs. */
export type Analyses = Partial<Record<Activation, NetworkAnalysis>>;

/**
 * What a producer receives for one seed: the analysed networks, and what its figure declares in
 * the catalog (`fineTunes`: the training images and settings to fine-tune on, docs/method.md §10).
 */
export type SeedContext<F extends FigureId> = { analyses: Analyses } & (FigureOf<F> extends {
  readonly fineTunes: true;
}
  ? { fineTuning: FineTuneData }
  : { fineTuning?: FineTuneData });

/**
 * The four layer panels of a figure that sets both activations side by side, as Fig. 10 does:
 * (a) sigmoid layer 1, (b) ReLU layer 1, (c) sigmoid layer 2, (d) ReLU layer 2.
 */
export async function bothActivations<T>(
  analyses: Analyses,
  figure: string,
  panel: (a: NetworkAnalysis, layer: 1 | 2) => Promise<T>,
): Promise<{ a: T; b: T; c: T; d: T }> {
  const { sigmoid, relu } = analyses;
  if (!sigmoid || !relu) throw new Error(`${figure} needs a sigmoid and a ReLU network`);
  return {
    a: await panel(sigmoid, 1),
    c: await panel(sigmoid, 2),
    b: await panel(relu, 1),
    d: await panel(relu, 2),
  };
}

/** The analysis of a single-activation figure. */
export const only = (analyses: Analyses): NetworkAnalysis => {
  const a = analyses.sigmoid ?? analyses.relu;
  if (!a) throw new Error('No analysed network was given');
  return a;
};

/** The one-bit measures of Figs. 2-5, 8, 10 by series key (eqs. 3-5). */
export const MEASURE_KEYS = [
  ['entropy', 'entropy'],
  ['mi', 'mutualInformation'],
  ['klsel', 'klSelectivity'],
] as const satisfies readonly (readonly [string, MeasureName])[];
export type MeasureKey = (typeof MEASURE_KEYS)[number][0];

/** A value per measure key, computed in catalog order (entropy, MI, KL selectivity). */
export async function byMeasure<T>(
  compute: (measure: MeasureName) => Promise<T>,
): Promise<Record<MeasureKey, T>> {
  const out = {} as Record<MeasureKey, T>;
  for (const [key, measure] of MEASURE_KEYS) out[key] = await compute(measure);
  return out;
}

export const range = (n: number) => Array.from({ length: n }, (_, k) => k);

/** Per-layer view of a network: outgoing weights and the width of the next layer. */
export const outgoing = (a: NetworkAnalysis, layer: 1 | 2) =>
  layer === 1 ? { weights: a.net.W1, width: HIDDEN } : { weights: a.net.W2, width: CLASSES };

/** Cumulative ablation of one layer in `order`, to the means (eq. 7) or to zero. */
export function layerAblation(
  a: NetworkAnalysis,
  layer: 1 | 2,
  order: ArrayLike<number>,
  balanced: boolean,
  levels = HIDDEN + 1,
): CurvePlan {
  const { weights, width } = outgoing(a, layer);
  const steps = ablationSteps(order, balanced ? a.means[layer - 1] : null, weights, width);
  const schedule = prefixSchedule(steps.slice(0, levels - 1), levels);
  return layer === 1 ? { levels, layer1: schedule } : { levels, layer2: schedule };
}

/** The accuracy curve of a plan on the test set, on the grid `x` (default 0..levels-1). */
export const curve = async (
  a: NetworkAnalysis,
  plan: CurvePlan,
  x = range(plan.levels),
): Promise<CurvePoints> => ({ x, y: await accuracyCurve(a.test, plan) });

/** The random ablation order of one layer (its own stream per seed and layer). */
export const randomLayerOrder = (a: NetworkAnalysis, layer: 1 | 2) =>
  randomOrder(HIDDEN, ablationRandomSeed(a.seed) * 3 + layer);

/** The greedy merge sequence of [22] for one layer, as rank-one steps. */
export function merges(a: NetworkAnalysis, layer: 1 | 2, surgery: boolean): RankOneStep[] {
  const [incoming, bias, nPrev] =
    layer === 1 ? [a.net.W0, a.net.b1, INPUTS] : [a.net.W1, a.net.b2, HIDDEN];
  const { weights, width } = outgoing(a, layer);
  return mergeSteps(
    mergeSequence(incoming, bias, weights, nPrev, HIDDEN, width, { surgery }),
    surgery,
  );
}

/** A layer's one-bit outputs on the validation set, [samples][HIDDEN] (the paper's quantizer, eq. 2). */
export const oneBit = (a: NetworkAnalysis, layer: 1 | 2): Uint8Array =>
  quantizeLayer(a.validation[layer - 1], a.validationLabels.length, HIDDEN, a.activation, 2, {
    threshold: a.threshold,
    reluThreshold: a.reluThreshold,
  });
