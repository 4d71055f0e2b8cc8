/**
 * What each of the paper's figures computes from one analysed network (METHOD.md section 7). Every
 * function returns one seed's contribution; experiments.ts averages them over seeds. Series keys and
 * panel ids are those of the catalog in src/lib/figures.ts.
 */
import type { Activation, FigureId, NeuronHistogram } from '../../src/lib/figure-data';
import { jointCounts } from '../../src/lib/joint-counts';
import { entropy, type MeasureName } from '../../src/lib/measures';
import { mergeSequence } from '../../src/lib/merging';
import { quantizeLayer } from '../../src/lib/quantize';
import { ablationOrder, randomOrder } from '../../src/lib/ranking';
import { spearman } from '../../src/lib/stats';
import {
  ablationSteps,
  accuracyCurve,
  type CurvePlan,
  mergeSteps,
  prefixSchedule,
  type RankOneStep,
} from './ablation';
import { HIDDEN, importance, type NetworkAnalysis } from './analysis';
import { ablationRandomSeed } from './network';

/** One seed's contribution: curves and pooled values by panel id and series key. */
export interface SeedResult {
  curves: Record<string, Record<string, { x: number[]; y: number[] }>>;
  values: Record<string, Record<string, number[]>>;
  histograms: Record<string, NeuronHistogram[]>;
  extras: Record<string, number>;
}

export type Analyses = Partial<Record<Activation, NetworkAnalysis>>;

const MEASURE_KEYS: [string, MeasureName][] = [
  ['entropy', 'entropy'],
  ['mi', 'mutualInformation'],
  ['klsel', 'klSelectivity'],
];

const emptyResult = (): SeedResult => ({ curves: {}, values: {}, histograms: {}, extras: {} });
const range = (n: number) => Array.from({ length: n }, (_, k) => k);

/** Per-layer view of a network: outgoing weights and widths of the next layer. */
const outgoing = (a: NetworkAnalysis, layer: 1 | 2) =>
  layer === 1 ? { weights: a.net.W1, width: 100 } : { weights: a.net.W2, width: 10 };

/** Cumulative ablation of one layer in `order`, to the means (eq. 7) or to zero. */
function layerAblation(
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

const curve = async (a: NetworkAnalysis, plan: CurvePlan, x = range(plan.levels)) => ({
  x,
  y: await accuracyCurve(a.test, plan),
});

const randomLayerOrder = (a: NetworkAnalysis, layer: 1 | 2) =>
  randomOrder(HIDDEN, ablationRandomSeed(a.seed) * 3 + layer);

/** Figs. 1 and 9: random and low-MI order, with bias balancing and ablated to zero. */
async function biasBalancing(a: NetworkAnalysis): Promise<SeedResult> {
  const result = emptyResult();
  for (const [panel, layer] of [
    ['a', 1],
    ['b', 2],
  ] as const) {
    const orders = {
      random: randomLayerOrder(a, layer),
      'low-mi': ablationOrder(a.measures[layer - 1].mutualInformation, 'low'),
    };
    result.curves[panel] = {};
    for (const [name, order] of Object.entries(orders)) {
      result.curves[panel][`${name}-bb`] = await curve(a, layerAblation(a, layer, order, true));
      result.curves[panel][`${name}-zero`] = await curve(a, layerAblation(a, layer, order, false));
    }
  }
  return result;
}

/** Figs. 2 and 8(a-c): the one-bit measures of every neuron, per layer. */
function measureDistributions(a: NetworkAnalysis, result: SeedResult, ids = ['a', 'b', 'c']) {
  MEASURE_KEYS.forEach(([key, measure], i) => {
    result.values[ids[i]] = {
      [`layer1-${key}`]: Array.from(a.measures[0][measure]),
      [`layer2-${key}`]: Array.from(a.measures[1][measure]),
    };
  });
}

/** Fig. 3: all 200 hidden neurons ranked jointly by raw score, lowest first, bias balancing. */
async function wholeNetwork(a: NetworkAnalysis): Promise<SeedResult> {
  const result = emptyResult();
  result.curves.a = {};
  const joint = (measure: MeasureName) =>
    Float64Array.from([...a.measures[0][measure], ...a.measures[1][measure]]);
  const orders: Record<string, Int32Array> = {
    random: randomOrder(2 * HIDDEN, ablationRandomSeed(a.seed)),
  };
  for (const [key, measure] of MEASURE_KEYS) orders[key] = ablationOrder(joint(measure), 'low');
  for (const [key, order] of Object.entries(orders)) {
    const first = Array.from(order).filter((j) => j < HIDDEN);
    const second = Array.from(order)
      .filter((j) => j >= HIDDEN)
      .map((j) => j - HIDDEN);
    const levels = 2 * HIDDEN + 1;
    const counts = (layer: 1 | 2) =>
      Int32Array.from({ length: levels }, (_, k) => {
        let c = 0;
        for (let q = 0; q < k; q++) if (order[q] < HIDDEN === (layer === 1)) c++;
        return c;
      });
    const plan: CurvePlan = {
      levels,
      layer1: {
        steps: ablationSteps(first, a.means[0], a.net.W1, 100),
        applied: counts(1),
      },
      layer2: { steps: ablationSteps(second, a.means[1], a.net.W2, 10), applied: counts(2) },
    };
    result.curves.a[key] = await curve(a, plan);
  }
  const lowestMi = orders.mi.subarray(0, HIDDEN);
  result.extras.layer1ShareLowestMI = lowestMi.filter((j) => j < HIDDEN).length / HIDDEN;
  return result;
}

/** Fig. 4: layer-wise, lowest first (a, b) and highest first (c, d), bias balancing. */
async function layerWise(a: NetworkAnalysis): Promise<SeedResult> {
  const result = emptyResult();
  const panels = [
    ['a', 1, 'low'],
    ['b', 2, 'low'],
    ['c', 1, 'high'],
    ['d', 2, 'high'],
  ] as const;
  for (const [panel, layer, direction] of panels) {
    result.curves[panel] = {
      random: await curve(a, layerAblation(a, layer, randomLayerOrder(a, layer), true)),
    };
    for (const [key, measure] of MEASURE_KEYS) {
      const order = ablationOrder(a.measures[layer - 1][measure], direction);
      result.curves[panel][key] = await curve(a, layerAblation(a, layer, order, true));
    }
  }
  return result;
}

/** The greedy merge sequence of [22] for one layer, as rank-one steps. */
function merges(a: NetworkAnalysis, layer: 1 | 2, surgery: boolean): RankOneStep[] {
  const [incoming, bias, nPrev] =
    layer === 1 ? [a.net.W0, a.net.b1, 784] : [a.net.W1, a.net.b2, 100];
  const { weights, width } = outgoing(a, layer);
  return mergeSteps(
    mergeSequence(incoming, bias, weights, nPrev, HIDDEN, width, { surgery }),
    surgery,
  );
}

/** Fig. 5: one layer-1 neuron pruned for every two layer-2 neurons, k1 = 0..50. */
async function hybridPruning(a: NetworkAnalysis): Promise<SeedResult> {
  const levels = HIDDEN / 2 + 1;
  const x = range(levels).map((k1) => 3 * k1);
  const split = (first: RankOneStep[], second: RankOneStep[]): CurvePlan => ({
    levels,
    layer1: { steps: first, applied: Int32Array.from(range(levels)) },
    // [22] can merge at most n - 1 neurons of a layer: its last level keeps one
    layer2: {
      steps: second,
      applied: Int32Array.from(range(levels), (k1) => Math.min(2 * k1, second.length)),
    },
  });
  const ablate = (layer: 1 | 2, measure: MeasureName, balanced: boolean) => {
    const { weights, width } = outgoing(a, layer);
    const order = ablationOrder(a.measures[layer - 1][measure], 'low');
    return ablationSteps(order, balanced ? a.means[layer - 1] : null, weights, width);
  };
  const result = emptyResult();
  result.curves.a = {};
  for (const balanced of [true, false]) {
    const suffix = balanced ? 'bb' : 'zero';
    const hybrid = split(
      ablate(1, 'mutualInformation', balanced),
      ablate(2, 'klSelectivity', balanced),
    );
    const miOnly = split(
      ablate(1, 'mutualInformation', balanced),
      ablate(2, 'mutualInformation', balanced),
    );
    result.curves.a[`hybrid-${suffix}`] = await curve(a, hybrid, x);
    result.curves.a[`mi-${suffix}`] = await curve(a, miOnly, x);
  }
  for (const surgery of [true, false]) {
    const plan = split(merges(a, 1, surgery), merges(a, 2, surgery));
    result.curves.a[surgery ? 'merge-surgery' : 'merge-no-surgery'] = await curve(a, plan, x);
  }
  return result;
}

export const RESOLUTIONS = [2, 4, 8, 20] as const;

/** Fig. 6: layer 1, lowest MI first with MI estimated from B bins, bias balancing. */
async function resolution(a: NetworkAnalysis): Promise<SeedResult> {
  const result = emptyResult();
  result.curves.a = {};
  const labels = a.validationLabels;
  const miOf = (bins: number) =>
    importance(a.validation[0], labels, a.activation, bins, ['mutualInformation'])
      .mutualInformation;
  const oneBit = a.measures[0].mutualInformation;
  for (const bins of RESOLUTIONS) {
    const mi = bins === 2 ? oneBit : miOf(bins);
    const order = ablationOrder(mi, 'low');
    result.curves.a[`bins-${bins}`] = await curve(a, layerAblation(a, 1, order, true));
    if (bins !== 2) result.extras[`spearman-${bins}`] = spearman(mi, oneBit);
  }
  return result;
}

const HISTOGRAM_BINS = 20;
const SHOWN_NEURONS = 8;
/** The neurons drawn in Figs. 7 and 8: eight per layer from a fixed seed (the paper does not say which). */
export const shownNeurons = (layer: 1 | 2) =>
  Array.from(randomOrder(HIDDEN, 7 + layer).subarray(0, SHOWN_NEURONS)).sort((p, q) => p - q);

/** Figs. 7, 8(d-s): 20-bin output histograms (seed 0 only), and layer summaries for every seed. */
function outputHistograms(a: NetworkAnalysis, result: SeedResult, ids: [string, string]) {
  const samples = a.validationLabels.length;
  ([1, 2] as const).forEach((layer) => {
    const outputs = a.validation[layer - 1];
    const binned = quantizeLayer(outputs, samples, HIDDEN, a.activation, HISTOGRAM_BINS);
    const counts = jointCounts(binned, new Uint8Array(samples), samples, HIDDEN, 1, HISTOGRAM_BINS);
    const marginal = (j: number) =>
      counts.counts.subarray(j * HISTOGRAM_BINS, (j + 1) * HISTOGRAM_BINS);
    let entropySum = 0;
    for (let j = 0; j < HIDDEN; j++) entropySum += entropy(marginal(j), 1, HISTOGRAM_BINS);
    result.extras[`entropy20-layer${layer}`] = entropySum / HIDDEN;
    if (a.activation === 'sigmoid') {
      let saturated = 0;
      for (const t of outputs) if (t < 0.05 || t >= 0.95) saturated++;
      result.extras[`saturation-layer${layer}`] = saturated / outputs.length;
    }
    if (a.seed !== 0) return;
    result.histograms[ids[layer - 1]] = shownNeurons(layer).map((j) => {
      let max = 0;
      for (let i = 0; i < samples; i++) max = Math.max(max, outputs[i * HIDDEN + j]);
      const edges =
        a.activation === 'sigmoid'
          ? range(HISTOGRAM_BINS).map((b) => b / HISTOGRAM_BINS)
          : // ReLU: bin 0 holds exact zeros, bins 1..19 split (0, max] (METHOD.md section 2)
            range(HISTOGRAM_BINS).map((b) =>
              b === 0 ? 0 : ((b - 1) * max) / (HISTOGRAM_BINS - 1),
            );
      return {
        label: `${layer}-${j + 1}`,
        layer,
        neuron: j,
        edges,
        probabilities: Array.from(marginal(j), (c) => c / samples),
      };
    });
  });
}

/** Fig. 10: one layer pruned lowest first by each measure against [22], 0..99 neurons. */
async function pruningAgainstMerging(
  a: NetworkAnalysis,
  panels: [string, string],
): Promise<SeedResult> {
  const result = emptyResult();
  const levels = HIDDEN;
  // sigmoid with bias balancing [paper]; ReLU ablated to zero (METHOD.md F10, "doing nothing")
  const balanced = a.activation === 'sigmoid';
  for (const layer of [1, 2] as const) {
    const panel = panels[layer - 1];
    result.curves[panel] = {};
    for (const [key, measure] of MEASURE_KEYS) {
      const order = ablationOrder(a.measures[layer - 1][measure], 'low');
      result.curves[panel][key] = await curve(a, layerAblation(a, layer, order, balanced, levels));
    }
    for (const surgery of [true, false]) {
      const steps = merges(a, layer, surgery);
      const schedule = prefixSchedule(steps, levels);
      const plan: CurvePlan =
        layer === 1 ? { levels, layer1: schedule } : { levels, layer2: schedule };
      result.curves[panel][surgery ? 'merge-surgery' : 'merge-no-surgery'] = await curve(a, plan);
    }
  }
  return result;
}

/** The activations a figure needs, given the reader's choice where the figure has one. */
export function figureActivations(figure: FigureId, chosen: Activation): Activation[] {
  return figure === 'fig10' ? ['sigmoid', 'relu'] : [chosen];
}

export async function seedContribution(figure: FigureId, analyses: Analyses): Promise<SeedResult> {
  const only = (analyses.sigmoid ?? analyses.relu)!;
  switch (figure) {
    case 'fig1':
    case 'fig9':
      return biasBalancing(only);
    case 'fig2': {
      const result = emptyResult();
      measureDistributions(only, result);
      return result;
    }
    case 'fig3':
      return wholeNetwork(only);
    case 'fig4':
      return layerWise(only);
    case 'fig5':
      return hybridPruning(only);
    case 'fig6':
      return resolution(only);
    case 'fig7': {
      const result = emptyResult();
      outputHistograms(only, result, ['a-h', 'i-p']);
      return result;
    }
    case 'fig8': {
      const result = emptyResult();
      measureDistributions(only, result);
      outputHistograms(only, result, ['d-k', 'l-s']);
      return result;
    }
    case 'fig10': {
      const sigmoid = await pruningAgainstMerging(analyses.sigmoid!, ['a', 'c']);
      const relu = await pruningAgainstMerging(analyses.relu!, ['b', 'd']);
      return { ...sigmoid, curves: { ...sigmoid.curves, ...relu.curves } };
    }
  }
}
