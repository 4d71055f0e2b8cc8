/**
 * Fig. 16 (src/lib/robustness.ts, docs/method.md §11): the variants are the ones written down before
 * the run and valid runs of the report's vocabulary; each published cell is the verdict on that
 * variant's published figures; a variant built to flip one claim flips exactly that row.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { madeAs, readVariantFigures } from '../../scripts/robustness-files';
import { fashionFigures, fashionMissing } from '../../src/figures/fashion';
import {
  CLAIMS,
  evaluateClaims,
  evaluateHypotheses,
  type FigureSet,
  HYPOTHESES,
  verdictText,
} from '../../src/lib/claims';
import type { FigureData, FigureId } from '../../src/lib/figure-data';
import { OPEN_CHOICES, TRAINING_CHOICES } from '../../src/lib/open-choices';
import type { TablePanel } from '../../src/lib/panels';
import {
  BASELINE_GROUP,
  FASHION_COLUMN,
  PUBLISHED_COLUMN,
  robustnessColumns,
  robustnessSummary,
  robustnessTable,
  SUMMARY_COLUMN,
  VARIANT_FIGURES,
  VARIANT_SEEDS,
  VARIANTS,
} from '../../src/lib/robustness';
import { resolveRun } from '../../src/lib/run-options';

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as FigureData;
const figures = (dir: string, ids: readonly FigureId[]): FigureSet =>
  Object.fromEntries(
    ids
      .filter((id) => existsSync(join(dir, `${id}.json`)))
      .map((id) => [id, read(join(dir, `${id}.json`))]),
  );
/** A variant's figures as kept (scripts/robustness-files.ts). */
const variantFigures = readVariantFigures;
const PUBLISHED_IDS = [...VARIANT_FIGURES, 'fig15'] as FigureId[];
const published = figures('content/figures', PUBLISHED_IDS);

describe('the variants of Fig. 16', () => {
  it('are the list docs/method.md §11 fixed, in its order', () => {
    const method = readFileSync('docs/method.md', 'utf8');
    const section = method.slice(method.indexOf('## 11.'));
    const ids = [...section.matchAll(/^\| `([a-z0-9.-]+)` \|/gm)].map((m) => m[1]);
    expect(ids).toEqual(VARIANTS.map((v) => v.id));
  });

  it.each(VARIANTS.map((v) => [v.id, v] as const))(
    '%s is a valid run that trains exactly when it must',
    (_, v) => {
      const run = resolveRun({
        figure: 'fig16',
        preset: 'paper',
        networks: v.trains ? 'retrain' : 'published',
        ...v.options,
      });
      const training =
        v.options.epochs !== undefined ||
        TRAINING_CHOICES.some(
          (k) => (v.options as Record<string, unknown>)[OPEN_CHOICES[k].param] !== undefined,
        );
      expect(v.trains).toBe(training);
      // one choice moved at a time
      expect(Object.keys(v.options).length).toBeLessThanOrEqual(1);
      expect(run.preset.seeds).toBe(20);
    },
  );

  it('compute every figure a claim reads but Fig. 15', () => {
    const read = new Set([...CLAIMS, ...HYPOTHESES].flatMap((c) => c.figures));
    expect(new Set([...VARIANT_FIGURES, 'fig15'])).toEqual(read);
  });
});

describe('the published Fig. 16', () => {
  const file = 'content/figures/fig16.json';
  const data = existsSync(file) ? read(file) : undefined;
  const table = data?.panels[0] as TablePanel | undefined;

  const verdictRows = () => table!.rows.filter((r) => r.group !== BASELINE_GROUP);

  it('has one row per claim and hypothesis and one column per variant, the published run first', () => {
    expect(table?.kind).toBe('table');
    expect(verdictRows().map((r) => r.label)).toEqual([...CLAIMS, ...HYPOTHESES].map((c) => c.id));
    expect(table!.columns).toEqual([
      PUBLISHED_COLUMN,
      ...VARIANTS.map((v) => v.label),
      SUMMARY_COLUMN,
      // Fashion-MNIST's published run, once it is kept (#24), after the summary
      ...(Object.keys(fashionFigures).length > 0 ? [FASHION_COLUMN] : []),
    ]);
  });

  it("says in each cell the verdict evaluateClaims / evaluateHypotheses give on that column's figures", () => {
    const columns: [string, FigureSet][] = [
      [PUBLISHED_COLUMN, published],
      ...VARIANTS.map(
        (v) => [v.label, variantFigures(join('content/robustness', v.id))] as [string, FigureSet],
      ),
    ];
    let checked = 0;
    for (const [label, set] of columns) {
      const c = table!.columns.indexOf(label);
      const complete = VARIANT_FIGURES.every((f) => set[f]);
      const results = [...evaluateClaims(set), ...evaluateHypotheses(set)];
      for (const [i, row] of verdictRows().entries()) {
        const cell = row.cells[c];
        if (!complete) {
          expect(cell.text, `${row.label} under ${label}`).toBe('not evaluated');
          continue;
        }
        if (cell.text === 'not evaluated') {
          // only the rows that read Fig. 15, and only in the variants
          expect(results[i].figures).toContain('fig15');
          expect(label).not.toBe(PUBLISHED_COLUMN);
          continue;
        }
        expect(cell.text, `${row.label} under ${label}`).toBe(
          verdictText(results[i].verdict, row.label.startsWith('H')),
        );
        expect(cell.note).toBe(results[i].measured);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(CLAIMS.length + HYPOTHESES.length);
  });

  it('holds only figures made as their variant says (its seeds and its moved choice)', () => {
    let kept = 0;
    for (const v of VARIANTS) {
      for (const data of Object.values(variantFigures(join('content/robustness', v.id)))) {
        expect(madeAs(data!, VARIANT_SEEDS, v.options), `${v.id} ${data!.figure}`).toBe(true);
        kept++;
      }
    }
    // and the check can fail: a figure of the control is not one of λ = 0's
    const control = variantFigures('content/robustness/published-10').fig1;
    if (control) expect(madeAs(control, VARIANT_SEEDS, { l2: 0 })).toBe(false);
    expect(kept).toBeGreaterThan(0);
  });

  it("opens with each column's intact accuracy, sigmoid from Fig. 1 and ReLU from Fig. 9", () => {
    const [sigmoid, relu] = table!.rows.filter((r) => r.group === BASELINE_GROUP);
    const at0 = (data: FigureData | undefined) => {
      const panel = data?.panels.find((p) => p.id === 'a');
      const s =
        panel?.kind === 'curves' ? panel.series.find((x) => x.key === 'random-zero') : undefined;
      return `${s!.mean[0].toFixed(1)} %`;
    };
    expect(sigmoid.cells[0].text).toBe(at0(published.fig1));
    expect(relu.cells[0].text).toBe(at0(published.fig9));
    expect(sigmoid.cells[table!.columns.indexOf(SUMMARY_COLUMN)].text).toBe('');
  });

  it("gives Fashion-MNIST's column the verdicts on its own figures, Fig. 15's included, outside the summary", () => {
    const at = table!.columns.indexOf(FASHION_COLUMN);
    if (Object.keys(fashionFigures).length === 0) {
      expect(at).toBe(-1);
      return;
    }
    const complete = fashionMissing.length === 0;
    const results = [...evaluateClaims(fashionFigures), ...evaluateHypotheses(fashionFigures)];
    for (const [i, row] of verdictRows().entries()) {
      const cell = row.cells[at];
      expect(cell.text, row.label).toBe(
        complete ? verdictText(results[i].verdict, row.label.startsWith('H')) : 'not evaluated',
      );
    }
    // after the summary, which reads the variants only
    expect(at).toBeGreaterThan(table!.columns.indexOf(SUMMARY_COLUMN));
  });
});

describe('the robustness table', () => {
  // Fig. 6 is read by one claim alone: its AUC gaps between quantisers, set far beyond threshold
  const onlyFig6 = [...CLAIMS, ...HYPOTHESES].filter((c) => c.figures.includes('fig6'));
  const flipped = (): FigureSet => {
    const copy = structuredClone(published);
    const fig6 = copy.fig6!;
    for (const panel of fig6.panels) {
      if (panel.kind !== 'curves') continue;
      for (const s of panel.series) {
        if (s.key === 'bins-2') continue;
        s.mean = s.mean.map((v) => v - 20);
        s.perSeed = s.perSeed.map((row) => row.map((v) => v - 20));
      }
    }
    return copy;
  };

  it('flips exactly the row of the claim a variant was built to flip', () => {
    expect(onlyFig6).toHaveLength(1);
    const variants = Object.fromEntries(
      VARIANTS.map((v, i) => [v.id, i === 1 ? flipped() : published]),
    );
    const table = robustnessTable(robustnessColumns(published, variants));
    const summary = table.columns.indexOf(SUMMARY_COLUMN);
    const fragile = table.rows.filter((r) => r.cells[summary].text === 'fragile');
    expect(fragile.map((r) => r.label)).toEqual([onlyFig6[0].id]);
    const row = fragile[0];
    const differ = row.cells.slice(0, summary).filter((c) => c.text !== row.cells[0].text);
    expect(differ).toHaveLength(1);
    expect(row.cells[summary].note).toContain(VARIANTS[1].label);
    // H6 and H7 read Fig. 15: not evaluated in the variants, so never fragile from them
    const h6 = table.rows.find((r) => r.label === 'H6')!;
    expect(h6.cells.slice(1, summary).every((c) => c.text === 'not evaluated')).toBe(true);
    expect(h6.cells[summary].text).toBe('unevaluated');
    const words = robustnessSummary(table);
    expect(words.fragile).toEqual([{ id: onlyFig6[0].id, under: [VARIANTS[1].label] }]);
    // turned over, or only inconclusive: the sentence tells them apart
    const decided = (t: string) => t === 'reproduced' || t === 'not reproduced';
    const turned = decided(row.cells[0].text) && decided(row.cells[2].text);
    expect(words.reversed).toEqual(
      turned ? [{ id: onlyFig6[0].id, under: [VARIANTS[1].label] }] : [],
    );
    expect(words.robust + words.fragile.length).toBeLessThanOrEqual(CLAIMS.length);
  });

  it("keeps a column after the summary (Fashion-MNIST's) out of the summary", () => {
    const variants = Object.fromEntries(VARIANTS.map((v) => [v.id, published]));
    const after = [{ label: FASHION_COLUMN, figures: flipped(), published: true }];
    const table = robustnessTable(robustnessColumns(published, variants), { after });
    const summary = table.columns.indexOf(SUMMARY_COLUMN);
    expect(table.columns.at(-1)).toBe(FASHION_COLUMN);
    const row = table.rows.find((r) => r.label === onlyFig6[0].id)!;
    // the after column differs from the published run, yet the row stays robust
    expect(row.cells.at(-1)!.text).not.toBe(row.cells[0].text);
    expect(row.cells[summary].text).toBe('robust');
    expect(robustnessSummary(table).fragile).toEqual([]);
    // and it is evaluated where the variants are not (Fig. 15's H6)
    const h6 = table.rows.find((r) => r.label === 'H6')!;
    expect(h6.cells.at(-1)!.text).not.toBe('not evaluated');
  });

  it('marks a variant whose figures are not all there as not evaluated, never as a verdict', () => {
    const partial = { ...published };
    delete partial.fig14;
    const table = robustnessTable(robustnessColumns(published, { [VARIANTS[0].id]: partial }));
    for (const row of table.rows) {
      expect(row.cells[1].text).toBe('not evaluated');
      expect(row.cells[1].note).toMatch(/Fig\. 14 not generated yet/);
    }
  });
});
