/**
 * The GPU pack (issue #25, scripts/gpu/pack.mjs): built for real, copied into an empty folder
 * outside the repository (no node_modules above it), and run there by its run.sh with a PATH that
 * holds only the tools run.sh says it needs, not Node: as on a bare GPU machine. Without a GPU
 * here it runs on Chromium's SwiftShader, allowed by ALLOW_SOFTWARE_ADAPTER=1, at the smoke size
 * (--smoke: every row, a few steps); the rows of its JSON are checked, not their speed (speed
 * targets live in the bench). Also: without a driver, and on a software adapter without the flag,
 * run.sh refuses with a non-zero exit and says why.
 *
 * Skipped, saying so, where SwiftShader is missing (Debian's chromium brings it, as for the e2e
 * suite). The first build compresses Node with xz (about 70 s on two cores); later ones take it
 * from .cache/gpu-pack/.
 */
import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WASM_METHODS, WEBGPU_METHODS } from '../../bench/node/gpu-bench';
import type { GpuBenchResults } from '../../bench/results';
import { WASM_ADAPTER } from '../../bench/results';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** What run.sh uses (its "Needs:" line), and the shell it runs in. */
const TOOLS = [
  'sh',
  'sed',
  'uname',
  'dirname',
  'basename',
  'sha256sum',
  'mkdir',
  'mv',
  'rm',
  'chmod',
  'ls',
  'head',
  'xz',
  'tar',
  'dpkg-deb',
];
/** A child process's exit status and output, without blocking the test worker (whose messages to
 * Vitest would time out during a minute-long spawnSync). */
function spawned(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const skip = !existsSync(SWIFTSHADER)
  ? `no SwiftShader at ${SWIFTSHADER} (apt-get install chromium)`
  : process.platform !== 'linux' || process.arch !== 'x64'
    ? 'the pack is for Linux x86-64'
    : null;

describe.skipIf(skip !== null)(
  `the GPU pack on a bare machine${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let dir = '';
    let pack = '';
    let bin = '';
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawned('sh', [join(pack, 'run.sh'), ...args], {
        cwd: dir,
        env: { PATH: bin, HOME: dir, ...env },
      });

    beforeAll(() => {
      const built = spawnSync('nice', ['-n', '10', process.execPath, 'scripts/gpu/pack.mjs'], {
        encoding: 'utf8',
        timeout: 400_000,
      });
      expect(built.status, built.stderr + built.stdout).toBe(0);
      expect(built.stdout).toMatch(/dist-gpu-pack\/: [\d.]+ MiB .* of at most 60 MiB/);
      dir = mkdtempSync(join(tmpdir(), 'gpu-pack-'));
      pack = join(dir, 'pack');
      cpSync('dist-gpu-pack', pack, { recursive: true });
      bin = join(dir, 'bin');
      mkdirSync(bin);
      for (const tool of TOOLS) {
        const found = spawnSync('sh', ['-c', `command -v ${tool}`], {
          encoding: 'utf8',
        }).stdout.trim();
        if (found) symlinkSync(found, join(bin, tool));
      }
      // nothing of the repository's tool chain is reachable from there
      for (let up = dir; up !== dirname(up); up = dirname(up)) {
        expect(existsSync(join(up, 'node_modules')), `${up}/node_modules`).toBe(false);
      }
      for (const absent of ['node', 'npm']) {
        const found = spawnSync('sh', ['-c', `command -v ${absent}`], { env: { PATH: bin } });
        expect(found.status, `${absent} on the bare PATH`).not.toBe(0);
      }
    }, 420_000);

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('refuses to run without a Vulkan driver, saying how to name one', async () => {
      const empty = join(dir, 'no-icd');
      mkdirSync(empty);
      const r = await run({ GPU_PACK_ICD_DIRS: empty });
      expect(r.status, r.stdout + r.stderr).toBe(3);
      expect(r.stderr).toMatch(/no Vulkan driver found.*\n(.*\n)*.*VK_DRIVER_FILES=/);
    }, 120_000);

    it('refuses a software adapter unless ALLOW_SOFTWARE_ADAPTER=1', async () => {
      const r = await run({ VK_DRIVER_FILES: SWIFTSHADER });
      expect(r.status, r.stdout + r.stderr).toBe(5);
      expect(r.stdout).toMatch(/WebGPU adapter \(Dawn in Node\): .*swiftshader/i);
      expect(r.stderr).toMatch(/only adapter is a software one .*ALLOW_SOFTWARE_ADAPTER=1/);
      expect(existsSync(join(pack, 'results'))).toBe(false);
    }, 120_000);

    it('runs every row of bench:gpu --quick --training --curve and writes them to one JSON', async () => {
      const r = await run({ VK_DRIVER_FILES: SWIFTSHADER, ALLOW_SOFTWARE_ADAPTER: '1' }, '--smoke');
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain("the pack's Debian loader (libvulkan1_");
      const results = JSON.parse(
        readFileSync(join(pack, 'results/bench-gpu-pack.json'), 'utf8'),
      ) as GpuBenchResults;
      const label = results.adapter?.label ?? '';
      expect(label).toMatch(/swiftshader/i);
      expect(results.adapter?.software).toBe(true);
      expect(results.options).toEqual({ quick: true, training: true, curve: true, smoke: true });
      const time = (v: number | undefined, what: string) => {
        expect(Number.isFinite(v) && (v as number) > 0, `${what}: ${v}`).toBe(true);
      };

      const byBackend = Object.fromEntries(results.training.map((p) => [p.backend, p]));
      expect(byBackend.webgpu.rows.map((r) => r.method)).toEqual(WEBGPU_METHODS);
      expect(byBackend.wasm.rows.map((r) => r.method)).toEqual(WASM_METHODS);
      for (const part of results.training) {
        const adapter = part.backend === 'webgpu' ? label : WASM_ADAPTER;
        expect(part.adapter).toBe(adapter);
        for (const row of part.rows) {
          expect(row.adapter, row.method).toBe(adapter);
          time(row.timing?.msPerStep, `${part.backend} ${row.method}`);
          expect(row.timing?.estimate, `${row.method} timed, not estimated`).toBeUndefined();
        }
      }
      const fused40 = byBackend.webgpu.rows.find((r) => r.method === 'engine-fused-40');
      expect(fused40?.timing?.networks).toBeGreaterThan(byBackend.webgpu.ensembleSeeds);

      expect(results.dispatch.map((d) => [d.mode, d.adapter])).toEqual([
        ['one-pass', label],
        ['one-submit-each', label],
      ]);
      for (const d of results.dispatch) time(d.usPerDispatch, `dispatch ${d.mode}`);

      expect(results.fineTuning.map((f) => [f.backend, f.layout, f.adapter])).toEqual([
        ['webgpu', 'wide', label],
        ['wasm', 'simd', WASM_ADAPTER],
      ]);
      for (const f of results.fineTuning) time(f.msPerNetworkStep, `fine-tuning ${f.backend}`);

      // every ensemble row extrapolated to the paper preset: 625,200 network-steps
      expect(results.paper.map((p) => p.method)).toEqual([
        'engine-per-seed',
        'engine-batched',
        'engine-fused',
        'engine-fused-40',
        'engine-per-seed',
      ]);
      for (const p of results.paper) {
        expect(p.networkSteps).toBe(20 * 10 * 1563 * 2);
        expect(p.seconds).toBeCloseTo((p.msPerNetworkStep * p.networkSteps) / 1000, 6);
      }

      expect(results.curves.map((c) => [c.backend, c.path, c.adapter])).toEqual([
        ['webgpu', 'fused', label],
        ['wasm', 'simd', WASM_ADAPTER],
      ]);
      for (const c of results.curves) {
        time(c.ms, `curve ${c.backend}`);
        expect(c.values).toHaveLength(101);
      }
      // the fused WGSL program's curve is WASM's, within float32 rounding (one image of 500 is 0.2)
      expect(results.curves[0].maxDifferenceFromWasm).toBeLessThanOrEqual(0.2);

      // the printed table names the same rows and the adapter
      for (const method of WEBGPU_METHODS)
        expect(r.stdout).toMatch(new RegExp(`webgpu .* ${method} `));
      expect(r.stdout).toMatch(/one-pass/);
      expect(r.stdout).toMatch(/Wrote .*bench-gpu-pack\.json/);
    }, 240_000);
  },
);
