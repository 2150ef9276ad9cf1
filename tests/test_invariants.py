"""Property-based invariants (hypothesis) over random worlds and crises.

Whatever the parameters: money is conserved every day, trust stays in [0, 1], holdings,
queued withdrawals and cash never go negative, nobody has more queued than they hold,
platform status only changes along :data:`trustsim.agents.platform.ALLOWED_STATUS`, and
the money owed the users' phase reads is what users hold on each platform.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustsim
from trustsim.agents.platform import ALLOWED_STATUS
from trustsim.crises import CRISES, Crisis

STEPS = 30
NETWORKS = ("small_world", "scale_free", "random", "well_mixed")
SOCIAL_MODES = ("degroot", "bounded_confidence", "none")
_BASE_CRISIS_FIELDS = set(Crisis.model_fields)


@st.composite
def worlds(draw):
    """A random small world: platforms, flat parameters, one crisis or none, a seed."""
    n_platforms = draw(st.integers(1, 3))
    pooled = [draw(st.booleans()) for _ in range(n_platforms)]
    names = [f"P{k}" for k in range(n_platforms)]
    platforms = [
        trustsim.PlatformSpec(
            name=name,
            reserve_ratio=draw(st.none() | st.floats(0.0, 1.0)),  # None: the flat value
            risk_management=draw(st.floats(0.0, 1.0)),
            security=draw(st.floats(0.0, 1.0)),
            pooled_fund=pooled[k],
            market_share=draw(st.floats(0.2, 3.0)),
        )
        for k, name in enumerate(names)
    ]
    crises = []
    kind = draw(st.sampled_from([None, *sorted(CRISES)]))
    if kind is not None:
        cls = CRISES[kind]
        if kind == "abscond":
            if not any(pooled):  # abscond is only valid on a pooled-fund platform
                platforms[0] = platforms[0].model_copy(update={"pooled_fund": True})
                pooled[0] = True
            target = draw(st.sampled_from([n for n, p in zip(names, pooled, strict=True) if p]))
        else:
            target = draw(st.sampled_from([*names, "all"]))
        crisis = {"type": kind, "time": draw(st.integers(1, STEPS - 5)), "target": target,
                  "severity": draw(st.floats(0.0, 1.0))}
        # Type-specific switches (e.g. a grounded rumour, a leak found by the regulator).
        for field, info in cls.model_fields.items():
            if field in _BASE_CRISIS_FIELDS:
                continue
            if info.annotation is bool:
                crisis[field] = draw(st.booleans())
        crises.append(crisis)
    params = {
        "n_users": draw(st.integers(20, 300)),
        "steps": STEPS,
        "network": draw(st.sampled_from(NETWORKS)),
        "social_mode": draw(st.sampled_from(SOCIAL_MODES)),
        "reserve_ratio": draw(st.floats(0.0, 1.0)),
        "guarantee_coverage": draw(st.floats(0.0, 1.0)),
        "herding_mean": draw(st.floats(0.0, 1.0)),
        "learning_rate": draw(st.floats(0.0, 1.0)),
        "initial_trust_mean": draw(st.floats(0.2, 0.9)),
        "compensation_share": draw(st.sampled_from([0.0, 0.5, 1.0])),
        "joint_enforcement": draw(st.floats(0.0, 1.0)),
    }
    scenario = trustsim.Scenario(name="hypothesis", platforms=platforms, crises=crises)
    seed = draw(st.integers(0, 2**32 - 1))
    return scenario, params, seed


def _check_state(model: trustsim.TrustModel) -> None:
    """Invariants that must hold at the end of every day."""
    pop = model.population
    day = int(model.time)
    total = model.money_total()
    assert np.isclose(total, model.initial_money, rtol=1e-9, atol=0.0), (
        f"day {day}: money not conserved: {total!r} vs {model.initial_money!r}")
    assert np.all((pop.trust >= 0.0) & (pop.trust <= 1.0)), f"day {day}: trust out of [0, 1]"
    assert not np.isnan(pop.trust).any(), f"day {day}: NaN trust"
    assert pop.holdings.min() >= 0.0, f"day {day}: negative holdings {pop.holdings.min()!r}"
    assert pop.queued.min() >= 0.0, f"day {day}: negative queued {pop.queued.min()!r}"
    excess = pop.queued - pop.holdings
    assert excess.max() <= 1e-9 * (1.0 + pop.holdings.max()), (
        f"day {day}: queued exceeds holdings by {excess.max()!r}")
    assert pop.cash.min() >= 0.0, f"day {day}: negative cash {pop.cash.min()!r}"
    for plat in model.platforms:
        assert plat.liquidity >= -1e-9 * (1.0 + model.initial_money), (
            f"day {day}: {plat.name} liquidity {plat.liquidity!r}")
        assert plat.loans >= -1e-9 * (1.0 + model.initial_money), (
            f"day {day}: {plat.name} loans {plat.loans!r}")


def _check_owed(model) -> None:
    sums = model.population.holdings.sum(axis=0)
    owed = np.array([pl.owed_after for pl in model.platforms])
    assert np.allclose(owed, sums, rtol=1e-9, atol=1e-9), (model.time, owed, sums)


def _checking_owed(model):
    """The model, checking each day as phase 5 opens that the money owed it reads as phase 2
    left it (``Platform.owed_after``, no pass of its own) is still every platform's column
    sum of holdings (0 once wound up)."""
    users_phase = model.update_trust_and_act

    def check_then_run() -> None:
        _check_owed(model)
        users_phase()
        _check_owed(model)  # (with the day's new money: a users' phase opened later reads it)

    model.update_trust_and_act = check_then_run  # (TrustModel.step calls it by name)
    return model


@pytest.mark.parametrize("scenario", ["operator_abscond", "p2p_collapse"])
def test_the_owed_signal_follows_payouts_and_wind_ups(scenario):
    """An operator absconds on day 60; an insolvent lender fails (day 173 at its size): a
    wound-up platform owes nothing from that day on, in the signal as in the holdings."""
    model = _checking_owed(trustsim.TrustModel(scenario, rng=1, n_users=400))
    for _ in range(model.p.steps):
        model.step()
        _check_owed(model)
    assert any(not pl.alive for pl in model.platforms)
    # a users' phase opened between days reads what users hold now (review: it read the
    # money owed before the last day's new money)
    with model.users_phase():
        spill = model.signals.spill.copy()
        distress = model.signals.distress.copy()
    owed = model.population.holdings.sum(axis=0)
    assert np.allclose(distress, [pl.visible_distress(owed[pl.index])
                                  for pl in model.platforms])
    assert np.allclose(spill, model.spill_matrix(owed))


def _check_path(path: list[str], who: str) -> None:
    for before, after in zip(path, path[1:], strict=False):
        if before != after:
            assert after in ALLOWED_STATUS[before], f"{who}: illegal status {before} -> {after}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_invariants_hold_every_day(world):
    scenario, params, seed = world
    model = _checking_owed(trustsim.TrustModel(scenario, rng=seed, **params))
    _check_state(model)
    for _ in range(STEPS):
        model.step()
        _check_state(model)
        _check_owed(model)  # between days too (a users' phase may be opened there)

    ts = model.timeseries()
    assert len(ts) == STEPS + 1
    scale = max(abs(model.initial_money), 1.0)
    assert np.all(np.abs(ts["money_residual"].to_numpy()) <= 1e-9 * scale)

    # Status paths, day by day, from the platform series ...
    pts = model.platform_timeseries()
    for name, rows in pts.groupby("platform", sort=False):
        path = rows.sort_values("time")["status"].tolist()
        assert path[0] == "operating"
        _check_path(path, f"{name} (daily series)")
    # ... and change by change, from the event log (catches same-day double changes).
    for plat in model.platforms:
        changes = [e["status"] for e in model.events
                   if e["kind"] == "status" and e["platform"] == plat.index]
        _check_path(["operating", *changes], f"{plat.name} (event log)")
        assert (changes[-1] if changes else "operating") == plat.status
