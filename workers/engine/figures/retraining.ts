/**
 * Fig. 15 (docs/method.md §10): bias balancing against fine-tuning. At pruned totals k of a grid,
 * two schedules (the hybrid 1:2 schedule of Fig. 5, and layer 1 alone, lowest MI first) and four
 * arms: ablate to zero, bias balancing (eq. 7), and each followed by fine-tuning (fine-tune.ts) for
 * the preset's budget. The two arms without training are the rank-one curves of ablation.ts; the
 * fine-tuned ones are trained from the same pruned networks (`prunedNetwork`), and their accuracy
 * at step 0 is those curves' value (tests/engine/fine-tune.test.ts).
 */
import { ablationOrder } from '../../../src/lib/ranking';
import { recoveredShare, stepsWorth } from '../../../src/lib/retraining';
import { accuracyCurve, type CurvePlan } from '../ablation';
import type { NetworkAnalysis } from '../analysis';
import { fineTune, fineTuneSteps, prunedNetwork, type Removed } from '../fine-tune';
import { measureSteps } from './hybrid-pruning';
import { type CurvePoints, only, type SeedContext, type SeedResult } from './shared';

/** Pruned totals k; k = 0 is the intact network. */
export const PRUNED = [0, 15, 30, 45, 60, 75, 90];
/**
 * Fine-tuning steps at which panel (c) reads the test accuracy, roughly evenly on a log axis,
 * those below the budget's total and then the total itself: the recovery happens in the first
 * hundred steps, which a grid in shares of the epoch (0, 0.1, 0.3, 1) did not see.
 */
export const CHECKPOINT_STEPS = [0, 10, 30, 100, 300, 1000];
/** Panel (c)'s checkpoints for a budget of `total` steps. */
export const checkpointSteps = (total: number): number[] => [
  ...CHECKPOINT_STEPS.filter((s) => s < total),
  total,
];

type Schedule = 'hybrid' | 'layer1';
/** Neurons removed from layer 1 and layer 2 at total k. */
const split = (schedule: Schedule, k: number): [number, number] =>
  schedule === 'hybrid' ? [k / 3, (2 * k) / 3] : [k, 0];

function plan(a: NetworkAnalysis, schedule: Schedule, balanced: boolean): CurvePlan {
  const levels = PRUNED.length;
  const applied = (layer: 0 | 1) => Int32Array.from(PRUNED, (k) => split(schedule, k)[layer]);
  return {
    levels,
    layer1: { steps: measureSteps(a, 1, 'mutualInformation', balanced), applied: applied(0) },
    ...(schedule === 'hybrid'
      ? { layer2: { steps: measureSteps(a, 2, 'klSelectivity', balanced), applied: applied(1) } }
      : {}),
  };
}

function removed(a: NetworkAnalysis, schedule: Schedule, k: number): Removed {
  const [k1, k2] = split(schedule, k);
  return [
    ablationOrder(a.measures[0].mutualInformation, 'low').subarray(0, k1),
    ablationOrder(a.measures[1].klSelectivity, 'low').subarray(0, k2),
  ];
}

const recovered = (c: Record<'zero' | 'bb' | 'zero-ft', CurvePoints>) =>
  recoveredShare(c.zero.x, c.zero.y, c.bb.y, c['zero-ft'].y);

export async function retraining({
  analyses,
  fineTuning,
}: SeedContext<'fig15'>): Promise<SeedResult<'fig15'>> {
  const a = only(analyses);
  const data = fineTuning;
  const total = fineTuneSteps(data);
  const checkpoints = checkpointSteps(total);
  const schedules = ['hybrid', 'layer1'] as const;
  // the intact network fine-tuned (k = 0, the same for every arm and schedule), then each pruned start
  const starts = [{ net: a.net, removed: [[], []] as Removed }];
  const index = new Map<string, number>();
  for (const schedule of schedules) {
    for (const k of PRUNED.slice(1)) {
      for (const balanced of [false, true]) {
        index.set(`${schedule} ${k} ${balanced}`, starts.length);
        const cut = removed(a, schedule, k);
        starts.push({ net: prunedNetwork(a.net, cut, balanced ? a.means : null), removed: cut });
      }
    }
  }
  const { accuracies } = await fineTune(starts, data, {
    activation: a.activation,
    seed: a.seed,
    test: { x: a.testImages, labels: a.test.labels },
    checkpoints,
    checkpoint: a.test.checkpoint,
  });
  const after = (
    schedule: Schedule,
    k: number,
    balanced: boolean,
    checkpoint = checkpoints.length - 1,
  ) => accuracies[k === 0 ? 0 : index.get(`${schedule} ${k} ${balanced}`)!][checkpoint];
  const arms = async (schedule: Schedule) => {
    const points = (y: number[]): CurvePoints => ({ x: PRUNED, y });
    return {
      zero: points(await accuracyCurve(a.test, plan(a, schedule, false))),
      bb: points(await accuracyCurve(a.test, plan(a, schedule, true))),
      'zero-ft': points(PRUNED.map((k) => after(schedule, k, false))),
      'bb-ft': points(PRUNED.map((k) => after(schedule, k, true))),
    };
  };
  const hybrid = await arms('hybrid');
  const layer1 = await arms('layer1');
  const budget = (k: number, balanced: boolean): CurvePoints => ({
    x: checkpoints,
    y: checkpoints.map((_, c) => after('hybrid', k, balanced, c)),
  });
  const worth = (k: number) =>
    stepsWorth(checkpoints, budget(k, false).y, after('hybrid', k, true, 0));
  return {
    curves: {
      a: hybrid,
      b: layer1,
      c: {
        'zero-45': budget(45, false),
        'bb-45': budget(45, true),
        'zero-90': budget(90, false),
        'bb-90': budget(90, true),
      },
    },
    values: {},
    histograms: {},
    extras: {
      'recovered-hybrid': recovered(hybrid),
      'recovered-layer1': recovered(layer1),
      'fine-tune-steps': total,
      'bb-worth-45': worth(45),
      'bb-worth-90': worth(90),
    },
  };
}
