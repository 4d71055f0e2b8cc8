/**
 * npm run bench:gpu [-- --quick] [--no-peer] [--training [--curve]]   (about 4 minutes with --quick
 * on SwiftShader, 2 cores; --training: the training rows only, no analysis, curve or peer;
 * --curve with it: the layer-1 curve too, as the GPU pack runs it)
 *
 * The engine in Node on WebGPU through Dawn (the npm package `webgpu`), beside WASM in the same
 * process; the measurements are bench/node/gpu-bench.ts's, shared with the GPU pack
 * (scripts/gpu/pack.mjs), with the numpy peer's numbers as in `npm run bench`. Run through
 * scripts/gpu/vulkan.mjs, which finds a Vulkan driver (a GPU's own, else Chromium's SwiftShader).
 * Prints the adapter and a table and writes bench-results/bench-gpu.json (with --training,
 * bench-gpu-training.json); asserts nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installDawn } from '../../scripts/gpu/dawn';
import { mnistSplits } from '../../scripts/mnist-node';
import { OUT } from '../options';
import { PEER_NETWORK, runPeer } from '../peer/run';
import { runGpuBench } from './gpu-bench';
import { printAdapter, printGpuReport } from './print';

const FLAGS = ['--quick', '--no-peer', '--training', '--curve'];
const args = process.argv.slice(2).filter((a) => a !== '--');
for (const a of args) {
  if (!FLAGS.includes(a)) {
    console.error(
      `bench:gpu: unknown argument ${a}\nusage: npm run bench:gpu [-- --quick] [--no-peer] [--training [--curve]]`,
    );
    process.exit(2);
  }
}
const quick = args.includes('--quick');
const training = args.includes('--training');
const RESULTS = training ? 'bench-gpu-training.json' : 'bench-gpu.json';

const dawn = await installDawn();
printAdapter(dawn);
const bytes = readFileSync(PEER_NETWORK);
const results = await runGpuBench(
  {
    dawn,
    splits: mnistSplits(),
    network: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
    networkName: PEER_NETWORK,
  },
  { quick, training, curve: !training || args.includes('--curve'), smoke: false },
);

// The numpy peer (one core; no Fig. 10 here), checked against the WASM curve.
const wasmCurve = results.curves.find((c) => c.backend === 'wasm');
if (!args.includes('--no-peer') && !training) {
  const { benchCurve } = await import('../timing/ablation');
  const { deserializeNetwork } = await import('../../workers/engine/model');
  const { order, plan } = benchCurve(deserializeNetwork(bytes.buffer as ArrayBuffer, PEER_NETWORK));
  results.peer = runPeer({
    quick,
    fig10: 'none',
    verify: wasmCurve?.values
      ? {
          order,
          levels: plan.levels,
          curve: wasmCurve.values,
          against: 'the wasm curve',
          file: join(OUT, 'peer-verify-gpu.json'),
        }
      : null,
    unverified: 'no wasm curve',
  });
}

printGpuReport(results);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, RESULTS), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote ${OUT}/${RESULTS}`);
process.exit(0);
