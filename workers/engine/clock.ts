/**
 * A run's clock: seconds since it started, and the estimate of the seconds left from the share of
 * the work done, for the progress a run reports (experiments.ts, and Fig. 16's column in
 * robustness.ts).
 */
export class Clock {
  private readonly start = performance.now();
  elapsed = () => (performance.now() - this.start) / 1000;
  // no estimate before a tenth of the work: the start (data, backend, first steps) is slower than
  // the rest and an early extrapolation swings by minutes
  eta = (fraction: number) =>
    fraction >= 0.1 ? (this.elapsed() * (1 - fraction)) / fraction : null;
}
