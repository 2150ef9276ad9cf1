"""Compile the kernels the test suite uses, once, before its workers start (``make test``).

    .venv/bin/python scripts/warm_test_kernels.py [--jobs 2]

The tests build worlds of several platform counts, some big enough for kernels compiled for
their count (``kernels.SPECIALISE_FROM``) and some well mixed; each such kind is a
separate compiled version (about 20 s of one core each on the CI machine). Left to the
tests, both pytest workers could compile the same version at once; compiled here, split over
``--jobs`` processes, they are written to the user's cache folder once and every worker
loads them. Prints what it compiled and how long it took.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor

# (n_users, n_platforms, network) of the kinds of world the tests build: the generic
# version (any platform count, below SPECIALISE_FROM users), on a graph and well mixed,
# and the specialised ones (the platform counts of tests with 20,000 users or more, or
# engine="compiled": tests/test_memory.py, test_kernels.py, test_model.py,
# test_hostile_files.py, test_docking.py).
WORLDS = [(2000, 4, "small_world"), (2000, 4, "well_mixed"),
          (20_000, 5, "small_world"), (20_000, 4, "small_world"), (20_000, 4, "well_mixed"),
          (20_000, 2, "small_world"), (20_000, 2, "well_mixed"), (20_000, 6, "small_world"),
          (20_000, 1, "small_world")]


def _warm(world: tuple[int, int, str]) -> tuple[tuple[int, int, str], float]:
    from trustsim.warmup import warm_up

    return world, warm_up([world])


def main() -> int:
    """Compile every kind of world in :data:`WORLDS`, ``--jobs`` at a time."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2, help="processes (2)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max(1, args.jobs)) as pool:
        times = list(pool.map(_warm, WORLDS))
    slow = [f"{n:,} users x {p} ({net}) {s:.0f} s" for (n, p, net), s in times if s >= 1]
    print(f"kernels ready in {time.perf_counter() - t0:.1f} s"
          + (f" (compiled: {'; '.join(slow)})" if slow else " (all from the cache)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
