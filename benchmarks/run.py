"""The performance suite: every target of the performance issue, measured and reported.

    .venv/bin/python benchmarks/run.py [--quick] [--skip-sweep] [--skip-dashboard]
        [--skip-flagship]

Every model target runs through the *default* settings (``TrustModel(n_users=...,
n_platforms=5, rng=1)``: engine ``auto``, the default network and parameters) on one
core (``NUMBA_NUM_THREADS=1``), as a user gets them:

* T1 throughput: >= 10 M user-steps/s at 100,000 users and 5 platforms;
* T2 an honest per-agent baseline (``benchmarks/mesa_baseline.py``: the same user rules
  as an idiomatic Mesa model, agents with Python floats and neighbour lists stepped by
  ``shuffle_do``, checked to stay within 0.01 of the engine's mean trust per platform):
  >= 200 x faster;
* T3 10,000,000 users x 100 steps in < 12 GB and < 10 minutes;
* T4 a 1,000,000-user world built in <= 2 s;
* T5 a 2-worker local Dask sweep at >= 0.85 parallel efficiency;
* T6 data collection <= 10 % of the step;
* T7 the step within 6 x a physical floor: the bytes a step must touch (every user's
  state read once, the new trust written, the contact lists read) over the memory copy
  bandwidth measured in the same run;
* the flagship ``make run`` (sweep, comparison, both reports) <= 2.5 minutes on two cores.

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
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# Single core unless a target says otherwise (the performance issue): the engine would
# otherwise use numba's threads from 200,000 users. Child processes inherit this.
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
N_PLATFORMS = 5


def _model(n: int, **kw):
    """A default world of ``n`` users and five platforms (what a user gets)."""
    import trustsim

    return trustsim.TrustModel(n_users=n, n_platforms=N_PLATFORMS, rng=1, **kw)


def _median_step(n: int, steps: int, repeats: int, cpu: list | None = None) -> float:
    """Median seconds per step (after a warm-up) of the default model at ``n`` users.

    ``cpu``, if given, receives the median CPU seconds of this process per step (equal to
    the wall time on an idle machine; less when other work takes turns on the cores).
    """
    m = _model(n)
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
    s = _median_step(n, 5 if quick else 10, 3 if quick else 7, cpu=cpu)
    engine = _model(2_000).engine.name
    return {"measured": n / s / 1e6, "unit": "M user-steps/s", "goal": ">= 10",
            "pass": n / s >= 10e6,
            "detail": f"{s * 1e3:.1f} ms per step (CPU {cpu[0] * 1e3:.1f} ms), 100,000 users, "
                      f"5 platforms, default settings (engine={engine}), one thread"}


def t2_mesa_baseline(quick: bool) -> dict:
    sys.path.insert(0, str(HERE))
    import mesa_baseline

    n, steps = (10_000, 8) if quick else (100_000, 10)
    r = mesa_baseline.measure(n_users=n, steps=steps)
    ok = r["ratio"] >= 200 and r["max_trust_diff"] <= 0.01
    detail = (f"{n:,} users, {steps} days (first left out), default world; user phases: "
              f"compiled {r['compiled_ms']:.1f} ms, Mesa agents (shuffle_do) "
              f"{r['agents_ms']:,.0f} ms per step; largest difference of per-platform mean "
              f"trust {r['max_trust_diff']:.1e} (the engine against itself with other "
              f"draws: {r['engine_vs_itself']:.1e}); agents built in "
              f"{r['agents_build_s']:.1f} s")
    if not quick:
        seq = mesa_baseline.measure(n_users=n, steps=steps, activation="sequential")
        detail += (f"; stepped in order (do) instead of shuffled: {seq['agents_ms']:,.0f} ms, "
                   f"{seq['ratio']:.0f} x")
    return {"measured": r["ratio"], "unit": "x faster than per-agent Mesa",
            "goal": ">= 200, trust within 0.01", "pass": ok, "detail": detail}


def _child_scale(n: int, steps: int) -> dict:
    """Run in a subprocess: build and run the default world, report wall time and peak."""
    t = time.perf_counter()
    m = _model(n)
    built = time.perf_counter() - t
    m.run(steps)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # GB (ru_maxrss KB)
    return {"built": built, "wall": wall, "peak_gb": peak, "engine": m.engine.kind}


def _in_child(fn: str, *args) -> dict:
    code = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); import run; "
            f"print(json.dumps(run.{fn}(*{args!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=HERE)
    return json.loads(out.stdout.strip().splitlines()[-1])


def t3_scale(quick: bool) -> dict:
    n, steps = (1_000_000, 10) if quick else (10_000_000, 100)
    _in_child("_child_build", 30_000)  # the kernels for 5 platforms compiled (or loaded)
    r = _in_child("_child_scale", n, steps)
    ok = r["wall"] < 600 and r["peak_gb"] < 12
    return {"measured": r["wall"], "unit": "s wall", "goal": "< 600 s and < 12 GB",
            "pass": ok, "detail": f"{n:,} users, {steps} steps, default settings, one thread; "
                                  f"construction {r['built']:.1f} s, peak {r['peak_gb']:.2f} GB "
                                  f"({r['peak_gb'] * 1024**3 / n:,.0f} bytes per user, "
                                  "Python and libraries included; docs/model.md §2.9)"}


def _child_build(n: int) -> dict:
    # The process's first world loads the compiled kernels from numba's cache: a fixed
    # cost of the process (paid once per sweep worker or dashboard), timed apart.
    t = time.perf_counter()
    _model(1_000)
    first = time.perf_counter() - t
    t = time.perf_counter()
    _model(n)
    return {"built": time.perf_counter() - t, "first": first}


def t4_construction(quick: bool) -> dict:
    n = 1_000_000
    runs = [_in_child("_child_build", n) for _ in range(1 if quick else 3)]
    b = float(np.median([r["built"] for r in runs]))
    first = float(np.median([r["first"] for r in runs]))
    return {"measured": b, "unit": "s", "goal": "<= 2", "pass": b <= 2,
            "detail": f"{n:,} users, 5 platforms, small-world network included (fresh "
                      f"process each, median of {len(runs)}); before it, the process's "
                      f"first world (1,000 users) took {first:.2f} s, mostly loading the "
                      "compiled kernels from the cache"}


def t6_collection(quick: bool) -> dict:
    n = 100_000
    m = _model(n)
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


def copy_bandwidth(size_bytes: int = 256 * 2**20, repeats: int = 5) -> float:
    """Bytes per second moved by a large memory copy (read + write counted), best of runs."""
    src = np.ones(size_bytes // 8)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t)
    return 2 * src.nbytes / best


def floor_bytes(model) -> int:
    """Bytes one step must touch: every user's state read once, new trust written, the
    contact lists read (docs/model.md §2.9's state arrays and graph)."""
    import dataclasses

    from trustsim.primitives import NEAR_ROWS

    pop, g = model.population, model.graph
    # `relief` (good private evidence after a crisis) is read only on days that have some:
    # left out, so that adding it did not raise the floor of a step that never reads it.
    arrays = {id(getattr(pop, f.name)): getattr(pop, f.name) for f in dataclasses.fields(pop)
              if not f.name.startswith("_") and f.name != "relief"}
    state = sum(a.nbytes for a in arrays.values())
    # The contact lists, where each row's near block lies and the far list (the pull
    # reads them all).
    graph = 0 if g.indptr is None else (g.indptr.nbytes + g.indices.nbytes
                                        + sum(a.nbytes for a in g.near_and_far(NEAR_ROWS)))
    return state + pop.trust.nbytes + graph


def t7_floor(quick: bool) -> dict:
    n = 100_000
    m = _model(n)
    m.run(2)
    need = floor_bytes(m)
    bw, step = [], []
    for _ in range(5 if quick else 15):
        bw.append(copy_bandwidth(repeats=2))
        t = time.perf_counter()
        m.step()
        step.append(time.perf_counter() - t)
    floors = need / np.array(bw)
    # The median of the ratios of adjacent floor and step timings: on a busy machine both
    # stretch together, which a ratio of separate medians does not see.
    ratio = float(np.median(np.array(step) / floors))
    return {"measured": ratio, "unit": "x the floor", "goal": "<= 6", "pass": ratio <= 6,
            "detail": f"step {np.median(step) * 1e3:.1f} ms; floor {np.median(floors) * 1e3:.2f}"
                      f" ms = {need / n:.0f} bytes per user ({need / 2**20:.0f} MB: state read "
                      f"once, trust written, contacts read) / copy bandwidth "
                      f"{np.median(bw) / 1e9:.1f} GB/s measured beside it (256 MB copies); "
                      "median of adjacent pairs"}


def scaling(quick: bool) -> dict:
    sizes = [1_000, 10_000, 100_000] + ([] if quick else [1_000_000])
    per_step = [_median_step(n, 5 if n < 1_000_000 else 2, 3) for n in sizes]
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
    ax.set_title(f"trustsim step time (default settings, one thread), exponent {fit:.2f}")
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
    m = _model(n)
    m.run(2)
    times: dict[str, list[float]] = {name: [] for name in PHASES}
    for _ in range(5 if quick else 10):
        for name in PHASES:  # the order of TrustModel.step
            t = time.perf_counter()
            getattr(m, name)()
            times[name].append(time.perf_counter() - t)
    total = sum(float(np.median(v)) for v in times.values())
    return "\n".join([f"{n:,} users, 5 platforms, default settings (median ms per phase)"]
                     + [f"  {name:22} {np.median(v) * 1e3:7.2f}" for name, v in times.items()]
                     + [f"  {'sum':22} {total * 1e3:7.2f}"])


def flagship(quick: bool) -> dict:
    """``make run``'s commands on a fresh folder: sweep (2 workers), comparison, reports."""
    exp = "smoke" if quick else "compare_strategies"
    trustsim_cli = str(Path(sys.executable).parent / "trustsim")
    out = Path(tempfile.mkdtemp(prefix="trustsim-flagship-"))
    env = {**os.environ, "NUMBA_NUM_THREADS": "1"}
    try:
        t = time.perf_counter()
        for cmd in ([trustsim_cli, "sweep", exp, "--out", str(out), "--workers", "2",
                     "--quiet"],
                    [trustsim_cli, "compare", str(out), "--report", str(out / "report.html")],
                    [trustsim_cli, "report", str(out), "--lang", "zh", "--quiet"]):
            subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, env=env)
        wall = time.perf_counter() - t
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"measured": wall / 60, "unit": "minutes", "goal": "<= 2.5",
            "pass": wall <= 150,
            "detail": f"`make run` on a fresh folder: trustsim sweep {exp} (local Dask "
                      "cluster, 2 workers), compare with the HTML report, the Chinese report"}


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
                      f"{d['start']:.1f} s; blocks {d['block_min']:.2f}-{d['block_max']:.2f}"
                      + (f"; the machine's own ceiling (two plain processes, no Dask) "
                         f"{d['ceiling']:.2f}" if "ceiling" in d else "")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke test)")
    ap.add_argument("--skip-sweep", action="store_true")
    ap.add_argument("--skip-dashboard", action="store_true")
    ap.add_argument("--skip-flagship", action="store_true")
    args = ap.parse_args()
    info = machine()
    print(info, flush=True)
    rows = []
    for name, fn in [("T1 throughput", t1_throughput),
                     ("T2 vs per-agent Mesa", t2_mesa_baseline),
                     ("T3 ten million users", t3_scale), ("T4 construction", t4_construction),
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
    if not args.skip_flagship:
        r = flagship(args.quick)
        rows.append(("Flagship make run", r))
        print(f"{'Flagship make run':28} {r['measured']:10.2f} {r['unit']:32} goal "
              f"{r['goal']:18} {'PASS' if r['pass'] else 'FAIL'}  {r['detail']}", flush=True)
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
