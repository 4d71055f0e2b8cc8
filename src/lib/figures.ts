/**
 * The catalog of the report's figures (docs/method.md §7): panels, series keys and labels. It is
 * the single source of every figure id, panel id and series key: the types below are derived from
 * it, so the engine's producers (workers/engine/figures/), the claims' figure reader, the text's
 * numbers and the MDX components are all checked against it by the compiler.
 */
import type { Activation } from './activation';
import type { PanelKindName, PanelSpec, SeriesSpec } from './panels/types';

export type { PanelSpec, SeriesSpec } from './panels/types';

export interface FigureSpec {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  /** The paper's activation; readers may switch where `activationOption` is true. */
  readonly activation: Activation | 'both';
  readonly activationOption: boolean;
  readonly panels: readonly PanelSpec[];
  /** Scalars beyond the drawn series, one per network (e.g. Fig. 3's layer-1 share). */
  readonly extras: readonly string[];
  /** The experiment fine-tunes pruned networks on the training images (docs/method.md §10). */
  readonly fineTunes?: boolean;
  readonly caption: string;
}

const ACC = 'Test accuracy (%)';
const biasSeries = [
  { key: 'random-bb', label: 'random, bias balancing' },
  { key: 'random-zero', label: 'random, ablate to zero' },
  { key: 'low-mi-bb', label: 'low MI first, bias balancing' },
  { key: 'low-mi-zero', label: 'low MI first, ablate to zero' },
] as const;
const measureSeries = [
  { key: 'entropy', label: 'entropy H(T)' },
  { key: 'mi', label: 'mutual information I(T;Y)' },
  { key: 'klsel', label: 'KL selectivity' },
  { key: 'random', label: 'random' },
] as const;
const MEASURES = [
  ['entropy', 'Entropy H(T)'],
  ['mi', 'Mutual information I(T;Y)'],
  ['klsel', 'KL selectivity'],
] as const;
type MeasureKey = (typeof MEASURES)[number][0];
const measureDistribution = <const I extends string, const M extends MeasureKey>(
  id: I,
  measure: M,
  name: string,
) => ({
  id,
  title: `${name} (bits)`,
  kind: 'distribution' as const,
  xLabel: `${name} (bits)`,
  series: [
    { key: `layer1-${measure}` as `layer1-${M}`, label: 'layer 1' },
    { key: `layer2-${measure}` as `layer2-${M}`, label: 'layer 2' },
  ] as const,
});
const measureDistributions = <
  const A extends string,
  const B extends string,
  const C extends string,
>(
  ids: [A, B, C],
) =>
  [
    measureDistribution(ids[0], MEASURES[0][0], MEASURES[0][1]),
    measureDistribution(ids[1], MEASURES[1][0], MEASURES[1][1]),
    measureDistribution(ids[2], MEASURES[2][0], MEASURES[2][1]),
  ] as const;
const layerCurves = <
  const I extends string,
  const L extends 1 | 2,
  const S extends readonly SeriesSpec[],
>(
  id: I,
  layer: L,
  title: string,
  series: S,
) => ({
  id,
  title,
  kind: 'curves' as const,
  layer,
  xLabel: `Neurons ablated in layer ${layer}`,
  yLabel: ACC,
  series,
});
const pruningSeries = [
  { key: 'entropy', label: 'low entropy first' },
  { key: 'mi', label: 'low MI first' },
  { key: 'klsel', label: 'low KL selectivity first' },
  { key: 'merge-surgery', label: '[22] with surgery' },
  { key: 'merge-no-surgery', label: '[22] without surgery' },
] as const;

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
const classCoveringSeries = [
  { key: 'class-covering', label: 'class-covering order' },
  { key: 'klsel', label: 'low KL selectivity first' },
  { key: 'mi', label: 'low MI first' },
] as const;
const redundancySeries = [
  { key: 'cmim', label: 'redundancy-aware (CMIM), lowest first' },
  { key: 'mi', label: 'low MI first' },
  { key: 'random', label: 'random' },
] as const;
const criteriaSeries = [
  { key: 'klsel', label: 'low KL selectivity first' },
  { key: 'mi', label: 'low MI first' },
  { key: 'l1-in', label: 'low incoming L1 norm first' },
  { key: 'l2-in', label: 'low incoming L2 norm first' },
  { key: 'l2-out', label: 'low outgoing L2 norm first' },
  { key: 'mean', label: 'low mean activation first' },
  { key: 'apoz', label: 'high APoZ first' },
  { key: 'taylor', label: 'low first-order Taylor first' },
  { key: 'random', label: 'random' },
] as const;
const retrainingSeries = [
  { key: 'zero', label: 'ablate to zero' },
  { key: 'bb', label: 'bias balancing' },
  { key: 'zero-ft', label: 'zero, then fine-tuning', fineTuned: true },
  { key: 'bb-ft', label: 'bias balancing, then fine-tuning', fineTuned: true },
] as const;
const pairShares = <const I extends string, const P extends 'red' | 'syn'>(
  id: I,
  title: string,
  part: P,
  name: string,
) => ({
  id,
  title,
  kind: 'distribution' as const,
  counts: 'pairs' as const,
  xLabel: `${name} of the pair's joint information`,
  series: [
    { key: `layer1-${part}` as `layer1-${P}`, label: 'layer 1' },
    { key: `layer2-${part}` as `layer2-${P}`, label: 'layer 2' },
  ] as const,
});

export const FIGURES = [
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
    panels: [
      {
        ...layerCurves('a', 1, '(a) sigmoid, layer 1', pruningSeries),
        activation: 'sigmoid',
      },
      { ...layerCurves('b', 1, '(b) ReLU, layer 1', pruningSeries), activation: 'relu' },
      {
        ...layerCurves('c', 2, '(c) sigmoid, layer 2', pruningSeries),
        activation: 'sigmoid',
      },
      { ...layerCurves('d', 2, '(d) ReLU, layer 2', pruningSeries), activation: 'relu' },
    ],
    extras: [],
    caption:
      'One layer pruned lowest first by each measure (sigmoid with bias balancing, ReLU ablated to zero) against the greedy merging of [22] with and without surgery.',
  },
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
    panels: [
      { ...layerCurves('a', 1, '(a) sigmoid, layer 1', redundancySeries), activation: 'sigmoid' },
      { ...layerCurves('b', 1, '(b) ReLU, layer 1', redundancySeries), activation: 'relu' },
      { ...layerCurves('c', 2, '(c) sigmoid, layer 2', redundancySeries), activation: 'sigmoid' },
      { ...layerCurves('d', 2, '(d) ReLU, layer 2', redundancySeries), activation: 'relu' },
    ],
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
    panels: [
      { ...layerCurves('a', 1, '(a) sigmoid, layer 1', criteriaSeries), activation: 'sigmoid' },
      { ...layerCurves('b', 1, '(b) ReLU, layer 1', criteriaSeries), activation: 'relu' },
      { ...layerCurves('c', 2, '(c) sigmoid, layer 2', criteriaSeries), activation: 'sigmoid' },
      { ...layerCurves('d', 2, '(d) ReLU, layer 2', criteriaSeries), activation: 'relu' },
    ],
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

type Catalog = (typeof FIGURES)[number];
/** A figure of the report: 'fig1' ... */
export type FigureId = Catalog['id'];
/** The catalog entry of one figure, with its literal panel ids and series keys. */
export type FigureOf<F extends FigureId> = Extract<Catalog, { id: F }>;
type PanelsOf<F extends FigureId> = FigureOf<F>['panels'][number];
/** The panels of figure F, optionally only those of one kind. */
export type PanelOf<F extends FigureId, K extends PanelKindName = PanelKindName> = Extract<
  PanelsOf<F>,
  { kind: K }
>;
/** Panel ids of figure F (of one kind, if given). */
export type PanelId<F extends FigureId, K extends PanelKindName = PanelKindName> = PanelOf<
  F,
  K
>['id'];
/** Series keys of panel P of figure F. */
export type SeriesKey<F extends FigureId, P extends string> = Extract<
  PanelsOf<F>,
  { id: P }
>['series'][number]['key'];
/** Extras (per-network scalars) of figure F. */
export type ExtraKey<F extends FigureId> = FigureOf<F>['extras'][number];

/** Every figure id, in report order. */
export const FIGURE_IDS: readonly FigureId[] = FIGURES.map((f) => f.id);

export const isFigureId = (id: string): id is FigureId =>
  (FIGURE_IDS as readonly string[]).includes(id);

/** Whether figure `id`'s experiment fine-tunes pruned networks (so needs the training images). */
export const fineTunes = (id: FigureId): boolean =>
  (figureSpec(id) as FigureSpec).fineTunes === true;

export const figureSpec = <F extends FigureId>(id: F): FigureOf<F> => {
  const spec = FIGURES.find((f) => f.id === id);
  if (!spec) throw new Error(`Unknown figure "${id}"`);
  return spec as FigureOf<F>;
};
