/**
 * The reader's run written beside the published one (loaded by sceptic.ts with the first rerun).
 * For each check (claim or hypothesis) that reads the figure that changed, it is evaluated again
 * with the same code as the build (src/lib/claims/), on the reader's latest run of each figure it
 * reads, else the published run of that figure (fetched in full, per-network curves included, from
 * /figures/<id>.json; for a rerun on Fashion-MNIST, from its own published run, so that no verdict
 * mixes two data sets), and written beside the published one: `data-rerun-verdict` on the claim's
 * entry, a "your run" badge and values, the inline <Verdict>s and the scoreboard row. Every number
 * of the text that reads the figure (data-number) gets "(your run: …)" in the same format. Nothing
 * published is changed: a reset removes what was added.
 */

import { formatReading, type Reading, readingFigures, readNumber } from '../figures/numbers';
import { CLAIMS, type Claim, HYPOTHESES, verdictWithMargin } from '../lib/claims';
import type { FigureData, FigureId } from '../lib/figure-data';
import { figureSpec } from '../lib/figures';
import { OPEN_CHOICES } from '../lib/open-choices';
import type { Dataset } from '../lib/presets';
import { withBase } from './paths';
import type { Rerun } from './sceptic';

/** Published runs fetched, keyed "<data set>/<figure>". */
const published = new Map<string, Promise<FigureData | undefined>>();
/** Per figure, increases with every change, so a slow fetch does not write an outdated verdict. */
const generation = new Map<FigureId, number>();

const checks: { check: Claim; hypothesis: boolean }[] = [
  ...CLAIMS.map((check) => ({ check, hypothesis: false })),
  ...HYPOTHESES.map((check) => ({ check, hypothesis: true })),
];

/** Re-evaluates every check and number that reads `figure`, given the reader's runs so far. */
export async function update(
  figure: FigureId,
  reruns: ReadonlyMap<FigureId, Rerun>,
): Promise<void> {
  const mine = (generation.get(figure) ?? 0) + 1;
  generation.set(figure, mine);
  updateNumbers(figure, reruns);
  const affected = checks.filter(({ check }) => check.figures.includes(figure));
  for (const { check, hypothesis } of affected) {
    const rerun = check.figures.filter((f) => reruns.has(f));
    if (rerun.length === 0) {
      showVerdict(check.id, hypothesis, null);
      continue;
    }
    // One data set per verdict (#24): the data set of the run that changed (else of the first
    // rerun it reads); the reader's reruns on another data set are left out, and the figures not
    // rerun on this one come from this data set's published run.
    const dataset = datasetOf((reruns.get(figure) ?? reruns.get(rerun[0])!).data);
    const read = rerun.filter((f) => datasetOf(reruns.get(f)!.data) === dataset);
    const set: Partial<Record<FigureId, FigureData>> = {};
    for (const f of check.figures) {
      set[f] = read.includes(f) ? reruns.get(f)!.data : await publishedRun(f, dataset);
    }
    if (mine !== generation.get(figure)) return;
    const outcome = check.evaluate(set);
    const on = dataset === 'mnist' ? '' : ` on ${OPEN_CHOICES.dataset.names[dataset]}`;
    showVerdict(check.id, hypothesis, {
      verdict: outcome.verdict,
      margin: outcome.margin,
      measured: outcome.measured,
      partial: read.some((f) => reruns.get(f)?.partial),
      sources: check.figures.map((f) => {
        const name = `Fig. ${figureSpec(f).number}`;
        return read.includes(f)
          ? `your ${reruns.get(f)!.partial ? 'run so far' : 'run'} of ${name}${on}`
          : `the published ${name}${on}`;
      }),
    });
  }
  markScoreboard(reruns);
}

interface Shown {
  verdict: ReturnType<Claim['evaluate']>['verdict'];
  margin: number | null;
  measured: string;
  partial: boolean;
  sources: string[];
}

/** Writes (or, with null, removes) the reader's verdict of one check everywhere it appears. */
function showVerdict(id: string, hypothesis: boolean, shown: Shown | null): void {
  const text = shown
    ? `your run${shown.partial ? ' so far' : ''}: ${verdictWithMargin(shown, hypothesis)}`
    : '';
  const badge = (el: HTMLElement) => {
    el.hidden = !shown;
    el.textContent = text;
    el.className = shown
      ? `verdict rerun-verdict verdict-${shown.verdict.replace(' ', '-')}`
      : 'verdict rerun-verdict';
    if (shown?.partial) el.classList.add('rerun-partial');
  };
  for (const entry of document.querySelectorAll<HTMLElement>(
    `li[data-claim="${id}"], li[data-hypothesis="${id}"]`,
  )) {
    if (shown) entry.dataset.rerunVerdict = shown.verdict;
    else delete entry.dataset.rerunVerdict;
    if (shown?.partial) entry.dataset.rerunPartial = '';
    else delete entry.dataset.rerunPartial;
    const slot = entry.querySelector<HTMLElement>('[data-role=rerun-verdict]');
    if (slot) badge(slot);
    const measured = entry.querySelector<HTMLElement>('[data-role=rerun-measured]');
    if (measured) {
      measured.hidden = !shown;
      measured.textContent = shown
        ? `Your run (read from ${shown.sources.join(' and ')}): ${shown.measured}`
        : '';
    }
  }
  for (const el of document.querySelectorAll<HTMLElement>(`[data-rerun-verdict-of="${id}"]`)) {
    badge(el);
  }
  const row = document.querySelector<HTMLElement>(`tr[data-scoreboard="${id}"]`);
  if (row) {
    if (shown) row.dataset.rerunVerdict = shown.verdict;
    else delete row.dataset.rerunVerdict;
    const cell = row.querySelector<HTMLElement>('[data-role=rerun-verdict]');
    if (cell) {
      cell.textContent = '';
      if (shown) {
        const span = document.createElement('span');
        badge(span);
        span.textContent = `${verdictWithMargin(shown, hypothesis)}${shown.partial ? ' (so far)' : ''}`;
        cell.append(span);
      } else {
        cell.textContent = 'not rerun';
      }
    }
  }
}

/** The scoreboard says whether anything has been rerun (styling and tests). */
function markScoreboard(reruns: ReadonlyMap<FigureId, Rerun>): void {
  const board = document.querySelector<HTMLElement>('[data-role=scoreboard]');
  if (!board) return;
  if (reruns.size > 0) board.dataset.rerun = [...reruns.keys()].join(' ');
  else delete board.dataset.rerun;
}

/** "83.9 % (your run: 81.2 %)" for every number of the text that reads `figure`. */
function updateNumbers(figure: FigureId, reruns: ReadonlyMap<FigureId, Rerun>): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-number]')) {
    const reading = JSON.parse(el.dataset.number ?? '{}') as Reading;
    const figures = readingFigures(reading);
    if (!figures.includes(figure)) continue;
    let mine = el.nextElementSibling as HTMLElement | null;
    if (!mine?.matches('[data-role=rerun-number]')) {
      mine = document.createElement('span');
      mine.dataset.role = 'rerun-number';
      mine.className = 'rerun-number';
      el.after(mine);
    }
    const rerun = figures.filter((f) => reruns.has(f));
    if (rerun.length === 0) {
      mine.remove();
      continue;
    }
    // the other term of a difference, when not rerun, is read from the published figure drawn on
    // the page (means to 5 significant digits, as embedded)
    const value = readNumber(reading, (f) => reruns.get(f)?.data ?? embeddedRun(f));
    const partial = rerun.some((f) => reruns.get(f)?.partial);
    mine.textContent = ` (your run${partial ? ' so far' : ''}: ${formatReading(reading, value)})`;
  }
}

const embedded = new Map<FigureId, FigureData | undefined>();
/** The published run as embedded in the figure (slim: means only), for the text's numbers; parsed once. */
function embeddedRun(figure: FigureId): FigureData | undefined {
  if (!embedded.has(figure)) {
    const script = document.querySelector(`figure#${figure} script[data-role=published-data]`);
    embedded.set(
      figure,
      script?.textContent ? (JSON.parse(script.textContent) as FigureData) : undefined,
    );
  }
  return embedded.get(figure);
}

const datasetOf = (data: FigureData): Dataset => data.meta.dataset ?? 'mnist';

/**
 * A data set's published run in full (per-network curves for the noise rule), fetched once:
 * MNIST's from /figures/<id>.json, Fashion-MNIST's from /figures/fashion/<id>.json.
 */
function publishedRun(figure: FigureId, dataset: Dataset): Promise<FigureData | undefined> {
  const key = `${dataset}/${figure}`;
  let run = published.get(key);
  if (!run) {
    const path =
      dataset === 'mnist' ? `figures/${figure}.json` : `figures/${dataset}/${figure}.json`;
    run = fetch(withBase(path))
      .then((r) => (r.ok ? (r.json() as Promise<FigureData>) : undefined))
      .catch(() => undefined);
    published.set(key, run);
  }
  return run;
}
