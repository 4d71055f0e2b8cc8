import { describe, expect, it } from 'vitest';
import { auc, meanAndSd, median, quantile, spearman } from '../../src/lib/stats';

describe('meanAndSd', () => {
  it('takes the pointwise mean and the sample (n - 1) standard deviation over seeds', () => {
    const { mean, sd } = meanAndSd([
      [1, 2],
      [3, 4],
      [5, 9],
    ]);
    expect(mean).toEqual([3, 5]);
    expect(sd[0]).toBeCloseTo(2, 14);
    expect(sd[1]).toBeCloseTo(Math.sqrt(13), 14);
  });

  it('gives sd 0 for a single seed', () => {
    expect(meanAndSd([[0.5, 0.7]])).toEqual({ mean: [0.5, 0.7], sd: [0, 0] });
  });

  it('refuses no seeds and ragged curves', () => {
    expect(() => meanAndSd([])).toThrow(RangeError);
    expect(() => meanAndSd([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe('median and quantile', () => {
  it('interpolate linearly between order statistics', () => {
    expect(median([3, 1, 2, 4])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(median([])).toBeNaN();
  });
});

describe('auc', () => {
  it('is the mean of y over the integer x in [from, to]', () => {
    const x = [0, 1, 2, 3, 4];
    const y = [90, 80, 70, 60, 10];
    expect(auc(x, y, 1, 3)).toBe(70);
    expect(auc(x, y, 0, 100)).toBe(62);
    expect(auc([0, 0.5, 1], [10, 1000, 20], 0, 1)).toBe(15);
    expect(auc(x, y, 10, 20)).toBeNaN();
  });
});

describe('spearman', () => {
  it('is +1 for a monotone and -1 for an antitone relation', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 40, 80])).toBeCloseTo(1, 14);
    expect(spearman([1, 2, 3, 4], [8, 4, 2, 1])).toBeCloseTo(-1, 14);
  });

  it('gives tied values their average rank', () => {
    // ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / sqrt(4.5 * 5)
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 14);
  });

  it('is NaN for a constant sample', () => {
    expect(spearman([2, 2, 2], [1, 2, 3])).toBeNaN();
  });
});
