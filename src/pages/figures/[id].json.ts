/** The published run of a figure, as the engine wrote it: /figures/fig4.json. */
import type { APIRoute } from 'astro';
import type { FigureData } from '../../lib/figure-data';
import { publishedPaths } from './_published';

export const getStaticPaths = publishedPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify((props as { data: FigureData }).data, null, 1), {
    headers: { 'Content-Type': 'application/json' },
  });
