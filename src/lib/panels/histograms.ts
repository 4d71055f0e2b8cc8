/**
 * Histogram panels: the 20-bin output histograms of single neurons of network 0 on the
 * validation set (Figs. 7, 8d-s; docs/method.md §3).
 */
import type { PanelKind } from './types';

/** A 20-bin output histogram of one neuron on the validation set (Figs. 7, 8d-s). */
export interface NeuronHistogram {
  /** "layer-neuron", as the paper labels its panels, e.g. "1-17". */
  label: string;
  layer: 1 | 2;
  neuron: number;
  /** Bin lower edges and probabilities, equal length. */
  edges: number[];
  probabilities: number[];
}

export interface HistogramsPanel {
  kind: 'histograms';
  id: string;
  title: string;
  neurons: NeuronHistogram[];
}

/** The bin edges of a histogram with the last bin's upper edge added (its width as the one before). */
function withUpperEdge(edges: number[]): number[] {
  const n = edges.length;
  const width = n > 1 ? edges[n - 1] - edges[n - 2] : 1;
  return [...edges, edges[n - 1] + width];
}

/**
 * Earth mover's distance between two histograms, each bin's probability spread evenly over its
 * bin, over the width of the range both span: the integral of |F1 - F2| between piecewise-linear
 * cumulative distributions, evaluated on the union of both histograms' edges. 0 to 1.
 */
export function histogramDistance(
  a: { edges: number[]; probabilities: number[] },
  b: { edges: number[]; probabilities: number[] },
): number {
  const ea = withUpperEdge(a.edges);
  const eb = withUpperEdge(b.edges);
  const cdf = (edges: number[], p: number[], x: number) => {
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      if (x >= edges[i + 1]) sum += p[i];
      else if (x > edges[i]) sum += (p[i] * (x - edges[i])) / (edges[i + 1] - edges[i]);
    }
    return sum;
  };
  const grid = [...new Set([...ea, ...eb])].sort((x, y) => x - y);
  const low = grid[0];
  const high = grid[grid.length - 1];
  if (!(high > low)) return 0;
  let area = 0;
  // |F1 - F2| is piecewise linear between grid points; where it changes sign, split at the root
  for (let i = 0; i + 1 < grid.length; i++) {
    const [x0, x1] = [grid[i], grid[i + 1]];
    const d0 = cdf(ea, a.probabilities, x0) - cdf(eb, b.probabilities, x0);
    const d1 = cdf(ea, a.probabilities, x1) - cdf(eb, b.probabilities, x1);
    if (d0 * d1 >= 0) area += ((Math.abs(d0) + Math.abs(d1)) / 2) * (x1 - x0);
    else {
      const root = x0 + ((x1 - x0) * Math.abs(d0)) / (Math.abs(d0) + Math.abs(d1));
      area += (Math.abs(d0) * (root - x0) + Math.abs(d1) * (x1 - root)) / 2;
    }
  }
  return area / (high - low);
}

export const histograms: PanelKind<HistogramsPanel, NeuronHistogram[] | undefined> = {
  seedField: 'histograms',
  // drawn from network 0 alone
  assemble: (spec, seeds) => ({
    kind: 'histograms',
    id: spec.id,
    title: spec.title,
    neurons: seeds[0] ?? [],
  }),
  slim: (panel, round) => ({
    ...panel,
    neurons: panel.neurons.map((n) => ({
      ...n,
      edges: n.edges.map(round),
      probabilities: n.probabilities.map(round),
    })),
  }),
  csv: (panel, row) => {
    for (const n of panel.neurons) {
      const label = `layer ${n.layer} neuron ${n.neuron}`;
      for (const [b, edge] of n.edges.entries()) {
        row(n.label, label, edge, 'probability', n.probabilities[b]);
      }
    }
  },
  // Only between the same network 0: the largest distance between the same neuron's histograms.
  deviation: (rerun, published, context) => {
    if (!context.sameNetworks) return { value: null, where: '' };
    let value: number | null = null;
    let where = '';
    for (const h of rerun.neurons) {
      const r = published.neurons.find((n) => n.label === h.label);
      if (!r) return { missing: h.label };
      const d = histogramDistance(h, r);
      if (value === null || d > value) [value, where] = [d, h.label];
    }
    return { value, where };
  },
};
