#!/bin/sh
# The GPU pack's one command (copied into the pack by scripts/gpu/pack.mjs; docs/bench.md, "The
# GPU pack"). On an x86-64 Linux machine with a GPU and its Vulkan driver, and without Node, npm or
# a network: unpacks the pack's Node, Dawn and Debian's Vulkan loader next to this file, finds the
# GPU's Vulkan driver, prints the adapter and runs `npm run bench:gpu -- --quick --training
# --curve` from the bundle (bench.mjs), writing results/bench-gpu-pack.json and a table.
#
#   sh run.sh [--smoke] [--out=DIR]
#
# Environment:
#   VK_DRIVER_FILES / VK_ICD_FILENAMES  the driver's ICD manifest(s), colon-separated; else every
#                     ICD manifest in GPU_PACK_ICD_DIRS (lavapipe's lvp_* left out: Dawn refuses
#                     it), of which Dawn takes the high-performance adapter
#   GPU_PACK_ICD_DIRS where to look, colon-separated (default
#                     /usr/share/vulkan/icd.d:/etc/vulkan/icd.d:/usr/local/share/vulkan/icd.d)
#   ALLOW_SOFTWARE_ADAPTER=1  time a software adapter (SwiftShader, llvmpipe) rather than refuse it
#
# Exit status: 0 measured; 2 usage; 3 no Vulkan driver; 4 Dawn found no adapter; 5 software
# adapter refused; 6 damaged pack; 7 a tool or library the pack needs is missing.
#
# Needs: sh, coreutils (sha256sum, mkdir, mv, rm, chmod, dirname, basename, uname, ls, head), sed,
# xz (or python3), tar, and dpkg-deb for the loader's .deb (else the pack's Node reads it); glibc
# 2.34 and libstdc++ with GLIBCXX_3.4.30 (GCC 12's: Debian 12, Ubuntu 22.04 or later), which
# Dawn's binary needs (Node's: glibc 2.28), the only libraries either links.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
case "${1:-}" in
  -h | --help)
    sed -n '/^set -eu/q; 2,$s/^# \{0,1\}//p' "$HERE/run.sh"
    exit 0
    ;;
esac

fail() {
  code=$1
  shift
  echo "run.sh: $*" >&2
  exit "$code"
}

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] ||
  fail 7 "this pack is for Linux x86-64 (its Node and Dawn binaries); this is $(uname -s)-$(uname -m)"

# The carried files, as the pack was built (a truncated copy fails here, not halfway through).
if command -v sha256sum >/dev/null 2>&1; then
  (cd "$HERE" && sha256sum --quiet -c SHA256SUMS) || fail 6 "the pack's files do not match SHA256SUMS: copy it again"
else
  echo "run.sh: no sha256sum: the pack's files are not checked (the data still is, by bench.mjs)"
fi

# xz, else Python's lzma module, as a filter: stdin to stdout.
unxz() {
  if command -v xz >/dev/null 2>&1; then
    xz -dc
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.stdin.buffer), sys.stdout.buffer)'
  else
    fail 7 "neither xz nor python3 is installed: the pack's Node and Dawn are xz-compressed"
  fi
}

# Unpacks <file>.xz to <target> once (written to a temporary name first, so an interrupted unpack
# is redone).
unpack() {
  [ -s "$2" ] && return 0
  mkdir -p "$(dirname "$2")"
  unxz <"$HERE/$1" >"$2.part" || fail 7 "could not unpack $1"
  mv "$2.part" "$2"
}

NODE="$HERE/node/bin/node"
unpack node.xz "$NODE"
chmod 755 "$NODE"
"$NODE" --version >/dev/null 2>&1 ||
  fail 7 "the pack's Node does not start here (it needs glibc and libstdc++.so.6): $("$NODE" --version 2>&1 | head -3)"
# where the bundle's `webgpu` module looks for it: next to bench.mjs, as in the npm package
unpack dawn.node.xz "$HERE/dist/linux-x64/dawn.node"
unpack bench.mjs.xz "$HERE/bench.mjs"
if [ ! -s "$HERE/data/test-labels.u8" ]; then
  unxz <"$HERE/data.tar.xz" | (cd "$HERE" && tar -xf -) || fail 7 "could not unpack data.tar.xz"
fi

# Debian's Vulkan loader (libvulkan1), from its .deb: dpkg-deb, else a few lines of the pack's
# own Node that take data.tar.xz out of the .deb (an ar archive) for xz and tar.
LOADER_DIR="$HERE/vulkan/usr/lib/x86_64-linux-gnu"
DEB=$(ls "$HERE"/libvulkan1_*.deb 2>/dev/null | head -1 || true)
if [ -n "$DEB" ] && [ ! -e "$LOADER_DIR/libvulkan.so.1" ]; then
  rm -rf "$HERE/vulkan"
  mkdir -p "$HERE/vulkan"
  if command -v dpkg-deb >/dev/null 2>&1; then
    dpkg-deb -x "$DEB" "$HERE/vulkan"
  else
    "$NODE" -e '
      const fs = require("node:fs");
      const b = fs.readFileSync(process.argv[1]);
      let at = 8;
      while (at + 60 <= b.length) {
        const name = b.toString("latin1", at, at + 16).trim().replace(/\/$/, "");
        const size = Number(b.toString("latin1", at + 48, at + 58).trim());
        if (name === "data.tar.xz") break;
        at += 60 + size + (size % 2);
      }
      if (at + 60 > b.length) process.exit(1);
      const size = Number(b.toString("latin1", at + 48, at + 58).trim());
      process.stdout.write(b.subarray(at + 60, at + 60 + size));' "$DEB" | unxz | (cd "$HERE/vulkan" && tar -xf -) ||
      fail 7 "could not unpack $DEB (no dpkg-deb; its data.tar.xz through xz and tar failed)"
  fi
fi
if [ -e "$LOADER_DIR/libvulkan.so.1" ]; then
  LOADER="the pack's Debian loader ($(basename "$DEB"))"
  export LD_LIBRARY_PATH="$LOADER_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
elif [ -e "$HERE/vulkan/libvulkan.so.1" ]; then
  LOADER="the loader copied from the build machine (no .deb was available there)"
  export LD_LIBRARY_PATH="$HERE/vulkan${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  LOADER="this machine's libvulkan.so.1 (the pack holds no loader)"
fi

# The driver: named, else the first ICD manifest of the usual directories.
DRIVER="${VK_DRIVER_FILES:-${VK_ICD_FILENAMES:-}}"
if [ -n "$DRIVER" ]; then
  OLDIFS=$IFS
  IFS=:
  for f in $DRIVER; do
    [ -f "$f" ] || fail 3 "the Vulkan driver manifest $f (VK_DRIVER_FILES / VK_ICD_FILENAMES) does not exist"
  done
  IFS=$OLDIFS
  HOW="given: $DRIVER"
else
  OLDIFS=$IFS
  IFS=:
  for dir in ${GPU_PACK_ICD_DIRS:-/usr/share/vulkan/icd.d:/etc/vulkan/icd.d:/usr/local/share/vulkan/icd.d}; do
    IFS=$OLDIFS
    for f in "$dir"/*.json; do
      [ -f "$f" ] || continue
      case "$(basename "$f")" in lvp_*) continue ;; esac
      DRIVER="${DRIVER:+$DRIVER:}$f"
    done
    IFS=:
  done
  IFS=$OLDIFS
  [ -n "$DRIVER" ] || fail 3 "no Vulkan driver found (no ICD manifest in ${GPU_PACK_ICD_DIRS:-/usr/share/vulkan/icd.d, /etc/vulkan/icd.d, /usr/local/share/vulkan/icd.d}).
  On an NVIDIA machine install the driver with its Vulkan part (it brings nvidia_icd.json; in a
  container, NVIDIA_DRIVER_CAPABILITIES must include graphics) and name it:
    VK_DRIVER_FILES=/path/to/nvidia_icd.json sh run.sh"
  HOW="found: $DRIVER"
fi
# both names: VK_DRIVER_FILES for loaders from 1.3.207 on (the pack's is 1.3.239), VK_ICD_FILENAMES
# for an older loader of the machine's own
export VK_DRIVER_FILES="$DRIVER" VK_ICD_FILENAMES="$DRIVER"
export WEBGPU_NODE_DRIVER="$HOW; loader: $LOADER"
echo "Vulkan driver: $HOW"
echo "Vulkan loader: $LOADER"

exec "$NODE" "$HERE/bench.mjs" "$@"
