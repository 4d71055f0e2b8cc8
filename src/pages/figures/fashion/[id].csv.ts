/** Fashion-MNIST's published run of a figure (#24): /figures/fashion/fig4.csv. */
import type { APIRoute } from 'astro';
import { csvResponse, fashionPaths } from '../_published';

export const getStaticPaths = fashionPaths;

export const GET: APIRoute = ({ props }) => csvResponse(props);
