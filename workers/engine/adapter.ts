/**
 * What the engine's modules need to know about the WebGPU adapter behind the `webgpu` backend,
 * without importing backend.ts (which pulls in every backend). backend.ts sets it when it
 * registers the backend on a probed adapter.
 */
let software = false;

/** Called by backend.ts: whether the adapter is a software one (SwiftShader, a fallback adapter). */
export function setSoftwareAdapter(value: boolean): void {
  software = value;
}

/** True when the `webgpu` backend runs on a software adapter, i.e. on the CPU's cores. */
export const onSoftwareAdapter = (): boolean => software;
