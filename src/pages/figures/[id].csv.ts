/** The published run of a figure as tidy CSV: /figures/fig4.csv. */
import type { APIRoute } from 'astro';
import { figureToCsv } from '../../figures/export';
import type { FigureData } from '../../lib/figure-data';
import { publishedPaths } from './_published';

export const getStaticPaths = publishedPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(figureToCsv((props as { data: FigureData }).data), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
