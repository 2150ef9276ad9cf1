"""Sensitivity analysis: Sobol and Morris indices recover a known function, the sample-size
rules are enforced, and ``trustsim sensitivity`` writes a table and a chart."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import trustsim
from trustsim import cli
from trustsim.experiments.sensitivity import ConvergenceWarning, analyze, write_sensitivity
from trustsim.experiments.spec import load_experiment
from trustsim.experiments.store import Store
from trustsim.experiments.worker import RunOutput
from trustsim.scenario import ScenarioError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

DESIGNED = """
name: known
seed: 3
scenarios: [rumour_run]
strategies: [do_nothing]
replications: {reps}
design:
  method: {method}
  samples: {samples}
  parameters:
    herding_mean: {{range: [0.0, 1.0]}}
    social_weight: {{range: [0.0, 1.0]}}
    contagion: {{range: [0.0, 1.0]}}
outcomes: [final_trust, trust_lost, time_to_recover]
timeseries: none
"""


def known_results(tmp_path: Path, method: str, samples: int,
                  reps: int = 2) -> trustsim.ExperimentResults:
    """A results folder whose outcome is a known function of the design (no model runs).

    final_trust = 4 x1 + x2 (x3 has no effect), trust_lost is constant and
    time_to_recover is undefined in some runs.
    """
    f = tmp_path / "known.yaml"
    f.write_text(DESIGNED.format(method=method, samples=samples, reps=reps), encoding="utf-8")
    exp = load_experiment(f)
    store = Store.open(tmp_path / "out", exp)
    table = exp.design_table
    for run in exp.plan():
        x = table.loc[run.design_point]
        y = 4 * x["herding_mean"] + x["social_weight"]
        out = {"final_trust": y, "trust_lost": 0.5,
               "time_to_recover": math.nan if run.design_point % 5 == 0 else 1.0}
        store.record(run, RunOutput(run.run_id, True, outcomes=out), attempt=1)
    return store.finish({"status": "finished"})


def rows(table: pd.DataFrame, outcome: str) -> pd.DataFrame:
    return table[table["outcome"] == outcome].set_index("parameter")


def test_sobol_indices_of_a_known_linear_function(tmp_path):
    res = known_results(tmp_path, "sobol", 128, reps=1)
    with pytest.warns(ConvergenceWarning):  # the small index (1/17) is within its interval
        table = analyze(res)
    t = rows(table, "final_trust")
    # Var = (16 + 1) / 12: S1 = ST = 16/17, 1/17, 0.
    assert t.loc["herding_mean", "S1"] == pytest.approx(16 / 17, abs=0.05)
    assert t.loc["social_weight", "S1"] == pytest.approx(1 / 17, abs=0.03)
    assert t.loc["contagion", "S1"] == pytest.approx(0, abs=0.02)
    assert t.loc["herding_mean", "ST"] == pytest.approx(16 / 17, abs=0.05)
    assert t.loc["contagion", "ST"] == pytest.approx(0, abs=1e-9)
    assert (t[["S1_conf", "ST_conf"]] >= 0).all().all()
    assert (rows(table, "trust_lost")["note"] == "constant across the design").all()
    assert rows(table, "time_to_recover")["note"].str.contains("NaN").all()


def test_second_order_sobol_indices_are_reported_when_paid_for(tmp_path):
    """``second_order: true`` costs N x D more runs; its indices were computed and dropped
    (outside audit). y = x1 x2 on [0, 1]^2: S2(x1, x2) = (1/144) / (7/144) = 1/7; x3 none."""
    f = tmp_path / "second.yaml"
    f.write_text(DESIGNED.format(method="sobol", samples=256, reps=1).replace(
        "  samples: 256\n", "  samples: 256\n  second_order: true\n"), encoding="utf-8")
    exp = load_experiment(f)
    assert exp.n_runs == 256 * (2 * 3 + 2)
    store = Store.open(tmp_path / "out", exp)
    for run in exp.plan():
        x = exp.design_table.loc[run.design_point]
        out = {"final_trust": x["herding_mean"] * x["social_weight"], "trust_lost": 0.5,
               "time_to_recover": 1.0}
        store.record(run, RunOutput(run.run_id, True, outcomes=out), attempt=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t = rows(analyze(store.finish({"status": "finished"})), "final_trust")
    assert t.loc["herding_mean", "S2_social_weight"] == pytest.approx(1 / 7, abs=0.06)
    assert t.loc["social_weight", "S2_herding_mean"] == t.loc["herding_mean",
                                                               "S2_social_weight"]
    assert t.loc["herding_mean", "S2_contagion"] == pytest.approx(0, abs=0.03)
    assert (t["S2_contagion_conf"].dropna() >= 0).all()
    # without second_order there are no such columns
    (tmp_path / "p").mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plain = rows(analyze(known_results(tmp_path / "p", "sobol", 64, reps=1)),
                     "final_trust")
    assert not any(c.startswith("S2_") for c in plain.columns)


def test_morris_effects_of_a_known_linear_function(tmp_path):
    res = known_results(tmp_path, "morris", 8)
    t = rows(analyze(res), "final_trust")
    # Effects per full range: 4, 1 and 0, with no interaction (sigma 0).
    assert t.loc["herding_mean", "mu_star"] == pytest.approx(4.0)
    assert t.loc["social_weight", "mu_star"] == pytest.approx(1.0)
    assert t.loc["contagion", "mu_star"] == pytest.approx(0.0)
    assert t["sigma"].to_numpy() == pytest.approx(np.zeros(3), abs=1e-9)


def test_intervals_wider_than_the_indices_are_flagged_with_a_warning(tmp_path):
    res = known_results(tmp_path, "sobol", 8, reps=1)
    with pytest.warns(ConvergenceWarning, match="wider than the indices") as caught:
        table = analyze(res)
    assert len(caught) == 1
    t = table[table["note"] == ""]
    wide = (t["S1_conf"] > t["S1"].abs()) | (t["ST_conf"] > t["ST"].abs())
    assert wide.any()
    assert (t["converged"] == ~wide).all()
    assert f"{int(wide.sum())} of {len(t)}" in str(caught[0].message)
    assert "now 8; try 32" in str(caught[0].message)


def test_exact_effects_give_no_convergence_warning(tmp_path, recwarn):
    res = known_results(tmp_path, "morris", 8)
    table = analyze(res)
    assert table.loc[table["note"] == "", "converged"].all()
    assert not [w for w in recwarn if issubclass(w.category, ConvergenceWarning)]


def test_write_sensitivity_writes_a_table_and_a_png(tmp_path):
    res = known_results(tmp_path, "morris", 4)
    written = write_sensitivity(res)
    assert [p.name for p in written] == ["sensitivity.csv", "about.json", "sensitivity.png"]
    assert all(p.parent == res.folder / "sensitivity" for p in written)
    # what a forwarded table was made from (researcher trial: no N, seed or SALib version)
    made = json.loads(written[1].read_text(encoding="utf-8"))
    assert (made["experiment_seed"], made["replications"], made["samples"]) == (3, 2, 4)
    assert made["salib"] == made["provenance"]["SALib"] and made["provenance"]["numba"]
    written = [written[0], written[2]]
    csv = pd.read_csv(written[0])
    assert {"outcome", "parameter", "mu_star", "mu_star_conf", "sigma"} <= set(csv.columns)
    assert written[1].read_bytes()[:8] == PNG_MAGIC


def test_missing_design_points_are_a_clear_error(tmp_path):
    res = known_results(tmp_path, "sobol", 8)
    next((res.folder / "summaries").glob("*.parquet")).unlink()
    with pytest.raises(ScenarioError, match="need every design point"):
        analyze(res.refresh())


def test_sensitivity_of_a_design_without_indices_is_an_error(tmp_path):
    res = trustsim.run_experiment("smoke", out=tmp_path / "smoke", executor="serial",
                                  progress=False)
    with pytest.raises(ScenarioError, match="sobol or morris"):
        analyze(res)


@pytest.mark.parametrize("text, words", [
    ("method: sobol\n  samples: 24", "power of two"),
    ("method: morris\n  samples: 4\n  levels: 5", "even"),
    ("method: morris\n  samples: 1", "at least 2 trajectories"),
])
def test_sample_size_rules_are_checked_when_the_file_loads(tmp_path, text, words):
    f = tmp_path / "bad.yaml"
    f.write_text(DESIGNED.replace("method: {method}\n  samples: {samples}", text)
                 .replace("{reps}", "1").replace("{{", "{").replace("}}", "}"),
                 encoding="utf-8")
    with pytest.raises(ScenarioError, match=words):
        load_experiment(f)


def test_sensitivity_command_runs_the_sweep_and_writes_indices(tmp_path, capsys):
    f = tmp_path / "tiny_morris.yaml"
    f.write_text("""
name: tiny_morris
seed: 5
scenarios: [rumour_run]
strategies: [do_nothing]
replications: 1
params: {n_users: 120}
steps: 30
design:
  method: morris
  samples: 2
  parameters:
    herding_mean: {range: [0.1, 0.8]}
    guarantee_coverage: {range: [0.0, 0.9]}
outcomes: [trust_lost, aum_retained]
timeseries: none
""", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["sensitivity", str(f), "--out", str(out), "--serial"]) == 0
    captured = capsys.readouterr()
    printed = captured.out
    assert "mu_star" in printed and "guarantee_coverage" in printed
    table = pd.read_csv(out / "sensitivity" / "sensitivity.csv")
    assert len(table) == 2 * 2 and table["mu_star"].notna().all()
    # Two trajectories: intervals wider than the effects, and the command says so.
    noisy = table[table["mu_star_conf"] > table["mu_star"]]
    assert len(noisy) and (~table.loc[noisy.index, "converged"]).all()
    warned = [line for line in captured.err.splitlines() if line.startswith("warning: ")]
    assert len(warned) == 1 and f"{len(noisy)} of 4" in warned[0]
    assert "noise" in warned[0] and "raise design.samples" in warned[0]
    assert "ConvergenceWarning" not in captured.err
    assert (out / "sensitivity" / "sensitivity.png").read_bytes()[:8] == PNG_MAGIC


def test_the_table_keeps_one_column_order_and_counts_second_order_intervals(tmp_path):
    """A constant first outcome put ``note`` before the indices (scripts read by position
    broke; trial). Second-order intervals are not judged: an S2 of 0 (no interaction) has
    one wider than itself at any sample size, and the warning would never clear (review)."""
    from trustsim.experiments.sensitivity import _wide

    res = known_results(tmp_path, "morris", 8)
    first = analyze(res, ["trust_lost", "final_trust"])  # the constant one first
    second = analyze(res, ["final_trust", "trust_lost"])
    expected = ["scenario", "strategy", "outcome", "method", "parameter", "mu_star",
                "mu_star_conf", "mu", "sigma", "note", "converged"]
    assert list(first.columns) == list(second.columns) == expected
    row = pd.DataFrame([{"S1": 0.5, "S1_conf": 0.1, "ST": 0.6, "ST_conf": 0.1,
                         "S2_b": 0.02, "S2_b_conf": 11.0}])
    assert _wide(row).tolist() == [False]
    assert _wide(row.assign(ST_conf=0.7)).tolist() == [True]


def test_a_morris_interval_stops_at_zero_in_the_chart():
    """mu* is a mean of absolute effects; the chart drew 0.035 +- 0.047 below zero (trial)."""
    from trustsim.viz.sensitivity_plot import plot_indices

    t = pd.DataFrame({"outcome": "y", "parameter": ["a", "b"], "mu_star": [0.035, 0.5],
                      "mu_star_conf": [0.047, 0.1], "mu": [0.0, 0.5], "sigma": [0.01, 0.0],
                      "note": ""})
    ax = plot_indices(t).axes[0]
    bars = next(c for c in ax.containers if c.get_label().startswith("mu*"))
    ends = [x for seg in bars.errorbar.lines[2][0].get_segments() for x, _ in seg]
    assert min(ends) == 0.0 and max(ends) == pytest.approx(0.6)


def _results_with(tmp_path: Path, method: str, samples: int, outcome: str, value) -> (
        trustsim.ExperimentResults):
    """One replication of the known design whose ``outcome`` is ``value(design_point)``."""
    text = DESIGNED.format(method=method, samples=samples, reps=1).replace(
        "outcomes: [final_trust, trust_lost, time_to_recover]",
        f"outcomes: [final_trust, {outcome}]")
    f = tmp_path / "known.yaml"
    f.write_text(text, encoding="utf-8")
    exp = load_experiment(f)
    store = Store.open(tmp_path / "out", exp)
    for run in exp.plan():
        x = exp.design_table.loc[run.design_point]
        out = {"final_trust": 4 * x["herding_mean"] + x["social_weight"],
               outcome: value(run.design_point)}
        store.record(run, RunOutput(run.run_id, True, outcomes=out), attempt=1)
    return store.finish({"status": "finished"})


def test_an_outcome_constant_in_the_sobol_base_rows_gets_a_note_not_zero_indices(tmp_path):
    """``recovered`` varied in 2 of 40 points, both in the mixed (AB) rows: SALib divides by
    the base rows' variance, 0, and returned 0 +/- 0 for every index, marked converged
    (researcher trial). It has no indices now, says why, and is not converged."""
    step = 3 + 2  # Saltelli rows per base sample: A, AB_1..AB_3, B (no second order)
    res = _results_with(tmp_path, "sobol", 8, "recovered",
                        lambda k: 1.0 if k in (1, 2 * step + 2) else 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # SALib's own warning no longer leaks
        warnings.simplefilter("ignore", ConvergenceWarning)
        table = analyze(res)
    r = rows(table, "recovered")
    assert r["note"].str.contains("base rows").all()
    assert r["note"].str.contains("2 of 40").all()
    assert r["S1"].isna().all() and r["ST"].isna().all()
    assert not r["converged"].any()
    assert rows(table, "final_trust")["note"].eq("").all()


@pytest.mark.parametrize("method,samples", [("morris", 6), ("sobol", 8)])
def test_an_infinite_outcome_gets_a_note_and_numbers_stay_numbers(tmp_path, method, samples):
    """``half_recovery_days`` is infinite where trust never came half back: Morris crashed on
    it ("could not convert string to float: '--'") and wrote "--" into the CSV; Sobol gave
    0 +/- 0, converged (trial). Now a note, no indices, and numeric CSV columns."""
    res = _results_with(tmp_path, method, samples, "half_recovery_days",
                        lambda k: math.inf if k % 3 else 20.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        written = write_sensitivity(res)
    table = pd.read_csv(written[0])
    r = rows(table, "half_recovery_days")
    assert r["note"].str.contains("infinite").all() and not r["converged"].any()
    index = "S1" if method == "sobol" else "mu_star"
    assert table[index].dtype == float and r[index].isna().all()
    assert rows(table, "final_trust")[index].notna().all()


def test_the_sensitivity_command_names_outcomes_without_indices(tmp_path, capsys):
    """One line per outcome without indices, saying why, not rows of n/a (trial)."""
    f = tmp_path / "inf.yaml"
    f.write_text(DESIGNED.format(method="morris", samples=4, reps=1).replace(
        "outcomes: [final_trust, trust_lost, time_to_recover]",
        "outcomes: [final_trust, half_recovery_days]").replace(
        "scenarios: [rumour_run]", "scenarios: [rumour_run]\nparams: {n_users: 300}\n"
        "steps: 40"), encoding="utf-8")
    code = cli.main(["sensitivity", str(f), "--serial", "--out", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == 0
    assert "no indices for half_recovery_days (rumour_run / do_nothing): infinite" in out
    assert "half_recovery_days  herding_mean" not in out


def test_outcomes_without_indices_are_named_in_the_reports_language():
    """The chart's "No indices for ..." stayed English in a Chinese report (review)."""
    from trustsim import i18n
    from trustsim.viz.sensitivity_plot import plot_indices

    t = pd.DataFrame({"outcome": ["y", "y", "z", "z"], "parameter": ["a", "b", "a", "b"],
                      "mu_star": [0.3, 0.1, np.nan, np.nan],
                      "mu_star_conf": [0.05, 0.05, np.nan, np.nan], "mu": [0.3, 0.1, np.nan,
                                                                           np.nan],
                      "sigma": [0.0, 0.0, np.nan, np.nan],
                      "note": ["", "", i18n.tr("note_inf"), i18n.tr("note_inf")]})
    texts = [t.get_text() for sub in plot_indices(t, lang="zh").subfigs
             for t in sub.texts]
    assert any("无敏感性指数：z（部分运行中为无穷大" in x for x in texts), texts
    texts = [t.get_text() for sub in plot_indices(t).subfigs for t in sub.texts]
    assert any("No indices for z: infinite in some runs" in x for x in texts), texts
