/**
 * The figures beyond the paper: Section 7's three examples (Figs. 11-13), the criteria pruning
 * libraries ship (Fig. 14) and fine-tuning against bias balancing (Fig. 15).
 */
import {
  ACC,
  activationLayerPanels,
  classCoveringSeries,
  criteriaSeries,
  DIGITS,
  type FigureSpec,
  layerCurves,
  pairShares,
  redundancySeries,
  retrainingSeries,
} from './parts';

export const BEYOND_FIGURES = [
  {
    id: 'fig11',
    number: 11,
    title: 'Specific information per class, and pruning that keeps every class covered',
    activation: 'sigmoid',
    activationOption: true,
    panels: [
      {
        id: 'a',
        title: '(a) layer 1 of network 0: S_c per neuron and class',
        kind: 'heatmap',
        xLabel: 'Class c',
        yLabel: 'Neurons, by arg-max class, then KL selectivity',
        series: [],
        columns: DIGITS,
        valueLabel: 'S_c (bits)',
      },
      {
        id: 'b',
        title: '(b) layer 2 of network 0: S_c per neuron and class',
        kind: 'heatmap',
        xLabel: 'Class c',
        yLabel: 'Neurons, by arg-max class, then KL selectivity',
        series: [],
        columns: DIGITS,
        valueLabel: 'S_c (bits)',
      },
      {
        id: 'c',
        title: '(c) neurons per arg-max class',
        kind: 'curves',
        xLabel: 'Class c (digit)',
        yLabel: 'Neurons whose largest S_c is class c',
        series: [
          { key: 'layer1', label: 'layer 1' },
          { key: 'layer2', label: 'layer 2' },
        ],
      },
      {
        ...layerCurves('d', 2, '(d) layer 2, test accuracy', classCoveringSeries),
      },
      {
        ...layerCurves('e', 2, '(e) layer 2, worst-class accuracy', classCoveringSeries),
        yLabel: 'Worst-class test accuracy (%)',
      },
    ],
    extras: ['chi2-layer1', 'chi2-layer2', 'covered-layer1', 'covered-layer2'],
    caption:
      'Specific information S_c = D(P(T|Y=c) || P(T)) of every hidden neuron (one bit) for each class, the classes the neurons favour most, and layer-2 pruning with bias balancing in an order that keeps each class its most specific neurons, against low KL selectivity and low MI first.',
  },
  {
    id: 'fig12',
    number: 12,
    title: 'Redundancy-aware ranking (CMIM) against mutual information',
    activation: 'both',
    activationOption: false,
    panels: activationLayerPanels(redundancySeries),
    extras: [],
    caption:
      'One layer ablated lowest first by the greedy CMIM order, which discounts what the neurons already kept say about the class, against lowest MI first and a random order; sigmoid with bias balancing, ReLU ablated to zero, as in Figure 10.',
  },
  {
    id: 'fig13',
    number: 13,
    title: 'Redundancy and synergy between pairs of neurons',
    activation: 'both',
    activationOption: false,
    panels: [
      pairShares('a', '(a) sigmoid: redundancy / I(T_i,T_j;Y)', 'red', 'Redundant share'),
      pairShares('b', '(b) ReLU: redundancy / I(T_i,T_j;Y)', 'red', 'Redundant share'),
      pairShares('c', '(c) sigmoid: synergy / I(T_i,T_j;Y)', 'syn', 'Synergistic share'),
      pairShares('d', '(d) ReLU: synergy / I(T_i,T_j;Y)', 'syn', 'Synergistic share'),
    ],
    extras: [
      'redShare-sigmoid-layer1',
      'redShare-sigmoid-layer2',
      'redShare-relu-layer1',
      'redShare-relu-layer2',
      'synShare-sigmoid-layer1',
      'synShare-sigmoid-layer2',
      'synShare-relu-layer1',
      'synShare-relu-layer2',
      'interaction-sigmoid-layer1',
      'interaction-sigmoid-layer2',
      'interaction-relu-layer1',
      'interaction-relu-layer2',
    ],
    caption:
      'The information two one-bit neurons carry jointly about the class, I(T_i,T_j;Y), split by the Williams-Beer decomposition into redundant, unique and synergistic parts; the shares of a sample of pairs per network, layer 1 against layer 2.',
  },
  {
    id: 'fig14',
    number: 14,
    title: 'Information measures against the criteria pruning libraries ship',
    activation: 'both',
    activationOption: false,
    panels: activationLayerPanels(criteriaSeries),
    extras: [],
    caption:
      'One layer ablated in the order of each criterion: the information measures, the weight norms, the activation statistics and first-order Taylor, against a random order; sigmoid with bias balancing, ReLU ablated to zero, as in Figure 10.',
  },
  {
    id: 'fig15',
    number: 15,
    title: 'Bias balancing against fine-tuning after pruning (sigmoid)',
    activation: 'sigmoid',
    activationOption: true,
    panels: [
      {
        id: 'a',
        title: '(a) hybrid schedule, layer 1 : layer 2 = 1 : 2',
        kind: 'curves',
        layer: 'whole',
        xLabel: 'Neurons pruned in total',
        yLabel: ACC,
        series: retrainingSeries,
      },
      {
        id: 'b',
        title: '(b) layer 1 only, lowest MI first',
        kind: 'curves',
        layer: 1,
        xLabel: 'Neurons pruned in layer 1',
        yLabel: ACC,
        series: retrainingSeries,
      },
      {
        id: 'c',
        title: '(c) hybrid schedule: accuracy as fine-tuning goes on',
        kind: 'curves',
        xLabel: 'Fine-tuning (epochs)',
        yLabel: ACC,
        series: [
          { key: 'zero-45', label: '45 pruned, from zero', fineTuned: true },
          { key: 'bb-45', label: '45 pruned, from bias balancing', fineTuned: true },
          { key: 'zero-90', label: '90 pruned, from zero', fineTuned: true },
          { key: 'bb-90', label: '90 pruned, from bias balancing', fineTuned: true },
        ],
      },
    ],
    extras: ['recovered-hybrid', 'recovered-layer1', 'fine-tune-steps'],
    fineTunes: true,
    caption:
      'Pruning by the hybrid schedule of Figure 5 and in layer 1 alone, four ways: ablating to zero, bias balancing, and each followed by fine-tuning with the training optimiser while the pruned neurons stay removed.',
  },
] as const satisfies readonly FigureSpec[];
