/**
 * Fig. 10: one layer pruned lowest first by each measure against the merging of [22] with and
 * without surgery, 0..99 neurons; sigmoid with bias balancing, ReLU ablated to zero (docs/method.md
 * §7, F10: the paper's "doing nothing" for ReLU).
 */
import { ablationOrder } from '../../../src/lib/ranking';
import { prefixSchedule } from '../ablation';
import type { NetworkAnalysis } from '../analysis';
import { HIDDEN } from '../model';
import { type Analyses, byMeasure, curve, layerAblation, merges, type SeedResult } from './shared';

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

export async function pruningAgainstMerging(analyses: Analyses): Promise<SeedResult<'fig10'>> {
  const { sigmoid, relu } = analyses;
  if (!sigmoid || !relu) throw new Error('Figure 10 needs a sigmoid and a ReLU network');
  return {
    curves: {
      a: await panel(sigmoid, 1),
      c: await panel(sigmoid, 2),
      b: await panel(relu, 1),
      d: await panel(relu, 2),
    },
    values: {},
    histograms: {},
    extras: {},
  };
}
