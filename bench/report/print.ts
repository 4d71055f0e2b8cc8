/**
 * The report `npm run bench` prints (docs/bench.md's tables, in its order): the run's measurements
 * from bench.json, the targets and the ratios to the numpy peer (bench/report/targets.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { FigureData } from '../../src/lib/figure-data';
import { FINE_TUNE_STARTS, SITE } from '../options';
import type { BenchResults, TrainingMethod } from '../results';
import { PAPER_NETWORK_STEPS, paperTraining, pathLabel, peerRatios, perNetwork } from './targets';

type Cell = string | number;

/** The published Fig. 15's fine-tuning budget and time, from content/figures/fig15.json. */
function publishedFig15() {
  const file = 'content/figures/fig15.json';
  if (!existsSync(file)) return null;
  const { meta, extras } = JSON.parse(readFileSync(file, 'utf8')) as {
    meta: FigureData['meta'] & { fineTuneEpochs?: number };
    extras: Record<string, number[] | undefined>;
  };
  const steps = extras['fine-tune-steps']?.[0];
  if (!steps) return null;
  return {
    steps,
    epochs: meta.fineTuneEpochs ?? 1,
    trainSamples: meta.trainSamples,
    batch: meta.batchSize,
    seeds: meta.seeds,
    networkSteps: steps * FINE_TUNE_STARTS * meta.seeds,
    durationMs: meta.durationMs,
    backend: meta.backend,
  };
}

export function printReport(r: BenchResults): void {
  const line = (cells: Cell[], widths: number[]) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const table = (head: string[], rows: Cell[][]) => {
    const widths = head.map((h, i) =>
      Math.max(h.length, ...rows.map((row) => String(row[i]).length)),
    );
    console.log(line(head, widths));
    console.log(
      line(
        widths.map((w) => '-'.repeat(w)),
        widths,
      ),
    );
    for (const row of rows) console.log(line(row, widths));
  };
  const ms = (v?: number | null) =>
    v === null || v === undefined ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(2);
  const s = (v?: number) => (v === undefined ? '-' : (v / 1000).toFixed(2));
  const ratio = (v: number | null) =>
    v === null || !Number.isFinite(v) ? '-' : `${v.toFixed(1)}x`;

  console.log(`\n== npm run bench: ${r.command} (${r.createdAt}) ==`);
  console.log(
    `machine: ${r.machine.cpuModel}, ${r.machine.cpus} cores, ${r.machine.memoryGiB} GiB, ${r.machine.os}, Node ${r.machine.node}`,
  );
  console.log(`         ${r.machine.note}`);
  console.log(`browser: ${r.environment?.userAgent ?? 'unknown'}`);
  console.log(
    `WebGPU adapter: ${r.environment?.adapter || 'none'}${r.environment?.isFallbackAdapter ? ' (software)' : ''}`,
  );

  console.log(
    '\n1. Training step, batch 32, 784-100-100-10 sigmoid, Adam 1e-3, L2 1e-4 (warm-up excluded)',
  );
  const labels: Record<TrainingMethod, string> = {
    'engine-simd-one': 'engine, one network, WebAssembly SIMD',
    'engine-simd': 'engine, 20 networks, WebAssembly SIMD',
    'engine-one': 'engine, one network',
    'engine-per-seed': 'engine, 20 networks, per-seed layout',
    'engine-batched': 'engine, 20 networks, batched layout',
    'engine-fused': 'engine, 20 networks, fused WGSL step',
    'engine-batched-one': 'engine, one network, batched layout',
    'engine-fused-one': 'engine, one network, fused WGSL step',
    'engine-fused-40': 'engine, 40 networks, fused WGSL step',
    'layers-fit': 'Layers API model.fit, one network',
  };
  table(
    ['backend', 'method', 'ms/step', 'ms/network/step', 'steps', 'model.fit / this'],
    r.training.flatMap((part) => {
      const fit = perNetwork(part, 'layers-fit');
      return part.rows.map((row) => [
        part.stamp.backend,
        labels[row.method],
        row.timing && !row.timing.estimate ? ms(row.timing.msPerStep) : `skipped (see below)`,
        row.timing && !row.timing.estimate ? ms(row.timing.msPerNetworkStep) : '-',
        row.timing?.steps || '-',
        row.timing && !row.timing.estimate && fit !== null
          ? ratio(fit / row.timing.msPerNetworkStep)
          : '-',
      ]);
    }),
  );

  const paper = paperTraining(r);
  console.log(
    paper
      ? `paper preset training in the browser here (20 networks x 10 epochs x 2 activations = ${PAPER_NETWORK_STEPS.toLocaleString('en')} network-steps): ${paper.minutes.toFixed(1)} min at ${ms(paper.msPerNetworkStep)} ms per network-step on ${paper.workers} worker(s), one per core`
      : 'paper preset training estimate: needs the WebAssembly SIMD rows on wasm',
  );

  console.log(
    '\n2. Importance measures, 200 neurons (two layers of 100) on 10,000 validation samples',
  );
  if (r.importance) {
    const t = r.importance.timing;
    table(
      ['what', 'ms (median)'],
      [
        ['quantize + joint counts + all five measures', ms(t.allFiveMs)],
        ['  of which JS separation alone', ms(t.jsSeparationMs)],
        ['one-bit default three (H, MI, KLsel)', ms(t.defaultThreeMs)],
      ],
    );
    console.log(`(${t.repeats} repeats, network ${t.network})`);
  } else console.log('not measured');

  console.log('\n3. Layer-1 ablation curve, 101 levels, 10,000 test samples');
  table(
    [
      'backend',
      'fast path',
      'fast ms',
      'tensor-ops ms',
      'naive ms',
      'naive levels timed',
      'naive / fast',
      'context ms',
      'naive / (fast + context)',
      'max |diff| (pp)',
    ],
    r.ablation.map((p) => {
      const t = p.timing;
      return [
        p.stamp.backend,
        pathLabel(t.path),
        ms(t.fastMs),
        t.tensorMs === undefined
          ? '-'
          : `${ms(t.tensorMs)} (${t.tensorLevelsTimed} levels timed; max |diff| ${t.tensorMaxDifference?.toFixed(2)})`,
        t.naiveMs === undefined ? 'not run' : ms(t.naiveMs),
        t.naiveLevelsTimed ?? '-',
        t.naiveMs === undefined ? '-' : ratio(t.naiveMs / t.fastMs),
        ms(t.contextMs),
        t.naiveMs === undefined ? '-' : ratio(t.naiveMs / (t.fastMs + t.contextMs)),
        t.maxDifference === undefined ? '-' : t.maxDifference.toFixed(2),
      ];
    }),
  );

  console.log(
    '\n4. Figure reruns through the worker API (seconds; first rerun in a fresh page, then again)',
  );
  table(
    ['figure', 'backend', 'preset', 'networks', 'first', 'again', 'engine', 'used', 'status'],
    r.figures.map((f) => [
      f.figure,
      f.backend,
      f.preset,
      f.networks === 'retrain' ? 'from scratch' : (f.source ?? 'published'),
      s(f.coldMs),
      s(f.warmMs),
      s(f.engineMs),
      f.used ?? '-',
      f.status === 'ok' ? 'ok' : `${f.status}: ${f.reason}`,
    ]),
  );
  const trainedAs = r.figures.find((f) => f.trainedAs)?.trainedAs;
  if (trainedAs) {
    console.log(
      `networks of the published runs: ${Object.entries(trainedAs)
        .map(([a, m]) => `${a} ${m.seeds} seeds, ${m.epochs} epoch(s) on ${m.trainSamples}`)
        .join('; ')}`,
    );
  }

  console.log('\n5. First load of the report (index.html), JavaScript gzip');
  if (r.firstLoad) {
    table(
      ['file', 'via', 'bytes', 'gzip'],
      [
        ...r.firstLoad.files.map((f) => [f.file, f.via, f.bytes, f.gzipBytes]),
        ['total', '', '', r.firstLoad.gzipBytes],
      ],
    );
  } else console.log(`not measured: no ${SITE}/index.html`);

  console.log('\n6. Against native code: the numpy peer (bench/peer/numpy_peer.py, float32)');
  if (r.peer && 'skipped' in r.peer) {
    console.log(
      `not measured: ${r.peer.skipped}${r.peer.install ? `; install: ${r.peer.install}` : ''}`,
    );
  } else if (r.peer) {
    const p = r.peer;
    console.log(
      `numpy ${p.numpy} (${p.interpreter}, Python ${p.python}), BLAS ${p.blas}; ${p.coretype ?? 'OPENBLAS_CORETYPE not set'}`,
    );
    const v = p.curve.verify;
    console.log(
      v.equal === null
        ? `peer curve not checked: ${v.note}`
        : `peer curve against ${v.against}: max |diff| ${v.maxDifference.toFixed(2)} pp over ${v.levels} levels: ${v.equal ? 'same work' : 'DIFFERENT'}`,
    );
    table(
      ['what', 'backend', 'engine', 'numpy', 'unit', 'engine / numpy'],
      peerRatios(r).map((x) => [
        x.what,
        x.backend,
        ms(x.engine),
        ms(x.peer),
        x.unit,
        ratio(x.ratio),
      ]),
    );
    console.log(
      `numpy: training and curve on one core (OPENBLAS_NUM_THREADS=1); Fig. 10 curves ${'skipped' in p.fig10 ? p.fig10.skipped : `${p.fig10.curves} curves of ${p.fig10.networks} networks (${p.fig10.preset}) in ${p.fig10.processes} processes`}`,
    );
  }

  console.log('\n7. Fine-tuning after pruning (Fig. 15): the starts of one seed trained together');
  const fig15 = publishedFig15();
  if (fig15) {
    console.log(
      `published run: ${fig15.steps} steps (${fig15.epochs} epoch of ${fig15.trainSamples} images at batch ${fig15.batch}) x ${FINE_TUNE_STARTS} pruned networks x ${fig15.seeds} seeds = ${(fig15.networkSteps / 1e6).toFixed(2)} M network-steps; it took ${s(fig15.durationMs)} s on ${fig15.backend}`,
    );
  } else console.log('published run: none yet (content/figures/fig15.json)');
  table(
    [
      'backend',
      'layout',
      'ms/step',
      'ms/network/step',
      'steps',
      'paper rerun, fine-tuning alone (one worker)',
    ],
    (r.fineTuning ?? []).flatMap((part) =>
      part.rows.map((row) => [
        part.stamp.backend,
        row.layout,
        'skipped' in row ? `skipped: ${row.skipped}` : ms(row.msPerStep),
        'skipped' in row ? '-' : ms(row.msPerNetworkStep),
        'skipped' in row ? '-' : row.steps,
        'skipped' in row || !fig15
          ? '-'
          : `${((row.msPerNetworkStep * fig15.networkSteps) / 60_000).toFixed(0)} min`,
      ]),
    ),
  );
  const fig15Runs = r.figures.filter((f) => f.figure === 'fig15' && f.status === 'ok');
  for (const f of fig15Runs) {
    console.log(`Fig. 15 rerun, ${f.preset}, ${f.backend}, ${f.networks}: ${s(f.coldMs)} s`);
  }
  if (fig15Runs.length === 0)
    console.log('Fig. 15 reruns: pass --figures=fig15 (quick: minutes on WASM)');

  console.log('\nTargets');
  for (const t of r.targets) {
    const verdict = t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL';
    const value = t.value === null ? '-' : `${t.value.toFixed(2)} ${t.unit}`;
    console.log(
      `  ${verdict}  ${t.name}: ${value} (goal ${t.goal})${t.note ? `  [${t.note}]` : ''}`,
    );
  }
  const rowsSkipped = r.training.flatMap((p) =>
    p.rows
      .filter((row) => row.skipped)
      .map((row) => `${labels[row.method]} on ${p.stamp.backend}: ${row.skipped}`),
  );
  const groups = r.skipped.map(
    (x) => `${x.what}${x.backend ? ` on ${x.backend}` : ''}: ${x.reason}`,
  );
  if (rowsSkipped.length + groups.length > 0) console.log('\nLeft out');
  for (const text of [...rowsSkipped, ...groups]) console.log(`  - ${text}`);
}
