/**
 * The fused WGSL training step (workers/engine/kernels/train-step.ts, layout 'fused') against the
 * tensor path (`adamStep` in the batched layout) on the same WebGPU device: three seeds, five steps
 * of batch 6, sigmoid and ReLU; every step's reported loss and the final weights equal to float
 * tolerance. `npm run test:gpu`; skipped, saying why, without a Vulkan driver.
 */
import { describe, expect, it } from 'vitest';
import { installDawn } from '../../scripts/gpu/dawn';

const dawn = await installDawn();
const label = 'missing' in dawn ? `skipped: ${dawn.missing}` : `adapter ${dawn.label}`;
const STEPS = 5;
/** Not a multiple of the 4 batch rows an invocation of the forward programs takes. */
const BATCH = 6;

describe.skipIf('missing' in dawn)(`fused WGSL training step (${label})`, async () => {
  const { selectBackend } = await import('../../workers/engine/backend');
  const { trainEnsemble } = await import('../../workers/engine/train');
  const { PARAM_ORDER } = await import('../../workers/engine/model');
  const { subset } = await import('../../workers/engine/data');
  const { mnistSplits } = await import('../../scripts/mnist-node');
  const data = subset(mnistSplits().train, STEPS * BATCH);

  for (const activation of ['sigmoid', 'relu'] as const) {
    it(`equals adamStep in the batched layout after ${STEPS} steps (${activation}, 3 seeds)`, async () => {
      const selection = await selectBackend('webgpu');
      expect(selection.backend, selection.note).toBe('webgpu');
      const options = {
        activation,
        seeds: [0, 1, 2],
        epochs: 1,
        batchSize: BATCH,
        learningRate: 1e-3,
        l2: 1e-3,
        yieldEvery: 1,
      };
      const run = async (layout: 'batched' | 'fused') => {
        const losses: number[] = [];
        const nets = await trainEnsemble(data, {
          ...options,
          layout,
          onProgress: (_, __, loss) => losses.push(loss),
        });
        return { nets, losses };
      };
      const tensor = await run('batched');
      const fused = await run('fused');
      expect(fused.losses).toHaveLength(STEPS);
      for (let k = 0; k < STEPS; k++) {
        expect(Math.abs(fused.losses[k] - tensor.losses[k]), `loss of step ${k + 1}`).toBeLessThan(
          1e-5,
        );
      }
      // the loss went down and is not a silent zero (a rejected shader leaves its output at 0)
      expect(fused.losses[0]).toBeGreaterThan(1);
      for (const s of [0, 1, 2]) {
        for (const name of PARAM_ORDER) {
          const [a, b] = [fused.nets[s][name], tensor.nets[s][name]];
          expect(a).toHaveLength(b.length);
          let d = 0;
          let moved = 0;
          for (let i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            moved = Math.max(moved, Math.abs(a[i]));
          }
          expect(d, `seed ${s} ${name}`).toBeLessThan(1e-4);
          expect(moved, `seed ${s} ${name} trained`).toBeGreaterThan(0);
        }
      }
    });
  }
});
