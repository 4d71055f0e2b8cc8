/**
 * One entry point for drawing any panel: the panel's kind picks the module that draws it.
 */
import type { Panel, PanelByKind, PanelKindName } from '../lib/panels';
import { render as renderCurves } from './curves';
import { render as renderDistribution } from './distribution';
import { render as renderHeatmap } from './heatmap';
import { render as renderHistograms } from './histograms';
import { render as renderIntervals } from './intervals';
import type { RenderOptions } from './style';
import { render as renderTable } from './table';

export type { RenderOptions } from './style';

/** How each kind of panel is drawn: one entry per kind, so a new kind without a drawing does not compile. */
const RENDERERS: {
  [K in PanelKindName]: (panel: PanelByKind[K], options: RenderOptions) => SVGElement | HTMLElement;
} = {
  curves: renderCurves,
  distribution: renderDistribution,
  histograms: renderHistograms,
  heatmap: renderHeatmap,
  table: renderTable,
  intervals: renderIntervals,
};

/** Draws a panel (and, with `options.compare`, the rerun over it) as SVG, or a <figure> with a legend. */
export function renderPanel(panel: Panel, options: RenderOptions = {}): SVGElement | HTMLElement {
  const render = RENDERERS[panel.kind] as (p: Panel, o: RenderOptions) => SVGElement | HTMLElement;
  return render(panel, options);
}
