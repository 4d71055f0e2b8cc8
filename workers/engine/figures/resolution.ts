/**
 * Fig. 6: layer 1 ablated lowest MI first, with MI estimated from B = 2, 4, 8, 20 uniform bins
 * (docs/method.md §2; B = 2 is the paper's one-bit quantiser), bias balancing.
 */
import { ablationOrder } from '../../../src/lib/ranking';
import { spearman } from '../../../src/lib/stats';
import { importance, type NetworkAnalysis } from '../analysis';
import { curve, layerAblation, only, type SeedContext, type SeedResult } from './shared';

const miWithBins = (a: NetworkAnalysis, bins: number) =>
  bins === 2
    ? a.measures[0].mutualInformation
    : importance(a.validation[0], a.validationLabels, a.activation, bins, ['mutualInformation'])
        .mutualInformation;

export async function resolution({ analyses }: SeedContext<'fig6'>): Promise<SeedResult<'fig6'>> {
  const a = only(analyses);
  const oneBit = a.measures[0].mutualInformation;
  const [mi4, mi8, mi20] = [miWithBins(a, 4), miWithBins(a, 8), miWithBins(a, 20)];
  const lowFirst = (mi: Float64Array) =>
    curve(a, layerAblation(a, 1, ablationOrder(mi, 'low'), true));
  return {
    curves: {
      a: {
        'bins-2': await lowFirst(oneBit),
        'bins-4': await lowFirst(mi4),
        'bins-8': await lowFirst(mi8),
        'bins-20': await lowFirst(mi20),
      },
    },
    values: {},
    histograms: {},
    extras: {
      'spearman-4': spearman(mi4, oneBit),
      'spearman-8': spearman(mi8, oneBit),
      'spearman-20': spearman(mi20, oneBit),
    },
  };
}
