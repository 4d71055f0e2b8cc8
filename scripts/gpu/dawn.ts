/**
 * navigator.gpu in Node from Dawn's Node binding (the npm package `webgpu`), so that the engine's
 * own backend selection (workers/engine/backend.ts) finds a WebGPU adapter outside a browser. The
 * Vulkan driver comes from the environment scripts/gpu/vulkan.mjs sets up (it must be set before
 * the process starts: the Vulkan loader reads LD_LIBRARY_PATH once).
 */

export interface DawnAdapter {
  /** vendor / architecture / device / description, as the adapter reports them. */
  label: string;
  isFallbackAdapter: boolean;
  /** A CPU implementation (SwiftShader, llvmpipe/lavapipe, a fallback adapter): its times say
   * nothing about a GPU. */
  software: boolean;
  driver: string;
}

/** Names of Vulkan drivers that run on the CPU, as they appear in an adapter's info. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software/i;

/** Whether an adapter with this label (or flag) is a software one. */
export const isSoftwareAdapter = (label: string, isFallbackAdapter: boolean): boolean =>
  isFallbackAdapter || SOFTWARE.test(label);

/** Installs navigator.gpu and returns the adapter Dawn offers, or why there is none. */
export async function installDawn(): Promise<DawnAdapter | { missing: string }> {
  const missing = process.env.WEBGPU_NODE_DRIVER_MISSING;
  if (missing) return { missing };
  let gpu: GPU;
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    gpu = create([]) as GPU;
  } catch (error) {
    return { missing: `the npm package webgpu did not load: ${(error as Error).message}` };
  }
  const navigator = (globalThis as { navigator?: object }).navigator ?? {};
  Object.defineProperty(globalThis, 'navigator', {
    value: Object.assign(Object.create(navigator), { gpu }),
    configurable: true,
    writable: true,
  });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { missing: 'Dawn found no WebGPU adapter on this Vulkan driver' };
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const fields = [info.vendor, info.architecture, info.device, info.description].map(
    (f) => f || '-',
  );
  const label = fields.join(' / ');
  const isFallbackAdapter =
    info.isFallbackAdapter === true ||
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    label,
    isFallbackAdapter,
    software: isSoftwareAdapter(label, isFallbackAdapter),
    driver: process.env.WEBGPU_NODE_DRIVER ?? 'the Vulkan loader defaults',
  };
}
