#!/usr/bin/env node
/**
 * Runs a command with a Vulkan driver that Dawn (the npm package `webgpu`, navigator.gpu in Node)
 * can use, found in this order:
 *   1. VK_ICD_FILENAMES / VK_DRIVER_FILES already set: used as they are;
 *   2. a GPU's own driver: an ICD manifest in /usr/share/vulkan/icd.d, /etc/vulkan/icd.d or
 *      /usr/local/share/vulkan/icd.d with the Vulkan loader libvulkan.so.1 installed (lavapipe,
 *      lvp_icd*, is left out: Dawn refuses it);
 *   3. Chromium's bundled SwiftShader (a CPU implementation of Vulkan) with Chromium's own loader:
 *      LD_LIBRARY_PATH=<dir> VK_ICD_FILENAMES=<dir>/vk_swiftshader_icd.json, from Debian's chromium
 *      (/usr/lib/chromium) or Playwright's.
 * The loader reads LD_LIBRARY_PATH when the process starts, so the command runs as a child.
 *
 *   node scripts/gpu/vulkan.mjs <command> [args...]
 *
 * With no driver the command still runs, with WEBGPU_NODE_DRIVER_MISSING saying how to get one (the
 * GPU bench and test print it and skip). The child sees WEBGPU_NODE_DRIVER: which driver it got.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
export const DRIVER_HINT =
  'no Vulkan driver for Dawn: on a GPU machine install its Vulkan driver and loader ' +
  '(NVIDIA: the driver with its graphics libraries, which bring nvidia_icd.json, and `apt-get ' +
  'install -y libvulkan1`); without a GPU, `apt-get install -y chromium` brings SwiftShader ' +
  "(/usr/lib/chromium/vk_swiftshader_icd.json). Debian's lavapipe (mesa-vulkan-drivers) is refused by Dawn.";

/**
 * @returns {{ env: Record<string, string>, driver: string } | { env: Record<string, string>, missing: string }}
 */
export function vulkanDriver() {
  const given = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES;
  if (given) return { env: {}, driver: `from the environment: ${given}` };
  const loader = systemLoader();
  if (loader) {
    for (const dir of ICD_DIRS) {
      if (!existsSync(dir)) continue;
      const icds = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('lvp'));
      if (icds.length > 0) {
        return { env: {}, driver: `system Vulkan driver ${join(dir, icds[0])} (${loader})` };
      }
    }
  }
  for (const dir of swiftShaderDirs()) {
    const icd = join(dir, 'vk_swiftshader_icd.json');
    if (existsSync(icd) && existsSync(join(dir, 'libvulkan.so.1'))) {
      const path = [dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
      return {
        env: { LD_LIBRARY_PATH: path, VK_ICD_FILENAMES: icd },
        driver: `SwiftShader (software Vulkan) from ${dir}`,
      };
    }
  }
  return { env: {}, missing: DRIVER_HINT };
}

function systemLoader() {
  try {
    const cache = execSync('ldconfig -p', { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const line = cache.split('\n').find((l) => l.includes('libvulkan.so.1'));
    return line ? line.split('=>').pop().trim() : null;
  } catch {
    return null;
  }
}

function swiftShaderDirs() {
  const dirs = ['/usr/lib/chromium'];
  const playwright =
    process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache/ms-playwright');
  if (existsSync(playwright)) {
    for (const d of readdirSync(playwright).filter((d) => d.startsWith('chromium'))) {
      dirs.push(join(playwright, d, 'chrome-linux'), join(playwright, d, 'chrome-linux64'));
    }
  }
  return dirs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: node scripts/gpu/vulkan.mjs <command> [args...]');
    process.exit(2);
  }
  const found = vulkanDriver();
  const env = { ...process.env, ...found.env };
  if ('driver' in found) {
    env.WEBGPU_NODE_DRIVER = found.driver;
    console.log(`Vulkan: ${found.driver}`);
  } else {
    env.WEBGPU_NODE_DRIVER_MISSING = found.missing;
    console.log(`Vulkan: ${found.missing}`);
  }
  const run = spawnSync(command, args, { stdio: 'inherit', env });
  process.exit(run.status ?? 1);
}
