"""Parallel efficiency of a 2-worker local sweep against a serial one, in one run.

    .venv/bin/python benchmarks/sweep_efficiency.py [--blocks 6] [--runs-per-cell 8]
        [--users 5000] [--engine auto|compiled]

The sweep is cut into blocks: each block is the same experiment design (2 scenarios x 2
strategies x R replications of 5,000 users and 150 days) under its own experiment seed.
Every block runs twice, serially and then on a 2-worker local Dask cluster, one after the
other, so that slow drift in the speed of a shared machine hits both alike (measured here:
the same serial sweep took 62 s in one run and 72 s in another). The cluster is started
once, and its start-up time is counted, as a user's sweep would pay it. By default there
are 6 blocks of 32 runs, 192 runs in all: about a third of the flagship
``compare_strategies`` sweep.

Reports, per block and in all, efficiency = T_serial / (2 x T_parallel); the headline is
end to end: all serial time over twice (all parallel time + cluster start). Each block's
results must be identical serially and in parallel. Beside it, the machine's own ceiling:
the same kind of runs in one plain process alone and in two at once, without Dask
(:func:`machine_ceiling`), so that a shortfall can be told apart as the sweep's or the
machine's. Serial and parallel runs both use one
BLAS thread (the script re-executes itself with ``OPENBLAS_NUM_THREADS=1``), as the local
cluster's workers do. Target: >= 0.85.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import trustsim
from trustsim.experiments.runner import open_executor
from trustsim.experiments.spec import validate_experiment


def experiment(reps: int, users: int, engine: str = "auto", seed: int = 3):
    data = {"name": f"efficiency{seed}", "seed": seed,
            "scenarios": ["rumour_run", "data_leak"],
            "strategies": ["do_nothing", "full_rebuild"], "replications": reps,
            "params": {"n_users": users, "engine": engine}, "steps": 150,
            "outcomes": ["final_trust", "trust_lost", "aum_retained"],
            "timeseries": ["mean_trust", "aum"]}
    return validate_experiment(data)


def timed(exp, out: Path, executor) -> tuple[float, trustsim.ExperimentResults]:
    t0 = time.perf_counter()
    res = trustsim.run_experiment(exp, out=out, executor=executor, progress=False, fresh=True)
    return time.perf_counter() - t0, res


# One process's share of the ceiling measurement: import, load the kernels, then time runs.
_PLAIN = """
import sys, time
from trustsim.model import TrustModel
users, runs, seed = map(int, sys.argv[1:4])
TrustModel(n_users=2000, steps=3, rng=0).run()
t0 = time.perf_counter()
for r in range(runs):
    TrustModel(("rumour_run", "data_leak")[r % 2], n_users=users, steps=150, rng=seed + r).run()
print(time.perf_counter() - t0)
"""


def _plain(users: int, runs: int, seeds: list[int]) -> list[float]:
    """Seconds each plain process took for its runs, all started at once."""
    procs = [subprocess.Popen([sys.executable, "-c", _PLAIN, str(users), str(runs), str(s)],
                              stdout=subprocess.PIPE, text=True) for s in seeds]
    return [float(p.communicate()[0].split()[-1]) for p in procs]


def machine_ceiling(users: int, runs: int, pairs: int = 5) -> list[float]:
    """The machine's own efficiency for two processes: no Dask, no sweep, no files.

    One process runs ``runs`` runs alone, then two run ``runs`` each at once; the ratio
    alone / slower of the two is what any 2-process sweep could reach on this machine
    (shared caches, memory bandwidth and a virtual machine's neighbours take the rest).
    Alternated ``pairs`` times, like the blocks.
    """
    ratios = []
    for k in range(pairs):
        alone = _plain(users, runs, [1000 * k])[0]
        both = _plain(users, runs, [1000 * k, 1000 * k + 500])
        ratios.append(alone / max(both))
    return ratios


def main() -> None:
    if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        # Serial and parallel alike with one BLAS thread, as the local cluster's workers
        # run: the ratio then measures the sweep, not BLAS threads fighting for two cores.
        os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        os.execv(sys.executable, [sys.executable, *sys.argv])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--blocks", type=int, default=6, help="serial/parallel block pairs")
    ap.add_argument("--runs-per-cell", type=int, default=8, help="replications per block")
    ap.add_argument("--users", type=int, default=5000, help="n_users of every run")
    ap.add_argument("--engine", default="auto", choices=["auto", "compiled"],
                    help="user-step engine of every run (default: the default, auto)")
    args = ap.parse_args()
    blocks = [experiment(args.runs_per_cell, args.users, args.engine, seed=100 + b)
              for b in range(args.blocks)]
    n_runs = sum(e.n_runs for e in blocks)
    print(f"{args.blocks} blocks x {blocks[0].n_runs} runs = {n_runs} runs; {args.users:,} "
          f"users, 150 days, engine={args.engine}; {os.cpu_count()} cores; load average "
          f"{os.getloadavg()[0]:.2f} (should be ~0 for a fair measurement)", flush=True)
    serial, parallel = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        with open_executor("local", 2) as pool:
            start = time.perf_counter() - t0
            for b, exp in enumerate(blocks):
                ts, ref = timed(exp, tmp / f"serial{b}", "serial")
                tp, par = timed(exp, tmp / f"local{b}", pool.executor)
                pd.testing.assert_frame_equal(ref.summaries, par.summaries, check_exact=True)
                pd.testing.assert_frame_equal(ref.timeseries, par.timeseries,
                                              check_exact=True)
                serial.append(ts)
                parallel.append(tp)
                print(f"block {b}: serial {ts:6.1f} s, local 2 workers {tp:6.1f} s, "
                      f"efficiency {ts / (2 * tp):.2f}", flush=True)
    ceiling = machine_ceiling(args.users, blocks[0].n_runs // 2)
    s, p = sum(serial), sum(parallel)
    per_block = np.array(serial) / (2 * np.array(parallel))
    print("results identical serially and on the local cluster, block by block")
    print(f"cluster start {start:.1f} s; serial {s:.1f} s; local {p:.1f} s")
    print(f"efficiency per block: median {np.median(per_block):.2f} "
          f"(range {per_block.min():.2f}-{per_block.max():.2f}); without the start "
          f"{s / (2 * p):.2f}")
    print(f"the machine's own ceiling: {blocks[0].n_runs // 2} runs in one plain process "
          f"alone / in each of two at once (no Dask): median {np.median(ceiling):.2f} "
          f"(pairs {', '.join(f'{c:.2f}' for c in ceiling)})")
    print(f"parallel efficiency (2-worker local sweep vs serial, end to end): "
          f"{s / (2 * (p + start)):.2f}; target >= 0.85")
    print("RESULT " + json.dumps({"serial": s, "parallel": p, "start": start,
                                  "runs": n_runs, "blocks": args.blocks, "users": args.users,
                                  "engine": args.engine,
                                  "block_min": float(per_block.min()),
                                  "block_max": float(per_block.max()),
                                  "ceiling": float(np.median(ceiling))}))


if __name__ == "__main__":
    main()
