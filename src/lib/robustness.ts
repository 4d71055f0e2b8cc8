/**
 * Which verdicts survive the paper's open choices (Fig. 16, docs/method.md §11): the variants, each
 * one choice moved away from the published run, fixed in this table before any of them was run;
 * and the table itself, one row per claim and hypothesis, one column per variant, each cell the
 * verdict that `evaluateClaims` / `evaluateHypotheses` give on that variant's figures.
 */
import {
  CLAIMS,
  type ClaimResult,
  evaluateClaims,
  evaluateHypotheses,
  type FigureSet,
  figureReader,
  HYPOTHESES,
  MissingData,
  verdictText,
} from './claims';
import type { FigureId } from './figure-data';
import { figureNames } from './figures';
import type { TableCell, TableRow, TableRows } from './panels';
import type { RunOptions } from './run-options';

/** Networks per activation of every variant (the published run has 20). */
export const VARIANT_SEEDS = 10;

/** What a variant changes: run options of the paper preset, as a permalink would give them. */
export type VariantOptions = Pick<
  RunOptions,
  | 'l2'
  | 'lr'
  | 'batch'
  | 'inputs'
  | 'init'
  | 'validation'
  | 'threshold'
  | 'relu-threshold'
  | 'epochs'
>;

export interface Variant {
  /** Folder name under content/robustness/ and column key. */
  id: string;
  /** Column heading. */
  label: string;
  options: VariantOptions;
  /** Whether the variant trains its own networks; the others analyse the published networks. */
  trains: boolean;
  /** Why this value: written before the run, never changed after it (docs/method.md §11). */
  why: string;
}

/**
 * The variants, in the table's order. Fixed on 2026-12-07, before the first variant ran; a choice
 * whose verdicts flip is reported as it is, never answered by changing this list.
 */
export const VARIANTS: readonly Variant[] = [
  {
    id: 'published-10',
    label: 'published settings, 10 networks',
    options: {},
    trains: false,
    why: 'the control: every other column has 10 networks per activation, whose standard errors are about 1.4 times those of the published 20, so a verdict may turn inconclusive from the count alone',
  },
  {
    id: 'l2-0',
    label: 'λ = 0',
    options: { l2: 0 },
    trains: true,
    why: 'the paper trains with "a small L2 penalty" of unstated size; none at all is the lower end',
  },
  {
    id: 'l2-1e-3',
    label: 'λ = 10⁻³',
    options: { l2: 1e-3 },
    trains: true,
    why: 'ten times ours, still small beside the cross-entropy',
  },
  {
    id: 'epochs-5',
    label: '5 epochs',
    options: { epochs: 5 },
    trains: true,
    why: 'the paper does not say how long it trained; half of ours',
  },
  {
    id: 'epochs-20',
    label: '20 epochs',
    options: { epochs: 20 },
    trains: true,
    why: 'twice ours, where the training loss has mostly flattened',
  },
  {
    id: 'lr-3e-4',
    label: 'learning rate 3·10⁻⁴',
    options: { lr: 3e-4 },
    trains: true,
    why: 'about a third of Adam’s usual 10⁻³, which we use',
  },
  {
    id: 'lr-3e-3',
    label: 'learning rate 3·10⁻³',
    options: { lr: 3e-3 },
    trains: true,
    why: 'about three times Adam’s usual 10⁻³',
  },
  {
    id: 'batch-16',
    label: 'batch 16',
    options: { batch: 16 },
    trains: true,
    why: 'half of our 32 (the paper gives none)',
  },
  {
    id: 'batch-64',
    label: 'batch 64',
    options: { batch: 64 },
    trains: true,
    why: 'twice our 32',
  },
  {
    id: 'inputs-standard',
    label: 'standardised inputs',
    options: { inputs: 'standard' },
    trains: true,
    why: 'the paper does not say how pixels were scaled; per-pixel standardisation is the other common choice',
  },
  {
    id: 'init-he-normal',
    label: 'He-normal initialisation',
    options: { init: 'he-normal' },
    trains: true,
    why: 'the paper does not name its initialisation; He-normal is the usual one for ReLU, Glorot-uniform (ours) the Keras default',
  },
  {
    id: 'validation-1000',
    label: '1,000 validation images',
    options: { validation: 1_000 },
    trains: false,
    why: 'the measures are estimated from the validation images, of unstated number; a tenth of ours',
  },
  {
    id: 'validation-2000',
    label: '2,000 validation images',
    options: { validation: 2_000 },
    trains: false,
    why: 'a fifth of ours',
  },
  {
    id: 'threshold-0.25',
    label: 'sigmoid threshold 0.25',
    options: { threshold: 0.25 },
    trains: false,
    why: 'the one-bit quantiser of a sigmoid output: the paper uses 0.5; a quarter of the range lower',
  },
  {
    id: 'threshold-0.75',
    label: 'sigmoid threshold 0.75',
    options: { threshold: 0.75 },
    trains: false,
    why: 'a quarter of the range higher',
  },
  {
    id: 'relu-threshold-0.25',
    label: 'ReLU threshold 0.25',
    options: { 'relu-threshold': 0.25 },
    trains: false,
    why: 'the paper counts a ReLU neuron as on when its output is above 0; a small positive threshold, small beside outputs that reach 3 to 7 (Fig. 8), also counts barely-on outputs as off',
  },
];

/** The figures a variant computes: every figure a claim or hypothesis reads, but Fig. 15. */
export const VARIANT_FIGURES: readonly FigureId[] = [
  ...new Set([...CLAIMS, ...HYPOTHESES].flatMap((c) => c.figures)),
]
  .filter((f) => f !== 'fig15')
  .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));

/** Why a row is not evaluated under the variants: the figures it reads that no variant computes. */
export function notEvaluatedReason(figures: readonly FigureId[]): string | null {
  if (!figures.includes('fig15')) return null;
  return 'not evaluated: Fig. 15 fine-tunes 25 networks per network for an epoch, about eight times the cost of all other figures together; the variants do not repeat it';
}

/** One column: a variant's label and its figures (missing figures leave their rows inconclusive). */
export interface Column {
  label: string;
  figures: FigureSet;
  /** The published run itself: rows needing Fig. 15 are evaluated there. */
  published?: boolean;
  /** Why the column has no verdicts yet (its figures are not all generated): every cell says so. */
  missing?: string;
}

/** A verdict as a cell: its words (with the margin in SE), and the measured values as the note. */
function cell(result: ClaimResult, hypothesis: boolean): TableCell {
  const words = verdictText(result.verdict, hypothesis);
  return {
    text: words,
    ...(result.margin === null ? {} : { value: result.margin }),
    note: result.measured,
  };
}

/** The last column's heading: how each row fares across the columns. */
export const SUMMARY_COLUMN = 'across the variants';

/** How a row fares across its evaluated columns. */
export type Robustness = 'robust' | 'fragile' | 'unevaluated';

export function rowRobustness(cells: readonly TableCell[]): Robustness {
  const words = cells.filter((c) => !c.text.startsWith('not evaluated')).map((c) => c.text);
  if (words.length < 2) return 'unevaluated';
  return words.every((w) => w === words[0]) ? 'robust' : 'fragile';
}

/**
 * The table: one row per claim, then per hypothesis; one column per given column, then the summary
 * column ("robust", "fragile: flips under …" or "unevaluated"), then the `after` columns, which the
 * summary leaves out (Fashion-MNIST's published run, #24: another data set, not an open choice).
 */
export function robustnessTable(
  columns: readonly Column[],
  { summary = true, after = [] }: { summary?: boolean; after?: readonly Column[] } = {},
): TableRows {
  const all = [...columns, ...after];
  const rows: TableRow[] = baselineRows(columns, after, summary);
  const results = all.map((c) => ({
    claims: evaluateClaims(c.figures),
    hypotheses: evaluateHypotheses(c.figures),
  }));
  for (const [group, list, hypothesis] of [
    ['The paper’s claims', CLAIMS, false],
    ['Our hypotheses', HYPOTHESES, true],
  ] as const) {
    for (const [i, claim] of list.entries()) {
      const reason = notEvaluatedReason(claim.figures);
      const cells = all.map((column, c): TableCell => {
        if (column.missing) return { text: 'not evaluated', note: column.missing };
        if (reason && !column.published) return { text: 'not evaluated', note: reason };
        return cell((hypothesis ? results[c].hypotheses : results[c].claims)[i], hypothesis);
      });
      const mine = cells.slice(0, columns.length);
      rows.push({
        label: claim.id,
        group,
        cells: summary
          ? [...mine, summaryCell(mine, columns), ...cells.slice(columns.length)]
          : cells,
      });
    }
  }
  const labels = columns.map((c) => c.label);
  const afterLabels = after.map((c) => c.label);
  return {
    columns: summary ? [...labels, SUMMARY_COLUMN, ...afterLabels] : [...labels, ...afterLabels],
    rows,
  };
}

/** The group of the rows that are measurements, not verdicts: the intact networks' accuracy. */
export const BASELINE_GROUP = 'The intact networks';

/**
 * What each column's networks are before any ablation: their test accuracy, sigmoid (Fig. 1) and
 * ReLU (Fig. 9), as the mean over networks at k = 0, so that a reader sees what a variant did to
 * the networks themselves before reading its verdicts.
 */
function baselineRows(
  columns: readonly Column[],
  after: readonly Column[],
  summary: boolean,
): TableRow[] {
  const at = (column: Column, figure: 'fig1' | 'fig9'): TableCell => {
    if (column.missing) return { text: 'not evaluated', note: column.missing };
    try {
      const e = figureReader(column.figures).abar(figure, 'a', 'random-zero', 0);
      const se = e.se === null ? '' : `, SE ${e.se.toFixed(2)}`;
      return {
        text: `${e.value.toFixed(1)} %`,
        value: e.value,
        note: `test accuracy of the intact networks, mean over ${e.perSeed?.length ?? 'the'} networks${se} (Fig. ${figure.slice(3)}, no neuron ablated)`,
      };
    } catch (error) {
      if (error instanceof MissingData) return { text: 'not evaluated', note: error.message };
      throw error;
    }
  };
  return (['sigmoid', 'ReLU'] as const).map((name, i) => {
    const of = (list: readonly Column[]) => list.map((c) => at(c, i === 0 ? 'fig1' : 'fig9'));
    return {
      label: `accuracy, ${name}`,
      group: BASELINE_GROUP,
      // a measurement, not a verdict: nothing to call robust or fragile
      cells: summary
        ? [...of(columns), { text: '' }, ...of(after)]
        : [...of(columns), ...of(after)],
    };
  });
}

function summaryCell(cells: readonly TableCell[], columns: readonly Column[]): TableCell {
  const robustness = rowRobustness(cells);
  if (robustness !== 'fragile') return { text: robustness };
  const first = cells[0].text;
  const flips = cells.flatMap((c, i) =>
    !c.text.startsWith('not evaluated') && c.text !== first ? [columns[i].label] : [],
  );
  return { text: 'fragile', note: `differs from the first column under ${flips.join(', ')}` };
}

/** The published run's column heading. */
export const PUBLISHED_COLUMN = 'published run (20 networks)';

/** Fashion-MNIST's published run (#24), after the summary, which it does not enter. */
export const FASHION_COLUMN = 'Fashion-MNIST, published run (20 networks; not in the summary)';

/**
 * A column of the figures `ids`, used only once all of them exist; until then every cell says
 * which are missing and the command that makes them.
 */
function completeColumn(
  column: Omit<Column, 'missing'>,
  ids: readonly FigureId[],
  whose: string,
  command: string,
): Column {
  const absent = ids.filter((f) => !column.figures[f]);
  return absent.length === 0
    ? column
    : {
        label: column.label,
        figures: {},
        missing: `not evaluated: ${whose} ${figureNames(absent)} not generated yet (${command})`,
      };
}

/** Fashion-MNIST's column: its figures, or why it has none yet (all fifteen are needed). */
export const fashionColumn = (figures: FigureSet, ids: readonly FigureId[]): Column =>
  completeColumn(
    { label: FASHION_COLUMN, figures, published: true },
    ids,
    "Fashion-MNIST's",
    'npm run figures -- --dataset=fashion',
  );

/**
 * The published table's columns: the published run, then each variant with its figures, or with
 * the reason it has none yet (a variant is used only once all its figures exist).
 */
export function robustnessColumns(
  published: FigureSet,
  variants: Readonly<Record<string, FigureSet | undefined>>,
): Column[] {
  return [
    { label: PUBLISHED_COLUMN, figures: published, published: true },
    ...VARIANTS.map((v) =>
      completeColumn(
        { label: v.label, figures: variants[v.id] ?? {} },
        VARIANT_FIGURES,
        "this variant's",
        'npm run figures -- --only=fig16',
      ),
    ),
  ];
}

/** What the report's sentence on Fig. 16 says, read from the published table. */
export interface RobustnessSummary {
  /** Variant columns, the published run and the summary left out. */
  variants: number;
  /** Variant columns not generated yet. */
  pending: number;
  claims: number;
  /** Claims robust across every evaluated column. */
  robust: number;
  /** Claims that flip, with the columns under which they do. */
  fragile: { id: string; under: string[] }[];
  /**
   * Of those, the claims whose verdict turns over somewhere (reproduced against not reproduced),
   * rather than only becoming inconclusive, with the columns where it turns over.
   */
  reversed: { id: string; under: string[] }[];
}

export function robustnessSummary(table: {
  columns: string[];
  rows: TableRow[];
}): RobustnessSummary {
  const summary = table.columns.indexOf(SUMMARY_COLUMN);
  const variantColumns = table.columns.slice(1, summary);
  const claimIds = new Set(CLAIMS.map((c) => c.id));
  const claims = table.rows.filter((r) => claimIds.has(r.label));
  const pending = variantColumns.filter((_, i) =>
    claims.every((r) => r.cells[i + 1].note?.includes('not generated yet')),
  ).length;
  const fragile = claims
    .filter((r) => r.cells[summary].text === 'fragile')
    .map((r) => ({
      id: r.label,
      under: table.columns.slice(0, summary).filter((_, c) => {
        const t = r.cells[c].text;
        return !t.startsWith('not evaluated') && t !== r.cells[0].text;
      }),
    }));
  const decided = (text: string) => text === 'reproduced' || text === 'not reproduced';
  const reversed = claims
    .map((r) => ({
      id: r.label,
      under: table.columns.slice(0, summary).filter((_, c) => {
        const [first, here] = [r.cells[0].text, r.cells[c].text];
        return decided(first) && decided(here) && first !== here;
      }),
    }))
    .filter((r) => r.under.length > 0);
  return {
    variants: variantColumns.length,
    pending,
    claims: claims.length,
    robust: claims.filter((r) => r.cells[summary].text === 'robust').length,
    fragile,
    reversed,
  };
}
