/**
 * The report `npm run bench:gpu` prints (bench/node/gpu.ts): the adapter, then training, analysis
 * and the layer-1 curve per backend, with the numpy peer's ratios.
 */
import os from 'node:os';
import { pathLabel } from '../report/targets';
import type { GpuBenchResults, PeerResult } from '../results';

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
const vsPeer = (v: number, p: number | undefined) => (p ? `${(v / p).toFixed(2)}x` : '-');

function table(head: string[], rows: string[][]) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

export function printGpuReport(r: GpuBenchResults): void {
  const peer: PeerResult | null = r.peer && !('skipped' in r.peer) ? r.peer : null;
  console.log(`\n== npm run bench:gpu (${r.createdAt}) ==`);
  console.log(
    `machine: ${os.cpus()[0]?.model.trim()}, ${os.cpus().length} cores, Node ${process.versions.node}`,
  );
  console.log(
    `WebGPU adapter (Dawn, Node): ${r.adapter ? `${r.adapter.label}${r.adapter.isFallbackAdapter ? ' (software)' : ''}; Vulkan: ${r.adapter.driver}` : `none: ${r.missing}`}`,
  );
  if (peer) {
    console.log(
      `numpy peer: numpy ${peer.numpy}, ${peer.coretype ?? 'OPENBLAS_CORETYPE not set'}, one core`,
    );
  }
  console.log('\n1. Training step, batch 32, 784-100-100-10 sigmoid, Adam (trainEnsemble)');
  table(
    ['backend', 'method', 'ms/step', 'ms/network/step', 'steps', 'engine / numpy'],
    r.training.flatMap((part) =>
      part.rows.flatMap(({ method, timing: t }) =>
        t
          ? [
              [
                part.backend,
                method,
                t.estimate ? `~${fmt(t.msPerStep)} (warm-up estimate)` : fmt(t.msPerStep),
                fmt(t.msPerNetworkStep),
                t.estimate ? 'not timed' : String(t.steps),
                vsPeer(t.msPerNetworkStep, peer?.training.msPerStep),
              ],
            ]
          : [],
      ),
    ),
  );
  console.log(
    '\n2. Analysis of one network (analyseNetwork: hidden outputs, measures, means, test context)',
  );
  table(
    ['backend', 'ms (median)'],
    r.analysis.map((a) => [a.backend, fmt(a.ms)]),
  );
  console.log('\n3. Layer-1 ablation curve, 101 levels, 10,000 test images (accuracyCurve)');
  table(
    ['backend', 'path', 'ms', 'engine / numpy', 'max |diff| vs wasm (pp)'],
    r.curves.map((c) => [
      c.backend,
      pathLabel(c.path),
      fmt(c.ms),
      vsPeer(c.ms, peer?.curve.ms),
      c.maxDifferenceFromWasm?.toFixed(2) ?? '-',
    ]),
  );
  if (peer) {
    const v = peer.curve.verify;
    console.log(
      `\nnumpy: ${fmt(peer.training.msPerStep)} ms per step, curve ${fmt(peer.curve.ms)} ms; ${v.equal === null ? `its curve not checked: ${v.note}` : `its curve against the wasm one: max |diff| ${v.maxDifference.toFixed(2)} pp (${v.equal ? 'same work' : 'DIFFERENT'})`}`,
    );
  }
}
