/**
 * The second half of `npm run figures -- --only=fig16` (docs/method.md §11): assembles Fig. 16 from
 * the published figures (content/figures/) and each variant's figures (content/robustness/<variant>/,
 * written by e2e/figures/robustness.figures.ts), with Fashion-MNIST's published run (content/fashion/)
 * as a last column, and writes content/figures/fig16.json. Prints the
 * variants still missing, the rows that flip and each variant's time.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FASHION_FIGURE_IDS, fashionFigures } from '../src/figures/fashion';
import type { FigureSet } from '../src/lib/claims';
import type { FigureData, FigureId } from '../src/lib/figure-data';
import { FIGURE_IDS, figureSpec } from '../src/lib/figures';
import { assemblePanel, type TablePanel } from '../src/lib/panels';
import {
  fashionColumn,
  robustnessColumns,
  robustnessTable,
  SUMMARY_COLUMN,
  VARIANT_SEEDS,
  VARIANTS,
} from '../src/lib/robustness';
import { shortCommit } from './commit.mjs';
import { readVariantFigures } from './robustness-files';

const ROOT = process.env.ROBUSTNESS_OUT ?? 'content/robustness';
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function figureSet(dir: string, ids: readonly FigureId[]): FigureSet {
  const set: FigureSet = {};
  for (const id of ids) {
    const file = join(dir, `${id}.json`);
    if (existsSync(file)) set[id] = read(file) as FigureData;
  }
  return set;
}

const published = figureSet('content/figures', FIGURE_IDS);
const variants: Record<string, FigureSet> = {};
const seconds: Record<string, number> = {};
for (const v of VARIANTS) {
  const dir = join(ROOT, v.id);
  variants[v.id] = readVariantFigures(dir);
  const times = join(ROOT, v.id, 'times.json');
  if (existsSync(times)) {
    seconds[v.id] =
      Object.values(read(times) as Record<string, number>).reduce((s, t) => s + t, 0) / 1000;
  }
}
const columns = robustnessColumns(published, variants);
// Fashion-MNIST's published run, a column after the summary (#24)
const fashion =
  Object.keys(fashionFigures).length > 0 ? [fashionColumn(fashionFigures, FASHION_FIGURE_IDS)] : [];
const rows = robustnessTable(columns, { after: fashion });
const spec = figureSpec('fig16');
const table = assemblePanel(spec.panels[0], [
  { curves: {}, values: {}, histograms: {}, tables: { a: rows }, extras: {} },
]) as TablePanel;
const total = Object.values(seconds).reduce((s, t) => s + t, 0);
const base = published.fig1!.meta;
const commit = shortCommit();
const data: FigureData = {
  figure: 'fig16',
  title: spec.title,
  activation: spec.activation,
  meta: {
    ...base,
    seeds: VARIANT_SEEDS,
    durationMs: Math.round(total * 1000),
    networks: 'published',
    commit,
    createdAt: new Date().toISOString(),
  },
  panels: [table],
  // the control column analyses the published networks: its time per network is a column's
  // analysis time, which the rerun form scales (src/lib/run-time.ts)
  extras:
    seconds['published-10'] !== undefined && !columns[1].missing
      ? { 'analysis-seconds-per-network': [seconds['published-10'] / VARIANT_SEEDS] }
      : {},
};
writeFileSync('content/figures/fig16.json', `${JSON.stringify(data)}\n`);

const missing = columns.filter((c) => c.missing).map((c) => c.label);
console.log(`fig16: ${columns.length - missing.length} of ${columns.length} columns evaluated`);
if (missing.length > 0) console.log(`  not generated yet: ${missing.join('; ')}`);
const summary = table.columns.indexOf(SUMMARY_COLUMN);
for (const row of table.rows) {
  const s = row.cells[summary];
  if (s.text === 'fragile') console.log(`  ${row.label}: fragile, ${s.note}`);
}
for (const v of VARIANTS) {
  if (seconds[v.id] !== undefined) console.log(`  ${v.id}: ${(seconds[v.id] / 60).toFixed(1)} min`);
}
console.log(`  all variants: ${(total / 60).toFixed(1)} min`);
