"""Shrinks a failing architecture to a small one that fails the same way.

Greedy: try each simplification (drop blocks, then plainer classifier,
settings, stem, head and input, then plainer block fields); keep the first
that still fails with the same signature (stage and kind of error, see
check_case.StageFailed), and start over until none does or MAX_TRIALS ran.
Every simplification moves a field towards one fixed plain value or makes
the network smaller, so the search cannot cycle. Every trial is a full case
(torchvision, mnv3c, compile), so this takes minutes.
"""

import copy

import arch_config
from arch_config import Fc


def _variant(arch, **changes):
    out = copy.deepcopy(arch)
    for key, value in changes.items():
        setattr(out, key, value)
    return out


def _without_blocks(arch, start, stop):
    blocks = arch.blocks[:start] + arch.blocks[stop:]
    return _variant(arch, blocks=copy.deepcopy(blocks))


def _block_variants(arch):
    """Each block's fields set, one at a time, to the plainest value."""
    plain = {"se": False, "act": "relu", "kernel": 3, "dilation": 1, "stride": 1}
    in_channels = arch.stem_out
    for i, b in enumerate(arch.blocks):
        changes = [(k, v) for k, v in plain.items() if getattr(b, k) != v]
        if b.expansion != str(in_channels):
            changes.append(("expansion", str(in_channels)))  # no expansion conv
        if b.out != in_channels:
            changes.append(("out", in_channels))
        for key, value in changes:
            out = copy.deepcopy(arch)
            setattr(out.blocks[i], key, value)
            yield out
        in_channels = b.out


def _candidates(arch):
    n = len(arch.blocks)
    size = n // 2
    while size >= 1:  # big cuts first, as delta debugging does
        for start in range(0, n - size + 1, size):
            if n - size >= 1:
                yield _without_blocks(arch, start, start + size)
        size //= 2
    classes = arch.classes
    yield _variant(arch, classifier=[Fc(classes)])
    if classes > 10:
        yield _variant(arch, classifier=arch.classifier[:-1] + [Fc(10)])
    yield _variant(arch, threads=1)
    yield _variant(arch, width_mult=1.0)
    yield _variant(arch, bn_eps=1e-3)
    yield _variant(arch, in_channels=3)
    yield _variant(arch, stem_kernel=3)
    yield _variant(arch, stem_act="hswish")
    yield _variant(arch, stem_out=16)
    yield _variant(arch, head_out="x6")
    yield _variant(arch, head_act="hswish")
    yield _variant(arch, height=(arch.height + 1) // 2)
    yield _variant(arch, width=(arch.width + 1) // 2)
    yield _variant(arch, height=arch.height - 1)
    yield _variant(arch, width=arch.width - 1)
    yield from _block_variants(arch)


MAX_TRIALS = 200


def shrink(arch, signature, fails_as, log):
    """The smallest architecture found for which fails_as(arch) returns
    `signature`. log(text) reports progress."""
    trials, tried = 0, {repr(arch)}  # a candidate seen again is not run again
    improved = True
    while improved and trials < MAX_TRIALS:
        improved = False
        for candidate in _candidates(arch):
            key = repr(candidate)
            if key in tried or not arch_config.fits(candidate):
                continue
            tried.add(key)
            if trials == MAX_TRIALS:
                break
            trials += 1
            got = fails_as(candidate)
            log("shrink trial %d: %s -> %s" % (trials, arch_config.summary(candidate),
                                               got or "passes"))
            if got == signature:
                arch, improved = candidate, True
                break
    log("shrink: %d trials" % trials)
    return arch
