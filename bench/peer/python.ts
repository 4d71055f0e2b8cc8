/**
 * Finds a Python 3 with numpy for the native peer (bench/peer/numpy_peer.py): Debian's
 * /usr/bin/python3 first (its numpy uses the system's OpenBLAS), then `python3` on PATH.
 */
import { spawnSync } from 'node:child_process';

export const PEER = 'bench/peer/numpy_peer.py';
export const INSTALL_HINT =
  'apt-get install -y python3-numpy libopenblas0-pthread   (Debian/Ubuntu; then run with /usr/bin/python3)';

export type FoundPython = { python: string; numpy: string } | { python: null; why: string };

export function findPython(): FoundPython {
  const tried: string[] = [];
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import numpy; print(numpy.__version__)'], {
      encoding: 'utf8',
    });
    if (probe.status === 0) return { python, numpy: probe.stdout.trim() };
    tried.push(`${python}: ${probe.error ? 'not found' : 'no numpy'}`);
  }
  return { python: null, why: `no Python 3 with numpy (${tried.join('; ')})` };
}
