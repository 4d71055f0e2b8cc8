/**
 * One entry point for drawing any panel: dispatches on the panel kind to the module that draws it.
 */
import type { Panel } from '../lib/figure-data';
import { render as renderCurves } from './curves';
import { render as renderDistribution } from './distribution';
import { render as renderHeatmap } from './heatmap';
import { render as renderHistograms } from './histograms';
import type { RenderOptions } from './style';

export type { RenderOptions } from './style';

/** Draws a panel (and, with `options.compare`, the rerun over it) as SVG, or a <figure> with a legend. */
export function renderPanel(panel: Panel, options: RenderOptions = {}): SVGElement | HTMLElement {
  switch (panel.kind) {
    case 'curves':
      return renderCurves(panel, options);
    case 'distribution':
      return renderDistribution(panel, options);
    case 'histograms':
      return renderHistograms(panel, options);
    case 'heatmap':
      return renderHeatmap(panel, options);
  }
}
