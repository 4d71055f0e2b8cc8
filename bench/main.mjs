#!/usr/bin/env node
/**
 * npm run bench [-- --backends=webgpu,wasm,cpu] [--quick] [--figures=fig1,fig4] [--quick-retrain]
 *                  [--paper] [--no-peer]
 * Times the engine in headless Chromium (playwright.bench.config.ts, e2e/bench/), adds the first
 * page load's JavaScript size from the build and the machine, prints a table with the targets of
 * docs/bench.md, and writes bench-results/bench.json (drawn by /bench/ at the next build).
 * Then runs the numpy peer (scripts/peer/numpy_peer.py) in the same sitting and prints each engine
 * number as a ratio to the peer's.
 * Prints numbers, asserts nothing: the exit status is non-zero only when a measurement could not run.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { findPython, INSTALL_HINT, PEER } from './peer/python.mjs';

const SITE = '.cache/bench-site';
const OUT = 'bench-results';
const PARTS = join(OUT, 'parts');
const ALL_BACKENDS = ['webgpu', 'wasm', 'cpu'];
/** Pruned networks Fig. 15 fine-tunes per seed (workers/engine/figures/retraining.ts). */
const FINE_TUNE_STARTS = 25;

/** The published Fig. 15's fine-tuning budget and time, from content/figures/fig15.json. */
function publishedFig15() {
  const file = 'content/figures/fig15.json';
  if (!existsSync(file)) return null;
  const { meta, extras } = JSON.parse(readFileSync(file, 'utf8'));
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
/**
 * The engine's ensemble layout per backend (workers/engine/train.ts defaultLayout): the fused WGSL
 * step on any WebGPU adapter, the WebAssembly SIMD engine on WASM/CPU.
 */
const defaultLayout = (backend) => (backend === 'webgpu' ? 'engine-fused' : 'engine-simd');

/** The paper preset's training: 20 networks x 10 epochs of 50,000 images at batch 32, both
 * activations (src/lib/run-options.ts PRESETS.paper). */
const PAPER_NETWORK_STEPS = 20 * 10 * Math.ceil(50_000 / 32) * 2;
/** Workers that train a run's seeds at once: the experiment worker and its helpers, one per core,
 * at most 1 + MAX_HELPERS (workers/engine.worker.ts). */
const trainingWorkers = (cores) => Math.max(1, Math.min(cores, 1 + 3));

const USAGE =
  'usage: node scripts/bench.mjs [--backends=webgpu,wasm,cpu] [--quick] [--figures=fig1,fig4] [--quick-retrain] [--paper] [--no-peer]';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};
const flag = (name) => args.includes(`--${name}`);
const list = (value, allowed, what) => {
  const items = value.split(',').filter(Boolean);
  const unknown = items.filter((i) => !allowed.includes(i));
  if (unknown.length > 0 || items.length === 0) {
    console.error(
      `bench: unknown ${what} ${unknown.join(', ')}; choose from ${allowed.join(', ')}`,
    );
    process.exit(2);
  }
  return items;
};
const known = ['backends', 'figures'].map((n) => `--${n}=`);
const flags = ['--quick', '--quick-retrain', '--paper', '--no-peer'];
for (const a of args) {
  if (!flags.includes(a) && !known.some((k) => a.startsWith(k))) {
    console.error(`bench: unknown argument ${a}\n${USAGE}`);
    process.exit(2);
  }
}
// backend names and figure ids are checked by the report's own vocabulary (src/lib/run-options.ts),
// so a bad one gets the same message here as on the page
const vocabulary = spawnSync(
  'npx',
  [
    'vite-node',
    'scripts/run-args.ts',
    `backends=${option('backends', ALL_BACKENDS.join(','))}`,
    `figures=${option('figures', '')}`,
  ],
  { stdio: 'inherit' },
);
if (vocabulary.status !== 0) process.exit(vocabulary.status ?? 2);
const options = {
  backends: list(option('backends', ALL_BACKENDS.join(',')), ALL_BACKENDS, 'backend'),
  quick: flag('quick'),
  // empty: every figure of the catalog (e2e/bench/bench.bench.ts)
  figures: option('figures', '').split(',').filter(Boolean),
  quickRetrain: flag('quick-retrain'),
  paper: flag('paper'),
  peer: !flag('no-peer'),
};

const loadAtStart = os.loadavg()[0];
rmSync(PARTS, { recursive: true, force: true });
// stand-in networks of an earlier run must not pass for this run's (e2e/bench/bench.bench.ts)
rmSync(join(SITE, 'bench-networks'), { recursive: true, force: true });

// the options in one variable, read by bench/options.ts inside the Playwright run
const env = { ...process.env, BENCH_OPTIONS: JSON.stringify(options) };
const run = (cmd, cmdArgs) => spawnSync(cmd, cmdArgs, { stdio: 'inherit', env }).status ?? 1;
let status = run('node', ['scripts/ensure-browser.mjs']);
if (status === 0)
  status = run('npx', ['playwright', 'test', '-c', 'bench/browser/playwright.config.ts']);

const parts = existsSync(PARTS)
  ? readdirSync(PARTS)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(PARTS, f), 'utf8')))
  : [];
if (parts.length === 0) {
  // nothing measured (no browser, the build or the server failed): keep the last results
  console.error(`bench: no measurements; ${join(OUT, 'bench.json')} left as it was`);
  process.exit(status || 1);
}
const ofKind = (kind) => parts.filter((p) => p.kind === kind);
const order = (a, b) =>
  options.backends.indexOf(a.stamp.backend) - options.backends.indexOf(b.stamp.backend);
const training = ofKind('training').sort(order);
const ablation = ofKind('ablation').sort(order);
const figureOrder = (r) => [
  options.backends.indexOf(r.backend),
  ['smoke', 'quick', 'paper'].indexOf(r.preset),
  r.networks === 'retrain' ? 1 : 0,
  Number(r.figure.replace('fig', '')),
];
const figures = ofKind('figures')
  .flatMap((p) => p.runs)
  .sort((a, b) => {
    const [x, y] = [figureOrder(a), figureOrder(b)];
    return x.map((v, i) => v - y[i]).find((d) => d !== 0) ?? 0;
  });

const results = {
  format: 1,
  createdAt: new Date().toISOString(),
  command: `node scripts/bench.mjs${args.length ? ` ${args.join(' ')}` : ''}`,
  commit:
    git('git rev-parse --short HEAD') +
    (git('git status --porcelain') ? ' (uncommitted changes)' : ''),
  machine: {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    note:
      loadAtStart > 0.5 * os.cpus().length
        ? `Busy machine: load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores when the run started, so the numbers are noisy.`
        : `Load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores when the run started.`,
  },
  environment: [...training, ...ablation, ...ofKind('importance')][0]?.environment ?? null,
  options,
  training,
  importance: ofKind('importance')[0] ?? null,
  ablation,
  fineTuning: ofKind('fine-tuning').sort(order),
  figures,
  skipped: ofKind('skipped').sort(
    (a, b) => options.backends.indexOf(a.backend) - options.backends.indexOf(b.backend),
  ),
  firstLoad: firstLoad(SITE),
  peer: options.peer ? runPeer(ofKind('ablation')) : { skipped: 'left out (--no-peer)' },
  targets: [],
};
results.targets = targets(results);

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
printReport(results);
console.log(`\nWrote ${join(OUT, 'bench.json')}; \`npm run build\` draws it on /bench/.`);
process.exit(status);

/**
 * The numpy peer, after the browser has finished (one heavy process at a time): one core for the
 * training step and the curve, every core for the Fig. 10 curves. It first recomputes the WASM
 * (else first) backend's ablation curve from the same order and network and says whether it matches.
 */
function runPeer(ablationParts) {
  const found = findPython();
  if (!found.python) {
    console.log(`\nbench: numpy peer skipped: ${found.why}. To get it: ${INSTALL_HINT}`);
    return { skipped: found.why, install: INSTALL_HINT };
  }
  const peerArgs = [PEER, 'bench'];
  if (options.quick) peerArgs.push('--quick');
  const fig10 = options.figures.length === 0 || options.figures.includes('fig10');
  peerArgs.push(`--fig10=${options.paper && fig10 ? 'paper' : 'quick'}`);
  const reference =
    ablationParts.find((p) => p.stamp.backend === 'wasm') ?? ablationParts[0] ?? null;
  let verified = 'no engine curve to check against';
  if (reference?.timing.curve && reference.timing.network === 'published') {
    const file = join(OUT, 'peer-verify.json');
    mkdirSync(OUT, { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        network: 'public/networks/sigmoid/seed-00.bin',
        activation: 'sigmoid',
        order: reference.timing.order,
        constants: null,
        levels: reference.timing.levels,
        expected: reference.timing.curve,
        backend: reference.stamp.backend,
      }),
    );
    peerArgs.push('--verify', file);
    verified = `the ${reference.stamp.backend} curve`;
  } else if (reference) verified = `the bench's network was ${reference.timing.network}`;
  console.log(`\nbench: numpy peer: ${found.python} ${peerArgs.join(' ')}`);
  const started = Date.now();
  const out = spawnSync(found.python, peerArgs, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 2 ** 20,
  });
  if (out.status !== 0) {
    console.log(`bench: numpy peer failed (exit ${out.status})`);
    return { skipped: `the peer exited with ${out.status}` };
  }
  const peer = JSON.parse(out.stdout);
  peer.interpreter = found.python;
  peer.wallMs = Date.now() - started;
  if (!peer.curve.verify) peer.curve.verify = { equal: null, note: verified };
  else peer.curve.verify.against = verified;
  return peer;
}

function git(command) {
  try {
    return execSync(command, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
}

/** How the page names a curve's fast path (workers/bench-api.ts AblationTiming.path). */
function pathLabel(path) {
  return (
    { fused: 'fused WGSL', simd: 'WebAssembly SIMD engine', tensor: 'tensor ops' }[path] ?? path
  );
}

/**
 * What the paper preset's training would take in the browser here, from the SIMD engine's
 * measured time per network-step inside the 20-network ensemble, its seeds spread over one worker
 * per core (experiments.ts trainSpread).
 */
function paperTraining(r) {
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
function perNetwork(part, method, { estimates = false } = {}) {
  const timing = part?.rows.find((r) => r.method === method)?.timing;
  return timing && (estimates || !timing.estimate) ? timing.msPerNetworkStep : null;
}

function targets(r) {
  const out = [];
  const trainingOn = (backend) => r.training.find((p) => p.stamp.backend === backend);
  for (const [backend, goal, test] of [
    ['webgpu', '>= 3', (v) => v >= 3],
    ['wasm', '> 1', (v) => v > 1],
  ]) {
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
    const best = ['engine-simd', 'engine-per-seed', 'engine-batched', 'engine-fused']
      .map((m) => [m, perNetwork(part, m)])
      .filter(([, v]) => v !== null)
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
    out.push({
      name: `layer-wise ablation curve, fast vs naive, ${part.stamp.backend}`,
      value,
      unit: 'x faster',
      goal: '>= 20',
      pass: value === null ? null : value >= 20,
      note:
        value === null
          ? 'naive path not run'
          : part.timing.naiveLevelsTimed < part.timing.levels
            ? `naive timed on ${part.timing.naiveLevelsTimed} levels, scaled to ${part.timing.levels}`
            : undefined,
    });
  }
  for (const [preset, limit] of [
    ['quick', 3],
    ['paper', 10],
  ]) {
    const runs = r.figures.filter(
      (f) => f.backend === 'wasm' && f.preset === preset && f.networks === 'published',
    );
    const ok = runs.filter((f) => f.status === 'ok');
    const slowest = ok.reduce((a, b) => (a && a.coldMs >= b.coldMs ? a : b), null);
    const standIn = ok.some((f) => f.source === 'stand-in');
    const trained = ok.some((f) => f.used !== 'published');
    let note;
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
      value: slowest ? slowest.coldMs / 1000 : null,
      unit: 's',
      goal: `< ${limit}`,
      pass: slowest ? slowest.coldMs / 1000 < limit && ok.length === runs.length : null,
      note,
    });
  }
  // The Section 7 figures (Figs. 11-13) must not rerun slower than Fig. 4 (same preset, WASM).
  // Figs. 14-15 are left out by design: Fig. 14 draws 36 curves to Fig. 4's 16, and Fig. 15
  // fine-tunes 25 networks per seed; their times are in section 4 and, for fine-tuning, section 7.

  for (const preset of ['quick', 'paper']) {
    const ok = r.figures.filter(
      (f) =>
        f.backend === 'wasm' &&
        f.preset === preset &&
        f.networks === 'published' &&
        f.status === 'ok',
    );
    const fig4 = ok.find((f) => f.figure === 'fig4');
    const beyond = ok.filter((f) => [11, 12, 13].includes(Number(f.figure.slice(3))));
    const slowest = beyond.reduce((a, b) => (a && a.coldMs >= b.coldMs ? a : b), null);
    const value = fig4 && slowest ? slowest.coldMs / fig4.coldMs : null;
    out.push({
      name: `slowest Section 7 figure (Figs. 11-13) vs Fig. 4 rerun, ${preset}, wasm`,
      value,
      unit: 'x Fig. 4',
      goal: '<= 1',
      pass: value === null ? null : value <= 1,
      note:
        value === null
          ? 'needs Fig. 4 and Figs. 11-13 in the same run'
          : `slowest: ${slowest.figure} ${(slowest.coldMs / 1000).toFixed(1)} s, fig4 ${(fig4.coldMs / 1000).toFixed(1)} s`,
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
    note: bytes === null ? `no ${SITE}/index.html` : `${r.firstLoad.files.length} file(s)`,
  });
  return out;
}

/**
 * Engine times as ratios to the numpy peer's (docs/bench.md, "Against native code"): WASM, one
 * worker against one core, except the Fig. 10 rerun (the engine's workers against the peer's
 * processes, one per core each).
 */
function peerRatios(r) {
  const peer = r.peer;
  if (!peer || peer.skipped) return [];
  const rows = [];
  for (const part of r.training) {
    const what = {
      'engine-simd-one': 'one network, WebAssembly SIMD engine',
      'engine-simd': 'per network in 20, WebAssembly SIMD engine',
      'engine-one': 'one network, TensorFlow.js per-seed',
      'engine-per-seed': 'per network in 20, TensorFlow.js per-seed',
      'engine-batched': 'per network in 20, TensorFlow.js batched',
    };
    for (const method of Object.keys(what)) {
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
  if (peer.fig10?.ms) {
    for (const f of r.figures) {
      if (f.figure !== 'fig10' || f.networks !== 'published' || f.status !== 'ok') continue;
      if (f.preset !== peer.fig10.preset) continue;
      rows.push({
        key: `fig10-${f.preset}-${f.backend}`,
        what: `Fig. 10 rerun, ${f.preset}, published (${peer.fig10.curves} layer-1 curves in numpy on ${peer.fig10.processes} cores)`,
        backend: f.backend,
        engine: f.coldMs,
        engineOwnClock: f.engineMs,
        peer: peer.fig10.ms,
        unit: 'ms',
      });
    }
  }
  for (const row of rows) row.ratio = row.engine / row.peer;
  return rows;
}

function peerTargets(r) {
  const ratios = peerRatios(r);
  const find = (key) => ratios.find((x) => x.key === key);
  const why = r.peer?.skipped ? `numpy peer: ${r.peer.skipped}` : null;
  return [
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
  ].map(([key, name, goal]) => {
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

/**
 * JavaScript the built index page loads before any interaction: its script tags, modulepreload
 * links, inline scripts, and the static imports of those (dynamic imports and workers load later).
 * Sizes gzip'd by zlib at level 9.
 */
function firstLoad(site) {
  const page = join(site, 'index.html');
  if (!existsSync(page)) return null;
  const html = readFileSync(page, 'utf8');
  const files = [];
  const seen = new Set();
  const queue = [];
  const add = (url, via, from = '/') => {
    if (/^(?:[a-z]+:)?\/\//i.test(url) || url.startsWith('data:')) return;
    const path = posix.normalize(url.startsWith('/') ? url : posix.join(posix.dirname(from), url));
    if (seen.has(path) || !/\.m?js$/.test(path)) return;
    seen.add(path);
    queue.push({ path, via });
  };
  const attribute = (attrs, name) =>
    attrs
      .match(new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))
      ?.slice(1)
      .find((v) => v !== undefined);
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attribute(attrs, 'src');
    const type = attribute(attrs, 'type') ?? '';
    if (src) add(src, 'script');
    else if (body.trim() && ['', 'module', 'text/javascript'].includes(type)) {
      const bytes = Buffer.from(body);
      files.push({
        file: 'index.html (inline)',
        via: 'inline',
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
      });
      for (const spec of staticImports(body)) add(spec, 'import');
    }
  }
  for (const [, attrs] of html.matchAll(/<link\b([^>]*)>/gi)) {
    const href = attribute(attrs, 'href');
    if (href && attribute(attrs, 'rel') === 'modulepreload') add(href, 'modulepreload');
  }
  while (queue.length > 0) {
    const { path, via } = queue.shift();
    const file = join(site, path);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    files.push({
      file: path,
      via,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
    });
    for (const spec of staticImports(bytes.toString())) add(spec, 'import', path);
  }
  return { page: 'index.html', files, gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

// Specifiers of `import ... from "x"`, `import "x"` and `export ... from "x"`, not `import("x")`.
function staticImports(code) {
  const found = [];
  for (const m of code.matchAll(
    /\b(?:import|export)(?![\w$])\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g,
  ))
    found.push(m[1]);
  return found;
}

function printReport(r) {
  const line = (cells, widths) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const table = (head, rows) => {
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
  const ms = (v) => (v === null || v === undefined ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
  const s = (v) => (v === undefined ? '-' : (v / 1000).toFixed(2));
  const ratio = (v) => (v === null || !Number.isFinite(v) ? '-' : `${v.toFixed(1)}x`);

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
  const labels = {
    'engine-simd-one': 'engine, one network, WebAssembly SIMD',
    'engine-simd': 'engine, 20 networks, WebAssembly SIMD',
    'engine-one': 'engine, one network',
    'engine-per-seed': 'engine, 20 networks, per-seed layout',
    'engine-batched': 'engine, 20 networks, batched layout',
    'engine-fused': 'engine, 20 networks, fused WGSL step',
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
          : `${ms(t.tensorMs)} (${t.tensorLevelsTimed} levels timed; max |diff| ${t.tensorMaxDifference.toFixed(2)})`,
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

  console.log('\n6. Against native code: the numpy peer (scripts/peer/numpy_peer.py, float32)');
  if (r.peer?.skipped) {
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
      `numpy: training and curve on one core (OPENBLAS_NUM_THREADS=1); Fig. 10 curves ${p.fig10?.skipped ?? `${p.fig10.curves} curves of ${p.fig10.networks} networks (${p.fig10.preset}) in ${p.fig10.processes} processes`}`,
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
        row.skipped ? `skipped: ${row.skipped}` : ms(row.msPerStep),
        row.skipped ? '-' : ms(row.msPerNetworkStep),
        row.steps ?? '-',
        row.skipped || !fig15
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
