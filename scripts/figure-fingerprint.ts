/**
 * Every figure's engine output as a fingerprint, for a change that must not move any number (a
 * refactor): runs each figure in Node on the WASM backend, with the published networks (seeds 0
 * and 1) and the smoke preset's image counts, and prints a SHA-256 of its panels and extras (the
 * run's meta, with its times and dates, left out). Run it before and after; the lines must match.
 *   npx vite-node scripts/figure-fingerprint.ts [-- fig1,fig4]
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { FIGURE_IDS, type FigureId } from '../src/lib/figures';
import { resolveRun } from '../src/lib/run-options';
import { runExperiment } from '../workers/engine/experiments';
import { nodeIo } from './node-io';

const only = process.argv.slice(2).find((a) => a !== '--');
const figures = only ? (only.split(',') as FigureId[]) : FIGURE_IDS;

await tf.setBackend('wasm');
await tf.ready();
const io = nodeIo({ published: true });
const stamp = { backend: 'wasm' as const, adapter: '', browser: 'node', commit: '' };
for (const figure of figures) {
  const run = resolveRun({ figure, preset: 'smoke', networks: 'published' });
  const data = await runExperiment(run, io, stamp);
  const hash = createHash('sha256')
    .update(JSON.stringify({ panels: data.panels, extras: data.extras }))
    .digest('hex');
  console.log(`${figure.padEnd(6)} ${hash.slice(0, 16)}`);
}
