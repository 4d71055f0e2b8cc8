/**
 * What every figure module shares: the render options, the palette, the dash that marks the
 * published run in compare mode, and the wrapper that adds the "dashed / solid" key.
 */
import type { Panel } from '../lib/figure-data';

export interface RenderOptions {
  /** A DOM document; pass linkedom's at build time. Defaults to the global `document`. */
  document?: Document;
  /** Width of the SVG in px (it scales down with its container). */
  width?: number;
  /** The rerun, drawn solid over the published run (dashed). Must be the same kind of panel. */
  compare?: Panel;
  /** Plot's colour legend (HTML) above the SVG; off for standalone SVG files. Default true. */
  legend?: boolean;
  /** What the key under a compared panel calls the two runs (default: published run, rerun). */
  names?: CompareNames;
}

/** The two runs of a compared panel, as its key names them. */
export interface CompareNames {
  published: string;
  rerun: string;
}

const DEFAULT_NAMES: CompareNames = { published: 'published run', rerun: 'rerun' };

export const DEFAULT_WIDTH = 560;

/**
 * Observable's categorical palette ("observable10"), chosen by its authors to stay legible on
 * light and dark backgrounds, so the same SVG works in both colour schemes; purple moved to fifth
 * place so that Fig. 5 and Fig. 10's fifth series is not a second green beside the teal.
 */
export const PALETTE = [
  '#4269d0',
  '#efb118',
  '#ff725c',
  '#6cc5b0',
  '#a463f2',
  '#ff8ab7',
  '#3ca951',
  '#97bbf5',
  '#9c6b4e',
  '#9498a0',
];

/** stroke-dasharray of the published run when a rerun is drawn over it. */
export const PUBLISHED_DASH = '5 4';

/** ARIA labels of the mark groups, so tests and assistive technology can tell the runs apart. */
export const MARK = {
  published: 'published run',
  rerun: 'rerun',
  band: '±1 sd band',
  median: 'median',
  points: 'measured points',
  label: 'panel label',
} as const;

export type PanelOf<K extends Panel['kind']> = Extract<Panel, { kind: K }>;

/** The rerun as the same kind of panel as the published one; undefined without a rerun. */
export function comparePanel<K extends Panel['kind']>(
  kind: K,
  compare: Panel | undefined,
): PanelOf<K> | undefined {
  if (!compare) return undefined;
  if (compare.kind !== kind) {
    throw new TypeError(`Cannot compare a ${kind} panel with a ${compare.kind} panel`);
  }
  return compare as PanelOf<K>;
}

/** An ordinal colour scale with a stable colour per series key (catalog order) and readable labels. */
export function colorScale(keys: string[], labels: Map<string, string>, legend: boolean) {
  return {
    type: 'ordinal' as const,
    domain: keys,
    range: keys.map((_, i) => PALETTE[i % PALETTE.length]),
    legend,
    tickFormat: (key: string) => labels.get(key) ?? key,
  };
}

/** Series keys in first-seen order over the published and the rerun series. */
export function unionKeys(...lists: { key: string; label: string }[][]): {
  keys: string[];
  labels: Map<string, string>;
} {
  const labels = new Map<string, string>();
  for (const list of lists)
    for (const s of list) if (!labels.has(s.key)) labels.set(s.key, s.label);
  return { keys: [...labels.keys()], labels };
}

/** The document to draw with: the given one, or the browser's. */
export function documentOf(options: RenderOptions): Document {
  if (options.document) return options.document;
  if (typeof document === 'undefined') {
    throw new Error('No DOM document: pass options.document (e.g. linkedom) outside the browser');
  }
  return document;
}

/**
 * The last step of every render: coordinates rounded (Plot writes 17 digits, which triples the
 * page's size for no visible gain), a role for every labelled mark (see labelRoles) and, in compare
 * mode, a key saying which line style is which run. Plot returns a <figure> when it draws a legend;
 * otherwise the SVG is wrapped in one.
 */
export function finishPlot(
  plot: SVGElement | HTMLElement,
  doc: Document,
  compare: boolean,
  names: CompareNames = DEFAULT_NAMES,
): SVGElement | HTMLElement {
  roundCoordinates(plot);
  labelRoles(plot);
  if (!compare) return plot;
  let figure: HTMLElement;
  if (plot.tagName.toLowerCase() === 'figure') {
    figure = plot as HTMLElement;
  } else {
    figure = doc.createElement('figure');
    figure.appendChild(plot);
  }
  figure.classList.add('plot-compare');
  figure.appendChild(compareKey(doc, names));
  return figure;
}

/** SVG shapes and text: one labelled thing each, so an image to assistive technology. */
const SHAPES = new Set([
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polygon',
  'polyline',
  'text',
  'image',
  'use',
]);

/**
 * Observable Plot writes aria-label on each mark's <g> (and on shapes, through the `ariaLabel`
 * channel) but no role; ARIA prohibits naming an element without a role (axe-core's
 * `aria-prohibited-attr`). Every labelled element without a role gets one: `group` for a <g>
 * (its children stay readable), `img` for a shape or text. An <svg> is left alone: its implicit
 * role (graphics-document) may be named, and Plot's root <svg> carries the panel's title that way.
 */
export function labelRoles(root: Element): void {
  for (const el of [root, ...root.querySelectorAll('[aria-label]')]) {
    if (!el.hasAttribute('aria-label') || el.hasAttribute('role')) continue;
    const tag = el.tagName.toLowerCase();
    if (tag === 'g') el.setAttribute('role', 'group');
    else if (SHAPES.has(tag)) el.setAttribute('role', 'img');
  }
}

const GEOMETRY = ['d', 'transform', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height', 'points'];
const LONG_DECIMAL = /-?\d+\.\d{3,}/g;

/** Rounds every number with more than two decimals in the geometry attributes to one decimal (0.1 px). */
export function roundCoordinates(root: Element): void {
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const name of GEOMETRY) {
      const value = el.getAttribute(name);
      if (!value) continue;
      const rounded = value.replace(LONG_DECIMAL, (n) => String(Math.round(Number(n) * 10) / 10));
      if (rounded !== value) el.setAttribute(name, rounded);
    }
  }
}

// "- - published run   --- your rerun": two inline line samples, coloured by currentColor.
function compareKey(doc: Document, names: CompareNames): HTMLElement {
  const key = doc.createElement('p');
  key.className = 'compare-key';
  for (const [dash, text] of [
    [PUBLISHED_DASH, names.published],
    ['', `${names.rerun} (band: ±1 sd over its seeds)`],
  ] as const) {
    const item = doc.createElement('span');
    item.className = 'compare-key-item';
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', '28');
    svg.setAttribute('height', '10');
    svg.setAttribute('aria-hidden', 'true');
    const line = doc.createElementNS('http://www.w3.org/2000/svg', 'line');
    line.setAttribute('x1', '1');
    line.setAttribute('x2', '27');
    line.setAttribute('y1', '5');
    line.setAttribute('y2', '5');
    line.setAttribute('stroke', 'currentColor');
    line.setAttribute('stroke-width', '2');
    if (dash) line.setAttribute('stroke-dasharray', dash);
    svg.appendChild(line);
    item.appendChild(svg);
    item.appendChild(doc.createTextNode(` ${dash ? 'dashed' : 'solid'}: ${text}`));
    key.appendChild(item);
  }
  return key;
}

/** A number for screen-reader descriptions: fixed digits, no trailing noise. */
export function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
