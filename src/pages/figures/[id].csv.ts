/** The published run of a figure as tidy CSV: /figures/fig4.csv. */
import type { APIRoute } from 'astro';
import { csvResponse, publishedPaths } from './_published';

export const getStaticPaths = publishedPaths;

export const GET: APIRoute = ({ props }) => csvResponse(props);
