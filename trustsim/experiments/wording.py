"""Words about a comparison table: sentences and findings, in two languages.

Core functions: :func:`headline_outcome`, :func:`effect_phrase`, :func:`sentence` and
:func:`findings` (one sentence per scenario); numbers, money and units in words are in
:mod:`trustsim.experiments.amounts`; the
CLI's text table is :func:`trustsim.experiments.text_table.format_table`. Every sentence is
generated from the numbers of :func:`trustsim.compare`'s table; ``lang="zh"`` writes
Simplified Chinese with the same numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from trustsim import i18n
from trustsim import outcomes as registry
from trustsim.experiments.amounts import (
    THOUSAND,
    cost_matters_text,
    lfixed,
    lnums,
    m_text,
    money,
    scale,
    tail_note,
    tiny_money,
    unit_after,
)
from trustsim.experiments.stats import MIN_VERDICT_PAIRS
from trustsim.money_outcomes import leaves_at_risk

__all__ = ["cost_basis", "effect_phrase", "findings", "recommended_row", "stated_effect",
           "hidden_losses", "headline_outcome", "sentence", "shows_per_cost"]


def headline_outcome(table: pd.DataFrame) -> str | None:
    """The outcome the summary leads with.

    The experiment's ``headline:`` (rows marked in the table's ``headline`` column), else
    ``final_trust`` when compared, else the first outcome that has a better direction.
    """
    return registry.table_headline(table)


def no_money_lost(rows: pd.DataFrame) -> bool:
    """A money outcome's rows (one scenario) show (next to) no loss under any strategy.

    Every strategy's median and 90th percentile are below :func:`tiny_money` (at least
    nine runs in ten of every strategy lose next to nothing) and no strategy's mean paired
    difference from the baseline reaches it (a loss in one or two runs of twenty, which the
    percentiles do not show, keeps the scenario on money): there is nothing on this outcome
    to decide between (a rumour that breaks no platform costs trust, not money).
    """
    if not len(rows):
        return False
    name = str(rows["outcome"].iloc[0])
    o = registry.OUTCOMES.get(name)
    if o is None or o.unit != THOUSAND or o.direction != -1:
        return False
    tiny = tiny_money(name)
    diffs = rows.loc[~rows["is_baseline"].astype(bool), "diff_mean"].to_numpy(float)
    return bool((rows[["median", "p90"]].abs() < tiny).all().all()
                and not (np.abs(diffs[np.isfinite(diffs)]) >= tiny).any())


#: Users' own losses: a scenario is decided on trust only when these are next to nothing too
#: (total_losses nets a failed platform's fines in the fund against its savers' losses).
USERS_LOSSES = ("user_losses", "losses_if_wound_up")


def nothing_to_decide_on(g: pd.DataFrame, head: str) -> bool:
    """Whether a scenario has no money to decide on.

    Its rows (``g``) show next to no money lost on the headline ``head`` and on users' own
    losses where kept (:func:`no_money_lost` on each).
    """
    rows = g[g["outcome"] == head]
    if not no_money_lost(rows):
        return False
    kept = set(g["outcome"])
    return all(no_money_lost(g[g["outcome"] == o]) for o in USERS_LOSSES if o in kept)


def codes(r: Any) -> list[str]:
    """A row's warning codes (its comma-separated ``warnings``), in order."""
    w = r.get("warnings") if isinstance(r, dict | pd.Series) else getattr(r, "warnings", "")
    return [c for c in str(w or "").split(",") if c]


def on_mean(r: Any) -> bool:
    """Whether a row's verdict reads the mean difference (the ``tail`` warning)."""
    return "tail" in codes(r)


def reads_mean(r: Any) -> bool:
    """Whether a row's verdict and stated effect read the mean paired difference.

    A ``tail`` row (:func:`on_mean`), and every row of a binary outcome (yes or no per run:
    the mean is the difference in the share of runs); :func:`trustsim.outcomes.reads_mean`.
    """
    get = r.get if isinstance(r, dict | pd.Series) else lambda k: getattr(r, k)
    return registry.reads_mean(str(get("outcome")), str(get("warnings") or ""))


def stated_effect(r: Any) -> tuple[float, float, float]:
    """The effect a row's verdict reads, with its 95 % interval: ``(diff, lo, hi)``.

    The median paired difference and its interval; the mean and its interval where the
    verdict reads the mean (:func:`on_mean`: the median run changes by less than what
    matters, a few runs by much more), or of a binary outcome (:func:`reads_mean`).
    """
    get = r.get if isinstance(r, dict | pd.Series) else lambda k: getattr(r, k)
    if reads_mean(r):
        return get("diff_mean"), get("mean_ci_low"), get("mean_ci_high")
    return get("diff_median"), get("ci_low"), get("ci_high")


def stated_diffs(rows: pd.DataFrame) -> pd.Series:
    """:func:`stated_effect`'s difference for every row: the mean where it reads the mean.

    Rankings read it, so a tail row (median 0, a few runs moved a lot) ranks by the effect
    its verdict states, not by its median of 0 (and a binary outcome by its share of runs);
    :func:`trustsim.outcomes.stated_frame`.
    """
    return registry.stated_frame(rows)["effect"]


#: The losses outcome that counts the platforms still at risk at the end as wound up.
WOUND_UP = "losses_if_wound_up"


def hidden_losses(table: pd.DataFrame, scenario: str, strategy: str) -> pd.Series | None:
    """The strategy's ``losses_if_wound_up`` row in the scenario when it may add losses.

    A strategy can cut the losses realised by the horizon while leaving more at risk: a
    recommendation must say so beside it, not only in the caveats. The row is returned
    when its verdict is worse, and also when the verdict is unclear but the stated effect
    adds at least what matters (``money_outcomes.leaves_at_risk``): a small experiment
    must not recommend on the strength of what it cannot prove (trial: full_rebuild in
    p2p_collapse, 8 runs of 1,000 users, "+148 thousand CNY, CI -940 to 926"; at the
    flagship's size +1,805, worse). None otherwise (or when that outcome was not kept).
    """
    r = table[(table["scenario"] == scenario) & (table["strategy"] == strategy)
              & (table["outcome"] == WOUND_UP)]
    if not len(r):
        return None
    row = r.iloc[0]
    return row if leaves_at_risk(row) else None


def loss_words(row: pd.Series, base: str, lang: str) -> str:
    """A ``losses_if_wound_up`` row's effect in words, saying when it is a mean.

    A ``tail`` row states the mean paired difference, said so (review: "adds 221.3" where
    the median run added 0); an unclear one adds a mean clear of zero (:func:`mean_clear`).
    """
    words = effect_phrase(str(row["outcome"]), *stated_effect(row), base, lang,
                          matters=float(row.get("min_effect") or 0.0), pairs=row["n_pairs"])
    # how many runs carry the mean (trial: a hold-back on 4 of 20 runs read as typical)
    if on_mean(row):
        return words + i18n.tr("mean_marker", lang, w=int(row["n_worse"]),
                               b=int(row["n_better"]), n=int(row["n_pairs"]))
    return words + (mean_words(row, "mean_too", lang) if mean_clear(row) else "")


def mean_clear(r: Any) -> bool:
    """Whether an unclear row's mean paired difference lies clear of zero on its side.

    The verdict stays the median's (``compare._tail``), but the words give the mean too
    (trial: "(95% CI -648 to 2,620)" where the mean's interval was 370 to 4,341).
    """
    stated = stated_effect(r)[0]
    lo, hi = float(r.get("mean_ci_low", np.nan)), float(r.get("mean_ci_high", np.nan))
    return bool(r["verdict"] == "unclear" and np.isfinite(lo) and np.isfinite(hi)
                and np.isfinite(stated) and (lo > 0 if stated > 0 else hi < 0 if stated < 0
                                             else False))


def hidden_losses_text(table: pd.DataFrame, hid: pd.Series, effect: str, lang: str) -> str:
    """The warning beside a recommendation that leaves more losses at risk (row ``hid``).

    It says the losses avoided by the horizon may only be postponed only where the strategy
    does avoid some (its ``user_losses`` verdict is better); otherwise, that more is left at
    risk at the horizon.
    """
    r = table[(table["scenario"] == hid["scenario"]) & (table["strategy"] == hid["strategy"])
              & (table["outcome"] == "user_losses")]
    avoids = bool(len(r)) and r["verdict"].iloc[0] == "better"
    return i18n.tr("hidden_losses" if avoids else "hidden_at_risk", lang,
                   strategy=i18n.strategy(str(hid["strategy"]), lang), effect=effect)


def effect_phrase(outcome: str, diff: float, lo: float, hi: float, base: str,
                  lang: str = "en", matters: float = 0.0, pairs: int | None = None) -> str:
    """The effect in words, with its interval in the same orientation as the words.

    ``matters``: the smallest effect that matters, when the sentence names it; the numbers
    then take the decimals that keep them apart from it (an effect of 0.016 beside
    "smaller than ±0.02" printed as 0.02). ``pairs``: the paired runs behind the interval;
    below :data:`MIN_VERDICT_PAIRS` it is not called a 95 % interval (none can be had from
    so few; "95% CI 0.051 to 0.053" was printed for three, trial).
    """
    ci = i18n.tr("ci_95", lang) if pairs is None or pairs >= MIN_VERDICT_PAIRS else i18n.tr(
        "ci_few", lang, n=pairs)
    # an interval of no width is no certainty (policy trial: "100.0 percentage points more
    # of its runs (95% CI 100.0 to 100.0)" from 20 runs that all agreed)
    flat = (pairs is not None and pairs >= MIN_VERDICT_PAIRS and bool(np.isfinite(lo))
            and bool(np.isclose(lo, hi, rtol=1e-9, atol=1e-12)))
    o = registry.OUTCOMES.get(outcome)
    better, worse = (o.zh_better, o.zh_worse) if o is not None and lang == "zh" else (
        (o.better, o.worse) if o is not None else ("", ""))
    k = scale(outcome, lang)  # the Chinese phrases of money say 万元
    diff, lo, hi = diff * k, lo * k, hi * k
    apart = abs(matters) * k if matters else 0.0
    if better and np.isfinite(diff):
        direction = o.direction or 1
        good = direction * diff >= 0
        sign = 1 if diff >= 0 else -1
        a, b = sorted((sign * lo, sign * hi))
        v, lo_s, hi_s = lfixed(lang, outcome, abs(diff), a, b, matters=matters, apart=apart)
        hi_s += unit_after(outcome, lang)  # a bare interval would read as the tables' unit
        if diff and not v.strip("0.,"):  # below the last place: "<0.001 less" (policy
            d = len(v.split(".")[1]) if "." in v else 0  # trial: "loses 0.000 less trust")
            v = f"<{10.0 ** -d:.{d}f}"
        words = (better if good else worse).format(v=v, b=base)
        if flat:
            return i18n.tr("effect_flat", lang, words=words, n=pairs)
        return i18n.tr("effect_ci", lang, words=words, lo=lo_s, hi=hi_s, ci=ci)
    d, lo_s, hi_s = lfixed(lang, outcome, diff, lo, hi, matters=matters, apart=apart)
    if flat:
        return i18n.tr("changes_flat", lang, outcome=i18n.outcome(outcome, lang),
                       diff=f"{'+' if diff >= 0 else ''}{d}", base=base, n=pairs)
    return i18n.tr("changes_by", lang, outcome=i18n.outcome(outcome, lang),
                   diff=f"{'+' if diff >= 0 else ''}{d}", base=base, lo=lo_s, hi=hi_s, ci=ci)


def sentence(row: pd.Series | dict, lang: str = "en") -> str:
    """One plain-language sentence for a compared (non-baseline) row of the table."""
    r = dict(row)
    sc, st = i18n.scenario(r["scenario"], lang), i18n.strategy(r["strategy"], lang)
    base = i18n.strategy(r["baseline"], lang)
    if r["n_pairs"] == 0:
        return i18n.tr("no_pairs", lang, scenario=sc, strategy=st, baseline=base,
                       outcome=i18n.outcome(r["outcome"], lang))
    effect = effect_phrase(r["outcome"], *stated_effect(r), base, lang,
                           matters=float(r.get("min_effect") or 0.0), pairs=r["n_pairs"])
    text = i18n.tr("in_scenario", lang, scenario=sc, strategy=st, effect=effect)
    if on_mean(r):
        text += tail_note(r, lang)
    elif r["direction"]:
        text += i18n.tr("better_in", lang, k=r["n_better"], n=r["n_pairs"])
    if r["verdict"] == "unclear":
        text += (i18n.tr("too_few_pairs", lang, k=MIN_VERDICT_PAIRS)
                 if r["n_pairs"] < MIN_VERDICT_PAIRS else i18n.tr("includes_zero", lang))
    elif r["verdict"] == "negligible":
        text += i18n.tr("too_small", lang, m=m_text(r, lang))
    elif "small" in codes(r):
        text += i18n.tr("below_matters", lang, m=m_text(r, lang))
    if "mean_differs" in codes(r):  # (policy trial: a summary line dropped this caveat)
        text += mean_words(r, "mean_not_shown", lang)
    if "mean_opposite" in codes(r):  # (policy trial: no word of an average the other way)
        text += mean_words(r, "mean_opposite", lang)
    if "censored" in codes(r):  # (policy trial: "130 days sooner" where one never recovered)
        text += i18n.tr("censored_note", lang)
    return text + i18n.tr("stop", lang)


def mean_words(r: Any, key: str, lang: str) -> str:
    """Message ``key`` with the row's mean paired difference and its interval, signed."""
    k = scale(r["outcome"], lang)
    xs = (r["diff_mean"] * k, r["mean_ci_low"] * k, r["mean_ci_high"] * k)
    m = r.get("min_effect") if isinstance(r, dict | pd.Series) else r.min_effect
    shown = lfixed(lang, str(r["outcome"]), *xs,  # (the outcome's one precision)
                   matters=float(m) if m is not None and np.isfinite(m) else None)
    mean, lo, hi = (("+" if x > 0 and t.strip("0.") else "") + t
                    for x, t in zip(xs, shown, strict=True))
    o = registry.OUTCOMES.get(str(r["outcome"]))  # (money: "+2,288 ... to +4,341" bare)
    u = unit_after(r["outcome"], lang) or (f" {THOUSAND}" if o is not None
                                           and o.unit == THOUSAND else "")
    return i18n.tr(key, lang, mean=mean, lo=lo, hi=hi + u)


def mean_opposite(r: Any) -> bool:
    """Whether the mean paired difference points the other way, by what matters at least.

    Less is no reason to say "some runs go much worse" (trial: +0.00004 and -0.00004).
    """
    stated = stated_effect(r)[0]
    mean = float(r.get("diff_mean", np.nan))
    matters = float(r.get("min_effect") or 0.0)
    return bool(np.isfinite(mean) and np.isfinite(stated) and stated * mean < 0
                and abs(mean) >= matters)


_TIER = {"better": 0, "negligible": 1, "unclear": 1, "worse": 2}
"""Order in which verdicts are read for a scenario's best strategy (lower first)."""


def best_row(g: pd.DataFrame) -> pd.Series | None:
    """The best non-baseline row of one scenario x outcome: by verdict, then stated effect.

    Verdicts are read in order: ``better``, then ``negligible`` or ``unclear``, then
    ``worse``, then rows without a verdict; within a tier, the largest effect the verdict
    states (:func:`stated_diffs`: the median, or the mean of a ``tail`` row) in the
    outcome's better direction. So a strategy that is clearly better is never passed over
    for one with a larger median whose interval includes no difference.
    """
    others = g[~g["is_baseline"]]
    if others.empty:
        return None
    key = stated_diffs(others) * (registry.direction(g["outcome"].iloc[0]) or 1)
    tier = others["verdict"].map(_TIER).fillna(3)
    order = pd.DataFrame({"tier": tier, "key": -key}).sort_values(
        ["tier", "key"], kind="stable", na_position="last")
    return others.loc[order.index[0]]


def matters(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows whose stated effect reaches the smallest effect that matters (no ``small``)."""
    if rows.empty or "warnings" not in rows.columns:
        return rows
    small = [("small" in codes(r)) for _, r in rows.iterrows()]
    return rows[~pd.Series(small, index=rows.index, dtype=bool)]


def cost_basis(table: pd.DataFrame) -> str:
    """The outcome a comparison table took as the cost (``""`` when none was kept)."""
    if "cost_basis" not in table.columns:
        return ""
    named = [b for b in table["cost_basis"].astype(str) if b]
    return named[0] if named else ""


def deferring(full: pd.DataFrame | None, rows: pd.DataFrame) -> set[str]:
    """Strategies among ``rows`` (one scenario) that leave more losses at the horizon.

    Those whose ``losses_if_wound_up`` verdict in ``full`` (the scenario's rows of the
    whole table) is worse, or unclear with a stated effect that adds at least what matters
    (:func:`hidden_losses`): on any other outcome their gain may rest
    on platforms kept open past the horizon (the flagship's p2p_collapse: full_rebuild's
    +0.18 trust came from runs in which the failing lender was still open, 42-54 million
    CNY at risk, at the end).
    """
    if full is None or rows.empty or str(rows["outcome"].iloc[0]) == WOUND_UP:
        return set()
    sc = str(rows["scenario"].iloc[0])
    return {str(s) for s in rows["strategy"] if hidden_losses(full, sc, str(s)) is not None}


def recommendable(rows: pd.DataFrame, full: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows a recommendation may name: clearly better by what matters, not held back.

    Non-baseline rows whose verdict is better and whose stated effect reaches the smallest
    effect that matters (:func:`matters`), less those that leave more losses at the horizon
    (:func:`deferring`, with ``full`` the scenario's rows of the whole table). The
    recommendation and the cheaper option beside it both choose among these.
    """
    good = matters(rows[~rows["is_baseline"] & (rows["verdict"] == "better")])
    return good[~good["strategy"].isin(deferring(full, good))]


def cheapest_band_pick(rows: pd.DataFrame, eff: pd.Series) -> pd.Series:
    """Of ``rows``, the largest ``eff`` among those costing about as little as the cheapest.

    Costs less than :data:`outcomes.COST_MATTERS` above the cheapest ``cost_median`` count as
    the same cost (costs not known: every row); among those the larger effect (``eff``, in
    the better direction), then the lower cost, is taken.
    """
    lo = rows["cost_median"].min()
    cheap = rows[rows["cost_median"] < lo + registry.COST_MATTERS] if np.isfinite(lo) else rows
    return cheap.assign(_eff=eff[cheap.index]).sort_values(
        ["_eff", "cost_median"], ascending=[False, True], kind="stable").iloc[0].drop("_eff")


def recommended_row(rows: pd.DataFrame, full: pd.DataFrame | None = None
                    ) -> tuple[pd.Series | None, list[str]]:
    """The strategy to recommend among one scenario x outcome's rows, and those tied with it.

    Among the clearly better (``better``) non-baseline rows whose stated effect reaches the
    smallest effect that matters (:func:`matters`: not one marked ``small``), take the one
    with the largest stated effect (:func:`stated_diffs`: the median, or the mean where the
    verdict reads it). A row is tied with it when it comes within the smallest effect that
    matters of it on the stated effect **or on the mean**: the mean paired differences
    subtract exactly (the mean of ``a - c`` over the same runs is the mean of ``a - base``
    less the mean of ``c - base``), so a mean gap under what matters says the dearer one
    does not beat the other by what matters on average over the same runs (the flagship's
    false_advertising: full_rebuild's median gap over timely_truthful_disclosure was 0.026,
    its mean gap 0.019, and directly on the same runs 0.019). The cheapest of the tied
    (``cost_median``; costs within :data:`outcomes.COST_MATTERS` of the cheapest count as
    the same, and among those the larger effect) is recommended. ``(None, [])`` when none is
    clearly better by what matters: spending money on an effect the table itself calls
    perhaps too small to act on is not a recommendation. The decision page and the
    summary's "best response" both use it, so they never name different strategies.
    With ``full`` (the scenario's rows of the whole table), a strategy that leaves more
    losses at the horizon (:func:`deferring`) is never recommended.
    """
    good = recommendable(rows, full)
    if good.empty:
        return None, []
    direction = registry.direction(str(rows["outcome"].iloc[0])) or 1
    eff = stated_diffs(good) * direction
    m = float(good["min_effect"].iloc[0] or 0.0)
    best = eff.idxmax()
    # within m of the best, as a verdict reads m: a gap of m is a change that matters
    near = (eff > eff[best] - m) | (eff == eff[best])
    if "diff_mean" in good.columns:
        mean = good["diff_mean"] * direction
        near |= (mean > mean[best] - m) & mean.notna()
    tied = good[near]
    # the cheapest, counting costs within the money that matters as the same cost
    # (costs not known sort last, as they always did)
    pick = cheapest_band_pick(tied, eff)
    return pick, [s for s in tied["strategy"] if s != pick["strategy"]]


def spending_balance(table: pd.DataFrame, r: Any) -> tuple[str, float, float, float] | None:
    """What a strategy avoids on ``total_losses`` against what is spent on it.

    Spent by platforms and the public purse (``resource_cost``, from the comparison
    ``table``). ``r``: the strategy's row on ``total_losses``. Returns ``(key, avoided, extra spent,
    net)`` where it avoids losses and the table holds its ``resource_cost``, with key one of
    ``net_same`` (spends about the same), ``net_saves`` (spends less), ``net_even``,
    ``net_gain`` and ``net_loss`` (costs more than it avoids); else None.
    """
    if r["outcome"] != "total_losses":
        return None
    spent = table[(table["scenario"] == r["scenario"]) & (table["strategy"] == r["strategy"])
                  & (table["outcome"] == "resource_cost")]
    avoided = -float(stated_effect(r)[0])
    if not len(spent) or not np.isfinite(spent["diff_median"].iloc[0]) or avoided <= 0:
        return None
    extra = float(spent["diff_median"].iloc[0])
    net = avoided - extra
    key = ("net_same" if abs(extra) < registry.COST_MATTERS else "net_saves" if extra < 0
           else "net_even" if abs(net) < registry.COST_MATTERS
           else "net_gain" if net >= 0 else "net_loss")
    return key, avoided, extra, net


def findings(table: pd.DataFrame, outcome: str | None = None, lang: str = "en") -> list[str]:
    """Plain-language findings, one sentence per scenario.

    Each names the best strategy on ``outcome`` (default :func:`headline_outcome`;
    :func:`best_row`) with its paired effect and interval against the baseline. The
    sentence follows every strategy's verdict, not only the best one's: "no strategy
    changes it by a margin that matters" only when every verdict is ``negligible``,
    "every strategy does worse" only when every verdict is ``worse``, "no strategy is
    clearly better" when none is ``better`` otherwise, and a scenario without paired runs
    says so. Only on the table's headline outcome (the one the decision page recommends
    on) does a sentence call a strategy the best response or the better buy; on any other
    outcome it says the strategy does best *on that outcome*, and that the recommendation
    reads the headline (a policy team forwarding "the better buy on trust" would contradict
    a decision page that decides on money).
    """
    head = headline_outcome(table)
    outcome = outcome or head
    if outcome is None:
        return []
    from trustsim.experiments.decision import trust_fallback

    def decides_on(sc: str) -> str | None:  # the decision page's outcome in scenario sc
        if head is None:
            return None
        g_sc = table[table["scenario"] == sc]
        alt = trust_fallback(g_sc)
        moot = alt is not None and alt != head and nothing_to_decide_on(g_sc, head)
        return alt if moot else head

    out = []
    full = table
    on = i18n.outcome(outcome, lang)
    for sc, g in table[table["outcome"] == outcome].groupby("scenario", sort=False):
        best = best_row(g)
        if best is None:
            continue
        scn = i18n.scenario(sc, lang)
        base = i18n.strategy(g["baseline"].iloc[0], lang)
        st = i18n.strategy(best["strategy"], lang)
        on_sc = decides_on(sc)
        other = on_sc is not None and outcome != on_sc
        hon = i18n.outcome(on_sc, lang) if other else ""
        paired = g[~g["is_baseline"] & (g["n_pairs"] > 0)]
        verdicts = set(paired["verdict"])
        if paired.empty:
            out.append(i18n.tr("no_pairs_any", lang, scenario=scn, outcome=on, base=base))
            continue
        eff = effect_phrase(outcome, *stated_effect(best), base, lang,
                            matters=float(best.get("min_effect") or 0.0),
                            pairs=best["n_pairs"])
        # "the best, X, cuts losses by 0.00" named a strategy that does nothing (trial);
        # where some runs are better, how often is said (review)
        flat = not (registry.direction(outcome) or 0) * stated_effect(best)[0] > 0
        often = paired.loc[paired["n_better"].idxmax()] if len(paired) else best
        how = i18n.tr("flat_any", lang) if not often["n_better"] else i18n.tr(
            "flat_some", lang, strategy=i18n.strategy(str(often["strategy"]), lang),
            k=int(often["n_better"]), n=int(often["n_pairs"]), stat=i18n.tr(
                "stat_mean" if reads_mean(best) else "stat_median", lang))
        if nothing_to_decide_on(full[full["scenario"] == sc], outcome):  # say so, not
            # "no strategy changes it by what matters"
            out.append(i18n.tr("none_lost", lang, scenario=scn, outcome=on,
                               tiny=money(tiny_money(outcome), lang)))
        elif not best["direction"]:  # a descriptive outcome: the effect, no verdict
            out.append(sentence(best, lang))
        elif best["verdict"] == "better":
            pick, _ = recommended_row(g, full[full["scenario"] == sc])
            if (pick is not None and pick["strategy"] != best["strategy"]
                    and stated_effect(pick)[0] == stated_effect(best)[0]):
                best = pick  # as good as the best row, and cheaper: it is named the best
                st = i18n.strategy(best["strategy"], lang)
            # (held back only as a candidate: better by what matters; review: a small one
            # was said held back and "none helps" in one paragraph)
            cands = matters(g[~g["is_baseline"] & (g["verdict"] == "better")])
            if str(best["strategy"]) in deferring(full[full["scenario"] == sc], cands):
                hid = hidden_losses(full, sc, str(best["strategy"]))
                out.append(sentence(best, lang) + i18n.tr(
                    "deferred_best" if hid["verdict"] == "worse" else "deferred_best_unclear",
                    lang, strategy=st, effect=loss_words(hid, base, lang)) + (
                    "" if other else i18n.tr("page_recommends", lang, strategy=i18n.strategy(
                        str(pick["strategy"]), lang)) if pick is not None
                    else i18n.tr("page_keeps", lang, base=base)))
            elif pick is None:  # every clearly better effect is below what matters
                # (on an outcome the page does not decide on, the sentence has said
                # "smaller than what matters" already: nothing is recommended on it anyway)
                out.append(sentence(best, lang) + ("" if other else i18n.tr(
                    "best_too_small", lang, scenario=scn, outcome=on)))
            elif pick["strategy"] == best["strategy"]:
                out.append(sentence(best, lang) + (
                    i18n.tr("best_on_other", lang, scenario=scn, outcome=on, head=hon)
                    if other else i18n.tr("best_response", lang, scenario=scn, outcome=on)))
                balance = spending_balance(full, best)
                if balance is not None and balance[0] == "net_loss":  # as the page says
                    out[-1] += i18n.tr("summary_net_loss", lang,
                                       net=money(abs(balance[3]), lang))
                hid = hidden_losses(full, sc, str(best["strategy"]))
                if hid is not None:
                    out[-1] += hidden_losses_text(full, hid, loss_words(hid, base, lang), lang)
            else:  # a cheaper strategy does within what matters of it: that one is named
                # (cheaper by the money that matters, or, where costs less than that apart
                # count as the same, among those about as cheap as the cheapest tied one)
                near = best["cost_median"] - pick["cost_median"] < registry.COST_MATTERS
                key = (("cheaper_band_on_other" if other else "best_is_cheaper_band") if near
                       else ("cheaper_on_other" if other else "best_is_cheaper"))
                if not np.isfinite(best["cost_median"]):  # nothing to say "for less" of
                    key = "cost_unknown_on_other" if other else "best_cost_unknown"
                out.append(sentence(best, lang) + i18n.tr(
                    key, lang, scenario=scn, outcome=on, head=hon,
                    pick=i18n.strategy(str(pick["strategy"]), lang),
                    m=m_text(pick, lang), cost=money(pick["cost_median"], lang),
                    dear=money(best["cost_median"], lang),
                    mm=cost_matters_text(lang)))
        elif verdicts == {"negligible"} and not np.abs(
                paired[["diff_median", "ci_low", "ci_high"]].to_numpy(float)).any():
            # naming "the best" of effects that are all exactly 0 read as a finding
            out.append(i18n.tr("none_changes", lang, scenario=scn, outcome=on, base=base))
        elif verdicts == {"negligible"}:
            out.append(i18n.tr("none_matters_flat" if flat else "none_matters", lang,
                               scenario=scn, outcome=on, m=m_text(best, lang), base=base,
                               strategy=st, effect=eff, how=how))
        elif verdicts == {"worse"}:
            k = scale(outcome, lang)
            d, lo, hi = lnums(lang, *(x * k for x in stated_effect(best)))
            # A bare figure would read as the tables' unit (Chinese sentences count in 万元);
            # the sentence is forwarded alone, so money says its unit in English too.
            o = registry.OUTCOMES.get(str(outcome))
            u = unit_after(outcome, lang) or (f" {THOUSAND}" if o is not None
                                               and o.unit == THOUSAND else "")
            d += u
            hi += u
            out.append(i18n.tr("all_worse", lang, scenario=scn, outcome=on, base=base,
                               strategy=st, diff=d, lo=lo, hi=hi, stat=i18n.tr(
                                   "stat_mean" if reads_mean(best) else "stat_median", lang)))
        else:
            few = best["n_pairs"] < MIN_VERDICT_PAIRS
            why = i18n.tr("too_few_pairs", lang, k=MIN_VERDICT_PAIRS) if few else ""
            # the most promising by its median may lose on average (policy trial: "the
            # best, X, cuts losses by 184.8", its mean +218.7)
            mean = mean_words(best, "mean_opposite", lang) if mean_opposite(best) else ""
            out.append(i18n.tr("none_clear_flat" if flat else "none_clear", lang,
                               scenario=scn, outcome=on, base=base, strategy=st, effect=eff,
                               k=best["n_better"], n=best["n_pairs"], why=why, how=how,
                               mean=mean))
            hid = hidden_losses(full, sc, str(best["strategy"]))
            if hid is not None and not flat:  # "the most promising" may add losses (trial)
                out[-1] += i18n.tr("promising_held" if hid["verdict"] == "worse"
                                   else "promising_held_unclear", lang,
                                   effect=loss_words(hid, base, lang))
    return out


def shows_per_cost(r: Any) -> bool:
    """Whether a row's effect per cost is shown: a clearly better effect, an extra cost.

    Where the interval includes no difference (or the effect is negligible) there is no
    effect to price, and a worse effect is not bought, whatever it costs: the comparison
    table's ``effect_per_cost`` is left empty there too (:func:`compare`).
    """
    return bool(np.isfinite(r.effect_per_cost) and r.verdict == "better")
