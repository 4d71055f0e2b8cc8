/** Figs. 1 and 9: random and low-MI order, each with bias balancing (eq. 7) and ablated to zero. */
import { ablationOrder } from '../../../src/lib/ranking';
import type { NetworkAnalysis } from '../analysis';
import {
  curve,
  layerAblation,
  only,
  randomLayerOrder,
  type SeedContext,
  type SeedResult,
} from './shared';

async function panel(a: NetworkAnalysis, layer: 1 | 2) {
  const random = randomLayerOrder(a, layer);
  const lowMi = ablationOrder(a.measures[layer - 1].mutualInformation, 'low');
  return {
    'random-bb': await curve(a, layerAblation(a, layer, random, true)),
    'random-zero': await curve(a, layerAblation(a, layer, random, false)),
    'low-mi-bb': await curve(a, layerAblation(a, layer, lowMi, true)),
    'low-mi-zero': await curve(a, layerAblation(a, layer, lowMi, false)),
  };
}

export async function biasBalancing({
  analyses,
}: SeedContext<'fig1' | 'fig9'>): Promise<SeedResult<'fig1' | 'fig9'>> {
  const a = only(analyses);
  return {
    curves: { a: await panel(a, 1), b: await panel(a, 2) },
    values: {},
    histograms: {},
    extras: {},
  };
}
