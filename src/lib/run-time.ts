/**
 * The rerun form's estimate of how long a run takes, so that a reader knows before pressing the
 * button (a run over a minute says so). A model, not a measurement: the published run's time per
 * network, scaled to the rerun's sizes, plus training at the WASM engine's time per network-step
 * inside a per-seed ensemble measured by `npm run bench` (docs/bench.md, table 1). Both numbers come
 * from our 2-core machine on WASM; a GPU or more cores can be faster. Pure: no DOM.
 */
import type { FigureData } from './figure-data';
import { type FigureSpec, figureSpec, fineTunes, isComposite } from './figures';
import { fineTuneSteps } from './retraining';
import type { ResolvedRun } from './run-options';

/** ms per network per training step, engine, 20 networks per-seed on WASM (docs/bench.md). */
export const TRAINING_MS_PER_NETWORK_STEP = 5.6;
/** Above this, the form states the estimate before the run. */
export const ESTIMATE_SHOWN_ABOVE_S = 60;
/** Above this, a run starts only on a second press of "Rerun figure", the estimate said first. */
export const CONFIRM_ABOVE_S = 15 * 60;

/**
 * Seconds a run should take on a machine like ours (WASM), or null without a published run to scale
 * from (then only training, if any, is counted, and the analysis is unknown).
 */
export function estimateSeconds(run: ResolvedRun, published?: FigureData): number | null {
  const spec: FigureSpec = figureSpec(run.figure);
  const p = run.preset;
  const activations = spec.activation === 'both' ? 2 : 1;
  const training =
    run.networks === 'retrain'
      ? (activations *
          p.seeds *
          p.epochs *
          Math.ceil(p.trainSamples / p.batchSize) *
          TRAINING_MS_PER_NETWORK_STEP) /
        1000
      : 0;
  if (!published || published.meta.seeds === 0) return training > 0 ? training : null;
  const m = published.meta;
  if (isComposite(run.figure)) {
    // one column of Fig. 16: every component figure, at the control column's time per network
    const perNetwork = published.extras['analysis-seconds-per-network'];
    const seconds = Array.isArray(perNetwork) ? perNetwork[0] : perNetwork;
    if (seconds === undefined) return training > 0 ? training : null;
    const scale = (p.validationSamples + p.testSamples) / (m.validationSamples + m.testSamples);
    return training + seconds * scale * p.seeds;
  }
  const perNetwork = m.durationMs / 1000 / m.seeds;
  // fine-tuning dominates where there is any; otherwise the validation and test passes
  const publishedSteps = published.extras['fine-tune-steps'];
  const scale =
    fineTunes(run.figure) && Array.isArray(publishedSteps) && publishedSteps.length > 0
      ? fineTuneSteps({
          samples: p.trainSamples,
          batchSize: p.batchSize,
          epochs: p.fineTuneEpochs,
        }) / publishedSteps[0]
      : (p.validationSamples + p.testSamples) / (m.validationSamples + m.testSamples);
  return training + perNetwork * scale * p.seeds;
}

/** "about 40 s", "about 3 min", "about 1.5 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds / 10) * 10)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
