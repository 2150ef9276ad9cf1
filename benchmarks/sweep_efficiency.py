"""Parallel efficiency of a 2-worker local sweep against a serial one, in one run.

    .venv/bin/python benchmarks/sweep_efficiency.py [--runs-per-cell 30] [--users 5000]

Runs the same experiment (2 scenarios x 2 strategies x R replications; by default 120
runs of 5,000 users and 150 days, about a minute serially, a fifth of the flagship
``compare_strategies`` sweep) four ways, each
into its own folder, checks that all four give identical results, and prints wall times
and efficiency = T_serial / (2 x T_parallel) for:

- ``local`` cold: ``executor="local", workers=2`` end to end (cluster start included);
- ``local`` warm: the same cluster started beforehand (what a long sweep sees);
- a ``ProcessPoolExecutor(2)``: the same runner without Dask (the machine's ceiling).

Serial and parallel runs both use one BLAS thread (the script re-executes itself with
``OPENBLAS_NUM_THREADS=1``), as the local cluster's workers do. Target: >= 0.85 on an idle
two-core machine. The load average is printed first: on a
shared or oversubscribed machine the ceiling itself is lower, and the Dask numbers should
be read against it.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import trustsim
from trustsim.experiments.runner import open_executor
from trustsim.experiments.spec import validate_experiment


def experiment(reps: int, users: int, engine: str = "vectorised"):
    data = {"name": "efficiency", "seed": 3, "scenarios": ["rumour_run", "data_leak"],
            "strategies": ["do_nothing", "full_rebuild"], "replications": reps,
            "params": {"n_users": users, "engine": engine}, "steps": 150,
            "outcomes": ["final_trust", "trust_lost", "aum_retained"],
            "timeseries": ["mean_trust", "aum"]}
    return validate_experiment(data)


def timed(exp, out: Path, executor, **kw) -> tuple[float, trustsim.ExperimentResults]:
    t0 = time.perf_counter()
    res = trustsim.run_experiment(exp, out=out, executor=executor, progress=False,
                                  fresh=True, **kw)
    return time.perf_counter() - t0, res


def main() -> None:
    if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        # Serial and parallel alike with one BLAS thread, as the local cluster's workers
        # run: the ratio then measures the sweep, not BLAS threads fighting for two cores.
        os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        os.execv(sys.executable, [sys.executable, *sys.argv])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs-per-cell", type=int, default=30, help="replications")
    ap.add_argument("--users", type=int, default=5000, help="n_users of every run")
    ap.add_argument("--engine", default="vectorised", choices=["vectorised", "compiled"],
                    help="user-step engine of every run")
    args = ap.parse_args()
    exp = experiment(args.runs_per_cell, args.users, args.engine)
    print(f"{exp}; {args.users:,} users, 150 days; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f} (should be ~0 for a fair measurement)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t_serial, ref = timed(exp, tmp / "serial", "serial")
        t_cold, cold = timed(exp, tmp / "cold", "local", workers=2)
        with open_executor("local", 2) as pool:
            timed(experiment(1, 200, args.engine), tmp / "warmup", pool.executor)  # ready
            t_warm, warm = timed(exp, tmp / "warm", pool.executor)
        ctx = multiprocessing.get_context("forkserver")
        with cf.ProcessPoolExecutor(2, mp_context=ctx) as pp:
            list(pp.map(abs, [1, 2]))  # both processes started
            t_pool, pooled = timed(exp, tmp / "pool", pp)
        for other in (cold, warm, pooled):
            pd.testing.assert_frame_equal(ref.summaries, other.summaries, check_exact=True)
            pd.testing.assert_frame_equal(ref.timeseries, other.timeseries, check_exact=True)
    print("results identical across serial, local (cold, warm) and a process pool")
    print(f"{'executor':<32}{'wall s':>8}{'efficiency':>12}")
    print(f"{'serial':<32}{t_serial:8.1f}{'':>12}")
    for label, t in (("local, 2 workers (cold start)", t_cold),
                     ("local, 2 workers (warm)", t_warm),
                     ("ProcessPoolExecutor(2) ceiling", t_pool)):
        print(f"{label:<32}{t:8.1f}{t_serial / (2 * t):12.2f}")
    print(f"parallel efficiency (2-worker local sweep vs serial): {t_serial / (2 * t_cold):.2f}"
          f" cold, {t_serial / (2 * t_warm):.2f} warm; target >= 0.85")
    print("RESULT " + json.dumps({"serial": t_serial, "cold": t_cold, "warm": t_warm,
                                  "pool": t_pool, "runs": exp.n_runs, "users": args.users,
                                  "engine": args.engine}))


if __name__ == "__main__":
    main()
