/**
 * A rerun of Fig. 16 (docs/method.md §11): one column of the robustness table, the reader's run.
 * Computes every figure the claims read (VARIANT_FIGURES) with the run's settings, each through the
 * same runner as a figure of its own, then evaluates the claims and hypotheses on them. The runner
 * is passed in (experiments.ts), which keeps the networks of a training run for all the figures.
 */
import type { FigureData } from '../../src/lib/figure-data';
import { figureSpec } from '../../src/lib/figures';
import { assemblePanel } from '../../src/lib/panels';
import { robustnessTable, VARIANT_FIGURES } from '../../src/lib/robustness';
import type { ResolvedRun } from '../../src/lib/run-options';
import type { Progress } from '../api';
import { Clock } from './clock';

/** The column's heading: the reader's run, as the published columns' headings are theirs. */
export const YOUR_RUN = 'your run';

type Runner = (run: ResolvedRun, onProgress: (p: Progress) => void) => Promise<FigureData>;

export async function robustnessColumn(
  run: ResolvedRun,
  runFigure: Runner,
  onProgress: (p: Progress) => void = () => {},
): Promise<FigureData> {
  const clock = new Clock();
  const figures: Partial<Record<(typeof VARIANT_FIGURES)[number], FigureData>> = {};
  const count = VARIANT_FIGURES.length;
  let last: FigureData | undefined;
  // the component that trained the run's networks, if any: the later ones found them kept
  let trained: FigureData | undefined;
  for (const [i, figure] of VARIANT_FIGURES.entries()) {
    const spec = figureSpec(figure);
    // each figure with its paper activation: a claim read on the other one is inconclusive
    const activation = spec.activation === 'both' ? run.activation : spec.activation;
    last = await runFigure({ ...run, figure, activation }, (p) =>
      onProgress({
        ...p,
        stage: p.stage === 'done' ? 'sweeps' : p.stage,
        fraction: (i + p.fraction) / count,
        etaSeconds: clock.eta((i + p.fraction) / count),
        message: `Figure ${spec.number} (${i + 1} of ${count}): ${p.message}`,
      }),
    );
    figures[figure] = last;
    if (last.meta.networks === 'trained') trained ??= last;
  }
  const spec = figureSpec(run.figure);
  const rows = robustnessTable([{ label: YOUR_RUN, figures }], { summary: false });
  const table = assemblePanel(spec.panels[0], [
    { curves: {}, values: {}, histograms: {}, tables: { [spec.panels[0].id]: rows }, extras: {} },
  ]);
  onProgress({
    stage: 'done',
    fraction: 1,
    etaSeconds: 0,
    message: 'Done',
    backend: last?.meta.backend ?? 'wasm',
  });
  return {
    figure: run.figure,
    title: spec.title,
    activation: spec.activation,
    meta: {
      ...last!.meta,
      // how the run's networks came about, as the component that got them first says
      ...(trained
        ? {
            networks: 'trained' as const,
            ...(trained.meta.trainedBy ? { trainedBy: trained.meta.trainedBy } : {}),
          }
        : {}),
      durationMs: Math.round(clock.elapsed() * 1000),
    },
    panels: [table],
    extras: {},
  };
}
