"""Reproducibility: one ``rng`` gives one run; named streams give common random numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import trustsim
from trustsim.rng import STREAM_NAMES, Streams

POPULATION_ARRAYS = ("trust", "holdings", "cash", "wealth0", "literacy", "risk_appetite",
                     "threshold", "herding", "media_susceptibility", "audience")


def _run(make_model, **kw) -> trustsim.TrustModel:
    return make_model(**kw).run()


def test_same_rng_gives_identical_outputs(make_model):
    a = _run(make_model, rng=7)
    b = _run(make_model, rng=7)
    pd.testing.assert_frame_equal(a.timeseries(), b.timeseries(), check_exact=True)
    pd.testing.assert_frame_equal(a.platform_timeseries(), b.platform_timeseries(),
                                  check_exact=True)
    assert a.summary() == pytest.approx(b.summary(), rel=0, abs=0, nan_ok=True)
    np.testing.assert_array_equal(a.population.trust, b.population.trust)
    np.testing.assert_array_equal(a.population.holdings, b.population.holdings)
    assert [e["text"] for e in a.events] == [e["text"] for e in b.events]


@pytest.mark.parametrize("make_rng", [
    lambda: np.random.SeedSequence(11),
    lambda: np.random.default_rng(11),
], ids=["SeedSequence", "Generator"])
def test_seed_sequence_and_generator_are_reproducible(make_model, make_rng):
    a = _run(make_model, rng=make_rng())
    b = _run(make_model, rng=make_rng())
    pd.testing.assert_frame_equal(a.timeseries(), b.timeseries(), check_exact=True)


def test_different_rng_gives_different_runs(make_model):
    a = _run(make_model, rng=1)
    b = _run(make_model, rng=2)
    assert not a.timeseries().equals(b.timeseries())
    assert not np.array_equal(a.population.trust, b.population.trust)
    assert not np.array_equal(a.graph.indices, b.graph.indices)


def test_named_streams_do_not_depend_on_order_of_use():
    fresh = Streams(2024)
    expected = fresh["users"].random(1000)
    busy = Streams(2024)
    for name in STREAM_NAMES:  # use every other stream first, some heavily
        if name != "users":
            busy[name].random(137)
    busy["network"].integers(0, 10, 5000)
    np.testing.assert_array_equal(busy["users"].random(1000), expected)
    # Streams are independent of each other and repeatable from the same seed.
    assert not np.array_equal(Streams(2024)["network"].random(1000), expected)
    np.testing.assert_array_equal(Streams(np.random.SeedSequence(2024))["users"].random(1000),
                                  expected)
    assert not np.array_equal(Streams(2025)["users"].random(1000), expected)


def test_keyed_draws_depend_only_on_their_key():
    a, b = Streams(77), Streams(77)
    b["users"].random(500)  # sequential use elsewhere does not move keyed draws
    for name, key in [("abscond", (12, 0)), ("discovery", (3, 5)), ("abscond", (12, 1))]:
        u = a.uniform(name, *key)
        assert 0.0 <= u < 1.0
        assert b.uniform(name, *key) == u
    assert a.uniform("abscond", 12, 0) != a.uniform("abscond", 12, 1)
    assert a.uniform("abscond", 12, 0) != a.uniform("discovery", 12, 0)
    assert Streams(78).uniform("abscond", 12, 0) != a.uniform("abscond", 12, 0)


def _assert_same_world(a: trustsim.TrustModel, b: trustsim.TrustModel) -> None:
    for name in POPULATION_ARRAYS:
        np.testing.assert_array_equal(getattr(a.population, name), getattr(b.population, name),
                                      err_msg=name)
    np.testing.assert_array_equal(a.graph.indptr, b.graph.indptr)
    np.testing.assert_array_equal(a.graph.indices, b.graph.indices)


@pytest.mark.parametrize("change", [
    {"guarantee_coverage": 1.0},
    {"stance": "rebuild", "response_delay": 1},
    {"compensation_share": 0.8, "brand_campaign": 0.5, "user_care": 0.5},
    {"inspection_rate": 0.05, "penalty_rate": 0.03},
], ids=["guarantee", "stance", "compensation", "supervision"])
def test_strategy_levers_keep_initial_world(make_model, change):
    """Common random numbers: a lever changes behaviour, never the drawn world."""
    base = make_model(rng=5)
    changed = make_model(rng=5, **change)
    _assert_same_world(base, changed)
    assert base.initial_money == changed.initial_money


def test_named_strategy_keeps_initial_world(make_model):
    base = make_model(rng=5)
    for name in ("full_rebuild", "protection_fund", "strict_supervision"):
        _assert_same_world(base, make_model(rng=5, strategy=name))


def test_response_lever_leaves_days_before_the_crisis_untouched(make_model):
    """A crisis-response lever changes nothing until there is a crisis to respond to.

    Endogenous hazards are switched off so the only incident is the scheduled one (day 8).
    """
    quiet = {"leak_hazard": 0.0, "outage_hazard": 0.0, "credit_hazard": 0.0,
             "inspection_rate": 0.0}
    a = _run(make_model, rng=3, stance="diminish", **quiet)
    b = _run(make_model, rng=3, stance="rebuild", response_delay=0, compensation_share=0.5,
             **quiet)
    crisis_day = a.crises[0].time
    ta, tb = a.timeseries(), b.timeseries()
    before = ta["time"] < crisis_day
    pd.testing.assert_frame_equal(ta[before], tb[before], check_exact=True)
    assert not ta.equals(tb)  # ... and it does change what follows


def test_guarantee_keeps_world_and_daily_draws_in_a_calm_run(make_model):
    """Guarantee coverage only enters run decisions and wind-ups: same world, same dice.

    In a short calm run no platform fails, so the guarantee never pays; the users' daily
    random numbers (counter-based: ``primitives.uniform`` of the run key and the day) are the
    same in both runs.
    """
    a = make_model(rng=9, scenario=None, n_users=200, steps=20)
    b = make_model(rng=9, scenario=None, n_users=200, steps=20, guarantee_coverage=1.0)
    _assert_same_world(a, b)
    a.run()
    b.run()
    assert a.timeseries()["failed"].iloc[-1] == 0 and b.timeseries()["failed"].iloc[-1] == 0
    assert a.regulator.protection_paid == b.regulator.protection_paid == 0.0
    assert a.actions_key == b.actions_key and a.draws == b.draws
