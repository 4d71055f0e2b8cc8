/**
 * The paper's claims C15-C27 about Figs. 5-10 (docs/method.md §7): hybrid pruning against [22],
 * quantiser resolution, output histograms, ReLU networks and layer-wise pruning against merging.
 * Statements in our own words.
 */
import { above, atLeast, atMost, aucGap, below, type Claim, defineClaim, layerGap } from './define';
import { absolute, combine, minus } from './verdict';

export const PRUNING_CLAIMS: Claim[] = [
  defineClaim(
    {
      id: 'C15',
      figures: ['fig5'],
      statement:
        'In the 1:2 pruning scheme, bias balancing recovers a significant part of the accuracy lost to pruning.',
      test: 'Fig. 5: AUC_tot[0,150](hybrid, BB) - AUC_tot(hybrid, zero) >= 5 pts; the same for MI-only >= 3 pts.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'hybrid.aucGap',
        'hybrid: AUC_tot[0,150] BB - zero',
        aucGap(r, 'fig5', 'a', 'hybrid-bb', 'hybrid-zero', 0, 150),
        5,
      ),
      atLeast(
        'mi.aucGap',
        'MI only: AUC_tot[0,150] BB - zero',
        aucGap(r, 'fig5', 'a', 'mi-bb', 'mi-zero', 0, 150),
        3,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C16',
      figures: ['fig5'],
      statement:
        'Pruning layer 1 by MI and layer 2 by KL selectivity is at least as good as pruning both by MI, by a small margin.',
      test: 'Fig. 5: AUC_tot[0,75](hybrid, BB) - AUC_tot[0,75](MI-only, BB) >= -1 pt.',
      strength: 'hedged',
    },
    (r) => [
      atLeast(
        'hybridVsMi',
        'AUC_tot[0,75] hybrid - MI only (BB)',
        aucGap(r, 'fig5', 'a', 'hybrid-bb', 'mi-bb', 0, 75),
        -1,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C17',
      figures: ['fig5'],
      statement:
        'The hybrid scheme with bias balancing performs about as well as the data-free merging of [22] with surgery.',
      test: 'Fig. 5: |AUC_tot[0,75](hybrid, BB) - AUC_tot[0,75]([22] + surgery)| <= 2 pts.',
      strength: 'hedged',
    },
    (r) => [
      atMost(
        'hybridVsMerge.abs',
        '|AUC_tot[0,75] hybrid BB - [22] surgery|',
        absolute(aucGap(r, 'fig5', 'a', 'hybrid-bb', 'merge-surgery', 0, 75)),
        2,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C18',
      figures: ['fig6'],
      statement:
        'The quantizer resolution used to estimate MI changes layer-1 ablation only mildly, because the rankings stay strongly correlated.',
      test: 'Fig. 6: for B = 4, 8, 20: |AUC[0,100](B bins) - AUC(2 bins)| <= 3 pts, and the Spearman correlation of MI_B with MI_2 over layer-1 neurons, mean over nets, >= 0.7.',
      strength: 'strong',
    },
    (r) =>
      ([4, 8, 20] as const).flatMap((b) => [
        atMost(
          `bins${b}.absAucGap`,
          `|AUC[0,100] B=${b} - B=2|`,
          absolute(aucGap(r, 'fig6', 'a', `bins-${b}`, 'bins-2', 0, 100)),
          3,
        ),
        atLeast(
          `bins${b}.spearman`,
          `Spearman(MI_${b}, MI_2)`,
          r.extra('fig6', `spearman-${b}`),
          0.7,
          '',
        ),
      ]),
  ),
  defineClaim(
    {
      id: 'C19',
      figures: ['fig7'],
      statement:
        'In sigmoid networks, layer-1 outputs are more saturated and more skewed (lower entropy) than layer-2 outputs.',
      test: 'Fig. 7 extras, per net: share of outputs in [0,0.05) or [0.95,1], L1 - L2 >= 0.1; 20-bin entropy, L2 - L1 > 0.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'saturationGap',
        'saturated share L1 - L2',
        minus(r.extra('fig7', 'saturation-layer1'), r.extra('fig7', 'saturation-layer2')),
        0.1,
        '',
      ),
      above(
        'entropy20Gap',
        '20-bin entropy L2 - L1',
        minus(r.extra('fig7', 'entropy20-layer2'), r.extra('fig7', 'entropy20-layer1')),
        0,
        'bits',
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C20',
      figures: ['fig8', 'fig2'],
      statement:
        'In ReLU networks the layer difference of the measures is smaller than for sigmoid, and entropy does not increase from layer 1 to layer 2.',
      test: 'Figs. 8a-b vs 2a-b, pooled medians: ReLU H gap (L2 - L1) - 0.5 x sigmoid H gap < 0, ReLU H gap < 0.1 bit; ReLU MI gap - sigmoid MI gap < 0 (the MI part is hedged). ReLU and sigmoid nets are unpaired.',
      strength: 'strong',
    },
    (r) => {
      const reluH = layerGap(r, 'fig8', 'a', 'entropy');
      const sigmoidH = layerGap(r, 'fig2', 'a', 'entropy');
      const reluMi = layerGap(r, 'fig8', 'b', 'mi');
      const sigmoidMi = layerGap(r, 'fig2', 'b', 'mi');
      return [
        below(
          'entropy.vsHalfSigmoid',
          'ReLU H gap - 0.5 x sigmoid H gap',
          combine(
            [
              [1, reluH],
              [-0.5, sigmoidH],
            ],
            0,
            false,
          ),
          0,
          'bits',
        ),
        below('entropy.reluGap', 'ReLU H gap L2 - L1', reluH, 0.1, 'bits'),
        below(
          'mi.vsSigmoid',
          'ReLU MI gap - sigmoid MI gap',
          minus(reluMi, sigmoidMi, false),
          0,
          'bits',
        ),
      ];
    },
  ),
  defineClaim(
    {
      id: 'C21',
      figures: ['fig9'],
      statement:
        'In layer 2 of ReLU networks, bias balancing is clearly worse than ablating to zero.',
      test: 'Fig. 9b: AUC[0,100](zero) - AUC(BB) >= 1 pt for random and for low-MI order.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'random.aucGap',
        'random: AUC[0,100] zero - BB',
        aucGap(r, 'fig9', 'b', 'random-zero', 'random-bb', 0, 100),
        1,
      ),
      atLeast(
        'lowMi.aucGap',
        'low MI: AUC[0,100] zero - BB',
        aucGap(r, 'fig9', 'b', 'low-mi-zero', 'low-mi-bb', 0, 100),
        1,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C22',
      figures: ['fig9'],
      statement:
        'In ReLU networks, the difference between bias balancing and ablation to zero is weak in layer 1 compared with layer 2.',
      test: 'Fig. 9a vs 9b, random order: |AUC[0,100](zero) - AUC(BB)| in L1 minus the same in L2 < 0.',
      strength: 'hedged',
    },
    (r) => [
      below(
        'random.absGapL1MinusL2',
        'random: |zero - BB| L1 - |zero - BB| L2',
        minus(
          absolute(aucGap(r, 'fig9', 'a', 'random-zero', 'random-bb', 0, 100)),
          absolute(aucGap(r, 'fig9', 'b', 'random-zero', 'random-bb', 0, 100)),
        ),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C23',
      figures: ['fig10'],
      statement:
        'For sigmoid networks, the merging of [22] works better with its weight-update surgery than without.',
      test: 'Fig. 10a and 10c: AUC[0,99]([22] + surgery) - AUC([22] no surgery) >= 2 pts in each.',
      strength: 'strong',
    },
    (r) =>
      (
        [
          ['a', 'L1'],
          ['c', 'L2'],
        ] as const
      ).map(([panel, name]) =>
        atLeast(
          `${panel}.surgeryGap`,
          `sigmoid ${name}: AUC[0,99] surgery - no surgery`,
          aucGap(r, 'fig10', panel, 'merge-surgery', 'merge-no-surgery', 0, 99),
          2,
        ),
      ),
  ),
  defineClaim(
    {
      id: 'C24',
      figures: ['fig10'],
      statement:
        'For ReLU networks the benefit of surgery in [22] seems reversed: merging without surgery does at least as well.',
      test: 'Fig. 10b and 10d: AUC[0,99]([22] no surgery) - AUC([22] + surgery) >= -0.5 pt in each.',
      strength: 'hedged',
    },
    (r) =>
      (
        [
          ['b', 'L1'],
          ['d', 'L2'],
        ] as const
      ).map(([panel, name]) =>
        atLeast(
          `${panel}.noSurgeryGap`,
          `ReLU ${name}: AUC[0,99] no surgery - surgery`,
          aucGap(r, 'fig10', panel, 'merge-no-surgery', 'merge-surgery', 0, 99),
          -0.5,
        ),
      ),
  ),
  defineClaim(
    {
      id: 'C25',
      figures: ['fig10'],
      statement:
        'For sigmoid networks, pruning by low MI in layer 1 and by low KL selectivity in layer 2 is competitive with [22] with surgery.',
      test: 'Fig. 10a: AUC[0,50](low-MI) - AUC([22] + surgery) >= -2 pts; Fig. 10c: AUC[0,50](low-KLsel) - AUC([22] + surgery) >= -2 pts.',
      strength: 'hedged',
    },
    (r) => [
      atLeast(
        'a.miVsMerge',
        'sigmoid L1: AUC[0,50] low MI - [22] surgery',
        aucGap(r, 'fig10', 'a', 'mi', 'merge-surgery', 0, 50),
        -2,
      ),
      atLeast(
        'c.klselVsMerge',
        'sigmoid L2: AUC[0,50] low KLsel - [22] surgery',
        aucGap(r, 'fig10', 'c', 'klsel', 'merge-surgery', 0, 50),
        -2,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C26',
      figures: ['fig10'],
      statement: 'For layer 1 of ReLU networks, all pruning methods perform about the same.',
      test: 'Fig. 10b: max - min of AUC[0,50] over low-MI, low-KLsel (ablate to zero), [22] with and without surgery <= 5 pts (per net: the same two series).',
      strength: 'hedged',
    },
    (r) => {
      const keys = ['mi', 'klsel', 'merge-surgery', 'merge-no-surgery'] as const;
      const aucs = keys.map((k) => r.auc('fig10', 'b', k, 0, 50));
      const order = aucs.map((_, i) => i).sort((i, j) => aucs[i].value - aucs[j].value);
      const lo = order[0];
      const hi = order[order.length - 1];
      return [
        atMost(
          'spread',
          `AUC[0,50] max - min (${keys[hi]} - ${keys[lo]})`,
          minus(aucs[hi], aucs[lo]),
          5,
        ),
      ];
    },
  ),
  defineClaim(
    {
      id: 'C27',
      figures: ['fig10'],
      statement:
        'For layer 2 of ReLU networks, KL selectivity is not an adequate importance measure.',
      test: 'Fig. 10d: AUC[0,99](low-KLsel) - AUC(low-MI) < 0.',
      strength: 'hedged',
    },
    (r) => [
      below(
        'klselVsMi',
        'AUC[0,99] low KLsel - low MI',
        aucGap(r, 'fig10', 'd', 'klsel', 'mi', 0, 99),
        0,
      ),
    ],
  ),
];
