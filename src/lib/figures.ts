/**
 * The catalog of the report's figures (docs/method.md §7): panels, series keys and labels. It is
 * the single source of every figure id, panel id and series key: the types below are derived from
 * it, so the engine's producers (workers/engine/figures/), the claims' figure reader, the text's
 * numbers and the MDX components are all checked against it by the compiler.
 */
import { BEYOND_FIGURES } from './catalog/beyond';
import { PAPER_FIGURES } from './catalog/paper';
import type { FigureSpec } from './catalog/parts';
import type { PanelKindName } from './panels/types';

export type { FigureSpec } from './catalog/parts';
export type { PanelSpec, SeriesSpec } from './panels/types';

/** Every figure of the report, in report order: the paper's, then ours (src/lib/catalog/). */
export const FIGURES = [...PAPER_FIGURES, ...BEYOND_FIGURES] as const;

type Catalog = (typeof FIGURES)[number];
/** A figure of the report: 'fig1' ... */
export type FigureId = Catalog['id'];
/** The catalog entry of one figure, with its literal panel ids and series keys. */
export type FigureOf<F extends FigureId> = Extract<Catalog, { id: F }>;
type PanelsOf<F extends FigureId> = FigureOf<F>['panels'][number];
/** The panels of figure F, optionally only those of one kind. */
export type PanelOf<F extends FigureId, K extends PanelKindName = PanelKindName> = Extract<
  PanelsOf<F>,
  { kind: K }
>;
/** Panel ids of figure F (of one kind, if given). */
export type PanelId<F extends FigureId, K extends PanelKindName = PanelKindName> = PanelOf<
  F,
  K
>['id'];
/** Series keys of panel P of figure F. */
export type SeriesKey<F extends FigureId, P extends string> = Extract<
  PanelsOf<F>,
  { id: P }
>['series'][number]['key'];
/** Extras (per-network scalars) of figure F. */
export type ExtraKey<F extends FigureId> = FigureOf<F>['extras'][number];

/** A figure computed from other figures' data (the catalog's `composite`), not network by network. */
export type CompositeFigureId = Extract<Catalog, { composite: true }>['id'];
/** A figure computed network by network, by a producer of the engine. */
export type SeedFigureId = Exclude<FigureId, CompositeFigureId>;

/** Every figure id, in report order. */
export const FIGURE_IDS: readonly FigureId[] = FIGURES.map((f) => f.id);

/** Figures named as the text names them: "Fig. 1, Fig. 14". */
export const figureNames = (ids: readonly FigureId[]): string =>
  ids.map((id) => id.replace('fig', 'Fig. ')).join(', ');

export const isFigureId = (id: string): id is FigureId =>
  (FIGURE_IDS as readonly string[]).includes(id);

/** Whether figure `id`'s experiment fine-tunes pruned networks (so needs the training images). */
export const fineTunes = (id: FigureId): boolean =>
  (figureSpec(id) as FigureSpec).fineTunes === true;

export const isComposite = (id: FigureId): id is CompositeFigureId =>
  (figureSpec(id) as FigureSpec).composite === true;

export const figureSpec = <F extends FigureId>(id: F): FigureOf<F> => {
  const spec = FIGURES.find((f) => f.id === id);
  if (!spec) throw new Error(`Unknown figure "${id}"`);
  return spec as FigureOf<F>;
};
