/**
 * Heatmap panels (Fig. 11a-b): one row per neuron of one network, one column per class, the colour
 * the specific information S_c (docs/method.md §9). A rerun is drawn alone: two heatmaps of
 * different networks do not overlay.
 */
import * as Plot from '@observablehq/plot';
import {
  comparePanel,
  DEFAULT_WIDTH,
  documentOf,
  finishPlot,
  MARK,
  type PanelOf,
  type RenderOptions,
} from './style';

export type HeatmapPanel = PanelOf<'heatmap'>;

interface Cell {
  row: number;
  column: string;
  value: number;
  label: string;
}

export function render(panel: HeatmapPanel, options: RenderOptions = {}): SVGElement | HTMLElement {
  const doc = documentOf(options);
  const rerun = comparePanel('heatmap', options.compare);
  const shown = rerun ?? panel;
  const cells: Cell[] = shown.rows.flatMap((r, row) =>
    r.values.map((value, c) => ({ row, column: shown.columns[c], value, label: r.label })),
  );
  const max = Math.max(1e-9, ...cells.map((c) => c.value).filter(Number.isFinite));
  const width = options.width ?? DEFAULT_WIDTH;
  const plot = Plot.plot({
    document: doc,
    width,
    height: Math.max(220, Math.min(520, 3 * shown.rows.length + 80)),
    marginLeft: 44,
    marginBottom: 40,
    style: { fontSize: '11px' },
    ariaLabel: rerun
      ? `${panel.title}: network 0 of the ${options.names?.rerun ?? 'rerun'}`
      : panel.title,
    ariaDescription: textAlternative(shown, max),
    x: { label: shown.xLabel, domain: shown.columns, labelAnchor: 'center', labelArrow: 'none' },
    y: { label: shown.yLabel, axis: null },
    // quantized: a legend of discrete steps needs no canvas (build time draws with linkedom)
    color: {
      type: 'quantize',
      n: 6,
      scheme: 'blues',
      domain: [0, max],
      legend: true,
      label: shown.valueLabel,
    },
    marks: [
      Plot.cell(cells, {
        x: 'column',
        y: 'row',
        fill: 'value',
        inset: 0,
        title: (d: Cell) => `${d.label}, class ${d.column}: ${d.value.toFixed(3)} bits`,
        ariaDescription: rerun ? MARK.rerun : MARK.published,
      }),
    ],
  });
  return finishPlot(plot, doc, false);
}

function textAlternative(panel: HeatmapPanel, max: number): string {
  return `Heatmap of ${panel.rows.length} neurons by ${panel.columns.length} classes; colour: ${panel.valueLabel}, from 0 to ${max.toFixed(2)}. Rows sorted by the class with the largest value, then by KL selectivity.`;
}
