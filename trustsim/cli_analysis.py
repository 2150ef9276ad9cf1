"""The commands that read a sweep's results: ``compare`` (also ``--by``), ``report``, ``discover``.

Core functions: :func:`cmd_compare`, :func:`cmd_report`, :func:`cmd_discover` (called by
:func:`trustsim.cli.main`, which builds their options). ``compare`` and ``report`` skip
work whose inputs did not change (:mod:`trustsim.experiments.cache`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["cmd_compare", "cmd_discover", "cmd_report", "outcome_list"]


def outcome_list(values: list[str] | None) -> list[str] | None:
    """Outcome names given as words separated by spaces or commas (None when none)."""
    if not values:
        return None
    return [o for v in values for o in v.replace(",", " ").split() if o]


def _load_compared(args: argparse.Namespace, read_part: bool = False
                   ) -> tuple[Any, Any, str, bool]:
    """Results, comparison table, the inputs key and whether the table was read back.

    The table is read back from ``compare/compare.parquet`` when nothing it depends on
    changed; with ``read_part`` (``trustsim compare --outcomes`` without ``--report``),
    outcomes already in that table are read from it (nothing is compared again or
    written). Outcomes compared anew include the experiment's headline, which every
    comparison of it decides on (it is printed only when asked for).
    """
    from trustsim.experiments.cache import cached_table, inputs_key
    from trustsim.experiments.compare import compare
    from trustsim.experiments.store import load_results
    from trustsim.scenario import ScenarioError

    if not Path(args.results).is_dir():
        raise ScenarioError("no such results folder", file=args.results)
    res = load_results(args.results)
    strategies = res.manifest.get("strategies") or []
    if len(strategies) < 2:  # (a sensitivity analysis's folder: one strategy, a design)
        print(f"note: {args.results} holds one strategy ({', '.join(strategies) or 'none'}):"
              " there is nothing to compare it with (for the effects of a design's "
              "parameters, use trustsim sensitivity)", file=sys.stderr)
    outcomes = outcome_list(args.outcomes)
    key = inputs_key(res, baseline=args.baseline, outcomes=outcomes, n_boot=args.n_boot,
                     seed=args.seed)
    table = cached_table(res.folder / "compare", key)
    if table is None and outcomes and read_part:
        # Some outcomes of a comparison already made (as the table's own hint suggests):
        # read them from it, with what it found on every outcome (the losses a horizon
        # hides), rather than compare again and put a part in place of the whole on disk.
        full = cached_table(res.folder / "compare", inputs_key(
            res, baseline=args.baseline, outcomes=None, n_boot=args.n_boot, seed=args.seed))
        if full is not None and set(outcomes) <= set(full["outcome"]):
            table = full[full["outcome"].isin(outcomes)].reset_index(drop=True)
            table.attrs["part_of_cached"] = True  # (never written in place of the whole)
    cached = table is not None
    if not cached:
        head = res.manifest.get("headline")
        if outcomes and head and head not in outcomes:  # (compare refuses it missing)
            outcomes = [*outcomes, head]
        table = compare(res, baseline=args.baseline, outcomes=outcomes, n_boot=args.n_boot,
                        seed=args.seed)
    _print_notes(res)
    return res, table, key, cached


def _print_notes(res: Any) -> None:
    """What reading the folder found: a rebuilt manifest, damaged run files."""
    for note in res.notes:
        print(f"note: {note}", file=sys.stderr)
    if res.damaged:
        rid, why = next(iter(res.damaged.items()))
        print(f"note: {len(res.damaged)} stored run(s) are damaged or incomplete (e.g. {rid}: "
              f"{why}) and left out; run the sweep again to redo them", file=sys.stderr)


def _print_warnings(res: Any, table: Any, quiet: bool = False, lang: str = "en") -> None:
    """The report's warnings on stderr, in the report's language (``警告：`` in Chinese)."""
    from trustsim.experiments.report_text import same_outcomes, warning_text

    if quiet:
        return
    from trustsim import i18n

    head = "警告：" if lang == "zh" else "warning: "
    man = res.manifest  # own strategies and scenarios by their names in lang, as the report
    with i18n.strategy_names(man.get(f"strategies_{lang}") or {},
                             man.get(f"scenarios_{lang}") or {}, lang), \
            i18n.identifiers():  # (English: the names the terminal's tables print)
        lines = warning_text(table, res.counts(), lang, res.models(), same_outcomes(res))
    for line in lines:
        print(f"{head}{line}", file=sys.stderr)


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare strategies against a baseline; print the table; write CSV, Parquet, figures."""
    if args.by:
        return _compare_by(args)
    from trustsim import i18n
    from trustsim.experiments.cache import remember
    from trustsim.experiments.compare import (
        findings,
        format_table,
        headline_outcome,
        write_compare,
    )
    from trustsim.outcomes import lead_names

    if args.report:  # a bad place is refused before the comparison's work
        args.report = str(_report_path(Path(args.report), "report.html"))
    res, table, key, cached = _load_compared(args, read_part=not args.report)
    folder = res.folder / "compare"
    figs = None
    written: list[Path] = []
    fresh = not cached or (args.svg and not any(folder.glob("*.svg"))
                           and not table.attrs.get("part_of_cached"))
    unsaved: OSError | None = None  # (a colleague's read-only results: shown, not saved)
    if fresh:
        from trustsim.viz.plots import comparison_figures

        figs = comparison_figures(res, table)
        try:
            written = write_compare(res, table, svg=args.svg, figures=figs)
        except OSError as exc:
            unsaved, figs = exc, None
        else:
            # the report embeds the PNGs just written instead of drawing every figure again
            figs = {name: (folder / f"{name}.png").read_bytes() for name in figs}
            remember(folder, key, written)
    if args.report:  # (elsewhere than the results, it may be writable: it draws its own)
        from trustsim.experiments.report import report

        try:
            report(res, args.report, table, n_boot=args.n_boot, seed=args.seed,
                   figures=figs, inputs_key=_report_key(key, "en"))
        except OSError:
            if unsaved is None:
                raise
            args.report = None  # (said below: the comparison was not saved either)
    if not args.quiet:
        outs = list(dict.fromkeys(table["outcome"]))
        # The headline first (compare_interventions decides on total_losses): a pasted
        # table must show what the recommendation below it reads.
        head = headline_outcome(table)
        asked = outcome_list(args.outcomes)
        shown = ([o for o in asked if o in outs] if asked
                 else lead_names(outs, head) or outs[:5])
        print(format_table(table, shown))
        hidden = [o for o in outs if o not in shown]
        if hidden:  # said, so that money left at risk is not taken for absent
            where = f"{folder / 'compare.csv'}" + (" and the report" if args.report else "")
            print(f"\n(the table shows {len(shown)} of the {len(outs)} outcomes compared; "
                  f"the others are in {where}, or print them with --outcomes: "
                  f"{', '.join(hidden)})")
        print("\nbest strategy per scenario:")
        with i18n.identifiers():  # the names the table above prints
            for line in findings(table):
                print(f"  {line}")
        c = res.counts()
        if c["failed"] or c["missing"]:
            print(f"\nnote: {c['failed']} failed and {c['missing']} missing runs are left "
                  "out (run the sweep again to complete them)")
        if fresh and unsaved is None:
            print(f"\nwrote {len(written)} files to {folder}/"
                  + (f" and the report {args.report}" if args.report else ""))
        elif unsaved is not None:
            print(f"\nnot saved: {folder}/ cannot be written"
                  + (f"; wrote the report {args.report}" if args.report else ""))
        else:
            print(f"\nnothing changed since the last comparison: {folder}/"
                  + (f" and {args.report} left as they were" if args.report else
                     " left as it was"))
    _print_warnings(res, table, args.quiet)
    if unsaved is not None:
        raise OSError(unsaved.errno, f"{unsaved.strerror}: the comparison "
                      f"{'was' if args.quiet else 'above was'} not saved (copy the results "
                      "folder somewhere writable to keep its files and figures)",
                      unsaved.filename)
    return 0


def _compare_by(args: argparse.Namespace) -> int:
    """``trustsim compare DIR --by PARAM``: effects within bins of a design parameter."""
    from trustsim.experiments.compare import headline_outcome
    from trustsim.experiments.effects_by import compare_by, format_by
    from trustsim.experiments.store import load_results
    from trustsim.outputs import write_frame
    from trustsim.scenario import ScenarioError

    if not Path(args.results).is_dir():
        raise ScenarioError("no such results folder", file=args.results)
    res = load_results(args.results)
    _print_notes(res)
    outcomes = outcome_list(args.outcomes)
    table = compare_by(res, args.by, bins=args.bins, baseline=args.baseline,
                       outcomes=outcomes, n_boot=args.n_boot, seed=args.seed)
    path, unsaved = None, None
    try:
        path = write_frame(table, res.folder / "compare" / f"compare_by_{args.by}.csv")
    except OSError as exc:  # read-only results: shown, then said not saved (as compare)
        unsaved = exc
    if not args.quiet:
        for o in outcomes or [headline_outcome(table)]:
            print(format_by(table, o))
            print()
        print("+ better / - worse: the whole 95% interval on that side of zero; "
              "~ negligible; no mark: unclear")
        print(f"wrote {path}" if path else "not saved")
    if unsaved is not None:
        raise OSError(unsaved.errno, f"{unsaved.strerror}: the table "
                      f"{'was' if args.quiet else 'above was'} not saved", unsaved.filename)
    return 0


def _report_key(key: str, lang: str) -> str:
    import hashlib

    return hashlib.sha256(f"{key}:report:{lang}".encode()).hexdigest()


def _report_path(out: Path, name: str) -> Path:
    """Where ``--out``/``--report`` writes: into a folder given as such, as ``name``.

    An existing folder takes the report under ``name`` (``report.html``); a path through a
    file is refused before any work, naming that file (it read "File exists", or named a
    temporary file).
    """
    from trustsim.scenario import ScenarioError

    if out.is_dir():
        return out / name
    for up in out.parents:
        if up.exists():
            if not up.is_dir():
                raise ScenarioError(f"cannot write the report there: {up} is a file, not a "
                                    "folder", file=str(out))
            break
    return out


def _saved_baseline(results: str) -> str | None:
    """The baseline of the comparison saved in ``RESULTS/compare/`` if not the default.

    None otherwise: the report then reads the saved table under the same key as a plain
    ``compare`` wrote it (review: it recomputed the bootstrap every time).
    """
    import pyarrow.parquet as pq

    from trustsim.experiments.compare import default_baseline
    from trustsim.experiments.manifest import results_manifest

    try:
        col = pq.read_table(Path(results) / "compare" / "compare.parquet",
                            columns=["baseline"]).column("baseline")
        saved = str(col[0]) if len(col) else None
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: no saved baseline
        return None
    man = results_manifest(Path(results)) or {}
    return None if saved == default_baseline(man.get("strategies") or [], man) else saved


def cmd_report(args: argparse.Namespace) -> int:
    """Write a self-contained HTML report of an experiment's results.

    Without ``--baseline`` it compares with the baseline of the comparison saved in
    ``compare/`` (``trustsim compare --baseline X``), so the folder's tables, figures and
    report agree (trial: a report against the default beside tables against another).
    """
    from trustsim.experiments.report import report, report_inputs_key
    from trustsim.i18n import check_lang

    lang = check_lang(args.lang)
    from trustsim.scenario import ScenarioError

    saved = args.baseline is None and Path(args.results).is_dir()
    if saved:
        args.baseline = _saved_baseline(args.results)
    try:
        res, table, key, _ = _load_compared(args)
    except ScenarioError as exc:  # a saved baseline the results no longer hold: the default
        if not (saved and args.baseline and exc.key == "baseline (--baseline)"):
            raise
        args.baseline = None
        res, table, key, _ = _load_compared(args)
    if saved and args.baseline is not None and not args.quiet:
        print(f"note: baseline {args.baseline}, as the comparison in compare/ "
              "(--baseline to choose another)", file=sys.stderr)
    name = "report.html" if lang == "en" else f"report_{lang}.html"
    out = _report_path(Path(args.out), name) if args.out else res.folder / name
    rkey = _report_key(key, lang)
    unchanged = report_inputs_key(out) == rkey
    report(res, out, table, n_boot=args.n_boot, seed=args.seed, lang=lang, inputs_key=rkey)
    if not args.quiet:
        print(f"nothing changed: {out} left as it was" if unchanged else f"wrote {out}")
    _print_warnings(res, table, args.quiet, lang)
    return 0


def cmd_discover(args: argparse.Namespace) -> int:
    """Scenario discovery: PRIM finds the conditions of runs below (above) a threshold."""
    from trustsim.experiments.discover import discover, format_discovery
    from trustsim.experiments.store import load_results
    from trustsim.outputs import write_frame
    from trustsim.scenario import ScenarioError

    if not Path(args.results).is_dir():
        raise ScenarioError("no such results folder", file=args.results)
    res = load_results(args.results)
    d = discover(res, args.outcome, below=args.below, above=args.above,
                 scenario=args.scenario, strategy=args.strategy,
                 min_coverage=args.min_coverage)
    folder = res.folder / "discover"
    stem = f"{args.outcome}_{'below' if args.below is not None else 'above'}"
    written = [write_frame(d.limits, folder / f"box_{stem}.csv"),
               write_frame(d.trajectory, folder / f"trajectory_{stem}.csv")]
    if not args.quiet:
        print(format_discovery(d))
        print(f"\nwrote {', '.join(str(p) for p in written)}")
    return 0
