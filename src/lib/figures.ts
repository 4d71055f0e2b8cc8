/**
 * The catalog of the paper's ten figures (METHOD.md section 7): panels, series keys and labels.
 * The engine produces exactly these keys, the page draws them and the claims read them, so a
 * series is named once, here.
 */
import type { Activation, FigureId } from './figure-data';

export interface SeriesSpec {
  key: string;
  label: string;
}

export interface PanelSpec {
  id: string;
  title: string;
  kind: 'curves' | 'distribution' | 'histograms';
  /** Curves: which network layer is ablated/pruned ('whole' = both hidden layers jointly). */
  layer?: 1 | 2 | 'whole';
  activation?: Activation;
  xLabel?: string;
  yLabel?: string;
  series: SeriesSpec[];
}

export interface FigureSpec {
  id: FigureId;
  number: number;
  title: string;
  /** The paper's activation; readers may switch where `activationOption` is true. */
  activation: Activation | 'both';
  activationOption: boolean;
  panels: PanelSpec[];
  caption: string;
}

const ACC = 'Test accuracy (%)';
const biasSeries: SeriesSpec[] = [
  { key: 'random-bb', label: 'random, bias balancing' },
  { key: 'random-zero', label: 'random, ablate to zero' },
  { key: 'low-mi-bb', label: 'low MI first, bias balancing' },
  { key: 'low-mi-zero', label: 'low MI first, ablate to zero' },
];
const measureSeries: SeriesSpec[] = [
  { key: 'entropy', label: 'entropy H(T)' },
  { key: 'mi', label: 'mutual information I(T;Y)' },
  { key: 'klsel', label: 'KL selectivity' },
  { key: 'random', label: 'random' },
];
const measureDistributions = (ids: [string, string, string]): PanelSpec[] =>
  (
    [
      ['entropy', 'Entropy H(T) (bits)'],
      ['mi', 'Mutual information I(T;Y) (bits)'],
      ['klsel', 'KL selectivity (bits)'],
    ] as const
  ).map(([measure, title], i) => ({
    id: ids[i],
    title,
    kind: 'distribution',
    xLabel: `${title.split(' (')[0]} (bits)`,
    series: [
      { key: `layer1-${measure}`, label: 'layer 1' },
      { key: `layer2-${measure}`, label: 'layer 2' },
    ],
  }));
const layerCurves = (id: string, layer: 1 | 2, title: string, series: SeriesSpec[]): PanelSpec => ({
  id,
  title,
  kind: 'curves',
  layer,
  xLabel: `Neurons ablated in layer ${layer}`,
  yLabel: ACC,
  series,
});
const pruningSeries: SeriesSpec[] = [
  { key: 'entropy', label: 'low entropy first' },
  { key: 'mi', label: 'low MI first' },
  { key: 'klsel', label: 'low KL selectivity first' },
  { key: 'merge-surgery', label: '[22] with surgery' },
  { key: 'merge-no-surgery', label: '[22] without surgery' },
];

export const FIGURES: FigureSpec[] = [
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
        series: measureSeries.map((s) =>
          s.key === 'random' ? s : { ...s, label: `low ${s.label} first` },
        ),
      },
    ],
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
      layerCurves(
        'a',
        1,
        'low MI first, MI estimated with B bins',
        [2, 4, 8, 20].map((b) => ({ key: `bins-${b}`, label: `B = ${b}` })),
      ),
    ],
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
    caption:
      'One layer pruned lowest first by each measure (sigmoid with bias balancing, ReLU ablated to zero) against the greedy merging of [22] with and without surgery.',
  },
];

export const figureSpec = (id: FigureId): FigureSpec => {
  const spec = FIGURES.find((f) => f.id === id);
  if (!spec) throw new Error(`Unknown figure "${id}"`);
  return spec;
};
