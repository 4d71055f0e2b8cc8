/**
 * The run vocabulary (src/lib/run-options.ts): what the form, a permalink, the worker and the
 * headless runners may ask for, and the messages for what they may not. A bad value must never
 * reach the engine, and every entry point says the same thing about it.
 */
import { describe, expect, it } from 'vitest';
import {
  checkBackend,
  checkPreset,
  fromSearchParams,
  LIMITS,
  parseRunOptions,
  resolveRun,
  toSearchParams,
} from '../../src/lib/run-options';

describe('resolveRun (the worker and the headless runners)', () => {
  it.each([
    [{ figure: 'fig99' }, /Unknown figure “fig99”/],
    [{ preset: 'huge' }, /Preset must be one of smoke, quick, paper \(got “huge”\)/],
    [{ seeds: 0 }, /Seeds must be a whole number from 1 to 20 \(got “0”\)/],
    [{ seeds: 2.5 }, /Seeds must be/],
    [{ seeds: Number.NaN }, /Seeds must be/],
    [{ seeds: 1e9 }, /Seeds must be/],
    [{ epochs: -1 }, /Epochs must be/],
    [{ activation: 'tanh' }, /Activation must be sigmoid or relu/],
    [{ backend: 'webgpuu' }, /Backend must be one of auto, webgpu, wasm, cpu \(got “webgpuu”\)/],
    [{ networks: 'mine' }, /Networks must be published or retrain/],
    [{ workers: 0 }, /Workers must be/],
    [{ workers: 1.5 }, /Workers must be/],
    [{ figure: 'fig8', activation: 'sigmoid' }, /Figure 8 fixes the activation/],
  ])('rejects %o', (override, message) => {
    expect(() =>
      resolveRun({ figure: 'fig1', preset: 'smoke', ...(override as object) } as never),
    ).toThrow(message);
  });

  it('takes the preset and applies overrides', () => {
    const run = resolveRun({ figure: 'fig9', preset: 'paper', seeds: 3 });
    expect(run.preset.seeds).toBe(3);
    expect(run.preset.epochs).toBe(10);
    expect(run.activation).toBe('relu');
  });

  it.each([
    ['backend', 'webgpuu'],
    ['preset', 'huge'],
  ] as const)('says the same about %s = %s as the form does', (field, value) => {
    const parsed = parseRunOptions('fig1', { [field]: value });
    const check = field === 'backend' ? checkBackend : checkPreset;
    expect(() => check(value)).toThrow(RangeError);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(() =>
        resolveRun({ figure: 'fig1', preset: 'smoke', [field]: value } as never),
      ).toThrow(parsed.errors[0]);
    }
  });
});

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
    ['seeds', '99999999999999999999', /\(got “99999999999999999999”\)/],
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
    expect(parseRunOptions('fig99', {}).ok).toBe(false);
  });
});

describe("the paper's open choices", () => {
  it('reads every option, training ones with networks trained anew', () => {
    const parsed = parseRunOptions('fig1', {
      networks: 'retrain',
      l2: '0',
      lr: '2e-3',
      batch: '64',
      inputs: 'standard',
      init: 'he-normal',
      validation: '5000',
      threshold: '0.3',
    });
    expect(parsed).toEqual({
      ok: true,
      options: {
        figure: 'fig1',
        preset: 'smoke',
        networks: 'retrain',
        l2: 0,
        lr: 0.002,
        batch: 64,
        inputs: 'standard',
        init: 'he-normal',
        validation: 5000,
        threshold: 0.3,
      },
    });
    if (!parsed.ok) return;
    const run = resolveRun(parsed.options);
    expect(run.preset).toMatchObject({
      l2: 0,
      learningRate: 0.002,
      batchSize: 64,
      inputs: 'standard',
      init: 'he-normal',
      validationSamples: 5000,
      threshold: 0.3,
    });
  });

  it('validation and threshold also work with the published networks', () => {
    const parsed = parseRunOptions('fig2', { validation: '1000', threshold: '0.7' });
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['l2', '0.5', /L2 penalty λ must be a number from 0 to 0.01 \(got “0.5”\)/],
    ['l2', '-1', /L2 penalty λ must be a number/],
    [
      'lr',
      'fast',
      /Learning rate must be a number from 0.00001 to 0.1|Learning rate must be a number from 1e-5 to 0.1/,
    ],
    ['batch', '0', /Batch size must be a whole number from 1 to 1024/],
    ['batch', '2.5', /Batch size must be a whole number/],
    ['inputs', 'zca', /Input scaling must be unit or standard \(got “zca”\)/],
    ['init', 'zeros', /Initialisation must be glorot-uniform or he-normal \(got “zeros”\)/],
    ['validation', '50', /Validation images must be a whole number from 100 to 10000/],
    ['threshold', '1.5', /Quantiser threshold \(sigmoid\) must be a number from 0.01 to 0.99/],
  ])('rejects %s = %s', (field, value, message) => {
    const parsed = parseRunOptions('fig1', { networks: 'retrain', [field]: value });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join(' ')).toMatch(message);
  });

  it('refuses training options with the published networks, in the form and in the worker', () => {
    const parsed = parseRunOptions('fig1', { l2: '0', batch: '64' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors).toEqual([
        'L2 penalty λ, Batch size change how the networks are trained: choose Networks “train anew”, or leave them empty.',
      ]);
      expect(() => resolveRun({ figure: 'fig1', preset: 'smoke', l2: 0, batch: 64 })).toThrow(
        parsed.errors[0],
      );
    }
  });

  it("refuses a number of epochs with the published networks, which were trained for the paper's", () => {
    const parsed = parseRunOptions('fig1', { epochs: '50' });
    expect(parsed).toEqual({
      ok: false,
      errors: [
        'Epochs changes how the networks are trained: choose Networks “train anew”, or leave it empty.',
      ],
    });
    expect(() => resolveRun({ figure: 'fig1', preset: 'quick', epochs: 2 })).toThrow(/Epochs/);
    expect(
      resolveRun({ figure: 'fig1', preset: 'quick', epochs: 2, networks: 'retrain' }).preset.epochs,
    ).toBe(2);
  });

  it('round-trips through a permalink', () => {
    const options = {
      figure: 'fig4' as const,
      preset: 'quick' as const,
      networks: 'retrain' as const,
      l2: 0,
      threshold: 0.3,
      inputs: 'standard' as const,
    };
    const link = fromSearchParams(toSearchParams(options));
    expect(link?.raw).toMatchObject({ l2: '0', threshold: '0.3', inputs: 'standard' });
    expect(parseRunOptions('fig4', link!.raw)).toEqual({ ok: true, options });
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
