/**
 * Checks a headless runner's options with the report's own run vocabulary (src/lib/run-options.ts),
 * so `npm run figures` refuses a bad value with the same message as the page and the worker
 * (`npm run bench` checks its own in bench/options.ts with the same functions). Usage:
 * vite-node scripts/run-args.ts preset=paper backend=wasm figures=fig1,fig4 (any subset; `figures`
 * takes a comma list). Exit 2 with the message on a bad value.
 */
import { checkBackend, checkDataset, checkFigure, checkPreset } from '../src/lib/run-options';

const checks: Record<string, (value: string) => void> = {
  preset: checkPreset,
  backend: checkBackend,
  dataset: checkDataset,
  figures: (list) => {
    for (const id of list.split(',').filter(Boolean)) checkFigure(id);
  },
};

try {
  for (const arg of process.argv.slice(2)) {
    const [name, value = ''] = arg.split(/=(.*)/s);
    const check = checks[name];
    if (!check) throw new RangeError(`run-args: no option "${name}"`);
    check(value);
  }
} catch (error) {
  if (!(error instanceof RangeError)) throw error;
  console.error(error.message);
  process.exit(2);
}
