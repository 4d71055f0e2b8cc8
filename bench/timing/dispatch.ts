/**
 * What one compute dispatch costs on the WebGPU device the engine runs on (`npm run bench:gpu`,
 * the GPU pack): an empty one-workgroup program, so that the time is the dispatch's own. The
 * layouts differ mainly in dispatches per step (the fused step: 8 for all seeds; the tensor
 * layouts: about 136 per seed or per ensemble, docs/bench.md), so this floor times the dispatch
 * count is what a layout cannot go below on this adapter.
 *
 * Two modes: 'one-pass', `count` dispatches in one compute pass and one submit (how a GPU runs a
 * recorded batch), and 'one-submit-each', every dispatch its own pass and queue submit (the most a
 * dispatch costs when nothing is batched). Each is the median of `repeats` after an untimed one.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DispatchTiming } from '../results';
import { medianMsAsync } from './clock';

const EMPTY = `
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(1) fn main() { out[0] = out[0] + 1u; }
`;

/** The device of the `webgpu` backend, which must be the current one. */
function currentDevice(): GPUDevice {
  if (tf.getBackend() !== 'webgpu') throw new Error('timeDispatch: the backend is not webgpu');
  return (tf.backend() as unknown as { device: GPUDevice }).device;
}

export async function timeDispatch(
  adapter: string,
  { count, repeats }: { count: number; repeats: number },
): Promise<DispatchTiming[]> {
  const device = currentDevice();
  const module = device.createShaderModule({ code: EMPTY });
  const pipeline = device.createComputePipeline({
    layout: 'auto',
    compute: { module, entryPoint: 'main' },
  });
  const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer } }],
  });
  const encodePass = (encoder: GPUCommandEncoder, dispatches: number) => {
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    for (let d = 0; d < dispatches; d++) pass.dispatchWorkgroups(1);
    pass.end();
  };
  const modes: Record<DispatchTiming['mode'], () => Promise<void>> = {
    'one-pass': async () => {
      const encoder = device.createCommandEncoder();
      encodePass(encoder, count);
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    },
    'one-submit-each': async () => {
      for (let d = 0; d < count; d++) {
        const encoder = device.createCommandEncoder();
        encodePass(encoder, 1);
        device.queue.submit([encoder.finish()]);
      }
      await device.queue.onSubmittedWorkDone();
    },
  };
  try {
    const out: DispatchTiming[] = [];
    for (const [mode, run] of Object.entries(modes) as [
      DispatchTiming['mode'],
      () => Promise<void>,
    ][]) {
      const timed = await medianMsAsync(repeats, run);
      out.push({
        adapter,
        mode,
        count,
        repeats: timed.repeats,
        usPerDispatch: (timed.ms * 1000) / count,
      });
    }
    return out;
  } finally {
    buffer.destroy();
  }
}
