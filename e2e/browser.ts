/**
 * The Chromium the end-to-end tests launch and its flags, shared by playwright.config.ts and any
 * script that drives the site headlessly.
 */
import { findChromium } from '../scripts/ensure-browser.mjs';

const found = findChromium();

/** undefined when Playwright has its own Chromium (it then picks it); else the binary to launch. */
export const executablePath: string | undefined =
  found && found.source !== 'playwright' ? found.path : undefined;

/** Launch flags; `webgpu` adds the one that exposes SwiftShader's WebGPU adapter headlessly. */
export function launchArgs({ webgpu }: { webgpu: boolean }): string[] {
  return [
    // Running as root (containers, CI) needs no sandbox; and nothing may reach the network.
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(webgpu ? ['--enable-unsafe-webgpu'] : ['--disable-gpu']),
  ];
}
