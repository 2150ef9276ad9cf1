"""Is a default on a cliff? Known answers on synthetic response curves: a steep start that
is a slope a fiftieth of the range apart, and a true cliff at the default."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from trustsim.experiments import default_cliff as dc
from trustsim.experiments import smoothness as sm
from trustsim.experiments.smoothness import Target

LEVER = "social_weight"  # default 0.05, range 0-1: inside the first tenth


def curve(scenario: str, seed: int, params, outcome: str) -> float:
    """A stand-in model whose 'scenario' names the response to the swept lever."""
    x = float(params[LEVER])
    if scenario == "log_start":  # most of the effect in the first tenth, but a slope
        return math.log1p(200.0 * x) / math.log(201.0) + 0.001 * seed
    if scenario == "cliff":  # a switch just above the default
        return (1.0 if x > 0.055 else 0.0) + 0.001 * seed
    if scenario == "cliff_down":  # the same switch, falling
        return (0.0 if x > 0.055 else 1.0) + 0.001 * seed
    if scenario == "linear":
        return x
    raise ValueError(scenario)


def judged(shape: str):
    targets = {LEVER: Target(shape, "final_trust", "test")}
    runs = sm.sweep_levers([LEVER], seeds=3, targets=targets, run_one=curve)
    report = sm.smoothness_report(runs, n_boot=0)
    local = dc.sweep_defaults(report, seeds=3, targets=targets, run_one=curve)
    return report.iloc[0], local, dc.default_report(local, report)


def test_a_steep_start_is_gradual_at_its_default_when_resolved_finer():
    coarse, local, rep = judged("log_start")
    assert coarse.default_jump_share > 0.5  # the tenth 0-0.1 holds 57 % of the effect
    r = rep.iloc[0]
    assert (r.low, r.high) == pytest.approx((0.0, 0.2))  # a fifth of the range, clipped
    assert sorted(local["value"].unique()) == pytest.approx(np.linspace(0.0, 0.2, 11))
    # 0.04 -> 0.06 holds the default: log(13/9)/log(201) of the whole effect.
    assert r.local_share == pytest.approx(math.log(13 / 9) / math.log(201), rel=1e-6)
    assert r.verdict == "gradual"
    assert r.coarse_share == pytest.approx(coarse.default_jump_share)


@pytest.mark.parametrize("shape", ["cliff", "cliff_down"])
def test_a_true_cliff_at_the_default_stays_a_cliff(shape):
    coarse, _, rep = judged(shape)
    assert coarse.default_jump_share == pytest.approx(1.0)
    r = rep.iloc[0]
    assert r.local_share == pytest.approx(1.0) and r.verdict == "on a cliff"


def test_a_smooth_lever_is_not_swept_again():
    coarse, local, rep = judged("linear")
    assert coarse.default_jump_share == pytest.approx(0.1)
    assert local.empty and rep.empty


@pytest.mark.parametrize(("default", "window"), [(0.5, (0.4, 0.6)), (0.05, (0.0, 0.2)),
                                                 (1.0, (0.8, 1.0)), (0.0, (0.0, 0.2))])
def test_the_window_is_a_fifth_of_the_range_centred_and_kept_inside(default, window):
    assert dc.local_window(default, 0.0, 1.0) == pytest.approx(window)


def test_a_default_outside_the_range_is_refused():
    with pytest.raises(ValueError, match="not inside the range"):
        dc.local_window(2.0, 0.0, 1.0)


def test_a_lever_judged_noise_is_not_swept_again():
    # Its steps are the seeds' noise: a finer grid would only resolve that noise finer.
    coarse, _, _ = judged("cliff")
    noisy = pd.DataFrame([{**coarse.to_dict(), "verdict": "noise"}])
    assert len(dc.suspects(pd.DataFrame([coarse.to_dict()]))) == 1
    assert dc.suspects(noisy).empty
    assert list(dc.skipped_as_noise(noisy)["lever"]) == [LEVER]
    assert dc.skipped_as_noise(pd.DataFrame([coarse.to_dict()])).empty
