/** The published run of a figure, as the engine wrote it: /figures/fig4.json. */
import type { APIRoute } from 'astro';
import { jsonResponse, publishedPaths } from './_published';

export const getStaticPaths = publishedPaths;

export const GET: APIRoute = ({ props }) => jsonResponse(props);
