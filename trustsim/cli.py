"""The ``trustsim`` command line: run, check, list.

Core function: :func:`main`. Bad input (a :class:`~trustsim.ScenarioError`) prints one
clear message and exits with status 2, without a traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["main"]

EXIT_BAD_INPUT = 2


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        if x != x:  # NaN
            return "n/a"
        return f"{x:,.3f}" if abs(x) < 1000 else f"{x:,.0f}"
    return str(x)


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...] | None = None) -> str:
    allrows = ([header] if header else []) + rows
    widths = [max(len(str(r[i])) for r in allrows) for i in range(len(allrows[0]))]
    lines = []
    for k, r in enumerate(allrows):
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if header and k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _progress(total: int, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="day", disable=quiet or not sys.stderr.isatty(),
                leave=False, dynamic_ncols=True)


# --------------------------------------------------------------------------- commands
def cmd_run(args: argparse.Namespace) -> int:
    """Run one simulation and write its outputs."""
    from trustsim.metrics import SUMMARY_KEYS
    from trustsim.model import TrustModel
    from trustsim.outputs import write_run
    from trustsim.scenario import Scenario, load_scenario

    sets = list(args.set or [])
    if args.steps is not None:
        sets.append(f"steps={args.steps}")
    if args.scenario:
        sc = load_scenario(args.scenario, sets=sets)
    else:
        from trustsim.scenario import apply_sets, validate_scenario

        sc = validate_scenario(apply_sets(Scenario().model_dump(), sets), file="--set")
    t0 = time.perf_counter()
    model = TrustModel(scenario=sc, strategy=args.strategy, rng=args.rng)
    with _progress(model.p.steps, args.quiet) as bar:
        for _ in range(model.p.steps):
            model.step()
            bar.update()
    elapsed = time.perf_counter() - t0
    summary = model.summary()
    name = sc.name if args.scenario else "default"
    out = Path(args.out) if args.out else Path("results") / f"{name}-{model.strategy_name}"
    written = write_run(model, out, seed=args.rng, scenario_file=args.scenario,
                        plot=not args.no_plot)
    if not args.quiet:
        print(f"{model!r}  ({elapsed:.1f} s)")
        print(_table([(k, _fmt(v), SUMMARY_KEYS.get(k, "")) for k, v in summary.items()],
                     header=("outcome", "value", "meaning")))
        print(f"\nwrote {len(written)} files to {out}/")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate scenario files; exit 2 if any is bad."""
    from trustsim.scenario import ScenarioError, load_scenario

    bad = 0
    for f in args.files:
        try:
            load_scenario(f)
        except ScenarioError as exc:
            bad += 1
            print(f"error: {exc}", file=sys.stderr)
        else:
            print(f"ok: {f}")
    return EXIT_BAD_INPUT if bad else 0


def cmd_list(args: argparse.Namespace) -> int:
    """List scenarios, strategies, crises, metrics, params or levers."""
    what = args.what
    if what == "scenarios":
        from trustsim.scenario import bundled_scenarios

        rows = list(bundled_scenarios().items())
    elif what == "strategies":
        from trustsim.strategies import strategies

        rows = [(s.name, s.description) for s in strategies().values()]
    elif what == "crises":
        from trustsim.crises import CRISES

        rows = [(name, cls.description) for name, cls in CRISES.items()]
    elif what == "levers":
        from trustsim.strategies import LEVERS

        rows = [(lv.name, lv.kind, lv.payer, lv.meaning) for lv in LEVERS.values()]
    elif what == "params":
        from trustsim.params import describe

        rows = [(r["name"], r["group"], _fmt(r["default"]), r["unit"], r["meaning"])
                for r in describe()]
    else:
        from trustsim.metrics import MODEL_COLUMNS, PLATFORM_COLUMNS, SUMMARY_KEYS

        rows = ([(k, "timeseries", v) for k, v in MODEL_COLUMNS.items()]
                + [(k, "platform_timeseries", v) for k, v in PLATFORM_COLUMNS.items()]
                + [(k, "summary", v) for k, v in SUMMARY_KEYS.items()])
    print(_table(rows))
    return 0


# --------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (every command with an example in its help)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="trustsim", formatter_class=fmt,
        description="Simulate user trust in internet-finance platforms: crises, runs, "
                    "responses and regulation.",
        epilog="examples:\n  trustsim run p2p_collapse --strategy full_rebuild --rng 1\n"
               "  trustsim list scenarios\n  trustsim check my_scenario.yaml")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run", help="run one simulation and write its outputs", formatter_class=fmt,
        description="Run one simulation: progress bar, summary table, time series as "
                    "Parquet and CSV, a plot of trust and AUM per platform.",
        epilog="examples:\n  trustsim run                        # the default world\n"
               "  trustsim run data_leak --strategy timely_truthful_disclosure --rng 3\n"
               "  trustsim run p2p_collapse --set n_users=5000 --set steps=200 --out out/")
    run.add_argument("scenario", nargs="?", help="bundled scenario name or YAML file "
                     "(default: the default world)")
    run.add_argument("--strategy", help="strategy name (see `trustsim list strategies`)")
    run.add_argument("--rng", type=int, default=42, help="random seed (default 42)")
    run.add_argument("--steps", type=int, help="days to simulate (overrides the scenario)")
    run.add_argument("--out", help="output folder (default results/SCENARIO-STRATEGY)")
    run.add_argument("--set", action="append", metavar="KEY=VALUE",
                     help="override a parameter or scenario key, e.g. n_users=500 or "
                          "platforms.0.reserve_ratio=0.05 (repeatable)")
    run.add_argument("--no-plot", action="store_true", help="skip the PNG plot")
    run.add_argument("--quiet", action="store_true", help="print nothing on success")
    run.set_defaults(func=cmd_run)

    check = sub.add_parser(
        "check", help="validate scenario files (exit 2 on error)", formatter_class=fmt,
        description="Validate scenario files: unknown keys, wrong types, out-of-range "
                    "values, unknown platform names. Exits 2 if any file is bad.",
        epilog="example:\n  trustsim check scenarios/*.yaml")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(func=cmd_check)

    lst = sub.add_parser(
        "list", help="list scenarios, strategies, crises, metrics, params or levers",
        formatter_class=fmt, epilog="example:\n  trustsim list crises")
    lst.add_argument("what", choices=["scenarios", "strategies", "crises", "metrics",
                                      "params", "levers"])
    lst.set_defaults(func=cmd_list)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``trustsim`` command."""
    from trustsim.scenario import ScenarioError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.func(args)
    except ScenarioError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
