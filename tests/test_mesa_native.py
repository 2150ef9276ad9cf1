"""What a Mesa user tries first works: agents, stepping one agent, removing one, the data
collector with per-platform rows, ``batch_run``, and the trustsim scenario on the model."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from mesa.batchrunner import batch_run

import trustsim
from trustsim.agents.platform import Platform
from trustsim.agents.user import User


def test_user_agents_are_made_on_first_use_and_then_kept(make_model):
    model = make_model()
    assert model._users is None  # building the model made no User objects
    users = model.agents_by_type[User]
    assert len(users) == model.p.n_users and model._users is not None
    assert sorted(u.index for u in users) == list(range(model.p.n_users))
    assert model.users[3] is model.users[3]
    assert len(model.agents) == model.p.n_users + len(model.platforms) + 4


class PerAgent(trustsim.TrustModel):
    """Phases 5-6 the Mesa way: every User agent steps, in random order."""

    def update_trust_and_act(self) -> None:
        with self.users_phase():
            self.agents_by_type[User].shuffle_do("step")


def test_stepping_every_user_per_agent_equals_the_compiled_pass(small_scenario):
    """``shuffle_do("step")`` inside the users phase gives the model's own numbers."""
    a = trustsim.TrustModel(small_scenario, rng=7).run(12)
    b = PerAgent(small_scenario, rng=7).run(12)
    assert np.array_equal(a.population.trust, b.population.trust)
    assert np.array_equal(a.population.holdings, b.population.holdings)
    assert a.timeseries().equals(b.timeseries())


def test_one_user_step_changes_only_that_user_and_keeps_the_books(make_model):
    model = make_model(rng=2)
    model.run(10)
    before = model.population.trust.copy()
    cash = model.population.cash.copy()
    u = model.users[5]
    model.population.shock[5, 0] = -1.0  # bad private news for this user only
    u.step()
    changed = np.flatnonzero((model.population.trust != before).any(axis=1))
    assert set(changed) <= {5} and u.trust[0] < before[5, 0]
    others = np.arange(model.p.n_users) != 5
    assert np.array_equal(model.population.cash[others], cash[others])
    assert abs(model.money_total() - model.initial_money) < 1e-6 * model.initial_money


def test_step_before_the_first_day_says_why(make_model):
    with pytest.raises(RuntimeError, match="step the model once first"):
        make_model().users[0].step()


def test_removed_user_leaves_the_simulation(make_model):
    model = make_model(rng=3)
    model.run(5)
    u = model.users[7]
    held = u.holdings.copy()
    assert held.sum() > 0
    u.remove()
    assert u not in model.agents and not model.population.active[7]
    assert np.allclose(u.queued, held)  # asks everything back, as a user leaving does
    trust = model.population.trust[7].copy()
    model.run(10)
    assert np.array_equal(model.population.trust[7], trust)  # no longer acts
    assert model.population.holdings[7].sum() < held.sum()  # being paid out
    with pytest.raises(RuntimeError, match="removed"):
        u.step()


def test_data_collector_has_a_row_per_platform_per_day(make_model):
    model = make_model(rng=1, steps=6).run()
    df = model.datacollector.get_agenttype_vars_dataframe(Platform)
    assert len(df) == 7 * len(model.platforms)
    pt = model.platform_timeseries()
    assert np.allclose(df["platform_trust"].to_numpy(), pt["trust"].to_numpy())
    assert list(df["platform"][:2]) == [p.name for p in model.platforms]


def test_user_snapshots_every_k_days(make_model):
    model = make_model(rng=1, steps=10, user_snapshot_every=5).run()
    df = model.datacollector.get_agenttype_vars_dataframe(User)
    steps = sorted(set(df.index.get_level_values("Step")))
    assert steps == [0.0, 5.0, 10.0] and len(df) == 3 * model.p.n_users
    last = df.xs(10.0, level="Step")["user_mean_trust"].to_numpy()
    assert np.allclose(np.sort(last), np.sort(model.population.trust.mean(axis=1)))


def test_batch_run_returns_per_platform_rows():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Mesa's own `iterations`
        rows = batch_run(trustsim.TrustModel,
                         parameters={"scenario": "data_leak", "n_users": 100, "steps": 4},
                         iterations=1, number_processes=1, display_progress=False,
                         data_collection_period=1)
    df = pd.DataFrame(rows)
    assert len(df) == 5 * 3  # days 0..4 x three platforms
    assert {"platform", "platform_trust", "platform_aum", "platform_status", "mean_trust",
            "aum"} <= set(df.columns)
    assert set(df["platform"]) == {"SafePay", "Steady Credit", "Blue Wealth"}
    # The model's columns are the model's: a platform's aum overwrote the model's in the
    # same row (Python API trial); the platforms' add up to it.
    day = df[df["Step"] == 4]
    assert day["aum"].nunique() == 1
    assert np.isclose(day["platform_aum"].sum(), day["aum"].iloc[0])


def test_the_trustsim_scenario_is_on_the_model():
    model = trustsim.TrustModel("data_leak", n_users=100, rng=1)
    assert model.trustsim_scenario.name == "data_leak"
    assert model.trustsim_scenario.crises[0]["type"] == "data_leak"


@pytest.mark.parametrize("column, value, words", [
    ("trust", float("nan"), "finite"), ("trust", 5.0, "from 0 to 1"),
    ("active", "no", "True or False"), ("cash", -1.0, "0 or more"), ("heard", 3, "0, 1 or 2"),
])
def test_assigning_an_agent_a_value_the_model_cannot_hold_is_refused(column, value, words):
    """Trust set to NaN made every trust series NaN, 5.0 and ``active = "no"`` (stored as
    True) were taken, and a platform's status "bogus" recorded (Python API trial)."""
    model = trustsim.TrustModel(n_users=50, rng=1)
    user = model.users[0]
    before = getattr(model.population, column)[0].copy()
    with pytest.raises(ValueError, match=words):
        setattr(user, column, value)
    assert np.array_equal(getattr(model.population, column)[0], before)
    user.trust = 0.3  # a value it can hold is written through
    assert (model.population.trust[0] == 0.3).all()
    with pytest.raises(ValueError, match="set_status"):
        model.platforms[0].status = "bogus"
    model.platforms[0].set_status("frozen", "a test")
    assert model.platforms[0].status == "frozen"


def test_no_agent_column_of_mesas_tools_takes_a_model_columns_name(make_model):
    """``batch_run`` puts the model's, a platform's and a user's values in one row and the
    agent's win: a user's losses under ``user_losses`` replaced the model's total (review;
    a platform's ``aum`` the model's before it)."""
    model = make_model(rng=1, steps=2, user_snapshot_every=1).run()
    for reporters in model.datacollector.agenttype_reporters.values():
        assert not set(reporters) & set(model.datacollector.model_vars)
    rows = pd.DataFrame(batch_run(trustsim.TrustModel, parameters={
        "n_users": 60, "steps": 2, "user_snapshot_every": 1}, rng=[1], max_steps=2,
        number_processes=1, display_progress=False))
    assert rows.groupby("Step")["user_losses"].nunique().max() == 1
