/**
 * npm run bench:gpu [-- --quick] [--no-peer] [--training]   (about 4 minutes with --quick on
 * SwiftShader, 2 cores; --training: the training rows only, no analysis, curve or peer)
 *
 * The engine in Node on WebGPU through Dawn (the npm package `webgpu`), beside WASM in the same
 * process: training (trainEnsemble in each ensemble layout: per-seed and batched tensor steps, and
 * on WebGPU the fused WGSL step of workers/engine/kernels/train-step.ts), analysis (analyseNetwork) and a layer-1
 * ablation curve (accuracyCurve: the fused WGSL program on WebGPU), each with the engine's own code
 * and backend selection, with the numpy peer's numbers as in `npm run bench`. Run through
 * scripts/gpu/vulkan.mjs, which finds a Vulkan driver (a GPU's own, else Chromium's SwiftShader).
 * Prints the adapter and a table and writes bench-results/bench-gpu.json (with --training,
 * bench-gpu-training.json); asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { installDawn } from '../../scripts/gpu/dawn';
import type { EnsembleLayout } from '../../workers/api';
import { findPython, INSTALL_HINT, PEER } from '../peer/python.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--');
for (const a of args) {
  if (!['--quick', '--no-peer', '--training'].includes(a)) {
    console.error(
      `bench:gpu: unknown argument ${a}\nusage: npm run bench:gpu [-- --quick] [--no-peer] [--training]`,
    );
    process.exit(2);
  }
}
const quick = args.includes('--quick');
const trainingOnly = args.includes('--training');
const RESULTS = trainingOnly ? 'bench-gpu-training.json' : 'bench-gpu.json';
const NETWORK = 'public/networks/sigmoid/seed-00.bin';
const ENSEMBLE = 20;
const READ_BACK_EVERY = 25;
/** A measurement whose warm-up predicts more than this is reported as an estimate, not run. */
const LIMIT_MS = quick ? 25_000 : 90_000;

const dawn = await installDawn();
if ('missing' in dawn) console.log(`WebGPU in Node: none (${dawn.missing})`);
else {
  console.log(
    `WebGPU adapter (Dawn in Node): ${dawn.label}${dawn.isFallbackAdapter ? ' (software, fallback adapter)' : ''}`,
  );
  console.log(`Vulkan driver: ${dawn.driver}`);
}

// The engine, imported once navigator.gpu exists.
const tf = await import('@tensorflow/tfjs-core');
const { selectBackend } = await import('../../workers/engine/backend');
const { trainEnsemble } = await import('../../workers/engine/train');
const { imagesTensor } = await import('../../workers/engine/train');
const { analyseNetwork } = await import('../../workers/engine/analysis');
const ablation = await import('../../workers/engine/ablation');
const { deserializeNetwork, HIDDEN } = await import('../../workers/engine/model');
const { subset } = await import('../../workers/engine/data');
const { PRESETS } = await import('../../src/lib/run-options');
const { createRandom, permutation } = await import('../../src/lib/random');
const { mnistSplits } = await import('../../scripts/mnist-node');

type Backend = 'webgpu' | 'wasm';
const paper = PRESETS.paper;
const splits = mnistSplits();
const net = deserializeNetwork(readFileSync(NETWORK).buffer as ArrayBuffer, NETWORK);

interface TrainingRow {
  backend: Backend;
  method: string;
  seeds: number;
  msPerStep: number;
  msPerNetworkStep: number;
  steps: number;
  estimate?: boolean;
}

/** ms per step between the first and last loss read-back (every 25 steps), as npm run bench. */
async function timeTraining(
  backend: Backend,
  seeds: number,
  layout: EnsembleLayout,
): Promise<TrainingRow> {
  const options = {
    activation: 'sigmoid' as const,
    seeds: Array.from({ length: seeds }, (_, s) => s),
    epochs: 1,
    batchSize: paper.batchSize,
    learningRate: paper.learningRate,
    l2: paper.l2,
    layout,
    yieldEvery: READ_BACK_EVERY,
  };
  const method = `${seeds === 1 ? 'one network' : `${seeds} networks`}, ${layout}`;
  // warm-up: 5 steps (kernel and shader compilation), and an estimate of a step
  let started = performance.now();
  let warm = 0;
  await trainEnsemble(subset(splits.train, 5 * paper.batchSize), {
    ...options,
    yieldEvery: 5,
    onProgress: () => {
      warm = performance.now();
    },
  });
  const estimate = (warm - started) / 5;
  let steps = quick ? 25 : 100;
  let every = READ_BACK_EVERY;
  if (estimate * (steps + every) > LIMIT_MS) {
    // a slow step (a software adapter): time 5 steps between read-backs at steps 5 and 10, where
    // that fits in a few times the limit, since a warm-up estimate includes shader compilation
    steps = 5;
    every = 5;
  }
  if (estimate * (steps + every) > (every === READ_BACK_EVERY ? 1 : 3) * LIMIT_MS) {
    return {
      backend,
      method,
      seeds,
      msPerStep: estimate,
      msPerNetworkStep: estimate / seeds,
      steps: 0,
      estimate: true,
    };
  }
  // trainEnsemble also reads back whenever 250 ms have passed: time by the reported step numbers,
  // from the first read-back at or after `every` steps (the warm-up behind) to the last
  const marks: [number, number][] = [];
  started = performance.now();
  await trainEnsemble(subset(splits.train, (steps + every) * paper.batchSize), {
    ...options,
    yieldEvery: every,
    onProgress: (done) => {
      if (done >= every) marks.push([done, performance.now()]);
    },
  });
  const [[firstStep, firstTime], [lastStep, lastTime]] = [marks[0], marks[marks.length - 1]];
  const ms = (lastTime - firstTime) / (lastStep - firstStep);
  return {
    backend,
    method,
    seeds,
    msPerStep: ms,
    msPerNetworkStep: ms / seeds,
    steps: lastStep - firstStep,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeAnalysis(backend: Backend) {
  const validation = imagesTensor(splits.validation.images, splits.validation.samples);
  const test = imagesTensor(splits.test.images, splits.test.samples);
  const times: number[] = [];
  for (let r = 0; r < (quick ? 2 : 4); r++) {
    if (r === 2 && times[0] > 10_000) break; // a software GPU: once after the warm-up
    const started = performance.now();
    const a = await analyseNetwork(
      0,
      net,
      'sigmoid',
      { x: validation, labels: splits.validation.labels },
      { x: test, labels: splits.test.labels },
    );
    await a.test.logits.data(); // the test context is lazy on a GPU
    if (r > 0) times.push(performance.now() - started); // the first is warm-up
    ablation.disposeContext(a.test);
  }
  tf.dispose([validation, test]);
  return { backend, ms: median(times), repeats: times.length };
}

const order = Array.from(permutation(HIDDEN, createRandom(1)));
const levels = HIDDEN + 1;
const plan = {
  levels,
  layer1: ablation.prefixSchedule(ablation.ablationSteps(order, null, net.W1, HIDDEN), levels),
};

async function timeCurve(backend: Backend) {
  const x = imagesTensor(splits.test.images, splits.test.samples);
  const ctx = ablation.evaluationContext(net, 'sigmoid', x, splits.test.labels);
  await ctx.logits.data();
  // warm-up on two levels: the same kernels or program (its shader key does not depend on levels)
  await ablation.accuracyCurve(ctx, { ...plan, levels: 2 });
  let curve: number[] = [];
  const times: number[] = [];
  for (let r = 0; r < (quick ? 1 : 3); r++) {
    const started = performance.now();
    curve = await ablation.accuracyCurve(ctx, plan);
    times.push(performance.now() - started);
    if (times[0] > 10_000) break;
  }
  ablation.disposeContext(ctx);
  x.dispose();
  return {
    backend,
    path: backend === 'webgpu' ? 'fused WGSL' : 'tensor ops',
    ms: median(times),
    repeats: times.length,
    curve,
  };
}

const backends: Backend[] = 'missing' in dawn ? ['wasm'] : ['webgpu', 'wasm'];
const training: TrainingRow[] = [];
const analysis: Awaited<ReturnType<typeof timeAnalysis>>[] = [];
const curves: Awaited<ReturnType<typeof timeCurve>>[] = [];
const notes: Record<string, string> = {};
for (const backend of backends) {
  const selection = await selectBackend(backend);
  notes[backend] = selection.note;
  if (selection.backend !== backend) {
    console.log(`${backend}: not available (${selection.note})`);
    continue;
  }
  console.log(`\n${backend}: ${selection.note}`);
  // one untimed run so that the backend's start is not charged to the first row
  await trainEnsemble(subset(splits.train, 25 * paper.batchSize), {
    activation: 'sigmoid',
    seeds: [0],
    epochs: 1,
    batchSize: paper.batchSize,
    learningRate: paper.learningRate,
    l2: paper.l2,
  });
  // on WebGPU every layout at 1 and 20 seeds: the default layout on each kind of adapter is
  // chosen from these rows (workers/engine/train.ts, defaultLayout)
  for (const [seeds, layout] of [
    [1, 'per-seed'],
    [ENSEMBLE, 'per-seed'],
    ...(backend === 'webgpu'
      ? [
          [1, 'batched'],
          [ENSEMBLE, 'batched'],
          [1, 'fused'],
          [ENSEMBLE, 'fused'],
        ]
      : []),
  ] as [number, EnsembleLayout][]) {
    const row = await timeTraining(backend, seeds, layout);
    console.log(
      `  training, ${row.method}: ${row.msPerNetworkStep.toFixed(2)} ms/network-step${row.estimate ? ' (warm-up estimate, not timed)' : ''}`,
    );
    training.push(row);
  }
  if (trainingOnly) continue;
  analysis.push(await timeAnalysis(backend));
  console.log(`  analysis of one network: ${analysis.at(-1)!.ms.toFixed(0)} ms`);
  curves.push(await timeCurve(backend));
  console.log(`  layer-1 curve: ${curves.at(-1)!.ms.toFixed(0)} ms`);
}
const wasmCurve = curves.find((c) => c.backend === 'wasm')?.curve;
const maxDifference = (c: number[]) =>
  wasmCurve ? Math.max(...c.map((a, k) => Math.abs(a - wasmCurve[k]))) : null;

// The numpy peer (one core; no Fig. 10 here), checked against the WASM curve.
/** What scripts/peer/numpy_peer.py prints (the fields read here). */
interface PeerResult {
  numpy: string;
  coretype: string | null;
  training: { msPerStep: number };
  curve: { ms: number; verify?: { maxDifference: number; equal: boolean } };
}
let peer: PeerResult | null = null;
if (!args.includes('--no-peer') && !trainingOnly) {
  const found = findPython();
  if (found.python === null)
    console.log(`\nnumpy peer skipped: ${found.why}; install: ${INSTALL_HINT}`);
  else {
    mkdirSync('bench-results', { recursive: true });
    const file = join('bench-results', 'peer-verify-gpu.json');
    writeFileSync(
      file,
      JSON.stringify({
        network: NETWORK,
        activation: 'sigmoid',
        order,
        constants: null,
        levels,
        expected: wasmCurve,
      }),
    );
    const run = spawnSync(
      found.python,
      [
        PEER,
        'bench',
        '--fig10=none',
        ...(quick ? ['--quick'] : []),
        ...(wasmCurve ? ['--verify', file] : []),
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (run.status === 0) peer = JSON.parse(run.stdout);
    else console.log(`numpy peer failed (exit ${run.status})`);
  }
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
const vsPeer = (v: number, p: number | undefined) => (p ? `${(v / p).toFixed(2)}x` : '-');
function table(head: string[], rows: string[][]) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

console.log(`\n== npm run bench:gpu (${new Date().toISOString()}) ==`);
console.log(
  `machine: ${os.cpus()[0]?.model.trim()}, ${os.cpus().length} cores, Node ${process.versions.node}`,
);
console.log(
  `WebGPU adapter (Dawn, Node): ${'missing' in dawn ? `none: ${dawn.missing}` : `${dawn.label}${dawn.isFallbackAdapter ? ' (software)' : ''}; Vulkan: ${dawn.driver}`}`,
);
if (peer)
  console.log(
    `numpy peer: numpy ${peer.numpy}, ${peer.coretype ?? 'OPENBLAS_CORETYPE not set'}, one core`,
  );
console.log('\n1. Training step, batch 32, 784-100-100-10 sigmoid, Adam (trainEnsemble)');
table(
  ['backend', 'method', 'ms/step', 'ms/network/step', 'steps', 'engine / numpy'],
  training.map((r) => [
    r.backend,
    r.method,
    r.estimate ? `~${fmt(r.msPerStep)} (warm-up estimate)` : fmt(r.msPerStep),
    fmt(r.msPerNetworkStep),
    r.estimate ? 'not timed' : String(r.steps),
    vsPeer(r.msPerNetworkStep, peer?.training.msPerStep),
  ]),
);
console.log(
  '\n2. Analysis of one network (analyseNetwork: hidden outputs, measures, means, test context)',
);
table(
  ['backend', 'ms (median)'],
  analysis.map((a) => [a.backend, fmt(a.ms)]),
);
console.log('\n3. Layer-1 ablation curve, 101 levels, 10,000 test images (accuracyCurve)');
table(
  ['backend', 'path', 'ms', 'engine / numpy', 'max |diff| vs wasm (pp)'],
  curves.map((c) => [
    c.backend,
    c.path,
    fmt(c.ms),
    vsPeer(c.ms, peer?.curve.ms),
    c.backend === 'wasm' ? '-' : (maxDifference(c.curve)?.toFixed(2) ?? '-'),
  ]),
);
if (peer) {
  const v = peer.curve.verify;
  console.log(
    `\nnumpy: ${fmt(peer.training.msPerStep)} ms per step, curve ${fmt(peer.curve.ms)} ms${v ? `; its curve against the wasm one: max |diff| ${v.maxDifference.toFixed(2)} pp (${v.equal ? 'same work' : 'DIFFERENT'})` : ''}`,
  );
}

mkdirSync('bench-results', { recursive: true });
writeFileSync(
  join('bench-results', RESULTS),
  `${JSON.stringify(
    {
      format: 1,
      createdAt: new Date().toISOString(),
      adapter: 'missing' in dawn ? null : dawn,
      missing: 'missing' in dawn ? dawn.missing : undefined,
      notes,
      training,
      analysis,
      curves: curves.map(({ curve, ...c }) => ({
        ...c,
        maxDifferenceFromWasm: maxDifference(curve),
      })),
      peer,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWrote bench-results/${RESULTS}`);
process.exit(0);
