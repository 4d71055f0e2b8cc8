/**
 * How pixels reach the network (docs/method.md §1, input scaling): 'unit' divides by 255 ([0, 1],
 * our default reading of the paper), 'standard' standardises every pixel with its mean and
 * standard deviation over the training images, a choice the paper leaves open. Pure: the worker
 * turns the result into tensors.
 */

export const INPUT_SCALINGS = ['unit', 'standard'] as const;
export type InputScaling = (typeof INPUT_SCALINGS)[number];

/** Per-pixel affine map x' = (pixel / 255 - shift) / scale, [pixels] each. */
export interface PixelScaling {
  shift: Float32Array;
  scale: Float32Array;
}

/**
 * Mean and standard deviation of every pixel (on the [0, 1] scale) over `samples` images of
 * `pixels` each, row-major uint8. A pixel that never varies (MNIST's border) keeps scale 1, so it
 * maps to 0 instead of dividing by zero.
 */
export function pixelStandardisation(
  images: Uint8Array,
  samples: number,
  pixels: number,
): PixelScaling {
  if (!Number.isInteger(samples) || samples < 1 || images.length < samples * pixels) {
    throw new RangeError(`pixelStandardisation: need ${samples} images of ${pixels} pixels`);
  }
  const sum = new Float64Array(pixels);
  const squares = new Float64Array(pixels);
  for (let i = 0; i < samples; i++) {
    const row = i * pixels;
    for (let p = 0; p < pixels; p++) {
      const v = images[row + p] / 255;
      sum[p] += v;
      squares[p] += v * v;
    }
  }
  const shift = new Float32Array(pixels);
  const scale = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const mean = sum[p] / samples;
    const variance = Math.max(0, squares[p] / samples - mean * mean);
    shift[p] = mean;
    scale[p] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { shift, scale };
}
