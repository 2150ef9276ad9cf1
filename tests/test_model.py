"""Contracts of :class:`trustsim.TrustModel`: step order, building, running, Mesa interop."""

from __future__ import annotations

import re

import mesa
import numpy as np
import pytest

import trustsim
from trustsim.agents.media import MediaOutlet
from trustsim.agents.platform import Platform
from trustsim.agents.regulator import Regulator
from trustsim.agents.user import User
from trustsim.metrics import MODEL_COLUMNS, SUMMARY_KEYS

PHASES = ("fire_crises", "operate_platforms", "communicate", "publish_news",
          "update_trust_and_act", "supervise", "record")


# ----------------------------------------------------------------------------- step order
def test_step_runs_the_eight_phases_in_documented_order(small_model):
    calls: list[str] = []
    for name in PHASES:
        original = getattr(small_model, name)

        def wrapped(*args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        setattr(small_model, name, wrapped)  # instance attribute shadows the method
    small_model.step()
    assert calls == list(PHASES)
    calls.clear()
    small_model.step()
    small_model.step()
    assert calls == list(PHASES) * 2


def test_class_docstring_lists_the_phases_in_step_order():
    doc = trustsim.TrustModel.__doc__
    listed = re.findall(r"^\s*\d(?:-\d)?\.\s+``(\w+)``", doc, flags=re.MULTILINE)
    assert listed == list(PHASES)


# ----------------------------------------------------------------------------- building
def test_default_model_builds_and_runs_ten_steps():
    model = trustsim.TrustModel()
    assert model.p.n_users == 2000 and model.population.n == 2000
    assert len(model.platforms) == 4
    assert isinstance(model.regulator, Regulator)
    assert len(model.outlets) == 3
    types = model.agents_by_type
    assert len(types[User]) == 2000
    assert len(types[Platform]) == 4
    assert len(types[Regulator]) == 1
    assert len(types[MediaOutlet]) == 3
    assert len(model.agents) == 2000 + 4 + 1 + 3
    for _ in range(10):
        model.step()
    assert int(model.time) == 10
    ts = model.timeseries()
    assert len(ts) == 11
    assert list(ts.columns) == list(MODEL_COLUMNS)
    assert ts["time"].tolist() == list(range(11))


def test_run_returns_the_model_and_it_is_a_mesa_model():
    model = trustsim.TrustModel(rng=1)
    out = model.run()
    assert out is model
    assert isinstance(out, mesa.Model)
    assert int(model.time) == model.p.steps == 365
    assert model.running is False
    assert len(model.timeseries()) == model.p.steps + 1
    summary = model.summary()
    assert set(summary) == set(SUMMARY_KEYS)


def test_run_with_explicit_steps_continues(make_model):
    model = make_model()
    model.run(5)
    assert int(model.time) == 5
    model.run(3)
    assert int(model.time) == 8
    model.run()  # to the end of the scenario
    assert int(model.time) == model.p.steps


def test_unknown_parameter_is_an_error_naming_it():
    with pytest.raises(ValueError, match="n_userz") as info:
        trustsim.TrustModel(n_userz=100)
    assert "n_users" in str(info.value)  # suggests the close match


def test_bad_parameter_value_is_an_error():
    with pytest.raises(ValueError, match="network"):
        trustsim.TrustModel(n_users=50, network="ring")
    with pytest.raises(ValueError, match="reserve_ratio"):
        trustsim.TrustModel(n_users=50, reserve_ratio=1.5)


def test_crisis_on_unknown_platform_is_an_error():
    scenario = trustsim.Scenario(crises=[{"type": "data_leak", "time": 3, "target": "Nope"}])
    with pytest.raises(ValueError, match="Nope"):
        trustsim.TrustModel(scenario, n_users=50)


# ----------------------------------------------------------------------------- users
def test_user_attributes_are_views_of_the_population(small_model):
    pop = small_model.population
    user = next(iter(small_model.agents_by_type[User]))
    i = user.index
    assert np.shares_memory(user.trust, pop.trust)
    user.trust = 0.123
    assert np.all(pop.trust[i] == 0.123)
    user.trust[0] = 0.9
    assert pop.trust[i, 0] == 0.9
    pop.holdings[i, :] = 7.0
    assert np.all(user.holdings == 7.0)
    user.cash = 42.0
    assert pop.cash[i] == 42.0
    pop.literacy[i] = 0.01
    assert user.literacy == pytest.approx(0.01)
    # Other users are untouched.
    other = (i + 1) % pop.n
    assert not np.all(pop.trust[other] == 0.123)


def test_each_user_maps_to_its_own_row(small_model):
    indices = sorted(u.index for u in small_model.agents_by_type[User])
    assert indices == list(range(small_model.population.n))


# ----------------------------------------------------------------------------- Mesa
def test_mesa_batch_run():
    rows = mesa.batch_run(trustsim.TrustModel, parameters={"n_users": [200, 400]}, rng=[1, 2],
                          max_steps=30, number_processes=1, display_progress=False)
    assert len(rows) == 4 * 4  # a row per platform of each run (agent-type records)
    assert {(r["n_users"], r["rng"]) for r in rows} == {(200, 1), (200, 2), (400, 1), (400, 2)}
    assert {r["platform"] for r in rows} == {f"Platform {c}" for c in "ABCD"}
    for row in rows:
        assert 0.0 <= row["mean_trust"] <= 1.0
        assert row["Step"] == 30
        assert row["active_users"] + row["departed_users"] == row["n_users"]
    # A batch row is the same run as building the model by hand.
    row = next(r for r in rows if r["n_users"] == 200 and r["rng"] == 2)
    by_hand = trustsim.TrustModel(n_users=200, rng=2).run(30).timeseries().iloc[-1]
    assert row["mean_trust"] == by_hand["mean_trust"]


# ----------------------------------------------------------------------------- repr
def test_reprs_are_one_liners(small_model):
    small_model.run(3)
    text = repr(small_model)
    assert re.fullmatch(r"TrustModel\(t=3/30; users=200; platforms=2; crises=1; "
                        r"strategy=\w+\)", text), text
    objects = [small_model.platforms[0], small_model.regulator, small_model.outlets[0],
               small_model.users[0], small_model.graph, small_model.streams]
    for obj in objects:
        text = repr(obj)
        assert "\n" not in text and text.startswith(type(obj).__name__ + "("), text
        assert len(text) < 200


def test_repr_formats_thousands():
    model = trustsim.TrustModel(n_users=12_000, steps=5, rng=1, strategy="full_rebuild")
    assert repr(model) == ("TrustModel(t=0/5; users=12,000; platforms=4; crises=0; "
                           "strategy=full_rebuild)")


def test_mesa_scenario_handed_back_on_reset_builds_the_default_world():
    """SolaraViz's Reset passes Mesa's own Scenario object back as ``scenario=``."""
    from mesa.experimental.scenarios import Scenario as MesaScenario

    first = trustsim.TrustModel(n_users=120, rng=3)
    again = trustsim.TrustModel(scenario=MesaScenario(), n_users=120, rng=3)
    assert [p.name for p in again.platforms] == [p.name for p in first.platforms]
    again.run(5)
    first.run(5)
    assert again.timeseries().equals(first.timeseries())


@pytest.mark.parametrize("network", ["small_world", "scale_free", "random", "well_mixed"])
@pytest.mark.parametrize("engine", ["auto", "compiled"])
def test_two_users_run_on_every_network_and_engine(network, engine):
    # With two users some generators make a graph with no edges at all.
    # Five platforms: with engine="compiled" the kernels are compiled for the platform
    # count, and five is the count the other such tests use (one compile, not two).
    model = trustsim.TrustModel(rng=3, n_users=2, network=network, engine=engine, steps=5,
                                n_platforms=5, social_mode="bounded_confidence").run()
    assert int(model.time) == 5


def test_the_rules_read_parameters_changed_during_a_run():
    """The compiled rules' copy of the parameters is made once a run, and again after any
    assignment (a notebook or the dashboard may change a parameter between steps)."""
    from trustsim.params import record

    m = trustsim.TrustModel(n_users=200, rng=1)
    first = record(m.p, social=1)
    assert record(m.p, social=1) is first  # reused, not rebuilt every day
    m.p.learning_rate = 0.3
    assert record(m.p, social=1).learning_rate == 0.3
    copy = m.p.model_copy(update={"learning_rate": 0.05})
    assert record(copy, social=1).learning_rate == 0.05
    # A changed parameter changes what users do on the next days.
    a = trustsim.TrustModel("rumour_run", n_users=300, rng=2).run(40)
    b = trustsim.TrustModel("rumour_run", n_users=300, rng=2).run(20)
    b.p.negativity_bias = 6.0
    b.run(20)
    assert a.timeseries()["mean_trust"].iloc[-1] != b.timeseries()["mean_trust"].iloc[-1]


def test_row_offsets_widen_to_64_bits_when_the_contacts_outgrow_32(monkeypatch):
    """A graph's row offsets count contact entries, which outgrow 32 bits long before user
    numbers do (5 M users x 500 contacts = 2.5 billion): they were cast to 32 bits whenever
    the user count fitted, and would have wrapped around. Shown here with the limit lowered
    to 100: 50 users with about 6 contacts each have ~300 entries."""
    from trustsim import network

    def build():
        return network.build_graph("small_world", 50, 6, 0.1, np.random.default_rng(3))

    wide = build()
    assert wide.indptr.dtype == np.int32 and wide.indices.dtype == np.int32
    monkeypatch.setattr(network, "INT32_MAX", 100)
    narrow_limit = build()
    assert narrow_limit.indptr[-1] > 100
    assert narrow_limit.indptr.dtype == np.int64  # offsets past the limit: 64 bits
    assert narrow_limit.indices.dtype == np.int32  # user numbers (< 100) still fit in 32
    np.testing.assert_array_equal(narrow_limit.indptr, wide.indptr)
    np.testing.assert_array_equal(narrow_limit.indices, wide.indices)


@pytest.mark.parametrize("kind", ["small_world", "scale_free", "random"])
@pytest.mark.parametrize("limit", [None, 100])
def test_near_and_far_split_each_row_in_its_own_order(kind, limit, monkeypatch):
    """``Graph.near_and_far``: each sorted row's contacts within ``rows`` user numbers are
    ``indices[lo:hi]``; the far ones, the rest of the row in its order, are a list of their
    own (the pull sums the two apart); with the row offsets widened to 64 bits too
    (``limit``: ``network.INT32_MAX`` lowered)."""
    from trustsim import network

    if limit is not None:
        monkeypatch.setattr(network, "INT32_MAX", limit)
    g = network.build_graph(kind, 2_000, 10, 0.1, np.random.default_rng(5))
    assert g.indptr.dtype == (np.int64 if limit else np.int32)
    lo, hi, far_ptr, far_idx = g.near_and_far(64)
    assert lo.dtype == hi.dtype == far_ptr.dtype == g.indptr.dtype
    assert far_idx.dtype == g.indices.dtype
    for i in range(g.n):
        row = g.neighbours(i)
        near = np.abs(row.astype(np.int64) - i) <= 64
        np.testing.assert_array_equal(g.indices[lo[i]:hi[i]], row[near])
        np.testing.assert_array_equal(far_idx[far_ptr[i]:far_ptr[i + 1]], row[~near])
    # A small world's rewired contacts are far; nearly all of a scale-free graph's are.
    share = len(far_idx) / len(g.indices)
    assert {"small_world": 0.05 < share < 0.2, "scale_free": share > 0.9,
            "random": share > 0.9}[kind], share
    assert g.near_and_far(64)[0] is lo  # made once


def test_near_and_far_of_graphs_without_contacts_or_sorted_rows():
    from trustsim import network

    rng = np.random.default_rng(0)
    assert network.build_graph("well_mixed", 10, 4, 0.1, rng).near_and_far(64) is None
    for n in (1, 2):
        g = network.build_graph("random", n, 0, 0.1, rng)
        lo, hi, far_ptr, far_idx = g.near_and_far(64)
        assert len(lo) == n and (lo == hi).all() and len(far_idx) == 0
        assert (far_ptr == 0).all()
    unsorted = network.Graph(3, "custom", (np.array([0, 2, 3, 4], dtype=np.int32),
                                           np.array([2, 1, 0, 0], dtype=np.int32)))
    with pytest.raises(ValueError, match="sorted"):
        unsorted.near_and_far(64)


@pytest.mark.parametrize("kw, error, words", [
    ({"seed": 11}, ValueError, "rng="), ({"rng": -5}, ValueError, "rng: must be a whole"),
    ({"rng": True}, TypeError, "not bool"),
])
def test_a_seed_given_the_wrong_way_says_how(kw, error, words):
    """``seed=11`` read "unknown key; allowed: 123 names", ``rng=-5`` gave numpy's message
    naming no argument and ``rng=True`` was taken as 1 (Python API trial)."""
    with pytest.raises(error, match=words):
        trustsim.TrustModel(n_users=50, **kw)
