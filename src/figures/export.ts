/**
 * Figures as files a reader can take away: the data as tidy CSV, and all panels of a figure as one
 * standalone SVG (white background, black text, SVG-only legend). Used at build time for the
 * published run and in the browser for a rerun.
 */
import type { FigureData, Panel } from '../lib/figure-data';
import { figureSpec } from '../lib/figures';
import { panelCsv } from '../lib/panels';
import { backendText, changedChoices } from '../lib/run-options';
import { renderPanel } from './index';
import { DEFAULT_WIDTH, PALETTE, type PanelOf, PUBLISHED_DASH } from './style';
import { tableLayout } from './table';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** CSV columns, one value per row (tidy): curves give mean, sd and each seed; histograms give probabilities. */
export const CSV_HEADER = ['figure', 'panel', 'series', 'label', 'x', 'statistic', 'value'];

/** The figure's data as CSV text (RFC 4180 quoting, "\n" line ends). */
export function figureToCsv(data: FigureData): string {
  const rows: (string | number | boolean)[][] = [CSV_HEADER];
  for (const panel of data.panels) {
    const row = (
      series: string,
      label: string,
      x: number | string,
      stat: string,
      value: number | string,
    ) => {
      rows.push([data.figure, panel.id, series, label, x, stat, value]);
    };
    panelCsv(panel, row);
  }
  // the run's settings travel with its numbers: one row per field of its metadata
  for (const [key, value] of Object.entries(data.meta)) {
    if (value !== undefined) rows.push([data.figure, '', 'run', key, '', 'setting', value]);
  }
  return `${rows.map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

export interface SvgExportOptions {
  document: Document;
  width?: number;
  /** A rerun to draw over the published run. */
  compare?: FigureData;
}

/**
 * All panels of a figure stacked in one standalone SVG document (as text). Without published
 * data, pass the rerun as `data` and no `compare`.
 */
export function figureToSvg(data: FigureData, options: SvgExportOptions): string {
  const doc = options.document;
  const width = options.width ?? DEFAULT_WIDTH;
  const spec = figureSpec(data.figure);
  const root = svg(doc, 'svg', {
    xmlns: SVG_NS,
    width,
    'font-family': 'system-ui, sans-serif',
    'font-size': 12,
    style: 'color: black',
  });
  root.appendChild(svg(doc, 'rect', { width: '100%', height: '100%', fill: 'white' }));
  let y = 8;
  let right = width;
  y = text(doc, root, `Figure ${spec.number}. ${spec.title}`, 8, y + 14, 14, 'bold');
  for (const panel of data.panels) {
    const rerun = options.compare?.panels.find((p) => p.id === panel.id && p.kind === panel.kind);
    y = text(doc, root, panel.title, 8, y + 22, 13, 'bold');
    if (panel.kind === 'table') {
      const drawn = tableText(doc, root, panel, rerun?.kind === 'table' ? rerun : undefined, y + 8);
      y = drawn.y;
      right = Math.max(right, drawn.width);
      continue;
    }
    y = legend(doc, root, panel, rerun, y + 8);
    const drawn = renderPanel(panel, { document: doc, width, legend: false, compare: rerun });
    // Plot's SVGs: one per panel, or one per group of an HTML panel (Fig. 14e), stacked
    const plots =
      drawn.tagName.toLowerCase() === 'svg'
        ? [drawn]
        : [...drawn.querySelectorAll('svg')].filter((s) => !s.parentElement?.closest('svg'));
    // an interval panel's groups are titled outside their SVGs (src/figures/intervals.ts)
    const titles =
      panel.kind === 'intervals'
        ? (rerun?.kind === 'intervals' ? rerun : panel).groups.map((g) => g.label)
        : [];
    if (panel.kind === 'intervals' && rerun) {
      y = text(doc, root, 'Filled dots: the rerun; hollow dots: the published run.', 8, y + 16, 11);
    }
    for (const [i, plot] of plots.entries()) {
      if (titles[i]) y = text(doc, root, titles[i], 8, y + 16, 11, 'bold') + 4;
      plot.setAttribute('x', '0');
      plot.setAttribute('y', String(y));
      root.appendChild(plot);
      y += Number(plot.getAttribute('height') ?? 0);
    }
  }
  // each run drawn says how it was made: the rerun's own settings, not only the published run's
  const runs: [string, FigureData][] = options.compare
    ? [
        ['Published run (dashed)', data],
        ['Rerun (solid)', options.compare],
      ]
    : [['Run', data]];
  for (const [name, run] of runs) {
    const meta = run.meta;
    const changed = changedChoices(meta)
      .map((c) => `${c.label} ${c.text}`)
      .join(', ');
    y = text(
      doc,
      root,
      `${name}: preset ${meta.preset}, ${plural(meta.seeds, 'seed')}, ${plural(meta.epochs, 'epoch')}, networks ${meta.networks}, backend ${backendText(meta)}${changed ? `; changed from the paper: ${changed}` : ''}; commit ${meta.commit.slice(0, 10)}.`,
      8,
      y + 16,
      11,
    );
  }
  root.setAttribute('width', String(right));
  root.setAttribute('height', String(y + 8));
  root.setAttribute('viewBox', `0 0 ${right} ${y + 8}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.outerHTML}\n`;
}

/** Width of a table column in the SVG; the labels' room is measured from their text. */
const CELL_WIDTH = 100;
/** About how wide one character of the SVG's 10 px labels is. */
const CHARACTER = 6;

/**
 * A table panel as text on a grid: headings turned 60 degrees, one line per row, each cell's words
 * (the words are what a table says; colour would add nothing printable). A rerun of other columns
 * (Fig. 16's "your run") is added after the published ones. Returns the y below it and its width.
 */
function tableText(
  doc: Document,
  parent: Element,
  panel: PanelOf<'table'>,
  rerun: PanelOf<'table'> | undefined,
  top: number,
): { y: number; width: number } {
  const { shown, columns, addedCells } = tableLayout(panel, rerun);
  // the row labels' width, and the headings' height once turned by 60 degrees (sin 60° ≈ 0.87)
  const LABEL_WIDTH = 12 + CHARACTER * Math.max(...shown.rows.map((r) => r.label.length));
  const headingHeight = 12 + 0.87 * CHARACTER * Math.max(...columns.map((c) => c.length));
  columns.forEach((name, c) => {
    const x = LABEL_WIDTH + c * CELL_WIDTH + 8;
    const t = svg(doc, 'text', {
      x,
      y: top + headingHeight,
      'font-size': 10,
      'font-weight': 'bold',
      fill: 'currentColor',
      transform: `rotate(-60 ${x} ${top + headingHeight})`,
    });
    t.textContent = name;
    parent.appendChild(t);
  });
  let y = top + headingHeight + 4;
  let group: string | undefined;
  for (const row of shown.rows) {
    if (row.group && row.group !== group) {
      group = row.group;
      y = text(doc, parent, row.group, 8, y + 18, 11, 'bold');
    }
    y += 15;
    text(doc, parent, row.label, 8, y, 10, 'bold');
    [...row.cells, ...addedCells(row.label)].forEach((cell, c) => {
      text(doc, parent, cell.text, LABEL_WIDTH + c * CELL_WIDTH, y, 9);
    });
  }
  return { y: y + 8, width: LABEL_WIDTH + columns.length * CELL_WIDTH + 8 };
}

// An SVG element with attributes.
function svg(doc: Document, name: string, attributes: Record<string, string | number>): Element {
  const el = doc.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  return el;
}

// Appends a line of text with its baseline at y; returns y.
function text(
  doc: Document,
  parent: Element,
  content: string,
  x: number,
  y: number,
  size: number,
  weight = 'normal',
): number {
  const t = svg(doc, 'text', {
    x,
    y,
    'font-size': size,
    'font-weight': weight,
    fill: 'currentColor',
  });
  t.textContent = content;
  parent.appendChild(t);
  return y;
}

// One row per series: a line sample in the series colour and its label (plus the dash key in compare
// mode). Panels without series need none (a heatmap has its colour legend). Returns the y
// below the legend.
function legend(doc: Document, parent: Element, panel: Panel, rerun: Panel | undefined, y: number) {
  // an interval panel names its series on its axis
  if (!('series' in panel) || panel.kind === 'intervals') return y;
  const entries: { color: string; dash: string; label: string }[] = panel.series.map((s, i) => ({
    color: PALETTE[i % PALETTE.length],
    dash: '',
    label: s.label,
  }));
  if (rerun) {
    entries.push({ color: 'currentColor', dash: PUBLISHED_DASH, label: 'published run (dashed)' });
    entries.push({ color: 'currentColor', dash: '', label: 'rerun (solid)' });
  }
  for (const e of entries) {
    y += 16;
    const line = svg(doc, 'line', { x1: 12, x2: 40, y1: y - 4, y2: y - 4, stroke: e.color });
    line.setAttribute('stroke-width', '2');
    if (e.dash) line.setAttribute('stroke-dasharray', e.dash);
    parent.appendChild(line);
    text(doc, parent, e.label, 48, y, 11);
  }
  return y + 6;
}

// "1 seed", "2 seeds".
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function csvField(value: string | number | boolean): string {
  const s =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
