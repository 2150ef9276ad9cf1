"""Strategy comparison: paired statistics with known answers on synthetic results, and
``trustsim compare`` end to end on a smoke sweep."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import trustsim
from trustsim import cli
from trustsim import outcomes as registry
from trustsim.experiments.compare import (
    DIRECTION,
    WARNINGS,
    compare,
    findings,
    format_table,
    sentence,
    verdict,
)
from trustsim.experiments.report_text import warning_text
from trustsim.scenario import ScenarioError
from trustsim.textfmt import decimals_for, fixed, num, short

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def synthetic(n: int = 40, effect: float = 0.2, noise: float = 0.05, seed: int = 2,
              scenarios: tuple[str, ...] = ("leak", "rumour")) -> pd.DataFrame:
    """Summaries of paired runs: each seed has its own world level (large spread), and
    ``better`` adds ``effect`` to final trust (and takes it off trust lost) plus small
    noise; ``twin`` is ``do_nothing`` plus noise of mean zero; ``same`` equals it exactly.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for sc in scenarios:
        for rep in range(n):
            world = rng.normal(0.5, 0.2)  # varies a lot between seeds: pairing matters
            run_seed = int(rng.integers(1, 2**62))
            base = {"scenario": sc, "design_point": 0, "replication": rep, "seed": run_seed}
            spend = rng.uniform(0, 10)
            rows.append({**base, "strategy": "do_nothing", "final_trust": world,
                         "trust_lost": 1 - world, "platform_spending": spend})
            rows.append({**base, "strategy": "better",
                         "final_trust": world + effect + rng.normal(0, noise),
                         "trust_lost": 1 - world - effect + rng.normal(0, noise),
                         "platform_spending": spend + 200.0})
            rows.append({**base, "strategy": "twin",
                         "final_trust": world + rng.normal(0, noise),
                         "trust_lost": 1 - world + rng.normal(0, noise),
                         "platform_spending": spend})
            rows.append({**base, "strategy": "same", "final_trust": world,
                         "trust_lost": 1 - world, "platform_spending": spend})
    return pd.DataFrame(rows)


def row(table: pd.DataFrame, scenario: str, strategy: str, outcome: str) -> pd.Series:
    r = table[(table.scenario == scenario) & (table.strategy == strategy)
              & (table.outcome == outcome)]
    assert len(r) == 1
    return r.iloc[0]


def test_known_effect_is_found_with_an_interval_covering_the_truth() -> None:
    tab = compare(synthetic(), n_boot=1000)
    for sc in ("leak", "rumour"):
        r = row(tab, sc, "better", "final_trust")
        assert r.baseline == "do_nothing" and r.n_pairs == 40
        assert r.ci_low < 0.2 < r.ci_high
        assert r.ci_high - r.ci_low < 0.06  # pairing removes the between-world spread
        assert abs(r.diff_median - 0.2) < 0.03
        assert r.verdict == "better" and r.n_better == 40 and r.win_share == 1.0
        assert r["rank"] == 1
        # lower is better for trust lost: the effect is negative, and still "better"
        r = row(tab, sc, "better", "trust_lost")
        assert r.direction == "lower" and r.ci_low < -0.2 < r.ci_high
        assert r.verdict == "better" and r.n_better == 40 and r["rank"] == 1
        # cost-effectiveness: 0.2 trust for 200 (thousand CNY) of extra spending
        r = row(tab, sc, "better", "final_trust")
        assert r.extra_cost == pytest.approx(200.0)
        assert r.effect_per_cost == pytest.approx(1.0, rel=0.15)  # per million CNY


def test_interval_coverage_is_close_to_95_percent() -> None:
    """Over many synthetic experiments, the 95 % interval covers the true effect about 95 %
    of the time (a single interval can miss; the calibration is what is tested)."""
    covered = []
    for k in range(60):
        tab = compare(synthetic(n=40, seed=100 + k, scenarios=("a",)), n_boot=500,
                      outcomes=["final_trust"])
        r = row(tab, "a", "better", "final_trust")
        covered.append(r.ci_low < 0.2 < r.ci_high)
    assert 0.85 <= np.mean(covered) <= 1.0


def test_identical_strategies_give_zero_in_the_interval_and_half_the_wins() -> None:
    tab = compare(synthetic(n=200), n_boot=1000)
    for sc in ("leak", "rumour"):
        twin = row(tab, sc, "twin", "final_trust")
        assert twin.ci_low < 0 < twin.ci_high
        # no effect, measured well enough to say it is smaller than what matters (0.02)
        assert -0.02 < twin.ci_low and twin.ci_high < 0.02
        assert twin.verdict == "negligible"
        assert 0.38 < twin.win_share < 0.62
        assert np.isnan(twin.effect_per_cost)  # costs no more than the baseline
        same = row(tab, sc, "same", "final_trust")
        assert same.ci_low == 0 == same.ci_high and same.win_share == 0.5
        assert same.n_better == 0 == same.n_worse
        assert same.verdict == "negligible"  # a tie


# --------------------------------------------------------------------------- verdicts
def directional(n: int = 30, seed: int = 5) -> pd.DataFrame:
    """Paired runs with known effects on one higher-is-better outcome (``final_trust``)
    and two lower-is-better ones (``user_losses``, ``time_to_recover``).

    ``helps`` raises trust by 0.1 and cuts losses by 2,000 and recovery by 20 days;
    ``harms`` does the opposite; ``noisy`` has no effect on average but a very wide
    spread (its intervals straddle zero far beyond the thresholds); ``tiny`` moves every
    outcome by a hundredth of its threshold; ``tied`` equals the baseline exactly.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for rep in range(n):
        w = rng.normal(0.5, 0.2)
        loss = rng.uniform(5_000, 20_000)
        days = rng.uniform(40, 120)
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}

        def add(strategy: str, dt: float, dl: float, dd: float, noise: float = 0.0, *,
                base=base, w=w, loss=loss, days=days) -> None:
            rows.append({**base, "strategy": strategy,
                         "final_trust": w + dt + noise * rng.normal(0, 0.3),
                         "user_losses": loss + dl + noise * rng.normal(0, 15_000),
                         "time_to_recover": days + dd + noise * rng.normal(0, 60)})

        add("do_nothing", 0, 0, 0)
        add("helps", 0.1 + rng.normal(0, 0.01), -2000 + rng.normal(0, 100),
            -20 + rng.normal(0, 2))
        add("harms", -0.1 + rng.normal(0, 0.01), 2000 + rng.normal(0, 100),
            20 + rng.normal(0, 2))
        add("noisy", 0, 0, 0, noise=1.0)
        add("tiny", 0.0002, -1.0, -0.07)
        add("tied", 0, 0, 0)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("outcome", ["final_trust", "user_losses", "time_to_recover"])
def test_known_verdicts_in_both_directions(outcome: str) -> None:
    """The bug this guards against: for lower-is-better outcomes, an interval that merely
    reached below zero was called "better" (and one reaching above zero "worse")."""
    tab = compare(directional(), n_boot=1000)
    expect = {"helps": "better", "harms": "worse", "noisy": "unclear",
              "tiny": "negligible", "tied": "negligible"}
    for strategy, want in expect.items():
        r = row(tab, "s", strategy, outcome)
        assert r.verdict == want, (strategy, outcome, r.ci_low, r.ci_high)
    helps, harms = row(tab, "s", "helps", outcome), row(tab, "s", "harms", outcome)
    sign = DIRECTION[outcome]
    assert sign * helps.ci_low > 0 and sign * helps.ci_high > 0
    assert helps.n_better == 30 and harms.n_worse == 30 and helps["rank"] == 1
    noisy = row(tab, "s", "noisy", outcome)
    assert noisy.ci_low < 0 < noisy.ci_high


def test_verdict_rule_on_intervals() -> None:
    # The rows users forwarded with the wrong verdict (flagship table, before the fix).
    assert verdict(-1, -26_258, 1_093, 100) == "unclear"   # user_losses straddles zero
    assert verdict(-1, -1, 0, 0.5) == "unclear"            # failed_platforms [-1, 0]
    assert verdict(-1, -1, -1, 0.5) == "better"            # one platform fewer fails
    assert verdict(-1, 0, 3, 7) == "negligible"            # time_to_recover [0, 3] days
    assert verdict(-1, 1, 30, 7) == "worse" and verdict(-1, -30, -1, 7) == "better"
    assert verdict(1, 1, 30, 7) == "better" and verdict(1, -30, -1, 7) == "worse"
    assert verdict(1, 0.0001, 0.0002, 0.02) == "negligible"  # "+0.0001 trust"
    assert verdict(1, 0.0, 0.0, 0.0) == "negligible"       # a tie, even without threshold
    assert verdict(0, 1, 2, 0) == "" and verdict(1, np.nan, 1, 0) == ""
    # An interval reaching the smallest effect that matters takes in a change that matters:
    # `recovered` (0/1, m = 0.5) read "negligible" on [0, 0.5] (outside audit). Both
    # directions, both ends.
    for d in (1, -1):
        assert verdict(d, 0.0, 0.5, 0.5) == "unclear" and verdict(d, -0.5, 0.0, 0.5) == "unclear"
        assert verdict(d, -0.49, 0.49, 0.5) == "negligible"
        assert verdict(d, -7, 7, 7) == "unclear" and verdict(d, -6.5, 6.5, 7) == "negligible"


def _zero_inflated(moved: list[float], n: int = 20) -> pd.DataFrame:
    """Paired runs where the strategy changes nothing except in the first runs, where it
    changes users_departed (lower is better) and recovered (higher is better) by
    ``moved[k]`` and ``-moved[k]``: most paired differences are exactly zero."""
    rows = []
    for rep in range(n):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        d = moved[rep] if rep < len(moved) else 0.0
        rows.append({**base, "strategy": "do_nothing", "users_departed": 0.0,
                     "recovered": 1.0})
        rows.append({**base, "strategy": "odd", "users_departed": d, "recovered": 1.0 - abs(d)
                     if d > 0 else 1.0})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_a_few_runs_that_move_a_lot_are_not_negligible(sign: float) -> None:
    """rumour_run, deny_and_delay: in 4 of 20 runs 46-71 % of users left, in the other 16
    none, under either strategy. The median difference and its interval are 0, which read
    "negligible"; the mean's interval reaches what matters, so the verdict reads the mean
    (worse when users leave, better when they stay) and the row says why (``tail``).
    Both directions of a lower-is-better outcome, and recovered (higher is better: 3 of 20
    runs that recover without the strategy do not with it)."""
    tab = compare(_zero_inflated([sign * x for x in (0.46, 0.55, 0.63, 0.71)]), n_boot=2000)
    r = row(tab, "s", "odd", "users_departed")
    assert r.diff_median == 0 and r.ci_low == r.ci_high == 0  # the median sees nothing
    assert r.verdict == ("worse" if sign > 0 else "better")
    assert "tail" in r.warnings.split(",")
    assert r.mean_ci_low * sign > r.min_effect / 2 and r.diff_mean == pytest.approx(
        sign * 2.35 / 20)
    assert (r.n_worse, r.n_better) == ((4, 0) if sign > 0 else (0, 4))
    if sign > 0:
        rec = row(compare(_zero_inflated([1.0, 1.0, 1.0])), "s", "odd", "recovered")
        assert rec.diff_median == 0 and rec.n_worse == 3  # binary: the verdict reads the mean
        assert rec.verdict in ("worse", "unclear") and rec.diff_mean == pytest.approx(-0.15)
    # One run in twenty moving a little stays negligible; so does a tie.
    small = row(compare(_zero_inflated([sign * 0.03])), "s", "odd", "users_departed")
    assert small.verdict == "negligible" and "tail" not in small.warnings
    tie = row(compare(_zero_inflated([])), "s", "odd", "users_departed")
    assert tie.verdict == "negligible" and tie.mean_ci_low == tie.mean_ci_high == 0


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_an_unclear_median_gives_way_to_a_clear_mean(sign: float) -> None:
    """operator_abscond, protection_fund on total losses: median 0 (interval 0 to 206.5,
    unclear), mean +294 (interval 68 to 566), while prevention_first, +143 on average with
    a median reaching less far, read "worse": the larger harm got the softer word (policy
    trial). Where the median run changes by less than what matters and the mean is clearly
    better or worse, the verdict reads the mean (``tail``). Both directions; a mean that
    is unclear too leaves the row unclear, without the warning."""
    moved = [150, 180, 200, 220, 260, 300, 1500, 2000, 2500, 3000]
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        d = moved[rep] if rep < len(moved) else 0.0
        noisy = (400.0 if rep % 2 else -400.0) if rep < 12 else 0.0
        rows += [{**base, "strategy": "do_nothing", "user_losses": 5000.0},
                 {**base, "strategy": "fund", "user_losses": 5000.0 + sign * d},
                 {**base, "strategy": "coin", "user_losses": 5000.0 + noisy}]
    tab = compare(pd.DataFrame(rows), n_boot=2000)
    r = row(tab, "s", "fund", "user_losses")
    assert abs(r.diff_median) < r.min_effect == 100
    assert verdict(-1, r.ci_low, r.ci_high, 100) == "unclear"  # what the median says
    assert r.verdict == ("worse" if sign > 0 else "better") and "tail" in r.warnings
    assert r.diff_mean == pytest.approx(sign * 10310 / 20)
    coin = row(tab, "s", "coin", "user_losses")
    assert coin.verdict == "unclear" and "tail" not in coin.warnings
    assert coin.mean_ci_low < 0 < coin.mean_ci_high


@pytest.mark.parametrize("sign", [1.0, -1.0])
@pytest.mark.parametrize("outcome", ["money_at_risk", "final_trust"])
def test_a_median_pinned_at_zero_by_unchanged_runs_gives_way_to_a_clear_mean(
        sign: float, outcome: str) -> None:
    """p2p_collapse, prevention_first: money at risk higher in 13 of 20 runs and lower in
    none (the other 7 unchanged): median +390, its interval 0 to 1,065, "not clear", while
    the mean's (609 to 4,804) was clearly worse (policy trial). A median that matters and
    points the way the mean is clearly decided, its interval pinned at 0 by unchanged runs,
    reads the mean (``tail``). Both directions, for a lower- and a higher-is-better outcome;
    a median whose interval merely straddles 0 by noise does not (``twin`` elsewhere)."""
    scale = 1000.0 if outcome == "money_at_risk" else 0.05
    moved = [0.3, 0.4, 0.5, 0.5, 0.6, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0, 5.0, 8.0]
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        d = moved[rep] * scale if rep < len(moved) else 0.0
        rows += [{**base, "strategy": "do_nothing", outcome: 0.5 * scale},
                 {**base, "strategy": "risky", outcome: 0.5 * scale + sign * d}]
    r = row(compare(pd.DataFrame(rows), n_boot=2000), "s", "risky", outcome)
    direction = DIRECTION[outcome]
    assert 0.0 in (r.ci_low, r.ci_high) and abs(r.diff_median) >= r.min_effect
    assert verdict(direction, r.ci_low, r.ci_high, r.min_effect) == "unclear"  # the median
    assert r.verdict == ("better" if sign * direction > 0 else "worse")
    assert "tail" in r.warnings.split(",")


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_a_median_verdict_the_mean_does_not_share_is_flagged(sign: float) -> None:
    """p2p_collapse, prevention_first on total losses: recommended for a median cut of 380
    thousand CNY (interval 112 to 844) while the mean cut, 95, had an interval of -675 to
    +599; the page never said so (policy trial). Such a row carries ``mean_differs``, the
    decision page a caveat and the report a line (en, zh). A mean on the same side, however
    small, is no flag. Both directions."""
    from trustsim.experiments.decision import decide, decision_text
    from trustsim.experiments.report_text import warning_text

    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        cut = -400.0 if rep < 15 else 0.0
        back = 4000.0 if rep in (15, 16) else 0.0  # two runs go the other way by much more
        rows += [{**base, "strategy": "do_nothing", "user_losses": 9000.0},
                 {**base, "strategy": "mixed", "user_losses": 9000.0 + sign * (cut + back)},
                 {**base, "strategy": "steady", "user_losses": 9000.0 + sign * cut}]
    tab = compare(pd.DataFrame(rows), n_boot=2000, headline="user_losses")
    mixed, steady = row(tab, "s", "mixed", "user_losses"), row(tab, "s", "steady", "user_losses")
    assert mixed.verdict == steady.verdict == ("better" if sign > 0 else "worse")
    assert mixed.mean_ci_low < 0 < mixed.mean_ci_high
    assert "mean_differs" in mixed.warnings and "mean_differs" not in steady.warnings
    assert "!mean" in format_table(tab)
    if sign > 0:
        dec = decide(tab, outcome="user_losses")[0]
        assert dec.recommended["strategy"] == "mixed"  # the median decides; the page warns
        for lang, words in (("en", "includes zero or lies on the other side"),
                            ("zh", "包含零或位于另一侧")):
            assert any(words in c for c in decision_text(dec, lang)["caveats"])
            assert any(words in w for w in warning_text(tab, {}, lang))


def test_differences_within_float_rounding_are_zero() -> None:
    """``total_losses`` equal in every run but summed in another order showed an effect of
    4.55e-13 thousand CNY and an extra cost of 3.77e-05 (policy trial): both are 0; a real
    difference of a thousandth of a yuan is kept."""
    rows = []
    for rep in range(10):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        total = 7541.1 + rep * 0.37
        last_bit = np.nextafter(total, np.inf) if rep % 2 else total  # 9.1e-13 more
        rows += [{**base, "strategy": "do_nothing", "total_losses": total,
                  "response_cost": 0.3 + 0.6},
                 {**base, "strategy": "same", "total_losses": last_bit,
                  "response_cost": 0.1 + 0.2 + 0.6},
                 {**base, "strategy": "tiny", "total_losses": total + 1e-6,
                  "response_cost": 0.9}]
    assert 0.3 + 0.6 != 0.1 + 0.2 + 0.6
    tab = compare(pd.DataFrame(rows), n_boot=200)
    same = row(tab, "s", "same", "total_losses")
    assert same.diff_median == same.diff_mean == same.ci_low == same.ci_high == 0.0
    assert same.extra_cost == 0.0 and "e-" not in format_table(tab)
    tiny = row(tab, "s", "tiny", "total_losses")
    assert tiny.diff_median == pytest.approx(1e-6)


def test_every_warning_code_has_its_words_in_both_languages() -> None:
    """A new code without them stopped `compare --report` with a KeyError."""
    from trustsim import i18n
    from trustsim.experiments.compare import WARNINGS

    for code in WARNINGS:
        for lang in ("en", "zh"):
            assert i18n.tr(f"warn_{code}", lang)


def test_the_words_state_the_mean_where_the_verdict_reads_it() -> None:
    """The sentence, the table and the decision page give the mean and its interval for a
    row the tail check decided, and say that the median run changes by less than what
    matters: "no change that matters (95% CI 0.00 to 0.00)" was printed for it."""
    from trustsim.experiments.decision import decide, decision_text

    tab = compare(_zero_inflated([0.46, 0.55, 0.63, 0.71]), n_boot=2000)
    r = row(tab, "s", "odd", "users_departed")
    text = sentence(r)
    assert "on average over runs" in text and "of 20 paired runs, 4 are worse" in text
    # (trial: "the median run does not settle it ... 0 of 20 worse and 20 better" read as
    # a contradiction: it is the size the median run does not settle, not the direction)
    assert "the median run changes it by less than" in text, text
    assert f"{r.mean_ci_low:.2f}"[:3] in text or f"{r.mean_ci_low:.3f}"[:4] in text
    assert "(mean)" in format_table(tab) and "!tail" in format_table(tab)
    zh = sentence(r, "zh")
    assert "平均值" in zh and "20 次配对运行中 4 次更差" in zh and "中位运行的变化小于" in zh
    dec = decide(tab.assign(verdict=tab["verdict"]), outcome="users_departed")
    assert dec and dec[0].recommended is None  # worse: nothing to recommend
    assert not any("no change that matters" in s for s in decision_text(dec[0])["unchanged"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tail_note_says_why_the_median_run_does_not_settle_it(lang: str) -> None:
    """Third policy trial: "too little to settle it (by less than ±7 days, ...)" was said
    of a median run that recovered 46.5 days sooner, whose interval reached 0. A median
    within what matters is said to be so; a larger one, that its interval reaches no change
    (both signs)."""
    from trustsim.experiments.amounts import tail_note

    row = {"outcome": "time_to_recover", "min_effect": 7.0, "n_better": 13, "n_worse": 0,
           "n_pairs": 20}
    small, wide = (("run changes it by less than ±7", "interval reaches no change")
                   if lang == "en" else ("中位运行的变化小于 ±7", "中位运行的区间包含无变化"))
    for median in (-46.5, 46.5):
        said = tail_note({**row, "diff_median": median}, lang)
        assert wide in said and small not in said, said
    for median in (-3.0, 0.0, 3.0):
        said = tail_note({**row, "diff_median": median}, lang)
        assert small in said and wide not in said, said


@pytest.mark.parametrize("effect", [0.2, -0.2])
def test_too_few_pairs_get_no_verdict_however_clear_their_interval(effect: float) -> None:
    """Below six pairs no interval of a median reaches 95 %: one pair once read "better".

    Both directions: the strategy raises final trust (higher is better) and lowers trust
    lost (lower is better) by ``effect``; a negative effect makes it clearly worse.
    """
    clear = "better" if effect > 0 else "worse"
    for n in (1, 3, 5, 6, 20):
        tab = compare(synthetic(n=n, effect=effect, scenarios=("s",)), n_boot=300)
        for outcome in ("final_trust", "trust_lost"):
            r = row(tab, "s", "better", outcome)
            assert r.n_pairs == n
            assert r.verdict == ("unclear" if n < 6 else clear), (n, outcome, r)
            assert ("few_pairs" in r.warnings) == (n < 10)
            assert ("too few paired runs" in sentence(r)) == (n < 6), sentence(r)
            assert ("配对运行太少" in sentence(r, "zh")) == (n < 6)
            # nor is its interval called a 95 % one (policy trial: "(95% CI 0.051 to 0.053)"
            # printed for three pairs beside "no 95 % interval can be had")
            assert ("95% CI" in sentence(r)) == (n >= 6) != (
                f"rough interval from {n} paired runs, not a 95% one:" in sentence(r))
            assert ("95% 置信区间" in sentence(r, "zh")) == (n >= 6)
            # the summary says why no strategy is clearly better, or names the best
            (en,), (zh,) = findings(tab, outcome), findings(tab, outcome, "zh")
            assert ("too few paired runs" in en) == (n < 6) and ("配对运行太少" in zh) == (n < 6)
            assert ("95% CI" in en) == (n >= 6) and ("95% 置信区间" in zh) == (n >= 6)
            # only the headline (final_trust here) names a best response; another outcome
            # says it does best there and that the recommendation reads the headline
            said = "It is the best response" if outcome == "final_trust" else "It does best on"
            assert (said in en) == (n >= 6 and effect > 0), en
            assert ("It is the best response" in en) <= (outcome == "final_trust"), en
    for direction in (1, -1):
        assert verdict(direction, 1.0, 2.0, 0.0, n_pairs=5) == "unclear"
        assert verdict(direction, 1.0, 2.0, 0.0, n_pairs=6) == (
            "better" if direction > 0 else "worse")


@pytest.mark.parametrize("direction", [1, -1])
def test_a_clear_effect_smaller_than_what_matters_is_marked(direction: int) -> None:
    """A verdict of better or worse by a median below the smallest effect that matters is
    marked ``small``, in both directions of the outcome and of the effect; an effect that
    matters is not."""
    outcome = "final_trust" if direction > 0 else "user_losses"
    m = registry.OUTCOMES[outcome].min_effect
    # paired differences spread evenly: small ones from 0.1 m to 1.7 m (median 0.9 m, its
    # interval about 0.66 m to 1.15 m: clear of zero, reaching beyond m), big ones 4x that
    spread = np.linspace(0.1, 1.7, 41) * m
    rows = []
    for rep_, d in enumerate(spread):
        for st, x in [("do_nothing", 0.0), ("small_up", d), ("small_down", -d),
                      ("big_up", 4 * d), ("big_down", -4 * d)]:
            rows.append({"scenario": "s", "strategy": st, "design_point": 0,
                         "replication": rep_, "seed": rep_, outcome: 10 * m + x})
    tab = compare(pd.DataFrame(rows), outcomes=[outcome], n_boot=500)
    for st, small in [("small_up", True), ("small_down", True), ("big_up", False),
                      ("big_down", False)]:
        r = row(tab, "s", st, outcome)
        up = st.endswith("up")
        assert r.verdict == ("better" if up == (direction > 0) else "worse"), r
        assert ("small" in r.warnings.split(",")) == small, r
        assert ("smaller than the smallest effect that matters" in sentence(r)) == small
    assert "!small" in format_table(tab)
    text = " ".join(warning_text(tab, {}))
    assert "In 2 of 4 comparisons the verdict is better or worse but the effect is smaller" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("outcome", ["final_trust", "user_losses"])
def test_an_effect_below_what_matters_never_prints_as_much(outcome: str, lang: str) -> None:
    """An effect just under the smallest effect that matters, beside a wide interval,
    printed as 0.02 next to "smaller than ... (±0.02)"; it now takes the decimals that keep
    it apart from that figure, in both languages and for a lower-is-better outcome too."""
    m = registry.OUTCOMES[outcome].min_effect
    k = 0.1 if (lang == "zh" and outcome == "user_losses") else 1.0  # sentences say 万元
    sign = 1 if outcome == "final_trust" else -1
    r = {"scenario": "data_leak", "strategy": "full_rebuild", "baseline": "do_nothing",
         "outcome": outcome, "n_pairs": 20, "diff_median": sign * 0.9996 * m,
         "ci_low": sign * 0.55 * m, "ci_high": sign * 2.5 * m, "verdict": "better",
         "direction": sign, "n_better": 18, "n_worse": 2, "min_effect": m,
         "warnings": "small"}
    text = sentence(r, lang)
    said = text.split("±")[0]
    # 0.019992 / 99.96 / 9.996 (万元): printed as 0.02 / 100.0 / 10.00 before
    shown = {("final_trust", "en"): "0.01999 more", ("final_trust", "zh"): "0.01999 的",
             ("user_losses", "en"): "by 99.96 thousand", ("user_losses", "zh"): "9.996 万元"}
    assert shown[outcome, lang] in said, text
    assert f"±{m * k:,g}" in text, text
    # an effect that prints apart from it anyway takes the outcome's one precision, as
    # its tables (a tenth of what matters; money to a thousand CNY)
    r.update(diff_median=sign * 0.5 * m)
    short = fixed(0.5 * m * k, 0.55 * m * k, 2.5 * m * k, decimals=registry.places(outcome, lang))
    assert f"{short[0]}" in sentence(r, lang) and f"{short[1]} " in sentence(r, lang)


@pytest.mark.parametrize("direction", [1, -1])
def test_every_verdict_agrees_with_its_own_interval(direction: int) -> None:
    """On many random intervals, each verdict says what its interval says."""
    rng = np.random.default_rng(direction + 10)
    for _ in range(5000):
        lo, hi = np.sort(rng.normal(0, 1, 2) * rng.choice([0.01, 1, 100]))
        m = float(rng.choice([0.0, 0.05, 1.0]))
        v = verdict(direction, lo, hi, m)
        assert agrees(v, direction, lo, hi, m), (v, direction, lo, hi, m)


def agrees(v: str, direction: int, lo: float, hi: float, m: float,
           n_pairs: int | None = None) -> bool:
    """Whether verdict ``v`` is what the interval [lo, hi] and threshold m say.

    With fewer than six pairs no verdict can be had: only ``unclear`` agrees.
    """
    if n_pairs is not None and n_pairs < 6:
        return v == "unclear"
    good_lo, good_hi = sorted((direction * lo, direction * hi))
    inside = -m <= good_lo and good_hi <= m
    return {"negligible": inside,
            "better": not inside and good_lo > 0,
            "worse": not inside and good_hi < 0,
            "unclear": not inside and good_lo <= 0 <= good_hi}[v]


def test_min_effect_comes_from_the_registry_and_can_be_overridden() -> None:
    tab = compare(directional(), n_boot=300)
    r = row(tab, "s", "tiny", "final_trust")
    assert r.min_effect == 0.02 and r.verdict == "negligible"
    tab = compare(directional(), n_boot=300, min_effect={"final_trust": 0.0})
    assert row(tab, "s", "tiny", "final_trust").verdict == "better"
    assert row(tab, "s", "helps", "user_losses").min_effect == 100.0


def test_table_shape_baseline_rows_and_median_band() -> None:
    s = synthetic(n=20)
    tab = compare(s, n_boot=200)
    assert len(tab) == 2 * 4 * 3  # scenarios x strategies x outcomes
    base = tab[tab.is_baseline]
    assert set(base.strategy) == {"do_nothing"} and base.diff_median.isna().all()
    g = s[(s.scenario == "leak") & (s.strategy == "better")]["final_trust"]
    r = row(tab, "leak", "better", "final_trust")
    assert r["median"] == pytest.approx(g.median())
    assert r.p10 == pytest.approx(np.percentile(g, 10))
    assert r.p90 == pytest.approx(np.percentile(g, 90))
    assert row(tab, "leak", "better", "platform_spending").direction == ""
    assert np.isnan(row(tab, "leak", "better", "platform_spending")["rank"])


def test_pairing_is_by_seed_so_row_order_does_not_matter() -> None:
    s = synthetic(n=30)
    a = compare(s, n_boot=500, seed=3)
    shuffled = s.sample(frac=1.0, random_state=11).reset_index(drop=True)
    b = compare(shuffled, n_boot=500, seed=3)
    key = ["scenario", "strategy", "outcome"]
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True),
                                  b.sort_values(key).reset_index(drop=True))


def test_unpaired_would_be_wider_pairing_uses_shared_seeds() -> None:
    """Breaking the pairing (shuffling one strategy's seeds) widens the interval a lot."""
    s = synthetic(n=40)
    broken = s.copy()
    m = broken.strategy == "better"
    broken.loc[m, "replication"] = broken.loc[m, "replication"].sample(
        frac=1.0, random_state=1).to_numpy()
    broken.loc[m, "seed"] = -1  # no shared seed: nothing pairs
    assert row(compare(broken, n_boot=200), "leak", "better", "final_trust").n_pairs == 0


def test_baseline_choice_and_errors() -> None:
    s = synthetic(n=10)
    tab = compare(s, baseline="twin", n_boot=100)
    assert set(tab.baseline) == {"twin"}
    no_dn = s[s.strategy != "do_nothing"]
    assert set(compare(no_dn, n_boot=100).baseline) == {"better"}  # the first strategy
    with pytest.raises(ScenarioError, match="baseline"):
        compare(s, baseline="nope")
    with pytest.raises(ScenarioError, match="outcome"):
        compare(s, outcomes=["nope"])
    with pytest.raises(ScenarioError, match="no finished runs"):
        compare(s.iloc[:0])


def test_nan_outcomes_are_left_out_of_their_pairs() -> None:
    s = synthetic(n=10)
    s.loc[s.index[:8], "final_trust"] = np.nan
    r = row(compare(s, n_boot=100), "leak", "better", "final_trust")
    assert 0 < r.n_pairs < 10


def test_an_outcome_never_reached_in_both_runs_of_a_pair_is_a_tie() -> None:
    """``half_recovery_days`` is infinite where trust never came half back: inf - inf left
    every pair out ("0 paired runs"), medians printed n/a and numpy warned on stderr
    (researcher trial). The same never in both runs is a difference of 0; a median of runs
    that never got there is inf."""
    rows = []
    for rep in range(10):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        rows += [{**base, "strategy": "do_nothing", "half_recovery_days": np.inf,
                  "fall_days": 30.0 + rep},
                 {**base, "strategy": "other", "half_recovery_days": np.inf,
                  "fall_days": 5.0 + rep}]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        tab = compare(pd.DataFrame(rows), n_boot=200)
    r = row(tab, "s", "other", "half_recovery_days")
    assert r.n_pairs == 10 and r.diff_median == r.ci_low == r.ci_high == 0.0
    assert r["median"] == np.inf
    assert "inf [inf, inf]" in format_table(tab, outcomes=["half_recovery_days"])
    # One run that got there beside one that never did is no tie (review): -inf
    for k, rep in enumerate(range(0, 20, 2)):
        if k < 6:
            rows[rep + 1]["half_recovery_days"] = 20.0 + k
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        tab = compare(pd.DataFrame(rows), n_boot=200)
    r = row(tab, "s", "other", "half_recovery_days")
    assert r.n_pairs == 10 and r.diff_median == -np.inf and r.diff_mean == -np.inf
    assert r["median"] == 24.5 and r["p90"] == np.inf  # linear between finite runs, as ever
    assert "-inf" in format_table(tab, outcomes=["half_recovery_days"])


def test_directions_cover_every_summary_key() -> None:
    from trustsim.metrics import SUMMARY_KEYS

    assert set(SUMMARY_KEYS) <= set(DIRECTION)


def test_format_table_and_findings_read_well() -> None:
    tab = compare(synthetic(n=20), n_boot=200)
    text = format_table(tab, ["final_trust"])
    assert "leak (baseline do_nothing; 20 paired runs)" in text
    assert "(baseline)" in text and "20/20" in text
    lines = findings(tab)
    assert len(lines) == 2
    assert lines[0].startswith("In “leak”, better keeps 0.")
    assert "more trust than no response (95% CI" in lines[0]
    assert "better in 20 of 20 paired runs" in lines[0]


def test_compare_is_exported_lazily() -> None:
    import subprocess
    import sys

    code = ("import sys, trustsim; heavy = [m for m in ('matplotlib', 'dask', 'SALib', "
            "'trustsim.experiments.compare') if m in sys.modules]; print(heavy); "
            "assert not heavy; assert callable(trustsim.compare) and "
            "callable(trustsim.report)")
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- on real runs
def test_compare_on_results_pairs_every_replication(smoke: Path) -> None:
    res = trustsim.load_results(smoke)
    tab = trustsim.compare(res, n_boot=200)
    assert list(dict.fromkeys(tab.scenario)) == ["rumour_run", "data_leak"]
    assert set(tab.outcome) == set(res.manifest["outcomes"])
    assert (tab.loc[~tab.is_baseline, "n_pairs"] == 6).all()
    # every verdict of a real table agrees with its own interval and threshold
    ranked = tab[~tab.is_baseline & (tab.direction != "")]
    assert len(ranked) and ranked.verdict.isin(["better", "worse", "negligible",
                                                 "unclear"]).all()
    for r in ranked.itertuples():
        sign = 1 if r.direction == "higher" else -1
        assert agrees(r.verdict, sign, r.ci_low, r.ci_high, r.min_effect, r.n_pairs), r


def test_cli_compare_end_to_end(smoke: Path, capsys) -> None:
    report = smoke / "out.html"
    rc = cli.main(["compare", str(smoke), "--report", str(report), "--n-boot", "200",
                   "--svg"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "rumour_run (baseline do_nothing; 6 paired runs)" in out
    assert "best strategy per scenario" in out and "95% CI" in out
    folder = smoke / "compare"
    table = pd.read_csv(folder / "compare.csv", keep_default_na=False, na_values=[""])
    # the printed table shows the primary outcomes and names the others (an outside trial
    # took money at risk, not printed and not named, for absent)
    compared = list(dict.fromkeys(table["outcome"]))
    printed = {o for o in compared if f" {o} " in out.split("best strategy per scenario")[0]}
    rest = [o for o in compared if o not in printed]
    assert printed and rest
    assert (f"(the table shows {len(printed)} of the {len(compared)} outcomes compared; the "
            f"others are in {folder / 'compare.csv'} and the report, or print them with "
            f"--outcomes: {', '.join(rest)})") in " ".join(out.split())
    parquet = pd.read_parquet(folder / "compare.parquet")
    assert list(table.columns) == list(parquet.columns) and len(table) == len(parquet)
    made = json.loads((folder / "about.json").read_text(encoding="utf-8"))  # (trial)
    assert made["baseline"] == "do_nothing" and made["paired_runs"] == [6, 6]
    assert made["experiment_seed"] is not None and made["provenance"]["SALib"]
    assert made["bootstrap"] == {"n_boot": 200, "seed": 0}  # (review: not recorded)
    assert np.allclose(table["ci_low"], parquet["ci_low"], equal_nan=True)
    pngs = sorted(folder.glob("*.png"))
    assert {"envelope_holder_trust_rumour_run.png", "cost_data_leak.png",
            "forest_final_trust.png", "heatmap_final_trust.png"} <= {p.name for p in pngs}
    assert all(p.read_bytes()[:8] == PNG_MAGIC for p in pngs)
    assert len(list(folder.glob("*.svg"))) == len(pngs)
    assert report.exists() and not list(folder.glob(".*.tmp"))


def test_cli_compare_bad_input_exits_2(smoke: Path, tmp_path: Path, capsys) -> None:
    assert cli.main(["compare", str(tmp_path / "none")]) == 2
    assert cli.main(["compare", str(smoke), "--baseline", "nope"]) == 2
    assert cli.main(["compare", str(smoke), "--outcomes", "final_trust,nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("error: ") == 3 and "Traceback" not in err
    assert cli.main(["compare", str(smoke), "--baseline", "do_nothin"]) == 2
    assert cli.main(["compare", str(smoke), "--outcomes", "final_trst"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'do_nothing'" in err and "did you mean 'final_trust'" in err


def test_cli_compare_outcomes_subset(smoke: Path, capsys) -> None:
    assert cli.main(["compare", str(smoke), "--outcomes", "trust_lost,min_trust",
                     "--n-boot", "100", "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    table = pd.read_csv(smoke / "compare" / "compare.csv")
    assert set(table.outcome) == {"trust_lost", "min_trust"}


# --------------------------------------------------------------------------- money
def test_cost_per_strategy_median_and_band_zero_is_zero() -> None:
    df = synthetic(n=30)
    df.loc[df.strategy == "same", "platform_spending"] = 0.0
    tab = compare(df, n_boot=200, outcomes=["final_trust"])
    better = row(tab, "leak", "better", "final_trust")
    base = row(tab, "leak", "do_nothing", "final_trust")
    assert 200 < better.cost_median < 210 and better.cost_p10 < better.cost_median \
        < better.cost_p90
    assert better.cost_median == pytest.approx(base.cost_median + 200, abs=1.5)
    assert row(tab, "leak", "same", "final_trust").cost_median == 0.0
    # effect per cost is the median effect over the median extra cost (same statistic)
    # per million CNY; the cost is in thousand CNY
    assert better.effect_per_cost == pytest.approx(1000 * better.diff_median
                                                   / better.extra_cost)
    text = format_table(tab)
    assert "cost, thousand CNY (median [p10, p90]):" in text and "same 0 [0, 0]" in text


# --------------------------------------------------------------------------- warnings
def test_few_pairs_and_split_warnings_both_ways() -> None:
    few = compare(synthetic(n=6), n_boot=200, outcomes=["final_trust"])
    assert (few.loc[~few.is_baseline, "warnings"].str.contains("few_pairs")).all()
    many = compare(synthetic(n=30), n_boot=200, outcomes=["final_trust"])
    assert not many["warnings"].str.contains("few_pairs").any()
    assert not many["split"].any()
    # the split: in 12 of 20 worlds the strategy adds 0.35 trust, in 8 nothing
    rng = np.random.default_rng(4)
    rows = []
    for rep in range(20):
        w = rng.normal(0.5, 0.2)
        gain = 0.35 if rep % 5 < 3 else 0.0
        for st, d in (("do_nothing", 0.0), ("sometimes", gain + rng.normal(0, 0.02))):
            rows.append({"scenario": "s", "strategy": st, "design_point": 0,
                         "replication": rep, "seed": rep, "final_trust": w + d})
    r = row(compare(pd.DataFrame(rows), n_boot=200), "s", "sometimes", "final_trust")
    assert r.split and r.split_p < 0.01 and "split" in r.warnings


def test_losses_postponed_past_the_horizon_are_flagged() -> None:
    """``postpone`` shows the fewest realised losses but leaves a failing platform's
    money at risk: counting it as lost moves its rank; ``prevent`` truly cuts losses."""
    rng = np.random.default_rng(6)
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        loss = rng.uniform(4000, 6000)
        rows += [{**base, "strategy": "do_nothing", "user_losses": loss,
                  "money_at_risk": 0.0},
                 {**base, "strategy": "postpone", "user_losses": 0.0,
                  "money_at_risk": loss * 1.5},
                 {**base, "strategy": "prevent", "user_losses": loss / 2,
                  "money_at_risk": 0.0}]
    tab = compare(pd.DataFrame(rows), n_boot=200)
    post = row(tab, "s", "postpone", "user_losses")
    prev = row(tab, "s", "prevent", "user_losses")
    assert post["rank"] == 1 and post.rank_at_risk == 3 and "horizon" in post.warnings
    assert prev["rank"] == 2 and prev.rank_at_risk == 1 and "horizon" not in prev.warnings
    # without money at risk in the results there is nothing to check
    tab = compare(pd.DataFrame(rows).drop(columns="money_at_risk"), n_boot=100)
    assert tab["rank_at_risk"].isna().all()


def test_the_horizon_check_prices_money_at_risk_by_a_wind_up_when_it_can() -> None:
    """With ``losses_if_wound_up`` in the results the check counts what a wind-up of the
    platforms at risk would cost, not every claim: ``postpone`` leaves a platform that
    is insolvent but holds most of what it owes (a small shortfall: its rank holds, no
    warning, though all its money at risk would have moved it), ``gamble`` one that
    would repay little (flagged, as before)."""
    rng = np.random.default_rng(7)
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        loss = rng.uniform(4000, 6000)
        for st, realised, risk, shortfall in (("do_nothing", loss, 0.0, 0.0),
                                              ("postpone", 0.0, loss * 1.5, loss * 0.1),
                                              ("gamble", 0.0, loss * 1.5, loss * 1.2),
                                              ("prevent", loss / 2, 0.0, 0.0)):
            rows.append({**base, "strategy": st, "user_losses": realised,
                         "money_at_risk": risk, "losses_if_wound_up": realised + shortfall})
    tab = compare(pd.DataFrame(rows), n_boot=200)
    post = row(tab, "s", "postpone", "user_losses")
    gamble = row(tab, "s", "gamble", "user_losses")
    assert post.rank_at_risk == 1 and "horizon" not in post.warnings
    assert gamble.rank_at_risk == 4 and "horizon" in gamble.warnings
    # The same results without the priced outcome: every claim at risk counts as lost,
    # and postpone is flagged too.
    old = compare(pd.DataFrame(rows).drop(columns="losses_if_wound_up"), n_boot=200)
    assert "horizon" in row(old, "s", "postpone", "user_losses").warnings


def test_failed_runs_are_counted_and_warned(smoke: Path, tmp_path: Path, capsys) -> None:
    import json
    import shutil

    folder = tmp_path / "res"
    shutil.copytree(smoke, folder, ignore=shutil.ignore_patterns("compare", "report*"))
    res = trustsim.load_results(folder)
    run = res.runs[(res.runs.scenario == "data_leak")
                   & (res.runs.strategy == "timely_truthful_disclosure")].iloc[0]
    (folder / "summaries" / f"{run.run_id}.parquet").unlink()
    with open(folder / "ledger.jsonl", "a") as fh:
        fh.write(json.dumps({"run_id": run.run_id, "status": "failed",
                             "error": "boom", "traceback": "Traceback: boom"}) + "\n")
    tab = trustsim.compare(trustsim.load_results(folder), n_boot=100)
    leak = tab[tab.scenario == "data_leak"]
    assert (leak.loc[leak.strategy == "timely_truthful_disclosure", "n_failed"] == 1).all()
    ttd = leak.strategy == "timely_truthful_disclosure"
    assert leak.loc[ttd, "warnings"].str.contains("failed_runs").all()
    assert not leak.loc[~ttd, "warnings"].str.contains("failed_runs").any()
    assert not tab.loc[tab.scenario == "rumour_run", "warnings"].str.contains(
        "failed").any()
    assert cli.main(["compare", str(folder), "--n-boot", "100"]) == 0
    captured = capsys.readouterr()
    assert "!failed" in captured.out and "1 run(s) failed" in captured.err


# --------------------------------------------------------------------------- --by
@pytest.fixture(scope="module")
def lhs(tmp_path_factory) -> Path:
    """A tiny Latin-hypercube sweep: 8 design points x 2 strategies x 1 replication."""
    import yaml

    work = tmp_path_factory.mktemp("lhs")
    spec = {"name": "lhs", "seed": 5, "scenarios": ["rumour_run"],
            "strategies": ["do_nothing", "rapid_rebuttal"], "replications": 1,
            "params": {"n_users": 150}, "steps": 40,
            "design": {"method": "lhs", "samples": 8,
                       "parameters": {"herding_mean": {"range": [0.1, 0.9]}}},
            "outcomes": ["final_trust", "trust_lost", "failed_platforms"],
            "timeseries": "none"}
    (work / "lhs.yaml").write_text(yaml.safe_dump(spec))
    out = work / "res"
    trustsim.run_experiment(trustsim.load_experiment(work / "lhs.yaml"), out=out,
                            executor="serial", progress=False)
    return out


def test_compare_by_a_design_parameter(lhs: Path, capsys) -> None:
    from trustsim.experiments.effects_by import compare_by

    res = trustsim.load_results(lhs)
    tab = compare_by(res, "herding_mean", bins=2, n_boot=100)
    assert list(dict.fromkeys(tab["bin"])) == sorted(set(tab["bin"]), key=lambda b: float(
        b.split("-")[0]))
    assert tab["n_points"].tolist() == [4] * len(tab)
    rr = tab[(tab.strategy == "rapid_rebuttal") & (tab.outcome == "final_trust")]
    assert rr["n_pairs"].tolist() == [4, 4]
    lo, hi = rr["bin_low"].to_numpy(), rr["bin_high"].to_numpy()
    assert hi[0] <= lo[1]  # the bins do not overlap
    # the effect in each bin is the comparison of that bin's pairs only
    s = res.summaries
    first = s[s.herding_mean <= hi[0]]
    direct = compare(first, n_boot=100, outcomes=["final_trust"])
    assert row(direct, "rumour_run", "rapid_rebuttal", "final_trust").diff_median == \
        pytest.approx(rr["diff_median"].iloc[0])
    assert cli.main(["compare", str(lhs), "--by", "herding_mean", "--bins", "2",
                     "--n-boot", "100"]) == 0
    out = capsys.readouterr().out
    assert "by herding_mean" in out and "(4 pairs)" in out
    assert (lhs / "compare" / "compare_by_herding_mean.csv").exists()
    assert cli.main(["compare", str(lhs), "--by", "n_users"]) == 2
    err = capsys.readouterr().err
    assert "--by" in err and "n_users" in err and "herding_mean" in err
    # the experiment's smallest effects for outcomes not compared here are no error (review:
    # "min_effect.trust_lost: not a compared outcome" for --outcomes final_trust)
    res.manifest["min_effect"] = {"trust_lost": 0.05}
    assert len(compare_by(res, "herding_mean", bins=2, n_boot=100, outcomes=["final_trust"]))


def test_compare_by_on_read_only_results_prints_then_says_not_saved(lhs: Path, capsys,
                                                                    monkeypatch) -> None:
    """It printed only the error (trial): the table first, then one error, exit 2."""
    import errno

    import trustsim.outputs

    def refuse(frame, path):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(trustsim.outputs, "write_frame", refuse)
    assert cli.main(["compare", str(lhs), "--by", "herding_mean", "--bins", "2",
                     "--n-boot", "100"]) == 2
    out, err = capsys.readouterr()
    assert "by herding_mean" in out and "not saved" in out
    assert "Read-only file system: the table above was not saved" in err


def _loss_runs(spec: tuple[tuple[str, float, float], ...], *,
               money_at_risk: bool = False) -> pd.DataFrame:
    """20 paired runs of scenario ``s``: ``(strategy, realised losses, losses if wound
    up)``, each run adding its replication number to both."""
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        for st, realised, total in spec:
            r = {**base, "strategy": st, "user_losses": realised + rep,
                 "losses_if_wound_up": total + rep}
            if money_at_risk:
                r["money_at_risk"] = total - realised
            rows.append(r)
    return pd.DataFrame(rows)


def test_the_horizon_warning_flags_only_strategies_that_fall_in_the_ranking() -> None:
    """``climb`` has a hidden loss that matters but moves *up* once hidden losses are
    counted (others hide more): no warning; ``hide`` falls from first to last: warned."""
    tab = compare(_loss_runs((("do_nothing", 1000.0, 1200.0), ("hide", 900.0, 5000.0),
                             ("climb", 950.0, 1000.0)), money_at_risk=True), n_boot=200)
    base_row = row(tab, "s", "do_nothing", "user_losses")
    hide, climb = row(tab, "s", "hide", "user_losses"), row(tab, "s", "climb", "user_losses")
    assert hide["rank"] == 1 and hide.rank_at_risk == 3 and "horizon" in hide.warnings
    assert base_row["rank"] == 3 and base_row.rank_at_risk == 2
    assert "horizon" not in base_row.warnings  # it climbs: nothing of its own is postponed
    assert climb.rank_at_risk == 1 and "horizon" not in climb.warnings


def _verdict_table(effects: dict[str, tuple[float, float]], outcome: str = "trust_lost",
                   n: int = 20) -> pd.DataFrame:
    """Paired runs where each strategy differs from do_nothing by a mean plus or minus a
    spread, alternately (so the median difference is the mean, whatever the spread):
    ``{strategy: (mean difference, spread)}``."""
    rng = np.random.default_rng(11)
    rows = []
    for rep in range(n):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        world = rng.normal(0.3, 0.1)
        rows.append({**base, "strategy": "do_nothing", outcome: world})
        for st, (mean, sd) in effects.items():
            dev = sd * (1 if rep % 2 else -1) * (1 + rep / 100)
            rows.append({**base, "strategy": st, outcome: world + mean + dev})
    return compare(pd.DataFrame(rows), n_boot=400)


@pytest.mark.parametrize("outcome,sign", [("trust_lost", -1), ("final_trust", 1)])
def test_the_summary_names_a_clearly_better_strategy_over_a_larger_unclear_median(
        outcome: str, sign: int) -> None:
    """A clearly better strategy beats one with a larger but uncertain median effect: the
    summary used to word itself from the largest median alone ("no strategy is clearly
    better") while another strategy was clearly better. Both directions."""
    tab = _verdict_table({"sure": (sign * 0.05, 0.005), "wild": (sign * 0.08, 0.6)}, outcome)
    assert row(tab, "s", "sure", outcome).verdict == "better"
    assert row(tab, "s", "wild", outcome).verdict == "unclear"
    assert row(tab, "s", "wild", outcome).diff_median * sign > 0.05
    text = findings(tab, outcome)[0]
    assert text.startswith("In “s”, sure ") and "It is the best response" in text
    zh = findings(tab, outcome, lang="zh")[0]
    assert "sure" in zh and "最好的应对策略" in zh


@pytest.mark.parametrize("outcome,sign", [("user_losses", -1), ("aum_retained", 1)])
def test_the_least_bad_of_a_worse_field_says_the_unit_of_both_its_numbers(outcome: str,
                                                                        sign: int) -> None:
    """The summary sentence is forwarded alone: money says its unit after the effect and
    after the interval, in English (thousand CNY) and in Chinese (万元 on both), and a share
    stays bare (both directions of better)."""
    big = 300.0 if outcome == "user_losses" else 0.03
    tab = _verdict_table({"c": (-sign * big, big / 10), "d": (-sign * big * 2 / 3,
                                                              big / 10)}, outcome)
    assert set(tab.loc[~tab.is_baseline, "verdict"]) == {"worse"}
    en, zh = findings(tab, outcome)[0], findings(tab, outcome, lang="zh")[0]
    assert "least bad is d" in en
    tail = en.split("least bad is d")[1]
    if outcome == "user_losses":
        assert tail.count("thousand CNY") == 2 and tail.endswith("thousand CNY).")
        assert zh.split("相对最好的是")[1].count("万元") == 2
    else:
        assert "CNY" not in tail and "万元" not in zh


@pytest.mark.parametrize("outcome,sign", [("trust_lost", -1), ("final_trust", 1)])
def test_every_strategy_is_worse_only_when_every_verdict_is_worse(outcome: str,
                                                                 sign: int) -> None:
    worse = {"c": (-sign * 0.03, 0.003), "d": (-sign * 0.02, 0.003)}
    tab = _verdict_table(worse, outcome)
    assert set(tab.loc[~tab.is_baseline, "verdict"]) == {"worse"}
    text = findings(tab, outcome)[0]
    assert "every strategy does worse" in text and "least bad is d" in text
    # One worse and one unclear whose median is even lower: not "every strategy does
    # worse" (the summary used to read the verdict of the largest median alone), and the
    # best named is the unclear one.
    tab = _verdict_table({"c": (-sign * 0.03, 0.003), "u": (-sign * 0.045, 0.6)}, outcome)
    assert row(tab, "s", "u", outcome).verdict == "unclear"
    text = findings(tab, outcome)[0]
    assert "every strategy does worse" not in text
    # ... and with a median on the worse side, "the best, u, keeps less" is not said: none
    # improves at all (policy trial: "the best, compensate_only, cuts losses by 0.00")
    assert text.startswith("In “s”, no strategy is clearly better") and "the best" not in text
    assert ("none improves on it by its median paired difference (u, the most often better, "
            "is better in ") in text  # how often it is, kept (review)
    tab = _verdict_table({"c": (-sign * 0.03, 0.003), "u": (sign * 0.045, 0.6)}, outcome)
    assert row(tab, "s", "u", outcome).verdict == "unclear"
    text = findings(tab, outcome)[0]
    assert text.startswith("In “s”, no strategy is clearly better")
    assert "the most promising, u," in text
    assert "none improves" not in text and "也没有策略" not in findings(tab, outcome, "zh")[0]


@pytest.mark.parametrize("outcome,sign", [("trust_lost", -1), ("final_trust", 1)])
def test_the_most_promising_of_unclear_strategies_says_when_its_mean_points_the_other_way(
        outcome: str, sign: int) -> None:
    """Policy trial: "no strategy is clearly better ...: the best, rapid_rebuttal, cuts
    savers' losses by 184.8" while its mean added 218.7. Most runs a little better, a few
    much worse: the sentence names it the most promising and says the mean points the
    other way. Both directions of outcome; a strategy whose mean agrees gets no caveat."""
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        world = 0.5 + 0.001 * rep
        rows.append({**base, "strategy": "do_nothing", outcome: world})
        diff = sign * 0.02 if rep % 20 < 11 else -sign * (0.06 + 0.002 * rep)
        rows.append({**base, "strategy": "x", outcome: world + diff})
    tab = compare(pd.DataFrame(rows), n_boot=400)
    r = row(tab, "s", "x", outcome)
    assert r.verdict == "unclear" and sign * r.diff_median > 0 and sign * r.diff_mean < 0
    text, zh = findings(tab, outcome)[0], findings(tab, outcome, "zh")[0]
    assert "the most promising, x," in text and "the best" not in text
    assert "on average over runs it points the other way (mean paired difference " in text
    assert "按各次运行的平均值计方向相反" in zh
    agree = _verdict_table({"u": (sign * 0.045, 0.6)}, outcome)
    assert "points the other way" not in findings(agree, outcome)[0]


@pytest.mark.parametrize("outcome,sign", [("final_trust", 1), ("trust_lost", -1)])
def test_a_median_gain_the_mean_reverses_is_flagged(outcome: str, sign: int) -> None:
    """Policy trial: rapid_rebuttal kept 0.046 more trust in the median run (13 of 20
    runs, unclear) and 0.041 less on average (7 runs much worse), with no warning."""
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        world = 0.5 + 0.001 * rep
        gain = 0.04 if rep % 3 else -0.2  # 13 runs a little better, 7 much worse
        rows += [{**base, "strategy": "do_nothing", outcome: world},
                 {**base, "strategy": "x", outcome: world + sign * gain},
                 {**base, "strategy": "y", outcome: world + sign * (0.04 if rep % 3
                                                                   else 0.01)}]
    tab = compare(pd.DataFrame(rows), n_boot=400)
    x = tab[(tab.strategy == "x") & (tab.outcome == outcome)].iloc[0]
    assert x.verdict == "unclear" and sign * x.diff_median > 0 > sign * x.diff_mean
    assert "mean_opposite" in x.warnings
    y = tab[(tab.strategy == "y") & (tab.outcome == outcome)].iloc[0]
    assert "mean_opposite" not in y.warnings  # its mean agrees
    assert "on average over runs it points the other way" in sentence(x)
    assert "按各次运行的平均值计方向相反" in sentence(x, "zh")
    assert "mean_opposite" in WARNINGS
    assert "median alone would mislead" in " ".join(warning_text(tab, {}))
    assert "仅看中位数会产生误导" in " ".join(warning_text(tab, {}, "zh"))
    # ... and the figures say so too (trial: drawn level with the best, unmarked): the
    # heat map's cell ‡ with its note, the forest's row named; y (its mean agrees) not
    from trustsim.viz.plots import plot_forest, plot_heatmap

    for lang, mark in (("en", "(its mean: the other way)"), ("zh", "平均值方向相反")):
        ax = plot_heatmap(tab, outcome, lang=lang).axes[0]
        assert sum(t.get_text().endswith("‡") for t in ax.texts) == 1
        assert "‡" in ax.get_xlabel()
        names = [t.get_text() for t in plot_forest(tab, outcome, lang=lang).axes[0]
                 .get_yticklabels()]
        assert [n for n in names if mark in n] == [n for n in names if n.startswith("x")]


def test_a_time_to_recover_where_a_side_never_recovered_is_called_a_bound() -> None:
    """Policy trial: "recovers 130.0 days sooner" where do_nothing never recovered: its 130
    days were the days left in the run, not a measured time."""
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        never = rep % 2 == 0  # the baseline never recovers in half of the runs
        rows += [{**base, "strategy": "do_nothing", "recovered": 0.0 if never else 1.0,
                  "time_to_recover": 130.0 if never else 60.0 + rep},
                 {**base, "strategy": "fast", "recovered": 1.0, "time_to_recover": 5.0 + rep},
                 {**base, "strategy": "same", "recovered": 1.0, "time_to_recover": 50.0}]
    tab = compare(pd.DataFrame(rows), n_boot=300)
    fast = tab[(tab.strategy == "fast") & (tab.outcome == "time_to_recover")].iloc[0]
    assert "censored" in fast.warnings
    assert "a bound, not a measured time" in sentence(fast)
    assert "只是一个界限" in sentence(fast, "zh")
    assert "never recovered" in " ".join(warning_text(tab, {}))
    assert "censored" not in tab[tab.outcome == "recovered"]["warnings"].str.cat()
    # every run recovered on both sides: a measured time, no such word
    calm = compare(pd.DataFrame([{**r, "recovered": 1.0} for r in rows]), n_boot=300)
    assert "censored" not in calm["warnings"].str.cat()


def test_every_warning_code_has_words_on_the_decision_page() -> None:
    """A new warning code without its caveat crashed the report (KeyError 'caveat_censored',
    found on the flagship before it shipped)."""
    from trustsim.i18n.messages import MESSAGES

    missing = [c for c in WARNINGS if c != "horizon" and f"caveat_{c}" not in MESSAGES]
    assert not missing, missing


def test_an_interval_of_no_width_is_not_written_as_one() -> None:
    """Policy trial: "recovers 130.0 days sooner (95% CI 130.0 to 130.0)" from 20 runs that
    all agreed read as certainty; there is no interval to give."""
    tab = _verdict_table({"a": (0.3, 0.0), "b": (0.3, 0.05)}, "final_trust")
    a = tab[(tab.strategy == "a") & (tab.outcome == "final_trust")].iloc[0]
    assert a.ci_low == pytest.approx(a.ci_high)
    assert "95% CI" not in sentence(a) and "no interval" in sentence(a)
    assert "the same in every resampling of the 20 paired runs" in sentence(a)
    assert "无区间" in sentence(a, "zh")
    b = tab[(tab.strategy == "b") & (tab.outcome == "final_trust")].iloc[0]
    assert "95% CI" in sentence(b) and "no interval" not in sentence(b)


def test_no_margin_that_matters_only_when_every_verdict_is_negligible() -> None:
    tab = _verdict_table({"a": (0.0005, 0.0001), "b": (0.0002, 0.0001)}, "final_trust")
    assert set(tab.loc[~tab.is_baseline, "verdict"]) == {"negligible"}
    assert "by a margin that matters" in findings(tab, "final_trust")[0]
    # all of them too small to matter: the largest gain is named, not "the best" (trial)
    assert "the largest gain, a," in findings(tab, "final_trust")[0]
    assert "the best" not in findings(tab, "final_trust")[0]
    assert "其中改善最大的" in findings(tab, "final_trust", "zh")[0]
    # ... a gain, not the largest change: b moves it further, the other way (review)
    tab = _verdict_table({"a": (0.0005, 0.0001), "b": (-0.0009, 0.0001)}, "final_trust")
    assert "the largest gain, a, keeps" in findings(tab, "final_trust")[0]
    tab = _verdict_table({"a": (-0.0001, 0.00001), "b": (-0.0002, 0.0001)}, "final_trust")
    text, zh = findings(tab, "final_trust")[0], findings(tab, "final_trust", "zh")[0]
    assert "by a margin that matters" in text and "the best" not in text
    assert "none improves on it in any paired run" in text  # a never better in a run
    assert "也没有策略在任何一次配对运行中有所改善" in zh
    # a negligible strategy next to a clearly worse one: "not clearly better", naming
    # the negligible one (the worse one is not "least bad" of an all-worse field)
    tab = _verdict_table({"a": (0.0005, 0.0001), "w": (-0.05, 0.003)}, "final_trust")
    text = findings(tab, "final_trust")[0]
    assert "by a margin that matters" not in text and "every strategy does worse" not in text
    assert "no strategy is clearly better" in text and "the most promising, a," in text


def test_a_scenario_without_paired_runs_says_so_not_that_all_are_worse() -> None:
    rows = [{"scenario": sc, "strategy": st, "design_point": 0, "replication": r, "seed": r,
             "final_trust": 0.5 + 0.01 * r}
            for r in range(12) for sc, st in (("s1", "do_nothing"), ("s1", "a"),
                                              ("s2", "a"))]
    tab = compare(pd.DataFrame(rows), baseline="do_nothing", n_boot=100)
    s2 = [line for line in findings(tab, "final_trust") if "s2" in line]
    assert s2 == ["In “s2”, no strategy has runs paired with no response for trust at the end."]
    zh = [line for line in findings(tab, "final_trust", lang="zh") if "s2" in line]
    assert zh and "没有策略" in zh[0] and "都不如" not in zh[0]


def test_runs_that_never_recover_count_against_a_strategy_on_time_to_recover() -> None:
    """``rare`` recovers fast in one run of twenty, ``do_nothing`` in all twenty more
    slowly. Censored runs carry the days the run had left (the outcome's lower bound):
    ``rare`` is worse and ranks last. Left out as NaN, as before, the one pair made it
    "better" and first."""
    horizon = 200.0
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        rows += [{**base, "strategy": "do_nothing", "time_to_recover": 50.0 + rep},
                 {**base, "strategy": "rare",
                  "time_to_recover": 10.0 if rep == 0 else horizon}]
    censored = compare(pd.DataFrame(rows), n_boot=200)
    rare = row(censored, "s", "rare", "time_to_recover")
    assert rare.verdict == "worse" and rare["rank"] == 2 and rare.n_pairs == 20
    dropped = pd.DataFrame(rows).replace(horizon, np.nan)
    old = row(compare(dropped, n_boot=200), "s", "rare", "time_to_recover")
    assert old.n_pairs == 1 and old["rank"] == 1  # what NaN did: one pair, ranked first


def test_the_warnings_at_the_top_name_the_strategies_whose_losses_may_be_postponed() -> None:
    from trustsim.experiments.report_text import warning_text

    tab = compare(_loss_runs((("do_nothing", 1000.0, 1000.0), ("hide", 0.0, 5000.0),
                             ("fair", 900.0, 900.0))), n_boot=200)
    en = [w for w in warning_text(tab, {}) if "horizon" in w]
    assert en == ["Strategy-scenario pairs that fall in the ranking on users' losses once the "
                  "losses the simulated horizon hides are counted: 1 (s: hide); part of the "
                  "losses they avoid may only be postponed."]
    zh = [w for w in warning_text(tab, {}, "zh") if "排名下降" in w]
    assert len(zh) == 1 and "（s：hide）" in zh[0]
    calm = tab.assign(warnings="")  # nothing flagged: no such warning
    assert not any("horizon" in w for w in warning_text(calm, {}))


def test_a_missing_number_is_written_in_the_sentence_s_language() -> None:
    from trustsim.experiments.wording import effect_phrase

    en = effect_phrase("final_trust", float("nan"), float("nan"), float("nan"), "b")
    zh = effect_phrase("final_trust", float("nan"), float("nan"), float("nan"), "b", "zh")
    assert "n/a" in en and "n/a" not in zh and "无" in zh


@pytest.mark.parametrize("outcome,sign", [("final_trust", 1), ("trust_lost", -1)])
def test_effect_per_cost_is_shown_only_for_a_clearly_better_effect(outcome: str,
                                                                  sign: int) -> None:
    """Extra spending is priced only where the verdict is better: not for a worse effect,
    nor for one whose interval includes no difference, in the tables and in the CSV's
    ``effect_per_cost`` alike (an outside trial read an unclear row's 24,986 in the CSV as
    a price). Both directions."""
    from trustsim.experiments.wording import shows_per_cost, stated_effect

    rng = np.random.default_rng(5)
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        world = rng.normal(0.4, 0.1)
        rows.append({**base, "strategy": "do_nothing", outcome: world,
                     "platform_spending": 0.0})
        for st, eff in (("good", 0.05), ("bad", -0.05)):
            rows.append({**base, "strategy": st, "platform_spending": 200.0,
                         outcome: world + sign * eff + rng.normal(0, 0.005)})
        rows.append({**base, "strategy": "coin", "platform_spending": 200.0,
                     outcome: world + 0.3 * (1 if rep % 2 else -1)})
    tab = compare(pd.DataFrame(rows), n_boot=300)
    verdicts = {st: row(tab, "s", st, outcome) for st in ("good", "bad", "coin")}
    assert [verdicts[s].verdict for s in ("good", "bad", "coin")] == ["better", "worse",
                                                                      "unclear"]
    priced = {st: bool(np.isfinite(r.effect_per_cost)) for st, r in verdicts.items()}
    assert priced == {"good": True, "bad": False, "coin": False}
    shown = {st: shows_per_cost(r) for st, r in verdicts.items()}
    assert shown == priced
    lines = {ln.split()[0]: ln for ln in format_table(tab, [outcome]).splitlines()
             if ln.split() and ln.split()[0] in verdicts}
    assert short(verdicts["good"].effect_per_cost) in lines["good"]
    # what an unpriced row's ratio would have been is nowhere in its line
    for st in ("bad", "coin"):
        r = verdicts[st]
        ratio = 1000.0 * float(stated_effect(r)[0]) / float(r.extra_cost)
        assert num(ratio) not in lines[st]


@pytest.mark.parametrize("outcome", ["users_departed", "final_trust"])
def test_a_tail_row_ranks_by_the_effect_its_verdict_states(outcome: str) -> None:
    """Two strategies are better: ``steady`` by a little in every run, ``rare`` by much
    in 5 of 20 (median 0, the verdict reads the mean). The best and the recommended
    strategy are ``rare``, whose stated effect is nearly seven times larger; ranking by the median
    passed it over for its median of 0. Both directions of outcome; the HTML tables show
    the mean that the verdict reads, marked as such."""
    from trustsim.experiments.report import _glance_table, _html_table
    from trustsim.experiments.wording import best_row, recommended_row

    sign = registry.direction(outcome)
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        rows += [{**base, "strategy": "do_nothing", outcome: 0.5},
                 {**base, "strategy": "steady", outcome: 0.5 + sign * 0.03},
                 {**base, "strategy": "rare", outcome: 0.5 + sign * (0.8 if rep < 5 else 0)}]
    tab = compare(pd.DataFrame(rows), n_boot=2000)
    g = tab[tab["outcome"] == outcome]
    rare, steady = row(tab, "s", "rare", outcome), row(tab, "s", "steady", outcome)
    assert rare.verdict == steady.verdict == "better" and "tail" in rare.warnings
    assert rare.diff_median == 0 and rare.diff_mean == pytest.approx(sign * 0.2)
    assert best_row(g)["strategy"] == "rare"
    pick, tied = recommended_row(g)
    assert pick["strategy"] == "rare" and tied == []
    for lang, mark in (("en", "(mean)"), ("zh", "（平均值）")):
        for html in (_html_table(tab, outcome, lang), _glance_table(g, "rare", lang)):
            cells = html.split("<tr")
            rare_row = next(c for c in cells if ">rare<" in c)
            assert mark in rare_row and num(rare.diff_mean) in rare_row
            assert mark not in next(c for c in cells if ">steady<" in c)
    # The forest plot and the heat map draw the same stated effect (review: they drew the
    # median of 0 with a filled "better" dot).
    from trustsim.viz.plots import plot_forest, plot_heatmap

    ax = plot_forest(tab, outcome).axes[0]
    assert "rare (mean)" in [t.get_text() for t in ax.get_yticklabels()]
    xs = [c.lines[0].get_xdata()[0] for c in ax.containers]
    assert any(abs(x - rare.diff_mean) < 1e-12 for x in xs) and 0.0 not in xs
    texts = [t.get_text() for t in plot_heatmap(tab, outcome).axes[0].texts]
    # (at the outcome's one precision, as the tables: a tenth of what matters)
    assert fixed(rare.diff_mean, decimals=decimals_for(rare.min_effect))[0] + "*" in texts


@pytest.mark.parametrize("sign", [1, -1])
def test_a_yes_or_no_outcome_is_judged_by_the_share_of_runs(sign: int) -> None:
    """data_leak: do_nothing recovered in 7 of 20 runs, full_rebuild in 20 of 20 (13 better,
    none worse), and the verdict read "unclear (95% CI 0.00 to 1.00)": the median of
    differences of 0 and 1 moves in halves. ``recovered`` is binary: the verdict and the
    effect read the mean, the difference in the share of runs that recover. Both
    directions; the sentence says it in shares of runs, the table marks the mean."""
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        without = 1.0 if rep < 7 else 0.0
        rows += [{**base, "strategy": "do_nothing", "recovered": without},
                 {**base, "strategy": "s1", "recovered": 1.0 if sign > 0 else 0.0 if rep >= 7
                  else 1.0}]
    if sign < 0:  # the strategy recovers in 7, the baseline in 20
        for r in rows:
            r["recovered"] = 1.0 if r["strategy"] == "do_nothing" else (
                1.0 if r["replication"] < 7 else 0.0)
    tab = compare(pd.DataFrame(rows), n_boot=2000)
    r = row(tab, "s", "s1", "recovered")
    assert r.diff_mean == pytest.approx(sign * 13 / 20)
    assert r.verdict == ("better" if sign > 0 else "worse")
    assert min(sign * r.mean_ci_low, sign * r.mean_ci_high) > 0.1 and "tail" not in r.warnings
    text = sentence(r)
    # a difference in the share of runs reads in percentage points
    assert (f"recovers in 65 percentage points {'more' if sign > 0 else 'fewer'} of its runs "
            "than no response (95% CI 45 to 85 percentage points)") in text
    assert "(mean)" in format_table(tab)


def test_the_smallest_effect_that_matters_is_written_with_its_unit() -> None:
    """"the median run changes by less than ±100.0" gave no unit (policy review)."""
    from trustsim.experiments.amounts import m_text

    assert m_text({"min_effect": 100.0, "outcome": "user_losses"}) == "100 thousand CNY"
    # Chinese sentences count money in 万元 (a tenth of the figure in thousand CNY)
    assert m_text({"min_effect": 100.0, "outcome": "user_losses"}, "zh") == "10 万元"
    assert m_text({"min_effect": 7.0, "outcome": "time_to_recover"}) == "7 days"
    assert m_text({"min_effect": 0.02, "outcome": "final_trust"}) == "0.02"
    tab = compare(_zero_inflated([0.46, 0.55, 0.63, 0.71]), n_boot=500)
    assert "less than ±0.01" in sentence(row(tab, "s", "odd", "users_departed"))


def test_the_decision_page_sets_the_measures_a_decision_weighs_side_by_side() -> None:
    """Savers' losses, users' losses after protection, the fund's bill and trust in one
    table: a fund that moves losses reads worse on the first and better on the second
    (both directions of a lower-is-better outcome, and a higher-is-better one beside), the
    baseline row gives its medians, and the headline comes first."""
    from trustsim.experiments.report import _side_by_side_table, side_by_side_outcomes

    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        users = 1000.0 + 10 * rep
        rows += [
            {**base, "strategy": "do_nothing", "total_losses": users,
             "losses_if_wound_up": users, "protection_if_wound_up": 0.0,
             "fund_from_failed": 0.0, "final_trust": 0.5},
            # the fund repays 900 and, runs damped, 300 more is lost before protection
            {**base, "strategy": "fund", "total_losses": users + 300,
             "losses_if_wound_up": users - 600, "protection_if_wound_up": 900.0,
             "fund_from_failed": 0.0, "final_trust": 0.5 + 0.001 * (rep % 3)},
            # fines the failing platforms paid into the fund: 250 of the 500 less lost
            {**base, "strategy": "good", "total_losses": users - 500,
             "losses_if_wound_up": users - 500, "protection_if_wound_up": 0.0,
             "fund_from_failed": 250.0, "final_trust": 0.58}]
    tab = compare(pd.DataFrame(rows), n_boot=500)
    outs = side_by_side_outcomes(tab, "s", "final_trust")
    assert outs == ["final_trust", "total_losses", "losses_if_wound_up",
                    "protection_if_wound_up", "fund_from_failed"]
    assert side_by_side_outcomes(tab[tab["outcome"] == "final_trust"], "s", "final_trust") == []
    for lang, words, k in (("en", ("median", "worse", "better"), 1.0),
                           ("zh", ("中位数", "更差", "更好"), 0.1)):  # (Chinese: 万元)
        html = _side_by_side_table(tab, "s", "total_losses", "good", lang)
        head, *trs = html.split("<tr")[1:]
        assert head.index("losses before protection" if lang == "en" else "投资者总损失") < \
            head.index("trust at the end" if lang == "en" else "期末信任度")  # headline first
        cells = {t.split("</td>")[0].split(">")[-1]: t.split("<td")[2:] for t in trs}
        base = cells["no response" if lang == "en" else "不作回应"]
        median = "(median)" if lang == "en" else "（中位数）"
        assert all(median in c for c in base)
        # money at one precision (a tenth of the 100 thousand CNY that matters: none), trust
        # at its own (three places): each cell's first figure
        def first(cell: str) -> str:
            return re.findall(r"-?\d[\d,]*(?:\.\d+)?", re.sub(r"<[^>]+>", " ", "<" + cell))[0]

        def f(x: float, k: float = k, lang: str = lang) -> str:
            return fixed(k * x, decimals=registry.places("user_losses", lang))[0]

        assert first(base[0]) == f(float(np.median([1000.0 + 10 * r for r in range(20)])))
        fund = cells["fund"]
        assert first(fund[0]) == f(300) and words[1] in fund[0]  # more lost before protection
        assert first(fund[1]) == f(-600) and words[2] in fund[1]  # less lost by users
        assert first(fund[2]) == f(900)                          # the fund's bill, no verdict
        good = cells["good"]
        assert first(good[0]) == f(-500) and words[2] in good[0] and first(good[4]) == "0.080"
        assert first(good[3]) == f(250) and not any(w in good[3] for w in words[1:])
        assert ' class=pick' in next(t for t in trs if ">good<" in t)


def test_outcomes_equal_run_by_run_get_the_same_interval() -> None:
    """One resampling of the pairs per scenario and strategy, shared by its outcomes: two
    outcomes with the same values in every run (total_losses and losses_if_wound_up where
    the fund repays nothing) get the same interval, not two (the interventions' page said
    "95% CI 89.6 to 843.6" and "112.0 to 843.6" for one set of numbers)."""
    rng = np.random.default_rng(4)
    rows = []
    for rep in range(20):
        base = rng.normal(5000, 800)
        for st, shift in (("do_nothing", 0.0), ("strict", 400.0)):
            v = base + shift + rng.normal(0, 600)
            rows.append({"scenario": "s", "strategy": st, "design_point": 0,
                         "replication": rep, "seed": rep, "total_losses": v,
                         "losses_if_wound_up": v})
    tab = compare(pd.DataFrame(rows), n_boot=500)
    a = row(tab, "s", "strict", "total_losses")
    b = row(tab, "s", "strict", "losses_if_wound_up")
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert (a.mean_ci_low, a.mean_ci_high) == (b.mean_ci_low, b.mean_ci_high)
    assert a.ci_low < a.diff_median < a.ci_high


def test_losses_the_fund_repays_are_a_transfer_not_a_saving() -> None:
    """Interventions: protection_fund showed "-995 per 1M CNY, better" on user losses, the
    fund's repayments counted as cost and as losses avoided (policy trial). Where losses
    after protection fall but total losses (before it) do not, those rows carry
    ``transfer`` and no effect per cost; a real cut (all three fall) is priced as before;
    realised losses cut while more is left at the horizon are not a transfer."""
    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        w = 10_000.0 + 50 * rep

        def losses(user: float, wound: float, total: float, cost: float) -> dict:
            return {"user_losses": user, "losses_if_wound_up": wound, "total_losses": total,
                    "response_cost": cost}

        rows += [{**base, "strategy": "do_nothing", **losses(w, w, w, 0.0)},
                 {**base, "strategy": "fund", **losses(w - 5000, w - 5000, w, 5000.0)},
                 {**base, "strategy": "real", **losses(w - 3000, w - 3000, w - 3000, 500.0)},
                 {**base, "strategy": "late", **losses(w - 400, w + 3000, w + 3000, 500.0)}]
    tab = compare(pd.DataFrame(rows), n_boot=300)
    for outcome in ("user_losses", "losses_if_wound_up"):
        fund = row(tab, "s", "fund", outcome)
        assert fund.verdict == "better" and "transfer" in fund.warnings
        assert not np.isfinite(fund.effect_per_cost) and "!transfer" in format_table(tab)
        real = row(tab, "s", "real", outcome)
        assert "transfer" not in real.warnings and np.isfinite(real.effect_per_cost)
    late = row(tab, "s", "late", "user_losses")
    assert late.verdict == "better" and "transfer" not in late.warnings
    assert "transfer" not in row(tab, "s", "fund", "total_losses").warnings
    from trustsim.experiments.report_text import warning_text

    assert any("a transfer, not priced per cost" in w for w in warning_text(tab, {}, "en"))
    assert any("资金转移" in w for w in warning_text(tab, {}, "zh"))


@pytest.mark.parametrize("kw, words", [
    ({"min_effect": {"final_trst": 0.1}}, "min_effect.final_trst: not a compared outcome"),
    ({"min_effect": {"final_trust": -0.1}}, "must be a number, 0 or more"),
    ({"min_effect": {"final_trust": True}}, "must be a number, 0 or more"),
    ({"n_boot": 0}, "n_boot (--n-boot): too few bootstrap resamples"),
])
def test_compare_refuses_settings_it_cannot_use(kw, words) -> None:
    """A misspelt or negative smallest effect was taken silently and ``n_boot=0`` failed
    with an IndexError (Python API trial)."""
    with pytest.raises(ScenarioError, match=re.escape(words)):
        compare(synthetic(n=10), **kw)


def test_never_against_reached_is_inf_in_both_directions() -> None:
    """``_paired`` in both directions: the strategy never getting there where the baseline
    did is +inf, the other way -inf; never in both is 0 (the tie)."""
    from trustsim.experiments.compare import _paired

    pairs = pd.DataFrame({"x": [np.inf, 5.0, np.inf, 3.0], "x_b": [7.0, np.inf, np.inf, 3.0]})
    assert _paired(pairs, "x").tolist() == [np.inf, -np.inf, 0.0, 0.0]


def test_an_effect_below_the_last_place_reads_as_less_than_it_not_zero() -> None:
    """Policy trial: "the most promising, full rebuild, loses 0.000 less trust". An
    effect that rounds to nothing at the outcome's precision reads "<0.001" (money: "<1"
    thousand CNY, "<0.1" 万元), either way round; a true 0 and a larger one are as before."""
    from trustsim.experiments.wording import effect_phrase

    def say(outcome: str, d: float, lang: str = "en") -> str:
        return effect_phrase(outcome, d, -0.05, 0.05, "no response", lang, 0.0, 20)

    assert say("trust_lost", -0.0003).startswith("loses <0.001 less trust than no response")
    assert say("trust_lost", 0.0003).startswith("loses <0.001 more trust than no response")
    assert say("final_trust", 0.0004).startswith("keeps <0.001 more trust")
    assert "少流失 <0.001 的信任度" in say("trust_lost", -0.0003, "zh")
    assert effect_phrase("user_losses", -0.3, -17, 12, "x", "en", 100, 20).startswith(
        "cuts user losses by <1 thousand CNY")
    assert "<0.1 万元" in effect_phrase("user_losses", -0.3, -17, 12, "x", "zh", 100, 20)
    assert say("trust_lost", 0.0).startswith("loses 0.000 less trust")
    assert say("trust_lost", -0.03).startswith("loses 0.030 less trust")
