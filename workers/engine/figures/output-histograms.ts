/**
 * Figs. 7 and 8(d-s): 20-bin output histograms of eight neurons per layer of network 0, and for every
 * network the layer's mean 20-bin entropy and (sigmoid) the share of saturated outputs.
 */
import type { Activation, NeuronHistogram } from '../../../src/lib/figure-data';
import { jointCounts } from '../../../src/lib/joint-counts';
import { entropy } from '../../../src/lib/measures';
import { quantizeLayer } from '../../../src/lib/quantize';
import { randomOrder } from '../../../src/lib/ranking';
import type { NetworkAnalysis } from '../analysis';
import { HIDDEN } from '../model';
import { measureValues } from './measure-distributions';
import { only, range, type SeedContext, type SeedResult } from './shared';

const HISTOGRAM_BINS = 20;
const SHOWN_NEURONS = 8;

/** The neurons drawn in Figs. 7 and 8: eight per layer from a fixed seed (the paper does not say which). */
export const shownNeurons = (layer: 1 | 2) =>
  Array.from(randomOrder(HIDDEN, 7 + layer).subarray(0, SHOWN_NEURONS)).sort((p, q) => p - q);

/** Bin lower edges: sigmoid [0, 1) in twenty; ReLU bin 0 holds exact zeros, bins 1..19 split (0, max] (docs/method.md §2). */
const binEdges = (activation: Activation, max: number) =>
  activation === 'sigmoid'
    ? range(HISTOGRAM_BINS).map((b) => b / HISTOGRAM_BINS)
    : range(HISTOGRAM_BINS).map((b) => (b === 0 ? 0 : ((b - 1) * max) / (HISTOGRAM_BINS - 1)));

interface LayerHistograms {
  entropy20: number;
  saturation?: number;
  /** Only for network 0. */
  shown?: NeuronHistogram[];
}

function layerHistograms(a: NetworkAnalysis, layer: 1 | 2): LayerHistograms {
  const samples = a.validationLabels.length;
  const outputs = a.validation[layer - 1];
  const binned = quantizeLayer(outputs, samples, HIDDEN, a.activation, HISTOGRAM_BINS);
  const counts = jointCounts(binned, new Uint8Array(samples), samples, HIDDEN, 1, HISTOGRAM_BINS);
  const marginal = (j: number) =>
    counts.counts.subarray(j * HISTOGRAM_BINS, (j + 1) * HISTOGRAM_BINS);
  let entropySum = 0;
  for (let j = 0; j < HIDDEN; j++) entropySum += entropy(marginal(j), 1, HISTOGRAM_BINS);
  const result: LayerHistograms = { entropy20: entropySum / HIDDEN };
  if (a.activation === 'sigmoid') {
    let saturated = 0;
    for (const t of outputs) if (t < 0.05 || t >= 0.95) saturated++;
    result.saturation = saturated / outputs.length;
  }
  if (a.seed !== 0) return result;
  result.shown = shownNeurons(layer).map((j) => {
    let max = 0;
    for (let i = 0; i < samples; i++) max = Math.max(max, outputs[i * HIDDEN + j]);
    return {
      label: `${layer}-${j + 1}`,
      layer,
      neuron: j,
      edges: binEdges(a.activation, max),
      probabilities: Array.from(marginal(j), (c) => c / samples),
    };
  });
  return result;
}

/** The per-network summaries of Fig. 7, layer by layer (saturation for sigmoid only). */
function summaries(first: LayerHistograms, second: LayerHistograms) {
  return {
    'entropy20-layer1': first.entropy20,
    ...(first.saturation === undefined ? {} : { 'saturation-layer1': first.saturation }),
    'entropy20-layer2': second.entropy20,
    ...(second.saturation === undefined ? {} : { 'saturation-layer2': second.saturation }),
  };
}

export async function outputHistograms({
  analyses,
}: SeedContext<'fig7'>): Promise<SeedResult<'fig7'>> {
  const a = only(analyses);
  const [first, second] = [layerHistograms(a, 1), layerHistograms(a, 2)];
  return {
    curves: {},
    values: {},
    histograms: first.shown && second.shown ? { 'a-h': first.shown, 'i-p': second.shown } : {},
    extras: summaries(first, second),
  };
}

/** Fig. 8: the measure distributions and the histograms of ReLU networks together. */
export async function reluMeasuresAndHistograms({
  analyses,
}: SeedContext<'fig8'>): Promise<SeedResult<'fig8'>> {
  const a = only(analyses);
  const [first, second] = [layerHistograms(a, 1), layerHistograms(a, 2)];
  return {
    curves: {},
    values: measureValues(a),
    histograms: first.shown && second.shown ? { 'd-k': first.shown, 'l-s': second.shown } : {},
    extras: { 'entropy20-layer1': first.entropy20, 'entropy20-layer2': second.entropy20 },
  };
}
