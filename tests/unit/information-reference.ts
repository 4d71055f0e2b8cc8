/**
 * Slow, probability-based reference versions of the information measures (docs/method.md §3),
 * written independently of src/lib/measures.ts, plus the random count tables the property tests
 * use.
 */
import fc from 'fast-check';

/** A count table n(c, t), row-major [class][bin]. */
export interface Table {
  classes: number;
  bins: number;
  counts: number[];
}

/**
 * docs/method.md §3 generator: C in 2..6, |T| in 2..5, entries 0..50 with zeros likely, total > 0.
 */
export function countTable(): fc.Arbitrary<Table> {
  return fc
    .record({ classes: fc.integer({ min: 2, max: 6 }), bins: fc.integer({ min: 2, max: 5 }) })
    .chain(({ classes, bins }) =>
      fc
        .array(
          fc.oneof(
            { arbitrary: fc.constant(0), weight: 1 },
            { arbitrary: fc.integer({ min: 0, max: 50 }), weight: 2 },
          ),
          { minLength: classes * bins, maxLength: classes * bins },
        )
        .map((counts) => ({ classes, bins, counts })),
    )
    .filter((table) => table.counts.some((n) => n > 0));
}

/** n(c, t) = r_c s_t: T independent of Y. */
export function independentTable(): fc.Arbitrary<Table> {
  return fc
    .record({ classes: fc.integer({ min: 2, max: 6 }), bins: fc.integer({ min: 2, max: 5 }) })
    .chain(({ classes, bins }) =>
      fc
        .tuple(
          fc.array(fc.integer({ min: 0, max: 7 }), { minLength: classes, maxLength: classes }),
          fc.array(fc.integer({ min: 0, max: 7 }), { minLength: bins, maxLength: bins }),
        )
        .map(([r, s]) => ({
          classes,
          bins,
          counts: r.flatMap((rc) => s.map((st) => rc * st)),
        })),
    )
    .filter((table) => table.counts.some((n) => n > 0));
}

/**
 * Equal specific information with I > 0 when w is not uniform: C = |T| classes of equal size whose
 * rows are the cyclic shifts of one vector w, so P_T is uniform and every S_c = log|T| - H(w).
 */
export function cyclicTable(): fc.Arbitrary<Table> {
  return fc
    .integer({ min: 2, max: 5 })
    .chain((bins) =>
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: bins, maxLength: bins }).map((w) => ({
        classes: bins,
        bins,
        counts: Array.from({ length: bins * bins }, (_, k) => {
          const c = Math.floor(k / bins);
          return w[(k - c + bins) % bins];
        }),
      })),
    )
    .filter((table) => table.counts.some((n) => n > 0));
}

export function total(table: Table): number {
  return table.counts.reduce((a, b) => a + b, 0);
}

/** P_Y(c). */
export function classProbabilities(table: Table): number[] {
  const n = total(table);
  return range(table.classes).map((c) => rowSum(table, c) / n);
}

/** P_T(t). */
export function binProbabilities(table: Table): number[] {
  const n = total(table);
  return range(table.bins).map(
    (t) => range(table.classes).reduce((sum, c) => sum + cell(table, c, t), 0) / n,
  );
}

/** P(t | Y in A) for a class mask A; undefined when pi_A = 0. */
export function conditional(table: Table, inA: boolean[]): number[] | undefined {
  const mass = range(table.classes).reduce((sum, c) => sum + (inA[c] ? rowSum(table, c) : 0), 0);
  if (mass === 0) return undefined;
  return range(table.bins).map(
    (t) =>
      range(table.classes).reduce((sum, c) => sum + (inA[c] ? cell(table, c, t) : 0), 0) / mass,
  );
}

/** H(p) = -sum p log2 p. */
export function H(p: number[]): number {
  return p.reduce((sum, x) => (x > 0 ? sum - x * Math.log2(x) : sum), 0);
}

/** D(p || q) in bits. */
export function D(p: number[], q: number[]): number {
  return p.reduce((sum, x, t) => (x > 0 ? sum + x * Math.log2(x / q[t]) : sum), 0);
}

export function h2(x: number): number {
  return H([x, 1 - x]);
}

/** I(T; Y) = H(P_T) + H(P_Y) - H(P_{Y,T}). */
export function referenceMutualInformation(table: Table): number {
  const n = total(table);
  return (
    H(binProbabilities(table)) + H(classProbabilities(table)) - H(table.counts.map((x) => x / n))
  );
}

/** I(T; 1[Y in A]) = H(T) - H(T | 1[Y in A]) (Lemma 3, right-hand side). */
export function referenceSplitInformation(table: Table, inA: boolean[]): number {
  const pi = subsetProbability(table, inA);
  const inside = conditional(table, inA);
  const outside = conditional(
    table,
    inA.map((x) => !x),
  );
  return (
    H(binProbabilities(table)) -
    (inside ? pi * H(inside) : 0) -
    (outside ? (1 - pi) * H(outside) : 0)
  );
}

/** pi_A = P_Y(A). */
export function subsetProbability(table: Table, inA: boolean[]): number {
  const p = classProbabilities(table);
  return p.reduce((sum, x, c) => sum + (inA[c] ? x : 0), 0);
}

/** Every nonempty proper class subset, as masks. */
export function properSubsets(classes: number): boolean[][] {
  const subsets: boolean[][] = [];
  for (let mask = 1; mask < 2 ** classes - 1; mask++) {
    subsets.push(range(classes).map((c) => ((mask >> c) & 1) === 1));
  }
  return subsets;
}

/** The 2 x |T| table of (1[Y in A], T): row 0 = in A, row 1 = not in A. */
export function collapse(table: Table, inA: boolean[]): Table {
  const counts = new Array<number>(2 * table.bins).fill(0);
  for (let c = 0; c < table.classes; c++) {
    for (let t = 0; t < table.bins; t++)
      counts[(inA[c] ? 0 : 1) * table.bins + t] += cell(table, c, t);
  }
  return { classes: 2, bins: table.bins, counts };
}

/** The table with bins t1 and t2 merged into one (t1 keeps the sum, t2 is dropped). */
export function mergeBins(table: Table, t1: number, t2: number): Table {
  const bins = table.bins - 1;
  const counts: number[] = [];
  for (let c = 0; c < table.classes; c++) {
    for (let t = 0; t < table.bins; t++) {
      if (t === t2) continue;
      counts.push(cell(table, c, t) + (t === t1 ? cell(table, c, t2) : 0));
    }
  }
  return { classes: table.classes, bins, counts };
}

/** The table with class rows and bin columns relabelled: new class k = old classOrder[k], etc. */
export function relabel(table: Table, classOrder: number[], binOrder: number[]): Table {
  const counts = classOrder.flatMap((c) => binOrder.map((t) => cell(table, c, t)));
  return { classes: table.classes, bins: table.bins, counts };
}

export function cell(table: Table, c: number, t: number): number {
  return table.counts[c * table.bins + t];
}

export function rowSum(table: Table, c: number): number {
  return range(table.bins).reduce((sum, t) => sum + cell(table, c, t), 0);
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A pair table n(c, t_a, t_b), row-major [class][2][2]: C in 2..6, entries 0..50 with zeros likely. */
export interface PairTable {
  classes: number;
  counts: number[];
}

/** Random pair tables with a positive total, for the pairwise measures (docs/method.md §9). */
export function pairTables(): fc.Arbitrary<PairTable> {
  return fc
    .integer({ min: 2, max: 6 })
    .chain((classes) =>
      fc
        .array(
          fc.oneof(
            { arbitrary: fc.constant(0), weight: 1 },
            { arbitrary: fc.integer({ min: 0, max: 50 }), weight: 2 },
          ),
          { minLength: classes * 4, maxLength: classes * 4 },
        )
        .map((counts) => ({ classes, counts })),
    )
    .filter((table) => table.counts.some((n) => n > 0));
}

/** The pair table with its two bit axes exchanged. */
export function swapAxes(counts: number[], classes: number): number[] {
  return range(classes).flatMap((c) => [0, 2, 1, 3].map((e) => counts[c * 4 + e]));
}

/**
 * Entropy (bits) of a marginal of a pair table: `keep` names the cell's group, e.g.
 * (c, a) => `${c},${a}` for H(Y, T_a).
 */
export function pairEntropy(
  counts: number[],
  classes: number,
  keep: (c: number, a: number, b: number) => string,
): number {
  const mass = new Map<string, number>();
  let total = 0;
  for (let c = 0; c < classes; c++) {
    for (let e = 0; e < 4; e++) {
      const key = keep(c, e >> 1, e & 1);
      mass.set(key, (mass.get(key) ?? 0) + counts[c * 4 + e]);
      total += counts[c * 4 + e];
    }
  }
  return H([...mass.values()].map((n) => n / total));
}
