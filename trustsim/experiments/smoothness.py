"""Lever smoothness: does every numeric lever and parameter move outcomes gradually?

Core objects: :data:`TARGETS` (each swept lever or parameter -> its scenario, outcome,
swept range and the reason, in one place: :mod:`trustsim.experiments.lever_targets`,
re-exported here), :func:`grid` (the tenths of a range),
:func:`sweep_lever` and :func:`sweep_levers` (paired-seed sweeps, serial or on a process
pool), :func:`smoothness_report` (largest jump between adjacent values as a share of the
total effect, a verdict and where the largest jump is), :func:`format_report`,
:func:`verdict_text`, :func:`count_text`, :func:`partial_effect`, :func:`coverage` and
:func:`plot_sweeps`.

Method (issue 16, item 2; docs/validation.md "Lever smoothness"): each lever is set to 11
values (its low end, low + 10 % of the range, ..., its high end) on its scenario; every
value runs the same seeds (common random numbers), so adjacent values differ only by the
lever. The outcome's median over seeds per value gives a response curve; its total effect
is max - min of the medians (not the end-to-end difference, so a non-monotone lever is
judged fairly); the jump share is the largest difference between adjacent medians divided
by the total effect (0.1 for a straight line over 11 values, 1 for a step). A total effect
below the outcome's smallest effect that matters makes the lever "inert"; a jump share
above ``max_jump_share`` (0.35, the issue's goal) makes it a "knife-edge": at the
"start" when the largest jump is the first step of the range (a steep start, where a
little of the lever does most of the work), at the "end" the last, else "interior".
A lever whose medians move by more than what matters but whose seeds do not rank the
values consistently, neither in spread nor in trend, is "noise" (:func:`effect_p_value`,
Friedman's and Page's tests by permutation): the sweep could not show an effect beyond
the seeds' noise, so neither a smooth curve nor a cliff can be read from its medians (it
is not evidence that the lever does nothing).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import zlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim.experiments.curve_stats import (
    NOISE_P,
    default_jump,
    effect_p_value,
    jump_share,
    medians,
)
from trustsim.experiments.lever_targets import NOT_SWEPT, TARGETS, Target
from trustsim.experiments.progress import Progress, resolve_mode
from trustsim.experiments.runner import exit_with_parent, single_threaded_env
from trustsim.outcomes import OUTCOMES
from trustsim.params import describe
from trustsim.strategies import LEVERS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["TARGETS", "NOT_SWEPT", "SWEPT_GROUPS", "MAX_JUMP_SHARE", "NOISE_P", "RUN_COLUMNS",
           "RunOne", "Target", "count_text", "coverage", "default_jump", "effect_p_value",
           "format_report", "grid", "min_effect_of",
           "partial_effect", "plot_sweeps", "run_model", "smoothness_report", "sweep_lever",
           "sweep_levers", "sweep_plan", "verdict_text"]

MAX_JUMP_SHARE = 0.35
"""The issue's goal: no jump between adjacent tenths above 35 % of the total effect."""

SWEPT_GROUPS = ("users", "trust", "actions", "rumours")
"""Parameter groups whose numeric parameters are swept besides every numeric lever."""

RunOne = Callable[[str, int, Mapping[str, Any], str], float]
"""``run_one(scenario, seed, params, outcome) -> value``: one run's outcome."""



_FALLBACK_MIN_EFFECT = {"": 0.01, "day": 7.0, "days": 7.0, "thousand CNY": 100.0,
                        "platforms": 0.5}


def _rows() -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in describe()}


def min_effect_of(outcome: str) -> float:
    """The smallest total effect of ``outcome`` that matters.

    The registry's ``min_effect`` when the outcome has one; for descriptive outcomes
    (no direction, ``min_effect`` 0) a fallback by unit: 0.01 for shares and indices,
    7 days, 100 thousand CNY, half a platform.

    Raises:
        KeyError: for an outcome that is not registered.
    """
    o = OUTCOMES[outcome]
    if o.min_effect > 0:
        return float(o.min_effect)
    return _FALLBACK_MIN_EFFECT.get(o.unit, 0.01)


def coverage() -> pd.DataFrame:
    """Every parameter and whether it is swept: columns name, group, type, status, note.

    ``status`` is ``swept`` (in :data:`TARGETS`), ``unmapped`` (a numeric lever or a
    parameter of :data:`SWEPT_GROUPS` without a target: it should get one) or
    ``not swept`` (with the reason of :data:`NOT_SWEPT`).
    """
    out = []
    for r in describe():
        name, group, typ = r["name"], r["group"], r["type"]
        numeric = typ in ("int", "float")
        wanted = numeric and (name in LEVERS or group in SWEPT_GROUPS)
        if name in TARGETS:
            status, note = "swept", TARGETS[name].reason
        elif wanted:
            status, note = "unmapped", "no TARGETS entry: add one"
        else:
            status = "not swept"
            note = NOT_SWEPT["non-numeric" if not numeric else group] if (
                not numeric or group in NOT_SWEPT) else "outside the swept groups"
        out.append({"name": name, "group": group, "type": typ, "status": status,
                    "note": note})
    return pd.DataFrame(out)


def grid(name: str, points: int = 11, low: float | None = None,
         high: float | None = None) -> list[float] | list[int]:
    """The swept values of a parameter: ``points`` evenly spaced values from low to high.

    Args:
        name: a parameter name (see :func:`trustsim.params.describe`).
        points: how many values (11: the low end and each further tenth of the range).
        low: the low end; None takes the :data:`TARGETS` range when the parameter has
            one, else its validation bound.
        high: the high end, likewise.

    Returns:
        Floats for float parameters; for integer parameters the distinct integers nearest
        to those points (so fewer than ``points`` when the range is short).

    Raises:
        KeyError: an unknown parameter; ValueError: a non-numeric one or an empty range.
    """
    row = _rows()[name]
    if row["type"] not in ("int", "float"):
        raise ValueError(f"{name} is {row['type']}, not a numeric parameter")
    target = TARGETS.get(name)
    lo = low if low is not None else target.low if target and target.low is not None \
        else row["min"]
    hi = high if high is not None else target.high if target and target.high is not None \
        else row["max"]
    if lo is None or hi is None or not hi > lo or points < 2:
        raise ValueError(f"{name}: cannot sweep [{lo}, {hi}] at {points} points")
    xs = np.linspace(float(lo), float(hi), points)
    if row["type"] == "int":
        return list(dict.fromkeys(int(round(x)) for x in xs))
    return [round(float(x), 12) for x in xs]


def run_model(scenario: str, seed: int, params: Mapping[str, Any], outcome: str) -> float:
    """One run of the real model: ``outcome`` of ``TrustModel(scenario, rng=seed, **params)``.

    The outcome is read from the run's summary, or computed with
    :func:`trustsim.outcomes.evaluate` for a validation measure (not in the summary).
    """
    import trustsim
    from trustsim.outcomes import evaluate

    model = trustsim.TrustModel(scenario, rng=seed, **dict(params)).run()
    summary = model.summary()
    if outcome in summary:
        return float(summary[outcome])
    return float(evaluate(model, [outcome])[outcome])


def _execute(task: tuple[RunOne, str, int, dict[str, Any], str]) -> tuple[float, str]:
    run_one, scenario, seed, params, outcome = task
    try:
        return float(run_one(scenario, seed, params, outcome)), ""
    except Exception as exc:  # one failed run is reported, not fatal to the sweep
        return math.nan, f"{type(exc).__name__}: {exc}"


# Workers are started while these are set and inherit them: one process per core, each
# single-threaded (numba too), does not oversubscribe the cores.
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMBA_NUM_THREADS")


def _run_all(tasks: list[tuple], workers: int, progress: Any,
             label: str) -> list[tuple[float, str]]:
    bar = Progress(label, len(tasks), 0, resolve_mode(progress, sys.stderr))
    results: list[tuple[float, str]] = []
    try:
        if workers <= 1:
            for task in tasks:
                results.append(_execute(task))
                bar.update(not results[-1][1])
        else:
            # spawn: workers start clean (no forked threads or locks) and get this
            # process's sys.path, so functions of test modules and scripts are found.
            ctx = multiprocessing.get_context("spawn")
            with (single_threaded_env(_THREAD_VARS),
                  ProcessPoolExecutor(workers, mp_context=ctx, initializer=exit_with_parent,
                                      initargs=(os.getpid(),)) as pool):
                for res in pool.map(_execute, tasks):  # in submission order
                    results.append(res)
                    bar.update(not res[1])
    finally:
        bar.close()
    return results


def _seeds(seeds: int | Sequence[int]) -> list[int]:
    return list(range(seeds)) if isinstance(seeds, (int, np.integer)) else \
        [int(s) for s in seeds]


RUN_COLUMNS = ["lever", "scenario", "outcome", "value", "seed", "result", "error"]
"""The columns of a sweep's runs (:func:`sweep_levers`)."""


def _sweep(plan: list[tuple[str, str, str, Sequence[Any], dict[str, Any]]],
           seeds: int | Sequence[int], workers: int, run_one: RunOne | None,
           progress: Any, label: str) -> pd.DataFrame:
    # plan: (lever, scenario, outcome, values, other parameters) per lever.
    run_one = run_one or run_model
    keys, tasks = [], []
    for name, scenario, outcome, values, base in plan:
        for v in values:
            for s in _seeds(seeds):  # the same seeds at every value: paired runs
                keys.append((name, scenario, outcome, v, s))
                tasks.append((run_one, scenario, s, {**base, name: v}, outcome))
    results = _run_all(tasks, workers, progress, label)
    return pd.DataFrame([(*k, *r) for k, r in zip(keys, results, strict=True)],
                        columns=RUN_COLUMNS)


def sweep_levers(names: Sequence[str] | None = None, *, seeds: int | Sequence[int] = 10,
                 users: int | None = None, points: int = 11, workers: int = 1,
                 targets: Mapping[str, Target] | None = None, run_one: RunOne | None = None,
                 progress: Any = False) -> pd.DataFrame:
    """Sweep several levers, each on its target, in one pool of runs.

    Args:
        names: levers or parameters to sweep (default: every entry of ``targets``).
        seeds: the seeds every value runs (an int n means seeds 0..n-1).
        users: ``n_users`` for every run (default: each scenario's own size).
        points: values per lever (see :func:`grid`).
        workers: processes; 1 runs in this process. Results do not depend on it.
        targets: lever -> :class:`Target` (default :data:`TARGETS`).
        run_one: ``run_one(scenario, seed, params, outcome) -> float`` (default
            :func:`run_model`; tests pass a synthetic stand-in; it must pickle when
            ``workers > 1``).
        progress: a progress bar or log (see :class:`~trustsim.experiments.progress.Progress`).

    Returns:
        One row per run: lever, scenario, outcome, value, seed, result and error (empty
        when the run finished).

    Raises:
        KeyError: a name without a target.
    """
    plan = sweep_plan(names, users, points, targets)
    return _sweep(plan, seeds, workers, run_one, progress, "smoothness")


def sweep_plan(names: Sequence[str] | None, users: int | None, points: int,
               targets: Mapping[str, Target] | None) -> list[tuple]:
    """(lever, scenario, outcome, values, other parameters) per lever, as swept."""
    targets = TARGETS if targets is None else targets
    names = list(targets) if names is None else list(names)
    missing = [n for n in names if n not in targets]
    if missing:
        raise KeyError(f"no target for {', '.join(missing)} (add it to TARGETS)")
    size = {} if users is None else {"n_users": int(users)}
    rows = _rows()
    plan = []
    for n in names:
        tg = targets[n]  # its own range, else the validation bounds
        lo = rows[n]["min"] if tg.low is None else tg.low
        hi = rows[n]["max"] if tg.high is None else tg.high
        values = list(tg.values) if tg.values else grid(n, points, lo, hi)
        plan.append((n, tg.scenario, tg.outcome, values, {**tg.overrides, **size}))
    return plan


def sweep_lever(name: str, scenario: str, values: Sequence[float], seeds: int | Sequence[int],
                outcome: str, *, workers: int = 1, run_one: RunOne | None = None,
                progress: Any = False, **overrides: Any) -> pd.DataFrame:
    """Sweep one lever over given values on a scenario, the same seeds at every value.

    Args:
        name: the lever or parameter.
        scenario: a bundled scenario name or a file path.
        values: the values to set (in order).
        seeds: the seeds every value runs (an int n means seeds 0..n-1).
        outcome: the outcome to record.
        workers: processes, as in :func:`sweep_levers`.
        run_one: the run function, as in :func:`sweep_levers`.
        progress: as in :func:`sweep_levers`.
        **overrides: other parameters for every run (e.g. ``n_users=500``).

    Returns:
        One row per run, as :func:`sweep_levers`.

    Example:
        >>> df = sweep_lever("guarantee_coverage", "rumour_run", [0.0, 0.5], 2,
        ...                  "customers_ran", n_users=200)  # doctest: +SKIP
    """
    values = [v.item() if isinstance(v, np.generic) else v for v in values]
    return _sweep([(name, scenario, outcome, values, dict(overrides))], seeds, workers,
                  run_one, progress, name)


_REPORT_COLUMNS = ["lever", "scenario", "outcome", "low", "high", "default", "n_values",
                   "n_seeds", "total_effect", "end_effect", "min_effect", "largest_jump",
                   "jump_share", "jump_at", "jump_to", "jump_where", "jump_share_q10",
                   "jump_share_q90", "mean_jump_share", "default_jump_share", "effect_p",
                   "failed_runs", "verdict",
                   "range_note", "reason"]


def smoothness_report(runs: pd.DataFrame, *, max_jump_share: float = MAX_JUMP_SHARE,
                      min_effect: Mapping[str, float] | None = None, n_boot: int = 200,
                      boot_seed: int = 0, noise_p: float = NOISE_P) -> pd.DataFrame:
    """Judge each swept lever: total effect, largest adjacent jump, verdict.

    Args:
        runs: the rows of :func:`sweep_levers` or :func:`sweep_lever` (several levers may
            be concatenated).
        max_jump_share: the largest jump share still called smooth.
        min_effect: smallest total effect that matters, by outcome (default
            :func:`min_effect_of`).
        n_boot: bootstrap resamples of the seeds (the same resample at every value, so
            the pairing is kept) for the 10-90 % band of the jump share; 0 skips it.
            The band shows how much the verdict rests on the seeds; it is biased upward
            (the largest of several noisy jumps grows with noise), not a confidence
            interval.
        boot_seed: seed of the bootstrap (and of the shuffles of :func:`effect_p_value`).
        noise_p: above this p-value of :func:`effect_p_value` a lever that moves more
            than ``min_effect`` is ``noise`` (0: never; checked only with at least
            :data:`MIN_NOISE_SEEDS` seeds).

    Returns:
        One row per lever (in the order of ``runs``): lever, scenario, outcome, low,
        high, default, n_values, n_seeds, total_effect (max - min of the medians),
        end_effect (median at high - median at low), min_effect, largest_jump,
        jump_share, jump_at and jump_to (the adjacent values of the largest jump),
        jump_where (``start`` when it is the first step of the range, ``end`` the last,
        else ``interior``: a knife-edge at the start is a steep start, where a little of
        the lever does most of what all of it does, not a cliff inside the range),
        jump_share_q10 and jump_share_q90 (bootstrap band), mean_jump_share (the same
        share on the mean over seeds instead of the median: where the outcome of each seed
        moves in lumps, e.g. a platform fails or not, the median jumps where half the seeds
        have moved and the mean does not; the verdict stays on the median; NaN when the
        means move less than ``min_effect``), default_jump_share (the
        tenth around the parameter's default; on a grid point the worse of the two
        tenths next to it; NaN outside the range), effect_p (:func:`effect_p_value`: is
        the effect more than seed noise?), failed_runs, verdict (``smooth``,
        ``knife-edge``, ``inert``, ``noise`` when the medians move by more than
        ``min_effect`` but the seeds do not rank the values consistently (effect_p above
        ``noise_p``), ``undefined`` when some value has no finite median, ``error`` when
        runs failed), range_note and reason (from :data:`TARGETS`).
    """
    rows = _rows()
    out = []
    for (lever, scenario, outcome), df in runs.groupby(["lever", "scenario", "outcome"],
                                                       sort=False):
        values = np.array(sorted(df["value"].unique()), dtype=float)
        seeds = sorted(df["seed"].unique())
        table = (df.set_index(["value", "seed"])["result"].unstack("seed")
                 .reindex(index=values, columns=seeds).to_numpy(dtype=float))
        floor = (min_effect or {}).get(outcome, min_effect_of(outcome))
        med = medians(table)
        failed = int((df["error"].fillna("") != "").sum())
        default = rows.get(lever, {}).get("default")
        tg = TARGETS.get(lever)
        ours = tg is not None and tg.scenario == scenario
        rec: dict[str, Any] = dict.fromkeys(_REPORT_COLUMNS, math.nan)
        rec.update(lever=lever, scenario=scenario, outcome=outcome, low=values[0],
                   high=values[-1], default=default, n_values=len(values),
                   n_seeds=len(seeds), min_effect=floor, failed_runs=failed, jump_where="",
                   range_note=tg.range_note if ours else "", reason=tg.reason if ours else "")
        if failed:
            rec["verdict"] = "error"
        elif np.isnan(med).any() or len(values) < 2:
            rec["verdict"] = "undefined"
        else:
            jumps = np.abs(np.diff(med))
            total = float(med.max() - med.min())
            k = int(np.argmax(jumps))
            where = "start" if k == 0 else "end" if k == len(jumps) - 1 else "interior"
            rec.update(total_effect=total, end_effect=float(med[-1] - med[0]),
                       largest_jump=float(jumps[k]), jump_at=values[k],
                       jump_to=values[k + 1], jump_where=where,
                       mean_jump_share=jump_share(np.nanmean(table, axis=1), floor))
            if total < floor:
                rec["verdict"] = "inert"
            else:
                share = float(jumps[k] / total)
                # Seeded by the lever's name: its band and p-value do not depend on
                # which other levers are in the report.
                key = [boot_seed, zlib.crc32(lever.encode())]
                p_value = effect_p_value(table, rng=np.random.default_rng([*key, 1]))
                verdict = "knife-edge" if share > max_jump_share else "smooth"
                if noise_p > 0 and p_value > noise_p:
                    verdict = "noise"
                rec.update(jump_share=share, effect_p=p_value, verdict=verdict,
                           default_jump_share=default_jump(values, jumps / total, default))
                if n_boot and len(seeds) > 1:
                    rng = np.random.default_rng(key)
                    picks = rng.integers(0, len(seeds), (n_boot, len(seeds)))
                    boot = np.array([jump_share(medians(table[:, p]), floor)
                                     for p in picks])
                    if np.isfinite(boot).any():
                        rec["jump_share_q10"], rec["jump_share_q90"] = (
                            float(q) for q in np.nanquantile(boot, [0.1, 0.9]))
        out.append(rec)
    return pd.DataFrame(out, columns=_REPORT_COLUMNS)


def partial_effect(runs: pd.DataFrame, lever: str, at: float, *,
                   ends_below: float = 0.1) -> dict[str, Any]:
    """How much of the outcome at a lever's low end is left at value ``at``.

    Made for the issue's guarantee goal ("a 20 % guarantee reduces a run but does not
    end it"): ``left`` = median at ``at`` / median at the low end. The lever *reduces*
    the outcome when the drop is at least the outcome's smallest effect that matters, and
    *ends* it when less than ``ends_below`` of it is left.

    Args:
        runs: rows of :func:`sweep_levers` or :func:`sweep_lever`.
        lever: the swept lever (e.g. ``guarantee_coverage``).
        at: the value to judge (e.g. 0.2); it must be one of the swept values.
        ends_below: the share left under which the lever "ends" the outcome.

    Returns:
        lever, outcome, low, at, base (median at low), value (median at ``at``), left,
        reduces, ends and verdict (``partly effective``, ``ends it`` or ``no effect``).

    Raises:
        KeyError: when ``runs`` has no rows of ``lever`` at its low end and at ``at``.
    """
    df = runs[runs["lever"] == lever]
    if df.empty:
        raise KeyError(lever)
    outcome = df["outcome"].iloc[0]
    low = float(df["value"].min())
    near = df[np.isclose(df["value"], at)]
    if near.empty:
        raise KeyError(f"{lever} was not swept at {at}")
    base = float(df.loc[df["value"] == low, "result"].median())
    value = float(near["result"].median())
    left = value / base if base else math.nan
    reduces = base - value >= min_effect_of(outcome)
    ends = reduces and left < ends_below
    verdict = "ends it" if ends else "partly effective" if reduces else "no effect"
    return {"lever": lever, "outcome": outcome, "low": low, "at": at, "base": base,
            "value": value, "left": left, "reduces": bool(reduces), "ends": bool(ends),
            "verdict": verdict}


def _fmt(x: Any, digits: int = 3) -> str:
    if isinstance(x, float):
        return "-" if math.isnan(x) else f"{x:.{digits}g}"
    return str(x)


def verdict_text(r: Any) -> str:
    """A row's verdict, a knife-edge with where its jump is (``knife-edge (start)``)."""
    where = getattr(r, "jump_where", "")
    return f"{r.verdict} ({where})" if r.verdict == "knife-edge" and where else r.verdict


def count_text(report: pd.DataFrame) -> str:
    """The count of verdicts, and how many knife-edges are steep starts."""
    counts = report["verdict"].value_counts()
    text = ", ".join(f"{v}: {counts.get(v, 0)}" for v in
                     ("smooth", "knife-edge", "inert", "noise", "undefined", "error"))
    knives = report[report["verdict"] == "knife-edge"]
    if len(knives) and "jump_where" in report:
        where = knives["jump_where"].value_counts()
        text += (" (of the knife-edges: " + ", ".join(
            f"{where.get(w, 0)} {w}" for w in ("start", "interior", "end")) + ")")
    return text


def format_report(report: pd.DataFrame, *, max_jump_share: float = MAX_JUMP_SHARE) -> str:
    """The report as a plain-text table, one line per lever, and a count of verdicts."""
    head = (f"{'lever':<26} {'scenario':<21} {'outcome':<21} {'range':<13} "
            f"{'effect':>8} {'jump':>5} {'band':>11} {'mean':>5} {'at':>13} {'dflt':>5} "
            f"{'p':>5}  verdict")
    lines = [head, "-" * len(head)]
    for r in report.itertuples(index=False):
        band = "-" if math.isnan(r.jump_share_q10) else \
            f"{r.jump_share_q10:.2f}-{r.jump_share_q90:.2f}"
        at = "-" if math.isnan(r.jump_at) else f"{_fmt(r.jump_at)}-{_fmt(r.jump_to)}"
        share = "-" if math.isnan(r.jump_share) else f"{r.jump_share:.2f}"
        dflt = "-" if math.isnan(r.default_jump_share) else f"{r.default_jump_share:.2f}"
        mean = "-" if math.isnan(r.mean_jump_share) else f"{r.mean_jump_share:.2f}"
        p_value = "-" if math.isnan(r.effect_p) else f"{r.effect_p:.2g}"
        rng_ = f"{_fmt(r.low)}-{_fmt(r.high)}" + ("*" if r.range_note else "")
        lines.append(f"{r.lever:<26} {r.scenario:<21} {r.outcome:<21} {rng_:<13} "
                     f"{_fmt(r.total_effect):>8} {share:>5} {band:>11} {mean:>5} {at:>13} "
                     f"{dflt:>5} {p_value:>5}  {verdict_text(r)}")
    lines.append("")
    lines.append(count_text(report))
    lines.append(f"jump: largest adjacent change of the median as a share of max - min "
                 f"(knife-edge above {max_jump_share:.2f}); band: its 10-90 % bootstrap "
                 "band over seeds; mean: the jump share of the mean over seeds (the verdict "
                 "reads the median); dflt: the same in the tenth around the default; "
                 "* a plausible sub-range (see range_note)")
    return "\n".join(lines)


def plot_sweeps(runs: pd.DataFrame, report: pd.DataFrame | None = None, *,
                ncols: int = 6) -> Figure:
    """Small multiples: median and 10-90 % band of the outcome against each lever's value.

    One panel per lever; the parameter's default is a dashed line and the largest jump
    (unless the lever is inert) is drawn in orange; the title gives the scenario and the
    verdict, the y label the outcome. Every label is at least 9 pt.
    """
    import matplotlib.pyplot as plt

    levers = list(dict.fromkeys(runs["lever"]))
    ncols = max(1, min(ncols, len(levers)))
    nrows = max(1, math.ceil(len(levers) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.1 * ncols, 2.6 * nrows),
                             squeeze=False, layout="constrained")
    defaults = {r["name"]: r["default"] for r in describe()}
    verdicts = {} if report is None else dict(zip(report["lever"], report["verdict"],
                                                  strict=True))
    for ax, lever in zip(axes.flat, levers, strict=False):
        df = runs[runs["lever"] == lever]
        g = df.groupby("value")["result"]
        x = np.array(sorted(df["value"].unique()), dtype=float)
        med, lo, hi = (g.median().reindex(x).to_numpy(), g.quantile(0.1).reindex(x)
                       .to_numpy(), g.quantile(0.9).reindex(x).to_numpy())
        ax.fill_between(x, lo, hi, color="#56B4E9", alpha=0.35, lw=0, label="10-90 %")
        ax.plot(x, med, "o-", color="#0072B2", ms=3, lw=1.4, label="median")
        verdict = verdicts.get(lever, "")
        if len(x) > 1 and np.isfinite(med).all() and verdict != "inert":
            k = int(np.argmax(np.abs(np.diff(med))))
            ax.plot(x[k:k + 2], med[k:k + 2], color="#E69F00", lw=2.6)
        d = defaults.get(lever)
        if isinstance(d, (int, float)) and x[0] <= d <= x[-1]:
            ax.axvline(d, color="0.4", ls="--", lw=0.9)
        ax.set_title(f"{lever}\n{df['scenario'].iloc[0]}: {verdict}", fontsize=9)
        ax.set_ylabel(df["outcome"].iloc[0], fontsize=9)
        ax.tick_params(labelsize=9)
    for ax in list(axes.flat)[len(levers):]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=9,
               frameon=False)
    return fig
