/**
 * Static paths and responses of the download endpoints: one per published figure, of MNIST's run
 * (/figures/fig4.json) and of Fashion-MNIST's (/figures/fashion/fig4.json, #24).
 */
import { parseHTML } from 'linkedom';
import { figureToCsv, figureToSvg } from '../../figures/export';
import { fashionFigures } from '../../figures/fashion';
import { publishedFigures } from '../../figures/published';
import type { FigureSet } from '../../lib/claims';
import type { FigureData } from '../../lib/figure-data';

type Paths = { params: { id: string }; props: { data: FigureData } }[];

const pathsOf = (figures: FigureSet): Paths =>
  Object.values(figures)
    .filter((data): data is FigureData => Boolean(data))
    .map((data) => ({ params: { id: data.figure }, props: { data } }));

export const publishedPaths = (): Paths => pathsOf(publishedFigures);
export const fashionPaths = (): Paths => pathsOf(fashionFigures);

const dataOf = (props: unknown) => (props as { data: FigureData }).data;

/** The run as the engine wrote it. */
export const jsonResponse = (props: unknown) =>
  new Response(JSON.stringify(dataOf(props), null, 1), {
    headers: { 'Content-Type': 'application/json' },
  });

/** The run as tidy CSV. */
export const csvResponse = (props: unknown) =>
  new Response(figureToCsv(dataOf(props)), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });

/** All panels as one standalone SVG file. */
export function svgResponse(props: unknown): Response {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return new Response(figureToSvg(dataOf(props), { document }), {
    headers: { 'Content-Type': 'image/svg+xml' },
  });
}
