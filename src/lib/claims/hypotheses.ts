/**
 * Our hypotheses H1-H4 about the paper's Section 7 examples (docs/method.md §9) and H5-H7 about the
 * practitioners' criteria and retraining (docs/method.md §10); the table is docs/claims.md.
 * The paper asserts none of them with data: they are ours, written and evaluated exactly like the
 * claims (same reader, same noise rule, same verdicts), but kept in their own list and never
 * counted with C1-C27. A verdict reads "holds" or "does not hold" on the page.
 */
import type { CurveSeries } from '../figure-data';
import { RECOVERED_UP_TO } from '../retraining';
import { above, atLeast, atMost, aucGap, type Claim, defineClaim } from './define';
import { type FigureReader, MissingData } from './reader';
import { estimate, minus } from './verdict';

/** 95% point of the chi-square distribution with 9 degrees of freedom (10 classes). */
const CHI2_9_95 = 16.92;

/** Layer-2 minus layer-1 redundant share of the pairs' joint information, paired by network. */
const redundancyGap = (r: FigureReader, activation: 'sigmoid' | 'relu') =>
  minus(
    r.extra('fig13', `redShare-${activation}-layer2`),
    r.extra('fig13', `redShare-${activation}-layer1`),
  );

/** The magnitude and activation criteria of Fig. 14 that H5 holds low MI first against. */
const LIBRARY_CRITERIA = ['l1-in', 'l2-in', 'l2-out', 'mean', 'apoz'] as const;
const H5_TOLERANCE = 0.5;

/**
 * AUC[0,50](low MI) - AUC[0,50](the best library criterion) on one layer-1 panel of Fig. 14, paired
 * by net; the best criterion is the one of highest net-averaged AUC.
 */
function miAgainstBest(r: FigureReader, panel: 'a' | 'b') {
  const best = LIBRARY_CRITERIA.map((key) => ({
    key,
    auc: r.auc('fig14', panel, key, 0, 50),
  })).sort((p, q) => q.auc.value - p.auc.value)[0];
  return { best: best.key, gap: minus(r.auc('fig14', panel, 'mi', 0, 50), best.auc) };
}

/** Fig. 15's fine-tuning budget in epochs (its run's setting); H6 and H7 need one epoch. */
function fullEpoch(r: FigureReader): void {
  const epochs = r.figure('fig15').meta.fineTuneEpochs ?? 0;
  if (epochs < 1) {
    throw new MissingData(
      `the rerun fine-tuned for ${epochs} epochs; H6 and H7 are about one epoch`,
    );
  }
}

/**
 * H6 as written: at every pruned total 0 < k <= RECOVERED_UP_TO, bias balancing's gain over zero is
 * at least half of what one epoch of fine-tuning from zero gains. One condition per k, linear in the
 * curves, so the value on the mean curves is the mean of the per-net values and value and SE come
 * from one statistic: d_k = (bb_k - zero_k) - HALF * (zeroFt_k - zero_k), in points, >= 0 exactly
 * where the share (bb_k - zero_k) / (zeroFt_k - zero_k) is >= HALF. The share is in the label.
 */
function halfOfFineTuning(r: FigureReader, panel: 'a' | 'b') {
  const [zero, bb, tuned] = (['zero', 'bb', 'zero-ft'] as const).map((key) =>
    r.curve('fig15', panel, key),
  );
  const margin = (row: (s: CurveSeries) => number[], i: number) =>
    row(bb)[i] - row(zero)[i] - HALF * (row(tuned)[i] - row(zero)[i]);
  const at = [...zero.x.keys()].filter((i) => zero.x[i] > 0 && zero.x[i] <= RECOVERED_UP_TO);
  if (at.length === 0)
    throw new MissingData(`Fig. 15 has no pruned total up to ${RECOVERED_UP_TO}`);
  return at.map((i) => ({
    k: zero.x[i],
    share: (bb.mean[i] - zero.mean[i]) / (tuned.mean[i] - zero.mean[i]),
    margin: estimate(
      margin((s) => s.mean, i),
      zero.perSeed.map((_, seed) => margin((s) => s.perSeed[seed], i)),
    ),
  }));
}
const HALF = 0.5;

/**
 * The largest |bb-ft - zero-ft| over the pruned totals k > 0 of one Fig. 15 panel; per net, the
 * signed difference at that k, linearised as verdict.ts does for |d|.
 */
function startsApart(r: FigureReader, panel: 'a' | 'b') {
  const zero = r.curve('fig15', panel, 'zero-ft');
  const bb = r.curve('fig15', panel, 'bb-ft');
  let worst = -1;
  for (const [i, k] of zero.x.entries()) {
    if (
      k > 0 &&
      (worst < 0 ||
        Math.abs(bb.mean[i] - zero.mean[i]) > Math.abs(bb.mean[worst] - zero.mean[worst]))
    ) {
      worst = i;
    }
  }
  const d = bb.mean[worst] - zero.mean[worst];
  return estimate(
    Math.abs(d),
    zero.perSeed.map((row, seed) => Math.sign(d) * (bb.perSeed[seed][worst] - row[worst])),
  );
}

export const HYPOTHESES: Claim[] = [
  defineClaim(
    {
      id: 'H1',
      figures: ['fig11'],
      statement:
        'The classes that neurons are most specific about are spread unevenly: some digits have many neurons speaking for them, others few.',
      test: `Fig. 11c: per network and layer, Pearson's chi-square of the neurons per arg-max class against an even spread; the mean over networks >= ${CHI2_9_95} (the 95% point for 9 degrees of freedom) in layer 1 and in layer 2. Neurons are not independent draws, so this is a yardstick, not a significance test.`,
      strength: 'strong',
    },
    (r) => [
      atLeast('chi2.layer1', 'layer 1: chi-square', r.extra('fig11', 'chi2-layer1'), CHI2_9_95, ''),
      atLeast('chi2.layer2', 'layer 2: chi-square', r.extra('fig11', 'chi2-layer2'), CHI2_9_95, ''),
    ],
  ),
  defineClaim(
    {
      id: 'H2',
      figures: ['fig11'],
      statement:
        'Pruning layer 2 in the class-covering order keeps the worst-served class better than pruning lowest KL selectivity first.',
      test: 'Fig. 11e: AUC[0,50](class-covering) - AUC[0,50](low KL selectivity) >= 0.5 pts of worst-class accuracy.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'worstClass.aucGap',
        'worst class: AUC[0,50] class-covering - low KLsel',
        aucGap(r, 'fig11', 'e', 'class-covering', 'klsel', 0, 50),
        0.5,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'H3',
      figures: ['fig12'],
      statement:
        'In layer 2, where the paper suspects redundant neurons, ablating in the redundancy-aware (CMIM) order costs less accuracy than lowest MI first.',
      test: 'Fig. 12c and 12d: AUC[0,50](CMIM) - AUC[0,50](low MI) > 0 for sigmoid and for ReLU networks.',
      strength: 'strong',
    },
    (r) => [
      above(
        'sigmoid.aucGap',
        'sigmoid layer 2: AUC[0,50] CMIM - low MI',
        aucGap(r, 'fig12', 'c', 'cmim', 'mi', 0, 50),
        0,
      ),
      above(
        'relu.aucGap',
        'ReLU layer 2: AUC[0,50] CMIM - low MI',
        aucGap(r, 'fig12', 'd', 'cmim', 'mi', 0, 50),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'H4',
      figures: ['fig13'],
      statement:
        'Pairs of layer-2 neurons carry more redundant information, relative to what they say about the class together, than pairs of layer-1 neurons (the paper’s explanation of why deeper layers tolerate ablation).',
      test: 'Fig. 13 extras: per network, redundant share = sum of I_min redundancy / sum of I(T_i,T_j;Y) over all 4,950 pairs of a layer; layer 2 - layer 1 > 0 for sigmoid and for ReLU networks.',
      strength: 'strong',
    },
    (r) => [
      above(
        'sigmoid.redGap',
        'sigmoid: redundant share L2 - L1',
        redundancyGap(r, 'sigmoid'),
        0,
        '',
      ),
      above('relu.redGap', 'ReLU: redundant share L2 - L1', redundancyGap(r, 'relu'), 0, ''),
    ],
  ),
  defineClaim(
    {
      id: 'H5',
      figures: ['fig14'],
      statement:
        'In layer 1, ablating lowest mutual information first costs no more accuracy than the best of the weight-magnitude and activation criteria that pruning libraries ship.',
      test: `Fig. 14a and 14b: AUC[0,50](low MI) - AUC[0,50](best of incoming L1, incoming L2, outgoing L2, mean activation, APoZ; best = highest net-averaged AUC) >= -${H5_TOLERANCE} pts, for sigmoid and for ReLU networks.`,
      strength: 'strong',
    },
    (r) => {
      const sigmoid = miAgainstBest(r, 'a');
      const relu = miAgainstBest(r, 'b');
      return [
        atLeast(
          'sigmoid.aucGap',
          `sigmoid layer 1: AUC[0,50] low MI - ${sigmoid.best}`,
          sigmoid.gap,
          -H5_TOLERANCE,
        ),
        atLeast(
          'relu.aucGap',
          `ReLU layer 1: AUC[0,50] low MI - ${relu.best}`,
          relu.gap,
          -H5_TOLERANCE,
        ),
      ];
    },
  ),
  defineClaim(
    {
      id: 'H6',
      figures: ['fig15'],
      statement:
        'In sigmoid networks, bias balancing recovers at least half of the accuracy that one epoch of fine-tuning recovers, up to 75 pruned neurons.',
      test: `Fig. 15a and 15b: at every pruned total k = 15..${RECOVERED_UP_TO}, (bias balancing - zero) - ${HALF} x (zero then one epoch of fine-tuning - zero) >= 0 pts, i.e. bias balancing gains at least half of what fine-tuning gains; one condition per k, each with its per-network SE; for the hybrid schedule and for layer 1 alone.`,
      strength: 'strong',
    },
    (r) => {
      fullEpoch(r);
      return (['a', 'b'] as const).flatMap((panel) =>
        halfOfFineTuning(r, panel).map(({ k, share, margin }) =>
          atLeast(
            `${panel === 'a' ? 'hybrid' : 'layer1'}.halfGain.k${k}`,
            `${panel === 'a' ? 'hybrid' : 'layer 1'}, k = ${k} (share ${share.toFixed(2)}): bb gain - half the fine-tuning gain`,
            margin,
            0,
          ),
        ),
      );
    },
  ),
  defineClaim(
    {
      id: 'H7',
      figures: ['fig15'],
      statement:
        'After one epoch of fine-tuning it no longer matters whether the pruned network started from bias balancing or from zero.',
      test: 'Fig. 15a and 15b: the largest |bias balancing then fine-tuning - zero then fine-tuning| over k = 15..90 <= 0.5 pts, for the hybrid schedule and for layer 1 alone.',
      strength: 'strong',
    },
    (r) => {
      fullEpoch(r);
      return [
        atMost('hybrid.apart', 'hybrid: largest |bb-ft - zero-ft|', startsApart(r, 'a'), 0.5),
        atMost('layer1.apart', 'layer 1: largest |bb-ft - zero-ft|', startsApart(r, 'b'), 0.5),
      ];
    },
  ),
];
