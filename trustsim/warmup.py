"""Compile the engine's kernels before timing-sensitive work, and say how long it took.

Core function: :func:`warm_up`. The kernels compile on first use on a machine (several
seconds) and are then loaded from the user's cache folder (a fraction of a second per
process). A sweep or the dashboard calls this once at its start, so the first run or the
first click does not stall silently.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

__all__ = ["warm_up"]


def warm_up(worlds: Iterable[tuple[int, int]] = ((2000, 4),)) -> float:
    """Compile (or load from the cache) the kernels for worlds of these sizes.

    Args:
        worlds: ``(n_users, n_platforms)`` pairs. Below the engine's specialisation size one
            compiled version serves every platform count; above it, each count has its own.

    Returns:
        Seconds taken.
    """
    from trustsim.kernels import SPECIALISE_FROM, SPLIT_FROM
    from trustsim.model import TrustModel

    t0 = time.perf_counter()
    done: set[tuple[bool, int]] = set()
    for n_users, n_platforms in worlds:
        key = (n_users >= SPECIALISE_FROM, n_platforms if n_users >= SPECIALISE_FROM else 0)
        if key in done:
            continue
        done.add(key)
        # Big worlds: at the size where the pull gathers far contacts apart too.
        size = max(SPECIALISE_FROM, SPLIT_FROM) if key[0] else 50
        # A story, a statement and withdrawals, and a day's later rounds of runs
        # (same_day_reach): every kernel and branch type is compiled.
        TrustModel(n_users=size, n_platforms=n_platforms, steps=3, rng=0,
                   rumour_hazard=1.0, leak_hazard=1.0, outage_hazard=1.0,
                   same_day_reach=1.0).run()
    return time.perf_counter() - t0
