"""Crisis types: each fires through Mesa's event list on its day and moves what it should.

Every effect is measured against the same seed without the crisis (paired runs: the model's
named random streams keep the draws of the two runs aligned until the crisis acts).
"""

from __future__ import annotations

import gc
from collections import Counter

import mesa
import numpy as np
import pytest

import trustsim
from trustsim import PlatformSpec, Scenario
from trustsim.crises import CRISES

T = 10  # the day the crisis fires in these tests
SEEDS = (0, 1, 2)
N_USERS = 400


def world(crises=(), *, steps: int = 50, pool: bool = False, target: dict | None = None,
          n_users: int = N_USERS, **params) -> Scenario:
    """Two platforms (``Target``, a middling one; ``Other``, a sound one), optionally a pool."""
    traits = {"reserve_ratio": 0.2, "risk_management": 0.6, "security": 0.6,
              "compliance": 0.7, "advertised_yield": 0.08, "true_yield": 0.07, **(target or {})}
    platforms = [
        PlatformSpec(name="Target", **traits),
        PlatformSpec(name="Other", reserve_ratio=0.3, risk_management=0.8, security=0.8,
                     compliance=0.9, advertised_yield=0.06, true_yield=0.06),
    ]
    if pool:
        platforms.append(PlatformSpec(name="Pool", kind="wealth", pooled_fund=True,
                                      compliance=0.3, advertised_yield=0.15, true_yield=0.1,
                                      loan_rate=0.16))
    return Scenario(name="crisis-test", platforms=platforms, crises=list(crises),
                    params={"n_users": n_users, "steps": steps, **params})


def pair(crisis: dict, seed: int, *, run: bool = True, **kwargs):
    """The model with ``crisis`` and the same seed's model without it."""
    with_ = trustsim.TrustModel(world([crisis], **kwargs), rng=seed)
    without = trustsim.TrustModel(world([], **kwargs), rng=seed)
    if run:
        with_.run()
        without.run()
    return with_, without


def series(model, platform: str, column: str):
    df = model.platform_timeseries()
    return df[df.platform == platform].set_index("time")[column]


def index_of(model, name: str) -> int:
    return next(p.index for p in model.platforms if p.name == name)


def step_days(models, days: int, record=None):
    """Step each model ``days`` times; ``record(model)`` is called after each step."""
    for _ in range(days):
        for m in models:
            m.step()
            if record is not None:
                record(m)


# One valid entry per registered type, aimed at the world above.
EXAMPLES: dict[str, dict] = {
    "default_wave": {"type": "default_wave", "target": "Target", "severity": 0.8,
                     "duration": 30},
    "macro_shock": {"type": "macro_shock", "target": "all", "severity": 0.8, "duration": 30},
    "liquidity_rumour": {"type": "liquidity_rumour", "target": "Target", "severity": 0.9},
    "abscond": {"type": "abscond", "target": "Pool", "severity": 1.0},
    "data_leak": {"type": "data_leak", "target": "Target", "severity": 0.8, "share": 0.5},
    "false_advertising_exposed": {"type": "false_advertising_exposed", "target": "Target",
                                  "severity": 0.8},
    "compliance_violation": {"type": "compliance_violation", "target": "Target",
                             "severity": 0.6},
    "regulatory_tightening": {"type": "regulatory_tightening", "target": "all",
                              "severity": 0.5, "raise_by": 0.3},
    "positive_news": {"type": "positive_news", "target": "Target", "severity": 0.8},
    "outage": {"type": "outage", "target": "Target", "severity": 0.5, "duration": 5},
    "default_spike": {"type": "default_spike", "target": "Target", "severity": 0.5,
                      "factor": 5.0},
    "leak_fraud": {"type": "leak_fraud", "target": "Target", "severity": 0.6,
                   "duration": 20, "rate": 0.05},
}


def crisis(kind: str, time: int = T, **extra) -> dict:
    return {**EXAMPLES[kind], "time": time, **extra}


def test_every_registered_crisis_type_has_an_example_here():
    assert set(EXAMPLES) == set(CRISES)
    for name, cls in CRISES.items():
        assert cls.type_name == name
        assert cls.description, f"{name} needs a description for `trustsim list crises`"


def test_every_incident_kind_is_declared_once_with_its_meaning():
    """Crisis types (and the platform's own mechanics) declare what their incidents mean;
    nothing else lists kinds (no side tables to keep in step)."""
    from trustsim.events import INCIDENT_KINDS, incident_kind

    declared = {k.name for cls in CRISES.values() for k in cls.incidents}
    assert declared | {"run", "failure", "abscond"} == set(INCIDENT_KINDS)
    assert incident_kind("false_advertising").integrity
    assert incident_kind("rumour").responsibility == "victim"
    assert incident_kind("data_leak").review_trait == "security"
    assert not incident_kind("failure").respond and incident_kind("run").confirmed
    with pytest.raises(ValueError, match="unknown incident kind 'meteor'"):
        incident_kind("meteor")


def test_opening_an_undeclared_incident_kind_is_an_error():
    model = trustsim.TrustModel(world([]), rng=1)
    with pytest.raises(ValueError, match="unknown incident kind 'typo_leak'.*data_leak"):
        model.open_incident("typo_leak", 0, severity=0.5)


def test_endogenous_hazards_are_crisis_types_and_strike_on_their_own():
    from trustsim.crises import hazard_types

    assert [c.type_name for c in hazard_types()] == ["data_leak", "outage", "default_spike"]
    model = trustsim.TrustModel(world([], steps=60), rng=4, leak_hazard=1.0,
                                outage_hazard=1.0, credit_hazard=1.0).run()
    kinds = {i.kind for i in model.incidents}
    assert {"data_leak", "outage", "default_spike"} <= kinds
    assert model.struck and all(type(c) in hazard_types() for c in model.struck)
    # A one-off ends at once; a lasting one is active until its end (Mesa event).
    assert all(not c.active for c in model.struck if c.duration == 0 or
               c.time + c.duration < model.time - 1)


def test_each_day_runs_only_while_a_crisis_is_active():
    calls: list[float] = []

    class Ticking(CRISES["macro_shock"]):
        def each_day(self, model) -> None:
            calls.append(float(model.time))

    c = Ticking(type="macro_shock", time=5, duration=4, target="all")
    model = trustsim.TrustModel(world([]), rng=1)
    model.crises.append(c)
    c.schedule(model)
    step_days([model], 15)
    assert calls == [6.0, 7.0, 8.0]  # the days after it fires, until it ends on day 9


# ----------------------------------------------------------------------------- firing
@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_crisis_is_scheduled_with_mesa_and_fires_on_its_day(kind, monkeypatch):
    scheduled: list[tuple[object, float]] = []
    original = mesa.Model.schedule_event

    def spy(self, function, *, at=None, after=None, **kw):
        scheduled.append((function, at))
        return original(self, function, at=at, after=after, **kw)

    monkeypatch.setattr(trustsim.TrustModel, "schedule_event", spy)
    model = trustsim.TrustModel(world([crisis(kind, time=7)], pool=True), rng=1)
    (c,) = model.crises
    assert type(c) is CRISES[kind]
    # Registered with Mesa between days 6 and 7 (so phase 1 of day 7 applies it).
    fires = [at for fn, at in scheduled if getattr(fn, "__self__", None) is c
             and fn.__name__ == "fire"]
    assert fires == [6.5]
    step_days([model], 6)
    assert not [e for e in model.events if e["kind"] == "crisis"]
    assert not c._fired
    model.step()
    events = [e for e in model.events if e["kind"] == "crisis"]
    assert len(events) == 1
    assert events[0]["time"] == 7.0
    assert events[0]["crisis"] == kind
    assert events[0]["severity"] == c.severity
    assert c._fired
    # It fires once.
    step_days([model], 5)
    assert len([e for e in model.events if e["kind"] == "crisis"]) == 1


def test_crises_fire_on_their_own_days_in_order():
    crises = [crisis("positive_news", time=12), crisis("outage", time=3),
              crisis("data_leak", time=8)]
    model = trustsim.TrustModel(world(crises, steps=15), rng=2).run()
    fired = [(e["time"], e["crisis"]) for e in model.events if e["kind"] == "crisis"]
    assert fired == [(3.0, "outage"), (8.0, "data_leak"), (12.0, "positive_news")]


def test_crisis_after_the_end_of_the_run_never_fires():
    model = trustsim.TrustModel(world([crisis("data_leak", time=40)], steps=20), rng=1).run()
    assert not [e for e in model.events if e["kind"] == "crisis"]


def test_crisis_fires_after_garbage_collection():
    """Mesa holds event callbacks weakly; the model must keep its crisis objects alive."""
    model = trustsim.TrustModel(world([crisis("data_leak", time=6)]), rng=3)
    assert len(model.crises) == 1 and model.crises[0]._model is model
    gc.collect()
    step_days([model], 6)
    gc.collect()
    assert [e["time"] for e in model.events if e["kind"] == "crisis"] == [6.0]
    assert model.population.exposed.any()


def test_crisis_with_duration_ends_after_garbage_collection():
    model = trustsim.TrustModel(world([crisis("macro_shock", time=3, duration=5)]), rng=3)
    gc.collect()
    step_days([model], 4)
    assert model.macro_multiplier > 1.0
    gc.collect()
    step_days([model], 5)
    assert model.macro_multiplier == pytest.approx(1.0)
    assert model.need_multiplier == pytest.approx(1.0)


# ----------------------------------------------------------------------------- effects
@pytest.mark.parametrize("seed", SEEDS)
def test_data_leak_lowers_trust_in_the_target_and_exposes_users(seed):
    a, b = pair(crisis("data_leak"), seed)
    j = index_of(a, "Target")
    # The leak is hidden at first; within days the platform or the media make it public.
    for t in (T + 8, T + 20):
        assert series(a, "Target", "trust")[t] < series(b, "Target", "trust")[t] - 0.02
    assert series(a, "Target", "trust")[T - 1] == series(b, "Target", "trust")[T - 1]
    leak = next(i for i in a.incidents if i.kind == "data_leak" and i.start == T)
    assert leak.is_public and leak.public_at <= T + 8
    exposed = a.population.exposed[:, j].sum()
    assert exposed > b.population.exposed[:, j].sum()
    # About `share` of the platform's holders are exposed, and only holders of the target.
    holders = int((a.population.holdings[:, j] > 0).sum())
    assert 0.3 * holders < exposed < 0.8 * holders + 10
    assert leak.platform == j


@pytest.mark.parametrize("seed", SEEDS)
def test_a_leak_exposes_the_same_users_whatever_leaked_before(seed):
    # Common random numbers: a leak's draws are keyed by (day, platform), so an earlier
    # leak on another platform does not change whom a later one exposes. Exposure is
    # "holds money there and draws below share": with the same draws, the two runs agree
    # on every user who holds the target in both (a sequential stream gave the second
    # leak other numbers once the first had taken its own).
    late = crisis("data_leak", time=T + 15, share=0.5)
    early = crisis("data_leak", target="Other", share=0.5)
    a = trustsim.TrustModel(world([early, late], steps=T + 16), rng=seed).run()
    b = trustsim.TrustModel(world([late], steps=T + 16), rng=seed).run()
    j = index_of(a, "Target")
    hit_a = next(i for i in a.incidents if i.kind == "data_leak" and i.platform == j)
    hit_b = next(i for i in b.incidents if i.kind == "data_leak" and i.platform == j)
    held = (a.population.holdings[:, j] > 0) & (b.population.holdings[:, j] > 0)
    ea = np.zeros(a.population.n, bool)
    eb = np.zeros(b.population.n, bool)
    ea[hit_a.affected] = True
    eb[hit_b.affected] = True
    assert ea.sum() > 20 and held.sum() > 100
    np.testing.assert_array_equal(ea & held, eb & held)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_report_gets_the_same_noise_whatever_else_is_reported_that_day(seed):
    # Media noise is keyed by the event reported: good news about another platform on the
    # same day leaves every outlet's report of the exposure as it was (in the order of the
    # day's list, the extra item took the first normal and moved every later one).
    exposure = crisis("false_advertising_exposed")
    extra = crisis("positive_news", target="Other")
    a = trustsim.TrustModel(world([extra, exposure], steps=T + 10), rng=seed).run()
    b = trustsim.TrustModel(world([exposure], steps=T + 10), rng=seed).run()
    j = index_of(a, "Target")

    def reports(m):
        return {(o.name, it.headline): it.sentiment for o in m.outlets for it in o.published
                if it.platform == j and it.time <= T + 2}
    ra, rb = reports(a), reports(b)
    assert len(rb) >= 2 and any(abs(v) < 1 for v in rb.values())  # not all clipped
    assert ra == rb


@pytest.mark.parametrize("seed", SEEDS)
def test_joint_enforcement_recovers_a_share_of_the_pool_in_proportion(seed):
    """Police recover ``joint_enforcement`` of what a wind-up would realise: the users'
    loss on the day the operators flee falls in a straight line from none recovered to
    all (no switch), and all recovered loses what a failure loses."""
    def loss_on_the_day(je):
        m = trustsim.TrustModel(world([crisis("abscond")], pool=True, joint_enforcement=je),
                                rng=seed)
        step_days([m], T - 1)
        before = float(m.population.losses.sum())
        m.step()
        assert m.platforms[index_of(m, "Pool")].status == "absconded"
        return float(m.population.losses.sum()) - before

    losses = [loss_on_the_day(je) for je in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert losses[0] > losses[-1] >= 0
    line = np.linspace(losses[0], losses[-1], 5)
    # Exactly linear in the payout; the protection fund, where it pays, is linear too.
    assert np.allclose(losses, line, rtol=1e-9, atol=1e-6)
    failed = trustsim.TrustModel(world([], pool=True), rng=seed)
    step_days([failed], T - 1)  # the crisis acts first thing on day T
    before = float(failed.population.losses.sum())
    failed.platforms[index_of(failed, "Pool")].fail("test")
    assert float(failed.population.losses.sum()) - before == pytest.approx(losses[-1],
                                                                           abs=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_abscond_wipes_the_pool(seed):
    a, b = pair(crisis("abscond"), seed, pool=True, joint_enforcement=0.0)
    j = index_of(a, "Pool")
    pool = a.platforms[j]
    assert pool.status == "absconded"
    assert pool.liquidity == 0.0 and pool.loans == 0.0
    assert (a.population.holdings[:, j] == 0).all()
    assert (a.population.queued[:, j] == 0).all()
    status = series(a, "Pool", "status")
    assert (status[T:] == "absconded").all() and (status[: T - 1] != "absconded").all()
    assert (series(a, "Pool", "liquidity")[T:] == 0).all()
    assert (series(a, "Pool", "loans")[T:] == 0).all()
    assert b.platforms[j].status != "absconded"
    assert (b.population.holdings[:, j] > 0).any()
    ts_a, ts_b = a.timeseries(), b.timeseries()
    assert ts_a["user_losses"][T] > ts_b["user_losses"][T]
    assert a.population.losses.sum() > b.population.losses.sum() + 0.5 * pool.initial_owed
    assert a.summary()["failed_platforms"] >= 1


@pytest.mark.parametrize("seed", SEEDS)
def test_default_wave_raises_defaults_on_the_target_only(seed):
    a, b = pair(crisis("default_wave"), seed, run=False)
    ja = index_of(a, "Target")
    step_days([a, b], T - 1)
    defaults = {id(a): np.zeros(len(a.platforms)), id(b): np.zeros(len(b.platforms))}

    def record(m):
        defaults[id(m)] += [p.defaults for p in m.platforms]

    step_days([a, b], 30, record)
    da, db = defaults[id(a)], defaults[id(b)]
    assert da[ja] > 2.0 * db[ja]
    target_a, target_b = a.platforms[ja], b.platforms[ja]
    assert target_a.liquidity + target_a.loans < target_b.liquidity + target_b.loans
    assert target_a.equity < target_b.equity


def test_default_wave_multiplier_lasts_its_duration():
    model = trustsim.TrustModel(world([crisis("default_wave", duration=20)]), rng=0)
    step_days([model], T)
    target, other = model.platforms
    assert target.credit_multiplier == pytest.approx(1.0 + 6.0 * 0.8)
    assert other.credit_multiplier == pytest.approx(1.0)
    step_days([model], 20)
    assert target.credit_multiplier == pytest.approx(1.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_macro_shock_raises_defaults_on_every_platform(seed):
    a, b = pair(crisis("macro_shock"), seed, run=False)
    step_days([a, b], T - 1)
    defaults = {id(a): np.zeros(2), id(b): np.zeros(2)}

    def record(m):
        defaults[id(m)] += [p.defaults for p in m.platforms]

    step_days([a, b], 20, record)
    assert a.macro_multiplier == pytest.approx(1.0 + 3.0 * 0.8)
    assert a.need_multiplier > 1.0
    assert (defaults[id(a)] > 1.5 * defaults[id(b)]).all()
    for pa, pb in zip(a.platforms, b.platforms, strict=True):
        assert pa.equity < pb.equity
    # Sector news: trust falls everywhere.
    for name in ("Target", "Other"):
        assert series(a, name, "trust")[T + 5] < series(b, name, "trust")[T + 5]


@pytest.mark.parametrize("seed", SEEDS)
def test_liquidity_rumour_lowers_trust_and_spreads(seed):
    a, b = pair(crisis("liquidity_rumour"), seed)
    j = index_of(a, "Target")
    assert series(a, "Target", "trust")[T + 3] < series(b, "Target", "trust")[T + 3] - 0.02
    reach = a.timeseries()["rumour_reach"]
    assert reach[T:].max() > 0.1
    assert reach[T:].max() > b.timeseries()["rumour_reach"][T:].max()
    # Word of mouth about the target: many users heard the story.
    assert (a.population.heard[:, j] != 0).mean() > 0.1
    rumours = [i for i in a.incidents if i.kind == "rumour"]
    assert rumours and not rumours[0].real


def test_grounded_rumour_really_ties_up_liquidity():
    a, b = pair(crisis("liquidity_rumour", grounded=True), 4, run=False)
    step_days([a, b], T)
    assert [i.kind for i in a.incidents if i.start == T] == ["liquidity_shortage"]
    # 90 % of the target's liquidity is tied up in the loan book (money is not destroyed).
    assert a.platforms[0].liquidity < 0.3 * b.platforms[0].liquidity
    assert a.platforms[0].loans > b.platforms[0].loans
    assert a.money_total() == pytest.approx(b.money_total(), rel=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_false_advertising_exposed_lowers_trust_and_ends_the_ads(seed):
    ads = {"advertised_yield": 0.15, "true_yield": 0.06}
    a, b = pair(crisis("false_advertising_exposed"), seed, target=ads)
    j = index_of(a, "Target")
    assert a.platforms[j].advertised_yield == a.platforms[j].true_yield == 0.06
    assert b.platforms[j].advertised_yield == 0.15
    for t in (T + 2, T + 10):
        assert series(a, "Target", "trust")[t] < series(b, "Target", "trust")[t] - 0.02
    incident = next(i for i in a.incidents if i.kind == "false_advertising")
    assert incident.is_public and incident.harm > 0 and len(incident.affected) > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_compliance_violation_orders_rectification_and_fines(seed):
    a, b = pair(crisis("compliance_violation"), seed, steps=T + 5)
    j = index_of(a, "Target")
    assert series(a, "Target", "status")[T] == "rectifying"
    assert a.platforms[j].status == "rectifying"
    assert a.platforms[j].rectify_until == T + a.p.rectification_days
    assert a.regulator.penalties > 0
    assert a.regulator.penalties > b.regulator.penalties
    assert a.regulator.violations_found == b.regulator.violations_found + 1
    assert a.platforms[j].compliance < a.regulator.standard
    assert series(a, "Target", "trust")[T + 3] < series(b, "Target", "trust")[T + 3]


@pytest.mark.parametrize("seed", SEEDS)
def test_regulatory_tightening_forces_laggards_to_rectify_or_exit(seed):
    # Standard 0.5 -> 0.8: Target (compliance 0.6) falls below it, Other (0.9) does not.
    tight = crisis("regulatory_tightening")
    a, b = pair(tight, seed, steps=T + 40, target={"compliance": 0.6}, detection_power=1.0)
    assert a.regulator.standard == pytest.approx(0.8)
    laggard = series(a, "Target", "status")
    assert laggard[T] == "rectifying"
    # Under the order it never simply goes back to business as usual.
    assert set(laggard[T:]) <= {"rectifying", "frozen", "failed"}
    assert (series(a, "Other", "status")[T:] == "operating").all()
    assert (series(b, "Target", "status") == "operating").all()
    assert a.regulator.violations_found > b.regulator.violations_found


@pytest.mark.parametrize("seed", SEEDS)
def test_after_tightening_the_laggard_rectifies_to_the_new_standard_or_is_closed(seed):
    # Users who do not run (low thresholds) keep the laggard liquid: at the deadline it
    # meets the new standard or is closed.
    sc = world([crisis("regulatory_tightening")], steps=T + 70, detection_power=1.0,
               target={"compliance": 0.6}, withdraw_threshold_mean=0.02)
    model = trustsim.TrustModel(sc, rng=seed).run()
    laggard = model.platforms[0]
    assert series(model, "Target", "status")[T] == "rectifying"
    assert laggard.status in ("operating", "failed")
    if laggard.status == "operating":
        assert laggard.compliance >= model.regulator.standard
    assert model.platforms[1].status == "operating"


@pytest.mark.parametrize("seed", SEEDS)
def test_positive_news_raises_trust(seed):
    a, b = pair(crisis("positive_news"), seed)
    for t in (T + 2, T + 10):
        assert series(a, "Target", "trust")[t] > series(b, "Target", "trust")[t] + 0.005


@pytest.mark.parametrize("seed", SEEDS)
def test_outage_blocks_withdrawals_for_its_duration(seed):
    # Plenty of cash needs, so withdrawals are requested every day.
    a, b = pair(crisis("outage", duration=5), seed, steps=T + 15, liquidity_need_rate=0.03)
    days = range(T, T + 5)
    paid_a = series(a, "Target", "withdrawals_paid")
    paid_b = series(b, "Target", "withdrawals_paid")
    assert all(paid_a[t] == 0.0 for t in days)
    assert sum(paid_b[t] for t in days) > 0
    # Payments resume the day the outage ends and clear the queue built up meanwhile.
    assert paid_a[T + 5] > paid_b[T + 5]
    assert paid_a[T - 1] > 0
    outages = [i for i in a.incidents if i.kind == "outage" and i.start == T]
    assert len(outages) == 1 and outages[0].is_public


def test_outage_state_during_and_after():
    model = trustsim.TrustModel(world([crisis("outage", duration=3)]), rng=5)
    step_days([model], T)
    target = model.platforms[0]
    assert not target.pays_out and not target.accepting
    step_days([model], 2)
    assert not target.pays_out
    model.step()
    assert target.pays_out


# ----------------------------------------------------------------------------- endogenous
def test_endogenous_incidents_happen_without_any_scheduled_crisis():
    weak = Scenario(
        name="weak-sector",
        platforms=[PlatformSpec(name=f"Weak {k}", risk_management=0.1, security=0.1,
                                compliance=0.3, reserve_ratio=0.3) for k in range(6)],
        params={"n_users": 300, "steps": 730},
    )
    kinds: Counter = Counter()
    for seed in (0, 1):
        model = trustsim.TrustModel(weak, rng=seed).run()
        assert model.crises == []
        assert not [e for e in model.events if e["kind"] == "crisis"]
        kinds.update(i.kind for i in model.incidents)
    for kind in ("data_leak", "outage", "default_spike", "compliance_violation"):
        assert kinds[kind] > 0, kinds


@pytest.mark.parametrize("seed", SEEDS)
def test_fraud_after_a_leak_costs_exposed_users_only(seed):
    """Fraudsters use leaked data: exposed users lose money over the following weeks,
    nobody else does, the money leaves the sector for good, and victims blame the platform."""
    leak = crisis("data_leak", share=0.5)
    fraud = {**crisis("leak_fraud", time=T + 5), "rate": 0.05, "duration": 20}
    a = trustsim.TrustModel(world([leak, fraud], steps=T + 40), rng=seed).run()
    b = trustsim.TrustModel(world([leak], steps=T + 40), rng=seed).run()
    j = index_of(a, "Target")
    exposed = a.population.exposed[:, j]
    assert np.array_equal(exposed, b.population.exposed[:, j])  # the same leak
    extra = a.population.losses - b.population.losses
    victims = extra > 1e-9
    assert victims.sum() > 0.2 * exposed.sum()  # 1 - 0.95^20 = 64 % of the exposed
    assert not (victims & ~exposed).any()
    assert a.summary()["user_losses"] > b.summary()["user_losses"]
    assert abs(a.money_total() - a.initial_money) < 1e-6 * a.initial_money
    inc = next(i for i in a.incidents if i.kind == "leak_fraud")
    assert inc.is_public and inc.harm > 0 and inc.meaning.review_trait == "security"
    # Victims trust the platform less than the same users without the fraud.
    assert a.population.trust[victims, j].mean() < b.population.trust[victims, j].mean()
    # Nothing happens before the fraud starts.
    assert series(a, "Target", "trust")[T + 4] == series(b, "Target", "trust")[T + 4]



def test_regulator_cooperation_is_the_chance_a_pool_is_unwound_not_a_switch():
    # A pooled fund under a rectification order: at the deadline its operators unwind the
    # pool with a chance equal to their cooperation (then the examiners judge the
    # rectification, below); otherwise the regulator closes the platform. No runs, no
    # absconding: only that decision.
    def unwound(cooperation: float) -> list[bool]:
        out = []
        for seed in range(12):
            sc = world([crisis("compliance_violation", target="Pool")], pool=True,
                       steps=T + 30, rectification_days=15, abscond_hazard=0.0,
                       withdraw_threshold_mean=0.02, regulator_cooperation=cooperation)
            pool = trustsim.TrustModel(sc, rng=seed).run().platforms[2]
            assert pool.status in ("operating", "failed"), pool.status
            if pool.pooled_fund:  # a pool kept is always closed; one unwound is then
                assert pool.status == "failed"  # judged as any rectification (below)
            out.append(not pool.pooled_fund)
        return out
    assert not any(unwound(0.0))
    assert all(unwound(1.0))
    assert 2 <= sum(unwound(0.5)) <= 10
    # an unwound pool is then judged as any rectification: at full cooperation it ends
    # well above the standard and nearly always stays open
    sc = world([crisis("compliance_violation", target="Pool")], pool=True, steps=T + 30,
               rectification_days=15, abscond_hazard=0.0, withdraw_threshold_mean=0.02,
               regulator_cooperation=1.0)
    kept = [trustsim.TrustModel(sc, rng=seed).run().platforms[2].status == "operating"
            for seed in range(12)]
    assert sum(kept) >= 10


def test_examiners_judge_a_rectification_with_an_error_not_a_fixed_line():
    # At a rectification's deadline the order is lifted when compliance plus the examiners'
    # error (sd REVIEW_ERROR, one keyed draw per platform and deadline) reaches the standard:
    # the share of platforms cleared rises smoothly with how far compliance is above the
    # standard, as the normal distribution says, instead of jumping from none to all at it.
    from statistics import NormalDist

    from trustsim.agents.regulator import REVIEW_ERROR

    def cleared(margin: float, seeds: int = 60) -> tuple[float, float]:
        out, expected = [], []
        for seed in range(seeds):
            m = trustsim.TrustModel(n_users=50, rng=seed)
            reg, plat = m.regulator, m.platforms[0]
            plat.set_status("rectifying", "test order")
            plat.order_open, plat.rectify_until = True, m.time
            plat.compliance = reg.standard + margin
            reg._follow_rectification(plat)  # the deadline's round: gain, then judgement
            out.append(plat.status == "operating")
            expected.append(NormalDist().cdf((plat.compliance - reg.standard) / REVIEW_ERROR))
        return float(np.mean(out)), float(np.mean(expected))

    shares = []
    for margin in (-0.15, -0.06, -0.03, 0.0, 0.03, 0.12):
        share, want = cleared(margin)
        assert abs(share - want) < 0.2, (margin, share, want)  # 60 draws: sd <= 0.065
        shares.append(share)
    assert shares[0] < 0.05 and shares[-1] > 0.95
    assert 0.05 < shares[2] < 0.95 and 0.05 < shares[3] < 0.95  # near the line: either way
    assert shares == sorted(shares)  # the same draws at every margin: never fewer cleared


def test_a_near_miss_at_the_deadline_gets_more_time_and_a_second_review():
    # Judged short by less than EXTENSION_REACH examiners' errors, a platform gets one more
    # half period and is judged again; judged further short, or short again, it is closed.
    # One review closed platforms that had met the standard (the 2018 wave, seeds 1-10: all
    # 9 closures were 0.076-0.092 above it); two reviews close few of them.
    from trustsim.agents.regulator import EXTENSION_REACH, REVIEW_ERROR

    def deadline(margin: float, seed: int, *, pooled: bool = False):
        m = trustsim.TrustModel(n_users=50, rng=seed, rectification_days=60,
                                regulator_cooperation=0.0)
        reg, plat = m.regulator, m.platforms[0]
        reg.order_rectification(plat)
        plat.pooled_fund = pooled
        plat.rectify_until = m.time
        plat.compliance = reg.standard + margin
        reg._follow_rectification(plat)
        return m, reg, plat

    extended = closed = 0
    for seed in range(200):
        m, reg, plat = deadline(0.08, seed)  # met the standard with room to spare
        if plat.extended:
            extended += 1
            assert plat.status == "rectifying" and plat.order_open and reg.closures == 0
            assert plat.rectify_until == m.time + 30 and reg.extensions == 1
            plat.compliance = reg.standard + 0.08
            plat.rectify_until = m.time  # the second review, on another day's draw
            m.time += 30
            reg._follow_rectification(plat)
            assert plat.extended and reg.extensions == 1  # never a second extension
        closed += plat.status == "failed"
    assert 2 <= extended <= 25  # about 5.5 % of 200 judged short by the error alone
    # one review closed every one of those (here 9); two close those short twice (here 2)
    assert closed <= 4 and closed < extended / 2
    far = [deadline(-0.2, seed)[2] for seed in range(40)]  # 4 errors short: closed at once
    assert sum(pl.status == "failed" for pl in far) >= 38
    assert not any(pl.extended for pl in far if pl.status == "failed")
    # an illegal pool not unwound gets no extension, however close the compliance
    pool = [deadline(0.0, seed, pooled=True)[2] for seed in range(10)]
    assert all(pl.status == "failed" and not pl.extended for pl in pool)
    # a new order starts without an extension used
    m, reg, plat = deadline(-0.5 * EXTENSION_REACH * REVIEW_ERROR, 0)
    plat.extended = True
    reg.order_rectification(plat)
    assert not plat.extended


def test_a_fully_compliant_platform_passes_and_rectifying_aims_above_the_error():
    # With the standard at its cap of 1 a platform cannot get above it: at full compliance
    # the examiners have no fault to find (the error alone closed half of them).
    for seed in range(40):
        m = trustsim.TrustModel(n_users=50, rng=seed)
        reg, plat = m.regulator, m.platforms[0]
        reg.standard = 1.0
        plat.set_status("rectifying", "test order")
        plat.order_open, plat.rectify_until = True, m.time
        plat.compliance = 1.0
        reg._follow_rectification(plat)
        assert plat.status == "operating", seed
    # A rectification run to its deadline at the default cooperation ends two examiners'
    # errors' buffer above the standard, nearly: 0.2 short at the start, 0.086 above at the
    # end (aiming 0.05 above, as before, it ended 0.039 above and failed a review in 22 %).
    from trustsim.agents.regulator import REVIEW_ERROR

    m = trustsim.TrustModel(n_users=50, rng=1)
    reg, plat = m.regulator, m.platforms[0]
    plat.compliance = reg.standard - 0.2
    plat.order_open, plat.rectify_until = True, m.time + m.p.rectification_days
    for _ in range(m.p.rectification_days - 1):  # the days before the deadline's round
        reg._follow_rectification(plat)
    margin = plat.compliance - reg.standard
    assert 1.6 * REVIEW_ERROR < margin < 2 * REVIEW_ERROR, margin


@pytest.mark.parametrize("checks", [True, False])
def test_an_inspection_closes_a_platform_that_cannot_pay_what_it_owes(checks):
    # An insolvent lender kept calm by crisis talk ran to the horizon taking new money
    # (p2p_collapse under full_rebuild: equity -17 % to -25 % of what it owed): inspections
    # looked at compliance only. With solvency_checks an inspection judges equity with an
    # error (SOLVENCY_ERROR) and closes a platform judged below -INSOLVENT_BY by two
    # independent valuations; a solvent one is left alone, one just under zero nearly
    # always; without the checks none is closed.
    from trustsim.agents.regulator import INSOLVENT_BY, SOLVENCY_ERROR

    def inspected(equity: float, seed: int):
        m = trustsim.TrustModel(n_users=60, rng=seed, solvency_checks=checks,
                                inspection_rate=0.0, detection_power=1.0)
        m.step()
        reg, plat = m.regulator, m.platforms[0]
        plat.compliance = 1.0  # nothing else to find
        owed = plat.owed
        plat.loans = max(owed * (1.0 + equity) - plat.liquidity, 0.0)
        # As if a run took 30 % of the book today: what it owed before the day's payouts
        # is not what it owes now (judged against it, a solvent bank paying a run was closed)
        plat.last_owed = 1.3 * owed
        reg.inspect_soon(plat)
        reg.supervise()
        return m, reg, plat

    deep = [inspected(-INSOLVENT_BY - 2 * SOLVENCY_ERROR, s) for s in range(20)]
    shallow = [inspected(-0.01, s) for s in range(40)]  # 0.8 errors above the line
    sound = [inspected(0.1, s) for s in range(20)]  # 3 errors above
    thin = [inspected(0.03, s) for s in range(200)]  # solvent, 1.6 errors above the line
    closed = [sum(pl.status == "failed" for _, _, pl in group)
              for group in (deep, shallow, sound, thin)]
    # one look closed 5.5 % of thin but solvent platforms (11 of 200 expected); two, 0.3 %
    assert closed[3] <= 3
    # closed when two independent valuations both fall below the line: deep, 96 % each;
    # just insolvent, 4.4 % each (1.8 of 40 expected; one look closed 21 %); sound, none
    if checks:
        assert closed[0] >= 17 and closed[1] <= 6 and closed[2] == 0
    else:
        assert closed == [0, 0, 0, 0]
    for m, reg, plat in deep:
        assert reg.inspections == 1
        assert reg.insolvent_closures == reg.closures == int(plat.status == "failed")
        if plat.status == "failed":  # wound up: its users hold nothing there; it is news
            assert any("cannot pay what it owes" in e["text"] for e in m.events
                       if e["kind"] == "status")
            assert m.population.holdings[:, 0].sum() == 0
            assert reg.signal[0] < 0


def test_crisis_talk_cannot_keep_an_insolvent_lender_open_past_an_inspection():
    # p2p_collapse under full_rebuild (paired seeds, inspections five times the default so
    # that one falls within the run): without solvency checks the failing lender ends
    # "operating" with its whole book at risk and trust near 0.6; with them it is found and
    # wound up, and the trust its talk bought is gone.
    kept, closed = [], []
    for seed in range(4):
        for checks, out in ((False, kept), (True, closed)):
            m = trustsim.TrustModel("p2p_collapse", "full_rebuild", n_users=1000, rng=seed,
                                    solvency_checks=checks, inspection_rate=0.05).run()
            lender = next(pl for pl in m.platforms if pl.name == "Fast Lend")
            out.append((lender.status, m.summary()["final_trust"],
                        m.regulator.insolvent_closures))
    # (since good words fade as trust comes back, the lender also fails on its own in 2 of 4)
    still = [i for i, (s, _, _) in enumerate(kept) if s == "operating"]
    assert len(still) >= 2
    assert all(s == "failed" for s, _, _ in closed)
    assert all(closed[i][2] >= 1 for i in still)  # closed by an inspection where talk kept it
    # elsewhere the checks change trust by less than what matters (0.02; seed 1 with the
    # rivals answering as usual, response_scope crisis: the earlier closure -0.013)
    assert all(k[1] - c[1] >= -0.02 for k, c in zip(kept, closed, strict=True))
    assert min(kept[i][1] - closed[i][1] for i in still) > 0.1


def test_a_crisis_scheduled_into_a_running_model_fires_though_nobody_else_holds_it():
    """Mesa keeps event callbacks by weak reference: a crisis scheduled mid-run and held
    nowhere else was collected and never fired, silently (Python API trial). The model
    keeps it; a target that is no platform is refused with the names allowed."""
    from trustsim.crises import crisis_from_dict
    from trustsim.scenario import ScenarioError

    model = trustsim.TrustModel("calm_baseline", "do_nothing", rng=3, n_users=300, steps=40)
    model.run(10)
    crisis_from_dict({"type": "default_wave", "time": 20, "target": "Platform D",
                      "severity": 0.9, "duration": 10}).schedule(model)
    gc.collect()
    model.run()
    fired = [e for e in model.events if e.get("kind") == "crisis"]
    assert len(fired) == 1 and fired[0]["crisis"] == "default_wave"
    assert "default wave" in fired[0]["text"]  # in words (student trial)
    with pytest.raises(ScenarioError, match="did you mean 'Platform D'"):
        crisis_from_dict({"type": "data_leak", "time": 35, "target": "Platform Dd"}).schedule(
            trustsim.TrustModel("calm_baseline", rng=3, n_users=300, steps=40))


def test_a_crisis_may_name_all_inside_a_list_of_targets():
    """``target: ["all"]`` passes the scenario check; scheduling refused it as no platform's
    name and firing crashed with KeyError 'all' (review). It hits every platform."""
    from trustsim.crises import crisis_from_dict

    model = trustsim.TrustModel("calm_baseline", rng=3, n_users=200, steps=20)
    crisis = crisis_from_dict({"type": "data_leak", "time": 5, "target": ["all"]})
    crisis.schedule(model)
    assert crisis.targets(model) == list(model.platforms)
    model.run()
