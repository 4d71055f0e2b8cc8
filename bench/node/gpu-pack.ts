/**
 * The GPU pack's entry (bundled by scripts/gpu/pack.mjs into <pack>/bench.mjs, started by
 * <pack>/run.sh with the pack's own Node): `npm run bench:gpu -- --quick --training --curve` on a
 * machine without npm, node_modules or the repository, from the pack's files only.
 *
 *   node bench.mjs [--smoke] [--out=DIR]
 *
 * Refuses, with a non-zero exit, a machine where Dawn finds no adapter (exit 4) and one whose only
 * adapter is a software one (SwiftShader, llvmpipe, a fallback adapter: exit 5) unless
 * ALLOW_SOFTWARE_ADAPTER=1, so that a CPU is never timed as a GPU by accident. The data (a training
 * slice, the test set, the published network) is checked against the sha256 of pack.json before
 * it is used. Writes DIR/bench-gpu-pack.json (DIR: <pack>/results) and prints the bench:gpu table.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installDawn } from '../../scripts/gpu/dawn';
import { runGpuBench } from './gpu-bench';
import { printAdapter, printGpuReport } from './print';

/** pack.json, written by scripts/gpu/pack.mjs. */
export interface PackManifest {
  format: 1;
  createdAt: string;
  commit: string;
  node: string;
  /** The data files under data/, as the bench reads them (after data.tar.xz is unpacked). */
  data: Record<PackDataFile, { bytes: number; sha256: string }>;
  trainSamples: number;
}
export type PackDataFile =
  | 'train-images.u8'
  | 'train-labels.u8'
  | 'test-images.u8'
  | 'test-labels.u8'
  | 'network.bin';

const EXIT = { usage: 2, noAdapter: 4, software: 5, data: 6 } as const;

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const out =
  args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? join(here, 'results');
for (const a of args) {
  if (a !== '--smoke' && !a.startsWith('--out=')) {
    console.error(`bench.mjs: unknown argument ${a}\nusage: run.sh [--smoke] [--out=DIR]`);
    process.exit(EXIT.usage);
  }
}
const smoke = args.includes('--smoke');
const allowSoftware = process.env.ALLOW_SOFTWARE_ADAPTER === '1';

const manifest = JSON.parse(readFileSync(join(here, 'pack.json'), 'utf8')) as PackManifest;
console.log(
  `GPU pack of ${manifest.createdAt} (commit ${manifest.commit}), Node ${process.version}`,
);

const dawn = await installDawn();
printAdapter(dawn);
if ('missing' in dawn) {
  console.error(
    `No WebGPU adapter: ${dawn.missing}. Name the GPU's Vulkan driver with VK_DRIVER_FILES=/path/to/nvidia_icd.json (run.sh --help).`,
  );
  process.exit(EXIT.noAdapter);
}
if (dawn.software && !allowSoftware) {
  console.error(
    `The only adapter is a software one (${dawn.label}): it runs on the CPU, and its times say nothing about a GPU. Not timing it. Name the GPU's driver with VK_DRIVER_FILES, or set ALLOW_SOFTWARE_ADAPTER=1 to time it anyway.`,
  );
  process.exit(EXIT.software);
}

/** A data file's bytes, refused unless its sha256 is the one the pack was built with. */
function checked(name: PackDataFile): Uint8Array {
  const bytes = readFileSync(join(here, 'data', name));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== manifest.data[name].sha256) {
    console.error(
      `data/${name}: sha256 ${sha256}, expected ${manifest.data[name].sha256}; the pack is damaged (copy it again)`,
    );
    process.exit(EXIT.data);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

const network = checked('network.bin');
const results = await runGpuBench(
  {
    dawn,
    splits: {
      train: {
        images: checked('train-images.u8'),
        labels: checked('train-labels.u8'),
        samples: manifest.trainSamples,
      },
      test: {
        images: checked('test-images.u8'),
        labels: checked('test-labels.u8'),
        samples: manifest.data['test-labels.u8'].bytes,
      },
    },
    network: network.buffer.slice(
      network.byteOffset,
      network.byteOffset + network.length,
    ) as ArrayBuffer,
    networkName: 'data/network.bin (public/networks/sigmoid/seed-00.bin)',
  },
  { quick: true, training: true, curve: true, smoke },
);

printGpuReport(results);
mkdirSync(out, { recursive: true });
const file = join(out, 'bench-gpu-pack.json');
writeFileSync(file, `${JSON.stringify({ ...results, pack: manifest }, null, 2)}\n`);
console.log(`\nWrote ${file}`);
process.exit(0);
