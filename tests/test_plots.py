"""Experiment plots: each returns a matplotlib Figure with labelled axes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from trustsim.experiments.compare import compare
from trustsim.viz import plots


@pytest.fixture(scope="module")
def timeseries() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for sc in ("leak", "rumour"):
        for st in ("do_nothing", "disclose"):
            for rep in range(4):
                for t in range(10):
                    rows.append({"scenario": sc, "strategy": st, "design_point": 0,
                                 "replication": rep, "seed": rep, "time": t,
                                 "mean_trust": 0.6 - 0.01 * t + rng.normal(0, 0.01),
                                 "aum": 1000 - 5 * t, "runs": rng.poisson(3)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows = []
    for sc in ("leak", "rumour"):
        for rep in range(10):
            w = rng.normal(0.5, 0.1)
            for k, st in enumerate(("do_nothing", "disclose", "rebut")):
                rows.append({"scenario": sc, "strategy": st, "design_point": 0,
                             "replication": rep, "seed": rep,
                             "final_trust": w + 0.05 * k + rng.normal(0, 0.01),
                             "trust_lost": 0.3 - 0.05 * k + rng.normal(0, 0.01)})
    return compare(pd.DataFrame(rows), n_boot=100)


def labelled(fig: Figure) -> None:
    assert isinstance(fig, Figure)
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert axes
    assert any(ax.get_xlabel() for ax in axes) and any(ax.get_ylabel() for ax in axes)


def test_envelopes(timeseries: pd.DataFrame) -> None:
    fig = plots.plot_envelopes(timeseries)
    labelled(fig)
    ylabels = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    assert ylabels == ["mean trust (0-1)", "AUM (thousand CNY)", "runs started (per day)"]
    assert [ax.get_title() for ax in fig.axes[:2]] == ["leak", "rumour"]
    fig2 = plots.plot_envelopes(timeseries, metrics=["aum"], scenarios=["rumour"])
    assert len(fig2.axes) == 1 and fig2.axes[0].get_ylabel() == "AUM (thousand CNY)"


def test_forest(table: pd.DataFrame) -> None:
    fig = plots.plot_forest(table, "final_trust")
    labelled(fig)
    ax = fig.axes[0]
    assert "vs do_nothing" in ax.get_xlabel() and "(0-1)" in ax.get_xlabel()
    assert len(ax.get_yticklabels()) == 4  # 2 scenarios x 2 non-baseline strategies
    assert "left is better" in plots.plot_forest(table, "trust_lost").axes[0].get_xlabel()


@pytest.mark.parametrize("value", ["diff_median", "median"])
def test_heatmap(table: pd.DataFrame, value: str) -> None:
    fig = plots.plot_heatmap(table, "trust_lost", value=value)
    labelled(fig)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "strategy" and ax.get_ylabel() == "scenario"
    assert "trust lost (0-1)" in fig.axes[1].get_ylabel()  # the colour bar has a unit


def test_sensitivity_bars() -> None:
    t = pd.DataFrame({"scenario": "s", "strategy": "x", "outcome": "final_trust",
                      "parameter": ["a", "b"], "S1": [0.6, 0.1], "S1_conf": [0.05, 0.05],
                      "ST": [0.7, 0.2], "ST_conf": [0.05, 0.05], "note": ""})
    labelled(plots.plot_sensitivity(t))


def test_comparison_figures(timeseries: pd.DataFrame, table: pd.DataFrame) -> None:
    class Res:
        name = "synthetic"

    res = Res()
    res.timeseries = timeseries
    figs = plots.comparison_figures(res, table)
    assert set(figs) == {"envelopes", "forest_final_trust", "heatmap_final_trust",
                         "forest_trust_lost", "heatmap_trust_lost"}
    for fig in figs.values():
        labelled(fig)
