"""Withdrawals seen the same day (``same_day_reach``): a run's later rounds within a day.

With ``same_day_reach`` above zero a day's run decisions are taken in ``RUN_ROUNDS``
rounds; between rounds contacts see that share of the withdrawals made earlier that day.
Silicon Valley Bank lost 24 % of its deposits in one day and had 81 % asked back within
two (docs/validation.md 2.1); seen the next day, the herd joined a day late. At zero
reach (the default) the model is the one-round day it was: tests/baseline holds every other
bundled scenario's numbers unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

import trustsim
from trustsim import rules
from trustsim.measures import customers_ran
from trustsim.params import Params, record


def _first_days(reach: float, seed: int, scenario: str = "bank_run_2023", **kw) -> np.ndarray:
    """Share of the bank's money asked back in each of the first days of the crisis."""
    m = trustsim.TrustModel(scenario, rng=seed, same_day_reach=reach, steps=24, **kw).run()
    ts = m.platform_timeseries()
    bank = ts[ts["platform"] == "Valley Bank"]
    asked = bank["withdrawals_requested"].to_numpy()
    return np.cumsum(asked[20:24]) / bank["aum"].to_numpy()[19]


def test_rounds_split_a_days_chance_without_changing_it():
    """A user facing the same pressure all day runs with the day's chance in any case."""
    split = record(Params(same_day_reach=0.4))
    whole = record(Params(same_day_reach=0.0))
    for c in (0.0, 1e-6, 0.05, 0.4, 0.8, 1.0):
        per_round = rules.round_chance.py_func(c, split)
        assert 0.0 <= per_round <= c
        assert 1.0 - (1.0 - per_round) ** rules.RUN_ROUNDS == pytest.approx(c, abs=1e-12)
        assert rules.round_chance.py_func(c, whole) == c  # one round: the chance itself


def test_without_herding_seeing_withdrawals_sooner_changes_no_expected_run():
    """Nobody heeds contacts' withdrawals: the rounds only split each day's chance, so the
    crisis day's runs are the same in expectation (paired seeds, means within 5 %)."""
    runs = {}
    for reach in (0.0, 1.0):
        runs[reach] = []
        for seed in range(1, 11):
            m = trustsim.TrustModel("bank_run_2023", rng=seed, same_day_reach=reach, steps=22)
            m.population.herding[:] = 0.0
            m.run()
            ts = m.platform_timeseries()
            runs[reach].append(ts[ts["platform"] == "Valley Bank"]["runs"].to_numpy()[20])
    assert np.mean(runs[1.0]) == pytest.approx(np.mean(runs[0.0]), rel=0.05), runs


def test_seeing_withdrawals_the_same_day_speeds_a_run_gradually():
    """With the herd watching (bank_run_2023), the share asked back on the first day rises
    with the reach, step by step on every seed, to about SVB's 24 % at reach 1."""
    reaches = (0.0, 0.25, 0.5, 0.75, 1.0)
    day1 = np.array([[_first_days(r, seed)[0] for r in reaches] for seed in (1, 2, 3)])
    assert (np.diff(day1, axis=1) > 0).all(), day1
    med = np.median(day1, axis=0)
    assert med[0] < 0.12 and 0.18 < med[-1] < 0.40, med
    steps = np.diff(med)
    assert steps.max() < 0.45 * (med[-1] - med[0]), med  # no switch between the values


def test_a_user_stepped_alone_gets_no_later_rounds():
    """The later rounds run when every active user has stepped, not for one user's step:
    on the day after the bank's news, with contacts withdrawing all around, one user's
    ``User.step()`` changes no one else's claims (with the rounds, about a hundred would)."""
    model = trustsim.TrustModel("bank_run_2023", rng=1).run(21)
    assert model.population.withdrawing.any()
    before = model.population.queued.copy()
    model.users[5].step()
    changed = np.flatnonzero((model.population.queued != before).any(axis=1))
    assert set(changed) <= {5}


def test_a_user_removed_during_the_phase_does_not_hold_the_rounds_up():
    """Stepping every user one at a time, with one removed before its turn: the day's later
    rounds still run (runs booked at the close exceed those of the users' own steps)."""
    from trustsim.agents.user import User

    model = trustsim.TrustModel("bank_run_2023", rng=1).run(20)
    with model.users_phase() as phase:
        model.users[0].remove()
        model.agents_by_type[User].shuffle_do("step")
        own_steps = int(phase.counts[0][1].sum())
    assert model.totals.runs.sum() > own_steps > 0


def test_forgetting_a_paid_out_runner_waits_for_the_next_day():
    """Later rounds count everyone seen withdrawing that morning and today's runners: a
    paid-out runner whom contacts forget from tomorrow (``withdrawal_fade``) still counts
    this afternoon, so seeing withdrawals sooner never lowers the pressure. (Counting the
    flags round 1 leaves made the pressure fall within the day: in ``rumour_run`` two of
    seeds 1-3 ran less at reach 1 than at 0.)"""
    model = trustsim.TrustModel("rumour_run", rng=1, same_day_reach=1.0,
                                withdrawal_fade=1.0).run(25)
    for phase_of_day in (model.begin_day, model.fire_crises, model.operate_platforms,
                         model.communicate, model.publish_news):
        phase_of_day()  # day 26 up to the users' phase: today's payouts are made
    pop = model.population
    assert pop.withdrawing.any()
    phase = model.engine.begin_users(pop, model.graph, model._user_signals(), model.p,
                                     model.draws, model.newly_heard, model._open_platforms())
    start = pop.withdrawing.copy()
    phase.run_all()
    forgotten = start & ~pop.withdrawing
    assert forgotten.any()  # round 1 dropped paid-out runners (fade 1: all of them)
    seen = phase.seen_now()
    assert (seen >= start).all() and (seen >= pop.withdrawing).all()
    assert seen[forgotten].all()
    phase.finish()
    # And in the outcome: the rumour's runs rise with the reach (medians of seeds 1-5).
    ran = np.array([[customers_ran(trustsim.TrustModel("rumour_run", rng=seed,
                                                       same_day_reach=r).run())
                     for r in (0.0, 1.0)] for seed in range(1, 6)])
    low, high = np.median(ran, axis=0)
    assert high > low + 0.01, ran


def test_the_first_two_days_of_the_svb_pattern_need_withdrawals_seen_the_same_day():
    """The pattern's day-1 and day-2 bands hold with the scenario's reach (1) and fail when
    the herd sees withdrawals only the next day (the check can fail)."""
    from trustsim import patterns

    assert patterns.check("social_media_run", seeds=(1,)).passed
    slow = patterns.check("social_media_run", seeds=(1,), same_day_reach=0.0)
    assert not slow.passed
    assert slow.figures[0]["requested_share_1d"] < 0.12
