/**
 * npm run compare-engines: networks trained by the WebAssembly SIMD engine against the published
 * ones, which TensorFlow.js trained (issue: "train 4 seeds per activation with the new engine and
 * compare them with 4 TensorFlow.js-trained seeds"). Seeds 0-3 of each activation are trained anew
 * in Node with the paper preset's settings (the same initialisation and batches as the published
 * seeds 0-3), then compared seed by seed with the published seeds 0-3:
 * - test accuracy on the 10,000 test images;
 * - Fig. 4's curves (layer-wise ablation by each measure, bias balancing), as the area under each
 *   curve (its mean accuracy over the levels).
 *
 * The rule, fixed before the first run: a paired difference (SIMD minus TensorFlow.js, over the 4
 * seeds) is within noise when |mean| <= 2 standard errors of the paired differences. With 4 seeds
 * and about 17 quantities per activation, one or two outside 2 SE are expected by chance; the
 * engines agree when no more than 10 % of the quantities are outside, and none by more than 4 SE.
 *
 * Writes bench-results/engine-comparison.json and prints a table. Takes a few minutes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { Activation } from '../src/lib/figure-data';
import { PRESETS } from '../src/lib/run-options';
import { meanAndSd } from '../src/lib/stats';
import { accuracyCurve, disposeContext, evaluationContext } from '../workers/engine/ablation';
import { subset } from '../workers/engine/data';
import { deserializeNetwork, type NetworkWeights } from '../workers/engine/model';
import { seedResult, seedSettings } from '../workers/engine/seed';
import { imagesTensor, presetTraining, trainEnsemble } from '../workers/engine/train';
import { mnistSplits } from './mnist-node';

const SEEDS = [0, 1, 2, 3];
const mean = (v: number[]) => meanAndSd(v.map((x) => [x])).mean[0];
const sd = (v: number[]) => meanAndSd(v.map((x) => [x])).sd[0];
const paper = PRESETS.paper;

await tf.setBackend('wasm');
await tf.ready();
const splits = mnistSplits();
const validation = subset(splits.validation, paper.validationSamples);
const test = subset(splits.test, paper.testSamples);
const x = {
  validation: imagesTensor(validation.images, validation.samples),
  test: imagesTensor(test.images, test.samples),
};

interface Quantity {
  what: string;
  simd: number[];
  tfjs: number[];
  meanDifference: number;
  se: number;
  /** |mean| / se */
  z: number;
  withinNoise: boolean;
}

function paired(what: string, simd: number[], tfjs: number[]): Quantity {
  const d = simd.map((v, i) => v - tfjs[i]);
  const se = sd(d) / Math.sqrt(d.length);
  const meanDifference = mean(d);
  const z = se > 0 ? Math.abs(meanDifference) / se : meanDifference === 0 ? 0 : Infinity;
  return { what, simd, tfjs, meanDifference, se, z, withinNoise: z <= 2 };
}

async function testAccuracy(net: NetworkWeights, activation: Activation): Promise<number> {
  const ctx = evaluationContext(net, activation, x.test, test.labels);
  const [value] = await accuracyCurve(ctx, { levels: 1 }, 'tensor');
  disposeContext(ctx);
  return value;
}

/** Fig. 4's curves of one network: AUC (mean accuracy over the levels) per panel and series. */
async function fig4Areas(net: NetworkWeights, activation: Activation, seed: number) {
  const result = await seedResult(
    { figure: 'fig4', seed, nets: { [activation]: net }, settings: seedSettings(PRESETS.paper) },
    {
      validation: { x: x.validation, labels: validation.labels },
      test: { x: x.test, labels: test.labels },
    },
  );
  const out: Record<string, number> = {};
  for (const [panel, series] of Object.entries(result.curves)) {
    for (const [key, points] of Object.entries(series))
      out[`Fig. 4${panel} ${key}`] = mean(points.y);
  }
  return out;
}

const report: Record<string, { trainingSeconds: number; quantities: Quantity[] }> = {};
for (const activation of ['sigmoid', 'relu'] as const) {
  const started = performance.now();
  const simdNets = await trainEnsemble(subset(splits.train, paper.trainSamples), {
    activation,
    seeds: SEEDS,
    ...presetTraining(paper),
    layout: 'simd',
    onProgress: (done, total) => {
      if (done % 20_000 < 25)
        process.stderr.write(`\r${activation}: ${done} of ${total} network-steps`);
    },
  });
  const trainingSeconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `\r${activation}: trained ${SEEDS.length} networks in ${trainingSeconds.toFixed(0)} s\n`,
  );
  const tfjsNets = SEEDS.map((s) =>
    deserializeNetwork(
      readFileSync(`public/networks/${activation}/seed-${String(s).padStart(2, '0')}.bin`)
        .buffer as ArrayBuffer,
    ),
  );
  const accuracy = async (nets: NetworkWeights[]) => {
    const out: number[] = [];
    for (const net of nets) out.push(await testAccuracy(net, activation));
    return out;
  };
  const quantities = [
    paired('test accuracy (%)', await accuracy(simdNets), await accuracy(tfjsNets)),
  ];
  const areas = async (nets: NetworkWeights[]) => {
    const out: Record<string, number>[] = [];
    for (const [i, net] of nets.entries()) out.push(await fig4Areas(net, activation, SEEDS[i]));
    return out;
  };
  const [simdAreas, tfjsAreas] = [await areas(simdNets), await areas(tfjsNets)];
  for (const key of Object.keys(simdAreas[0])) {
    quantities.push(
      paired(
        `${key} AUC (pp)`,
        simdAreas.map((a) => a[key]),
        tfjsAreas.map((a) => a[key]),
      ),
    );
  }
  report[activation] = { trainingSeconds, quantities };
}

const all = Object.values(report).flatMap((r) => r.quantities);
const outside = all.filter((q) => !q.withinNoise);
const agree = outside.length <= 0.1 * all.length && all.every((q) => q.z <= 4);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/engine-comparison.json',
  JSON.stringify(
    {
      createdAt: new Date().toISOString(),
      seeds: SEEDS,
      report,
      outside: outside.length,
      total: all.length,
      agree,
    },
    null,
    1,
  ),
);
for (const [activation, r] of Object.entries(report)) {
  console.log(
    `\n${activation}: ${SEEDS.length} networks trained by the SIMD engine in ${r.trainingSeconds.toFixed(0)} s (one worker)`,
  );
  console.log(
    '| quantity | SIMD (mean) | TensorFlow.js (mean) | paired difference | SE | within 2 SE |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const q of r.quantities) {
    console.log(
      `| ${q.what} | ${mean(q.simd).toFixed(2)} | ${mean(q.tfjs).toFixed(2)} | ${q.meanDifference >= 0 ? '+' : ''}${q.meanDifference.toFixed(2)} | ${q.se.toFixed(2)} | ${q.withinNoise ? 'yes' : `no (${q.z.toFixed(1)} SE)`} |`,
    );
  }
}
console.log(
  `\n${outside.length} of ${all.length} paired differences outside 2 SE; the largest ${Math.max(...all.map((q) => q.z)).toFixed(1)} SE: ${agree ? 'within noise' : 'NOT within noise'} by the rule above.`,
);
tf.dispose([x.validation, x.test]);
