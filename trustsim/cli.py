"""The ``trustsim`` command line: run, check, list, sweep, sensitivity, compare, report.

Also ``discover`` and ``dashboard``.

Core function: :func:`main`. Bad input (a :class:`~trustsim.ScenarioError`), a folder
that cannot be written (disk full, read-only) and a world too big for memory print one
clear message and exit with status 2; anything unexpected prints one line and exits 1.
No traceback reaches the user unless ``--debug``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from trustsim import textfmt
from trustsim.cli_analysis import cmd_compare, cmd_discover, cmd_report
from trustsim.cli_sweep import cmd_sensitivity, cmd_sweep

__all__ = ["main"]

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
MAX_SEED = 2**63 - 1


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
    from trustsim.scenario import BASELINE_STRATEGY, Scenario, ScenarioError, load_scenario

    if not 0 <= args.rng <= MAX_SEED:
        raise ScenarioError("the seed must be a whole number from 0 to 2**63 - 1",
                            key="--rng", value=args.rng, allowed=f"0 .. {MAX_SEED}")
    sets = list(args.set or [])
    if args.steps is not None:
        sets.append(f"steps={args.steps}")
    try:
        if args.scenario:
            sc = load_scenario(args.scenario, sets=sets)
        else:
            from trustsim.scenario import apply_sets, validate_scenario

            sc = validate_scenario(apply_sets(Scenario().model_dump(), sets), file="--set")
    except ScenarioError as exc:  # a bad --steps is named as such, not as a --set
        own = args.steps is not None and not args.set
        if args.steps is not None:
            said = f"--steps {args.steps}" if own else f"--set, --steps {args.steps}"
            for e in (exc, *exc.more):
                if e.file and e.file.endswith("(after --set)"):  # (a late crisis, ...)
                    e.file = e.file.replace("(after --set)", f"(after {said})")
        if (args.steps is not None and exc.key == "params.steps"
                and not any(s.split("=")[0].strip() in ("steps", "params.steps")
                            for s in args.set or [])):
            steps = ScenarioError(exc.message, key="--steps", value=args.steps,
                                  allowed=exc.allowed)
            steps.more = exc.more
            raise steps from None
        raise
    strategy, chosen = args.strategy, ""
    if strategy is None and sc.strategy is None:
        strategy = BASELINE_STRATEGY
        chosen = (f"strategy: {BASELINE_STRATEGY} (none named: the baseline sweeps compare "
                  "against; --strategy NAME to choose another)")
    t0 = time.perf_counter()
    model = TrustModel(scenario=sc, strategy=strategy, rng=args.rng)
    name = sc.name if args.scenario else "default"
    out = Path(args.out) if args.out else Path("results") / f"{name}-{model.strategy_name}"
    _writable(out)  # before the run: a read-only or missing place fails in a second
    if chosen and not args.quiet:
        print(chosen, file=sys.stderr)
    with _progress(model.p.steps, args.quiet) as bar:
        for _ in range(model.p.steps):
            model.step()
            bar.update()
    elapsed = time.perf_counter() - t0
    summary = model.summary()
    try:
        written = write_run(model, out, seed=args.rng, scenario_file=args.scenario,
                            plot=not args.no_plot, sets=sets)
    except OSError as exc:
        raise ScenarioError(f"cannot write the run's files ({exc.strerror or exc}); each "
                            "file there is whole: replaced by this run's or left as it was",
                            file=str(out)) from None
    if not args.quiet:
        print(f"{model!r}  ({elapsed:.1f} s)")
        rows = [(k, textfmt.value(v), _unit(k), SUMMARY_KEYS.get(k, ""))
                for k, v in summary.items()]
        print(textfmt.table(rows, header=("outcome", "value", "unit", "meaning")))
        print(f"\nwrote {len(written)} files to {out}/")
    return 0


def _takes(row: dict) -> str:
    """What a parameter takes, for ``trustsim list params``: its range or its choices."""
    import typing

    from trustsim.params import Params

    choices = typing.get_args(Params.model_fields[row["name"]].annotation)
    if row["type"] == "bool":
        return "true|false"
    if choices and all(isinstance(c, str) for c in choices):
        return "|".join(choices)
    lo, hi = row["min"], row["max"]
    if lo is None and hi is None:
        return row["type"]
    ends = ("" if lo is None else textfmt.value(lo), "" if hi is None else textfmt.value(hi))
    return f"{row['type']} {ends[0]}..{ends[1]}"


def _unit(name: str) -> str:
    """An outcome's unit for the run table (money in thousand CNY, as everywhere)."""
    from trustsim.outcomes import OUTCOMES

    o = OUTCOMES.get(name)
    return o.unit if o is not None else ""


def _writable(folder: Path) -> None:
    """Refuse an output folder that cannot be created or written, before any work."""
    import tempfile

    from trustsim.scenario import ScenarioError

    try:
        if folder.exists() and not folder.is_dir():
            raise ScenarioError("the output folder is a file", file=str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise ScenarioError(f"cannot write to the output folder ({exc.strerror or exc}); "
                            "nothing was run", file=str(folder)) from None


def _check_one(ref: str) -> str:
    """Validate one scenario, experiment or strategy file, reading it once; return a note."""
    from trustsim.experiments.spec import Experiment, bundled_experiments, load_experiment
    from trustsim.experiments.spec import validate_experiment as check_experiment
    from trustsim.files import parse_yaml, read_text
    from trustsim.scenario import Scenario, bundled_scenarios, load_scenario, scenario_from_document

    path = Path(ref)
    looks_like_path = ref.endswith((".yaml", ".yml")) or "/" in ref
    if not looks_like_path and not path.is_file():  # a bundled name
        if ref in bundled_experiments() and ref not in bundled_scenarios():
            load_experiment(ref)
        else:
            load_scenario(ref)
        return ""
    text, encoding = read_text(path)
    data, lines = parse_yaml(text, str(path))
    if data is None:  # `run` reads it as the default world; `sweep` refuses it
        scenario_from_document(path, data, lines)
        return " (empty: a scenario of the default world; not an experiment)"
    # `scenarios:`, or an experiment's own strategies, replications or design without a
    # scenario's own key, make an experiment: without `scenarios:` one was read as a
    # scenario ("seed: unknown key") where `sweep` said "scenarios: field required" (trial).
    keys = set(data) if isinstance(data, dict) else set()
    from trustsim.scenario import is_strategy_document, load_strategy_file

    # (trial: a strategy file was read as a scenario, "extends: no such scenario")
    if is_strategy_document(data, path.parent):
        st = load_strategy_file(path)
        return f" (a strategy, {st.name}: {len(st.levers)} levers)"
    if "scenarios" in keys or (keys & {"strategies", "replications", "design"} and not keys
                               & (set(Scenario.model_fields) - set(Experiment.model_fields))):
        check_experiment(data, file=str(path), lines=lines, base=path.parent, text=text)
    else:
        scenario_from_document(path, data, lines)
    return "" if encoding in ("utf-8", "utf-8-sig") else f" (read as {encoding})"


def cmd_check(args: argparse.Namespace) -> int:
    """Validate scenario and experiment files; exit 2 if any is bad."""
    from trustsim.scenario import ScenarioError

    bad = 0
    for f in args.files:
        try:
            note = _check_one(f)
        except ScenarioError as exc:
            bad += 1
            for line in exc.all_lines():
                print(f"error: {line}", file=sys.stderr)
        else:
            print(f"ok: {f}{note}")
    return EXIT_BAD_INPUT if bad else 0


def cmd_list(args: argparse.Namespace) -> int:
    """List scenarios, strategies, crises, metrics, params or levers."""
    what = args.what
    if what == "scenarios":
        from trustsim.scenario import bundled_scenarios

        rows = list(bundled_scenarios().items())
    elif what == "experiments":
        from trustsim.experiments.spec import bundled_experiments

        rows = list(bundled_experiments().items())
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

        # what each takes (a range, the choices): a design's range must lie inside it
        rows = [(r["name"], r["group"], textfmt.value(r["default"]), _takes(r), r["unit"],
                 r["meaning"]) for r in describe()]
    else:
        from trustsim.metrics import MODEL_COLUMNS, PLATFORM_COLUMNS
        from trustsim.outcomes import OUTCOMES

        better = {1: "higher better", -1: "lower better", 0: ""}
        rows = ([(k, "timeseries", "", v) for k, v in MODEL_COLUMNS.items()]
                + [(k, "platform_timeseries", "", v) for k, v in PLATFORM_COLUMNS.items()]
                + [(o.name, o.kind, better[o.direction]
                    + (f" (matters from {o.min_effect:g})" if o.direction else ""),
                    o.meaning + (f" [{o.unit}]" if o.unit else ""))
                   for o in OUTCOMES.values()])
    print(textfmt.table(rows))
    return 0


def _compare_options(p: argparse.ArgumentParser, saved: str = "") -> None:
    p.add_argument("results", metavar="RESULTS_DIR",
                   help="results folder of a sweep (holds manifest.json)")
    p.add_argument("--baseline", metavar="NAME",
                   help=f"strategy to compare with (default: {saved}the experiment's "
                        "baseline:, else do_nothing if present, else the first strategy)")
    p.add_argument("--outcomes", nargs="+", metavar="OUTCOME",
                   help="outcomes to compare (default: all the experiment kept; the "
                        "printed table then shows the primary ones and names the rest, "
                        "the files keep all; outcomes the last comparison holds are "
                        "printed from it, nothing written); names separated by spaces or "
                        "commas")
    p.add_argument("--n-boot", type=_positive, default=2000, metavar="N",
                   help="bootstrap resamples (default 2000)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")


def _executor_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override an experiment key before the sweep, e.g. n_users=500 "
                        "(a parameter of every run), replications=3, samples=400 (a "
                        "design key) or params.herding_mean=0.4 (repeatable; the results "
                        "folder keeps the experiment as run)")
    p.add_argument("--out", help="results folder (default: the file's output, else "
                   "results/NAME)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, metavar="N",
                       help="worker processes of the local Dask cluster (default: one per "
                            "core)")
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="run on an existing Dask cluster through its scheduler")
    where.add_argument("--serial", action="store_true",
                       help="run in this process, one run at a time")
    p.add_argument("--fresh", action="store_true",
                   help="remove this folder's earlier results of the experiment and start "
                        "over (default: resume, running only missing runs)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")


def _width(text: str) -> float:
    try:
        w = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not w > 0 or w == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return w


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _share(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < x <= 1:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {text}")
    return x


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Serve the dashboard on 127.0.0.1 until Ctrl-C (needs the viz extra)."""
    import importlib.util

    if importlib.util.find_spec("solara") is None:
        print("error: the dashboard needs the viz extra: run `make dashboard`, or "
              "pip install -e '.[viz]'", file=sys.stderr)
        return EXIT_BAD_INPUT
    from trustsim.viz.serve import serve

    return serve(port=args.port, open_browser=args.open)


# --------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (every command with an example in its help)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="trustsim", formatter_class=fmt,
        description="Simulate user trust in internet-finance platforms: crises, runs, "
                    "responses and regulation.",
        epilog="examples:\n  trustsim run p2p_collapse --strategy full_rebuild --rng 1\n"
               "  trustsim list scenarios\n  trustsim check my_scenario.yaml\n"
               "  trustsim sweep experiments/compare_strategies.yaml --workers 2\n"
               "  trustsim compare results/compare_strategies --report report.html")
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
        "check", help="validate scenario and experiment files (exit 2 on error)",
        formatter_class=fmt,
        description="Validate scenario and experiment files: unknown keys, wrong types, "
                    "out-of-range values, unknown names, design rules. Exits 2 if any file "
                    "is bad.",
        epilog="example:\n  trustsim check scenarios/*.yaml experiments/*.yaml")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(func=cmd_check)

    lst = sub.add_parser(
        "list", help="list scenarios, strategies, crises, metrics, params or levers",
        formatter_class=fmt, epilog="example:\n  trustsim list crises")
    lst.add_argument("what", choices=["scenarios", "strategies", "crises", "metrics",
                                      "params", "levers", "experiments"])
    lst.set_defaults(func=cmd_list)

    sweep = sub.add_parser(
        "sweep", help="run an experiment: scenarios x strategies x design x replications",
        formatter_class=fmt,
        description="Run every missing run of an experiment file on a local Dask cluster "
                    "(default), an existing Dask cluster or serially. Each finished run is "
                    "written at once, so an interrupted sweep resumes where it stopped. "
                    "Prints median outcomes per scenario x strategy. Exit status 1 if any "
                    "run failed (see ledger.jsonl), 2 for bad input.",
        epilog="examples:\n  trustsim sweep smoke                       # a bundled experiment\n"
               "  trustsim sweep experiments/compare_strategies.yaml --workers 2\n"
               "  trustsim sweep my_sweep.yaml --out results/mine --scheduler "
               "tcp://10.0.0.5:8786\n"
               "  trustsim sweep smoke --fresh --serial\n"
               "  trustsim sweep smoke --until-ci 0.05 --max-replications 30\n"
               "  trustsim sweep smoke --set n_users=500 --set replications=3 --out "
               "results/smoke-500")
    sweep.add_argument("experiment", help="bundled experiment name or YAML file "
                       "(`trustsim list experiments`)")
    sweep.add_argument("--until-ci", type=_width, metavar="W",
                       help="add paired replications in rounds until every 95%% interval of "
                            "the headline outcome (vs the baseline) is narrower than W and "
                            "rests on at least 6 pairs, or the cap is reached (also: "
                            "until_ci: in the experiment file)")
    sweep.add_argument("--max-replications", type=_positive, metavar="N",
                       help="cap of --until-ci (default: the file's, else 5 x replications "
                            "and at least 6)")
    sweep.add_argument("--step", type=_positive, metavar="N",
                       help="replications added per --until-ci round (default: the file's, "
                            "else replications)")
    _executor_options(sweep)
    sweep.set_defaults(func=cmd_sweep)

    sens = sub.add_parser(
        "sensitivity", help="Sobol or Morris sensitivity indices of an experiment (SALib)",
        formatter_class=fmt,
        description="Run (or resume) an experiment whose design is sobol or morris, then "
                    "compute sensitivity indices of its outcomes with SALib -- Sobol: "
                    "first-order and total indices with confidence intervals; Morris: mu*, "
                    "mu and sigma -- and write RESULTS/sensitivity/sensitivity.csv and a "
                    "bar chart (PNG).",
        epilog="examples:\n  trustsim sensitivity sensitivity_morris\n"
               "  trustsim sensitivity experiments/sensitivity_sobol.yaml --out results/sobol")
    sens.add_argument("experiment", help="experiment with a sobol or morris design")
    _executor_options(sens)
    sens.set_defaults(func=cmd_sensitivity)

    from trustsim.experiments.amounts import cost_matters_text

    comp = sub.add_parser(
        "compare", help="compare strategies against a baseline on paired runs",
        formatter_class=fmt,
        description="Compare each strategy with a baseline in every scenario of a sweep's "
                    "results: median and 10-90 % band of each outcome, the median paired "
                    "difference (runs sharing a seed) with a bootstrap 95 % interval, the "
                    "paired runs in which the strategy is better, a verdict, a rank, each "
                    "strategy's cost and the effect per million CNY of extra cost "
                    "(platform spending, public spending and investor-protection "
                    f"payouts; costs less than {cost_matters_text()} apart count as the same), "
                    "and warnings "
                    "(fewer than 10 pairs (below 6: no verdict), effects below what "
                    "matters, a few runs that move much more than the median (verdict on "
                    "the mean), split effects, failed runs, losses postponed past the "
                    "horizon). Prints the table and the "
                    "best strategy per scenario; writes RESULTS_DIR/compare/compare.csv, "
                    "compare.parquet and PNG figures (SVG with --svg), or reprints them "
                    "when nothing changed. --by PARAM splits the effects by bins of a "
                    "design parameter instead.",
        epilog="examples:\n  trustsim compare results/compare_strategies\n"
               "  trustsim compare results/smoke --baseline do_nothing "
               "--outcomes final_trust trust_lost\n"
               "  trustsim compare results/compare_strategies --report "
               "results/compare_strategies/report.html --svg\n"
               "  trustsim compare results/my_lhs_sweep --by herding_mean --bins 3")
    _compare_options(comp)
    comp.add_argument("--by", metavar="PARAM",
                      help="split the paired effects by bins of this design parameter "
                           "(where does a strategy stop working?); writes "
                           "compare/compare_by_PARAM.csv")
    comp.add_argument("--bins", type=_positive, default=4, metavar="N",
                      help="bins of a numeric --by parameter (quantiles of the design "
                           "points; default 4)")
    comp.add_argument("--report", metavar="FILE.html",
                      help="also write the self-contained HTML report there")
    comp.add_argument("--svg", action="store_true", help="also write the figures as SVG")
    comp.set_defaults(func=cmd_compare)

    rep = sub.add_parser(
        "report", help="write a self-contained HTML report of a sweep's results",
        formatter_class=fmt,
        description="Write one HTML file that opens in any browser with no network: a "
                    "decision page first (per scenario, in plain words: the recommended "
                    "strategy, its cost in CNY, what it changes with its interval and the "
                    "paired runs in which it is better, what it does not change, caveats), "
                    "then the findings, the comparison tables, the figures (embedded), "
                    "method notes, the experiment file and provenance. --lang zh writes "
                    "all of it in Simplified Chinese. The report is left as it is when "
                    "nothing it depends on changed.",
        epilog="examples:\n  trustsim report results/compare_strategies\n"
               "  trustsim report results/compare_strategies --lang zh\n"
               "  trustsim report results/smoke --out smoke_report.html --baseline "
               "do_nothing")
    _compare_options(rep, saved="the baseline of the comparison saved in compare/, else ")
    rep.add_argument("--out", metavar="FILE.html",
                     help="the HTML file (default RESULTS_DIR/report.html, "
                          "RESULTS_DIR/report_zh.html in Chinese)")
    rep.add_argument("--lang", default="en", metavar="en|zh",
                     help="language of the whole report: en (default) or zh (Simplified "
                          "Chinese; numbers unchanged)")
    rep.set_defaults(func=cmd_report)

    disc = sub.add_parser(
        "discover", help="scenario discovery: which conditions lead to an outcome (PRIM)",
        formatter_class=fmt,
        description="Find the design conditions under which an outcome is below (or "
                    "above) a threshold, with PRIM from the EMA Workbench (the ema extra): "
                    "the box of parameter ranges (and scenarios or strategies) where such "
                    "runs concentrate, with its coverage (share of those runs inside it) "
                    "and density (share of the runs inside it that are such runs). Needs "
                    "an experiment with a design over parameters. Writes "
                    "RESULTS_DIR/discover/box_OUTCOME_below.csv and the peeling trajectory.",
        epilog="examples:\n  trustsim discover results/my_lhs_sweep --outcome final_trust "
               "--below 0.3\n"
               "  trustsim discover results/my_lhs_sweep --outcome failed_platforms --above 0 "
               "--strategy do_nothing")
    disc.add_argument("results", metavar="RESULTS_DIR",
                      help="results folder of a sweep with a design (holds manifest.json)")
    disc.add_argument("--outcome", required=True, metavar="NAME",
                      help="the outcome whose runs are sorted (see trustsim list metrics)")
    rule = disc.add_mutually_exclusive_group(required=True)
    rule.add_argument("--below", type=float, metavar="X",
                      help="runs of interest: outcome below X")
    rule.add_argument("--above", type=float, metavar="X",
                      help="runs of interest: outcome above X")
    disc.add_argument("--scenario", metavar="NAME", help="only this scenario's runs")
    disc.add_argument("--strategy", metavar="NAME", help="only this strategy's runs")
    disc.add_argument("--min-coverage", type=_share, default=0.5, metavar="C",
                      help="report the densest box holding at least this share of the "
                           "runs of interest (default 0.5)")
    disc.add_argument("--quiet", action="store_true", help="print nothing but errors")
    disc.set_defaults(func=cmd_discover)

    dash = sub.add_parser(
        "dashboard", help="serve the dashboard for students on 127.0.0.1",
        formatter_class=fmt,
        description="Serve the Solara dashboard on this computer (no internet needed): "
                    "watch one run live, inject crises, compare strategies. Open the "
                    "printed address in a browser; Ctrl-C stops the server.",
        epilog="examples:\n  trustsim dashboard\n  trustsim dashboard --port 8800 --open")
    dash.add_argument("--port", type=int, default=8765, help="TCP port (default 8765)")
    dash.add_argument("--open", action="store_true",
                      help="open the page in the default web browser")
    dash.set_defaults(func=cmd_dashboard)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``trustsim`` command.

    Exit status: 0 success; 1 runs failed, the executor broke, or an unexpected error
    (one line; ``--debug`` shows its traceback); 2 bad input, a folder that cannot be
    written, or too little memory; 130 interrupted; 141 the reader of the output went
    away (``trustsim compare DIR | head``: no message, as any tool killed by SIGPIPE).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.func(args)
    except KeyboardInterrupt:
        resume = ("; the runs finished so far are kept: run the same command again to "
                  "resume" if args.command in ("sweep", "sensitivity") else "")
        print(f"interrupted{resume}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader closed the pipe: not bad input. Point stdout at nothing so that the
        # interpreter's last flush does not fail again, and end as SIGPIPE would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:
        if args.debug:
            raise
        code, text = _explain(exc)
        print(f"error: {text}", file=sys.stderr)
        return code


def _explain(exc: Exception) -> tuple[int, str]:
    """The exit status and the line for an error that ends a command.

    Bad input found by one check gives a line for each error it found (``error: `` before
    each after the first).
    """
    from trustsim.scenario import ScenarioError

    if isinstance(exc, ScenarioError):
        return EXIT_BAD_INPUT, "\nerror: ".join(exc.all_lines())
    if isinstance(exc, MemoryError):
        return EXIT_BAD_INPUT, ("out of memory; use a smaller world (n_users, mean_degree) "
                                "or fewer workers; results already written are kept")
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return EXIT_BAD_INPUT, (f"{exc.strerror or exc}{where}; results already written are "
                                "kept")
    return EXIT_FAILED, (f"unexpected {type(exc).__name__}: {exc} (this is a bug in trustsim; "
                         "run again with --debug for the traceback and report it)")


if __name__ == "__main__":
    sys.exit(main())
