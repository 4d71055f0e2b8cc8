/**
 * The options of `npm run bench`, in one form from the command line to the measurements: parsed
 * once from the flags by the entry (bench/main.ts), handed to the Playwright run as one JSON
 * variable, and turned into the budgets and repeats the measurements use (docs/bench.md).
 */
import type { FigureId } from '../src/lib/figure-data';
import type { Dataset } from '../src/lib/presets';
import { type BackendName, checkBackend, checkDataset, checkFigure } from '../src/lib/run-options';
import type { StepBudget } from './results';

export interface BenchOptions {
  backends: BackendName[];
  /** Fewer steps and repeats, and no second ("again") figure rerun. */
  quick: boolean;
  /** Empty: every figure of the catalog. */
  figures: FigureId[];
  /** Also rerun the quick preset from scratch (trains 4 networks x 2 epochs: minutes). */
  quickRetrain: boolean;
  /** Also rerun the paper preset. */
  paper: boolean;
  /** Run the numpy peer after the browser (bench/peer/). */
  peer: boolean;
  /** The figure reruns' data set (#24); on Fashion-MNIST they train (its weights are not shipped). */
  dataset: Dataset;
}

export const USAGE =
  'usage: npm run bench [-- --backends=webgpu,wasm,cpu] [--quick] [--figures=fig1,fig4] [--quick-retrain] [--paper] [--no-peer] [--dataset=mnist|fashion]';

/** The bench's own build of the site (Playwright's web server builds it; bench/browser/). */
export const SITE = '.cache/bench-site';
/** Where the results go; `npm run build` reads bench.json from here (src/pages/bench.astro). */
export const OUT = 'bench-results';
/** One JSON file per measurement of the Playwright run, assembled by bench/main.ts. */
export const PARTS = `${OUT}/parts`;
/** The variable that carries the options from bench/main.ts into the Playwright run. */
const ENV = 'BENCH_OPTIONS';

const ALL_BACKENDS: BackendName[] = ['webgpu', 'wasm', 'cpu'];
const FLAGS = ['--quick', '--quick-retrain', '--paper', '--no-peer'];

/**
 * The options from `npm run bench -- ...`. Backend names and figure ids are checked by the report's
 * own vocabulary (src/lib/run-options.ts), so a bad one gets the same message here as on the page.
 * Throws a RangeError with the message on a bad argument.
 */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const value = (name: string) =>
    args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  for (const a of args) {
    if (!FLAGS.includes(a) && !/^--(backends|figures|dataset)=/.test(a)) {
      throw new RangeError(`bench: unknown argument ${a}\n${USAGE}`);
    }
  }
  const backends = (value('backends') ?? ALL_BACKENDS.join(',')).split(',').filter(Boolean);
  if (backends.length === 0) {
    throw new RangeError(`bench: no backend given; choose from ${ALL_BACKENDS.join(', ')}`);
  }
  for (const name of backends) {
    if (checkBackend(name) === 'auto') {
      throw new RangeError('The benchmark measures named backends: choose from webgpu, wasm, cpu.');
    }
  }
  return {
    backends: backends as BackendName[],
    quick: args.includes('--quick'),
    figures: (value('figures') ?? '').split(',').filter(Boolean).map(checkFigure),
    quickRetrain: args.includes('--quick-retrain'),
    paper: args.includes('--paper'),
    peer: !args.includes('--no-peer'),
    dataset: checkDataset(value('dataset') ?? 'mnist'),
  };
}

/** The environment of the Playwright run: the options as one variable. */
export function optionsEnv(options: BenchOptions): Record<string, string> {
  return { [ENV]: JSON.stringify(options) };
}

/** The options inside the Playwright run; all backends and defaults when run by hand. */
export function optionsFromEnv(): BenchOptions {
  const given = process.env[ENV];
  return given ? (JSON.parse(given) as BenchOptions) : parseBenchArgs([]);
}

/** Networks per ensemble: the paper's 20 seeds. */
export const ENSEMBLE = 20;
/** Pruned networks Fig. 15 fine-tunes per seed (workers/engine/figures/retraining.ts). */
export const FINE_TUNE_STARTS = 25;

/** How long each measurement of the browser run may take, from the options. */
export function browserPlan(options: BenchOptions) {
  const budget: StepBudget = options.quick
    ? { budgetMs: 2_000, minSteps: 25, maxSteps: 100, limitMs: 60_000 }
    : { budgetMs: 8_000, minSteps: 25, maxSteps: 300, limitMs: 240_000 };
  return {
    budget,
    /** The plain CPU kernels are 10-50x slower: fewer steps, and the slow ensemble layout left out. */
    cpuBudget: { ...budget, budgetMs: 4_000, maxSteps: 100 } satisfies StepBudget,
    repeats: options.quick
      ? { importance: 3, fast: 2, naive: 1, naiveLimitMs: 20_000 }
      : { importance: 10, fast: 5, naive: 2, naiveLimitMs: 60_000 },
    fineTuneSteps: options.quick ? 5 : 20,
  };
}
