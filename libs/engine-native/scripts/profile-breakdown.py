#!/usr/bin/env python3
"""Where a training step's time goes, from a `perf record -g` of `rnnlab bench` (see README, Speed).

  RNNLAB_NATIVE_SIMD=avx2 perf record -F 1999 -g -o perf.data \\
      node --perf-basic-prof apps/cli/bin/rnnlab.mjs bench --engine native --cell lstm --hidden 256 --min-time 4
  perf script -i perf.data | python3 libs/engine-native/scripts/profile-breakdown.py

Each sample (both cores) is put in one category by its leaf frame and its call stack; prints the
share of every category. Startup (module loading, compiling) is its own category, not left out.
"""
import re
import sys
from collections import Counter

CATEGORIES = [
    ('thread team: waiting, waking', lambda leaf, stack: 'Team::' in leaf or any('Team::barrier' in f or 'wait_until' in f for f in stack[:4]) or (('[kernel' in leaf or 'sched_yield' in leaf) and any('rnnlab' in f for f in stack))),
    ('recurrence GEMMs (h W_hh, dZ W_hhᵀ, packing)', lambda leaf, stack: in_kernels(stack) and is_gemm(leaf) and not in_wgrad(stack)),
    ('weight-gradient GEMM (Σ hᵀ dZ)', lambda leaf, stack: in_kernels(stack) and (is_gemm(leaf) or 'wgrad' in leaf) and in_wgrad(stack)),
    ('gate elementwise (activations, masks, norms)', lambda leaf, stack: in_kernels(stack)),
    ('projection and head GEMMs (BLAS via tfjs matMul)', lambda leaf, stack: any('rnnlab::sgemm' in f or 'gemm_job' in f for f in stack)),
    # OpenBLAS's assembly keeps no frame pointers: its samples have no stack to say who called it
    ('OpenBLAS sgemm, caller unknown (recurrence steps when OpenBLAS runs them; else projections, head)', lambda leaf, stack: 'libopenblas' in leaf),
    ('optimizer, loss, embedding (native)', lambda leaf, stack: re.search(r'rnnlab::(adam|softmax|scatter)', leaf) is not None),
    ('startup (loading, parsing, compiling)', lambda leaf, stack: any(re.search(r'parseSource|lexer|Compile|ModuleWrap|ReadFile|compileFunction|LoadEsm|importModuleDynamically', f) for f in stack)),
    ('tfjs and JS (op dispatch, wasm kernels, GC)', lambda leaf, stack: True),
]


def in_kernels(stack):
    return any(re.search(r'(forward|backward)_(job|rows)|rnnlab::(forward|backward)\b', f) for f in stack)


def in_wgrad(stack):
    return any(re.search(r'wgrad|weight_grad|backward_weight_cols', f) for f in stack)


def is_gemm(leaf):
    return re.search(r'sgemm|small_sgemm|tile\d|pack_panels|wgrad_blocks|_copy_|copy_HASWELL|kernel_HASWELL|otcopy|itcopy|incopy|oncopy', leaf) is not None


def samples(lines):
    frames = []
    for line in lines:
        line = line.rstrip('\n')
        if not line.strip():
            if frames:
                yield frames
            frames = []
        elif line.startswith((' ', '\t')):
            m = re.match(r'\s+[0-9a-f]+\s+(.*)$', line)
            frames.append(m.group(1) if m else line.strip())
        else:
            frames = []
    if frames:
        yield frames


counts = Counter()
total = 0
for stack in samples(sys.stdin):
    leaf = stack[0]
    for name, test in CATEGORIES:
        if test(leaf, stack):
            counts[name] += 1
            break
    total += 1
for name, _ in CATEGORIES:
    print(f'{100 * counts[name] / max(total, 1):5.1f}%  {name}')
print(f'{total} samples')
