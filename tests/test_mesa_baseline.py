"""The per-agent Mesa baseline (benchmarks/mesa_baseline.py) implements the same user rules.

The baseline restates phases 5-6 in plain Python, one ``MesaUser`` agent at a time. With
its own draws (``random.Random``) it must agree with the compiled model statistically:
per-platform mean trust within 0.01 (the performance issue's bar), on the same seed. With
the engine's draws recomputed in Python it must agree to rounding: any rule restated
differently shows. Every agent steps once a day, the compiled user pass never runs, and
money is conserved.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import trustsim

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import mesa_baseline as mb  # noqa: E402

USERS, DAYS = 300, 30
TREND_TOL = 0.01  # own draws: |difference of per-platform mean trust|, any day
EXACT_TOL = 1e-9  # the engine's draws: the same numbers up to rounding


def _scenario(**params) -> trustsim.Scenario:
    """Two platforms; a rumour about the weaker one sets off runs on day 8."""
    return trustsim.Scenario(
        name="baseline_check", description="a rumour and runs, for the Mesa baseline",
        params={"n_users": USERS, "steps": DAYS, **params},
        platforms=[trustsim.PlatformSpec(name="Sound", reserve_ratio=0.4, risk_management=0.8),
                   trustsim.PlatformSpec(name="Shaky", reserve_ratio=0.05,
                                         risk_management=0.3)],
        crises=[{"type": "liquidity_rumour", "time": 8, "target": "Shaky", "severity": 0.9}])


def _trust(model: trustsim.TrustModel) -> np.ndarray:
    pt = model.platform_timeseries()
    return pt["trust"].to_numpy(np.float64).reshape(-1, len(model.platforms))


def _pair(model_class=mb.MesaBaselineModel, seed: int = 3, params=None, **kw):
    fast = trustsim.TrustModel(_scenario(**(params or {})), rng=seed).run()
    slow = model_class(_scenario(**(params or {})), rng=seed, **kw).run()
    return fast, slow


@pytest.fixture(scope="module")
def runs():
    return _pair()


def test_mean_trust_per_platform_agrees_with_the_compiled_model(runs):
    fast, slow = runs
    a, b = _trust(fast), _trust(slow)
    assert a.shape == b.shape == (DAYS + 1, 2)
    assert np.abs(a - b).max() < TREND_TOL
    # Not vacuous: the rumour moved trust in the weak platform and users ran.
    assert a[:, 1].min() < a[0, 1] - 0.03
    assert fast.timeseries()["runs"].sum() > 0 and slow.timeseries()["runs"].sum() > 0


def test_one_agent_per_user_each_stepped_once_a_day(runs):
    _, slow = runs
    agents = list(slow.people)
    assert len(agents) == USERS == len(slow.user_agents)
    assert sorted(a.index for a in agents) == list(range(USERS))
    assert all(type(a) is mb.MesaUser for a in agents)
    assert [a.steps for a in slow.user_agents] == [DAYS] * USERS
    assert len(slow.stepping_seconds) == DAYS
    # Agents hold plain Python state, neighbours as agents.
    a = slow.user_agents[0]
    assert type(a.trust) is list and all(type(t) is float for t in a.trust)
    assert a.neighbours and all(isinstance(nb, mb.MesaUser) for nb in a.neighbours)


def test_money_is_conserved(runs):
    _, slow = runs
    assert abs(slow.money_total() - slow.initial_money) < 1e-9 * slow.initial_money


def test_the_compiled_user_pass_never_runs(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the baseline called the compiled engine's user pass")

    model = mb.MesaBaselineModel(_scenario(), rng=3)
    monkeypatch.setattr(model.engine, "users_day", refuse)
    monkeypatch.setattr(model.engine, "begin_users", refuse)
    model.run(3)
    assert [a.steps for a in model.user_agents] == [3] * USERS


def test_with_the_engines_draws_every_number_is_the_same():
    fast, slow = _pair(draws="engine")
    np.testing.assert_allclose(_trust(slow), _trust(fast), rtol=0, atol=EXACT_TOL)
    for name in ("trust", "holdings", "queued", "cash", "ran", "run_day", "withdrawing", "active",
                 "grievance"):
        np.testing.assert_allclose(np.asarray(getattr(slow.population, name), float),
                                   np.asarray(getattr(fast.population, name), float),
                                   rtol=0, atol=EXACT_TOL, err_msg=name)
    complaints = fast.timeseries()["complaints"]
    assert complaints.sum() > 0  # not vacuous: users waiting for their money complained
    np.testing.assert_array_equal(slow.timeseries()["complaints"], complaints)


def test_good_words_and_neighbours_agree_in_both():
    """A leak of every user's data, met at once with a rebuilding statement and
    compensation while neighbours pull: good words are capped at each user's pre-incident
    trust to the end of the day, and the baseline restates that rule (review)."""
    def world():
        return trustsim.Scenario(
            name="words_check", description="a full leak, answered at once",
            params={"n_users": USERS, "steps": DAYS, "stance": "rebuild",
                    "response_delay": 0, "compensation_share": 0.8,
                    "compensation_days": 5, "social_weight": 0.3},
            platforms=[trustsim.PlatformSpec(name="Hit", security=0.4),
                       trustsim.PlatformSpec(name="Other", reserve_ratio=0.3)],
            crises=[{"type": "data_leak", "time": 5, "target": "Hit", "severity": 1.0,
                     "share": 1.0}])

    fast = trustsim.TrustModel(world(), rng=3).run()
    slow = mb.MesaBaselineModel(world(), rng=3, draws="engine").run()
    assert any(i.responded_at is not None for i in fast.incidents)  # words were said
    np.testing.assert_allclose(_trust(slow), _trust(fast), rtol=0, atol=EXACT_TOL)
    np.testing.assert_allclose(np.asarray(slow.population.trust, float),
                               fast.population.trust, rtol=0, atol=EXACT_TOL)


def test_users_quit_at_the_same_own_levels_in_both():
    # At the default leave_trust nobody quits in this world: raise it so that the rule
    # (each user's own quitting level, a fixed draw) decides who leaves.
    fast, slow = _pair(draws="engine", params={"leave_trust": 0.5})
    assert 0 < (~fast.population.active).sum() < USERS
    np.testing.assert_array_equal(slow.population.active, fast.population.active)
    np.testing.assert_allclose(_trust(slow), _trust(fast), rtol=0, atol=EXACT_TOL)


def test_trust_in_a_platform_that_is_gone_falls_alike_in_both():
    """A platform that absconds is bad evidence every day (trust_rules.GONE_EVIDENCE), for
    users who left too: the per-agent baseline restates it. Without it the two drifted
    apart by up to 0.5 of trust per user (review)."""
    def world():
        return trustsim.Scenario(
            name="gone_check", description="operators flee on day 10",
            params={"n_users": USERS, "steps": DAYS, "leave_loss_share": 0.2},
            platforms=[trustsim.PlatformSpec(name="Sound", reserve_ratio=0.4),
                       trustsim.PlatformSpec(name="Pool", pooled_fund=True, market_share=1.5)],
            crises=[{"type": "abscond", "time": 10, "target": "Pool", "severity": 1.0}])

    fast = trustsim.TrustModel(world(), rng=3).run()
    slow = mb.MesaBaselineModel(world(), rng=3, draws="engine").run()
    assert not fast.platforms[1].alive and not fast.population.active.all()
    assert fast.population.trust[:, 1].max() < 0.1  # not vacuous: the rule acted
    np.testing.assert_allclose(_trust(slow), _trust(fast), rtol=0, atol=EXACT_TOL)
    np.testing.assert_allclose(np.asarray(slow.population.trust, float),
                               fast.population.trust, rtol=0, atol=EXACT_TOL)


class _DeafUser(mb.MesaUser):
    """A rule restated wrongly: the user ignores news and stories."""

    def public_evidence(self, day):
        e, talk = super().public_evidence(day)
        return [day.regulator[p] for p in range(day.n_p)], talk


class _DeafModel(mb.MesaBaselineModel):
    agent_class = _DeafUser


def test_a_rule_restated_wrongly_is_caught():
    fast, slow = _pair(_DeafModel)
    assert np.abs(_trust(fast) - _trust(slow)).max() > TREND_TOL
    fast, slow = _pair(_DeafModel, draws="engine")
    assert np.abs(_trust(fast) - _trust(slow)).max() > 1e3 * EXACT_TOL
