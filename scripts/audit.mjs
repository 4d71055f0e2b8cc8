#!/usr/bin/env node
/**
 * The dependency check that needs the network: `npm audit --omit=dev` over what a reader's browser
 * runs (dev tools are left out), failing on any high or critical advisory. Not an e2e test, since
 * the registry may be out of reach; run it before a release.
 *
 *   node scripts/audit.mjs      # exit 0: none; 1: high/critical found; 2: the audit could not run
 */
import { spawnSync } from 'node:child_process';

const FAILING = ['high', 'critical'];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}

const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  // npm audit exits non-zero both for findings and for a registry it cannot ask: tell them apart
  const why =
    report?.message ??
    report?.error?.summary ??
    (run.error?.message ?? run.stderr ?? '').trim().split('\n').at(-1);
  console.error(`audit: could not run npm audit (${why || `exit ${run.status}`})`);
  process.exit(2);
}

const failing = Object.values(report.vulnerabilities ?? {}).filter((v) =>
  FAILING.includes(v.severity),
);
const summary = ['info', 'low', 'moderate', 'high', 'critical']
  .map((level) => `${counts[level] ?? 0} ${level}`)
  .join(', ');
console.log(`audit (runtime dependencies): ${summary}`);
for (const v of failing) {
  const advisories = (v.via ?? [])
    .filter((via) => typeof via === 'object')
    .map((via) => `${via.title} (${via.url})`);
  console.log(
    `  ${v.severity}: ${v.name} ${v.range}${advisories.length ? `: ${advisories.join('; ')}` : ''}`,
  );
}
process.exit(failing.length > 0 ? 1 : 0);
