// AssemblyScript entry of the WebAssembly SIMD engine (scripts/build-wasm.mjs builds it into
// workers/engine/simd/build/engine.wasm; workers/engine/simd/engine.ts loads and lays it out).

export { level } from './curve-level';
export { initConstants } from './vector';
export { configure, PARAMS, step, workspaceBytes } from './train-step';

/** The first byte past the module's own data: the JS side lays its buffers out from here. */
export function heapBase(): usize {
  return __heap_base;
}
