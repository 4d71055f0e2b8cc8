/**
 * Fig. 14 (docs/method.md §10): each layer ablated in the order of each importance criterion that
 * pruning libraries ship (src/lib/criteria.ts) against the paper's information measures and a random
 * order; sigmoid with bias balancing, ReLU ablated to zero, as in Fig. 10. Every score is computed
 * once in the intact network, on the validation set where it needs outputs.
 */
import {
  apoz,
  incomingNorm,
  meanActivation,
  outgoingNorm,
  taylor,
} from '../../../src/lib/criteria';
import { type AblationDirection, ablationOrder } from '../../../src/lib/ranking';
import type { NetworkAnalysis } from '../analysis';
import { outputGradients } from '../gradients';
import { HIDDEN, INPUTS } from '../model';
import {
  bothActivations,
  curve,
  layerAblation,
  outgoing,
  randomLayerOrder,
  type SeedContext,
  type SeedResult,
} from './shared';

/** Every criterion's score of one layer's neurons, and which end is ablated first. */
export function criterionScores(
  a: NetworkAnalysis,
  layer: 1 | 2,
  gradients: Float32Array,
): Record<
  'l1-in' | 'l2-in' | 'l2-out' | 'mean' | 'apoz' | 'taylor',
  [Float64Array, AblationDirection]
> {
  const [incoming, fanIn] = layer === 1 ? [a.net.W0, INPUTS] : [a.net.W1, HIDDEN];
  const { weights, width } = outgoing(a, layer);
  const outputs = a.validation[layer - 1];
  const samples = a.validationLabels.length;
  return {
    'l1-in': [incomingNorm(incoming, fanIn, HIDDEN, 1), 'low'],
    'l2-in': [incomingNorm(incoming, fanIn, HIDDEN, 2), 'low'],
    'l2-out': [outgoingNorm(weights, HIDDEN, width), 'low'],
    mean: [meanActivation(outputs, samples, HIDDEN), 'low'],
    apoz: [apoz(outputs, samples, HIDDEN, a.activation, a.threshold), 'high'],
    taylor: [taylor(outputs, gradients, samples, HIDDEN), 'low'],
  };
}

async function panel(a: NetworkAnalysis, layer: 1 | 2, gradients: Float32Array) {
  const balanced = a.activation === 'sigmoid';
  const ablate = (order: ArrayLike<number>) => curve(a, layerAblation(a, layer, order, balanced));
  const scores = criterionScores(a, layer, gradients);
  const byCriterion = async (key: keyof typeof scores) =>
    ablate(ablationOrder(scores[key][0], scores[key][1]));
  return {
    klsel: await ablate(ablationOrder(a.measures[layer - 1].klSelectivity, 'low')),
    mi: await ablate(ablationOrder(a.measures[layer - 1].mutualInformation, 'low')),
    'l1-in': await byCriterion('l1-in'),
    'l2-in': await byCriterion('l2-in'),
    'l2-out': await byCriterion('l2-out'),
    mean: await byCriterion('mean'),
    apoz: await byCriterion('apoz'),
    taylor: await byCriterion('taylor'),
    random: await ablate(randomLayerOrder(a, layer)),
  };
}

export async function libraryCriteria({
  analyses,
}: SeedContext<'fig14'>): Promise<SeedResult<'fig14'>> {
  const gradients = new Map<NetworkAnalysis, [Float32Array, Float32Array]>();
  for (const a of Object.values(analyses)) {
    if (a) {
      gradients.set(
        a,
        await outputGradients(a.net, a.activation, a.validationImages, a.validationLabels),
      );
    }
  }
  return {
    curves: await bothActivations(analyses, 'Figure 14', (a, layer) =>
      panel(a, layer, gradients.get(a)![layer - 1]),
    ),
    values: {},
    histograms: {},
    extras: {},
  };
}
