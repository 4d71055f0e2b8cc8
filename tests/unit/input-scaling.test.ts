/** Input scaling (src/lib/input-scaling.ts): the 'standard' option's per-pixel statistics. */
import { describe, expect, it } from 'vitest';
import { pixelStandardisation } from '../../src/lib/input-scaling';

describe('pixelStandardisation', () => {
  it('gives each pixel its mean and standard deviation on the [0, 1] scale', () => {
    // 3 images of 2 pixels: pixel 0 = 0, 255, 255; pixel 1 constant 51
    const images = Uint8Array.from([0, 51, 255, 51, 255, 51]);
    const { shift, scale } = pixelStandardisation(images, 3, 2);
    expect(shift[0]).toBeCloseTo(2 / 3, 6);
    expect(scale[0]).toBeCloseTo(Math.sqrt(2 / 9), 6);
    expect(shift[1]).toBeCloseTo(0.2, 6);
    expect(scale[1]).toBe(1); // never varies: kept at scale 1, maps to 0
  });

  it('standardised pixels have mean 0 and variance 1 over the images', () => {
    const images = Uint8Array.from({ length: 50 * 4 }, (_, i) => (i * 37) % 256);
    const { shift, scale } = pixelStandardisation(images, 50, 4);
    for (let p = 0; p < 4; p++) {
      let mean = 0;
      let square = 0;
      for (let i = 0; i < 50; i++) {
        const v = (images[i * 4 + p] / 255 - shift[p]) / scale[p];
        mean += v / 50;
        square += (v * v) / 50;
      }
      expect(mean).toBeCloseTo(0, 5);
      expect(square).toBeCloseTo(1, 5);
    }
  });

  it('refuses too few images', () => {
    expect(() => pixelStandardisation(new Uint8Array(3), 2, 2)).toThrow(/need 2 images/);
  });
});
