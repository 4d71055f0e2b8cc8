/**
 * The paper's checkable claims C1-C27 (METHOD.md section 7), each written once: what the paper
 * says (in our words), the predicate with its thresholds, and its evaluation on figure data.
 *
 * Reading the figures:
 * - AUC[a,b] = mean of the net-averaged accuracy (%) over the x points in [a,b] (integer k for the
 *   layer-wise figures, totals 0,3,...,150 for Fig. 5); the x grid must cover [a,b].
 * - Abar(k) = net-averaged accuracy at k (linear interpolation if k falls between grid points).
 * - Medians of Figs. 2/8 are pooled over (net, neuron); per net they come from `perSeedMedian`.
 *
 * Verdict rule (docs/claims.md says the same):
 * - A claim is a conjunction of conditions "quantity op threshold". Each quantity is evaluated on
 *   the published net-averaged data (the value) and on every net separately (per-seed values:
 *   the same quantity computed from that net's curve, medians or extras).
 * - A condition is within noise when at least 2 nets are available and the distance between its
 *   value and the threshold is smaller than one standard error of its per-seed values
 *   (sd / sqrt(nets)); with one net, the value alone decides.
 * - Verdict: 'not reproduced' if any condition clearly fails; otherwise 'inconclusive' if any is
 *   within noise or a needed figure/series is missing (or was run with the other activation);
 *   otherwise 'reproduced'.
 * - Derived quantities keep per-seed values where the nets are paired (same nets in both terms):
 *   differences are taken per net. |d| is linearized as sign(mean d) * d_s, so its per-seed mean
 *   equals |mean d| and its SE is that of d. Cross-activation comparisons (C20) are unpaired:
 *   their SE adds the terms' SEs in quadrature. Shares of nets (C3's sign rule) carry no SE.
 */
import type { CurveSeries, DistributionSeries, FigureData, FigureId } from './figure-data';
import { figureSpec } from './figures';
import * as stats from './stats';

export type Verdict = 'reproduced' | 'not reproduced' | 'inconclusive';
export type Strength = 'strong' | 'hedged';
export type FigureSet = Partial<Record<FigureId, FigureData>>;

/** What a claim is, independent of any data. */
export interface ClaimMeta {
  id: string;
  figures: FigureId[];
  /** What the paper claims, in our words, one sentence. */
  statement: string;
  /** The predicate in words, with its thresholds. */
  test: string;
  strength: Strength;
}

/** A claim's evaluation on one FigureSet. */
export interface ClaimOutcome {
  verdict: Verdict;
  /** Human-readable measured values, e.g. "random: AUC BB - zero 4.20 pts (threshold >= 3)". */
  measured: string;
  /** Each condition's value under its key, and `${key}.se` where a standard error exists. */
  values: Record<string, number>;
}

export interface ClaimResult extends ClaimMeta, ClaimOutcome {}

export interface Claim extends ClaimMeta {
  evaluate(data: FigureSet): ClaimOutcome;
}

/** A measured quantity: value on the net-averaged data, per-net values and their standard error. */
export interface Estimate {
  value: number;
  /** [seed]; null where the nets cannot be told apart (unpaired combinations). */
  perSeed: number[] | null;
  /** sd(perSeed) / sqrt(nets); null with fewer than 2 nets. */
  se: number | null;
}

export type Comparison = '>=' | '>' | '<=' | '<';
type Unit = 'pts' | 'bits' | '';

/** One part of a claim's predicate: `estimate op threshold`. */
export interface Condition {
  key: string;
  label: string;
  estimate: Estimate;
  op: Comparison;
  threshold: number;
  unit: Unit;
}

export type ConditionStatus = 'pass' | 'fail' | 'noise';

/**
 * AUC[from,to] of a curve (stats.ts `auc`), or NaN when the x grid does not reach both ends of the
 * window (a short sweep must not pass for the full window) or `y` does not match the grid.
 */
export function windowAuc(x: number[], y: number[], from: number, to: number): number {
  if (x.length === 0 || y.length !== x.length || x[0] > from || x[x.length - 1] < to) {
    return Number.NaN;
  }
  return stats.auc(x, y, from, to);
}

/** Abar(k): `y` at x = k, linearly interpolated between grid points; NaN outside the grid. */
export function abar(x: number[], y: number[], k: number): number {
  if (y.length !== x.length) return Number.NaN;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === k) return y[i];
    if (i > 0 && x[i - 1] < k && k < x[i]) {
      const t = (k - x[i - 1]) / (x[i] - x[i - 1]);
      return y[i - 1] + t * (y[i] - y[i - 1]);
    }
  }
  return Number.NaN;
}

/** An Estimate from a value and per-net values (SE from 2 nets on). */
export function estimate(value: number, perSeed: number[] | null): Estimate {
  if (!perSeed || perSeed.length === 0 || perSeed.some((v) => !Number.isFinite(v))) {
    return { value, perSeed: null, se: null };
  }
  return { value, perSeed, se: standardError(perSeed) };
}

/**
 * sum_i coef_i * term_i + constant. Paired (default): per-net values combine net by net when every
 * term has the same number of nets. Unpaired, or counts differ: SEs add in quadrature.
 */
export function combine(terms: Array<[number, Estimate]>, constant = 0, paired = true): Estimate {
  const value = terms.reduce((s, [c, e]) => s + c * e.value, constant);
  const n = terms[0]?.[1].perSeed?.length ?? 0;
  if (paired && n > 0 && terms.every(([, e]) => e.perSeed?.length === n)) {
    const perSeed = Array.from({ length: n }, (_, s) =>
      terms.reduce((sum, [c, e]) => sum + c * e.perSeed![s], constant),
    );
    return estimate(value, perSeed);
  }
  const se = terms.every(([, e]) => e.se !== null)
    ? Math.sqrt(terms.reduce((s, [c, e]) => s + (c * e.se!) ** 2, 0))
    : null;
  return { value, perSeed: null, se };
}

export const minus = (a: Estimate, b: Estimate, paired = true): Estimate =>
  combine(
    [
      [1, a],
      [-1, b],
    ],
    0,
    paired,
  );

/** |d|, linearized per net as sign(mean d) * d_s so its SE is that of d. */
export function absolute(d: Estimate): Estimate {
  const sign = d.value < 0 ? -1 : 1;
  return {
    value: Math.abs(d.value),
    perSeed: d.perSeed ? d.perSeed.map((v) => sign * v) : null,
    se: d.se,
  };
}

/** The noise rule of this file's header, for one condition. */
export function conditionStatus(c: Condition): ConditionStatus {
  const { value, se } = c.estimate;
  if (!Number.isFinite(value)) return 'noise';
  if (se !== null && Math.abs(value - c.threshold) < se) return 'noise';
  return compare(value, c.op, c.threshold) ? 'pass' : 'fail';
}

/** Conjunction: a clear failure wins, then noise, else reproduced. */
export function combineStatuses(statuses: ConditionStatus[]): Verdict {
  if (statuses.includes('fail')) return 'not reproduced';
  if (statuses.includes('noise')) return 'inconclusive';
  return 'reproduced';
}

/** A needed figure, panel, series or extra is absent, or the figure was run with the other activation. */
export class MissingData extends Error {}

/** Reads estimates out of a FigureSet; throws MissingData where something is absent. */
export interface FigureReader {
  figure(id: FigureId): FigureData;
  curve(id: FigureId, panel: string, key: string): CurveSeries;
  distribution(id: FigureId, panel: string, key: string): DistributionSeries;
  /** AUC[from,to] of a curve: mean curve for the value, each net's curve for the per-seed values. */
  auc(id: FigureId, panel: string, key: string, from: number, to: number): Estimate;
  /** Abar(k) of a curve, likewise per net. */
  abar(id: FigureId, panel: string, key: string, k: number): Estimate;
  /** Pooled median of a distribution series, with the per-net medians. */
  median(id: FigureId, panel: string, key: string): Estimate;
  /** An extra (one entry per net): mean over nets. */
  extra(id: FigureId, key: string): Estimate;
}

export function figureReader(data: FigureSet): FigureReader {
  const figure = (id: FigureId): FigureData => {
    const fig = data[id];
    if (!fig) throw new MissingData(`${id} not available`);
    const expected = figureSpec(id).activation;
    if (fig.activation !== expected) {
      throw new MissingData(`${id} was run with ${fig.activation}; the claim is about ${expected}`);
    }
    return fig;
  };
  const panel = (id: FigureId, panelId: string) => {
    const p = figure(id).panels.find((q) => q.id === panelId);
    if (!p) throw new MissingData(`${id} panel ${panelId} not available`);
    return p;
  };
  const curve = (id: FigureId, panelId: string, key: string): CurveSeries => {
    const p = panel(id, panelId);
    const s = p.kind === 'curves' ? p.series.find((q) => q.key === key) : undefined;
    if (!s) throw new MissingData(`${id}(${panelId}) series ${key} not available`);
    return s;
  };
  const distribution = (id: FigureId, panelId: string, key: string): DistributionSeries => {
    const p = panel(id, panelId);
    const s = p.kind === 'distribution' ? p.series.find((q) => q.key === key) : undefined;
    if (!s) throw new MissingData(`${id}(${panelId}) series ${key} not available`);
    return s;
  };
  const finite = (v: number, what: string): number => {
    if (!Number.isFinite(v)) throw new MissingData(`${what} not covered by the data`);
    return v;
  };
  return {
    figure,
    curve,
    distribution,
    auc(id, panelId, key, from, to) {
      const s = curve(id, panelId, key);
      const value = finite(
        windowAuc(s.x, s.mean, from, to),
        `${id}(${panelId}) ${key} AUC[${from},${to}]`,
      );
      return estimate(
        value,
        s.perSeed.map((row) => windowAuc(s.x, row, from, to)),
      );
    },
    abar(id, panelId, key, k) {
      const s = curve(id, panelId, key);
      const value = finite(abar(s.x, s.mean, k), `${id}(${panelId}) ${key} at k = ${k}`);
      return estimate(
        value,
        s.perSeed.map((row) => abar(s.x, row, k)),
      );
    },
    median(id, panelId, key) {
      const s = distribution(id, panelId, key);
      const value = finite(stats.median(s.values), `${id}(${panelId}) ${key} median`);
      return estimate(value, s.perSeedMedian);
    },
    extra(id, key) {
      const raw = figure(id).extras[key];
      const perSeed = typeof raw === 'number' ? [raw] : raw;
      if (!perSeed || perSeed.length === 0)
        throw new MissingData(`${id} extra ${key} not available`);
      return estimate(finite(mean(perSeed), `${id} extra ${key}`), perSeed);
    },
  };
}

/** Wraps a claim's conditions into a Claim with the verdict rule of this file's header. */
export function defineClaim(
  meta: ClaimMeta,
  conditions: (read: FigureReader) => Condition[],
): Claim {
  return {
    ...meta,
    evaluate(data) {
      let list: Condition[];
      try {
        list = conditions(figureReader(data));
      } catch (error) {
        if (!(error instanceof MissingData)) throw error;
        return { verdict: 'inconclusive', measured: `missing: ${error.message}`, values: {} };
      }
      const statuses = list.map(conditionStatus);
      const values: Record<string, number> = {};
      for (const c of list) {
        values[c.key] = c.estimate.value;
        if (c.estimate.se !== null) values[`${c.key}.se`] = c.estimate.se;
      }
      return {
        verdict: combineStatuses(statuses),
        measured: list.map((c, i) => formatCondition(c, statuses[i])).join('; '),
        values,
      };
    },
  };
}

const cond =
  (op: Comparison) =>
  (key: string, label: string, e: Estimate, threshold: number, unit: Unit = 'pts'): Condition => ({
    key,
    label,
    estimate: e,
    op,
    threshold,
    unit,
  });
const atLeast = cond('>=');
const above = cond('>');
const atMost = cond('<=');
const below = cond('<');

/** AUC(a) - AUC(b) on one panel of one figure, paired by net. */
const aucGap = (
  r: FigureReader,
  id: FigureId,
  panel: string,
  a: string,
  b: string,
  from: number,
  to: number,
): Estimate => minus(r.auc(id, panel, a, from, to), r.auc(id, panel, b, from, to));

/** Median of layer 2 minus median of layer 1 for one measure of Fig. 2 or Fig. 8. */
const layerGap = (r: FigureReader, id: 'fig2' | 'fig8', panel: string, measure: string) =>
  minus(r.median(id, panel, `layer2-${measure}`), r.median(id, panel, `layer1-${measure}`));

/** Share of nets whose per-net value is positive (no SE: it is itself a robustness rule). */
const positiveShare = (e: Estimate): Estimate => {
  const perSeed = e.perSeed;
  if (!perSeed) throw new MissingData('per-net medians not available');
  return { value: perSeed.filter((v) => v > 0).length / perSeed.length, perSeed: null, se: null };
};

const MEASURE_PANELS = [
  ['entropy', 'a', 'H'],
  ['mi', 'b', 'MI'],
  ['klsel', 'c', 'KLsel'],
] as const;

export const CLAIMS: Claim[] = [
  defineClaim(
    {
      id: 'C1',
      figures: ['fig1'],
      statement:
        'In layer 1 of sigmoid networks, replacing ablated neurons by their mean output (bias balancing) keeps accuracy much higher than setting them to zero.',
      test: 'Fig. 1a: AUC[0,100](BB) - AUC[0,100](zero) >= 3 pts for random and for low-MI order; Abar_BB(50) - Abar_zero(50) >= 5 pts for random order.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'random.aucGap',
        'random: AUC[0,100] BB - zero',
        aucGap(r, 'fig1', 'a', 'random-bb', 'random-zero', 0, 100),
        3,
      ),
      atLeast(
        'lowMi.aucGap',
        'low MI: AUC[0,100] BB - zero',
        aucGap(r, 'fig1', 'a', 'low-mi-bb', 'low-mi-zero', 0, 100),
        3,
      ),
      atLeast(
        'random.gapAt50',
        'random: Abar(50) BB - zero',
        minus(r.abar('fig1', 'a', 'random-bb', 50), r.abar('fig1', 'a', 'random-zero', 50)),
        5,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C2',
      figures: ['fig1'],
      statement:
        'In layer 2 of sigmoid networks, bias balancing also improves accuracy over ablation to zero.',
      test: 'Fig. 1b: AUC[0,50](BB) - AUC[0,50](zero) >= 1 pt for random and for low-MI order.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'random.aucGap',
        'random: AUC[0,50] BB - zero',
        aucGap(r, 'fig1', 'b', 'random-bb', 'random-zero', 0, 50),
        1,
      ),
      atLeast(
        'lowMi.aucGap',
        'low MI: AUC[0,50] BB - zero',
        aucGap(r, 'fig1', 'b', 'low-mi-bb', 'low-mi-zero', 0, 50),
        1,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C3',
      figures: ['fig2'],
      statement:
        'In sigmoid networks, layer-2 neurons have larger entropy, mutual information and KL selectivity than layer-1 neurons, mutual information most of all.',
      test: 'Fig. 2: pooled median (layer 2 - layer 1) >= 0.10 bit for MI, >= 0.05 bit for KLsel and for H; and the per-net median difference is positive in >= 80% of nets, for each measure.',
      strength: 'strong',
    },
    (r) => {
      const thresholds = { entropy: 0.05, mi: 0.1, klsel: 0.05 };
      return MEASURE_PANELS.flatMap(([measure, panel, name]) => {
        const gap = layerGap(r, 'fig2', panel, measure);
        return [
          atLeast(
            `${measure}.medianGap`,
            `${name} median L2 - L1`,
            gap,
            thresholds[measure],
            'bits',
          ),
          atLeast(
            `${measure}.positiveShare`,
            `${name} share of nets with L2 > L1`,
            positiveShare(gap),
            0.8,
            '',
          ),
        ];
      });
    },
  ),
  defineClaim(
    {
      id: 'C4',
      figures: ['fig3'],
      statement:
        'Ablating the lowest-MI neurons of the whole network first hurts accuracy more than ablating neurons at random.',
      test: 'Fig. 3: AUC[0,100](low-MI) - AUC[0,100](random) <= -3 pts.',
      strength: 'strong',
    },
    (r) => [
      atMost(
        'mi.aucGap',
        'AUC[0,100] low MI - random',
        aucGap(r, 'fig3', 'a', 'mi', 'random', 0, 100),
        -3,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C5',
      figures: ['fig3'],
      statement:
        'Whole-network ablation of the lowest-KL-selectivity neurons first is also worse than random, but less so than for mutual information.',
      test: "Fig. 3: AUC[0,100](low-KLsel) - AUC(random) < 0, and AUC(low-KLsel) - AUC(low-MI) > 0 (its gap to random is smaller than low-MI's).",
      strength: 'hedged',
    },
    (r) => [
      below(
        'klsel.aucGap',
        'AUC[0,100] low KLsel - random',
        aucGap(r, 'fig3', 'a', 'klsel', 'random', 0, 100),
        0,
      ),
      above(
        'klselVsMi',
        'AUC[0,100] low KLsel - low MI',
        aucGap(r, 'fig3', 'a', 'klsel', 'mi', 0, 100),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C6',
      figures: ['fig3'],
      statement:
        'Whole-network low-MI ablation fails because the lowest-MI neurons of the network are mostly in layer 1.',
      test: 'Fig. 3 extra layer1ShareLowestMI: share of layer-1 neurons among the 100 lowest-MI neurons (of 200), mean over nets >= 0.7.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'layer1Share',
        'layer-1 share of the 100 lowest-MI neurons',
        r.extra('fig3', 'layer1ShareLowestMI'),
        0.7,
        '',
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C7',
      figures: ['fig4'],
      statement:
        'In layer 1, ablating low-MI or low-KL-selectivity neurons first preserves accuracy better than ablating at random.',
      test: 'Fig. 4a: AUC[0,100](low-MI) - AUC(random) >= 1 pt; AUC(low-KLsel) - AUC(random) > 0.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'mi.aucGap',
        'AUC[0,100] low MI - random',
        aucGap(r, 'fig4', 'a', 'mi', 'random', 0, 100),
        1,
      ),
      above(
        'klsel.aucGap',
        'AUC[0,100] low KLsel - random',
        aucGap(r, 'fig4', 'a', 'klsel', 'random', 0, 100),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C8',
      figures: ['fig4'],
      statement:
        'In layer 1, ablating high-MI or high-KL-selectivity neurons first hurts accuracy more than ablating at random.',
      test: 'Fig. 4c: AUC[0,100](high-MI) - AUC(random) <= -2 pts; AUC(high-KLsel) - AUC(random) <= -2 pts.',
      strength: 'strong',
    },
    (r) => [
      atMost(
        'mi.aucGap',
        'AUC[0,100] high MI - random',
        aucGap(r, 'fig4', 'c', 'mi', 'random', 0, 100),
        -2,
      ),
      atMost(
        'klsel.aucGap',
        'AUC[0,100] high KLsel - random',
        aucGap(r, 'fig4', 'c', 'klsel', 'random', 0, 100),
        -2,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C9',
      figures: ['fig4'],
      statement:
        'Ablating neurons of layer 1 hurts accuracy more than ablating neurons of layer 2.',
      test: 'Fig. 4a/b, random order with BB: Abar_L2(50) - Abar_L1(50) >= 3 pts.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'random.layerGapAt50',
        'random: Abar(50) L2 - L1',
        minus(r.abar('fig4', 'b', 'random', 50), r.abar('fig4', 'a', 'random', 50)),
        3,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C10',
      figures: ['fig4'],
      statement:
        'Up to half of the layer-2 neurons can be ablated with negligible loss of accuracy.',
      test: 'Fig. 4b: Abar(0) - Abar(50) <= 3 pts and Abar(0) - Abar(25) <= 1 pt, for random, low-MI and low-KLsel order.',
      strength: 'strong',
    },
    (r) =>
      (
        [
          ['random', 'random'],
          ['mi', 'low MI'],
          ['klsel', 'low KLsel'],
        ] as const
      ).flatMap(([key, name]) => {
        const at0 = r.abar('fig4', 'b', key, 0);
        return [
          atMost(
            `${key}.dropAt50`,
            `${name}: Abar(0) - Abar(50)`,
            minus(at0, r.abar('fig4', 'b', key, 50)),
            3,
          ),
          atMost(
            `${key}.dropAt25`,
            `${name}: Abar(0) - Abar(25)`,
            minus(at0, r.abar('fig4', 'b', key, 25)),
            1,
          ),
        ];
      }),
  ),
  defineClaim(
    {
      id: 'C11',
      figures: ['fig4'],
      statement:
        'In layer 2, ablating the highest-MI neurons first is the worst order, worse than random.',
      test: 'Fig. 4d: AUC[0,100](high-MI) - AUC(random) <= -1 pt, and AUC(high-MI) <= AUC(high-H) and <= AUC(high-KLsel).',
      strength: 'hedged',
    },
    (r) => [
      atMost(
        'mi.aucGap',
        'AUC[0,100] high MI - random',
        aucGap(r, 'fig4', 'd', 'mi', 'random', 0, 100),
        -1,
      ),
      atMost(
        'miVsEntropy',
        'AUC[0,100] high MI - high H',
        aucGap(r, 'fig4', 'd', 'mi', 'entropy', 0, 100),
        0,
      ),
      atMost(
        'miVsKlsel',
        'AUC[0,100] high MI - high KLsel',
        aucGap(r, 'fig4', 'd', 'mi', 'klsel', 0, 100),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C12',
      figures: ['fig4'],
      statement: 'In layer 2, ablating the lowest-KL-selectivity neurons first is the best order.',
      test: 'Fig. 4b: AUC[0,100](low-KLsel) - AUC(x) >= -0.5 pt for x = low-MI, low-H and random.',
      strength: 'hedged',
    },
    (r) =>
      (
        [
          ['mi', 'low MI'],
          ['entropy', 'low H'],
          ['random', 'random'],
        ] as const
      ).map(([key, name]) =>
        atLeast(
          `klselVs.${key}`,
          `AUC[0,100] low KLsel - ${name}`,
          aucGap(r, 'fig4', 'b', 'klsel', key, 0, 100),
          -0.5,
        ),
      ),
  ),
  defineClaim(
    {
      id: 'C13',
      figures: ['fig4'],
      statement:
        "In layer 1, entropy is about unrelated to a neuron's importance: ordering by it does about as well as random, unlike mutual information.",
      test: 'Fig. 4a (low first) and 4c (high first): |AUC[0,100](H) - AUC(random)| - |AUC(MI) - AUC(random)| < 0 in each panel.',
      strength: 'hedged',
    },
    (r) =>
      (
        [
          ['a', 'low first'],
          ['c', 'high first'],
        ] as const
      ).map(([panel, name]) =>
        below(
          `${panel}.entropyVsMi`,
          `${name}: |AUC H - random| - |AUC MI - random|`,
          minus(
            absolute(aucGap(r, 'fig4', panel, 'entropy', 'random', 0, 100)),
            absolute(aucGap(r, 'fig4', panel, 'mi', 'random', 0, 100)),
          ),
          0,
        ),
      ),
  ),
  defineClaim(
    {
      id: 'C14',
      figures: ['fig4'],
      statement:
        'In layer 2, ablating high-entropy neurons first is slightly better than low-entropy first, a small effect.',
      test: 'Fig. 4d vs 4b: AUC[0,100](high-H) - AUC(low-H) >= -0.5 pt, and |AUC(high-H) - AUC(low-H)| <= 3 pts.',
      strength: 'hedged',
    },
    (r) => {
      const d = minus(r.auc('fig4', 'd', 'entropy', 0, 100), r.auc('fig4', 'b', 'entropy', 0, 100));
      return [
        atLeast('entropy.highMinusLow', 'AUC[0,100] high H - low H', d, -0.5),
        atMost('entropy.absDifference', '|AUC high H - low H|', absolute(d), 3),
      ];
    },
  ),
  defineClaim(
    {
      id: 'C15',
      figures: ['fig5'],
      statement:
        'In the 1:2 pruning scheme, bias balancing recovers a significant part of the accuracy lost to pruning.',
      test: 'Fig. 5: AUC_tot[0,150](hybrid, BB) - AUC_tot(hybrid, zero) >= 5 pts; the same for MI-only >= 3 pts.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'hybrid.aucGap',
        'hybrid: AUC_tot[0,150] BB - zero',
        aucGap(r, 'fig5', 'a', 'hybrid-bb', 'hybrid-zero', 0, 150),
        5,
      ),
      atLeast(
        'mi.aucGap',
        'MI only: AUC_tot[0,150] BB - zero',
        aucGap(r, 'fig5', 'a', 'mi-bb', 'mi-zero', 0, 150),
        3,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C16',
      figures: ['fig5'],
      statement:
        'Pruning layer 1 by MI and layer 2 by KL selectivity is at least as good as pruning both by MI, by a small margin.',
      test: 'Fig. 5: AUC_tot[0,75](hybrid, BB) - AUC_tot[0,75](MI-only, BB) >= -1 pt.',
      strength: 'hedged',
    },
    (r) => [
      atLeast(
        'hybridVsMi',
        'AUC_tot[0,75] hybrid - MI only (BB)',
        aucGap(r, 'fig5', 'a', 'hybrid-bb', 'mi-bb', 0, 75),
        -1,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C17',
      figures: ['fig5'],
      statement:
        'The hybrid scheme with bias balancing performs about as well as the data-free merging of [22] with surgery.',
      test: 'Fig. 5: |AUC_tot[0,75](hybrid, BB) - AUC_tot[0,75]([22] + surgery)| <= 2 pts.',
      strength: 'hedged',
    },
    (r) => [
      atMost(
        'hybridVsMerge.abs',
        '|AUC_tot[0,75] hybrid BB - [22] surgery|',
        absolute(aucGap(r, 'fig5', 'a', 'hybrid-bb', 'merge-surgery', 0, 75)),
        2,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C18',
      figures: ['fig6'],
      statement:
        'The quantizer resolution used to estimate MI changes layer-1 ablation only mildly, because the rankings stay strongly correlated.',
      test: 'Fig. 6: for B = 4, 8, 20: |AUC[0,100](B bins) - AUC(2 bins)| <= 3 pts, and the Spearman correlation of MI_B with MI_2 over layer-1 neurons, mean over nets, >= 0.7.',
      strength: 'strong',
    },
    (r) =>
      [4, 8, 20].flatMap((b) => [
        atMost(
          `bins${b}.absAucGap`,
          `|AUC[0,100] B=${b} - B=2|`,
          absolute(aucGap(r, 'fig6', 'a', `bins-${b}`, 'bins-2', 0, 100)),
          3,
        ),
        atLeast(
          `bins${b}.spearman`,
          `Spearman(MI_${b}, MI_2)`,
          r.extra('fig6', `spearman-${b}`),
          0.7,
          '',
        ),
      ]),
  ),
  defineClaim(
    {
      id: 'C19',
      figures: ['fig7'],
      statement:
        'In sigmoid networks, layer-1 outputs are more saturated and more skewed (lower entropy) than layer-2 outputs.',
      test: 'Fig. 7 extras, per net: share of outputs in [0,0.05) or [0.95,1], L1 - L2 >= 0.1; 20-bin entropy, L2 - L1 > 0.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'saturationGap',
        'saturated share L1 - L2',
        minus(r.extra('fig7', 'saturation-layer1'), r.extra('fig7', 'saturation-layer2')),
        0.1,
        '',
      ),
      above(
        'entropy20Gap',
        '20-bin entropy L2 - L1',
        minus(r.extra('fig7', 'entropy20-layer2'), r.extra('fig7', 'entropy20-layer1')),
        0,
        'bits',
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C20',
      figures: ['fig8', 'fig2'],
      statement:
        'In ReLU networks the layer difference of the measures is smaller than for sigmoid, and entropy does not increase from layer 1 to layer 2.',
      test: 'Figs. 8a-b vs 2a-b, pooled medians: ReLU H gap (L2 - L1) - 0.5 x sigmoid H gap < 0, ReLU H gap < 0.1 bit; ReLU MI gap - sigmoid MI gap < 0 (the MI part is hedged). ReLU and sigmoid nets are unpaired.',
      strength: 'strong',
    },
    (r) => {
      const reluH = layerGap(r, 'fig8', 'a', 'entropy');
      const sigmoidH = layerGap(r, 'fig2', 'a', 'entropy');
      const reluMi = layerGap(r, 'fig8', 'b', 'mi');
      const sigmoidMi = layerGap(r, 'fig2', 'b', 'mi');
      return [
        below(
          'entropy.vsHalfSigmoid',
          'ReLU H gap - 0.5 x sigmoid H gap',
          combine(
            [
              [1, reluH],
              [-0.5, sigmoidH],
            ],
            0,
            false,
          ),
          0,
          'bits',
        ),
        below('entropy.reluGap', 'ReLU H gap L2 - L1', reluH, 0.1, 'bits'),
        below(
          'mi.vsSigmoid',
          'ReLU MI gap - sigmoid MI gap',
          minus(reluMi, sigmoidMi, false),
          0,
          'bits',
        ),
      ];
    },
  ),
  defineClaim(
    {
      id: 'C21',
      figures: ['fig9'],
      statement:
        'In layer 2 of ReLU networks, bias balancing is clearly worse than ablating to zero.',
      test: 'Fig. 9b: AUC[0,100](zero) - AUC(BB) >= 1 pt for random and for low-MI order.',
      strength: 'strong',
    },
    (r) => [
      atLeast(
        'random.aucGap',
        'random: AUC[0,100] zero - BB',
        aucGap(r, 'fig9', 'b', 'random-zero', 'random-bb', 0, 100),
        1,
      ),
      atLeast(
        'lowMi.aucGap',
        'low MI: AUC[0,100] zero - BB',
        aucGap(r, 'fig9', 'b', 'low-mi-zero', 'low-mi-bb', 0, 100),
        1,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C22',
      figures: ['fig9'],
      statement:
        'In ReLU networks, the difference between bias balancing and ablation to zero is weak in layer 1 compared with layer 2.',
      test: 'Fig. 9a vs 9b, random order: |AUC[0,100](zero) - AUC(BB)| in L1 minus the same in L2 < 0.',
      strength: 'hedged',
    },
    (r) => [
      below(
        'random.absGapL1MinusL2',
        'random: |zero - BB| L1 - |zero - BB| L2',
        minus(
          absolute(aucGap(r, 'fig9', 'a', 'random-zero', 'random-bb', 0, 100)),
          absolute(aucGap(r, 'fig9', 'b', 'random-zero', 'random-bb', 0, 100)),
        ),
        0,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C23',
      figures: ['fig10'],
      statement:
        'For sigmoid networks, the merging of [22] works better with its weight-update surgery than without.',
      test: 'Fig. 10a and 10c: AUC[0,99]([22] + surgery) - AUC([22] no surgery) >= 2 pts in each.',
      strength: 'strong',
    },
    (r) =>
      (
        [
          ['a', 'L1'],
          ['c', 'L2'],
        ] as const
      ).map(([panel, name]) =>
        atLeast(
          `${panel}.surgeryGap`,
          `sigmoid ${name}: AUC[0,99] surgery - no surgery`,
          aucGap(r, 'fig10', panel, 'merge-surgery', 'merge-no-surgery', 0, 99),
          2,
        ),
      ),
  ),
  defineClaim(
    {
      id: 'C24',
      figures: ['fig10'],
      statement:
        'For ReLU networks the benefit of surgery in [22] seems reversed: merging without surgery does at least as well.',
      test: 'Fig. 10b and 10d: AUC[0,99]([22] no surgery) - AUC([22] + surgery) >= -0.5 pt in each.',
      strength: 'hedged',
    },
    (r) =>
      (
        [
          ['b', 'L1'],
          ['d', 'L2'],
        ] as const
      ).map(([panel, name]) =>
        atLeast(
          `${panel}.noSurgeryGap`,
          `ReLU ${name}: AUC[0,99] no surgery - surgery`,
          aucGap(r, 'fig10', panel, 'merge-no-surgery', 'merge-surgery', 0, 99),
          -0.5,
        ),
      ),
  ),
  defineClaim(
    {
      id: 'C25',
      figures: ['fig10'],
      statement:
        'For sigmoid networks, pruning by low MI in layer 1 and by low KL selectivity in layer 2 is competitive with [22] with surgery.',
      test: 'Fig. 10a: AUC[0,50](low-MI) - AUC([22] + surgery) >= -2 pts; Fig. 10c: AUC[0,50](low-KLsel) - AUC([22] + surgery) >= -2 pts.',
      strength: 'hedged',
    },
    (r) => [
      atLeast(
        'a.miVsMerge',
        'sigmoid L1: AUC[0,50] low MI - [22] surgery',
        aucGap(r, 'fig10', 'a', 'mi', 'merge-surgery', 0, 50),
        -2,
      ),
      atLeast(
        'c.klselVsMerge',
        'sigmoid L2: AUC[0,50] low KLsel - [22] surgery',
        aucGap(r, 'fig10', 'c', 'klsel', 'merge-surgery', 0, 50),
        -2,
      ),
    ],
  ),
  defineClaim(
    {
      id: 'C26',
      figures: ['fig10'],
      statement: 'For layer 1 of ReLU networks, all pruning methods perform about the same.',
      test: 'Fig. 10b: max - min of AUC[0,50] over low-MI, low-KLsel (ablate to zero), [22] with and without surgery <= 5 pts (per net: the same two series).',
      strength: 'hedged',
    },
    (r) => {
      const keys = ['mi', 'klsel', 'merge-surgery', 'merge-no-surgery'];
      const aucs = keys.map((k) => r.auc('fig10', 'b', k, 0, 50));
      const order = aucs.map((_, i) => i).sort((i, j) => aucs[i].value - aucs[j].value);
      const lo = order[0];
      const hi = order[order.length - 1];
      return [
        atMost(
          'spread',
          `AUC[0,50] max - min (${keys[hi]} - ${keys[lo]})`,
          minus(aucs[hi], aucs[lo]),
          5,
        ),
      ];
    },
  ),
  defineClaim(
    {
      id: 'C27',
      figures: ['fig10'],
      statement:
        'For layer 2 of ReLU networks, KL selectivity is not an adequate importance measure.',
      test: 'Fig. 10d: AUC[0,99](low-KLsel) - AUC(low-MI) < 0.',
      strength: 'hedged',
    },
    (r) => [
      below(
        'klselVsMi',
        'AUC[0,99] low KLsel - low MI',
        aucGap(r, 'fig10', 'd', 'klsel', 'mi', 0, 99),
        0,
      ),
    ],
  ),
];

/** Evaluates the claims (all, or those with the given ids, in catalog order). */
export function evaluateClaims(data: FigureSet, ids?: string[]): ClaimResult[] {
  if (ids) {
    const unknown = ids.filter((id) => !CLAIMS.some((c) => c.id === id));
    if (unknown.length > 0) throw new Error(`Unknown claim id(s): ${unknown.join(', ')}`);
  }
  return CLAIMS.filter((c) => !ids || ids.includes(c.id)).map((c) => ({
    id: c.id,
    figures: c.figures,
    statement: c.statement,
    test: c.test,
    strength: c.strength,
    ...c.evaluate(data),
  }));
}

/** The claims that read a figure (cross-figure claims are listed under each of their figures). */
export function claimsForFigure(id: FigureId): Claim[] {
  return CLAIMS.filter((c) => c.figures.includes(id));
}

// One condition as text, e.g. "random: AUC[0,100] BB - zero 4.20 pts, SE 0.31 (threshold >= 3)".
function formatCondition(c: Condition, status: ConditionStatus): string {
  const digits = c.unit === 'pts' ? 2 : 3;
  const unit = c.unit ? ` ${c.unit}` : '';
  const se = c.estimate.se !== null ? `, SE ${c.estimate.se.toFixed(digits)}` : '';
  const tag = status === 'fail' ? ' - fails' : status === 'noise' ? ' - within noise' : '';
  return `${c.label} ${c.estimate.value.toFixed(digits)}${unit}${se} (threshold ${c.op} ${c.threshold})${tag}`;
}

function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
  }
}

// Scalar mean and standard error over nets (stats.ts has pointwise curves, medians, AUC).
function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

// Standard error of the mean (sample sd, n - 1); null below 2 values.
function standardError(values: number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values);
  const variance = values.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1);
  return Math.sqrt(variance / n);
}
