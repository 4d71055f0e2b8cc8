#!/usr/bin/env node
/**
 * Builds the WebAssembly SIMD engine from its AssemblyScript source (workers/engine/simd/assembly/)
 * into workers/engine/simd/build/engine.wasm, a build output (not committed). `npm run build` and
 * the Vitest run call it; it rebuilds only when a source is newer than the output.
 *
 * Flags: -O3, the stub runtime (no garbage collector: the engine allocates nothing, its buffers
 * are laid out by simd/engine.ts), SIMD on, relaxed SIMD off (its fused multiply-add differs
 * between CPUs; the plain path gives the same bits on every run on one machine).
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'workers/engine/simd/assembly');
export const ENGINE_WASM = join(root, 'workers/engine/simd/build/engine.wasm');

const newest = (dir) =>
  Math.max(
    ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs),
    statSync(import.meta.filename ?? fileURLToPath(import.meta.url)).mtimeMs,
  );

export async function buildWasm({ force = false } = {}) {
  let built = 0;
  try {
    built = statSync(ENGINE_WASM).mtimeMs;
  } catch {}
  if (!force && built > newest(source)) return { built: false, path: ENGINE_WASM };
  mkdirSync(dirname(ENGINE_WASM), { recursive: true });
  const asc = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main([
    join(source, 'index.ts'),
    '--outFile',
    ENGINE_WASM,
    '-O3',
    '--runtime',
    'stub',
    '--noAssert',
    '--enable',
    'simd',
    '--disable',
    'relaxed-simd',
    '--initialMemory',
    '2',
  ]);
  if (error) {
    throw new Error(`AssemblyScript build of the SIMD engine failed:\n${stderr.toString()}`);
  }
  return { built: true, path: ENGINE_WASM };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { built, path } = await buildWasm({ force: process.argv.includes('--force') });
  console.log(`build-wasm: ${built ? 'built' : 'up to date'} ${path.slice(root.length + 1)}`);
}
