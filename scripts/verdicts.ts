/**
 * Every claim's and hypothesis's verdict on a set of figures, one per line with its smallest margin
 * in standard errors and the measured values: `npm run verdicts [-- dir]` (default content/figures,
 * the published run; a folder of kept `figN.json.br`, such as content/fashion/, is read too). For
 * comparing verdicts before and after a change, and for the closing notes.
 * `npm run verdicts -- --carry-over` prints what carries over from MNIST to Fashion-MNIST
 * (src/lib/carry-over.ts): the intact accuracy on each, then every check whose verdict differs, with
 * what each run measured.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fashionFigures } from '../src/figures/fashion';
import { carryOver } from '../src/lib/carry-over';
import { evaluateClaims, evaluateHypotheses, type FigureSet } from '../src/lib/claims';
import { marginText } from '../src/lib/claims/verdict';
import { FIGURE_IDS } from '../src/lib/figures';
import { readVariantFigure } from './robustness-files';

const args = process.argv.slice(2).filter((a) => a !== '--');

function figuresIn(dir: string): FigureSet {
  const set: FigureSet = {};
  for (const id of FIGURE_IDS) {
    const file = join(dir, `${id}.json`);
    if (existsSync(file)) set[id] = JSON.parse(readFileSync(file, 'utf8'));
    else {
      const kept = readVariantFigure(dir, id);
      if (kept) set[id] = kept;
    }
  }
  return set;
}

const margin = (m: number | null) => (m === null ? '-' : marginText(m));

if (args.includes('--carry-over')) {
  const { checks, accuracy } = carryOver(figuresIn('content/figures'), fashionFigures);
  for (const a of accuracy) {
    const pct = (e: typeof a.mnist) =>
      e === null
        ? 'missing'
        : `${e.mean.toFixed(2)} % (SE ${e.se?.toFixed(2) ?? '-'}, ${e.networks} networks)`;
    console.log(
      `intact accuracy ${a.activation} (${a.figure}): MNIST ${pct(a.mnist)}; Fashion-MNIST ${pct(a.fashion)}`,
    );
  }
  const differ = checks.filter((c) => !c.carries);
  console.log(
    `\n${checks.length - differ.length} of ${checks.length} checks carry over; ${differ.length} differ (${differ.filter((c) => c.turnsOver).length} turn over):`,
  );
  for (const c of differ) {
    console.log(
      `\n${c.id}${c.turnsOver ? ' (turns over)' : ''}: MNIST ${c.mnist.verdict} ${margin(c.mnist.margin)} -> Fashion-MNIST ${c.fashion.verdict} ${margin(c.fashion.margin)}`,
    );
    console.log(`  MNIST:         ${c.mnist.measured}`);
    console.log(`  Fashion-MNIST: ${c.fashion.measured}`);
  }
} else {
  const set = figuresIn(args[0] ?? 'content/figures');
  for (const c of [...evaluateClaims(set), ...evaluateHypotheses(set)]) {
    console.log(
      `${c.id.padEnd(4)} ${c.verdict.padEnd(15)} ${margin(c.margin).padEnd(9)} ${c.measured}`,
    );
  }
}
