"""Is a knife-edge a switch? Known answers on synthetic response curves: a response over
orders of magnitude that is smooth on a log axis, a switch that stays one, the channel-off
step reported apart, the first tenth looked at finer for a parameter that is no rate, and
a knife-edge further in looked at across its largest step (a switch, or a steep line)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from trustsim.experiments import smoothness as sm
from trustsim.experiments import steep_start as ss
from trustsim.experiments.lever_targets import LOG_SCALE, TARGETS
from trustsim.experiments.smoothness import Target

RATE = "social_weight"     # a weight of daily influence: log axis, range 0-1
SHARE = "invest_share"     # a share: its first tenth, a hundredth of the range apart


def curve(scenario: str, seed: int, params, outcome: str) -> float:
    """A stand-in model whose 'scenario' names the response to the swept lever."""
    x = float(next(v for k, v in params.items() if k != "n_users"))
    noise = 0.001 * seed
    if scenario == "log_decline":  # falls evenly per decade from 0.001 to 1, flat below
        return -math.log10(max(x, 1e-3)) / 3.0 + noise
    if scenario == "log_rise":  # the same, rising
        return math.log10(max(x, 1e-3)) / 3.0 + noise
    if scenario == "switch":  # anything above zero does the same
        return (0.0 if x > 0 else 1.0) + noise
    if scenario == "switch_up":
        return (1.0 if x > 0 else 0.0) + noise
    if scenario == "late_switch":  # a switch between 0.2 and 0.3 on a log axis
        return (0.0 if x > 0.25 else 1.0) + noise
    if scenario == "early_switch":  # a switch between 0.1 and 0.2 (the second tenth)
        return (0.0 if x > 0.15 else 1.0) + noise
    if scenario == "saturating":  # half of it by 0.12, as a rate's effect saturates
        return 1.0 / (1.0 + (0.12 / x) ** 2.5) + noise if x > 0 else noise
    if scenario == "lumps":  # each seed steps at its own point: 0.25, 0.27, 0.29, ...
        return 1.0 if x > 0.25 + 0.02 * seed else 0.0
    if scenario == "mid_line":  # all of it, straight, between 0.5 and 0.6
        return min(max(x - 0.5, 0.0), 0.1) * 10.0 + noise
    if scenario == "steep_line":  # steep but straight within its first tenth
        return min(x, 0.1) * 10.0 + noise
    if scenario == "tiny":  # moves less than final_trust's smallest effect that matters
        return 0.001 * x + noise
    if scenario == "off_then_log":  # off does half of it, then even per decade above 0.01
        return (1.5 if x == 0 else 0.5 - math.log10(max(x, 0.01)) / 4.0) + noise
    if scenario == "tiny_switch":  # a switch at zero smaller than what matters (0.02)
        return (0.0 if x > 0 else 0.01) + 0.001 * x + noise
    if scenario == "fails_at_zero":
        if x == 0:
            raise RuntimeError("boom")
        return -math.log10(x) / 2.0 + noise
    if scenario == "int_steep":  # response_delay (days): most of it in the first days
        return math.exp(-x / 2.0) + noise
    raise ValueError(scenario)


def closer(lever: str, shape: str, seeds: int = 3) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """The coarse row, the closer runs and the closer verdict of one synthetic lever."""
    targets = {lever: Target(shape, "final_trust", "test")}
    runs = sm.sweep_levers([lever], seeds=seeds, targets=targets, run_one=curve)
    report = sm.smoothness_report(runs, n_boot=0)
    near = ss.sweep_steep_starts(report, seeds=seeds, targets=targets, run_one=curve)
    rep = ss.steep_report(near, report)
    return report.iloc[0], near, (rep.iloc[0] if len(rep) else None)


@pytest.mark.parametrize("shape", ["log_decline", "log_rise"])
def test_a_response_over_decades_is_smooth_on_a_log_axis(shape):
    coarse, near, r = closer(RATE, shape)
    assert coarse.verdict == "knife-edge" and coarse.jump_where == "start"
    assert sorted(near["value"].unique()) == pytest.approx(
        [0.0, *np.geomspace(0.01, 1.0, 11)])
    assert r.scale == "log" and (r.low, r.high) == pytest.approx((0.01, 1.0))
    # two decades, ten equal ratio steps: each a tenth of what they do
    assert r.jump_share == pytest.approx(0.1, abs=1e-6) and r.verdict == "smooth closer"
    # off (0, floored at 0.001) to 0.01 is one decade of the three the values with 0 span
    assert r.off_share == pytest.approx(1 / 3, abs=1e-6)
    assert r.coarse_share == pytest.approx(coarse.jump_share)


@pytest.mark.parametrize("shape", ["switch", "switch_up"])
def test_a_switch_stays_a_switch(shape):
    """Anything above zero does the same: no step among the closer values, all of it off."""
    coarse, _, r = closer(RATE, shape)
    assert coarse.jump_share == pytest.approx(1.0)
    assert r.verdict == "a switch at zero" and r.off_share == pytest.approx(1.0)


def test_a_switch_inside_the_log_axis_is_a_switch():
    coarse, _, r = closer(RATE, "early_switch")
    # 0.1 to 0.2: not a steep start, but a rate's knife-edge in its first two tenths is
    # looked at on its log axis (finer there than the tenths), and the switch is found
    assert coarse.jump_where == "interior"
    assert r.scale == "log" and r.verdict == "a switch" and r.coarse_where == "interior"
    assert r.jump_share == pytest.approx(1.0)


@pytest.mark.parametrize("lever", [RATE, SHARE])
def test_a_switch_further_in_is_looked_at_across_its_step_and_stays_a_switch(lever):
    # 0.2 to 0.3: for a rate the log axis (0.25 to 0.40 one step) is coarser than the
    # tenths there, so any knife-edge this far in is looked at across its tenth instead
    coarse, near, r = closer(lever, "late_switch")
    assert coarse.verdict == "knife-edge" and coarse.jump_where == "interior"
    assert sorted(near["value"].unique()) == pytest.approx(np.linspace(0.2, 0.3, 11))
    assert r.scale == "largest step" and math.isnan(r.off_share)
    assert r.verdict == "a switch" and r.jump_share == pytest.approx(1.0)
    assert (r.jump_at, r.jump_to) == pytest.approx((0.25, 0.26))


def test_the_mean_over_seeds_tells_lumps_from_a_switch_of_the_world():
    """Each seed steps once, at its own point: the median of three steps where the middle
    seed does (all of it), the mean a third at each seed's step; a switch every seed makes
    at once steps in both."""
    _, _, lumps = closer(SHARE, "lumps")
    assert lumps.verdict == "a switch" and lumps.jump_share == pytest.approx(1.0)
    assert lumps.mean_jump_share == pytest.approx(1 / 3)
    _, _, switch = closer(SHARE, "late_switch")
    assert switch.mean_jump_share == pytest.approx(1.0)


@pytest.mark.parametrize("lever", [RATE, SHARE])
def test_a_steep_slope_further_in_is_smooth_across_its_step(lever):
    """All of it between 0.5 and 0.6 (the tenths' jump share 1), but straight there."""
    coarse, _, r = closer(lever, "mid_line")
    assert coarse.verdict == "knife-edge" and coarse.jump_share == pytest.approx(1.0)
    assert r.scale == "largest step" and (r.low, r.high) == pytest.approx((0.5, 0.6))
    assert r.jump_share == pytest.approx(0.1, abs=1e-6) and r.verdict == "smooth closer"


def test_a_rate_that_saturates_inside_its_range_is_smooth_on_its_log_axis():
    # 0.39 of it between 0.1 and 0.2 (a knife-edge inside the tenths), but no ratio step
    # of its log axis does more than 0.29 of what those values do
    coarse, _, r = closer(RATE, "saturating")
    assert coarse.verdict == "knife-edge" and coarse.jump_where == "interior"
    assert coarse.jump_share > 0.39
    assert r.scale == "log" and r.verdict == "smooth closer" and r.jump_share < 0.3


def test_a_parameter_that_is_no_rate_is_looked_at_within_its_first_tenth():
    coarse, near, r = closer(SHARE, "steep_line")
    assert coarse.jump_share == pytest.approx(1.0)  # all of it in the first tenth
    assert sorted(near["value"].unique()) == pytest.approx(np.linspace(0.0, 0.1, 11))
    assert r.scale == "first step" and math.isnan(r.off_share)
    assert r.jump_share == pytest.approx(0.1, abs=1e-6) and r.verdict == "smooth closer"
    _, _, s = closer(SHARE, "switch")
    assert s.verdict == "a switch" and s.jump_share == pytest.approx(1.0)


def test_a_big_step_from_zero_is_named_beside_a_smooth_log_axis():
    _, _, r = closer(RATE, "off_then_log")
    assert r.jump_share == pytest.approx(0.1, abs=1e-6)
    assert r.off_share == pytest.approx(0.5, abs=1e-6)  # 1.5 -> 1 of a swing of 1
    assert r.verdict == "smooth closer, a step from zero"


def test_a_switch_at_zero_smaller_than_what_matters_is_not_called_one():
    targets = {RATE: Target("tiny_switch", "final_trust", "test")}
    runs = sm.sweep_levers([RATE], seeds=3, targets=targets, run_one=curve)
    # made a steep start by hand: the coarse sweep itself calls it inert
    report = sm.smoothness_report(runs, n_boot=0).assign(verdict="knife-edge",
                                                         jump_where="start")
    rep = ss.steep_report(ss.sweep_steep_starts(report, seeds=3, targets=targets,
                                                run_one=curve), report)
    r = rep.iloc[0]
    assert r.off_share == pytest.approx(1.0, abs=0.01) and r.verdict == "inert closer"


def test_a_failed_run_makes_the_closer_verdict_an_error():
    targets = {RATE: Target("log_decline", "final_trust", "test")}
    runs = sm.sweep_levers([RATE], seeds=3, targets=targets, run_one=curve)
    report = sm.smoothness_report(runs, n_boot=0)
    # the closer runs are made on the report's scenario: here one whose runs at 0 fail
    near = ss.sweep_steep_starts(report.assign(scenario="fails_at_zero"), seeds=3,
                                 targets=targets, run_one=curve)
    assert (near["error"].fillna("") != "").sum() == 3  # the three runs at zero
    r = ss.steep_report(near, report).iloc[0]
    assert r.verdict == "error" and r.failed_runs == 3 and math.isnan(r.off_share)


def test_an_integer_parameter_is_looked_at_on_integers_or_not_at_all():
    scale, values = ss.closer_values("response_delay", 0.0, 30.0, first=3.0)
    assert scale == "first step" and values == [0.0, 1.0, 2.0, 3.0]
    # the swept runs get integers the model accepts
    targets = {"response_delay": Target("int_steep", "final_trust", "test", 0, 30)}
    runs = sm.sweep_levers(["response_delay"], seeds=2, targets=targets, run_one=curve)
    report = sm.smoothness_report(runs, n_boot=0)
    assert report.iloc[0].jump_where == "start" and report.iloc[0].verdict == "knife-edge"
    near = ss.sweep_steep_starts(report, seeds=2, targets=targets, run_one=curve)
    assert sorted(near["value"].unique()) == [0, 1, 2, 3]
    assert all(float(v).is_integer() for v in near["value"])
    # a first step of one integer leaves two values: nothing to look at closer
    assert ss.closer_values("rectification_days", 1.0, 10.0, first=2.0)[1] == [1.0, 2.0]
    short = report.assign(low=1.0, high=10.0, jump_to=2.0, lever="rectification_days")
    assert ss.sweep_steep_starts(short, seeds=2, targets=targets, run_one=curve).empty


def test_the_first_tenth_is_the_coarse_sweeps_first_step():
    assert ss.closer_values(SHARE, 0.0, 1.0, first=0.2, points=3) == (
        "first step", [0.0, 0.1, 0.2])
    with pytest.raises(ValueError):
        ss.closer_values(SHARE, 0.0, 1.0, first=1.5)


def test_a_lever_without_a_steep_start_is_not_swept_again():
    targets = {RATE: Target("tiny", "final_trust", "test")}
    runs = sm.sweep_levers([RATE], seeds=2, targets=targets, run_one=curve)
    report = sm.smoothness_report(runs, n_boot=0)
    assert report.iloc[0].verdict == "inert"
    near = ss.sweep_steep_starts(report, seeds=2, targets=targets, run_one=curve)
    assert near.empty and ss.steep_report(near, report).empty


def test_closer_values_start_at_the_range_when_it_starts_above_two_decades_down():
    scale, values = ss.closer_values("redemption_cap", 5.0, 100.0, points=3)
    assert scale == "log" and values == pytest.approx([5.0, math.sqrt(500.0), 100.0])
    with pytest.raises(ValueError):
        ss.closer_values("redemption_cap", 1.0, 1.0)


def test_log_scale_names_swept_parameters_by_kind():
    assert set(LOG_SCALE) <= set(TARGETS)
    kinds = set(LOG_SCALE.values())
    assert len(kinds) == 3  # rates, weights, money: declared by kind, not one by one
    # shares, spreads and trust offsets are not on a log axis
    for name in ("invest_share", "withdraw_threshold_sd", "relationship_discount",
                 "confidence_bound", "literacy_sd"):
        assert name not in LOG_SCALE
