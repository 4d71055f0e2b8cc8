/** All panels of a published figure as one standalone SVG file: /figures/fig4.svg. */
import type { APIRoute } from 'astro';
import { parseHTML } from 'linkedom';
import { figureToSvg } from '../../figures/export';
import type { FigureData } from '../../lib/figure-data';
import { publishedPaths } from './_published';

export const getStaticPaths = publishedPaths;

export const GET: APIRoute = ({ props }) => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return new Response(figureToSvg((props as { data: FigureData }).data, { document }), {
    headers: { 'Content-Type': 'image/svg+xml' },
  });
};
