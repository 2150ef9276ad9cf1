"""Experiment plots: labelled axes, text of at least 10 pt, one colour per strategy in
every figure, at most six lines per panel, heat-map colours that match the caption, the
cost-effectiveness figure's dominance and frontier, and Chinese labels that render."""

from __future__ import annotations

import warnings

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from trustsim import i18n
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
            # k = -1 (deny) harms; 1 and 2 help, and rebut (2) costs the most
            for k, st in ((0, "do_nothing"), (1, "disclose"), (2, "rebut"), (-1, "deny")):
                rows.append({"scenario": sc, "strategy": st, "design_point": 0,
                             "replication": rep, "seed": rep,
                             "final_trust": w + 0.05 * k + rng.normal(0, 0.01),
                             "trust_lost": 0.3 - 0.05 * k + rng.normal(0, 0.01),
                             "platform_spending": {2: 2000.0, -1: 500.0}.get(k, 0.0)})
    return compare(pd.DataFrame(rows), n_boot=100)


def labelled(fig: Figure) -> None:
    assert isinstance(fig, Figure)
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert axes
    assert any(ax.get_xlabel() for ax in axes)
    assert any(ax.get_ylabel() for ax in axes) or fig.get_supylabel()  # (small multiples)


def test_envelopes(timeseries: pd.DataFrame) -> None:
    fig = plots.plot_envelopes(timeseries)
    labelled(fig)
    ylabels = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    # (users, not bank runs: "新发生挤兑（次/天）" up to 600 read as 600 runs a day: trial)
    assert ylabels == ["mean trust (0-1)", "AUM (thousand CNY)",
                       "withdrawal runs so far (a user can run more than once)"]
    assert [ax.get_title() for ax in fig.axes[:2]] == ["leak", "rumour"]
    fig2 = plots.plot_envelopes(timeseries, metrics=["aum"], scenarios=["rumour"])
    assert len(fig2.axes) == 1 and fig2.axes[0].get_ylabel() == "AUM (thousand CNY)"


def test_forest_has_one_panel_per_scenario(table: pd.DataFrame) -> None:
    fig = plots.plot_forest(table, "final_trust")
    labelled(fig)
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["leak", "rumour"]
    ax = fig.axes[-1]
    assert "vs no response" in ax.get_xlabel() and "(0-1)" in ax.get_xlabel()
    for ax in fig.axes:  # the three non-baseline strategies in each panel
        assert [t.get_text() for t in ax.get_yticklabels()] == ["disclose", "rebut", "deny"]
    assert "left is better" in plots.plot_forest(table, "trust_lost").axes[-1].get_xlabel()
    # a long label put "(left is better)" on a line of its own, not off the figure (trial)
    long = table.assign(baseline="a_baseline_with_a_long_name_indeed")
    label = plots.plot_forest(long, "trust_lost").axes[-1].get_xlabel()
    assert label.endswith("\n(left is better)") and len(label.splitlines()[0]) > 50
    # a misspelt outcome drew an empty figure (Python API trial)
    with pytest.raises(ValueError, match="did you mean 'final_trust'"):
        plots.plot_forest(table, "final_trst")


@pytest.mark.parametrize("value", ["diff_median", "median"])
def test_heatmap(table: pd.DataFrame, value: str) -> None:
    fig = plots.plot_heatmap(table, "trust_lost", value=value)
    labelled(fig)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "strategy" and ax.get_ylabel() == "scenario"
    assert "trust lost (0-1)" in fig.axes[1].get_ylabel()  # the colour bar has a unit


def cell_colour(fig, i: int, j: int) -> np.ndarray:
    """RGB of the coloured layer of a heat map at row i, column j (None if masked)."""
    im = fig.axes[0].get_images()[-1]
    a = im.get_array()
    if np.ma.is_masked(a[i, j]):
        return None
    return np.array(im.cmap(im.norm(a[i, j]))[:3])


@pytest.mark.parametrize("outcome", ["final_trust", "trust_lost"])
def test_heatmap_purple_is_better_as_the_caption_says(table: pd.DataFrame,
                                                      outcome: str) -> None:
    fig = plots.plot_heatmap(table, outcome)
    cols = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    better, worse = cols.index("rebut"), cols.index("deny")
    purple, orange = cell_colour(fig, 0, better), cell_colour(fig, 0, worse)
    r, g, b = purple
    assert b > g and r > g  # purple: red and blue above green
    r, g, b = orange
    assert r > g > b  # orange
    assert cell_colour(fig, 0, cols.index("no response")) is None  # baseline not coloured


@pytest.mark.parametrize("outcome", ["final_trust", "trust_lost"])
def test_heatmap_colour_bar_reads_the_numbers_written_in_the_cells(table: pd.DataFrame,
                                                                   outcome: str) -> None:
    # For a lower-is-better outcome the colours were drawn from the sign-flipped effect,
    # so a cell written "-0.05" sat at +0.05 on the colour bar beside it.
    fig = plots.plot_heatmap(table, outcome)
    im = fig.axes[0].get_images()[-1]
    cols = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in fig.axes[0].texts}
    # the baseline's column says so (an empty white column read as missing data)
    assert {cells.pop((i, cols.index("no response"))) for i in range(2)} == {"(baseline)"}
    written = {k: float(v.rstrip("*").replace(",", "")) for k, v in cells.items()}
    for name in ("rebut", "deny"):
        j = cols.index(name)
        assert float(im.get_array()[0, j]) == pytest.approx(written[(0, j)], rel=1e-2)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("outcome", ["final_trust", "trust_lost"])
def test_heatmap_colour_bar_label_fits_the_figure_of_one_scenario(table: pd.DataFrame,
                                                                  outcome: str,
                                                                  lang: str) -> None:
    # Policy trial: with one scenario the figure is short, and the label ran off it at
    # "(colour: low" (the words saying which colour is better), in both languages.
    one = table[table["scenario"] == table["scenario"].iloc[0]]
    one = one.assign(baseline="a_baseline_with_a_rather_long_name_indeed")
    fig = plots.plot_heatmap(one, outcome, lang=lang)
    fig.canvas.draw()
    label = fig.axes[-1].yaxis.label
    box, page = label.get_window_extent(), fig.bbox
    assert box.y0 >= page.y0 - 1 and box.y1 <= page.y1 + 1, (box, page, label.get_text())
    if outcome == "trust_lost":
        flat = label.get_text().replace("\n", "")
        assert ("lower is better" in label.get_text().replace("\n", " ") if lang == "en"
                else "越低越好" in flat)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_heatmap_writes_money_in_full_and_says_what_a_star_means(lang: str) -> None:
    """Cells read as the tables do (-2,845, not -2.84e+03), and a figure forwarded alone
    says what a cell marked * (the mean: few runs change much, the median run little)
    is."""
    rng = np.random.default_rng(5)
    rows = []
    for rep in range(12):
        base = rng.normal(20_000, 500)
        rows += [{"scenario": "s", "strategy": "do_nothing", "design_point": 0,
                  "replication": rep, "seed": rep, "user_losses": base},
                 {"scenario": "s", "strategy": "deny", "design_point": 0,
                  "replication": rep, "seed": rep,
                  "user_losses": base - 2845 + rng.normal(0, 50)},
                 {"scenario": "s", "strategy": "tail", "design_point": 0,
                  "replication": rep, "seed": rep,  # 2 runs of 12 lose 3 million more
                  "user_losses": base + (3000.0 if rep < 2 else 0.0)}]
    tab = compare(pd.DataFrame(rows), n_boot=200)
    fig = plots.plot_heatmap(tab, "user_losses", lang=lang)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert not any("e+" in t for t in texts)
    # 999.5 and up round to a thousand: written so, not "1e+03"
    near = tab.copy()
    near.loc[near["strategy"] == "deny", ["diff_median", "ci_low", "ci_high"]] = [
        -999.7, -1100.0, -900.0]
    rounded = [t.get_text() for t in plots.plot_heatmap(near, "user_losses", lang=lang)
               .axes[0].texts]
    # (Chinese says 万元: a tenth of the number, as its tables and sentences)
    k = 1.0 if lang == "en" else 0.1
    assert ("-1,000" if lang == "en" else "-100.0") in rounded  # (to a thousand CNY)
    assert not any("e+" in t for t in rounded)
    deny = next(t for t in texts if t.startswith("-"))
    assert 2700 * k < -float(deny.replace(",", "")) < 3000 * k
    assert any(t.endswith("*") for t in texts)  # the tail strategy reads its mean
    note = "* the mean difference" if lang == "en" else "* 平均差值"
    assert note in fig.axes[0].get_xlabel()
    plain = plots.plot_heatmap(tab[tab["strategy"] != "tail"], "user_losses", lang=lang)
    assert "*" not in plain.axes[0].get_xlabel()  # no mark, no note


def test_heatmap_leaves_unclear_cells_grey() -> None:
    rng = np.random.default_rng(3)
    rows = [{"scenario": "s", "strategy": st, "design_point": 0, "replication": r,
             "seed": r, "final_trust": rng.normal(0.5, 0.2)}
            for r in range(12) for st in ("do_nothing", "coin")]
    t = compare(pd.DataFrame(rows), n_boot=200)
    assert t.loc[~t.is_baseline, "verdict"].iloc[0] == "unclear"
    fig = plots.plot_heatmap(t, "final_trust")
    assert cell_colour(fig, 0, 1) is None


def test_one_colour_per_strategy_in_every_figure(timeseries: pd.DataFrame,
                                                 table: pd.DataFrame) -> None:
    class Res:
        name = "synthetic"

    res = Res()
    ts = pd.concat([timeseries, timeseries.assign(strategy="rebut"),
                    timeseries.assign(strategy="deny")])
    res.timeseries = ts
    figs = plots.comparison_figures(res, table)
    want = plots.strategy_colours(list(table["strategy"]), "do_nothing")
    assert want["do_nothing"] == "#000000" and len(set(want.values())) == 4
    want = {i18n.strategy(k): v for k, v in want.items()}  # figures show names in words
    seen: dict[str, set[str]] = {}
    for name, fig in figs.items():
        if name.startswith("heatmap"):
            continue
        for ax in fig.axes:
            for line in ax.get_lines():
                label = line.get_label()
                if label in want:
                    seen.setdefault(label, set()).add(mcolors.to_hex(line.get_color()))
            for cont in ax.containers:  # error bars: forest and cost figures
                label = cont.get_label()
                if label in want:
                    seen.setdefault(label, set()).add(
                        mcolors.to_hex(cont.lines[0].get_color()))
        if name.startswith("forest"):
            for ax in fig.axes:
                names = [t.get_text() for t in ax.get_yticklabels()]
                colours = [mcolors.to_hex(c.lines[0].get_color()) for c in ax.containers]
                for n, c in zip(names, colours, strict=True):
                    seen.setdefault(n, set()).add(c)
    assert set(seen) == set(want)
    for st, colours in seen.items():
        assert colours == {want[st].lower()}, st


def test_figures_are_readable_when_printed(timeseries: pd.DataFrame,
                                           table: pd.DataFrame) -> None:
    """One panel per strategy in envelopes, each with the baseline (policy trial: six
    overlapping bands read as one shade), one panel in cost figures, every text at least
    10 pt."""
    import matplotlib.text

    class Res:
        name = "synthetic"

    res = Res()
    many = [f"s{k}" for k in range(8)]
    res.timeseries = pd.concat([timeseries.assign(strategy=st) for st in
                                ["do_nothing", *many]])
    figs = plots.comparison_figures(res, table)
    envelopes = [k for k in figs if k.startswith("envelope_")]
    assert len(envelopes) == 6  # 3 metrics x 2 scenarios, each with 8 panels
    for name, fig in figs.items():
        if name.startswith("cost"):
            assert len([ax for ax in fig.axes if ax.axison]) == 1, name
        if name.startswith("envelope"):
            shown = [ax for ax in fig.axes if ax.axison]
            assert [ax.get_title() for ax in shown] == many, name
            for ax in shown:  # the baseline, then the panel's own strategy
                assert [ln.get_label() for ln in ax.get_lines()] == ["no response",
                                                                    ax.get_title()]
            lims = {ax.get_ylim() for ax in shown}
            assert len(lims) == 1, lims  # one scale: the panels compare at a glance
        for text in fig.findobj(matplotlib.text.Text):
            if text.get_text().strip() and text.get_visible():
                assert text.get_fontsize() >= 10, (name, text.get_text())
    with pytest.raises(ValueError, match="at most 6"):
        plots.plot_envelopes(res.timeseries)


def test_cost_effect_marks_dominated_and_draws_the_frontier(table: pd.DataFrame) -> None:
    from trustsim.viz.costplot import cost_effect_points, plot_cost_effect

    pts = cost_effect_points(table, "leak", "final_trust").set_index("strategy")
    # disclose: +0.05 for 0; rebut: +0.10 for 2 million; deny: -0.05 for 0.5 million (the
    # figure's axis in thousand CNY, as the tables)
    assert pts.loc["do_nothing", "cost"] == 0 and pts.loc["rebut", "cost"] == 2000.0
    assert pts["dominated"].to_dict() == {"do_nothing": True, "disclose": False,
                                          "rebut": False, "deny": True}
    assert pts.loc["disclose", "frontier"] == 0 and pts.loc["rebut", "frontier"] == 1
    # lower is better: the same strategies dominate
    low = cost_effect_points(table, "leak", "trust_lost").set_index("strategy")
    assert low["dominated"].to_dict() == pts["dominated"].to_dict()
    fig = plot_cost_effect(table, "leak", "final_trust")
    labelled(fig)
    labels = [c.get_label() for c in fig.axes[0].containers]
    assert "deny (dominated)" in labels and "rebut" in labels
    assert "no response (baseline; dominated)" in labels  # drawn open: says why (trial)
    frontier = [ln for ln in fig.axes[0].get_lines()
                if ln.get_label() == "efficient frontier"]
    assert len(frontier) == 1
    assert list(frontier[0].get_xdata()) == [0.0, 2000.0]
    assert "thousand CNY" in fig.axes[0].get_xlabel()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_envelope_title_stays_on_its_figure(timeseries: pd.DataFrame, lang: str) -> None:
    """Policy trial: "erator_abscond: runs started (per day), median and 10-90 % band over
    run", cut at both ends of a one-scenario figure."""
    title = ("operator_abscond: users who ran (per day), median and 10-90\u00a0% band over runs"
             if lang == "en" else "平台经营者卷款潜逃：挤兑人次（每天），各次运行的中位数"
             "与 10–90% 区间（按策略）")
    fig = plots.plot_envelopes(timeseries, ["runs"], ["leak"], title=title, lang=lang)
    fig.canvas.draw()
    box = fig._suptitle.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width
    assert fig.get_suptitle().replace("\n", " ").replace(" ", "") == title.replace(" ", "")
    # never broken inside the band's figures (trial: "10–9 / 0% 区间", "10-90 / % band")
    full = plots.plot_envelopes(timeseries, ["runs"], ["leak"], lang=lang,
                                title=("a" * 50 + " " if lang == "en" else "甲" * 25) + title)
    assert any(("10-90\u00a0%" if lang == "en" else "10–90%") in line
               for line in full.get_suptitle().split("\n")), full.get_suptitle()


def test_points_at_one_cost_whose_bars_overlap_are_drawn_side_by_side() -> None:
    """Policy trial: at no extra cost deny_and_delay's marker and bar hid rapid_rebuttal's.
    Overlapping points at about one cost move apart by a step each; the rest stay."""
    from trustsim.viz.costplot import plot_cost_effect, side_by_side

    cost = np.array([0.0, 5.0, 0.0, 1000.0, 1010.0])
    low, high = np.array([-0.2, -0.25, 0.1, 0.0, 0.5]), np.array([-0.1, -0.15, 0.2, 0.1, 0.6])
    x = side_by_side(cost, low, high, 25.0)
    assert x[:2].tolist() == [0.0, 25.0]  # rightwards from the cheaper, a step apart
    assert x[2] == 0.0  # the same cost, apart in effect: where it is
    assert x[3:].tolist() == [1000.0, 1010.0]  # near in cost, apart in effect
    assert side_by_side(cost, low, high, 25.0, near=4.0)[:2].tolist() == [0.0, 5.0]
    # never moved more than the money that matters; the baseline stays put
    four = side_by_side(np.zeros(4), -np.ones(4), np.ones(4), 25.0, near=100.0, pinned=2)
    assert four[2] == 0.0 and sorted(four) == [0.0, 25.0, 50.0, 75.0]
    many = side_by_side(np.zeros(6), -np.ones(6), np.ones(6), 40.0, near=100.0, pinned=0)
    assert max(many) <= 100.0  # (the last ones stay, overlapping, rather than go far)
    # a chain of points each near the next keeps its costs (review: 360 drawn at 80)
    chain = side_by_side(np.array([0.0, 90.0, 180.0, 270.0, 360.0]), -np.ones(5),
                         np.ones(5), 60.0)
    assert chain.tolist() == [0.0, 90.0, 180.0, 270.0, 360.0]
    # one cheaper than the baseline stays cheaper (review: -80 drawn at +30)
    below = side_by_side(np.array([0.0, -20.0]), -np.ones(2), np.ones(2), 60.0, pinned=0)
    assert below.tolist() == [0.0, -60.0]
    # in the figure: two strategies at no extra cost with the same harm
    rows = []
    rng = np.random.default_rng(2)
    for rep in range(10):
        w = rng.normal(0.5, 0.1)
        for st, d, c in (("do_nothing", 0.0, 0.0), ("deny", -0.2, 0.0), ("rebut", -0.2, 0.0),
                         ("rebuild", 0.1, 2000.0)):
            rows.append({"scenario": "s", "strategy": st, "design_point": 0,
                         "replication": rep, "seed": rep,
                         "final_trust": w + d + rng.normal(0, 0.01), "platform_spending": c})
    fig = plot_cost_effect(compare(pd.DataFrame(rows), n_boot=100), "s", "final_trust")
    xs = {c.get_label().split(" (")[0]: c.lines[0].get_xdata()[0] for c in fig.axes[0].containers}
    assert xs["deny"] != xs["rebut"] and abs(xs["deny"] - xs["rebut"]) == pytest.approx(50.0)
    assert min(xs["deny"], xs["rebut"]) == 0.0  # (never left of the cheaper's cost)
    assert xs["no response"] == 0.0 and xs["rebuild"] == 2000.0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_cost_axis_label_stays_on_the_figure_beside_a_wide_legend(
        table: pd.DataFrame, lang: str) -> None:
    """Policy trial: beside a legend of long names the cost axis read "st vs do_nothing
    (thousand CNY..." (its start off the figure)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from trustsim.viz.costplot import plot_cost_effect

    long = {"disclose": "disclose_within_a_day_truthfully_and_in_full_detail",
            "rebut": "rebut_the_rumour_with_evidence_through_official_channels",
            "deny": "deny_the_problem_and_delay_any_statement_for_ten_days"}
    wide = table.assign(strategy=table["strategy"].replace(long))
    fig = plot_cost_effect(wide, "leak", "final_trust", lang=lang)
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    box = fig.axes[0].xaxis.label.get_window_extent(fig.canvas.get_renderer())
    assert 0 <= box.x0 and box.x1 <= fig.bbox.width, (box, fig.bbox)


def test_costs_less_than_the_money_that_matters_apart_do_not_decide_dominance() -> None:
    """Every strategy pays for the regulator's inspections, a few thousand CNY more or less:
    a worse strategy 0.07 thousand CNY cheaper than the baseline is dominated (it was on the
    frontier for those 70 CNY), and one cheaper by the money that matters is not. Both
    sides of the line, and the plain rule without a tolerance."""
    from trustsim.outcomes import COST_MATTERS
    from trustsim.pareto import dominated, frontier

    effect = np.array([0.0, -0.15, -0.14, 0.05])
    cost = np.array([0.0, -0.07, -0.06, 2000.0])
    assert dominated(effect, cost, COST_MATTERS).tolist() == [False, True, True, False]
    assert frontier(effect, cost, COST_MATTERS).tolist() == [0, 3]
    assert dominated(effect, cost).tolist() == [False] * 4  # exact costs: none is
    # cheaper than the baseline by what matters: a cheaper option, not dominated by it
    far = dominated(np.array([0.0, -0.15, 0.05]), np.array([0.0, -COST_MATTERS, 2000.0]),
                    COST_MATTERS)
    assert far.tolist() == [False, False, False]
    # equal effects: exactly what matters cheaper dominates, a little less does not
    assert dominated(np.array([0.1, 0.1]), np.array([COST_MATTERS, 0.0]),
                     COST_MATTERS).tolist() == [True, False]
    assert dominated(np.array([0.1, 0.1]), np.array([COST_MATTERS - 0.1, 0.0]),
                     COST_MATTERS).tolist() == [False, False]
    # as cheap does not chain: 0, 60 and 120 each within what matters of the next, but
    # not 0 and 120, so the cheapest stays on the frontier
    e, c = np.array([0.0, 0.01, 0.02]), np.array([0.0, 60.0, 120.0])
    assert dominated(e, c, COST_MATTERS).tolist() == [False, True, False]
    assert frontier(e, c, COST_MATTERS).tolist() == [0, 2]
    # The baseline wins ties (policy trial: an unclear strategy 3 thousand CNY cheaper than
    # doing nothing was drawn undominated, the chart's apparent winner): at its effect and
    # within what matters of its cost, dominated; cheaper by what matters, or better, not.
    e = np.array([0.0, 0.0, 0.0, 0.0, 0.05])
    c = np.array([0.0, -3.0, 40.0, -COST_MATTERS, 500.0])
    assert dominated(e, c, COST_MATTERS).tolist() == [True, False, True, False, False]
    assert dominated(e, c, COST_MATTERS, prefer=0).tolist() == [True, True, True, False,
                                                                False]
    assert frontier(e, c, COST_MATTERS, prefer=0).tolist() == [3, 4]
    # a tie is decided first: it outdoes nothing (review: the 50-cheaper tie marked the
    # 120-cheaper worse option dominated, and was then itself marked dominated)
    assert dominated(np.array([0.0, 0.0, -0.1]), np.array([0.0, -50.0, -120.0]), 100.0,
                     prefer=0).tolist() == [False, True, False]
    # the plain rule: an equal option at the same cost is dominated by the baseline only
    assert dominated(np.zeros(2), np.zeros(2)).tolist() == [False, False]
    assert dominated(np.zeros(2), np.zeros(2), prefer=0).tolist() == [False, True]


def test_chinese_labels_render_with_a_cjk_font(timeseries: pd.DataFrame,
                                               table: pd.DataFrame, tmp_path) -> None:
    if plots.cjk_font() is None:
        pytest.fail("no CJK font: `make test` installs fonts-wqy-microhei")
    from matplotlib import font_manager

    from trustsim.viz.costplot import plot_cost_effect

    zh = plot_cost_effect(table, "leak", "final_trust", lang="zh").axes[0]
    assert "万元" in zh.get_xlabel()
    # drawn in thousand CNY, labelled in 万元: each tick a tenth of the English one
    en = plot_cost_effect(table, "leak", "final_trust").axes[0]
    for fig_ax in (en, zh):
        fig_ax.figure.canvas.draw()
    ticks = [(float(a.get_text().replace(",", "").replace("\u2212", "-") or "nan"),
              float(b.get_text().replace(",", "").replace("\u2212", "-") or "nan"))
             for a, b in zip(en.get_xticklabels(), zh.get_xticklabels(), strict=True)]
    assert ticks and all(b == pytest.approx(a / 10) for a, b in ticks if a == a), ticks
    fig = plots.plot_forest(table.replace({"strategy": {"disclose": "full_rebuild"}}),
                            "final_trust", lang="zh")
    assert "全面补救与信任重建" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "配对差值" in fig.axes[-1].get_xlabel()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the fonts warns
        fig.savefig(tmp_path / "zh.png")
    path = font_manager.findfont(fig.axes[-1].xaxis.label.get_fontproperties())
    assert "wqy" in path.lower() or "cjk" in path.lower()


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
    envelopes = {f"envelope_{m}_{sc}" for m in ("mean_trust", "aum", "runs")
                 for sc in ("leak", "rumour")}
    assert set(figs) == envelopes | {"cost_leak", "cost_rumour", "forest_final_trust",
                                     "heatmap_final_trust", "forest_trust_lost",
                                     "heatmap_trust_lost"}
    for fig in figs.values():
        labelled(fig)


def test_the_trust_panel_draws_the_headline_trust_not_the_survivors(timeseries: pd.DataFrame,
                                                                     table: pd.DataFrame):
    """Where the results kept the headline trust (every user who held money at the start,
    failed platforms included), the trust figures draw it: the survivors' mean can rise
    while a collapse wipes out the rest (p2p_collapse, do_nothing: survivors 0.60 at the
    end, headline 0.41). Results without it fall back on the survivors' mean."""

    class Res:
        name = "synthetic"

    res = Res()
    res.timeseries = timeseries.assign(holder_trust=timeseries["mean_trust"] - 0.2)
    figs = plots.comparison_figures(res, table)
    trust = sorted(k for k in figs if k.startswith("envelope_") and "trust" in k)
    assert trust == ["envelope_holder_trust_leak", "envelope_holder_trust_rumour"]
    line = figs["envelope_holder_trust_leak"].axes[0].lines[0]
    assert np.nanmax(line.get_ydata()) < 0.45  # the headline's values, not the survivors'
    assert figs["envelope_holder_trust_leak"].get_supylabel() == "headline trust (0-1)"
    res.timeseries = timeseries
    assert "envelope_mean_trust_leak" in plots.comparison_figures(res, table)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_a_small_decided_effect_is_not_left_white_beside_a_large_one(sign: float) -> None:
    """Interventions' heat map of total losses: a -11,124 cell stretched the linear scale
    so far that the recommended -380 ("better") looked as white as the grey cells (policy
    trial). Effects more than ten times apart get a symmetric log scale, with its decades
    on the colour bar; close effects keep the linear one. Both directions."""
    rng = np.random.default_rng(3)
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        world = rng.normal(20_000, 300)
        rows += [{**base, "strategy": "do_nothing", "user_losses": world},
                 {**base, "strategy": "big", "user_losses": world - sign * 11_124
                  + rng.normal(0, 30)},
                 {**base, "strategy": "small", "user_losses": world - sign * 380
                  + rng.normal(0, 30)}]
    tab = compare(pd.DataFrame(rows), n_boot=200)
    assert set(tab.loc[~tab.is_baseline, "verdict"]) == {"better" if sign > 0 else "worse"}
    fig = plots.plot_heatmap(tab, "user_losses")
    cols = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    im = fig.axes[0].get_images()[-1]
    away = abs(float(im.norm(im.get_array()[0, cols.index("small")])) - 0.5)
    assert away > 0.15  # a visible colour (on the linear scale: 0.017)
    ticks = [t.get_text() for t in fig.axes[-1].get_yticklabels()]
    assert "1,000" in ticks and "0" in ticks
    assert not fig.axes[-1].yaxis.get_minorticklocs().size  # (a smudge of them at 0)
    close = plots.plot_heatmap(tab[tab["strategy"] != "big"], "user_losses")
    assert type(close.axes[0].get_images()[-1].norm).__name__ == "Normalize"


def test_money_axes_write_thousands_as_the_tables_do() -> None:
    """"-12000" on a chart beside "-11,124" in its table (language review): axes reaching a
    thousand write "−12,000"; smaller ones keep matplotlib's labels (trust: "0.02")."""
    rng = np.random.default_rng(4)
    rows = []
    for rep in range(12):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        world = rng.normal(20_000, 300)
        rows += [{**base, "strategy": "do_nothing", "user_losses": world, "final_trust": 0.5},
                 {**base, "strategy": "strict", "user_losses": world - 11_124
                  + rng.normal(0, 30), "final_trust": 0.53 + rng.normal(0, 0.003)}]
    tab = compare(pd.DataFrame(rows), n_boot=200)
    money = plots.plot_forest(tab, "user_losses")
    money.canvas.draw()
    ticks = [t.get_text() for t in money.axes[-1].get_xticklabels()]
    assert any("," in t for t in ticks) and not any(t.lstrip("−-").isdigit()
                                                    and len(t.lstrip("−-")) > 3 for t in ticks)
    trust = plots.plot_forest(tab, "final_trust")
    trust.canvas.draw()
    assert not any("," in t.get_text() for t in trust.axes[-1].get_xticklabels())
    # the longer labels do not run into each other (cost figure: "10,00012,00014,000")
    boxes = sorted((t.get_window_extent() for t in money.axes[-1].get_xticklabels()
                    if t.get_text()), key=lambda b: b.x0)
    gaps = [(b.x0 - a.x1) / a.height for a, b in zip(boxes, boxes[1:], strict=False)]
    assert min(gaps) > 3, gaps  # (apart by more than a few characters, whatever the font)


def test_runs_are_drawn_summed_over_the_days_so_far() -> None:
    """Policy trial: the runs envelope's median sat at 0 under spiky runs, because each
    replication's run falls on another day. Drawn summed over days so far, the median
    shows the run's size; other metrics are drawn as they are."""
    rows = [{"scenario": "s", "strategy": "do_nothing", "design_point": 0, "replication": r,
             "time": t, "runs": 10.0 if t == r + 1 else 0.0, "aum": 100.0 + t}
            for r in range(3) for t in range(4)]
    fig = plots.plot_envelopes(pd.DataFrame(rows), ["runs", "aum"])
    runs, aum = (ax.get_lines()[0].get_ydata() for ax in fig.axes[:2])
    assert list(runs) == [0.0, 0.0, 10.0, 10.0]  # the daily median: 0 on every day
    assert list(aum) == [100.0, 101.0, 102.0, 103.0]
    assert fig.axes[0].get_ylabel() == "withdrawal runs so far (a user can run more than once)"
    zh = plots.plot_envelopes(pd.DataFrame(rows), ["runs"], lang="zh")
    assert zh.axes[0].get_ylabel() == "累计挤兑人次"


def test_figures_of_another_outcome_mark_what_the_decision_holds_back() -> None:
    """Policy trial: the heat map of trust lost marked † on a strategy the decision page
    never held back (better on trust lost, not on the headline) and not on the one it did.
    Every figure marks the decision's set, decided on the headline, whatever it shows."""
    from trustsim.money_outcomes import decision_held, held_back

    rng = np.random.default_rng(5)
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        w = rng.normal(0.5, 0.05)
        for st, trust, lost, wound in (("do_nothing", 0.0, 0.0, 0.0),
                                       ("loud", 0.10, rng.normal(0, 0.1), 300.0),
                                       ("quiet", 0.0, -0.10, 300.0)):
            rows.append({**base, "strategy": st, "final_trust": w + trust + 0.001 * rep,
                         "trust_lost": 0.3 + lost - 0.001 * rep,
                         "losses_if_wound_up": 1000.0 + wound + rng.normal(0, 5)})
    tab = compare(pd.DataFrame(rows), n_boot=300, headline="final_trust")
    assert held_back(tab, "s", "trust_lost") == {"quiet"}  # the candidates there ...
    assert decision_held(tab, "s", "trust_lost") == {"loud"}  # ... not the page's
    ax = plots.plot_heatmap(tab, "trust_lost").axes[0]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    marked = {cols[round(t.get_position()[0])] for t in ax.texts if "†" in t.get_text()}
    assert marked == {"loud"}
    names = [t.get_text() for t in plots.plot_forest(tab, "trust_lost").axes[0]
             .get_yticklabels()]
    assert [n.split(" (")[0] for n in names if "held back" in n] == ["loud"], names


def test_envelopes_mark_the_crisis_day_and_write_thousands(timeseries: pd.DataFrame,
                                                          table: pd.DataFrame) -> None:
    """Policy trial: no over-time figure marked the crisis, and English AUM axes read
    "150000". Each panel marks its scenario's scheduled crises (a dotted line, in the
    legend once); an axis reaching a thousand writes "1,000" in English too."""
    class Res:
        name = "synthetic"
        manifest = {"settings": {"scenarios": {"leak": {"crises": [{"type": "data_leak",
                                                                    "time": 3}]},
                                               "rumour": {"crises": []}}}}

    res = Res()
    res.timeseries = timeseries
    figs = plots.comparison_figures(res, table)
    fig = figs["envelope_aum_leak"]
    ax = [a for a in fig.axes if a.axison][0]
    marks = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    assert len(marks) == 1 and list(marks[0].get_xdata()) == [3, 3]
    assert [t.get_text() for t in fig.legends[0].get_texts()].count("scheduled crisis") == 1
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any("," in t for t in ticks), ticks
    quiet = [a for a in figs["envelope_aum_rumour"].axes if a.axison][0]
    assert not [ln for ln in quiet.get_lines() if ln.get_linestyle() == ":"]
