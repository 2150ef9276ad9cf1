"""Lever smoothness (issue 16, item 2): sweep every numeric lever and behavioural parameter.

    .venv/bin/python benchmarks/lever_smoothness.py [--seeds 10] [--users N] [--workers 1]
        [--points 11] [--only NAME,...] [--merge] [--no-local] [--no-steep] [--steep-only]
        [--confirm N] [--confirm-only] [--out benchmarks/out/smoothness]

Each lever or parameter of ``trustsim.experiments.smoothness.TARGETS`` is set to 11 values
(low, low + 10 % of its range, ..., high) on its scenario, every value on the same seeds;
the median outcome per value gives a response curve, judged by its largest jump between
adjacent values as a share of its total effect (goal: at most 35 %). Prints the table and
writes to ``--out``: ``runs.csv`` (every run), ``report.csv`` (one row per lever),
``summary.md`` (settings, verdicts, the guarantee check, defaults on a cliff, what is not
swept and why) and ``sweeps.png`` (median and 10-90 % band against each lever's value).

Then every lever whose default sits in a tenth above the line is swept again around its
default, a fiftieth of the range apart (``trustsim.experiments.default_cliff``; same
seeds), and ``defaults.csv`` and the summary say whether the default is on a cliff at that
resolution or on a slope the tenths could not see (``--no-local`` skips this stage; about
1,300 runs, 3-4 minutes with ``--workers 2``).

Cost on this 2-core machine (measured per run, then extrapolated; the full run was not
timed end to end). CPU seconds per run at each scenario's own size, mean of seeds 0 and 1,
measured while other jobs shared the machine: rumour_run 0.20, compliance_violation 0.26,
data_leak 0.30, false_advertising 0.41, operator_abscond 0.43, p2p_collapse 0.49,
calm_baseline 0.68, depositor_return 0.80, rebuild_after_crisis 0.94, p2p_wave_2018 1.25,
sector_thunderstorm 2.17 (on a quieter machine, five of them together took 27 % less). The full
default run is 75 levers and parameters, 824 values x 10 seeds = 8,240 runs; measured end
to end on 2026-12-02: 1,286 s (21 minutes) with ``--workers 2`` on a two-core machine
(1,575 s for the 8,350 runs of an earlier version under a load average of about 1.7 from
other jobs), so about 45 minutes with the default ``--workers 1``. Check of
the extrapolation: ``--only guarantee_coverage,leave_loss_share,compensation_share,
herding_mean,response_delay --seeds 5 --workers 2`` (275 runs) was predicted at 73 CPU s
and took 87 CPU s including worker start-up. Time scales with ``--seeds``; ``--users 500``
saves only about a quarter (per-day platform, media and bookkeeping work dominates at
these sizes). The summary's "Cost" line records each run's own figures.

Last, every knife-edge is looked at closer (``trustsim.experiments.steep_start``; same
seeds): a steep start (its largest jump the first step of its range) and a rate's, a
weight of daily evidence's or an amount of money's whose jump lies in its first two
tenths on a log axis over two decades below the top of the range (zero, the channel off,
apart), any other steep start a hundredth of the range apart within its first tenth, and
every knife-edge further in a hundredth of the range apart across the tenth of its largest
jump. ``steep.csv`` (``steep_runs.csv``: its runs) and the summary say whether it is a
switch or a response that keeps changing on that axis (``--no-steep`` skips this stage;
1,620 runs in 232 s with ``--workers 2`` on 2026-12-03, when only steep starts were looked
at). ``--steep-only`` runs only this stage on the report already in ``--out`` (on its
seeds; ``--seeds N`` for seeds 0..N-1, ``--only`` for some of the knife-edges) and
rewrites its summary, keeping its settings.

With ``--merge`` every knife-edge of the merged report that is looked at closer is looked
at again (4 minutes).

``--merge`` re-runs some levers into an earlier run's folder: their rows replace theirs in
``runs.csv``, every other lever's rows are kept, the report covers all of them, and the
summary keeps the earlier settings with a line saying what was re-run, when and at which
git commit (how benchmarks/smoothness.md was brought up to date after a model change).
Only the re-run levers are swept again around their defaults; the other rows of
``defaults.csv`` are kept while their defaults are still in a steep tenth.

``--confirm N`` reads every knife-edge again on seeds 0..N-1 (only the seeds its runs
lack are run; ``trustsim.experiments.confirm_seeds.confirm_knife_edges``): where each seed's
outcome moves in lumps (a platform fails or not, an inspection comes or not) the median of
10 seeds jumps where most of them have moved, and more seeds tell such lumps from a switch
that every seed makes at once. ``confirm.csv`` (``confirm_runs.csv``: the added runs) and a
summary section give each knife-edge's verdict at N seeds beside the 10-seed one, which
stays the report's verdict. ``--confirm-only`` runs only this stage on the report already in
``--out`` (``--confirm`` seeds, 40 if not given; ``--only`` for some of its knife-edges; the
run's own ``--users`` and ``--points``, read from its summary; seeds read before are not
run again).
With ``--merge`` the re-run levers' earlier readings are dropped (read again with
``--confirm``); the others are kept while they are still knife-edges.

Exit status 2 for a bad argument (an unknown name in ``--only``; ``--merge`` without a
``runs.csv`` in ``--out``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

import trustsim
from trustsim.experiments import confirm_seeds as cs
from trustsim.experiments import default_cliff as dc
from trustsim.experiments import smoothness as sm
from trustsim.experiments import steep_start as ss

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the summary's writer beside it (also when loaded by path)
from smoothness_markdown import markdown  # noqa: E402

_CLOSER_KEYS = ("steep starts ", "knife-edges looked at closer ")
"""Settings lines of the closer look (the first name is that of summaries before
2026-12-07, when only steep starts were looked at): only the last is kept."""


def _git_hash() -> str:
    """The commit the code came from, ``-dirty`` when files of the work tree differ from it
    (the summary then names code that no commit holds)."""
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=7"],
                             cwd=HERE, capture_output=True, text=True, timeout=10,
                             check=False)
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def _earlier_confirm(out: Path, report: pd.DataFrame, drop: set[str]) -> pd.DataFrame | None:
    """The earlier readings at more seeds of levers not in ``drop`` that are still
    knife-edges in ``report`` (None when there are none)."""
    if not (out / "confirm.csv").is_file():
        return None
    text = ("jump_where", "range_note", "reason")
    old = pd.read_csv(out / "confirm.csv", dtype=dict.fromkeys(text, str))
    old[list(text)] = old[list(text)].fillna("")
    still = set(report.loc[report["verdict"] == "knife-edge", "lever"]) - drop
    old = old[old["lever"].isin(still)]
    return old.reset_index(drop=True) if len(old) else None


def _confirm_stage(report: pd.DataFrame, runs: pd.DataFrame, args: argparse.Namespace,
                   names: list[str] | None, keep: pd.DataFrame | None,
                   ) -> tuple[pd.DataFrame, str]:
    """Read the knife-edges of ``report`` among ``names`` (all: None) again at
    ``--confirm`` seeds; ``keep``: earlier readings of other levers. Writes
    ``confirm.csv`` and ``confirm_runs.csv``; returns the readings and a cost phrase."""
    t0 = time.perf_counter()
    looked = report if names is None else report[report["lever"].isin(names)]
    earlier_runs = args.out / "confirm_runs.csv"
    old = pd.read_csv(earlier_runs) if earlier_runs.is_file() else None
    had = None
    if old is not None:  # seeds read before for these levers are not run again
        had = old[old["lever"].isin(set(looked["lever"])) & (old["seed"] < args.confirm)]
        runs = pd.concat([runs, had], ignore_index=True)
    new, fresh = cs.confirm_knife_edges(runs, looked, seeds=args.confirm, users=args.users,
                                        points=args.points, workers=args.workers)
    redone = set(fresh["lever"])
    parts = [new]
    if had is not None:
        parts.insert(0, had[had["lever"].isin(redone)])
    if keep is not None and old is not None:
        parts.insert(0, old[old["lever"].isin(set(keep["lever"]) - redone)])
    added = pd.concat(parts, ignore_index=True)
    if keep is not None:
        fresh = pd.concat([keep[~keep["lever"].isin(redone)], fresh], ignore_index=True)
    order = {name: k for k, name in enumerate(report["lever"])}
    fresh = (fresh.sort_values("lever", key=lambda c: c.map(order), kind="stable")
             .reset_index(drop=True))
    args.out.mkdir(parents=True, exist_ok=True)
    added.to_csv(earlier_runs, index=False)
    fresh.to_csv(args.out / "confirm.csv", index=False)
    print(fresh[["lever", "jump_share_before", "jump_share", "verdict"]].to_string(index=False)
          if len(fresh) else "no knife-edge to read again")
    return fresh, (f"{len(looked[looked['verdict'] == 'knife-edge'])} knife-edges at "
                   f"{args.confirm} seeds: {len(new):,} runs in "
                   f"{time.perf_counter() - t0:.0f} s")


def _merged(earlier: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """The earlier runs with the re-run levers' rows replaced, in the order of TARGETS."""
    runs = pd.concat([earlier[~earlier["lever"].isin(set(fresh["lever"]))], fresh],
                     ignore_index=True)
    order = {name: k for k, name in enumerate(sm.TARGETS)}
    runs["_order"] = runs["lever"].map(order).fillna(len(order))
    return (runs.sort_values(["_order", "value", "seed"], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def _settings_of(summary: Path) -> dict[str, str]:
    """The ``- key: value`` lines of an earlier summary's Settings section."""
    out: dict[str, str] = {}
    if not summary.is_file():
        return out
    inside = False
    for line in summary.read_text("utf-8").splitlines():
        if line.startswith("## "):
            inside = line == "## Settings"
        elif inside and line.startswith("- ") and ": " in line:
            key, value = line[2:].split(": ", 1)
            out[key] = value
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=None,
                    help="paired seeds per value (10; with --steep-only: those of runs.csv)")
    ap.add_argument("--users", type=int, default=None,
                    help="n_users of every run (default: each scenario's own size)")
    ap.add_argument("--workers", type=int, default=1, help="processes (1: serial)")
    ap.add_argument("--points", type=int, default=None,
                    help="values per lever (11: tenths; with --confirm-only: the run's own)")
    ap.add_argument("--only", default="", help="comma-separated levers or parameters")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "smoothness",
                    help="output folder (benchmarks/out/smoothness)")
    ap.add_argument("--merge", action="store_true",
                    help="replace these levers' rows in --out's runs.csv, keep the others")
    ap.add_argument("--no-local", action="store_true",
                    help="skip the finer sweep around defaults in a steep tenth")
    ap.add_argument("--no-steep", action="store_true",
                    help="skip the closer look at knife-edges")
    ap.add_argument("--steep-only", action="store_true",
                    help="only the closer look at the knife-edges of the report in --out")
    ap.add_argument("--confirm", type=int, default=None,
                    help="read every knife-edge again on seeds 0..N-1 (e.g. 40; off by "
                         "default; only the seeds it lacks are run)")
    ap.add_argument("--confirm-only", action="store_true",
                    help="only read the knife-edges of the report in --out again "
                         "(--confirm seeds, 40 if not given)")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(sm.TARGETS)
    unknown = [n for n in names if n not in sm.TARGETS]
    if unknown:
        ap.error(f"--only: no target for {', '.join(unknown)}; known: "
                 f"{', '.join(sm.TARGETS)}")
    if ((args.seeds is not None and args.seeds < 1) or args.workers < 1
            or (args.points is not None and args.points < 2)):
        ap.error("--seeds and --workers must be at least 1, --points at least 2")
    if args.users is not None and args.users < 2:
        ap.error("--users must be at least 2")
    if args.merge and not (args.out / "runs.csv").is_file():
        ap.error(f"--merge: no earlier run to merge into ({args.out / 'runs.csv'} is missing)")
    if args.confirm_only:
        args.confirm = 40 if args.confirm is None else args.confirm
    if args.confirm is not None and args.confirm < 2:
        ap.error("--confirm must be at least 2 seeds")
    if args.confirm_only:
        missing = [f for f in ("runs.csv", "report.csv") if not (args.out / f).is_file()]
        if missing:
            ap.error(f"--confirm-only: no earlier run in {args.out} ({', '.join(missing)} "
                     "missing)")
        if args.merge or args.steep_only or args.seeds is not None:
            ap.error("--confirm-only cannot be combined with --merge, --steep-only or "
                     "--seeds (it reads the run's own seeds)")
        return _confirm_only(args, names if args.only else None)
    args.points = 11 if args.points is None else args.points
    if args.steep_only:
        missing = [f for f in ("runs.csv", "report.csv") if not (args.out / f).is_file()]
        if missing:
            ap.error(f"--steep-only: no earlier run in {args.out} ({', '.join(missing)} "
                     "missing)")
        if args.merge or args.no_steep:
            ap.error("--steep-only cannot be combined with --merge or --no-steep")
        return _steep_only(args, names if args.only else None)
    args.seeds = 10 if args.seeds is None else args.seeds
    if args.confirm is not None and args.confirm <= args.seeds:
        ap.error(f"--confirm must be more seeds than --seeds ({args.seeds})")

    t0, c0 = time.perf_counter(), time.process_time()
    runs = sm.sweep_levers(names, seeds=args.seeds, users=args.users, points=args.points,
                           workers=args.workers, progress=None)
    wall = time.perf_counter() - t0
    fresh = len(runs)
    if args.merge:
        runs = _merged(pd.read_csv(args.out / "runs.csv"), runs)
    report = sm.smoothness_report(runs)
    print(sm.format_report(report))
    defaults, local_cost = None, ""
    if not args.no_local:
        # With --merge only the re-run levers are swept again around their defaults; the
        # earlier rows of the others are kept while they are still suspects.
        earlier = args.out / "defaults.csv"
        keep = (pd.read_csv(earlier) if args.merge and earlier.is_file() else None)
        again = report if keep is None else report[report["lever"].isin(names)]
        t1 = time.perf_counter()
        local_runs = dc.sweep_defaults(again, seeds=args.seeds, users=args.users,
                                       workers=args.workers, progress=None)
        defaults = dc.default_report(local_runs, again)
        local_cost = (f"; around {len(defaults)} defaults: {len(local_runs):,} runs in "
                      f"{time.perf_counter() - t1:.0f} s")
        if keep is not None:
            still = set(dc.suspects(report)["lever"]) - set(names)
            defaults = pd.concat([keep[keep["lever"].isin(still)], defaults],
                                 ignore_index=True)
            order = {name: k for k, name in enumerate(report["lever"])}
            defaults = (defaults.sort_values("lever", key=lambda s: s.map(order))
                        .reset_index(drop=True))
        print(defaults.to_string(index=False) if len(defaults) else "no default on a cliff")

    steep, steep_cost = None, ""
    if not args.no_steep:
        steep, steep_cost = _steep_stage(report, args)
    # Readings at more seeds: a merge keeps those of the levers it did not re-run.
    confirm = (_earlier_confirm(args.out, report, set(names)) if args.merge else None)
    confirm_cost = ""
    if args.confirm is not None:
        confirm, confirm_cost = _confirm_stage(report, runs, args, names, confirm)
        confirm_cost = "; " + confirm_cost
    elif confirm is not None:
        confirm.to_csv(args.out / "confirm.csv", index=False)
        kept_runs = args.out / "confirm_runs.csv"
        if kept_runs.is_file():
            old = pd.read_csv(kept_runs)
            old[old["lever"].isin(set(confirm["lever"]))].to_csv(kept_runs, index=False)
    else:  # no stale stage from an earlier run beside this summary
        for stale in ("confirm.csv", "confirm_runs.csv"):
            (args.out / stale).unlink(missing_ok=True)

    args.out.mkdir(parents=True, exist_ok=True)
    if steep is not None:
        steep.to_csv(args.out / "steep.csv", index=False)
    else:  # no stale stage from an earlier run beside this summary
        for stale in ("steep.csv", "steep_runs.csv"):
            (args.out / stale).unlink(missing_ok=True)
    runs.to_csv(args.out / "runs.csv", index=False)
    report.to_csv(args.out / "report.csv", index=False)
    if defaults is not None:
        defaults.to_csv(args.out / "defaults.csv", index=False)
    else:  # no stale stage from an earlier run beside this summary
        (args.out / "defaults.csv").unlink(missing_ok=True)
    cpu = (f"; this process {time.process_time() - c0:.0f} CPU s"
           if args.workers == 1 else "")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    cost = (f"{fresh:,} runs in {wall:.0f} s wall ({wall / fresh:.2f} s per run{cpu})"
            f"{local_cost}{steep_cost}{confirm_cost}")
    if args.merge:
        # the steep stage was redone (or dropped): its earlier line no longer holds
        settings = {k: v for k, v in _settings_of(args.out / "summary.md").items()
                    if not k.startswith(_CLOSER_KEYS)
                    and not (confirm is None and k.startswith("knife-edges read again "))}
        settings[f"re-run {now}"] = (
            f"{', '.join(names)} (git {_git_hash()}, {args.seeds} seeds, {args.points} "
            f"values, {cost}), merged: their rows replace the earlier ones")
    else:
        settings = {
            "date": now,
            "trustsim": f"{trustsim.__version__} (git {_git_hash()})",
            "seeds": f"{args.seeds} (0..{args.seeds - 1}, the same at every value)",
            "users": args.users or "each scenario's own size",
            "values per lever": args.points,
            "workers": args.workers,
            "Cost": cost,
        }
    (args.out / "summary.md").write_text(
        markdown(report, runs, settings=settings, defaults=defaults, steep=steep,
                 confirm=confirm), "utf-8")
    fig = sm.plot_sweeps(runs, report)
    fig.savefig(args.out / "sweeps.png", dpi=110)
    print(f"\nwrote {args.out}/runs.csv, report.csv, summary.md, sweeps.png "
          f"({len(runs):,} runs, {wall:.0f} s)")
    return 0


def _steep_stage(report: pd.DataFrame, args: argparse.Namespace,
                 seeds: list[int] | None = None) -> tuple[pd.DataFrame, str]:
    """Look closer at the knife-edges of ``report`` (its runs go to ``steep_runs.csv``);
    the verdicts and a cost phrase. ``seeds``: the report's seeds (default ``--seeds``)."""
    t0 = time.perf_counter()
    closer = ss.sweep_steep_starts(report, seeds=args.seeds if seeds is None else seeds,
                                   users=args.users, workers=args.workers, progress=None)
    args.out.mkdir(parents=True, exist_ok=True)
    closer.to_csv(args.out / "steep_runs.csv", index=False)
    steep = ss.steep_report(closer, report)
    print(steep.to_string(index=False) if len(steep) else "no knife-edge to look at closer")
    return steep, (f"; knife-edges looked at closer: {len(closer):,} runs in "
                   f"{time.perf_counter() - t0:.0f} s")


def _steep_only(args: argparse.Namespace, only: list[str] | None) -> int:
    """``--steep-only``: the closer look on the run already in ``--out``, on its seeds
    (``--seeds N``: seeds 0..N-1 instead, e.g. more of them), of every knife-edge or of
    those named by ``--only``."""
    runs = pd.read_csv(args.out / "runs.csv")
    seeds = sorted(int(x) for x in runs["seed"].unique())
    which = "those of runs.csv"
    if args.seeds is not None:
        seeds, which = list(range(args.seeds)), f"0..{args.seeds - 1}"
    text = ("jump_where", "range_note", "reason")  # empty where none
    report = pd.read_csv(args.out / "report.csv", dtype=dict.fromkeys(text, str))
    report[list(text)] = report[list(text)].fillna("")
    looked = report if only is None else report[report["lever"].isin(only)]
    if only is not None:
        steep_now = set(looked.loc[looked["verdict"] == "knife-edge", "lever"])
        others = [n for n in only if n not in steep_now]
        if others:
            print(f"--only: not knife-edges in {args.out / 'report.csv'}, not looked at: "
                  f"{', '.join(others)}")
    earlier = args.out / "defaults.csv"
    defaults = pd.read_csv(earlier) if earlier.is_file() else None
    earlier_steep = {name: pd.read_csv(args.out / name) for name in ("steep.csv",
                     "steep_runs.csv") if only is not None and (args.out / name).is_file()}
    steep, cost = _steep_stage(looked, args, seeds)
    # With --only the named levers' rows replace theirs; the other knife-edges' are kept.
    order = {name: k for k, name in enumerate(report["lever"])}
    for name, fresh in (("steep.csv", steep), ("steep_runs.csv", None)):
        if name not in earlier_steep:
            continue
        fresh = pd.read_csv(args.out / name) if fresh is None else fresh
        old = earlier_steep[name]
        both = pd.concat([old[~old["lever"].isin(only or [])], fresh], ignore_index=True)
        both = both.sort_values("lever", key=lambda c: c.map(order), kind="stable")
        if name == "steep.csv":
            steep = both.reset_index(drop=True)
        both.to_csv(args.out / name, index=False)
    steep.to_csv(args.out / "steep.csv", index=False)
    earlier_settings = _settings_of(args.out / "summary.md")
    settings: dict[str, object] = {k: v for k, v in earlier_settings.items()
                                   if not k.startswith(_CLOSER_KEYS)}  # the last only
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    levers = "" if only is None else f", only {', '.join(only)}"
    settings[f"knife-edges looked at closer {now}"] = (
        f"git {_git_hash()}, {len(seeds)} seeds, {which}{levers}{cost}")
    confirm = _earlier_confirm(args.out, report, set())
    (args.out / "summary.md").write_text(
        markdown(report, runs, settings=settings, defaults=defaults, steep=steep,
                 confirm=confirm), "utf-8")
    print(f"\nwrote {args.out}/steep.csv, summary.md")
    return 0


def _read_report(out: Path) -> pd.DataFrame:
    text = ("jump_where", "range_note", "reason")  # empty where none
    report = pd.read_csv(out / "report.csv", dtype=dict.fromkeys(text, str))
    report[list(text)] = report[list(text)].fillna("")
    return report


def _confirm_only(args: argparse.Namespace, only: list[str] | None) -> int:
    """``--confirm-only``: read the knife-edges of the run already in ``--out`` (those
    named by ``--only``, else all) again at ``--confirm`` seeds; other levers' earlier
    readings are kept while they are still knife-edges; rewrites the summary, keeping its
    settings and stages."""
    runs = pd.read_csv(args.out / "runs.csv")
    report = _read_report(args.out)
    earlier_settings = _settings_of(args.out / "summary.md")
    users = earlier_settings.get("users", "")
    if users.isdigit() and args.users is None:
        args.users = int(users)  # the runs' own size (runs.csv does not record it)
    elif args.users is not None and users and str(args.users) != users:
        print(f"error: --users {args.users}, but the runs in {args.out} used {users}",
              file=sys.stderr)
        return 2
    points = earlier_settings.get("values per lever", "")
    if args.points is None:
        args.points = int(points) if points.isdigit() else 11
    edges_now = report[report["verdict"] == "knife-edge"]
    have = int(edges_now["n_seeds"].min()) if len(edges_now) else 0
    if args.confirm <= have:
        print(f"error: --confirm {args.confirm}: the report's knife-edges already have "
              f"{have} seeds; ask for more", file=sys.stderr)
        return 2
    if only is not None:
        edges = set(report.loc[report["verdict"] == "knife-edge", "lever"])
        others = [n for n in only if n not in edges]
        if others:
            print(f"--only: not knife-edges in {args.out / 'report.csv'}, not read again: "
                  f"{', '.join(others)}")
    keep = _earlier_confirm(args.out, report, set(only or report["lever"]))
    try:
        confirm, cost = _confirm_stage(report, runs, args, only, keep)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    defaults = (pd.read_csv(args.out / "defaults.csv")
                if (args.out / "defaults.csv").is_file() else None)
    steep = (pd.read_csv(args.out / "steep.csv", dtype={"scale": str})
             if (args.out / "steep.csv").is_file() else None)
    # Reading them all again replaces every earlier reading's line.
    settings: dict[str, object] = {k: v for k, v in earlier_settings.items()
                                   if only is not None
                                   or not k.startswith("knife-edges read again ")}
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    levers = "" if only is None else f", only {', '.join(only)}"
    settings[f"knife-edges read again {now}"] = f"git {_git_hash()}{levers}: {cost}"
    (args.out / "summary.md").write_text(
        markdown(report, runs, settings=settings, defaults=defaults, steep=steep,
                 confirm=confirm), "utf-8")
    print(f"\nwrote {args.out}/confirm.csv, confirm_runs.csv, summary.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
