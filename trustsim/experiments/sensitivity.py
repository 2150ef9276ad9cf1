"""Global sensitivity analysis of an experiment's outcomes with SALib.

Core functions: :func:`analyze` (Sobol first-order and total indices with confidence
intervals, or Morris mu*, mu and sigma, per scenario x strategy x outcome),
:func:`unconverged` (the indices whose confidence interval is wider than the index: noise
at this sample size; :func:`analyze` warns with :class:`ConvergenceWarning`),
:func:`plot_indices` (a labelled bar chart in colour-blind-safe colours) and
:func:`write_sensitivity` (the table as CSV and the charts as PNG).

Each design point's outcome is the mean over its replications. Indices are computed on
the unit-cube coordinates of the design (see :mod:`trustsim.experiments.designs`), so
Morris effects are per full range of each parameter. References: Saltelli et al. 2010
(Sobol estimators), Jansen 1999 (total effects), Morris 1991 and Campolongo et al. 2007
(mu*).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim import i18n
from trustsim.experiments.store import ExperimentResults
from trustsim.scenario import ScenarioError
from trustsim.viz.sensitivity_plot import plot_indices

if TYPE_CHECKING:
    pass

__all__ = ["analyze", "plot_indices", "write_sensitivity", "unconverged", "convergence_message",
           "ConvergenceWarning"]


class ConvergenceWarning(UserWarning):
    """Some indices have confidence intervals wider than the indices: they are noise."""



def _problem(names: list[str]) -> dict[str, Any]:
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


NUM_RESAMPLES = 200
"""Bootstrap resamples of SALib's confidence intervals (:func:`analyze`'s default)."""
CONF_LEVEL = 0.95
"""Confidence level of the intervals (:func:`analyze`'s default)."""


def analyze(results: ExperimentResults, outcomes: list[str] | None = None, *,
            num_resamples: int = NUM_RESAMPLES, conf_level: float = CONF_LEVEL
            ) -> pd.DataFrame:
    """Sensitivity indices of every outcome, per scenario x strategy.

    Args:
        results: results of an experiment whose design is ``sobol`` or ``morris``.
        outcomes: outcomes to analyse (default: all kept by the experiment).
        num_resamples: bootstrap resamples for the confidence intervals.
        conf_level: confidence level of the intervals.

    Returns:
        One row per scenario, strategy, outcome and parameter, in these columns (in this
        order, whatever the outcomes): ``scenario, strategy, outcome, method, parameter``,
        then Sobol: ``S1, S1_conf, ST, ST_conf`` (and ``S2_OTHER, S2_OTHER_conf`` per other
        parameter with ``second_order``); Morris: ``mu_star, mu_star_conf, mu, sigma``;
        then ``note`` (why a row has no indices, :func:`_note`: an outcome that is constant,
        NaN or infinite in some runs, or for Sobol constant over the sample's base rows;
        else empty) and ``converged`` (False for a row without indices, and where a
        first-order, total or mu* index's confidence interval is wider than the index: a
        :class:`ConvergenceWarning` is issued then; second-order intervals are beside
        their indices, not judged: an S2 of 0, no interaction, has one wider than itself
        at any sample size).

    Raises:
        ScenarioError: when the design is not sobol or morris, or a design point has no
            finished run (the estimators need every point).
    """
    man = results.manifest
    design = man["design"]
    method, names = design["method"], design["parameters"]
    if method not in ("sobol", "morris"):
        raise ScenarioError("sensitivity indices need a sobol or morris design",
                            key="design.method", value=method, allowed=["sobol", "morris"],
                            file=(man["experiment"] or {}).get("file"))
    unit = results.unit_sample
    outcomes = outcomes or man["outcomes"]
    s = results.summaries
    missing = results.ledger.query("status != 'done'")
    if len(missing):
        pts = missing[["scenario", "strategy", "design_point"]].drop_duplicates()
        raise ScenarioError(
            f"{method} indices need every design point, and {len(pts)} have runs that are "
            f"failed or missing ({len(missing)} runs); run the sweep again to retry them",
            file=str(results.folder))
    seed = int(man["seed"])
    rows = []
    for (sc, st), g in s.groupby(["scenario", "strategy"], sort=False):
        means = g.groupby("design_point")[outcomes].mean().sort_index()
        for outcome in outcomes:
            y = means[outcome].to_numpy(dtype=float)
            base = {"scenario": sc, "strategy": st, "outcome": outcome, "method": method}
            note = _note(method, y, design, len(names))
            if note:
                rows += [{**base, "parameter": n, "note": note} for n in names]
                continue
            rows += _indices(method, names, unit, y, design, base, seed, num_resamples,
                             conf_level)
    table = pd.DataFrame(rows)
    # one column order whatever the outcomes (a constant one's row came first with only
    # its note, and put note before the indices; trial)
    ids = ["scenario", "strategy", "outcome", "method", "parameter"]
    indices = (["S1", "S1_conf", "ST", "ST_conf"] if method == "sobol"
               else ["mu_star", "mu_star_conf", "mu", "sigma"])
    second = ([f"S2_{n}{end}" for n in names for end in ("", "_conf")]
              if method == "sobol" and design.get("second_order") else [])
    table = table.reindex(columns=[*ids, *indices, *second, "note"])
    table["note"] = table["note"].fillna("")
    # A row without indices (a note) has not converged to anything (trial: 0 +/- 0 read
    # "converged" for an outcome whose indices were undefined).
    table["converged"] = ~_wide(table) & table["note"].eq("")
    message = convergence_message(table, method, design_samples(results))
    if message:
        warnings.warn(message, ConvergenceWarning, stacklevel=2)
    return table


def _note(method: str, y: np.ndarray, design: dict, d: int) -> str:
    """Why an outcome gets no indices ('' when it gets them).

    NaN or infinite in some runs (a time never reached within the run is infinite): the
    estimators need numbers. Constant across the design: nothing to apportion. For Sobol
    also constant over the sample's base rows (A and B) while it varies in the mixed ones:
    the variance the indices divide by is 0 and SALib returns 0 for every index, which read
    as "no effect, converged" (researcher trial: ``recovered`` varied in 2 of 40 points).
    """
    if np.isnan(y).any():
        return i18n.tr("note_nan")
    if np.isinf(y).any():
        return i18n.tr("note_inf")
    if np.ptp(y) == 0:
        return i18n.tr("note_constant")
    if method == "sobol":
        from SALib.analyze.sobol import separate_output_values

        n = len(y) // ((2 * d + 2) if design["second_order"] else (d + 2))
        a, b, _, _ = separate_output_values(y, d, n, design["second_order"])
        if np.ptp(np.r_[a, b]) <= 1e-12 * max(1.0, float(np.abs(y).max())):
            return i18n.tr("note_base_rows", k=int(np.count_nonzero(y != y[0])), n=len(y))
    return ""


def _wide(table: pd.DataFrame) -> pd.Series:
    """Rows whose interval is wider than the index (half-width above |index|)."""
    wide = pd.Series(False, index=table.index)
    # Not the second-order indices: one of 0 (no interaction, the common case) has an
    # interval wider than itself at any sample size, so the warning would never clear;
    # their intervals are in S2_*_conf beside them.
    pairs = [("S1", "S1_conf"), ("ST", "ST_conf"), ("mu_star", "mu_star_conf")]
    for index, conf in pairs:
        if index in table.columns and conf in table.columns:
            wide |= (table[conf] > table[index].abs()).fillna(False)
    return wide


def design_samples(results: ExperimentResults) -> int | None:
    """The design's ``samples`` (Sobol N, Morris trajectories) from the experiment file."""
    import yaml

    text = ((results.manifest.get("experiment") or {}).get("text")) or ""
    try:
        data = yaml.safe_load(text)
        return int(data["design"]["samples"])
    except (yaml.YAMLError, KeyError, TypeError, ValueError):
        return None


def unconverged(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`analyze`'s table whose interval is wider than their index.

    Rows without indices (a ``note`` says why) are not among them.
    """
    return table[_wide(table)]


def convergence_message(table: pd.DataFrame, method: str, samples: int | None) -> str:
    """One warning about the indices that are noise at this sample size ('' if none)."""
    bad = unconverged(table)
    if not len(bad):
        return ""
    shown = table["note"].fillna("").eq("") if "note" in table.columns else True
    total = int(shown.sum()) if not isinstance(shown, bool) else len(table)
    r = bad.iloc[0]
    if method == "sobol":
        key = "ST" if r["ST_conf"] > abs(r["ST"]) else "S1"
        example = f"{key} = {r[key]:.2g} +/- {r[key + '_conf']:.2g}"
        more = (f"raise design.samples (now {samples}; try {4 * samples})" if samples
                else "raise design.samples")
    else:
        example = f"mu* = {r['mu_star']:.2g} +/- {r['mu_star_conf']:.2g}"
        more = (f"raise design.samples (now {samples} trajectories) or replications"
                if samples else "raise design.samples or replications")
    return (f"{len(bad)} of {total} parameter-outcome indices have confidence intervals wider "
            f"than the indices themselves (e.g. {r['parameter']} on {r['outcome']}: "
            f"{example}): at this sample size they are noise, not findings; {more}")


def _indices(method: str, names: list[str], unit: np.ndarray, y: np.ndarray, design: dict,
             base: dict, seed: int, num_resamples: int, conf_level: float) -> list[dict]:
    problem = _problem(names)
    with warnings.catch_warnings():
        # (bootstrap resamples may be constant: SALib warns for each; the interval shows it)
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.filterwarnings("ignore", "Constant values encountered", UserWarning)
        if method == "sobol":
            from SALib.analyze import sobol

            r = sobol.analyze(problem, y, calc_second_order=design["second_order"],
                              num_resamples=num_resamples, conf_level=conf_level, seed=seed)
            rows = [{**base, "parameter": n, "S1": r["S1"][k], "S1_conf": r["S1_conf"][k],
                     "ST": r["ST"][k], "ST_conf": r["ST_conf"][k], "note": ""}
                    for k, n in enumerate(names)]
            if design["second_order"]:  # paid for with N x D more runs: report them
                for k, row in enumerate(rows):
                    for j, other in enumerate(names):
                        if j != k:  # SALib fills the upper triangle; the index is symmetric
                            a, b = min(j, k), max(j, k)
                            row[f"S2_{other}"] = r["S2"][a][b]
                            row[f"S2_{other}_conf"] = r["S2_conf"][a][b]
            return rows
        from SALib.analyze import morris

        r = morris.analyze(problem, unit, y, num_resamples=num_resamples,
                           conf_level=conf_level, num_levels=design["levels"], seed=seed)
        # SALib gives masked arrays: a masked entry is NaN here, not "--" in the CSV
        return [{**base, "parameter": n, **{key: _number(r[key][k]) for key in
                                            ("mu_star", "mu_star_conf", "mu", "sigma")},
                 "note": ""} for k, n in enumerate(names)]


def _number(x: Any) -> float:
    """A float from an index SALib returned (NaN for a masked entry)."""
    return np.nan if x is np.ma.masked else float(x)


def write_sensitivity(results: ExperimentResults, out: str | Path | None = None,
                      outcomes: list[str] | None = None) -> list[Path]:
    """Analyse ``results`` and write ``sensitivity.csv`` and the bar chart(s).

    Files go to ``out`` (default: ``RESULTS/sensitivity``): one PNG when the experiment has
    one scenario and one strategy, else one ``SCENARIO--STRATEGY.png`` each.
    """
    from importlib.metadata import version

    from trustsim.experiments.plan import safe_name
    from trustsim.outputs import about, atomic_write, write_frame, write_json

    table = analyze(results, outcomes)
    folder = Path(out) if out is not None else results.folder / "sensitivity"
    written = [write_frame(table, folder / "sensitivity.csv"),
               write_json(about(results, samples=design_samples(results),
                                num_resamples=NUM_RESAMPLES, conf_level=CONF_LEVEL,
                                salib=version("SALib")),
                          folder / "about.json")]
    groups = list(table.groupby(["scenario", "strategy"], sort=False))
    method = "Sobol indices" if results.manifest["design"]["method"] == "sobol" else (
        "Morris screening")
    for (sc, st), g in groups:
        fig = plot_indices(g, title=f"{method}: {sc} / {st} ({results.name})")
        name = "sensitivity.png" if len(groups) == 1 else f"{safe_name(sc)}--{safe_name(st)}.png"
        written.append(atomic_write(folder / name,
                                    lambda p, fig=fig: fig.savefig(p, dpi=110, format="png")))
    return written
