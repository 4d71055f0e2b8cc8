/**
 * Our hypotheses H1-H4 about the paper's Section 7 examples (docs/method.md §9, docs/claims.md).
 * The paper asserts none of them with data: they are ours, written and evaluated exactly like the
 * claims (same reader, same noise rule, same verdicts), but kept in their own list and never
 * counted with C1-C27. A verdict reads "holds" or "does not hold" on the page.
 */
import { above, atLeast, aucGap, type Claim, defineClaim } from './define';
import type { FigureReader } from './reader';
import { minus } from './verdict';

/** 95% point of the chi-square distribution with 9 degrees of freedom (10 classes). */
const CHI2_9_95 = 16.92;

/** Layer-2 minus layer-1 redundant share of the pairs' joint information, paired by network. */
const redundancyGap = (r: FigureReader, activation: 'sigmoid' | 'relu') =>
  minus(
    r.extra('fig13', `redShare-${activation}-layer2`),
    r.extra('fig13', `redShare-${activation}-layer1`),
  );

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
];
