/**
 * Rerun options (src/components/run-options.ts): what the form and a permalink may ask for, and
 * the messages for what they may not. A bad value must never reach the worker.
 */
import { describe, expect, it } from 'vitest';
import {
  fromSearchParams,
  LIMITS,
  parseRunOptions,
  toSearchParams,
} from '../../src/components/run-options';

describe('parseRunOptions', () => {
  it('accepts a full, valid set and types it', () => {
    const parsed = parseRunOptions('fig4', {
      preset: 'quick',
      seeds: '3',
      epochs: ' 2 ',
      activation: 'relu',
      backend: 'wasm',
      networks: 'retrain',
    });
    expect(parsed).toEqual({
      ok: true,
      options: {
        figure: 'fig4',
        preset: 'quick',
        seeds: 3,
        epochs: 2,
        activation: 'relu',
        backend: 'wasm',
        networks: 'retrain',
      },
    });
  });

  it('leaves empty fields to the preset', () => {
    const parsed = parseRunOptions('fig1', { preset: 'smoke', seeds: '', epochs: null });
    expect(parsed).toEqual({ ok: true, options: { figure: 'fig1', preset: 'smoke' } });
  });

  it.each([
    ['seeds', '0', /Seeds must be a whole number from 1 to 20/],
    ['seeds', String(LIMITS.seeds + 1), /Seeds must be a whole number/],
    ['seeds', '2.5', /Seeds must be a whole number/],
    ['seeds', '1e3', /Seeds must be a whole number/],
    ['seeds', '-1', /Seeds must be a whole number/],
    ['epochs', 'abc', /Epochs must be a whole number from 1 to 50 \(got “abc”\)/],
    ['preset', 'huge', /Preset must be one of smoke, quick, paper/],
    ['backend', 'webgl', /Backend must be one of auto, webgpu, wasm, cpu/],
    ['networks', 'cached', /Networks must be published or retrain/],
    ['activation', 'tanh', /Activation must be sigmoid or relu/],
  ])('rejects %s = %s with a clear message', (field, value, message) => {
    const parsed = parseRunOptions('fig4', { preset: 'smoke', [field]: value });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join(' ')).toMatch(message);
  });

  it('refuses an activation where the paper fixes it', () => {
    const parsed = parseRunOptions('fig10', { activation: 'relu' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatch(/Figure 10 fixes the activation/);
  });

  it('reports every bad field at once', () => {
    const parsed = parseRunOptions('fig4', { seeds: 'x', epochs: '0', backend: 'gpu' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toHaveLength(3);
  });

  it('rejects an unknown figure', () => {
    expect(parseRunOptions('fig11' as never, {}).ok).toBe(false);
  });
});

describe('permalinks', () => {
  it('round-trip through the URL query', () => {
    const options = { figure: 'fig4' as const, preset: 'smoke' as const, seeds: 2 };
    const params = toSearchParams(options);
    expect(params.toString()).toBe('fig=fig4&preset=smoke&seeds=2');
    const link = fromSearchParams(params);
    expect(link?.figure).toBe('fig4');
    expect(parseRunOptions('fig4', link!.raw)).toEqual({ ok: true, options });
  });

  it('ignore links to unknown figures and validate the rest', () => {
    expect(fromSearchParams(new URLSearchParams('fig=fig99&preset=smoke'))).toBeNull();
    const link = fromSearchParams(new URLSearchParams('fig=fig2&seeds=9999'));
    expect(parseRunOptions('fig2', link!.raw).ok).toBe(false);
  });
});
