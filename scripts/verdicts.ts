/**
 * Every claim's and hypothesis's verdict on a set of figures, one per line with its smallest margin
 * in standard errors and the measured values: `npm run verdicts [-- dir]` (default content/figures,
 * the published run). For comparing verdicts before and after a change, and for the closing notes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateClaims, evaluateHypotheses, type FigureSet } from '../src/lib/claims';
import { marginText } from '../src/lib/claims/verdict';
import { FIGURE_IDS } from '../src/lib/figures';

const dir = process.argv.slice(2).find((a) => a !== '--') ?? 'content/figures';
const set: FigureSet = {};
for (const id of FIGURE_IDS) {
  const file = join(dir, `${id}.json`);
  if (existsSync(file)) set[id] = JSON.parse(readFileSync(file, 'utf8'));
}
for (const c of [...evaluateClaims(set), ...evaluateHypotheses(set)]) {
  const margin = c.margin === null ? '-' : marginText(c.margin);
  console.log(`${c.id.padEnd(4)} ${c.verdict.padEnd(15)} ${margin.padEnd(9)} ${c.measured}`);
}
