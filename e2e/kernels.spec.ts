import { expect, test } from '@playwright/test';
import type { CheckApi, CurvePathCheck } from '../workers/check-api';
import { collectErrors } from './console';

/**
 * The custom WGSL program (workers/engine/kernels/curve-counts.ts) against the reference path:
 * every curve of the figures below, computed from one analysis of published network 0, once with
 * TensorFlow.js ops on WASM (the path tests/engine/ablation.test.ts proves equal to naive
 * recomputation) and once with the fused program on WebGPU. Covers layer-1 and layer-2 ablation to
 * zero and to the means, both layers jointly (fig. 3), the 1:2 hybrid schedule and [22]'s merges
 * with and without surgery (figs. 5, 10), sigmoid and ReLU.
 */
const CHECKS: CurvePathCheck[] = [
  { figure: 'fig1', activation: 'sigmoid' },
  { figure: 'fig3', activation: 'sigmoid' },
  { figure: 'fig5', activation: 'sigmoid' },
  { figure: 'fig10', activation: 'sigmoid' },
];
const SAMPLES = 1000;

test('the fused curve program equals the tensor path on every curve of figs. 1, 3, 5, 10', async ({
  page,
}, info) => {
  test.skip(info.project.name !== 'webgpu', 'the fused program runs on WebGPU only');
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  await page.goto('/engine-checks/');
  await expect(page.locator('#checks-status[data-ready]')).toBeAttached();
  const results = await page.evaluate(
    async ({ checks, samples }) =>
      (window as unknown as { checks: CheckApi }).checks.curvePaths(checks, samples),
    { checks: CHECKS, samples: SAMPLES },
  );
  expect(results).toHaveLength(CHECKS.length);
  const fig10Panels = new Set<string>();
  for (const result of results) {
    expect(result.referenceBackend).toBe('wasm');
    expect(result.fusedBackend, 'the fused side really ran on WebGPU').toBe('webgpu');
    expect(result.curves.length, `${result.figure} has curves`).toBeGreaterThanOrEqual(4);
    for (const curve of result.curves) {
      const name = `${result.figure} ${curve.panel} ${curve.series}`;
      expect(curve.levels, `${name}: same number of levels`).toBeGreaterThan(40);
      // each path is within one sample of exact arithmetic at a decision boundary (float32)
      expect(curve.maxSampleDifference, `${name}: samples that differ`).toBeLessThanOrEqual(2);
      expect(curve.range, `${name}: the curve moves`).toBeGreaterThan(5);
    }
    if (result.figure === 'fig10') for (const curve of result.curves) fig10Panels.add(curve.panel);
  }
  expect([...fig10Panels].sort(), 'fig10 drew sigmoid (a, c) and ReLU (b, d)').toEqual([
    'a',
    'b',
    'c',
    'd',
  ]);
  expect(errors).toEqual([]);
});
