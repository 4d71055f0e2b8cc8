/**
 * Content collections: the report's text (MDX) lives in content/report/, outside src/, beside the
 * published figure data it quotes (content/figures/*.json, read by src/figures/published.ts).
 */

import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const report = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './content/report' }),
  schema: z.object({
    title: z.string(),
    subtitle: z.string().optional(),
    description: z.string(),
  }),
});

export const collections = { report };
