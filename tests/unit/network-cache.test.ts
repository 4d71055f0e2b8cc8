/**
 * The browser's cache of trained networks (workers/engine/store.ts) is keyed by what training
 * depends on: every open choice that needs networks trained anew must change the key, or a rerun
 * with He-normal initialisation, say, would silently reuse Glorot-trained networks.
 */
import { describe, expect, it } from 'vitest';
import { CHOICES, OPEN_CHOICES, TRAINING_CHOICES } from '../../src/lib/open-choices';
import { PRESETS } from '../../src/lib/presets';
import { cacheKey } from '../../workers/engine/store';

const base = { activation: 'sigmoid' as const, seeds: [0, 1], preset: PRESETS.paper };

/** Another allowed value of a choice than the paper's. */
function another(key: (typeof CHOICES)[number]): unknown {
  const row = OPEN_CHOICES[key];
  const paper = PRESETS.paper[key];
  if (row.kind === 'oneOf') return row.values.find((v) => v !== paper);
  return paper === row.min ? row.max : row.min;
}

describe('the cache key of trained networks', () => {
  it.each(TRAINING_CHOICES)('changes with %s, which training depends on', (key) => {
    const changed = { ...base, preset: { ...PRESETS.paper, [key]: another(key) } };
    expect(cacheKey(changed)).not.toBe(cacheKey(base));
  });

  it('does not change with the choices that only analyse the networks', () => {
    for (const key of CHOICES.filter((k) => !OPEN_CHOICES[k].training)) {
      const changed = { ...base, preset: { ...PRESETS.paper, [key]: another(key) } };
      expect(cacheKey(changed), key).toBe(cacheKey(base));
    }
  });

  it('changes with the epochs, the training images and the seeds', () => {
    expect(cacheKey({ ...base, preset: { ...PRESETS.paper, epochs: 5 } })).not.toBe(cacheKey(base));
    expect(cacheKey({ ...base, seeds: [0] })).not.toBe(cacheKey(base));
    expect(cacheKey({ ...base, activation: 'relu' })).not.toBe(cacheKey(base));
  });
});
