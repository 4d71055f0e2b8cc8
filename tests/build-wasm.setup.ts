/** Vitest global setup: the WebAssembly SIMD engine is built from its AssemblyScript source
 * (scripts/build-wasm.mjs) before any test loads it; a build output, never committed. */
import { buildWasm } from '../scripts/build-wasm.mjs';

export default async function setup(): Promise<void> {
  await buildWasm();
}
