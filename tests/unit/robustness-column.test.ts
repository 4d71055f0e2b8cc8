/**
 * A rerun of Fig. 16 (workers/engine/robustness.ts): every component figure through the runner,
 * each with its paper activation, then one column of verdicts, "your run", with H6 and H7 not
 * evaluated; progress covers the components in order and ends once, at 1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateClaims } from '../../src/lib/claims';
import type { FigureData } from '../../src/lib/figure-data';
import type { TablePanel } from '../../src/lib/panels';
import { VARIANT_FIGURES } from '../../src/lib/robustness';
import { resolveRun } from '../../src/lib/run-options';
import type { Progress } from '../../workers/api';
import { robustnessColumn, YOUR_RUN } from '../../workers/engine/robustness';

const published = (id: string) =>
  JSON.parse(readFileSync(`content/figures/${id}.json`, 'utf8')) as FigureData;

describe("a rerun of Fig. 16's column", () => {
  it('runs each component figure once and evaluates the claims on them', async () => {
    const calls: string[] = [];
    const progress: Progress[] = [];
    const data = await robustnessColumn(
      resolveRun({ figure: 'fig16', preset: 'smoke', threshold: 0.3 }),
      async (run, onProgress) => {
        calls.push(`${run.figure}:${run.activation}:${run.preset.threshold}`);
        onProgress({ stage: 'sweeps', fraction: 0.5, etaSeconds: null, message: 'half' });
        onProgress({ stage: 'done', fraction: 1, etaSeconds: 0, message: 'Done' });
        return published(run.figure);
      },
      (p) => progress.push(p),
    );
    expect(calls.map((c) => c.split(':')[0])).toEqual(VARIANT_FIGURES);
    // the run's choices reach every component; Fig. 9's activation is its own (ReLU)
    expect(calls.every((c) => c.endsWith(':0.3'))).toBe(true);
    expect(calls).toContain('fig9:relu:0.3');
    const table = data.panels[0] as TablePanel;
    expect(data.figure).toBe('fig16');
    expect(table.columns).toEqual([YOUR_RUN]);
    const set = Object.fromEntries(VARIANT_FIGURES.map((f) => [f, published(f)]));
    const c1 = evaluateClaims(set, ['C1'])[0];
    expect(table.rows.find((r) => r.label === 'C1')!.cells[0].note).toBe(c1.measured);
    expect(table.rows.find((r) => r.label === 'H7')!.cells[0].text).toBe('not evaluated');
    // progress: monotone, one 'done', at the end
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.filter((p) => p.stage === 'done')).toHaveLength(1);
    expect(progress.at(-1)!.stage).toBe('done');
    expect(progress[0].message).toMatch(/^Figure 1 \(1 of \d+\): half$/);
  });
});
