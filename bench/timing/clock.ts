/**
 * How the bench repeats a timed call, for the browser (bench/browser/bench.worker.ts) and Node
 * (bench/node/gpu.ts) alike: one untimed call first (shader compilation, WASM and JIT warm-up),
 * then the median of the timed ones, with the report's one median (src/lib/stats.ts).
 */
import { median } from '../../src/lib/stats';

/** A call slower than this (a software GPU, the CPU backend) is timed once. */
export const SLOW_MS = 10_000;

export const range = (n: number) => Array.from({ length: n }, (_, k) => k);

/** Median of `repeats` timed calls after one untimed call. */
export function medianMs(repeats: number, run: () => void): number {
  run();
  return median(
    range(repeats).map(() => {
      const started = performance.now();
      run();
      return performance.now() - started;
    }),
  );
}

/** The same for async work; when the untimed call took longer than SLOW_MS, one timed call only
 * (the untimed one has compiled everything by then). `repeats` is the number of timed calls. */
export async function medianMsAsync(
  repeats: number,
  run: () => Promise<void>,
): Promise<{ ms: number; repeats: number }> {
  const started = performance.now();
  await run();
  const count = performance.now() - started > SLOW_MS ? Math.min(1, repeats) : repeats;
  const times: number[] = [];
  for (let r = 0; r < count; r++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { ms: median(times), repeats: times.length };
}
