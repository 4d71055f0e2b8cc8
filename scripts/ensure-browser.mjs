#!/usr/bin/env node
/**
 * Makes sure a Chromium exists for the end-to-end tests, in this order of preference:
 *   1. CHROMIUM_PATH, when set and present;
 *   2. Playwright's own Chromium (`npx playwright install chromium`), when installed;
 *   3. the system Chromium at /usr/bin/chromium (Debian's package);
 *   4. otherwise, as root, `apt-get install chromium`; as anyone else, print the command and fail.
 *
 * e2e/browser.ts imports `findChromium` so the tests launch the same browser this script found.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

/**
 * The Chromium to test with, or null when there is none.
 * @returns {{ path: string, source: 'CHROMIUM_PATH' | 'playwright' | 'system' } | null}
 */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
  const playwright = playwrightChromium();
  if (playwright && existsSync(playwright)) return { path: playwright, source: 'playwright' };
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  return null;
}

/** Where Playwright keeps its own Chromium (it may not be downloaded). */
function playwrightChromium() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

async function main() {
  if (process.env.CHROMIUM_PATH && !existsSync(process.env.CHROMIUM_PATH)) {
    console.warn(`ensure-browser: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
  }
  let found = findChromium();
  if (!found && process.getuid?.() === 0) {
    console.log(`ensure-browser: no Chromium found; running: ${INSTALL_COMMAND}`);
    execSync(INSTALL_COMMAND, { stdio: 'inherit', shell: '/bin/bash' });
    found = findChromium();
  }
  if (!found) {
    console.error(
      'ensure-browser: no Chromium for the end-to-end tests. Install one with\n' +
        `  sudo ${INSTALL_COMMAND.replace('&& apt-get', '&& sudo apt-get')}\n` +
        'or `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium binary.',
    );
    process.exit(1);
  }
  console.log(`ensure-browser: using ${found.path} (${found.source})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
