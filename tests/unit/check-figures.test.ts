/**
 * `npm run figures -- --check`'s comparison (scripts/check-figures.ts) run as a maintainer runs it,
 * in a child process on folders of its own: it passes the published figures compared with
 * themselves, and fails when one histogram bin (Fig. 7) or one heatmap cell (Fig. 11) moved.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FigureData } from '../../src/lib/figure-data';

const ROOT = resolve(__dirname, '../..');
const published = (id: string) => join(ROOT, 'content/figures', `${id}.json`);

/** Runs the check on a fresh folder holding the given regenerated figures. */
function check(figures: Record<string, FigureData | 'published'>) {
  const dir = mkdtempSync(join(tmpdir(), 'check-figures-'));
  for (const [id, data] of Object.entries(figures)) {
    const file = join(dir, `check-${id}.json`);
    if (data === 'published') copyFileSync(published(id), file);
    else writeFileSync(file, JSON.stringify(data));
  }
  const run = spawnSync(join(ROOT, 'node_modules/.bin/vite-node'), ['scripts/check-figures.ts'], {
    cwd: ROOT,
    env: { ...process.env, FIGURES_CHECK_DIR: dir },
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const read = (id: string) => JSON.parse(readFileSync(published(id), 'utf8')) as FigureData;

describe('figures --check', () => {
  it('passes the published figures against themselves', () => {
    const { status, output } = check({ fig7: 'published', fig11: 'published' });
    expect(output).toMatch(/fig7 .* ok .*histograms 0\.0000 <= 0\.002/);
    expect(output).toMatch(/fig11 .* ok .*heatmap 0\.000 <= 0\.001/);
    expect(status).toBe(0);
  }, 60_000);

  it('fails on one histogram bin raised by 0.2', () => {
    const fig7 = read('fig7');
    const panel = fig7.panels.find((p) => p.kind === 'histograms');
    if (panel?.kind !== 'histograms') throw new Error('Fig. 7 has no histogram panel');
    panel.neurons[0].probabilities[3] += 0.2;
    const { status, output } = check({ fig7 });
    expect(output).toMatch(/fig7 .* REGRESSION/);
    expect(output).toContain(`histograms ${panel.id}/${panel.neurons[0].label}`);
    expect(status).toBe(1);
  }, 60_000);

  it('fails on one heatmap cell raised by 0.01 bit', () => {
    const fig11 = read('fig11');
    const panel = fig11.panels.find((p) => p.kind === 'heatmap');
    if (panel?.kind !== 'heatmap') throw new Error('Fig. 11 has no heatmap panel');
    panel.rows[5].values[2] += 0.01;
    const { status, output } = check({ fig11 });
    expect(output).toMatch(/fig11 .* REGRESSION/);
    expect(output).toContain(`heatmap ${panel.id}/`);
    expect(status).toBe(1);
  }, 60_000);
});
