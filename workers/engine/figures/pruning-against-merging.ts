/**
 * Fig. 10: one layer pruned lowest first by each measure against the merging of [22] with and
 * without surgery, 0..99 neurons; sigmoid with bias balancing, ReLU ablated to zero (docs/method.md
 * §7, F10: the paper's "doing nothing" for ReLU).
 */
import { ablationOrder } from '../../../src/lib/ranking';
import { prefixSchedule } from '../ablation';
import type { NetworkAnalysis } from '../analysis';
import { HIDDEN } from '../model';
import {
  bothActivations,
  byMeasure,
  curve,
  layerAblation,
  merges,
  type SeedContext,
  type SeedResult,
} from './shared';

const LEVELS = HIDDEN;

async function panel(a: NetworkAnalysis, layer: 1 | 2) {
  const balanced = a.activation === 'sigmoid';
  const merged = (surgery: boolean) => {
    const schedule = prefixSchedule(merges(a, layer, surgery), LEVELS);
    return curve(
      a,
      layer === 1 ? { levels: LEVELS, layer1: schedule } : { levels: LEVELS, layer2: schedule },
    );
  };
  return {
    ...(await byMeasure((measure) => {
      const order = ablationOrder(a.measures[layer - 1][measure], 'low');
      return curve(a, layerAblation(a, layer, order, balanced, LEVELS));
    })),
    'merge-surgery': await merged(true),
    'merge-no-surgery': await merged(false),
  };
}

export async function pruningAgainstMerging({
  analyses,
}: SeedContext<'fig10'>): Promise<SeedResult<'fig10'>> {
  return {
    curves: await bothActivations(analyses, 'Figure 10', panel),
    values: {},
    histograms: {},
    extras: {},
  };
}
