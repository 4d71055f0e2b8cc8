/**
 * What the catalog's figures are built from (src/lib/figures.ts): the figure's spec type, the
 * series lists several figures share, and the panel builders.
 */
import type { Activation } from '../activation';
import type { PanelSpec, SeriesSpec } from '../panels/types';

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
  /**
   * Computed from other figures' data rather than network by network (Fig. 16, the robustness
   * table, docs/method.md §11): no producer of its own; a rerun computes its component figures.
   */
  readonly composite?: boolean;
  readonly caption: string;
}

export const ACC = 'Test accuracy (%)';
export const biasSeries = [
  { key: 'random-bb', label: 'random, bias balancing' },
  { key: 'random-zero', label: 'random, ablate to zero' },
  { key: 'low-mi-bb', label: 'low MI first, bias balancing' },
  { key: 'low-mi-zero', label: 'low MI first, ablate to zero' },
] as const;
export const measureSeries = [
  { key: 'entropy', label: 'entropy H(T)' },
  { key: 'mi', label: 'mutual information I(T;Y)' },
  { key: 'klsel', label: 'KL selectivity' },
  { key: 'random', label: 'random' },
] as const;
export const MEASURES = [
  ['entropy', 'Entropy H(T)'],
  ['mi', 'Mutual information I(T;Y)'],
  ['klsel', 'KL selectivity'],
] as const;
export type MeasureKey = (typeof MEASURES)[number][0];
export const measureDistribution = <const I extends string, const M extends MeasureKey>(
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
export const measureDistributions = <
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
export const layerCurves = <
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
export const pruningSeries = [
  { key: 'entropy', label: 'low entropy first' },
  { key: 'mi', label: 'low MI first' },
  { key: 'klsel', label: 'low KL selectivity first' },
  { key: 'merge-surgery', label: '[22] with surgery' },
  { key: 'merge-no-surgery', label: '[22] without surgery' },
] as const;

export const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
export const classCoveringSeries = [
  { key: 'class-covering', label: 'class-covering order' },
  { key: 'klsel', label: 'low KL selectivity first' },
  { key: 'mi', label: 'low MI first' },
] as const;
export const redundancySeries = [
  { key: 'cmim', label: 'redundancy-aware (CMIM), lowest first' },
  { key: 'jmi', label: 'redundancy-aware (JMI), lowest first' },
  { key: 'mi', label: 'low MI first' },
  { key: 'random', label: 'random' },
] as const;
export const criteriaSeries = [
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
export const retrainingSeries = [
  { key: 'zero', label: 'ablate to zero' },
  { key: 'bb', label: 'bias balancing' },
  { key: 'zero-ft', label: 'zero, then fine-tuning', fineTuned: true },
  { key: 'bb-ft', label: 'bias balancing, then fine-tuning', fineTuned: true },
] as const;
export const pairShares = <const I extends string, const P extends 'red' | 'syn'>(
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

/**
 * The four panels of a figure that sets both activations side by side (Figs. 10, 12, 14):
 * (a) sigmoid, layer 1; (b) ReLU, layer 1; (c) sigmoid, layer 2; (d) ReLU, layer 2.
 */
export const activationLayerPanels = <const S extends readonly SeriesSpec[]>(series: S) =>
  [
    { ...layerCurves('a', 1, '(a) sigmoid, layer 1', series), activation: 'sigmoid' as const },
    { ...layerCurves('b', 1, '(b) ReLU, layer 1', series), activation: 'relu' as const },
    { ...layerCurves('c', 2, '(c) sigmoid, layer 2', series), activation: 'sigmoid' as const },
    { ...layerCurves('d', 2, '(d) ReLU, layer 2', series), activation: 'relu' as const },
  ] as const;
