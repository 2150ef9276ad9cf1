"""The performance suite: every target of the performance issue, measured and reported.

    .venv/bin/python benchmarks/run.py [--quick] [--skip-sweep] [--skip-dashboard]

Prints a table (target, measured, goal, pass/fail) with machine information, writes it
with the date to ``benchmarks/results.md`` and draws ``benchmarks/scaling.png``. Timings
are medians of repeated runs; ratios are measured in the same process. Each measurement
that needs a clean memory reading runs in its own subprocess.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# Single core unless a target says otherwise (the performance issue): the compiled engine
# would otherwise use numba's threads from 200,000 users. Child processes inherit this.
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
ENGINE = "compiled"


def _median_step(n: int, steps: int, repeats: int, engine: str = ENGINE, cpu: list | None = None,
                 **kw) -> float:
    """Median seconds per step (after a warm-up) of the full model at ``n`` users.

    ``cpu``, if given, receives the median CPU seconds of this process per step (equal to
    the wall time on an idle machine with a serial kernel; less when other work takes turns
    on the cores).
    """
    import trustsim

    m = trustsim.TrustModel(n_users=n, n_platforms=5, rng=1, engine=engine, **kw)
    m.run(2)
    times, cpu_times = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        m.run(steps)
        times.append((time.perf_counter() - t) / steps)
        cpu_times.append((time.process_time() - c) / steps)
    if cpu is not None:
        cpu.append(float(np.median(cpu_times)))
    return float(np.median(times))


def t1_throughput(quick: bool) -> dict:
    n = 100_000
    cpu: list[float] = []
    s = _median_step(n, 5 if quick else 10, 3 if quick else 5, cpu=cpu)
    return {"measured": n / s / 1e6, "unit": "M user-steps/s", "goal": ">= 5", "pass": n / s >= 5e6,
            "detail": f"{s * 1e3:.1f} ms per step (CPU {cpu[0] * 1e3:.1f} ms), 100,000 users, "
                      f"5 platforms, engine={ENGINE}"}


def t2_reference(quick: bool) -> dict:
    n = 10_000
    fast = _median_step(n, 5, 3)
    slow = _median_step(n, 1 if quick else 2, 1 if quick else 2, engine="reference")
    vec = _median_step(n, 5, 3, engine="vectorised")
    ratio = slow / fast
    return {"measured": ratio, "unit": "x faster than reference.py", "goal": ">= 100",
            "pass": ratio >= 100,
            "detail": f"reference {slow * 1e3:.0f} ms, vectorised {vec * 1e3:.1f} ms, "
                      f"compiled {fast * 1e3:.1f} ms per step at 10,000 users"}


def _child_scale(n: int, steps: int) -> dict:
    """Run in a subprocess: build and run, report wall time and peak memory."""
    t = time.perf_counter()
    import trustsim

    m = trustsim.TrustModel(n_users=n, n_platforms=5, rng=1, engine=ENGINE)
    built = time.perf_counter() - t
    m.run(steps)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # GB (ru_maxrss KB)
    return {"built": built, "wall": wall, "peak_gb": peak,
            "users": sum(1 for _ in m.agents_by_type[trustsim.model.User])}


def _in_child(fn: str, *args) -> dict:
    code = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); import run; "
            f"print(json.dumps(run.{fn}(*{args!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=HERE)
    return json.loads(out.stdout.strip().splitlines()[-1])


def t3_scale(quick: bool) -> dict:
    n, steps = (200_000, 20) if quick else (1_000_000, 100)
    r = _in_child("_child_scale", n, steps)
    ok = r["wall"] < 60 and r["peak_gb"] < 6
    return {"measured": r["wall"], "unit": "s wall", "goal": "< 60 s and < 6 GB",
            "pass": ok, "detail": f"{n:,} users ({r['users']:,} User agents), {steps} steps, "
                                  f"construction {r['built']:.1f} s, peak {r['peak_gb']:.2f} GB "
                                  f"({r['peak_gb'] * 1024**3 / n:,.0f} bytes per user, "
                                  "Python and libraries included; docs/model.md §2.9)"}


def _child_build(n: int) -> dict:
    import trustsim

    t = time.perf_counter()
    trustsim.TrustModel(n_users=n, n_platforms=5, rng=1)
    return {"built": time.perf_counter() - t}


def t4_construction(quick: bool) -> dict:
    times = [_in_child("_child_build", 100_000)["built"] for _ in range(1 if quick else 3)]
    b = float(np.median(times))
    return {"measured": b, "unit": "s", "goal": "< 3", "pass": b < 3,
            "detail": "100,000 users, small-world network included (fresh process)"}


def t6_collection(quick: bool) -> dict:
    import trustsim

    n = 100_000
    m = trustsim.TrustModel(n_users=n, n_platforms=5, rng=1, engine=ENGINE)
    m.run(2)
    steps, rec = [], []
    for _ in range(5 if quick else 10):
        t = time.perf_counter()
        m.step()
        steps.append(time.perf_counter() - t)
        t = time.perf_counter()
        m.recorder.collect(m)  # the same reductions the step's phase 8 ran
        rec.append(time.perf_counter() - t)
    share = float(np.median(rec) / np.median(steps))
    return {"measured": 100 * share, "unit": "% of step time", "goal": "<= 10",
            "pass": share <= 0.10, "detail": f"metrics {np.median(rec) * 1e3:.1f} ms of "
                                             f"{np.median(steps) * 1e3:.1f} ms per step"}


def t7_floor(quick: bool) -> dict:
    import trustsim

    n = 100_000
    m = trustsim.TrustModel(n_users=n, n_platforms=5, rng=1, engine=ENGINE)
    m.run(2)
    pop, g = m.population, m.graph
    floor, step = [], []
    out = np.empty_like(pop.trust)
    arrays = [pop.trust, pop.holdings, pop.queued]
    for _ in range(5 if quick else 20):
        t = time.perf_counter()
        g.neighbour_sum(pop.trust)
        for a in arrays:  # one pass over the users x platforms arrays
            np.multiply(a, 1.0, out=out)
        floor.append(time.perf_counter() - t)
        t = time.perf_counter()
        m.step()
        step.append(time.perf_counter() - t)
    # The median of the ratios of adjacent floor and step timings: on a busy machine both
    # stretch together, which a ratio of separate medians does not see.
    ratio = float(np.median(np.array(step) / np.array(floor)))
    return {"measured": ratio, "unit": "x the floor", "goal": "<= 3", "pass": ratio <= 3,
            "detail": f"step {np.median(step) * 1e3:.1f} ms, floor {np.median(floor) * 1e3:.1f}"
                      " ms (one sparse product + one pass over the user arrays; median of "
                      "adjacent pairs)"}


def scaling(quick: bool) -> dict:
    sizes = [1_000, 10_000, 100_000] + ([] if quick else [1_000_000])
    per_step = [_median_step(n, 5 if n < 1_000_000 else 2, 3)
                for n in sizes]
    fit = np.polyfit(np.log(sizes[1:]), np.log(per_step[1:]), 1)[0]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    ax.loglog(sizes, np.array(per_step) * 1e3, "o-", color="#0072B2", label="measured")
    ref = np.array(sizes) / sizes[1] * per_step[1] * 1e3
    ax.loglog(sizes, ref, "--", color="#999999", label="linear")
    ax.set_xlabel("users")
    ax.set_ylabel("time per step (ms)")
    ax.set_title(f"trustsim step time (engine={ENGINE}), fitted exponent {fit:.2f}")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    fig.savefig(HERE / "scaling.png", dpi=110)
    return {"measured": float(fit), "unit": "fitted exponent (10k users up)", "goal": "<= 1.1",
            "pass": fit <= 1.1, "detail": ", ".join(f"{n:,}: {s * 1e3:.1f} ms"
                                                    for n, s in zip(sizes, per_step, strict=True))}


PHASES = ("begin_day", "fire_crises", "operate_platforms", "communicate", "publish_news",
          "update_trust_and_act", "supervise", "record")


def phase_times(quick: bool, n: int = 100_000) -> str:
    """Median milliseconds per phase of the step at ``n`` users (where the time goes)."""
    import trustsim

    m = trustsim.TrustModel(n_users=n, n_platforms=5, rng=1, engine=ENGINE)
    m.run(2)
    times: dict[str, list[float]] = {name: [] for name in PHASES}
    for _ in range(5 if quick else 10):
        for name in PHASES:  # the order of TrustModel.step
            t = time.perf_counter()
            getattr(m, name)()
            times[name].append(time.perf_counter() - t)
    total = sum(float(np.median(v)) for v in times.values())
    return "\n".join([f"{n:,} users, 5 platforms, engine={ENGINE} (median ms per phase)"]
                     + [f"  {name:18} {np.median(v) * 1e3:7.2f}" for name, v in times.items()]
                     + [f"  {'sum':18} {total * 1e3:7.2f}"])


def _script(name: str, *args: str) -> str:
    out = subprocess.run([sys.executable, str(HERE / name), *args], capture_output=True,
                         text=True, cwd=HERE.parent)
    return (out.stdout + out.stderr).strip()


def machine() -> str:
    import numba

    import trustsim

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}; {os.cpu_count()} cores; Python {platform.python_version()}; numpy "
            f"{np.__version__}; numba {numba.__version__} ({numba.get_num_threads()} thread); "
            f"trustsim {trustsim.__version__}; "
            f"load average at start {load:.2f}")


def t5_from(text: str) -> dict:
    """The T5 row from sweep_efficiency.py's output: end-to-end efficiency."""
    line = next((ln for ln in text.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        return {"measured": float("nan"), "unit": "efficiency", "goal": ">= 0.85",
                "pass": False, "detail": "sweep_efficiency.py gave no result (see below)"}
    d = json.loads(line[len("RESULT "):])
    eff = d["serial"] / (2 * (d["parallel"] + d["start"]))
    return {"measured": eff, "unit": "T_serial / (2 x T_local)", "goal": ">= 0.85",
            "pass": eff >= 0.85,
            "detail": f"2-worker local Dask sweep, cluster start included; {d['runs']} runs "
                      f"of {d['users']:,} users in {d['blocks']} serial/local block pairs; "
                      f"serial {d['serial']:.1f} s, local {d['parallel']:.1f} s + start "
                      f"{d['start']:.1f} s; blocks {d['block_min']:.2f}-{d['block_max']:.2f}"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke test)")
    ap.add_argument("--skip-sweep", action="store_true")
    ap.add_argument("--skip-dashboard", action="store_true")
    args = ap.parse_args()
    info = machine()
    print(info, flush=True)
    rows = []
    for name, fn in [("T1 throughput", t1_throughput), ("T2 vs per-agent reference", t2_reference),
                     ("T3 one million users", t3_scale), ("T4 construction", t4_construction),
                     ("T6 data collection", t6_collection), ("T7 close to the floor", t7_floor),
                     ("Scaling 1k-1M", scaling)]:
        r = fn(args.quick)
        rows.append((name, r))
        print(f"{name:28} {r['measured']:10.2f} {r['unit']:32} goal {r['goal']:18} "
              f"{'PASS' if r['pass'] else 'FAIL'}  {r['detail']}", flush=True)
    extras = [("Phase times (benchmarks/run.py phase_times)", phase_times(args.quick))]
    if not args.skip_sweep:
        text = _script("sweep_efficiency.py", *(["--blocks", "2", "--runs-per-cell", "4"]
                                                if args.quick else []))
        r = t5_from(text)
        rows.insert(4, ("T5 sweep efficiency", r))
        print(f"{'T5 sweep efficiency':28} {r['measured']:10.2f} {r['unit']:32} goal "
              f"{r['goal']:18} {'PASS' if r['pass'] else 'FAIL'}  {r['detail']}", flush=True)
        extras.append(("T5 sweep efficiency (benchmarks/sweep_efficiency.py)", text))
    if not args.skip_dashboard:
        extras.append(("Dashboard step latency (benchmarks/dashboard_step.py)",
                       _script("dashboard_step.py")))
    for title, text in extras:
        print(f"\n{title}\n{text}", flush=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    info += f"; load average at end {load:.2f}"  # timings stretch on a busy machine
    lines = [f"# Benchmark results ({stamp})", "", f"Machine: {info}", "",
             "Command: `make bench` (`.venv/bin/python benchmarks/run.py"
             + (" --quick" if args.quick else "") + "`)", "",
             "| target | measured | unit | goal | result | detail |", "|---|---|---|---|---|---|"]
    for name, r in rows:
        lines.append(f"| {name} | {r['measured']:.2f} | {r['unit']} | {r['goal']} | "
                     f"{'pass' if r['pass'] else 'FAIL'} | {r['detail']} |")
    for title, text in extras:
        lines += ["", f"## {title}", "", "```", text, "```"]
    lines += ["", "![scaling](scaling.png)", ""]
    (HERE / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"\nwrote {HERE / 'results.md'} and {HERE / 'scaling.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
