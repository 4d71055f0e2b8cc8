/**
 * The commit this checkout is at, short, or 'unknown' outside a git checkout (a tarball deploy):
 * stamped on builds (astro.config.mjs) and on published runs (e2e/figures/, scripts/robustness.ts).
 */
import { execSync } from 'node:child_process';

/** @returns {string} */
export function shortCommit() {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}
