/** Fig. 3: all hidden neurons of both layers ranked jointly by raw score, lowest first, bias balancing. */
import type { MeasureName } from '../../../src/lib/measures';
import { ablationOrder, randomOrder } from '../../../src/lib/ranking';
import { ablationSteps, type CurvePlan } from '../ablation';
import type { NetworkAnalysis } from '../analysis';
import { ablationRandomSeed, CLASSES, HIDDEN } from '../model';
import { byMeasure, curve, only, type SeedContext, type SeedResult } from './shared';

/** Ablates the first k of a joint order over 2 * HIDDEN neurons at level k (j >= HIDDEN: layer 2). */
function jointPlan(a: NetworkAnalysis, order: Int32Array): CurvePlan {
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
  return {
    levels,
    layer1: { steps: ablationSteps(first, a.means[0], a.net.W1, HIDDEN), applied: counts(1) },
    layer2: { steps: ablationSteps(second, a.means[1], a.net.W2, CLASSES), applied: counts(2) },
  };
}

export async function wholeNetwork({ analyses }: SeedContext<'fig3'>): Promise<SeedResult<'fig3'>> {
  const a = only(analyses);
  const joint = (measure: MeasureName) =>
    ablationOrder(Float64Array.from([...a.measures[0][measure], ...a.measures[1][measure]]), 'low');
  const random = randomOrder(2 * HIDDEN, ablationRandomSeed(a.seed));
  const lowestMi = joint('mutualInformation').subarray(0, HIDDEN);
  return {
    curves: {
      a: {
        random: await curve(a, jointPlan(a, random)),
        ...(await byMeasure((measure) => curve(a, jointPlan(a, joint(measure))))),
      },
    },
    values: {},
    histograms: {},
    extras: { layer1ShareLowestMI: lowestMi.filter((j) => j < HIDDEN).length / HIDDEN },
  };
}
