"""The summary of a lever-smoothness run as Markdown (``benchmarks/lever_smoothness.py``).

Core function: :func:`markdown` (settings, the verdict table, the finer sweeps around
defaults, the knife-edges looked at closer, the 40-seed re-readings, the guarantee check and
what is not swept). Split from the script, which runs the stages and writes the files.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from trustsim.experiments import default_cliff as dc
from trustsim.experiments import smoothness as sm
from trustsim.experiments import steep_start as ss

__all__ = ["markdown"]


def _num(x: object, digits: int = 3) -> str:
    if isinstance(x, float):
        return "-" if math.isnan(x) else f"{x:.{digits}g}"
    return str(x)


def _band_and_jump(r: Any) -> tuple[str, str]:
    """A report row's bootstrap band and where its largest jump is, as table cells."""
    band = "-" if math.isnan(r.jump_share_q10) else \
        f"{r.jump_share_q10:.2f}-{r.jump_share_q90:.2f}"
    at = "-" if math.isnan(r.jump_at) else f"{_num(r.jump_at)} to {_num(r.jump_to)}"
    return band, at


def markdown(report: pd.DataFrame, runs: pd.DataFrame, *, settings: dict[str, object],
             max_jump_share: float = sm.MAX_JUMP_SHARE,
             defaults: pd.DataFrame | None = None,
             steep: pd.DataFrame | None = None,
             confirm: pd.DataFrame | None = None) -> str:
    """The Markdown summary of one smoothness run (``defaults``: the local stage's report;
    ``steep``: the closer look at the knife-edges; ``confirm``: the knife-edges read again
    at more seeds)."""
    lines = ["# Lever smoothness", "",
             "Issue 16, item 2. Every lever or parameter is swept over 11 values (its low "
             "end and each further tenth of its range) on its scenario, the same seeds at "
             "every value; the verdict reads the median per value. **jump share** = "
             "largest change between adjacent medians / (max - min of the medians); "
             f"goal: at most {max_jump_share:.0%}. **inert**: max - min below the "
             "outcome's smallest effect that matters. **band**: 10-90 % bootstrap band "
             "of the jump share over paired resamples of the seeds. **mean**: the jump "
             "share of the mean over seeds (where each seed's outcome moves in lumps, the "
             "median jumps where half the seeds have moved and the mean need not; the "
             "verdict reads the median). **p**: is the effect more than seed noise? "
             "Friedman's (spread) and Page's (trend) tests by permutation (each seed ranks "
             "the values; 4,999 shuffles of each seed's ranks; the smaller p); above "
             f"{sm.NOISE_P} a lever that moves more than what matters is **noise**: the "
             "sweep shows no effect beyond the seeds' at this many seeds (not evidence of "
             "none), so no curve can be read from its medians. **default**: the jump "
             "share in the tenth around the parameter's default. A knife-edge is marked "
             "(start) when its largest jump is the first step of the range (a steep start: "
             "a little of the lever does most of what all of it does), (end) the last, "
             "(interior) any other.", "",
             "## Settings", ""]
    lines += [f"- {k}: {v}" for k, v in settings.items()]
    lines += ["", "## Verdicts", "", sm.count_text(report), "",
              "| lever | scenario | outcome | range | total effect | jump share | band | "
              "mean | largest jump at | default | p | verdict |",
              "|---|---|---|---|---:|---:|---|---:|---|---:|---:|---|"]
    for r in report.itertuples(index=False):
        band, at = _band_and_jump(r)
        rng = f"{_num(r.low)}-{_num(r.high)}" + (" *" if r.range_note else "")
        lines.append(f"| {r.lever} | {r.scenario} | {r.outcome} | {rng} | "
                     f"{_num(r.total_effect)} | {_num(r.jump_share, 2)} | {band} | "
                     f"{_num(r.mean_jump_share, 2)} | {at} | "
                     f"{_num(r.default_jump_share, 2)} | {_num(r.effect_p, 2)} | "
                     f"{sm.verdict_text(r)} |")
    lines += ["", "\\* a plausible sub-range, not the validation bounds:", ""]
    lines += [f"- {r.lever} ({_num(r.low)}-{_num(r.high)}): {r.range_note}"
              for r in report.itertuples(index=False) if r.range_note]
    if confirm is not None and len(confirm):
        lines += _confirm_lines(confirm, report, max_jump_share)
    cliff = dc.suspects(report, max_jump_share=max_jump_share)
    lines += ["", "## Defaults on a cliff", ""]
    local = {} if defaults is None else {r.lever: r for r in defaults.itertuples(index=False)}
    for r in cliff.itertuples(index=False):
        line = (f"- {r.lever} (default {r.default}): {r.default_jump_share:.0%} of the "
                f"total effect in the tenth around the default")
        if r.lever in local:
            d = local[r.lever]
            line += (f"; around it, a fiftieth of the range apart ({_num(d.low)} to "
                     f"{_num(d.high)}): {_num(d.local_share, 2)} beside the default, "
                     f"**{d.verdict}**")
        lines.append(line)
    skipped = dc.skipped_as_noise(report, max_jump_share=max_jump_share)
    lines += [f"- {r.lever} (default {r.default}): {r.default_jump_share:.0%} of the total "
              f"effect in the tenth around the default, but judged noise (p "
              f"{r.effect_p:.2g}): not swept again (its steps are the seeds')"
              for r in skipped.itertuples(index=False)]
    if not len(cliff) and not len(skipped):
        lines.append("- none")
    elif defaults is not None:
        n = int((defaults["verdict"] == "on a cliff").sum())
        lines += ["", f"A fiftieth of the range apart: {n} of {len(cliff)} on a cliff (a "
                  f"step beside the default above {max_jump_share:.0%} of the whole "
                  "effect), the rest on a slope the tenths could not see."]
    if steep is not None:
        lines += _steep_lines(steep, max_jump_share)
    if "guarantee_coverage" in set(runs["lever"]):
        lines += ["", "## Guarantee check", ""]
        try:
            g = sm.partial_effect(runs, "guarantee_coverage", 0.2)
            lines.append(f"- {g['outcome']}: {_num(g['base'])} without a guarantee, "
                         f"{_num(g['value'])} at 20 % coverage ({_num(g['left'], 2)} of it "
                         f"left): **{g['verdict']}** (goal: partly effective; 'ends it' "
                         "means less than a tenth is left)")
        except KeyError as exc:
            lines.append(f"- not swept at 20 % ({exc})")
    cov = sm.coverage()
    lines += ["", "## Not swept", ""]
    unmapped = cov[cov["status"] == "unmapped"]
    if len(unmapped):
        lines.append(f"- **unmapped** (numeric levers or behavioural parameters without a "
                     f"target; add them to TARGETS): {', '.join(unmapped['name'])}")
    for note, group in cov[cov["status"] == "not swept"].groupby("note", sort=False):
        lines.append(f"- {', '.join(group['name'])}: {note}")
    return "\n".join(lines) + "\n"


def _where(r: Any) -> str:
    """`` (interior)`` or `` (end)`` after a looked-at knife-edge's coarse share if it was no
    steep start."""
    where = str(getattr(r, "coarse_where", "") or "")
    return f" ({where})" if where and where not in ("start", "nan") else ""


def _steep_lines(steep: pd.DataFrame, max_jump_share: float) -> list[str]:
    """The summary section on the knife-edges looked at closer."""
    lines = ["", "## Knife-edges looked at closer", "",
             "A knife-edge of the tenths is either a switch (a tipping point: the outcome "
             "steps between two nearby values) or a steep response the tenths could not "
             "resolve. A steep start (its largest jump the first tenth of its "
             "range) is either a switch or a response that keeps changing inside that "
             "tenth. Rates, weights of daily evidence and amounts of money "
             "(`LOG_SCALE` in trustsim/experiments/lever_targets.py, declared by kind) are "
             f"swept on a log axis over {ss.DECADES} decades below the top of the range, "
             "also when their largest jump lies in the first two tenths (a rate acts "
             "through its time scale: a response that saturates jumps between two low "
             "tenths, and a switch is still a switch on the log axis); "
             "when the range starts at zero, the step from zero (the channel off) to the "
             "first ratio is shown apart as **off**, a share of everything the values with "
             "zero do. Any other steep start (scale **first step**) is swept at 11 values "
             "across the first step of the tenths, a hundredth of the range apart (an "
             "integer parameter: the distinct integers there); every knife-edge further in "
             "(scale **largest step**; **coarse share** says where the tenths' jump was) at "
             "11 values across the tenth of its largest jump. **closer "
             "share**: the largest step between adjacent closer values / what those values "
             "do (max - min of their medians; **mean**: the same of the means over seeds, "
             "where a step of the median alone is the seeds' lumps, not the world's); above "
             f"{max_jump_share:.0%} it is **a "
             "switch**, else **smooth closer** (continuous, but steep there: the tenths' "
             "verdict stands); **inert closer** when those values move "
             "less than what matters. An off step above the line that moves at least what "
             "matters makes it **a switch at zero** (inert closer values) or **smooth "
             "closer, a step from zero**. Seeds: the tenths' unless the settings' line "
             "on this look says more.", "",
             "| lever | scale | closer values | what they do | coarse share | closer share "
             "| mean | largest step at | off | p | verdict |",
             "|---|---|---|---:|---:|---:|---:|---|---:|---:|---|"]
    for r in steep.itertuples(index=False):
        at = "-" if math.isnan(r.jump_at) else f"{_num(r.jump_at)} to {_num(r.jump_to)}"
        lines.append(f"| {r.lever} | {r.scale} | {_num(r.low)}-{_num(r.high)} | "
                     f"{_num(r.closer_effect)} | {_num(r.coarse_share, 2)}{_where(r)} | "
                     f"{_num(r.jump_share, 2)} | {_num(getattr(r, 'mean_jump_share', math.nan), 2)}"
                     f" | {at} | {_num(r.off_share, 2)} | "
                     f"{_num(r.effect_p, 2)} | {r.verdict} |")
    if not len(steep):
        lines.append("| none | | | | | | | | | | |")
    else:
        counts = steep["verdict"].value_counts()
        lines += ["", f"Of {len(steep)} looked at closer: " + "; ".join(
            f"{n} {v}" for v, n in counts.items()) + "."]
    return lines


def _confirm_lines(confirm: pd.DataFrame, report: pd.DataFrame,
                   max_jump_share: float) -> list[str]:
    """The summary section on the knife-edges read again at more seeds."""
    seeds = sorted({int(n) for n in confirm["n_seeds"]})
    before = sorted({int(n) for n in
                     report.loc[report["lever"].isin(confirm["lever"]), "n_seeds"]})
    at = "/".join(str(n) for n in seeds)
    lines = ["", f"## Knife-edges read again at {at} seeds", "",
             f"Each knife-edge of the report (at {'/'.join(str(n) for n in before)} seeds) "
             f"swept again on seeds 0..{seeds[-1] - 1}, the same values (only the seeds "
             "its runs lacked were run). Where each seed's outcome moves in lumps (a "
             "platform fails or not, an inspection comes or not), the median of few seeds "
             "jumps where most of them have moved; more seeds tell such lumps from a switch "
             "every seed makes at once, which stays. The report's verdicts above are those "
             "of its own seeds.", "",
             "| lever | scenario | outcome | jump share before | jump share | band | mean | "
             "largest jump at | p | verdict |",
             "|---|---|---|---:|---:|---|---:|---|---:|---|"]
    for r in confirm.itertuples(index=False):
        band, jump = _band_and_jump(r)
        lines.append(f"| {r.lever} | {r.scenario} | {r.outcome} | "
                     f"{_num(r.jump_share_before, 2)} | {_num(r.jump_share, 2)} | {band} | "
                     f"{_num(r.mean_jump_share, 2)} | {jump} | {_num(r.effect_p, 2)} | "
                     f"{sm.verdict_text(r)} |")
    lines += ["", f"At {at} seeds, of these {len(confirm)}: {sm.count_text(confirm)}."]
    return lines
