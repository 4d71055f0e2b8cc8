/**
 * The speed targets of docs/bench.md, each a ratio or quantity measured in one run, and the engine's
 * times as ratios to the numpy peer's: computed from bench.json's measurements by bench/main.ts,
 * stored in it and printed (bench/report/print.ts).
 */
import type { BackendName } from '../../src/lib/run-options';
import { SITE } from '../options';
import type { AblationTiming, BenchResults, FigureRun, Target, TrainingMethod } from '../results';

type TrainingPart = BenchResults['training'][number];

/** The paper preset's training: 20 networks x 10 epochs of 50,000 images at batch 32, both
 * activations (src/lib/run-options.ts PRESETS.paper). */
export const PAPER_NETWORK_STEPS = 20 * 10 * Math.ceil(50_000 / 32) * 2;
/** Workers that train a run's seeds at once: the experiment worker and its helpers, one per core,
 * at most 1 + MAX_HELPERS (workers/engine.worker.ts). */
const trainingWorkers = (cores: number) => Math.max(1, Math.min(cores, 1 + 3));
/**
 * The engine's ensemble layout per backend (workers/engine/train.ts defaultLayout): the fused WGSL
 * step on any WebGPU adapter, the WebAssembly SIMD engine on WASM/CPU.
 */
const defaultLayout = (backend: BackendName): TrainingMethod =>
  backend === 'webgpu' ? 'engine-fused' : 'engine-simd';

/** One engine time against the peer's. */
export interface PeerRatio {
  key: string;
  what: string;
  backend: BackendName;
  engine: number;
  /** For a figure rerun: the engine's own clock, backend start excluded. */
  engineOwnClock?: number;
  peer: number;
  unit: string;
  ratio: number;
}

const cold = (run: FigureRun) => run.coldMs ?? Number.NaN;
// The run with the longest first rerun, or null for none.
const slowestRun = (runs: FigureRun[]) =>
  runs.reduce<FigureRun | null>((a, b) => (a && cold(a) >= cold(b) ? a : b), null);

/** How the page names a curve's fast path (bench/results.ts AblationTiming.path). */
export function pathLabel(path: AblationTiming['path']): string {
  return (
    { fused: 'fused WGSL', simd: 'WebAssembly SIMD engine', tensor: 'tensor ops' }[path] ?? path
  );
}

/**
 * What the paper preset's training would take in the browser here, from the SIMD engine's
 * measured time per network-step inside the 20-network ensemble, its seeds spread over one worker
 * per core (experiments.ts trainSpread).
 */
export function paperTraining(r: BenchResults) {
  const part = r.training.find((p) => p.stamp.backend === 'wasm');
  const msPerNetworkStep = perNetwork(part, 'engine-simd');
  if (msPerNetworkStep === null) return null;
  const workers = trainingWorkers(r.machine.cpus);
  return {
    msPerNetworkStep,
    workers,
    minutes: (msPerNetworkStep * PAPER_NETWORK_STEPS) / workers / 60_000,
  };
}

/** The per-network ms of a training row, or null when it was not measured. */
export function perNetwork(
  part: TrainingPart | undefined,
  method: TrainingMethod,
  { estimates = false } = {},
): number | null {
  const timing = part?.rows.find((r) => r.method === method)?.timing;
  return timing && (estimates || !timing.estimate) ? timing.msPerNetworkStep : null;
}

export function targets(r: BenchResults): Target[] {
  const out: Target[] = [];
  const trainingOn = (backend: BackendName) => r.training.find((p) => p.stamp.backend === backend);
  const trainingGoals: [BackendName, string, (v: number) => boolean][] = [
    ['webgpu', '>= 3', (v) => v >= 3],
    ['wasm', '> 1', (v) => v > 1],
  ];
  for (const [backend, goal, test] of trainingGoals) {
    const part = trainingOn(backend);
    const layout = defaultLayout(backend);
    const fit = perNetwork(part, 'layers-fit');
    const ensemble = perNetwork(part, layout);
    const value = fit !== null && ensemble !== null ? fit / ensemble : null;
    let note = `${layout.replace('engine-', '')} layout, ${part?.ensembleSeeds} networks`;
    if (!part) note = `${backend} not measured`;
    else if (value === null) {
      const guess = perNetwork(part, layout, { estimates: true });
      const fitGuess = perNetwork(part, 'layers-fit', { estimates: true });
      note = `${layout.replace('engine-', '')} layout not timed`;
      if (guess !== null && fitGuess !== null) {
        note += `; from warm-up estimates about ${(fitGuess / guess).toFixed(1)}x (compilation included)`;
      }
    }
    const best = (['engine-simd', 'engine-per-seed', 'engine-batched', 'engine-fused'] as const)
      .map((m): [TrainingMethod, number | null] => [m, perNetwork(part, m)])
      .filter((e): e is [TrainingMethod, number] => e[1] !== null)
      .sort((a, b) => a[1] - b[1])[0];
    if (best && best[0] !== layout && fit !== null) {
      note += `; ${best[0].replace('engine-', '')} layout: ${(fit / best[1]).toFixed(1)}x`;
    }
    out.push({
      name: `ensemble training per network vs model.fit, ${backend}`,
      value,
      unit: 'x faster',
      goal,
      pass: value === null ? null : test(value),
      note,
    });
  }
  for (const part of r.ablation) {
    const { fastMs, naiveMs } = part.timing;
    const value = naiveMs === undefined ? null : naiveMs / fastMs;
    const naiveLevels = part.timing.naiveLevelsTimed ?? part.timing.levels;
    out.push({
      name: `layer-wise ablation curve, fast vs naive, ${part.stamp.backend}`,
      value,
      unit: 'x faster',
      goal: '>= 20',
      pass: value === null ? null : value >= 20,
      note:
        value === null
          ? 'naive path not run'
          : naiveLevels < part.timing.levels
            ? `naive timed on ${naiveLevels} levels, scaled to ${part.timing.levels}`
            : undefined,
    });
  }
  for (const [preset, limit] of [
    ['quick', 3],
    ['paper', 10],
  ] as const) {
    const runs = r.figures.filter(
      (f) => f.backend === 'wasm' && f.preset === preset && f.networks === 'published',
    );
    const ok = runs.filter((f) => f.status === 'ok');
    const slowest = slowestRun(ok);
    const standIn = ok.some((f) => f.source === 'stand-in');
    const trained = ok.some((f) => f.used !== 'published');
    let note: string;
    if (!slowest) {
      note = preset === 'paper' && !r.options.paper ? 'pass --paper' : 'no run on WASM';
    } else {
      note = `slowest: ${slowest.figure}, first rerun in a fresh page`;
      if (ok.length < runs.length) note += `; ${runs.length - ok.length} run(s) failed or skipped`;
      if (standIn) note += '; stand-in networks (published ones cover too few seeds)';
      if (trained) note += '; some runs trained networks';
    }
    out.push({
      name: `slowest figure rerun from published networks, ${preset}, wasm`,
      value: slowest ? cold(slowest) / 1000 : null,
      unit: 's',
      goal: `< ${limit}`,
      pass: slowest ? cold(slowest) / 1000 < limit && ok.length === runs.length : null,
      note,
    });
  }
  // The Section 7 figures (Figs. 11-13) must not rerun slower than Fig. 4 (same preset, WASM).
  // Figs. 14-15 are left out by design: Fig. 14 draws 36 curves to Fig. 4's 16, and Fig. 15
  // fine-tunes 25 networks per seed; their times are in section 4 and, for fine-tuning, section 7.

  for (const preset of ['quick', 'paper'] as const) {
    const ok = r.figures.filter(
      (f) =>
        f.backend === 'wasm' &&
        f.preset === preset &&
        f.networks === 'published' &&
        f.status === 'ok',
    );
    const fig4 = ok.find((f) => f.figure === 'fig4');
    const beyond = ok.filter((f) => [11, 12, 13].includes(Number(f.figure.slice(3))));
    const slowest = slowestRun(beyond);
    const value = fig4 && slowest ? cold(slowest) / cold(fig4) : null;
    out.push({
      name: `slowest Section 7 figure (Figs. 11-13) vs Fig. 4 rerun, ${preset}, wasm`,
      value,
      unit: 'x Fig. 4',
      goal: '<= 1',
      pass: value === null ? null : value <= 1,
      note:
        value === null || !fig4 || !slowest
          ? 'needs Fig. 4 and Figs. 11-13 in the same run'
          : `slowest: ${slowest.figure} ${(cold(slowest) / 1000).toFixed(1)} s, fig4 ${(cold(fig4) / 1000).toFixed(1)} s`,
    });
  }
  out.push(...peerTargets(r));
  const paper = paperTraining(r);
  out.push({
    name: 'paper preset training in the browser (20 networks x 10 epochs x 2 activations), wasm',
    value: paper ? paper.minutes : null,
    unit: 'min',
    goal: '<= 6',
    pass: paper ? paper.minutes <= 6 : null,
    note: paper
      ? `${paper.msPerNetworkStep.toFixed(3)} ms per network-step x ${PAPER_NETWORK_STEPS.toLocaleString('en')} network-steps / ${paper.workers} workers (one per core), from the measured step`
      : 'no WebAssembly SIMD training row on wasm',
  });
  const bytes = r.firstLoad?.gzipBytes ?? null;
  out.push({
    name: 'first load JavaScript of the report (gzip)',
    value: bytes === null ? null : bytes / 1000,
    unit: 'kB',
    goal: '< 150',
    pass: bytes === null ? null : bytes < 150_000,
    note: r.firstLoad === null ? `no ${SITE}/index.html` : `${r.firstLoad.files.length} file(s)`,
  });
  return out;
}

/**
 * Engine times as ratios to the numpy peer's (docs/bench.md, "Against native code"): WASM, one
 * worker against one core, except the Fig. 10 rerun (the engine's workers against the peer's
 * processes, one per core each).
 */
export function peerRatios(r: BenchResults): PeerRatio[] {
  const peer = r.peer;
  if (!peer || 'skipped' in peer) return [];
  const rows: Omit<PeerRatio, 'ratio'>[] = [];
  for (const part of r.training) {
    const what: Partial<Record<TrainingMethod, string>> = {
      'engine-simd-one': 'one network, WebAssembly SIMD engine',
      'engine-simd': 'per network in 20, WebAssembly SIMD engine',
      'engine-one': 'one network, TensorFlow.js per-seed',
      'engine-per-seed': 'per network in 20, TensorFlow.js per-seed',
      'engine-batched': 'per network in 20, TensorFlow.js batched',
    };
    for (const method of Object.keys(what) as TrainingMethod[]) {
      const value = perNetwork(part, method);
      if (value === null) continue;
      rows.push({
        key: `${method}-${part.stamp.backend}`,
        what: `training, ${what[method]}`,
        backend: part.stamp.backend,
        engine: value,
        peer: peer.training.msPerStep,
        unit: 'ms/network-step',
      });
    }
  }
  for (const part of r.ablation) {
    rows.push({
      key: `curve-${part.stamp.backend}`,
      what: `layer-1 curve, 101 levels (${pathLabel(part.timing.path)})`,
      backend: part.stamp.backend,
      engine: part.timing.fastMs,
      peer: peer.curve.ms,
      unit: 'ms',
    });
  }
  if ('ms' in peer.fig10) {
    const fig10 = peer.fig10;
    for (const f of r.figures) {
      if (f.figure !== 'fig10' || f.networks !== 'published' || f.status !== 'ok') continue;
      if (f.preset !== fig10.preset || f.coldMs === undefined) continue;
      rows.push({
        key: `fig10-${f.preset}-${f.backend}`,
        what: `Fig. 10 rerun, ${f.preset}, published (${fig10.curves} layer-1 curves in numpy on ${fig10.processes} cores)`,
        backend: f.backend,
        engine: f.coldMs,
        engineOwnClock: f.engineMs,
        peer: fig10.ms,
        unit: 'ms',
      });
    }
  }
  return rows.map((row) => ({ ...row, ratio: row.engine / row.peer }));
}

function peerTargets(r: BenchResults): Target[] {
  const ratios = peerRatios(r);
  const find = (key: string) => ratios.find((x) => x.key === key);
  const why = r.peer && 'skipped' in r.peer ? `numpy peer: ${r.peer.skipped}` : null;
  const goals: [string, string, number][] = [
    [
      'engine-simd-wasm',
      'a network inside the 20-network ensemble vs numpy, per network-step, WebAssembly SIMD',
      1.5,
    ],
    ['engine-simd-one-wasm', 'one network alone vs numpy, per step, WebAssembly SIMD', 1.5],
    ['curve-wasm', 'layer-1 ablation curve vs numpy, wasm, one core each', 1],
    [
      'fig10-paper-wasm',
      'Fig. 10 rerun from published networks, paper, wasm, vs its layer-1 curves in numpy on all cores',
      1.2,
    ],
  ];
  return goals.map(([key, name, goal]) => {
    const row = find(key);
    let note = why ?? undefined;
    if (!row && !why) {
      note = key.startsWith('fig10') ? 'needs --paper with fig10 on wasm' : 'not measured on wasm';
    }
    if (row?.engineOwnClock !== undefined) {
      note = `first rerun ${(row.engine / 1000).toFixed(1)} s (engine's clock ${(row.engineOwnClock / 1000).toFixed(1)} s), numpy ${(row.peer / 1000).toFixed(1)} s`;
    }
    return {
      name,
      value: row ? row.ratio : null,
      unit: 'x numpy',
      goal: `<= ${goal}`,
      pass: row ? row.ratio <= goal : null,
      note,
    };
  });
}
