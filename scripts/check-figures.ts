/**
 * The second half of `npm run figures -- --check`: compares the regenerated figures
 * (test-results/check-<id>.json, written by e2e/figures/generate.figures.ts, from any number of
 * shards) with the published ones in content/figures/, prints each figure's deviation panel kind
 * by panel kind (src/lib/regression.ts) and every claim's verdict on both, and exits non-zero on a
 * regression beyond tolerance. FIGURES_CHECK_DIR moves the folder of regenerated figures; with
 * FIGURES_DATASET=fashion the published ones are Fashion-MNIST's, kept in content/fashion/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateClaims, evaluateHypotheses, type FigureSet } from '../src/lib/claims';
import type { FigureData, FigureId } from '../src/lib/figure-data';
import { describeDeviation, deviation, withinTolerance } from '../src/lib/regression';
import { readVariantFigure } from './robustness-files';

const dir = process.env.FIGURES_CHECK_DIR ?? 'test-results';
const fashion = process.env.FIGURES_DATASET === 'fashion';
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as FigureData;
const rerun: FigureSet = {};
const published: FigureSet = {};
for (const file of existsSync(dir) ? readdirSync(dir) : []) {
  const match = /^check-(fig\d+)\.json$/.exec(file);
  if (!match) continue;
  const id = match[1] as FigureId;
  rerun[id] = read(join(dir, file));
  const reference = join('content/figures', `${id}.json`);
  if (fashion) {
    const kept = readVariantFigure('content/fashion', id);
    if (kept) published[id] = kept;
  } else if (existsSync(reference)) published[id] = read(reference);
}
const ids = Object.keys(rerun) as FigureId[];
if (ids.length === 0) {
  console.error(`check: no regenerated figures in ${dir}/ (run npm run figures -- --check)`);
  process.exit(1);
}

let failures = 0;
console.log('\nfigure  preset(published -> rerun)  result  deviation by panel kind <= band');
for (const id of ids.sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))) {
  const r = rerun[id]!;
  const p = published[id];
  if (!p) {
    console.log(`${id.padEnd(7)} no published data: nothing to compare`);
    continue;
  }
  const d = deviation(r, p);
  const { ok, band } = withinTolerance(r, p, d);
  if (!ok) failures++;
  console.log(
    `${id.padEnd(7)} ${`${p.meta.preset} -> ${r.meta.preset}`.padEnd(27)} ${ok ? 'ok    ' : 'REGRESSION'}  ${describeDeviation(d, band)}${ok ? '' : ` (worst: ${d.worst})`}`,
  );
}

// the paper's claims, then our hypotheses, never mixed
for (const [title, evaluate] of [
  ['claim ', evaluateClaims],
  ['hypoth', evaluateHypotheses],
] as const) {
  const before = new Map(evaluate(published).map((c) => [c.id, c]));
  console.log(`\n${title} published          rerun              measured (rerun)`);
  for (const claim of evaluate(rerun)) {
    if (!claim.figures.some((f) => ids.includes(f))) continue;
    const was = before.get(claim.id)?.verdict ?? '-';
    console.log(
      `${claim.id.padEnd(6)} ${was.padEnd(18)} ${claim.verdict.padEnd(18)} ${claim.measured}`,
    );
  }
}
console.log(
  failures === 0
    ? `\ncheck: ${ids.length} figure(s) within tolerance`
    : `\ncheck: ${failures} figure(s) beyond tolerance`,
);
process.exit(failures === 0 ? 0 : 1);
