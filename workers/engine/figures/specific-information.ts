/**
 * Fig. 11, the paper's Section 7 Example 1 (docs/method.md §9): a neuron's KL selectivity is the
 * largest of its specific informations S_c = D(P_{T|Y=c} || P_T), one per class (eq. 5). Which
 * class each neuron speaks for, and whether pruning in an order that keeps every class its most
 * specific neurons protects the worst-served class better than low KL selectivity or low MI first.
 */
import {
  argmaxClassCounts,
  argmaxClasses,
  classCoveringPruningOrder,
  classUnevenness,
  heatmapOrder,
  NO_CLASS,
  specificInformationSpectrum,
  worstClassAccuracy,
} from '../../../src/lib/class-coverage';
import type { HeatmapRow } from '../../../src/lib/figure-data';
import { jointCounts } from '../../../src/lib/joint-counts';
import { ablationOrder } from '../../../src/lib/ranking';
import { classCorrectCurve } from '../ablation';
import type { NetworkAnalysis } from '../analysis';
import { CLASSES, HIDDEN } from '../model';
import {
  type CurvePoints,
  layerAblation,
  oneBit,
  only,
  range,
  type SeedContext,
  type SeedResult,
} from './shared';

/** S_c of every neuron of a layer, [HIDDEN][CLASSES], from its one-bit outputs. */
function spectrumOf(a: NetworkAnalysis, layer: 1 | 2): Float64Array {
  const samples = a.validationLabels.length;
  const counts = jointCounts(oneBit(a, layer), a.validationLabels, samples, HIDDEN, CLASSES, 2);
  return specificInformationSpectrum(counts);
}

/** The heatmap of network 0: neurons by arg-max class, then by KL selectivity. */
function heatmapRows(spectrum: Float64Array, layer: 1 | 2): HeatmapRow[] {
  const argmax = argmaxClasses(spectrum, HIDDEN, CLASSES);
  return Array.from(heatmapOrder(spectrum, HIDDEN, CLASSES), (j) => ({
    label: `${layer}-${j + 1} (${argmax[j] === NO_CLASS ? 'no class' : `class ${argmax[j]}`})`,
    values: Array.from(spectrum.subarray(j * CLASSES, (j + 1) * CLASSES)),
  }));
}

/** Overall and worst-class test accuracy (%) while layer 2 is pruned in `order`, with bias balancing. */
async function pruned(a: NetworkAnalysis, order: Int32Array) {
  const { correct, totals } = await classCorrectCurve(a.test, layerAblation(a, 2, order, true));
  const x = range(correct.length);
  const samples = totals.reduce((sum, n) => sum + n, 0);
  const overall: CurvePoints = {
    x,
    y: correct.map((c) => (100 * c.reduce((sum, n) => sum + n, 0)) / samples),
  };
  const worst: CurvePoints = { x, y: correct.map((c) => 100 * worstClassAccuracy(c, totals)) };
  return { overall, worst };
}

export async function specificInformation({
  analyses,
}: SeedContext<'fig11'>): Promise<SeedResult<'fig11'>> {
  const a = only(analyses);
  const spectra = [spectrumOf(a, 1), spectrumOf(a, 2)] as const;
  const counts = spectra.map((s) => argmaxClassCounts(argmaxClasses(s, HIDDEN, CLASSES), CLASSES));
  const coverage = (layer: 1 | 2): CurvePoints => ({
    x: range(CLASSES),
    y: Array.from(counts[layer - 1]),
  });
  const classCovering = await pruned(a, classCoveringPruningOrder(spectra[1], HIDDEN, CLASSES));
  const klsel = await pruned(a, ablationOrder(a.measures[1].klSelectivity, 'low'));
  const mi = await pruned(a, ablationOrder(a.measures[1].mutualInformation, 'low'));
  return {
    curves: {
      c: { layer1: coverage(1), layer2: coverage(2) },
      d: { 'class-covering': classCovering.overall, klsel: klsel.overall, mi: mi.overall },
      e: { 'class-covering': classCovering.worst, klsel: klsel.worst, mi: mi.worst },
    },
    values: {},
    histograms: {},
    heatmaps: a.seed === 0 ? { a: heatmapRows(spectra[0], 1), b: heatmapRows(spectra[1], 2) } : {},
    extras: {
      'chi2-layer1': classUnevenness(counts[0]).chiSquare,
      'chi2-layer2': classUnevenness(counts[1]).chiSquare,
      'covered-layer1': counts[0].filter((n) => n > 0).length,
      'covered-layer2': counts[1].filter((n) => n > 0).length,
    },
  };
}
