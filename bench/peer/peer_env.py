"""The numpy peer's process set-up (bench/peer/numpy_peer.py): OpenBLAS on one thread and, on a CPU
with AVX-512, its SkylakeX kernel, set before numpy is imported; and what it found: the BLAS
kernel that runs and the malloc settings of the environment. Imports nothing heavy: numpy must
not be loaded before configure().
"""

import os


def configure(coretype):
    """Thread count and OpenBLAS kernel, set before numpy is imported (OpenBLAS reads them once)."""
    for name in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        os.environ[name] = '1'
    note = None
    if 'OPENBLAS_CORETYPE' in os.environ:
        note = f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} (from the environment)"
    elif coretype and avx512():
        os.environ['OPENBLAS_CORETYPE'] = 'SkylakeX'
        note = ('OPENBLAS_CORETYPE=SkylakeX set for the peer\'s own process: the CPU has AVX-512 '
                'and Debian\'s OpenBLAS would otherwise pick a generic kernel')
    return note


def malloc_note():
    """What the peer does about malloc: preallocated buffers (AdamBuffers); it sets nothing."""
    names = [n for n in ('MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_TOP_PAD_',
                         'MALLOC_ARENA_MAX') if n in os.environ]
    found = '; '.join(f'{n}={os.environ[n]} (from the environment)' for n in names)
    return ('preallocated buffers: the Adam step and the curve levels allocate no large '
            'temporaries; MALLOC_MMAP_THRESHOLD_ not set by the peer'
            + (f'; {found}' if found else ''))


def avx512():
    try:
        with open('/proc/cpuinfo') as f:
            return ' avx512f' in f.read()
    except OSError:
        return False


def blas_name():
    import numpy as np  # after configure(): OpenBLAS reads its settings once, at import
    try:
        config = np.show_config(mode='dicts')  # numpy >= 1.26
        return config['Build Dependencies']['blas']['name']
    except Exception:
        maps = open('/proc/self/maps').read()
        for name in ('libopenblas', 'mkl', 'blis', 'atlas', 'libblas'):
            if name in maps:
                line = next(l for l in maps.splitlines() if name in l)
                return line.split()[-1]
        return 'unknown'


def blas_runtime():
    """The kernel the loaded BLAS runs (OpenBLAS picks it at run time, so numpy's build
    configuration cannot say): threadpoolctl when installed, else OpenBLAS's own
    openblas_get_corename / get_config (plain, or scipy_..64_ as in numpy's wheels) through
    ctypes, else unknown. {'core', 'config', 'threads'}, each None when not found."""
    info = {'core': None, 'config': None, 'threads': None}
    try:
        from threadpoolctl import threadpool_info
        for lib in threadpool_info():
            if lib.get('user_api') == 'blas':
                return {'core': lib.get('architecture'),
                        'config': f"{lib.get('internal_api')} {lib.get('version')}",
                        'threads': lib.get('num_threads')}
    except Exception:
        pass
    try:
        import ctypes
        with open('/proc/self/maps') as f:
            paths = {line.split()[-1] for line in f if 'blas' in line.rsplit('/', 1)[-1].lower()}
        for path in sorted(paths, key=lambda p: 'openblas' not in p):
            lib = ctypes.CDLL(path)  # already loaded by numpy: this only looks its symbols up
            for prefix, suffix in (('', ''), ('scipy_', '64_'), ('scipy_', ''), ('', '64_')):
                try:
                    corename = getattr(lib, f'{prefix}openblas_get_corename{suffix}')
                except AttributeError:
                    continue
                corename.restype = ctypes.c_char_p
                info['core'] = corename().decode()
                config = getattr(lib, f'{prefix}openblas_get_config{suffix}', None)
                if config is not None:
                    config.restype = ctypes.c_char_p
                    info['config'] = ' '.join(config().decode().split())
                threads = getattr(lib, f'{prefix}openblas_get_num_threads{suffix}', None)
                if threads is not None:
                    threads.restype = ctypes.c_int
                    info['threads'] = threads()
                return info
    except Exception:
        pass
    return info
