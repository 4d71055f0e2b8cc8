import { describe, expect, it } from 'vitest';
import type { FigureData } from '../../src/lib/figure-data';
import { resolveRun } from '../../src/lib/run-options';
import {
  ESTIMATE_SHOWN_ABOVE_S,
  estimateSeconds,
  formatDuration,
  TRAINING_MS_PER_NETWORK_STEP,
} from '../../src/lib/run-time';
import { syntheticFigure } from '../fixtures/synthetic';

/** A published run of 20 networks that took `seconds`, with `steps` fine-tuning steps per network. */
function published(figure: 'fig4' | 'fig15', seconds: number, steps?: number): FigureData {
  const data = syntheticFigure(figure, 20);
  return {
    ...data,
    meta: {
      ...data.meta,
      seeds: 20,
      durationMs: seconds * 1000,
      validationSamples: 10_000,
      testSamples: 10_000,
    },
    extras: steps ? { ...data.extras, 'fine-tune-steps': Array(20).fill(steps) } : data.extras,
  };
}

describe('estimateSeconds', () => {
  it('scales the published run per network, by the validation and test images', () => {
    const fig4 = published('fig4', 80);
    expect(estimateSeconds(resolveRun({ figure: 'fig4', preset: 'paper' }), fig4)).toBeCloseTo(
      80,
      6,
    );
    // smoke: 2 networks on 2,000 + 2,000 images of 20,000
    expect(estimateSeconds(resolveRun({ figure: 'fig4', preset: 'smoke' }), fig4)).toBeCloseTo(
      (80 / 20) * 2 * 0.2,
      6,
    );
  });

  it('scales a fine-tuning figure by its fine-tuning steps', () => {
    const fig15 = published('fig15', 1200, 1563);
    expect(estimateSeconds(resolveRun({ figure: 'fig15', preset: 'paper' }), fig15)).toBeCloseTo(
      1200,
      6,
    );
    // quick: 4 networks, 0.3 epochs = 469 steps
    expect(estimateSeconds(resolveRun({ figure: 'fig15', preset: 'quick' }), fig15)).toBeCloseTo(
      (1200 / 20) * 4 * (469 / 1563),
      6,
    );
    expect(estimateSeconds(resolveRun({ figure: 'fig15', preset: 'smoke' }), fig15)!).toBeLessThan(
      ESTIMATE_SHOWN_ABOVE_S,
    );
  });

  it('adds training when the networks are trained anew, per activation', () => {
    const steps = 10 * 1563 * 20;
    const train = (steps * TRAINING_MS_PER_NETWORK_STEP) / 1000;
    expect(
      estimateSeconds(
        resolveRun({ figure: 'fig4', preset: 'paper', networks: 'retrain' }),
        published('fig4', 80),
      ),
    ).toBeCloseTo(train + 80, 6);
    // Fig. 14 needs sigmoid and ReLU networks; without a published run only training is known
    expect(
      estimateSeconds(resolveRun({ figure: 'fig14', preset: 'paper', networks: 'retrain' })),
    ).toBeCloseTo(2 * train, 6);
    expect(estimateSeconds(resolveRun({ figure: 'fig14', preset: 'paper' }))).toBeNull();
  });
});

describe('formatDuration', () => {
  it('rounds to what a reader can plan with', () => {
    expect(formatDuration(3)).toBe('about 1 s');
    expect(formatDuration(64)).toBe('about 60 s');
    expect(formatDuration(200)).toBe('about 3 min');
    expect(formatDuration(2 * 3600)).toBe('about 2.0 h');
  });
});
