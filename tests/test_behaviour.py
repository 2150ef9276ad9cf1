"""Behavioural tests: what the model must do, on paired seeds (Starsim-style).

Each test builds a small, clean world (one or two platforms, endogenous hazards switched
off so that the scheduled shock is the only one) and compares runs that differ in one
thing only, on the same seeds. The parameters that shape panic are pinned here, so a
recalibration of the defaults does not silently turn these into different experiments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import trustsim

SEEDS = range(6)
QUIET = {"leak_hazard": 0.0, "outage_hazard": 0.0, "credit_hazard": 0.0}
"""Only the scheduled shock happens: no endogenous leaks, outages or bad loan cohorts."""

PANIC = {"news_weight": 1.3, "media_susceptibility_mean": 0.5, "herding_mean": 0.05,
         "learning_rate": 0.2, "negativity_bias": 3.0, "rumour_hazard": 0.0,
         "initial_trust_mean": 0.65, "withdraw_threshold_mean": 0.35}
"""A public that a severe rumour frightens into a partial run (not a total one).

Social media's own follow-up rumours are off (``rumour_hazard=0``) so that both platforms
face exactly the same shock: the one scheduled rumour.
"""

ILLIQUID = {"reserve_ratio": 0.03, "risk_management": 0.3, "expansion_rate": 1.0}
"""Lends out all it can: its cash covers a few per cent of what users could ask back."""
LIQUID = {"reserve_ratio": 0.6, "risk_management": 0.9, "expansion_rate": 0.0}
"""Keeps most deposits liquid and manages risk well."""

RUMOUR_DAY = 10
RUMOUR = {"type": "liquidity_rumour", "time": RUMOUR_DAY, "target": "X", "severity": 0.9}
DISTRESS = {"frozen", "failed", "absconded"}


def _single(traits: dict, crises: list[dict], seed: int, *, n_users: int = 300,
            steps: int = 40, **params) -> trustsim.TrustModel:
    scenario = trustsim.Scenario(platforms=[trustsim.PlatformSpec(name="X", **traits)],
                                 crises=crises)
    return trustsim.TrustModel(scenario, rng=seed, n_users=n_users, steps=steps,
                               **{**QUIET, **params}).run()


def _withdrawal_share(model: trustsim.TrustModel) -> pd.Series:
    """New withdrawal requests each day as a share of the previous day's AUM."""
    ts = model.timeseries().set_index("time")
    return ts["withdrawals_requested"] / ts["aum"].shift(1).clip(lower=1e-9)


def _statuses(model: trustsim.TrustModel) -> set[str]:
    return set(model.platform_timeseries()["status"])


# ----------------------------------------------------------------------------- (a) runs
def test_illiquid_platform_suffers_a_run_a_liquid_one_does_not():
    """Diamond & Dybvig (1983): the same rumour breaks a platform short of liquidity.

    The rumour frightens a comparable share of users on both platforms. The illiquid one
    cannot pay them; unpaid requests are visible, trust collapses, and it freezes. The
    liquid one pays everyone and keeps operating.
    """
    for seed in SEEDS:
        illiquid = _single(ILLIQUID, [RUMOUR], seed, **PANIC)
        illiquid_calm = _single(ILLIQUID, [], seed, **PANIC)
        liquid = _single(LIQUID, [RUMOUR], seed, **PANIC)
        liquid_calm = _single(LIQUID, [], seed, **PANIC)

        share = _withdrawal_share(illiquid)
        before = share[share.index < RUMOUR_DAY].max()
        after = share[share.index >= RUMOUR_DAY].max()
        calm_peak = _withdrawal_share(illiquid_calm).max()
        # Withdrawal requests spike after the rumour ...
        assert after > 0.08, f"seed {seed}: no rush to withdraw ({after:.3f})"
        assert after > 3 * max(before, calm_peak), (
            f"seed {seed}: peak {after:.3f} vs before {before:.3f} / calm {calm_peak:.3f}")
        # ... the illiquid platform freezes or fails; without the rumour it would not.
        assert _statuses(illiquid) & DISTRESS, f"seed {seed}: illiquid platform survived"
        assert not _statuses(illiquid_calm) & DISTRESS, f"seed {seed}: froze without a shock"

        # The liquid platform faces a rush too, and pays it.
        liquid_peak = _withdrawal_share(liquid).max()
        assert liquid_peak > 3 * _withdrawal_share(liquid_calm).max(), f"seed {seed}"
        assert _statuses(liquid) == {"operating"}, (
            f"seed {seed}: liquid platform went {_statuses(liquid)}")
        assert liquid.timeseries()["user_losses"].iloc[-1] == 0.0


# ----------------------------------------------------------------------------- (b) asymmetry
def test_trust_falls_fast_and_recovers_slowly():
    """Slovic (1993): trust is destroyed faster than it is rebuilt.

    A sound platform (fully guaranteed, so no run muddies the trust dynamics) is hit by a
    rumour on day 10 and gets good news on day 25. The fall to the trough takes fewer days
    than the climb back to 90 % of the pre-crisis level. A recovery not seen by the end of
    the run is censored: the climb then took at least the days left after the trough.
    """
    steps = 100
    crises = [{**RUMOUR, "severity": 0.8},
              {"type": "positive_news", "time": 25, "target": "X", "severity": 0.6}]
    falls, climbs = [], []
    for seed in SEEDS:
        model = _single(LIQUID, crises, seed, steps=steps, guarantee_coverage=1.0,
                        learning_rate=0.12, negativity_bias=3.0)
        s = model.summary()
        assert s["crisis_day"] == RUMOUR_DAY
        assert s["min_trust"] < 0.9 * s["pre_crisis_trust"], (
            f"seed {seed}: trust barely moved; the comparison would be empty")
        fall = s["time_to_trough"]
        if s["recovered"]:
            climb = s["time_to_recover"] - fall
        else:
            climb = steps - RUMOUR_DAY - fall  # lower bound: still climbing at the end
            assert s["time_to_recover"] == steps - RUMOUR_DAY  # censored at the end
        assert climb > fall, f"seed {seed}: fell in {fall} days, climbed back in {climb}"
        falls.append(fall)
        climbs.append(climb)
    assert np.median(climbs) >= 3 * np.median(falls), (falls, climbs)


def test_a_crisis_that_never_takes_trust_below_the_line_needs_no_recovery():
    """A dent that stays above 90 % of the pre-crisis trust is recovered from day 0: it
    scored the days to its trough (up to 209 of 210 in a sweep, as if it barely came back).
    A deeper fall of the same platform still counts the days back to the line."""
    mild = _single(LIQUID, [{**RUMOUR, "severity": 0.1}], 1, steps=100,
                   guarantee_coverage=1.0)
    s = mild.summary()
    assert s["min_trust"] < s["pre_crisis_trust"] and s["time_to_trough"] > 0
    assert s["min_trust"] >= 0.9 * s["pre_crisis_trust"]
    assert s["recovered"] == 1 and s["time_to_recover"] == 0
    deep = _single(LIQUID, [{**RUMOUR, "severity": 0.8},
                            {"type": "positive_news", "time": 25, "target": "X",
                             "severity": 0.6}], 1, steps=100, guarantee_coverage=1.0,
                   learning_rate=0.12, negativity_bias=3.0).summary()
    assert deep["min_trust"] < 0.9 * deep["pre_crisis_trust"]
    assert deep["time_to_recover"] > deep["time_to_trough"] > 0


# ----------------------------------------------------------------------------- (c) data leak
def test_data_leak_lowers_trust_in_that_platform():
    """A leak at A lowers trust in A against the same seed without it; B barely moves."""
    platforms = [trustsim.PlatformSpec(name="A"), trustsim.PlatformSpec(name="B")]
    leak = {"type": "data_leak", "time": RUMOUR_DAY, "target": "A", "severity": 0.7,
            "share": 0.3}

    def trust_by_platform(crises, seed):
        scenario = trustsim.Scenario(platforms=platforms, crises=crises)
        model = trustsim.TrustModel(scenario, rng=seed, n_users=300, steps=40, **QUIET).run()
        return model.platform_timeseries().pivot(index="time", columns="platform",
                                                 values="trust")

    for seed in SEEDS:
        hit = trust_by_platform([leak], seed)
        calm = trust_by_platform([], seed)
        pre = hit.index < RUMOUR_DAY
        pd.testing.assert_frame_equal(hit[pre], calm[pre])  # same world until the leak
        diff = (hit - calm)[~pre]
        assert diff["A"].mean() < -0.01, f"seed {seed}: leak cost A {diff['A'].mean():.4f}"
        assert diff["A"].iloc[-10:].mean() < -0.01, f"seed {seed}: A recovered fully"
        # Spill-over to the other platform is smaller than the direct hit.
        assert diff["A"].mean() < 3 * min(diff["B"].mean(), 0.0), (
            f"seed {seed}: A {diff['A'].mean():.4f} vs B {diff['B'].mean():.4f}")


# ----------------------------------------------------------------------------- (d) guarantee
def test_the_guarantee_pays_up_to_its_limit_per_claim_as_users_count_on_it():
    """A wind-up with nothing to pay out: the fund repays coverage x min(claim, limit), so
    claims under the limit are made whole and larger ones lose what is above it; the
    payout per claim is what users count on when deciding to run (``rules.covered_share``)."""
    from trustsim import rules

    for cover, limit in [(1.0, 20.0), (0.6, 20.0), (1.0, 1e9)]:
        m = trustsim.TrustModel(n_users=400, n_platforms=2, rng=3, steps=5,
                                guarantee_coverage=cover, guarantee_limit=limit, **QUIET)
        m.run(2)
        plat = m.platforms[0]
        owed = m.population.holdings[:, 0].copy()
        losses0 = m.population.losses.copy()
        paid0 = m.regulator.protection_paid
        plat.liquidity = plat.loans = 0.0  # nothing to realise: every claim is a loss
        plat.fail("test")
        lost = m.population.losses - losses0
        expected = owed - owed * np.array([rules.covered_share.py_func(cover, h, limit)
                                           for h in owed])
        np.testing.assert_allclose(lost, expected, atol=1e-9)
        assert m.regulator.protection_paid - paid0 == pytest.approx(float((owed - lost).sum()))
        big = owed > limit
        if limit < 1e9:
            # Both directions: small claims lose only the uncovered share, big ones more.
            assert big.any() and (owed[~big] > 0).any()
            assert np.all(lost[big] > (1 - cover) * owed[big] + 1e-9)
            np.testing.assert_allclose(lost[~big], (1 - cover) * owed[~big], atol=1e-9)
        else:
            np.testing.assert_allclose(lost, (1 - cover) * owed, atol=1e-9)


def test_full_protection_fund_dampens_the_run():
    """Diamond & Dybvig (1983): depositors with a full guarantee they all count on (a
    government's) have no reason to run."""
    for seed in SEEDS:
        bare = _single(ILLIQUID, [RUMOUR], seed, guarantee_coverage=0.0, **PANIC)
        insured = _single(ILLIQUID, [RUMOUR], seed, guarantee_coverage=1.0,
                          guarantee_credibility=1.0, guarantee_limit=1e9, **PANIC)
        peak_bare = bare.summary()["peak_withdrawal_share"]
        peak_insured = insured.summary()["peak_withdrawal_share"]
        assert peak_insured < 0.5 * peak_bare, (
            f"seed {seed}: peak {peak_insured:.3f} insured vs {peak_bare:.3f} bare")
        assert insured.timeseries()["runs"].sum() < bare.timeseries()["runs"].sum()
        # With the run gone, the same illiquid platform gets through the rumour.
        assert not _statuses(insured) & DISTRESS, f"seed {seed}: insured platform froze"


# --------------------------------------------------------------- a promised yield as a red flag
def _start_shares(scenario: str, seed: int, **params) -> np.ndarray:
    """Each platform's share of the money users hold at the start."""
    held = trustsim.TrustModel(scenario, "do_nothing", rng=seed, **params).population.holdings
    money = held.sum(axis=0)
    return money / money.sum()


def test_the_red_flag_follows_the_bands_of_the_2018_warning():
    """0 up to 6 %, half at 8 %, full from 10 % (Guo Shuqing, June 2018), linear between."""
    from trustsim.params import Params
    from trustsim.population import red_flags

    flags = red_flags(np.array([0.03, 0.06, 0.07, 0.08, 0.10, 0.15]), Params())
    np.testing.assert_allclose(flags, [0.0, 0.0, 0.25, 0.5, 1.0, 1.0])
    moved = red_flags(np.array([0.08, 0.10]), Params(sound_yield=0.08, yield_doubt_span=0.1))
    np.testing.assert_allclose(moved, [0.0, 0.2])


def test_literacy_lowers_the_money_in_a_high_yield_pool():
    """Education reduces investment in fraudulent products (domain §9; Burke et al. 2022).

    ``operator_abscond``: Golden Pool advertises 15 % (a full red flag), Steady Credit 7 %,
    Blue Wealth 6 % (none). On the same seeds, literate users start with less of their
    money in the pool and lose less when its operators flee; the sound platform gains.
    With ``yield_doubt`` 0 literacy moves nothing at the start (the mechanism, not
    something else, does it).
    """
    for seed in (1, 2, 3):
        low = _start_shares("operator_abscond", seed, literacy_mean=0.1)
        high = _start_shares("operator_abscond", seed, literacy_mean=0.9)
        assert high[0] < low[0] - 0.05  # the pool: 0.34 -> 0.24 on average
        assert high[2] > low[2]  # Blue Wealth, at the sound yield, gains
        off = [_start_shares("operator_abscond", seed, literacy_mean=lit, yield_doubt=0.0)
               for lit in (0.1, 0.9)]
        np.testing.assert_allclose(off[0], off[1], atol=1e-12)
    losses = {lit: [trustsim.TrustModel("operator_abscond", "do_nothing", rng=s,
                                        literacy_mean=lit).run().summary()["user_losses"]
                    for s in (1, 2, 3)] for lit in (0.1, 0.9)}
    assert all(h < 0.9 * lo for h, lo in zip(losses[0.9], losses[0.1], strict=True))


def test_a_literate_user_prefers_the_sound_promise_in_new_money_only_above_the_flag():
    """The choice of where new money goes (``rules.platform_score``), both directions.

    Two platforms with the same trust and true yield: at or below ``sound_yield`` literacy
    changes nothing between them; above it a literate user scores the high promise lower
    than an illiterate one does, and lower than the sound one.
    """
    from trustsim import rules
    from trustsim.params import Params, record

    score = getattr(rules.platform_score, "py_func", rules.platform_score)

    class S:  # one user's state, as the rule reads it
        trust = np.array([[0.6, 0.6]])
        queued = np.zeros((1, 2))
        literacy = np.array([0.0])
        risk_appetite = np.array([0.5])
        ran = np.zeros((1, 2))

    def scores(lit, adv):
        S.literacy[0] = lit
        sig = type("SIG", (), {"accepting": np.ones(2, bool), "true_yield": np.array(
            [0.05, 0.05]), "adv_yield": np.array(adv), "promised": np.array(adv),
            "ymax": max(adv)})
        P = record(Params())
        return [score(0, p, S, sig, P) for p in (0, 1)]

    # below the flag: literacy moves the perceived yield, the same way on both platforms
    lo, hi = scores(0.0, [0.05, 0.06]), scores(1.0, [0.05, 0.06])
    assert hi[1] - hi[0] == pytest.approx(0.0) and lo[1] > lo[0]
    # above it: the illiterate user likes the 12 % promise, the literate one shuns it
    naive, wary = scores(0.0, [0.05, 0.12]), scores(1.0, [0.05, 0.12])
    assert naive[1] > naive[0]
    assert wary[1] < wary[0]
    # the flag is literacy's: at literacy 0 the score is the one without any doubt
    P0 = record(Params(yield_doubt=0.0))
    S.literacy[0] = 0.0
    sig = type("SIG", (), {"accepting": np.ones(2, bool), "true_yield": np.array(
        [0.05, 0.05]), "adv_yield": np.array([0.05, 0.12]), "promised": np.array(
        [0.05, 0.12]), "ymax": 0.12})
    assert score(0, 1, S, sig, P0) == pytest.approx(naive[1])


def test_exposing_false_advertising_does_not_clear_the_red_flag():
    """A promise once made stays a red flag: stopping the ads after exposure (High Yield's
    advertised yield drops from 15 % to the true 6 % on day 40 of ``false_advertising``)
    must not make the platform that lied look sound to literate users. The day after, the
    signals the rules read carry the promise (15 %) beside today's ads (6 %), and a fully
    literate user's score of High Yield for new money is what the 15 % promise gives, below
    what today's ads alone would give (when the flag read only today's ads, literate users'
    share of new money going to High Yield fell by 13 % after exposure, against 89 %
    without any flag)."""
    from trustsim import rules
    from trustsim.kernels import signal_arrays
    from trustsim.params import record

    model = trustsim.TrustModel("false_advertising", "do_nothing", rng=1, literacy_mean=0.9)
    for _ in range(41):
        model.step()
    high = model.platforms[0]
    assert high.advertised_yield == 0.06 and high.promised_yield == 0.15
    sig = signal_arrays(model.population, model._user_signals(), model.p, 0,
                        np.ones(3, dtype=bool))
    assert sig.adv_yield[0] == 0.06 and sig.promised[0] == 0.15
    score = getattr(rules.platform_score, "py_func", rules.platform_score)
    pop = model.population
    user = int(np.argmax(pop.literacy * (pop.queued[:, 0] == 0)))  # the most literate
    assert pop.literacy[user] > 0.99
    P = record(model.p)
    sig = sig._replace(accepting=np.ones(3, dtype=bool))  # the score, whether or not it takes money
    with_promise = score(user, 0, pop, sig, P)
    forgetting = score(user, 0, pop, sig._replace(promised=sig.adv_yield), P)
    # exactly the full flag's cost: (1 - a) T x yield_doubt x literacy (flag 1 against 0)
    cost = ((1 - pop.risk_appetite[user]) * pop.trust[user, 0] * model.p.yield_doubt
            * pop.literacy[user]) * (1 - model.p.return_aversion * pop.ran[user, 0])
    assert forgetting - with_promise == pytest.approx(cost) and cost > 0.02


# ------------------------------------------------------------------ crisis history intensifies
def test_a_crisis_hurts_more_after_an_earlier_one():
    """Crisis history intensifies a crisis (Coombs 2007; Coombs & Holladay 2004).

    A liquid platform A (it never freezes, so nothing but the news differs) leaks on day 90
    after another leak on day 30. The history term makes that second leak take a larger
    share of the trust in A than the same two leaks without it, on every seed, with no
    response and with the full rebuild. With the full rebuild the second leak also takes
    more than the same leak as A's first; with no response it still takes less (0.25 of
    the trust against 0.27): trust moves in proportion to itself and a lower level loses
    less, and history closes most of that gap (without it 0.22).
    """
    platforms = [trustsim.PlatformSpec(name="A", **LIQUID), trustsim.PlatformSpec(name="B")]

    def leak(day):
        return {"type": "data_leak", "time": day, "target": "A", "severity": 0.7,
                "share": 0.4}

    def share_lost(crises, strategy, seed, weight):
        scenario = trustsim.Scenario(platforms=platforms, crises=crises)
        model = trustsim.TrustModel(scenario, strategy, rng=seed, n_users=600, steps=150,
                                    crisis_history_weight=weight, **QUIET).run()
        a = model.platform_timeseries().query("platform == 'A'").set_index("time")
        assert set(a["status"]) == {"operating"}  # the news alone differs
        pre = a["trust"].loc[89]
        return (pre - a["trust"].loc[90:150].min()) / pre

    for strategy in ("do_nothing", "full_rebuild"):
        for seed in (1, 2, 3):
            second = share_lost([leak(30), leak(90)], strategy, seed, 0.5)
            flat = share_lost([leak(30), leak(90)], strategy, seed, 0.0)
            assert second > flat + 0.005, f"{strategy} seed {seed}: {second:.4f} {flat:.4f}"
            if strategy == "full_rebuild":
                first = share_lost([leak(90)], strategy, seed, 0.5)
                assert second > first > flat, f"seed {seed}: {second:.4f} {first:.4f}"


def test_crisis_history_counts_earlier_crises_by_severity_fading_over_a_year():
    """The history term, by hand: ``1 + w (1 - exp(-(sum sev e^{-age/365} + r)))``.

    A crisis counts for a later one only after ``CRISIS_GAP_DAYS`` (stages of one episode
    do not compound); a run (a consequence) and a false rumour count for nothing; lost
    credibility counts as a poor prior reputation.
    """
    from trustsim.model import CRISIS_GAP_DAYS

    def world(extra: bool) -> trustsim.TrustModel:
        model = trustsim.TrustModel(None, "do_nothing", n_users=50, steps=500, rng=1,
                                    crisis_history_weight=0.5, **QUIET)  # says nothing
        assert model.crisis_history(0) == 1.0
        model.open_incident("data_leak", 0, severity=0.5, public=True)
        if extra:
            model.open_incident("rumour", 1, severity=0.5, public=True, real=False)
            model.open_incident("run", 1, severity=0.8, public=True)
        for _ in range(10):
            model.step()
        return model

    model, calm = world(True), world(False)
    assert model.crisis_history(0) == 1.0  # ten days on: the same episode
    for _ in range(30):
        model.step()
        calm.step()
    assert CRISIS_GAP_DAYS <= 40
    assert model.crisis_history(0) == pytest.approx(1.0 + 0.5 * (1.0 - np.exp(
        -0.5 * np.exp(-40 / 365))))
    # a false rumour and a run left no history (B said nothing, so lost no credibility)
    assert model.crisis_history(1) == calm.crisis_history(1) == 1.0
    for _ in range(365):
        model.step()
    assert model.crisis_history(0) == pytest.approx(1.0 + 0.5 * (1.0 - np.exp(
        -0.5 * np.exp(-405 / 365))))
    model.platforms[2].credibility -= 0.3
    assert model.crisis_history(2) == pytest.approx(1.0 + 0.5 * (1.0 - np.exp(-0.3)))


def test_a_rumour_about_a_platform_with_a_past_is_believed_more():
    """The liquidity rumour's news carries the history factor (crises.LiquidityRumour)."""
    platforms = [trustsim.PlatformSpec(name="A"), trustsim.PlatformSpec(name="B")]
    leak = {"type": "data_leak", "time": 5, "target": "A", "severity": 0.7, "share": 0.2}
    rumour = {"type": "liquidity_rumour", "time": 60, "target": "A", "severity": 0.6}

    def sentiment(crises, weight):
        scenario = trustsim.Scenario(platforms=platforms, crises=crises)
        model = trustsim.TrustModel(scenario, "do_nothing", rng=1, n_users=200, steps=62,
                                    crisis_history_weight=weight, **QUIET).run()
        return [e["sentiment"] for e in model.events
                if e["kind"] == "news_source" and "rumour" in e["text"]]

    alone = sentiment([rumour], 0.5)
    assert alone == [-0.6]
    after = sentiment([leak, rumour], 0.5)
    assert after[0] == pytest.approx(-0.6 * (1 + 0.5 * (1 - np.exp(-0.7 * np.exp(-55 / 365)))))
    assert sentiment([leak, rumour], 0.0) == [-0.6]
