/**
 * The sceptic's report: verdicts and numbers that follow the reader's run.
 *
 *   published ──rerun:data (partial)──▶ your run so far ──rerun:data──▶ your run
 *       ▲                                      │                           │
 *       └──────────────rerun:reset (cancel, failure, a new rerun)──────────┘
 *
 * figure-rerun.ts announces every result it draws (`rerun:data`) and every return to the published
 * figure (`rerun:reset`). This module keeps the reader's latest run of each figure and hands the
 * change to sceptic-view.ts, which writes the verdicts and numbers. That code (the claims, the
 * readings) is loaded with the first rerun, not with the page.
 */
import type { FigureData, FigureId } from '../lib/figure-data';
import type { RerunEvent } from './figure-rerun';

/** The reader's run of one figure, so far (partial) or final. */
export interface Rerun {
  data: FigureData;
  partial: boolean;
}

const reruns = new Map<FigureId, Rerun>();

const show = (figure: FigureId) =>
  import('./sceptic-view').then((view) => view.update(figure, reruns));

document.addEventListener('rerun:data', (event) => {
  const { figure, data, partial } = (event as CustomEvent<RerunEvent>).detail;
  reruns.set(figure, { data, partial });
  void show(figure);
});
document.addEventListener('rerun:reset', (event) => {
  const { figure } = (event as CustomEvent<{ figure: FigureId }>).detail;
  if (reruns.delete(figure)) void show(figure);
});
