/** Fashion-MNIST's published run of a figure (#24): /figures/fashion/fig4.svg. */
import type { APIRoute } from 'astro';
import { fashionPaths, svgResponse } from '../_published';

export const getStaticPaths = fashionPaths;

export const GET: APIRoute = ({ props }) => svgResponse(props);
