/** All panels of a published figure as one standalone SVG file: /figures/fig4.svg. */
import type { APIRoute } from 'astro';
import { publishedPaths, svgResponse } from './_published';

export const getStaticPaths = publishedPaths;

export const GET: APIRoute = ({ props }) => svgResponse(props);
