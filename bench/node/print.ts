/**
 * The report `npm run bench:gpu` (bench/node/gpu.ts) and the GPU pack's run.sh print: the adapter,
 * then training, dispatch, fine-tuning, the paper preset's extrapolated training, analysis and the
 * layer-1 curve per backend, with the numpy peer's ratios. Every row names its adapter (shortened
 * to the adapter's description; the JSON holds the whole label).
 */
import os from 'node:os';
import type { DawnAdapter } from '../../scripts/gpu/dawn';
import { pathLabel } from '../report/targets';
import { type GpuBenchResults, type PeerResult, WASM_ADAPTER } from '../results';

/** The paper preset's training time the design card aims at on a GPU (docs/bench.md). */
const PAPER_GOAL_S = 15;

/** The adapter as a table cell: Dawn's "vendor / architecture / device / description" label
 * shortened to its description (else its device), WASM's to "CPU (WASM)". */
export function shortAdapter(label: string): string {
  if (label === WASM_ADAPTER) return 'CPU (WASM)';
  const fields = label.split(' / ').filter((f) => f !== '-' && f !== '');
  return fields[3] ?? fields[fields.length - 1] ?? label;
}

/** The adapter line both entries print before measuring. */
export function printAdapter(dawn: DawnAdapter | { missing: string }): void {
  if ('missing' in dawn) {
    console.log(`WebGPU in Node: none (${dawn.missing})`);
    return;
  }
  console.log(
    `WebGPU adapter (Dawn in Node): ${dawn.label}${dawn.software ? ' (software, runs on the CPU)' : ''}${dawn.isFallbackAdapter ? ' (fallback adapter)' : ''}`,
  );
  console.log(`Vulkan driver: ${dawn.driver}`);
}

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
  // the flags as typed: --curve only adds to --training (the full run has the curve anyway)
  const { quick, training, curve, smoke } = r.options;
  const flags = Object.entries({ quick, training, curve: training && curve, smoke })
    .filter(([, on]) => on)
    .map(([flag]) => `--${flag}`);
  console.log(`\n== npm run bench:gpu ${flags.join(' ')} (${r.createdAt}) ==`);
  if (r.options.smoke) {
    console.log(
      'SMOKE SIZE (the pack test): 2 and 3 networks, 2 timed steps, 500 test images; not a measurement',
    );
  }
  console.log(
    `machine: ${os.cpus()[0]?.model.trim()}, ${os.cpus().length} cores, Node ${process.versions.node}`,
  );
  console.log(
    `WebGPU adapter (Dawn, Node): ${r.adapter ? `${r.adapter.label}${r.adapter.software ? ' (software)' : ''}; Vulkan: ${r.adapter.driver}` : `none: ${r.missing}`}`,
  );
  if (peer) {
    console.log(
      `numpy peer: numpy ${peer.numpy}, ${peer.coretype ?? 'OPENBLAS_CORETYPE not set'}, one core`,
    );
  }
  console.log('\n1. Training step, batch 32, 784-100-100-10 sigmoid, Adam (trainEnsemble)');
  table(
    [
      'backend',
      'adapter',
      'method',
      'networks',
      'ms/step',
      'ms/network/step',
      'steps',
      'engine / numpy',
    ],
    r.training.flatMap((part) =>
      part.rows.flatMap(({ method, adapter, timing: t }) =>
        t
          ? [
              [
                part.backend,
                shortAdapter(adapter),
                method,
                String(t.networks),
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
  if (r.dispatch.length > 0) {
    console.log(
      '\n1b. One compute dispatch (an empty one-workgroup program, bench/timing/dispatch.ts)',
    );
    table(
      ['backend', 'adapter', 'mode', 'dispatches', 'µs/dispatch'],
      r.dispatch.map((d) => [
        'webgpu',
        shortAdapter(d.adapter),
        d.mode,
        String(d.count),
        fmt(d.usPerDispatch),
      ]),
    );
  }
  if (r.fineTuning.length > 0) {
    console.log(
      "\n1c. Fine-tuning after pruning (Fig. 15's starts of one seed together, default layout)",
    );
    table(
      ['backend', 'adapter', 'layout', 'networks', 'ms/step', 'ms/network/step', 'steps'],
      r.fineTuning.map((f) => [
        f.backend,
        shortAdapter(f.adapter),
        f.layout,
        String(f.starts),
        fmt(f.msPerStep),
        fmt(f.msPerNetworkStep),
        String(f.steps),
      ]),
    );
  }
  if (r.paper.length > 0) {
    console.log(
      `\n1d. Paper preset's training extrapolated from each ensemble row (${r.paper[0].networkSteps.toLocaleString('en')} network-steps, one device)`,
    );
    table(
      [
        'backend',
        'adapter',
        'method',
        'ms/network/step',
        'paper preset, s',
        `under ${PAPER_GOAL_S} s`,
      ],
      r.paper.map((p) => [
        p.backend,
        shortAdapter(p.adapter),
        p.method,
        fmt(p.msPerNetworkStep),
        `${p.estimate ? '~' : ''}${fmt(p.seconds)}`,
        p.seconds < PAPER_GOAL_S ? 'yes' : 'no',
      ]),
    );
  }
  if (r.analysis.length > 0) {
    console.log(
      '\n2. Analysis of one network (analyseNetwork: hidden outputs, measures, means, test context)',
    );
    table(
      ['backend', 'adapter', 'ms (median)'],
      r.analysis.map((a) => [a.backend, shortAdapter(a.adapter), fmt(a.ms)]),
    );
  }
  if (r.curves.length === 0) return;
  console.log('\n3. Layer-1 ablation curve, 101 levels (accuracyCurve)');
  table(
    [
      'backend',
      'adapter',
      'path',
      'test images',
      'ms',
      'engine / numpy',
      'max |diff| vs wasm (pp)',
    ],
    r.curves.map((c) => [
      c.backend,
      shortAdapter(c.adapter),
      pathLabel(c.path),
      c.samples.toLocaleString('en'),
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
