/** Fashion-MNIST's published run of a figure (#24): /figures/fashion/fig4.json. */
import type { APIRoute } from 'astro';
import { fashionPaths, jsonResponse } from '../_published';

export const getStaticPaths = fashionPaths;

export const GET: APIRoute = ({ props }) => jsonResponse(props);
