/**
 * Runs the numpy peer (bench/peer/numpy_peer.py `bench`) for both drivers, `npm run bench` and
 * `npm run bench:gpu`, after the engine has finished (one heavy process at a time): one core for
 * the training step and the curve, every core for the Fig. 10 curves. It first recomputes an
 * engine curve from the same order and network and says whether it matches (docs/bench.md,
 * "Against native code").
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PeerResult, PeerSkipped } from '../results';
import { findPython, INSTALL_HINT, PEER } from './python';

/** The published network the bench's curve is drawn on (bench/timing/ablation.ts). */
export const PEER_NETWORK = 'public/networks/sigmoid/seed-00.bin';

export interface PeerRequest {
  quick: boolean;
  /** Fig. 10's curves: none (bench:gpu), or those of the quick or paper preset. */
  fig10: 'none' | 'quick' | 'paper';
  /** An engine curve of the bench's network to check the peer against, with where it goes. */
  verify: {
    order: number[];
    levels: number;
    curve: number[];
    against: string;
    file: string;
  } | null;
  /** Why there is no curve to check against, said in the result instead. */
  unverified: string;
}

export function runPeer(request: PeerRequest): PeerResult | PeerSkipped {
  const found = findPython();
  if (found.python === null) {
    console.log(`\nbench: numpy peer skipped: ${found.why}. To get it: ${INSTALL_HINT}`);
    return { skipped: found.why, install: INSTALL_HINT };
  }
  const args = [PEER, 'bench', `--fig10=${request.fig10}`];
  if (request.quick) args.push('--quick');
  const { verify } = request;
  if (verify) {
    mkdirSync(dirname(verify.file), { recursive: true });
    writeFileSync(
      verify.file,
      JSON.stringify({
        network: PEER_NETWORK,
        activation: 'sigmoid',
        order: verify.order,
        constants: null,
        levels: verify.levels,
        expected: verify.curve,
      }),
    );
    args.push('--verify', verify.file);
  }
  console.log(`\nbench: numpy peer: ${found.python} ${args.join(' ')}`);
  const started = Date.now();
  const out = spawnSync(found.python, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 2 ** 20,
  });
  if (out.status !== 0) {
    console.log(`bench: numpy peer failed (exit ${out.status})`);
    return { skipped: `the peer exited with ${out.status}` };
  }
  const peer = JSON.parse(out.stdout) as PeerResult;
  peer.interpreter = found.python;
  peer.wallMs = Date.now() - started;
  // the peer answers `verify` only when given a curve; the driver says against which, or why none
  if (!peer.curve.verify) peer.curve.verify = { equal: null, note: request.unverified };
  else if (verify) Object.assign(peer.curve.verify, { against: verify.against });
  return peer;
}
