"""The sweep commands of ``trustsim``: ``sweep`` (with ``--until-ci``) and ``sensitivity``.

Core functions: :func:`cmd_sweep` and :func:`cmd_sensitivity`, called by
:func:`trustsim.cli.main`, which turns bad input into one message and exit status 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from trustsim import textfmt

__all__ = ["cmd_sensitivity", "cmd_sweep"]


def _executor(args: argparse.Namespace) -> str:
    if args.serial:
        return "serial"
    if args.scheduler:
        if "://" not in args.scheduler:
            from trustsim.scenario import ScenarioError

            raise ScenarioError("expected a Dask scheduler address", key="--scheduler",
                                value=args.scheduler, allowed="tcp://HOST:PORT")
        return args.scheduler
    return "local"


def _sweep(args: argparse.Namespace, exp: Any) -> Any:
    """Run (or resume) the sweep of ``exp`` as the command line asked; print what happened."""
    from trustsim.experiments.runner import run_experiment

    res = run_experiment(exp, out=args.out, executor=_executor(args), workers=args.workers,
                         fresh=args.fresh, progress=False if args.quiet else None)
    sweep = res.manifest["sweeps"][-1]
    c = res.counts()
    if not args.quiet:
        how = f" in {sweep['seconds']:.1f} s on {sweep['executor']}" if sweep["ran"] else ""
        print(f"{res.name}: {res.n_runs:,} runs: {c['done']:,} done "
              f"({sweep['resumed']:,} from before, {sweep['ran']:,} run now{how}), "
              f"{c['failed']:,} failed, {c['missing']:,} missing")
        print(f"results in {res.folder}/")
    planned = set(res.runs["run_id"])
    extra = sum(1 for f in (res.folder / "summaries").glob("*.parquet") if f.stem not in planned)
    if extra:  # (trial: pandas read 192 runs where compare and summaries.csv read 144)
        print(f"note: {extra:,} stored run(s) are not in this plan (an earlier sweep of this "
              f"experiment had more replications, or --until-ci added rounds); trustsim's "
              f"analyses and summaries.csv read "
              f"the plan's {c['done']:,}, while pandas.read_parquet(\"{res.folder}/summaries\") "
              "reads them all: keep the rows whose run_id is in plan.parquet, raise "
              "replications to use them, or --fresh to start over", file=sys.stderr)
    for _, row in res.failed.head(5).iterrows():
        err = (row["error"] or "").strip().splitlines()
        print(f"failed: {row['run_id']}: {err[-1] if err else '?'}", file=sys.stderr)
    if c["failed"]:
        print(f"{c['failed']} run(s) failed; tracebacks in {res.folder / 'ledger.jsonl'}; "
              "run the sweep again to retry them", file=sys.stderr)
    return res


def _beside(x: float, width: float) -> str:
    """``x`` with the digits that tell it from ``width`` (0.0265 beside 0.028, not 0.03)."""
    for digits in range(2, 12):
        text = f"{x:.{digits}g}"
        if float(text) != width and (float(text) < width) == (x < width):
            return text
    return repr(x)


def _sweep_until_ci(args: argparse.Namespace, exp: Any) -> Any:
    """Adaptive sweep: rounds of replications until the intervals are narrow enough."""
    from trustsim.experiments.adaptive import run_until_ci
    from trustsim.experiments.stats import MIN_VERDICT_PAIRS

    def show(rnd: Any) -> None:
        if args.quiet:
            return
        where = f" ({rnd.scenario} / {rnd.strategy})" if rnd.scenario else ""
        verdict = {"narrow": f"narrower than {args.until_ci or exp.until_ci.width:g}: done",
                   "cap": "the cap is reached: done (intervals still wider than asked)",
                   "more": "too wide: adding replications"}[rnd.status]
        if math.isinf(rnd.widest):  # no pairs yet, or too few for a verdict
            widest = f"none yet (fewer than {MIN_VERDICT_PAIRS} pairs)"
            verdict = {"more": "adding replications",
                       "cap": f"the cap is reached before {MIN_VERDICT_PAIRS} pairs: done, "
                              "with no interval and no verdict (raise "
                              "--max-replications)"}.get(rnd.status, verdict)
        else:
            widest = f"{_beside(rnd.widest, args.until_ci or exp.until_ci.width)}{where}"
        print(f"until-ci: {rnd.replications} replications ({rnd.ran} runs now): widest "
              f"95% interval {widest}; {verdict}")

    res, rounds = run_until_ci(exp, args.out, width=args.until_ci,
                               max_replications=args.max_replications, step=args.step,
                               on_round=show, fresh=args.fresh, executor=_executor(args),
                               workers=args.workers,
                               progress=False if args.quiet else None)
    c = res.counts()
    if c["failed"]:
        print(f"{c['failed']} run(s) failed; tracebacks in {res.folder / 'ledger.jsonl'}",
              file=sys.stderr)
    if not args.quiet:
        print(f"results in {res.folder}/")
    return res


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run an experiment's sweep (resuming), then print median outcomes."""
    from trustsim.experiments.runner import SweepError
    from trustsim.experiments.spec import load_experiment

    exp = load_experiment(args.experiment, sets=args.set)
    adaptive = args.until_ci is not None or exp.until_ci is not None
    for flag, value in (("--max-replications", args.max_replications),
                        ("--step", args.step)):
        if value is not None and not adaptive:
            from trustsim.scenario import ScenarioError

            raise ScenarioError("only with --until-ci (or until_ci: in the experiment "
                                "file)", key=flag, value=value)
    try:
        if adaptive:
            res = _sweep_until_ci(args, exp)
        else:
            res = _sweep(args, exp)
    except SweepError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not args.quiet and len(res.summaries):
        from trustsim.outcomes import OUTCOMES, lead_names

        # The experiment's headline first: what its comparison will decide on.
        outcomes = lead_names(exp.outcome_names, exp.headline) or exp.outcome_names[:5]
        med = res.medians(outcomes)
        reps = res.summaries.groupby(["scenario", "strategy"], sort=False).size()
        rows = [(sc, st, str(reps[(sc, st)]), *(textfmt.short(float(v)) for v in vals))
                for (sc, st), vals in zip(med.index, med.to_numpy(), strict=True)]
        print("\nmedian outcomes per scenario x strategy (over runs):")
        print(textfmt.table(rows, header=("scenario", "strategy", "runs", *outcomes)))
        units = {o: OUTCOMES[o].unit for o in outcomes if o in OUTCOMES and OUTCOMES[o].unit}
        if units:  # (trial: "user_losses 20,764" without a word of thousand CNY)
            print("units: " + "; ".join(f"{o} {u}" for o, u in units.items())
                  + " (all: trustsim list metrics)")
    return 1 if res.counts()["failed"] else 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Run (or resume) a Sobol or Morris experiment and write its sensitivity indices."""
    from trustsim.experiments.runner import SweepError
    from trustsim.experiments.sensitivity import write_sensitivity
    from trustsim.experiments.spec import load_experiment
    from trustsim.scenario import ScenarioError

    exp = load_experiment(args.experiment, sets=args.set)
    if exp.design.method not in ("sobol", "morris"):
        raise ScenarioError("sensitivity indices need a sobol or morris design",
                            file=exp.file, key="design.method", value=exp.design.method,
                            allowed=["sobol", "morris"])
    try:
        res = _sweep(args, exp)
    except SweepError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    import warnings

    from trustsim.experiments.sensitivity import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        written = write_sensitivity(res)
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            print(f"warning: {w.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if not args.quiet:
        import pandas as pd

        table = pd.read_csv(written[0])
        if exp.design.method == "sobol":
            cols = ("S1", "S1_conf", "ST", "ST_conf")
        else:
            cols = ("mu_star", "mu_star_conf", "mu", "sigma")
        noted = table["note"].notna() & table["note"].astype(str).ne("")
        rows = [(r.scenario, r.strategy, r.outcome, r.parameter,
                 *(textfmt.value(float(getattr(r, c))) for c in cols))
                for r in table[~noted].itertuples()]
        print()
        if rows:
            print(textfmt.table(rows, header=("scenario", "strategy", "outcome", "parameter",
                                              *cols)))
        # One line per outcome without indices, saying why (trial: rows of n/a, or 0 +/- 0
        # marked converged, for outcomes whose indices were undefined).
        for (sc, st, outcome), note in (table[noted].groupby(
                ["scenario", "strategy", "outcome"], sort=False)["note"].first().items()):
            print(f"no indices for {outcome} ({sc} / {st}): {note}")
        print(f"\nwrote {', '.join(str(p) for p in written)}")
    return 0
