/**
 * The paper's claims C1-C14 about Figs. 1-4 (docs/method.md §7): bias balancing, the measures per
 * layer, whole-network and layer-wise ablation of sigmoid networks. Statements in our own words.
 */
import {
  above,
  atLeast,
  atMost,
  aucGap,
  below,
  type Claim,
  defineClaim,
  layerGap,
  MEASURE_PANELS,
  positiveShare,
} from './define';
import { absolute, minus } from './verdict';

export const ABLATION_CLAIMS: Claim[] = [
  defineClaim(
    {
      id: 'C1',
      figures: ['fig1'],
      statement:
        'In layer 1 of sigmoid networks, replacing ablated neurons by their mean output (bias balancing) keeps accuracy much higher than setting them to zero.',
      test: 'Fig. 1a: AUC[0,100](BB) - AUC[0,100](zero) >= 3 pts for random and for low-MI order; Abar_BB(50) - Abar_zero(50) >= 5 pts for random order.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'random.aucGap',
        'random: AUC[0,100] BB - zero',
        aucGap(r, 'fig1', 'a', 'random-bb', 'random-zero', 0, 100),
        3,
      ),
      atLeast(
        'lowMi.aucGap',
        'low MI: AUC[0,100] BB - zero',
        aucGap(r, 'fig1', 'a', 'low-mi-bb', 'low-mi-zero', 0, 100),
        3,
      ),
      atLeast(
        'random.gapAt50',
        'random: Abar(50) BB - zero',
        minus(r.abar('fig1', 'a', 'random-bb', 50), r.abar('fig1', 'a', 'random-zero', 50)),
        5,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C2',
      figures: ['fig1'],
      statement:
        'In layer 2 of sigmoid networks, bias balancing also improves accuracy over ablation to zero.',
      test: 'Fig. 1b: AUC[0,50](BB) - AUC[0,50](zero) >= 1 pt for random and for low-MI order.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'random.aucGap',
        'random: AUC[0,50] BB - zero',
        aucGap(r, 'fig1', 'b', 'random-bb', 'random-zero', 0, 50),
        1,
      ),
      atLeast(
        'lowMi.aucGap',
        'low MI: AUC[0,50] BB - zero',
        aucGap(r, 'fig1', 'b', 'low-mi-bb', 'low-mi-zero', 0, 50),
        1,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C3',
      figures: ['fig2'],
      statement:
        'In sigmoid networks, layer-2 neurons have larger entropy, mutual information and KL selectivity than layer-1 neurons, mutual information most of all.',
      test: 'Fig. 2: pooled median (layer 2 - layer 1) >= 0.10 bit for MI, >= 0.05 bit for KLsel and for H; and the per-net median difference is positive in >= 80% of nets, for each measure.',
      strength: 'strong',
    },
    (r) => {
      const thresholds = { entropy: 0.05, mi: 0.1, klsel: 0.05 };
      return MEASURE_PANELS.flatMap(([measure, panel, name]) => {
        const gap = layerGap(r, 'fig2', panel, measure);
        return [
          atLeast(
            `${measure}.medianGap`,
            `${name} median L2 - L1`,
            gap,
            thresholds[measure],
            'bits',
          ),
          atLeast(
            `${measure}.positiveShare`,
            `${name} share of nets with L2 > L1`,
            positiveShare(gap),
            0.8,
            '',
          ),
        ];
      });
    },
  ),
  defineClaim(
    {
      id: 'C4',
      figures: ['fig3'],
      statement:
        'Ablating the lowest-MI neurons of the whole network first hurts accuracy more than ablating neurons at random.',
      test: 'Fig. 3: AUC[0,100](low-MI) - AUC[0,100](random) <= -3 pts.',
      strength: 'strong',
    },
    (r) => [
      atMost(
        'mi.aucGap',
        'AUC[0,100] low MI - random',
        aucGap(r, 'fig3', 'a', 'mi', 'random', 0, 100),
        -3,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C5',
      figures: ['fig3'],
      statement:
        'Whole-network ablation of the lowest-KL-selectivity neurons first is also worse than random, but less so than for mutual information.',
      test: "Fig. 3: AUC[0,100](low-KLsel) - AUC(random) < 0, and AUC(low-KLsel) - AUC(low-MI) > 0 (its gap to random is smaller than low-MI's).",
      strength: 'hedged',
    },
    (r) => [
      below(
        'klsel.aucGap',
        'AUC[0,100] low KLsel - random',
        aucGap(r, 'fig3', 'a', 'klsel', 'random', 0, 100),
        0,
      ),
      above(
        'klselVsMi',
        'AUC[0,100] low KLsel - low MI',
        aucGap(r, 'fig3', 'a', 'klsel', 'mi', 0, 100),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C6',
      figures: ['fig3'],
      statement:
        'Whole-network low-MI ablation fails because the lowest-MI neurons of the network are mostly in layer 1.',
      test: 'Fig. 3 extra layer1ShareLowestMI: share of layer-1 neurons among the 100 lowest-MI neurons (of 200), mean over nets >= 0.7.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'layer1Share',
        'layer-1 share of the 100 lowest-MI neurons',
        r.extra('fig3', 'layer1ShareLowestMI'),
        0.7,
        '',
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C7',
      figures: ['fig4'],
      statement:
        'In layer 1, ablating low-MI or low-KL-selectivity neurons first preserves accuracy better than ablating at random.',
      test: 'Fig. 4a: AUC[0,100](low-MI) - AUC(random) >= 1 pt; AUC(low-KLsel) - AUC(random) > 0.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'mi.aucGap',
        'AUC[0,100] low MI - random',
        aucGap(r, 'fig4', 'a', 'mi', 'random', 0, 100),
        1,
      ),
      above(
        'klsel.aucGap',
        'AUC[0,100] low KLsel - random',
        aucGap(r, 'fig4', 'a', 'klsel', 'random', 0, 100),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C8',
      figures: ['fig4'],
      statement:
        'In layer 1, ablating high-MI or high-KL-selectivity neurons first hurts accuracy more than ablating at random.',
      test: 'Fig. 4c: AUC[0,100](high-MI) - AUC(random) <= -2 pts; AUC(high-KLsel) - AUC(random) <= -2 pts.',
      strength: 'strong',
    },
    (r) => [
      atMost(
        'mi.aucGap',
        'AUC[0,100] high MI - random',
        aucGap(r, 'fig4', 'c', 'mi', 'random', 0, 100),
        -2,
      ),
      atMost(
        'klsel.aucGap',
        'AUC[0,100] high KLsel - random',
        aucGap(r, 'fig4', 'c', 'klsel', 'random', 0, 100),
        -2,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C9',
      figures: ['fig4'],
      statement:
        'Ablating neurons of layer 1 hurts accuracy more than ablating neurons of layer 2.',
      test: 'Fig. 4a/b, random order with BB: Abar_L2(50) - Abar_L1(50) >= 3 pts.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'random.layerGapAt50',
        'random: Abar(50) L2 - L1',
        minus(r.abar('fig4', 'b', 'random', 50), r.abar('fig4', 'a', 'random', 50)),
        3,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C10',
      figures: ['fig4'],
      statement:
        'Up to half of the layer-2 neurons can be ablated with negligible loss of accuracy.',
      test: 'Fig. 4b: Abar(0) - Abar(50) <= 3 pts and Abar(0) - Abar(25) <= 1 pt, for random, low-MI and low-KLsel order.',
      strength: 'strong',
    },
    (r) =>
      (
        [
          ['random', 'random'],
          ['mi', 'low MI'],
          ['klsel', 'low KLsel'],
        ] as const
      ).flatMap(([key, name]) => {
        const at0 = r.abar('fig4', 'b', key, 0);
        return [
          atMost(
            `${key}.dropAt50`,
            `${name}: Abar(0) - Abar(50)`,
            minus(at0, r.abar('fig4', 'b', key, 50)),
            3,
          ),
          atMost(
            `${key}.dropAt25`,
            `${name}: Abar(0) - Abar(25)`,
            minus(at0, r.abar('fig4', 'b', key, 25)),
            1,
          ),
        ];
      }),
  ),
  defineClaim(
    {
      id: 'C11',
      figures: ['fig4'],
      statement:
        'In layer 2, ablating the highest-MI neurons first is the worst order, worse than random.',
      test: 'Fig. 4d: AUC[0,100](high-MI) - AUC(random) <= -1 pt, and AUC(high-MI) <= AUC(high-H) and <= AUC(high-KLsel).',
      strength: 'hedged',
    },
    (r) => [
      atMost(
        'mi.aucGap',
        'AUC[0,100] high MI - random',
        aucGap(r, 'fig4', 'd', 'mi', 'random', 0, 100),
        -1,
      ),
      atMost(
        'miVsEntropy',
        'AUC[0,100] high MI - high H',
        aucGap(r, 'fig4', 'd', 'mi', 'entropy', 0, 100),
        0,
      ),
      atMost(
        'miVsKlsel',
        'AUC[0,100] high MI - high KLsel',
        aucGap(r, 'fig4', 'd', 'mi', 'klsel', 0, 100),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C12',
      figures: ['fig4'],
      statement: 'In layer 2, ablating the lowest-KL-selectivity neurons first is the best order.',
      test: 'Fig. 4b: AUC[0,100](low-KLsel) - AUC(x) >= -0.5 pt for x = low-MI, low-H and random.',
      strength: 'hedged',
    },
    (r) =>
      (
        [
          ['mi', 'low MI'],
          ['entropy', 'low H'],
          ['random', 'random'],
        ] as const
      ).map(([key, name]) =>
        atLeast(
          `klselVs.${key}`,
          `AUC[0,100] low KLsel - ${name}`,
          aucGap(r, 'fig4', 'b', 'klsel', key, 0, 100),
          -0.5,
        ),
      ),
  ),
  defineClaim(
    {
      id: 'C13',
      figures: ['fig4'],
      statement:
        "In layer 1, entropy is about unrelated to a neuron's importance: ordering by it does about as well as random, unlike mutual information.",
      test: 'Fig. 4a (low first) and 4c (high first): |AUC[0,100](H) - AUC(random)| - |AUC(MI) - AUC(random)| < 0 in each panel.',
      strength: 'hedged',
    },
    (r) =>
      (
        [
          ['a', 'low first'],
          ['c', 'high first'],
        ] as const
      ).map(([panel, name]) =>
        below(
          `${panel}.entropyVsMi`,
          `${name}: |AUC H - random| - |AUC MI - random|`,
          minus(
            absolute(aucGap(r, 'fig4', panel, 'entropy', 'random', 0, 100)),
            absolute(aucGap(r, 'fig4', panel, 'mi', 'random', 0, 100)),
          ),
          0,
        ),
      ),
  ),
  defineClaim(
    {
      id: 'C14',
      figures: ['fig4'],
      statement:
        'In layer 2, ablating high-entropy neurons first is slightly better than low-entropy first, a small effect.',
      test: 'Fig. 4d vs 4b: AUC[0,100](high-H) - AUC(low-H) >= -0.5 pt, and |AUC(high-H) - AUC(low-H)| <= 3 pts.',
      strength: 'hedged',
    },
    (r) => {
      const d = minus(r.auc('fig4', 'd', 'entropy', 0, 100), r.auc('fig4', 'b', 'entropy', 0, 100));
      return [
        atLeast('entropy.highMinusLow', 'AUC[0,100] high H - low H', d, -0.5),
        atMost('entropy.absDifference', '|AUC high H - low H|', absolute(d), 3),
      ];
    },
  ),
];
