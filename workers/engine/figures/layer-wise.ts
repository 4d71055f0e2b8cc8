/** Fig. 4: layer-wise ablation by each measure, lowest first (a, b) and highest first (c, d), bias balancing. */
import { ablationOrder } from '../../../src/lib/ranking';
import type { NetworkAnalysis } from '../analysis';
import {
  byMeasure,
  curve,
  layerAblation,
  only,
  randomLayerOrder,
  type SeedContext,
  type SeedResult,
} from './shared';

async function panel(a: NetworkAnalysis, layer: 1 | 2, direction: 'low' | 'high') {
  return {
    random: await curve(a, layerAblation(a, layer, randomLayerOrder(a, layer), true)),
    ...(await byMeasure((measure) => {
      const order = ablationOrder(a.measures[layer - 1][measure], direction);
      return curve(a, layerAblation(a, layer, order, true));
    })),
  };
}

export async function layerWise({ analyses }: SeedContext<'fig4'>): Promise<SeedResult<'fig4'>> {
  const a = only(analyses);
  return {
    curves: {
      a: await panel(a, 1, 'low'),
      b: await panel(a, 2, 'low'),
      c: await panel(a, 1, 'high'),
      d: await panel(a, 2, 'high'),
    },
    values: {},
    histograms: {},
    extras: {},
  };
}
