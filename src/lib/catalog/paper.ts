/**
 * The paper's ten figures (its Sections 4-6), as the catalog describes them.
 */
import {
  ACC,
  activationLayerPanels,
  biasSeries,
  type FigureSpec,
  layerCurves,
  measureDistributions,
  measureSeries,
  pruningSeries,
} from './parts';

export const PAPER_FIGURES = [
  {
    id: 'fig1',
    number: 1,
    title: 'Bias balancing against ablation to zero (sigmoid)',
    activation: 'sigmoid',
    activationOption: true,
    panels: [
      layerCurves('a', 1, '(a) layer 1', biasSeries),
      layerCurves('b', 2, '(b) layer 2', biasSeries),
    ],
    extras: [],
    caption:
      'Test accuracy while neurons of one hidden layer are cumulatively ablated, in random order or lowest mutual information first, either set to zero or replaced by their mean output (bias balancing).',
  },
  {
    id: 'fig2',
    number: 2,
    title: 'Importance measures per layer (sigmoid, one bit)',
    activation: 'sigmoid',
    activationOption: true,
    panels: measureDistributions(['a', 'b', 'c']),
    extras: [],
    caption:
      'Distribution of one-bit entropy, mutual information with the class and KL selectivity over the neurons of each hidden layer, pooled over all networks.',
  },
  {
    id: 'fig3',
    number: 3,
    title: 'Whole-network ablation by importance (sigmoid, bias balancing)',
    activation: 'sigmoid',
    activationOption: true,
    panels: [
      {
        id: 'a',
        title: 'both hidden layers ranked jointly',
        kind: 'curves',
        layer: 'whole',
        xLabel: 'Neurons ablated (of 200)',
        yLabel: ACC,
        series: [
          { key: 'entropy', label: 'low entropy H(T) first' },
          { key: 'mi', label: 'low mutual information I(T;Y) first' },
          { key: 'klsel', label: 'low KL selectivity first' },
          { key: 'random', label: 'random' },
        ],
      },
    ],
    extras: ['layer1ShareLowestMI'],
    caption:
      'All 200 hidden neurons ranked together by each measure and ablated lowest first with bias balancing, against a random order.',
  },
  {
    id: 'fig4',
    number: 4,
    title: 'Layer-wise ablation by importance (sigmoid, bias balancing)',
    activation: 'sigmoid',
    activationOption: true,
    panels: [
      layerCurves('a', 1, '(a) layer 1, lowest first', measureSeries),
      layerCurves('b', 2, '(b) layer 2, lowest first', measureSeries),
      layerCurves('c', 1, '(c) layer 1, highest first', measureSeries),
      layerCurves('d', 2, '(d) layer 2, highest first', measureSeries),
    ],
    extras: [],
    caption:
      'Neurons of one layer ablated in order of entropy, mutual information or KL selectivity, lowest first (a, b) or highest first (c, d), with bias balancing; random order for reference.',
  },
  {
    id: 'fig5',
    number: 5,
    title: 'Hybrid pruning against data-free merging (sigmoid)',
    activation: 'sigmoid',
    activationOption: true,
    panels: [
      {
        id: 'a',
        title: 'layer 1 : layer 2 = 1 : 2',
        kind: 'curves',
        xLabel: 'Neurons pruned in total',
        yLabel: ACC,
        series: [
          { key: 'hybrid-bb', label: 'hybrid (MI, KL sel.), bias balancing' },
          { key: 'hybrid-zero', label: 'hybrid, ablate to zero' },
          { key: 'mi-bb', label: 'MI only, bias balancing' },
          { key: 'mi-zero', label: 'MI only, ablate to zero' },
          { key: 'merge-surgery', label: '[22] with surgery' },
          { key: 'merge-no-surgery', label: '[22] without surgery' },
        ],
      },
    ],
    extras: [],
    caption:
      'Pruning one layer-1 neuron for every two layer-2 neurons: lowest MI in layer 1 and lowest KL selectivity in layer 2 (hybrid), MI in both layers, or the data-free merging of [22].',
  },
  {
    id: 'fig6',
    number: 6,
    title: 'Quantization resolution (sigmoid, layer 1, bias balancing)',
    activation: 'sigmoid',
    activationOption: true,
    panels: [
      layerCurves('a', 1, 'low MI first, MI estimated with B bins', [
        { key: 'bins-2', label: 'B = 2' },
        { key: 'bins-4', label: 'B = 4' },
        { key: 'bins-8', label: 'B = 8' },
        { key: 'bins-20', label: 'B = 20' },
      ]),
    ],
    extras: ['spearman-4', 'spearman-8', 'spearman-20'],
    caption:
      'Layer-1 neurons ablated lowest mutual information first, with the mutual information estimated after quantizing outputs into B uniform bins.',
  },
  {
    id: 'fig7',
    number: 7,
    title: 'Output histograms of single neurons (sigmoid)',
    activation: 'sigmoid',
    activationOption: true,
    panels: [
      { id: 'a-h', title: '(a)-(h) layer 1', kind: 'histograms', series: [] },
      { id: 'i-p', title: '(i)-(p) layer 2', kind: 'histograms', series: [] },
    ],
    extras: ['entropy20-layer1', 'entropy20-layer2', 'saturation-layer1', 'saturation-layer2'],
    caption:
      'Twenty-bin histograms of the outputs of eight randomly drawn neurons per layer of one network on the validation set, labelled layer-neuron.',
  },
  {
    id: 'fig8',
    number: 8,
    title: 'Importance measures and output histograms (ReLU)',
    activation: 'relu',
    activationOption: false,
    panels: [
      ...measureDistributions(['a', 'b', 'c']),
      { id: 'd-k', title: '(d)-(k) layer 1', kind: 'histograms', series: [] },
      { id: 'l-s', title: '(l)-(s) layer 2', kind: 'histograms', series: [] },
    ],
    extras: ['entropy20-layer1', 'entropy20-layer2'],
    caption:
      'For ReLU networks: distributions of the one-bit measures per layer (a-c) and twenty-bin output histograms of eight neurons per layer of one network (d-s).',
  },
  {
    id: 'fig9',
    number: 9,
    title: 'Bias balancing against ablation to zero (ReLU)',
    activation: 'relu',
    activationOption: true,
    panels: [
      layerCurves('a', 1, '(a) layer 1', biasSeries),
      layerCurves('b', 2, '(b) layer 2', biasSeries),
    ],
    extras: [],
    caption: 'As Figure 1, for ReLU networks.',
  },
  {
    id: 'fig10',
    number: 10,
    title: 'Layer-wise pruning by importance against data-free merging',
    activation: 'both',
    activationOption: false,
    panels: activationLayerPanels(pruningSeries),
    extras: [],
    caption:
      'One layer pruned lowest first by each measure (sigmoid with bias balancing, ReLU ablated to zero) against the greedy merging of [22] with and without surgery.',
  },
] as const satisfies readonly FigureSpec[];
