/**
 * Timing of the importance measures (docs/bench.md, table 2): 200 neurons (two layers of 100) on
 * the validation samples, pure JavaScript (src/lib); the hidden outputs are computed beforehand.
 */
import { jointCounts } from '../../src/lib/joint-counts';
import { layerMeasures } from '../../src/lib/measures';
import { quantizeLayer } from '../../src/lib/quantize';
import { importance } from '../../workers/engine/analysis';
import { HIDDEN } from '../../workers/engine/model';
import type { BenchNetworkSource, ImportanceTiming } from '../results';
import { medianMs } from './clock';

export function timeImportance(
  layers: Float32Array[],
  labels: Uint8Array,
  samples: number,
  repeats: number,
  network: BenchNetworkSource,
): ImportanceTiming {
  const counts = (outputs: Float32Array) =>
    jointCounts(
      quantizeLayer(outputs, samples, HIDDEN, 'sigmoid', 2),
      labels,
      samples,
      HIDDEN,
      10,
      2,
    );
  const tables = layers.map(counts);
  return {
    samples,
    neurons: 2 * HIDDEN,
    repeats,
    allFiveMs: medianMs(repeats, () => {
      for (const outputs of layers) layerMeasures(counts(outputs));
    }),
    jsSeparationMs: medianMs(repeats, () => {
      for (const table of tables) layerMeasures(table, ['jsSeparation']);
    }),
    defaultThreeMs: medianMs(repeats, () => {
      for (const outputs of layers) importance(outputs, labels, 'sigmoid');
    }),
    network,
  };
}
