/**
 * Charts of the /bench page, drawn with Plot at build time from bench-results/bench.json: one
 * factory per chart, `(results, { document }) -> SVG or figure`, like the figure modules.
 */
import * as Plot from '@observablehq/plot';
import { PALETTE, roundCoordinates } from '../../src/figures/style';
import type { BenchResults, TrainingMethod } from '../results';

export interface ChartOptions {
  /** linkedom's document at build time. */
  document: Document;
  width?: number;
}

/** What a training row measured, in words. */
export const METHOD_LABELS: Record<TrainingMethod, string> = {
  'engine-simd-one': 'engine, one network (WebAssembly SIMD)',
  'engine-simd': 'engine, ensemble (WebAssembly SIMD)',
  'engine-one': 'engine, one network',
  'engine-per-seed': 'engine, ensemble (per seed)',
  'engine-batched': 'engine, ensemble (batched)',
  'engine-fused': 'engine, ensemble (fused WGSL step)',
  'layers-fit': 'Layers API model.fit',
  // measured by `npm run bench:gpu` only; last, so the browser's methods keep their colours
  'engine-batched-one': 'engine, one network (batched)',
  'engine-fused-one': 'engine, one network (fused WGSL step)',
  'engine-fused-40': 'engine, 40 networks (fused WGSL step)',
};

/** ms per network per training step, by backend and method (shorter is faster). */
export function trainingChart(results: BenchResults, options: ChartOptions) {
  const rows = results.training.flatMap((part) =>
    part.rows.flatMap((row) =>
      row.timing && !row.timing.estimate
        ? [
            {
              backend: part.stamp.backend,
              method: METHOD_LABELS[row.method],
              ms: row.timing.msPerNetworkStep,
            },
          ]
        : [],
    ),
  );
  const methods = Object.values(METHOD_LABELS);
  // the rows measured, in the labels' order: no empty room for the rows only Node measures
  const measured = methods.filter((m) => rows.some((row) => row.method === m));
  return draw(options, {
    marginLeft: 190,
    x: { label: 'ms per network per step (batch 32) →', grid: true },
    y: { label: null, domain: measured },
    fy: { label: null, domain: backendsOf(results, rows) },
    color: { domain: methods, range: PALETTE, legend: false },
    marks: [
      Plot.barX(rows, { x: 'ms', y: 'method', fy: 'backend', fill: 'method' }),
      Plot.text(rows, {
        x: 'ms',
        y: 'method',
        fy: 'backend',
        text: (d: { ms: number }) => formatMs(d.ms),
        dx: 4,
        textAnchor: 'start',
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** One layer-1 ablation curve: fast rank-one path against naive recomputation, log scale. */
export function ablationChart(results: BenchResults, options: ChartOptions) {
  const rows = results.ablation.flatMap((part) => [
    { backend: part.stamp.backend, path: 'fast (accuracyCurve)', ms: part.timing.fastMs },
    ...(part.timing.naiveMs === undefined
      ? []
      : [{ backend: part.stamp.backend, path: 'naive', ms: part.timing.naiveMs }]),
  ]);
  return draw(options, {
    marginLeft: 150,
    x: { type: 'log', label: 'ms per curve (log scale) →', grid: true },
    y: { label: null },
    fy: { label: null, domain: backendsOf(results, rows) },
    color: { domain: ['fast (accuracyCurve)', 'naive'], range: PALETTE },
    marks: [
      Plot.barX(rows, { x1: 1, x2: 'ms', y: 'path', fy: 'backend', fill: 'path' }),
      Plot.text(rows, {
        x: 'ms',
        y: 'path',
        fy: 'backend',
        text: (d: { ms: number }) => formatMs(d.ms),
        dx: 4,
        textAnchor: 'start',
      }),
    ],
  });
}

/** Seconds per figure rerun, one dot per preset and network source, a panel per backend. */
export function figuresChart(results: BenchResults, options: ChartOptions) {
  const rows = results.figures
    .filter((run) => run.status === 'ok' && run.coldMs !== undefined)
    .map((run) => ({
      figure: run.figure,
      backend: run.backend,
      run: `${run.preset}, ${run.networks === 'retrain' ? 'from scratch' : 'published'}`,
      seconds: run.coldMs! / 1000,
    }));
  return draw(options, {
    marginLeft: 60,
    x: { label: 'seconds, first rerun in a fresh page →', grid: true },
    y: { label: null, domain: results.options.figures },
    fy: { label: null, domain: backendsOf(results, rows) },
    color: { legend: true, range: PALETTE },
    marks: [Plot.dot(rows, { x: 'seconds', y: 'figure', fy: 'backend', stroke: 'run', r: 4 })],
  });
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
}

// The run's backends that have rows, in the run's order.
function backendsOf(results: BenchResults, rows: { backend: string }[]): string[] {
  return results.options.backends.filter((b) => rows.some((row) => row.backend === b));
}

// Plot with the page's width, the given document and rounded coordinates.
function draw(options: ChartOptions, spec: Plot.PlotOptions) {
  const plot = Plot.plot({
    width: options.width ?? 640,
    marginRight: 70, // room for the bar labels and the backend of each facet
    document: options.document,
    ...spec,
  });
  roundCoordinates(plot);
  return plot;
}
