/**
 * npm run bench [-- --backends=webgpu,wasm,cpu] [--quick] [--figures=fig1,fig4] [--quick-retrain]
 *                  [--paper] [--no-peer]
 * Times the engine in headless Chromium (bench/browser/), adds the first page load's JavaScript
 * size from the build and the machine, prints a table with the targets of docs/bench.md, and
 * writes bench-results/bench.json (drawn by /bench/ at the next build). Then runs the numpy peer
 * (bench/peer/) in the same sitting and prints each engine number as a ratio to the peer's.
 * Prints numbers, asserts nothing: the exit status is non-zero only when a measurement could not run.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { type BenchOptions, OUT, optionsEnv, PARTS, parseBenchArgs, SITE } from './options';
import { runPeer } from './peer/run';
import { firstLoad } from './report/first-load';
import { printReport } from './report/print';
import { targets } from './report/targets';
import type { BenchPart, BenchResults, FigureRun } from './results';

// vite-node passes the `--` of `npm run bench -- ...` through
const args = process.argv.slice(2).filter((a) => a !== '--');
let options: BenchOptions;
try {
  options = parseBenchArgs(args);
} catch (error) {
  if (!(error instanceof RangeError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const loadAtStart = os.loadavg()[0];
rmSync(PARTS, { recursive: true, force: true });
// stand-in networks of an earlier run must not pass for this run's (bench/browser/stand-in.ts)
rmSync(join(SITE, 'bench-networks'), { recursive: true, force: true });

const env = { ...process.env, ...optionsEnv(options) };
const run = (cmd: string, cmdArgs: string[]) =>
  spawnSync(cmd, cmdArgs, { stdio: 'inherit', env }).status ?? 1;
let status = run('node', ['scripts/ensure-browser.mjs']);
if (status === 0) {
  status = run('npx', ['playwright', 'test', '-c', 'bench/browser/playwright.config.ts']);
}

const parts: BenchPart[] = existsSync(PARTS)
  ? readdirSync(PARTS)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(PARTS, f), 'utf8')) as BenchPart)
  : [];
if (parts.length === 0) {
  // nothing measured (no browser, the build or the server failed): keep the last results
  console.error(`bench: no measurements; ${join(OUT, 'bench.json')} left as it was`);
  process.exit(status || 1);
}
const results = assemble(parts, options);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
printReport(results);
console.log(`\nWrote ${join(OUT, 'bench.json')}; \`npm run build\` draws it on /bench/.`);
process.exit(status);

/** bench.json from the run's parts, in the order of the options' backends. */
function assemble(parts: BenchPart[], options: BenchOptions): BenchResults {
  const ofKind = <K extends BenchPart['kind']>(kind: K) =>
    parts.filter((p): p is Extract<BenchPart, { kind: K }> => p.kind === kind);
  const rank = (backend?: string) => options.backends.indexOf(backend as never);
  const order = (a: { stamp: { backend: string } }, b: { stamp: { backend: string } }) =>
    rank(a.stamp.backend) - rank(b.stamp.backend);
  const training = ofKind('training').sort(order);
  const ablation = ofKind('ablation').sort(order);
  const figureOrder = (r: FigureRun) => [
    rank(r.backend),
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
  const cpus = os.cpus().length;
  const results: BenchResults = {
    format: 1,
    createdAt: new Date().toISOString(),
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    commit:
      git('git rev-parse --short HEAD') +
      (git('git status --porcelain') ? ' (uncommitted changes)' : ''),
    machine: {
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      cpus,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      note:
        loadAtStart > 0.5 * cpus
          ? `Busy machine: load average ${loadAtStart.toFixed(1)} on ${cpus} cores when the run started, so the numbers are noisy.`
          : `Load average ${loadAtStart.toFixed(1)} on ${cpus} cores when the run started.`,
    },
    environment: [...training, ...ablation, ...ofKind('importance')][0]?.environment ?? null,
    options,
    training,
    importance: ofKind('importance')[0] ?? null,
    ablation,
    fineTuning: ofKind('fine-tuning').sort(order),
    figures,
    skipped: ofKind('skipped').sort((a, b) => rank(a.backend) - rank(b.backend)),
    firstLoad: firstLoad(SITE),
    peer: options.peer ? peer(ablation, options) : { skipped: 'left out (--no-peer)' },
    targets: [],
  };
  results.targets = targets(results);
  return results;
}

/**
 * The numpy peer after the browser has finished, checked against the WASM (else first) backend's
 * ablation curve when that was drawn on the published network the peer reads.
 */
function peer(ablation: BenchResults['ablation'], options: BenchOptions) {
  const fig10 = options.figures.length === 0 || options.figures.includes('fig10');
  const reference = ablation.find((p) => p.stamp.backend === 'wasm') ?? ablation[0] ?? null;
  const t = reference?.timing;
  const usable = t?.curve && t.order && t.network === 'published';
  return runPeer({
    quick: options.quick,
    fig10: options.paper && fig10 ? 'paper' : 'quick',
    verify:
      reference && t?.curve && t.order && usable
        ? {
            order: t.order,
            levels: t.levels,
            curve: t.curve,
            against: `the ${reference.stamp.backend} curve`,
            file: join(OUT, 'peer-verify.json'),
          }
        : null,
    unverified: reference
      ? `the bench's network was ${reference.timing.network}`
      : 'no engine curve to check against',
  });
}

function git(command: string): string {
  try {
    return execSync(command, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
}
