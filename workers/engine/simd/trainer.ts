/**
 * One network's training on the WebAssembly SIMD engine (assembly/train-step.ts): the training
 * images stay in the engine's memory, each step is one call that gathers its batch by index,
 * runs forward, backward, the L2 term and Keras' Adam (train.ts `adamStep`), and allocates
 * nothing. Fine-tuning (fine-tune.ts) uses the same step with removed neurons' rows masked.
 */
import type { Activation } from '../../../src/lib/figure-data';
import type { PixelScaling } from '../../../src/lib/input-scaling';
import { HIDDEN, INPUTS, type NetworkWeights } from '../model';
import { readNetwork, type SimdEngine, writeNetwork } from './engine';

/** Keras' Adam constants (train.ts). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export interface SimdTrainingData {
  images: Uint8Array;
  labels: Uint8Array;
  samples: number;
  scaling?: PixelScaling;
}

export class SimdTrainer {
  private readonly params: number;
  private readonly moment1: number;
  private readonly moment2: number;
  private readonly index: number;
  private readonly mask1: number;
  private readonly mask2: number;
  /** The loaded network has removed rows (fine-tuning): the step masks their gradients. */
  private masked = false;

  /** Takes the engine's memory over (engine.reset()): one trainer per engine at a time. */
  constructor(
    private readonly engine: SimdEngine,
    data: SimdTrainingData,
    private readonly maxBatch: number,
  ) {
    engine.reset();
    const P = engine.params;
    const images = engine.alloc(data.samples * INPUTS);
    engine.u8(images, data.samples * INPUTS).set(data.images.subarray(0, data.samples * INPUTS));
    const labels = engine.alloc(data.samples);
    engine.u8(labels, data.samples).set(data.labels.subarray(0, data.samples));
    let shift = 0;
    let scale = 0;
    if (data.scaling) {
      shift = engine.alloc(INPUTS * 4);
      scale = engine.alloc(INPUTS * 4);
      engine.f32(shift, INPUTS).set(data.scaling.shift);
      engine.f32(scale, INPUTS).set(data.scaling.scale);
    }
    this.index = engine.alloc(maxBatch * 4);
    this.params = engine.alloc(P * 4);
    this.moment1 = engine.alloc(P * 4);
    this.moment2 = engine.alloc(P * 4);
    const grads = engine.alloc(P * 4);
    this.mask1 = engine.alloc(HIDDEN * 4);
    this.mask2 = engine.alloc(HIDDEN * 4);
    const workspace = engine.alloc(engine.exports.workspaceBytes(maxBatch));
    engine.exports.configure(
      this.params,
      this.moment1,
      this.moment2,
      grads,
      images,
      labels,
      shift,
      scale,
      this.index,
      workspace,
      maxBatch,
      this.mask1,
      this.mask2,
    );
  }

  /** Starts a network: its parameters, fresh Adam moments, and (fine-tuning) its masks. */
  load(net: NetworkWeights, removed?: [ArrayLike<number>, ArrayLike<number>]): void {
    const P = this.engine.params;
    writeNetwork(this.engine.f32(this.params, P), net);
    this.engine.f32(this.moment1, P).fill(0);
    this.engine.f32(this.moment2, P).fill(0);
    this.masked = removed !== undefined;
    for (const [layer, at] of [this.mask1, this.mask2].entries()) {
      const mask = this.engine.f32(at, HIDDEN).fill(1);
      if (removed) for (const j of Array.from(removed[layer])) mask[j] = 0;
    }
  }

  /** One Adam step (steps count from 1) on the samples `index`; returns its loss (eq. 6). */
  step(
    index: Int32Array,
    step: number,
    { activation, learningRate, l2 }: { activation: Activation; learningRate: number; l2: number },
  ): number {
    if (index.length > this.maxBatch || index.length === 0) {
      throw new Error(`A batch of ${index.length} samples, the engine holds 1 to ${this.maxBatch}`);
    }
    this.engine.i32(this.index, index.length).set(index);
    // Keras folds the bias correction into the step size (train.ts adamUpdate)
    const stepSize = (learningRate * Math.sqrt(1 - BETA2 ** step)) / (1 - BETA1 ** step);
    return this.engine.exports.step(
      index.length,
      activation === 'sigmoid' ? 0 : 1,
      l2,
      stepSize,
      BETA1,
      1 - BETA1,
      BETA2,
      1 - BETA2,
      EPSILON,
      this.masked ? 1 : 0,
    );
  }

  /** The network as it is now, as copies in the file format. */
  network(): NetworkWeights {
    return readNetwork(this.engine.f32(this.params, this.engine.params));
  }
}
