"""The decision page: per scenario, which strategy to choose, what it costs and changes.

Core functions: :func:`decide` (one :class:`Decision` per scenario, from a comparison
table) and :func:`decision_text` (its plain-language paragraphs, English or Chinese).

The rule, stated in the report's method notes: among the strategies whose verdict on the
headline outcome is *better* (the whole 95 % interval on the better side of zero and not
negligible) by an effect that reaches the smallest effect that matters (not ``small``),
take the one with the best stated effect (the median, or the mean where the verdict reads
it: a yes-or-no outcome or a ``tail`` row); strategies whose effect (or mean effect: means
subtract exactly over the same runs) is within the outcome's smallest effect that matters
of that best count as tied, and the cheapest of
them (median cost: platform spending, public spending and investor-protection payouts;
costs less than ``money_outcomes.COST_MATTERS``, 100 thousand CNY, above the cheapest count
as cheap, and among those the larger effect wins) is recommended
(``wording.recommended_row``; the summary's "best response" uses the same rule). A
strategy that adds losses counting the platforms at risk at the horizon as wound up (a
worse ``losses_if_wound_up`` verdict, or an unclear one whose stated effect adds at least
what matters: ``wording.hidden_losses``) is never recommended (``Decision.deferred``
names the best of them, and the page says why). When no strategy is clearly better by what
matters, none is recommended and the baseline stays (``Decision.too_small`` holds the
best of those too small to act on). Where the headline is money and next to none is lost
under any strategy, the scenario is decided on final trust (``Decision.moot``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trustsim import i18n
from trustsim import outcomes as registry
from trustsim.experiments.amounts import (
    cost_matters_text,
    lnums,
    m_text,
    money,
    money_range,
    scale,
    tail_note,
    tiny_money,
    unit_after,
)
from trustsim.experiments.decision_lines import (
    at_risk_evidence,
    cheaper_note,
    flight_line,
    hair_line,
    held_others,
    promising_named,
    row_of,
    stay_line,
    who_pays,
)
from trustsim.experiments.stats import MIN_VERDICT_PAIRS
from trustsim.experiments.wording import (
    WOUND_UP,
    best_row,
    cheapest_band_pick,
    codes,
    deferring,
    effect_phrase,
    findings,
    headline_outcome,
    hidden_losses,
    loss_words,
    matters,
    nothing_to_decide_on,
    on_mean,
    recommendable,
    recommended_row,
    spending_balance,
    stated_diffs,
    stated_effect,
)
from trustsim.money_outcomes import held_back

__all__ = ["Decision", "decide", "decision_text", "against_cheaper"]


@dataclass
class Decision:
    """What the comparison says for one scenario.

    Attributes:
        scenario, outcome, baseline: names.
        recommended: the headline-outcome row of the recommended strategy (None: none).
        tied: other strategies within the smallest effect that matters of the best.
        cheapest_better: the cheapest clearly better strategy when it is cheaper than the
            recommended one by ``money_outcomes.COST_MATTERS`` or more (None otherwise); of those
            costing less than ``COST_MATTERS`` above the cheapest of them (the same cost),
            the one with the larger effect.
        changes: rows of the recommended strategy with a better or worse verdict.
        unchanged: rows of the recommended strategy with a negligible or unclear verdict.
        caveats: ``(code, detail)`` pairs: warnings of the recommended strategy's rows
            and of the scenario (failed runs, rankings that depend on the horizon).
        too_small: with no recommendation, the best clearly better row whose effect is
            below the smallest effect that matters (None otherwise).
        against_cheaper: the recommended strategy compared directly with the cheaper
            option (``cheapest_better`` as the baseline, same pairs): what the extra money
            buys. Set by :func:`against_cheaper`; None until then or without that option.
        dearer_against: the strongest tied strategy dearer by ``money_outcomes.COST_MATTERS`` or
            more, compared directly with the recommended one (it as the baseline). Set by
            :func:`against_cheaper`.
        table: the scenario's rows of the comparison table.
        deferred: the best of the clearly better rows left out of the recommendation for
            leaving more losses at the horizon (``wording.deferring``; None when none).
        moot: the experiment's headline when it is money and no strategy loses any in this
            scenario (:func:`~trustsim.experiments.wording.no_money_lost`: a rumour that
            does not break a platform, exposed false advertising): the scenario is decided
            on :func:`trust_fallback` (``outcome``) instead, and the page says so ("" when
            the headline applies).
    """

    scenario: str
    outcome: str
    baseline: str
    recommended: pd.Series | None = None
    tied: list[str] = field(default_factory=list)
    cheapest_better: pd.Series | None = None
    changes: list[pd.Series] = field(default_factory=list)
    unchanged: list[pd.Series] = field(default_factory=list)
    caveats: list[tuple[str, str]] = field(default_factory=list)
    too_small: pd.Series | None = None
    table: pd.DataFrame | None = field(default=None, repr=False)
    against_cheaper: pd.Series | None = None
    dearer_against: pd.Series | None = None
    moot: str = ""
    deferred: pd.Series | None = None


#: Trust outcomes a scenario whose money headline is moot is decided on, first kept first.
TRUST_FALLBACK = ("final_trust", "trust_days_lost", "min_trust", "trust_lost")


def _priced(g: pd.DataFrame, baseline: str) -> str | None:
    """Whether a scenario's money verdicts rest on pricing wind-ups at the horizon.

    ``"realised:wound_up"`` (the baseline's medians, thousand CNY) when most of the
    baseline's losses counting at-risk platforms as wound up are not realised by the
    horizon (None otherwise).
    """

    def med(o: str) -> float:
        r = g[(g["outcome"] == o) & (g["strategy"] == baseline)]
        return float(r["median"].iloc[0]) if len(r) else float("nan")

    real, wound = med("user_losses"), med(WOUND_UP)
    if np.isfinite(real) and np.isfinite(wound) and wound > 0 and real < 0.5 * wound:
        return f"{real}:{wound}"
    return None


def trust_fallback(table: pd.DataFrame) -> str | None:
    """The trust outcome a scenario without money at stake is decided on (None: none kept)."""
    kept = set(table["outcome"])
    return next((o for o in TRUST_FALLBACK if o in kept), None)


def decide(table: pd.DataFrame, outcome: str | None = None) -> list[Decision]:
    """One decision per scenario (table order) on ``outcome`` (default: the headline).

    A scenario in which the headline is money and nobody loses any under any strategy
    (:func:`no_money_lost`) is decided on a trust outcome (:func:`trust_fallback`) and
    says so (``Decision.moot``): "no strategy is clearly better on losses" would hide that
    the crisis costs trust, not money.
    """
    head = outcome or headline_outcome(table)
    out: list[Decision] = []
    if head is None:
        return out
    for sc, g in table.groupby("scenario", sort=False):
        outcome, moot = head, ""
        alt = trust_fallback(g)
        if alt is not None and alt != head and nothing_to_decide_on(g, head):
            outcome, moot = alt, head
        h = g[(g["outcome"] == outcome) & ~g["is_baseline"]]
        dec = Decision(sc, outcome, str(g["baseline"].iloc[0]), table=g, moot=moot)
        pick, dec.tied = recommended_row(h, g)
        sign = registry.direction(outcome) or 1
        held = deferring(g, matters(h[h["verdict"] == "better"]))
        if held:  # the best of those not recommended for leaving losses at the horizon
            kept = h[h["strategy"].isin(held)]
            top = kept.loc[(stated_diffs(kept) * sign).idxmax()]
            if pick is None or (float(stated_diffs(top.to_frame().T).iloc[0])
                                > float(stated_diffs(pick.to_frame().T).iloc[0])) == (sign > 0):
                dec.deferred = top
        rest = h[~h["strategy"].isin(held | deferring(g, h[h["verdict"] == "better"]))]
        if pick is None and (rest["verdict"] == "better").any():
            dec.too_small = best_row(rest)
        if pick is not None:
            dec.recommended = pick
            good = recommendable(h, g)  # none held back
            cheaper = good[good["cost_median"] <= pick["cost_median"] - registry.COST_MATTERS]
            if len(cheaper):  # the cheapest; among those costing less than the money
                # that matters above it (the same cost), the larger effect
                eff = stated_diffs(cheaper) * (registry.direction(outcome) or 1)
                dec.cheapest_better = cheapest_band_pick(cheaper, eff)
            mine = g[(g["strategy"] == pick["strategy"]) & (g["verdict"] != "")]
            primary = [o for o in registry.primary_names() if o in set(mine["outcome"])]
            rest = [o for o in mine["outcome"] if o not in primary]
            for o in primary + rest:
                r = mine[mine["outcome"] == o].iloc[0]
                (dec.changes if r["verdict"] in ("better", "worse") else dec.unchanged
                 ).append(r)
            for r in [pick, *dec.changes]:
                for c in codes(r):
                    if c != "horizon":
                        dec.caveats.append((c, str(r["outcome"])))
        elif len(h):
            best = best_row(g[g["outcome"] == outcome])
            dec.caveats += [(c, outcome) for c in codes(best) if c != "horizon"]
        for r in g[(g["outcome"] == outcome)].itertuples():
            if "failed_runs" in str(r.warnings) and r.n_failed:
                dec.caveats.append(("failed_runs", f"{r.strategy}:{r.n_failed}"))
        priced = _priced(g, dec.baseline)
        if priced is not None:
            dec.caveats.append(("priced", priced))
        horizon = g[g["warnings"].astype(str).str.contains("horizon")]
        if len(horizon):
            dec.caveats.append(("horizon", ",".join(dict.fromkeys(horizon["strategy"]))))
        dec.caveats = list(dict.fromkeys(dec.caveats))
        out.append(dec)
    return out


def against_cheaper(results: Any, decisions: list[Decision], *, n_boot: int = 2000,
                    seed: int = 0) -> None:
    """Compare each recommendation directly with its cheaper or dearer alternative.

    A policy team asks what money buys, on the same runs: where a decision names a cheaper
    clearly better strategy beside the recommendation, the recommended strategy's paired
    effect with that one as the baseline (``Decision.against_cheaper``); where it counts a
    dearer strategy as tied, the strongest of them with the recommendation as the baseline
    (``Decision.dearer_against``: why the dearer one is not worth it). Each is
    :func:`~trustsim.compare` on ``results``, the headline outcome only.
    """
    from trustsim.experiments.compare import compare

    tables: dict[tuple[str, str], pd.DataFrame] = {}

    def row(base: str, strategy: str, dec: Decision) -> pd.Series | None:
        key = (base, dec.outcome)
        if key not in tables:
            tables[key] = compare(results, baseline=base, outcomes=[dec.outcome],
                                  n_boot=n_boot, seed=seed)
        t = tables[key]
        r = t[(t["scenario"] == dec.scenario) & (t["outcome"] == dec.outcome)
              & (t["strategy"] == strategy)]
        return r.iloc[0] if len(r) and r["n_pairs"].iloc[0] > 0 else None

    for dec in decisions:
        if dec.recommended is None:
            continue
        pick = str(dec.recommended["strategy"])
        if dec.cheapest_better is not None:
            dec.against_cheaper = row(str(dec.cheapest_better["strategy"]), pick, dec)
        if dec.tied and dec.table is not None:
            h = dec.table[(dec.table["outcome"] == dec.outcome)
                          & dec.table["strategy"].isin(dec.tied)]
            if np.isfinite(dec.recommended["cost_median"]):  # dearer by what matters
                h = h[h["cost_median"] >= (dec.recommended["cost_median"]
                                           + registry.COST_MATTERS)]
            if len(h):
                strongest = str(h.loc[stated_diffs(h).mul(
                    registry.direction(dec.outcome) or 1).idxmax(), "strategy"])
                dec.dearer_against = row(pick, strongest, dec)


def _near(dec: Decision, r: pd.Series) -> list[str]:
    """Strategies within what matters of the recommendation's effect, not tied with the best.

    Those the page may recommend (policy trial: compensation only, 0.021 beside the
    recommended 0.023, went unnamed where the page says "close to it").
    """
    if dec.table is None:
        return []
    h = dec.table[dec.table["outcome"] == dec.outcome]
    good = recommendable(h, dec.table)
    gap = (stated_diffs(good) - float(stated_diffs(r.to_frame().T).iloc[0])).abs()
    return [str(s) for s, g in zip(good["strategy"], gap, strict=True)
            if g < float(r["min_effect"] or 0.0) and s != r["strategy"] and s not in dec.tied]


def _direct_line(v: pd.Series, base: str, lang: str) -> str:
    """One direct comparison on the same runs: ``v``'s strategy against ``base``."""
    extra = float(v["extra_cost"]) if np.isfinite(v["extra_cost"]) else np.nan
    verdict = i18n.tr(f"verdict_{v['verdict']}", lang) if v["verdict"] else "-"
    if "small" in codes(v) or (v["verdict"] == "negligible"):  # less than what matters
        verdict += i18n.tr("below_matters", lang, m=m_text(v, lang))
    st = i18n.strategy(str(v["strategy"]), lang)
    return i18n.tr("against_cheaper", lang, cheaper=base, strategy=st,
                   effect=_effect(v, base, lang), verdict=verdict,
                   extra=money(abs(extra), lang) if np.isfinite(extra) else "-",
                   more=i18n.tr("less_money" if extra < 0 else "more_money", lang))


def _cost(r: pd.Series, lang: str) -> str:
    if max(abs(float(r["cost_median"])), abs(float(r["cost_p10"])),
           abs(float(r["cost_p90"]))) == 0.0:  # "0 CNY (10-90 %: 0 CNY to 0 CNY)" read oddly
        return i18n.tr("costs_nothing", lang)
    # the median and its band in one unit
    med, lo, hi = money_range(r["cost_median"], r["cost_p10"], r["cost_p90"], lang=lang)
    band = i18n.tr("band", lang, lo=lo, hi=hi)
    return i18n.tr("costs", lang, median=med, band=band)


def _effect(r: pd.Series, base: str, lang: str) -> str:
    words = effect_phrase(str(r["outcome"]), *stated_effect(r), base, lang,
                          matters=float(r.get("min_effect") or 0.0), pairs=r["n_pairs"])
    if on_mean(r):
        return words + tail_note(r, lang)
    if r["verdict"] == "worse":
        return i18n.tr("effect_losses", lang, effect=words, k=int(r["n_worse"]),
                       n=int(r["n_pairs"]))
    return i18n.tr("effect_wins", lang, effect=words, k=int(r["n_better"]),
                   n=int(r["n_pairs"]))


def _money_lines(dec: Decision, r: pd.Series, lang: str) -> list[str]:
    """What the pick's money means under a headline of money lost whoever bears it.

    Under ``total_losses``: how much of the pick's cost is the protection fund's
    repayments (counted in the headline already), and what it avoids against what
    platforms and the public purse spend on it.
    """
    if dec.outcome != "total_losses":
        return []
    out = []
    st = str(r["strategy"])
    on = i18n.outcome(dec.outcome, lang)
    prot = row_of(dec, st, "protection_if_wound_up")
    if prot is not None and np.isfinite(prot["median"]) and prot["median"] > 0:
        out.append(i18n.tr("fund_share", lang, prot=money(prot["median"], lang), outcome=on))
    balance = _balance(dec, r)
    if balance is not None:
        key, avoided, extra, net = balance
        way = "apart" if extra == 0 else "less" if extra < 0 else "more"
        if lang == "zh":
            way = {"less": "少", "more": "多", "apart": "相差"}[way]
        out.append(i18n.tr(key, lang, avoided=money(avoided, lang),
                           spent=money(abs(extra), lang), net=money(abs(net), lang), way=way,
                           mm=cost_matters_text(lang)))
    return out


def _balance(dec: Decision, r: pd.Series) -> tuple[str, float, float, float] | None:
    """The pick's :func:`~trustsim.experiments.wording.spending_balance`.

    Only under a ``total_losses`` headline (None otherwise).
    """
    if dec.outcome != "total_losses" or dec.table is None:
        return None
    return spending_balance(dec.table, r)


def _after(prefix: str, sentence: str) -> str:
    """``sentence`` after a clause ending in a colon (lower-cased start; none in Chinese)."""
    if not prefix:
        return sentence
    return prefix + (sentence[:1].lower() + sentence[1:] if sentence[:1].isascii() else sentence)


def _recovered(dec: Decision, row: pd.Series) -> tuple[float, float] | None:
    """Median ``recovered`` of a time-to-recover row's strategy and of the baseline.

    None for another outcome, or where either was not compared.
    """
    if row["outcome"] != "time_to_recover" or dec.table is None:
        return None
    rec = dec.table[dec.table["outcome"] == "recovered"].set_index("strategy")["median"]
    mine, base = rec.get(row["strategy"]), rec.get(dec.baseline)
    return None if mine is None or base is None else (float(mine), float(base))


def _censored(dec: Decision, row: pd.Series) -> bool:
    """Whether ``row`` is a time to recover that cannot be compared.

    It is when most runs of both its strategy and the baseline never recover by the end
    (median of ``recovered`` 0): both times are then the days the runs had left, so "no
    change" would only say the two horizons are equal.
    """
    return _recovered(dec, row) == (0.0, 0.0)


def _never_back(dec: Decision, row: pd.Series) -> str | None:
    """The side whose runs mostly never recover, where the other's mostly do (else None).

    A time to recover then counts that side's days left: the true difference is at least
    the one shown, not a measured time ("recovers 150 days sooner" where the baseline never
    recovered and the strategy never fell: policy trial).
    """
    medians = _recovered(dec, row)
    if medians is None or set(medians) != {0.0, 1.0}:
        return None
    return str(dec.baseline if medians[1] == 0.0 else row["strategy"])


def decision_text(dec: Decision, lang: str = "en") -> dict[str, list[str]]:
    """The decision in plain words, by heading.

    Keys: ``moot`` (why a scenario is decided on trust: nobody loses money in it),
    ``recommend`` (the recommendation and its effect on the headline outcome),
    ``cost``, ``changes`` (other outcomes it makes better), ``worse`` (outcomes it makes
    worse: the trade-offs), ``unchanged`` (no change that matters: negligible verdicts),
    ``unclear`` (not shown either way: an interval that takes in both no change and one
    that matters, or too few pairs), ``caveats`` -- each a list of sentences (an empty
    list when there is nothing to say).
    """
    base = i18n.strategy(dec.baseline, lang)
    on = i18n.outcome(dec.outcome, lang)
    text: dict[str, list[str]] = {"moot": [], "recommend": [], "cost": [], "changes": [],
                                  "worse": [], "unchanged": [], "unclear": [],
                                  "caveats": []}
    if dec.moot:
        text["moot"].append(i18n.tr("moot", lang, head=i18n.outcome(dec.moot, lang),
                                         outcome=on, tiny=money(tiny_money(dec.moot), lang)))
    r = dec.recommended
    prefix = i18n.tr("held_prefix", lang) if dec.deferred is not None else ""
    named: frozenset[str] = frozenset()  # whose added losses the first line gives
    if r is None:
        if dec.too_small is not None:  # clearly better, but by less than what matters
            r0 = dec.too_small
            text["recommend"].append(_after(prefix, i18n.tr(
                "no_recommendation_small", lang, outcome=on, base=base,
                strategy=i18n.strategy(str(r0["strategy"]), lang),
                effect=_effect(r0, base, lang), m=m_text(r0, lang))))
        elif dec.table is not None and dec.deferred is None:
            # The best there is and why it falls short (no strategy clearly better, every
            # one worse, none changing what matters), then what to do.
            best = findings(dec.table, dec.outcome, lang)[:1]
            named = promising_named(dec, best, base, lang)
            sep = "" if lang == "zh" else " "
            # "keep do_nothing" only where every strategy is worse (policy trial: said
            # where none was shown better, it read as advice to do nothing)
            rows = dec.table[~dec.table["is_baseline"] & (dec.table["outcome"] == dec.outcome)]
            worse = len(rows) > 0 and set(rows["verdict"]) == {"worse"}
            text["recommend"].append(sep.join([*best, i18n.tr(
                "keep_base_worse" if worse else "keep_base", lang, base=base)]))
        elif dec.deferred is not None:  # the one that helps is held back (named below)
            more = held_back(dec.table, dec.scenario, dec.outcome) - {
                str(dec.deferred["strategy"])}  # (then others that help are held back too)
            text["recommend"].append(i18n.tr(
                "no_recommendation_held_all" if more else "no_recommendation_held", lang,
                outcome=on, base=base, strategy=i18n.strategy(str(dec.deferred["strategy"]),
                                                              lang)))
        else:
            text["recommend"].append(i18n.tr("no_recommendation", lang, outcome=on,
                                             base=base))
    else:
        st = i18n.strategy(str(r["strategy"]), lang)
        line = i18n.tr("recommend", lang, strategy=st, outcome=on,
                       effect=_effect(r, base, lang))
        balance = _balance(dec, r)
        if balance is not None and balance[0] == "net_loss":  # said first, not only below
            line += i18n.tr("recommend_net_loss", lang, net=money(abs(balance[3]), lang),
                            outcome=on)
        line += cheaper_note(dec, r, lang)
        text["recommend"].append(line)
        close = list(dec.tied) + _near(dec, r)
        if close:
            h = dec.table[dec.table["outcome"] == dec.outcome] if dec.table is not None else None
            cost = ({} if h is None else dict(zip(h["strategy"], h["cost_median"],
                                                  strict=True)))
            known = [t for t in close if np.isfinite(cost.get(t, np.nan))]
            # dearer by the money that matters, with how much (policy trial: "no cheaper"
            # read as "about the same cost" of one 1,715 thousand CNY dearer)
            dear = [t for t in known if cost[t] - r["cost_median"] >= registry.COST_MATTERS]
            for key, names in (("tied", [t for t in known if t not in dear]),
                               ("tied_dearer", dear),  # (a cost not known is not "not cheaper")
                               ("tied_cost_unknown", [t for t in close if t not in known])):
                if names:
                    # (the direct comparison's paired figure where it was made: trial
                    # read "1,718" here and "1,715" below)
                    da = dec.dearer_against
                    gap = {t: float(da["extra_cost"]) if da is not None and str(
                        da["strategy"]) == t and np.isfinite(da["extra_cost"])
                        and da["extra_cost"] >= registry.COST_MATTERS
                        else cost[t] - r["cost_median"] for t in names}
                    shown = [i18n.strategy(t, lang) + (i18n.tr(
                        "dearer_by", lang, more=money(gap[t], lang))
                        if key == "tied_dearer" else "") for t in names]
                    text["recommend"].append(i18n.tr(
                        key, lang, others=("、" if lang == "zh" else ", ").join(shown),
                        m=m_text(r, lang), mm=cost_matters_text(lang), base=base))
        if np.isfinite(r["cost_median"]):
            old = r.get("cost_basis", "") == registry.OLD_COST
            text["cost"].append(i18n.tr("cost_of_old" if old else "cost_of", lang,
                                        strategy=st, cost=_cost(r, lang)))
        else:
            text["cost"].append(i18n.tr("cost_unknown", lang))
        if np.isfinite(r["extra_cost"]) and r["extra_cost"] != 0:
            extra = float(r["extra_cost"])
            key = ("extra_cost_same" if abs(extra) < registry.COST_MATTERS
                   else "extra_cost" if extra >= 0 else "extra_cost_less")
            text["cost"].append(i18n.tr(key, lang, extra=money(abs(extra), lang), base=base,
                                        m=cost_matters_text(lang)))
        text["cost"] += who_pays(dec, r, lang) + _money_lines(dec, r, lang)
        c = dec.cheapest_better
        if c is not None and np.isfinite(c["cost_median"]):
            text["cost"].append(i18n.tr(
                "cheaper_option", lang, strategy=i18n.strategy(str(c["strategy"]), lang),
                cost=money(c["cost_median"], lang), effect=_effect(c, base, lang), base=base))
            if dec.against_cheaper is not None:  # what the extra money buys, same runs
                cs = i18n.strategy(str(c["strategy"]), lang)
                text["cost"] += [t for t in (_direct_line(dec.against_cheaper, cs, lang),
                                             hair_line(dec.against_cheaper, cs, lang,
                                                       clears=True)) if t]
        if dec.dearer_against is not None:  # why the strongest tied dearer one is not worth it
            text["cost"] += [t for t in (_direct_line(dec.dearer_against, st, lang),
                                         hair_line(dec.dearer_against, st, lang,
                                                   clears=False)) if t]
        for row in dec.changes:
            if row["outcome"] == dec.outcome:
                continue
            if _censored(dec, row):  # "recovers 33 days sooner" of runs that never recover
                text["unclear"].append(i18n.tr("censored_line", lang, outcome=i18n.outcome(
                    str(row["outcome"]), lang), base=base, strategy=st))
                continue
            small = "small" in codes(row)  # said so here too (policy trial: only in caveats)
            line = i18n.tr("change_line_small" if small else "change_line", lang,
                           outcome=i18n.outcome(str(row["outcome"]), lang),
                           effect=_effect(row, base, lang), m=m_text(row, lang))
            slow = _never_back(dec, row)  # "recovers 150 days sooner": a bound (trial)
            if slow:
                line += i18n.tr("bound_note", lang, slow=i18n.strategy(slow, lang))
            text["changes" if row["verdict"] == "better" else "worse"].append(line)
        for row in dec.unchanged:
            key = "negligible_line" if row["verdict"] == "negligible" else "unclear_line"
            if _censored(dec, row):  # both mostly "not back by the end": nothing to compare
                text["unclear"].append(i18n.tr("censored_line", lang, outcome=i18n.outcome(
                    str(row["outcome"]), lang), base=base, strategy=st))
                continue
            if row["verdict"] == "unclear" and row["n_pairs"] < MIN_VERDICT_PAIRS:
                key = "few_line"
            elif on_mean(row):
                key = "unclear_tail_line"
            _, lo_v, hi_v = stated_effect(row)
            k = scale(str(row["outcome"]), lang)  # money in Chinese sentences: 万元
            # (the decimals that keep them apart from the "within ±m" they are read against)
            m_v = abs(float(row.get("min_effect") or 0.0)) * k
            lo, hi = lnums(lang, lo_v * k, hi_v * k, apart=m_v)
            hi += unit_after(str(row["outcome"]), lang)  # else read as the tables' unit
            m = m_text(row, lang)
            # "Does not change" only where the interval rules out a change that matters;
            # an unclear one (even a large median) is not shown either way.
            text["unchanged" if key == "negligible_line" else "unclear"].append(i18n.tr(
                key, lang, outcome=i18n.outcome(str(row["outcome"]), lang), lo=lo, hi=hi,
                m=m, k=MIN_VERDICT_PAIRS, b=int(row["n_better"]), w=int(row["n_worse"]),
                n=int(row["n_pairs"])))
    if dec.deferred is not None and dec.table is not None:
        d = dec.deferred
        hid = hidden_losses(dec.table, dec.scenario, str(d["strategy"]))
        text["recommend"].append(i18n.tr(
            "deferred_line" if hid["verdict"] == "worse" else "deferred_line_unclear", lang,
            strategy=i18n.strategy(str(d["strategy"]), lang),
            outcome=on, effect=_effect(d, base, lang),
            hidden=loss_words(hid, base, lang)) + at_risk_evidence(dec, d, base, lang))
    for c in (True, False):  # every one the figures cross out, then every other the
        others = held_others(dec, base, lang, c, named)  # answers table lists (trials)
        if others:
            text["recommend"].append(others)
    # losses "cut" by losing trust, and "added" by keeping it (trials)
    text["recommend"] += [t for t in (flight_line(dec, lang), stay_line(dec, lang)) if t]
    censored = {str(row["outcome"]) for row in dec.changes + dec.unchanged
                if _censored(dec, row)}
    for code, detail in dec.caveats:
        if detail in censored:  # said "cannot be compared": no caveat on "the effect shown"
            continue
        if code == "failed_runs":
            name, n = detail.split(":")
            text["caveats"].append(i18n.tr("caveat_failed", lang, n=n,
                                           strategy=i18n.strategy(name, lang)))
        elif code == "priced":
            real, wound = (float(x) for x in detail.split(":"))
            text["caveats"].append(i18n.tr("caveat_priced", lang, base=base,
                                           real=money(real, lang), wound=money(wound, lang)))
        elif code == "horizon":
            names = [i18n.strategy(n, lang) for n in detail.split(",")]
            text["caveats"].append(i18n.tr("caveat_horizon", lang, strategies=(
                "、" if lang == "zh" else ", ").join(names)))
        else:
            text["caveats"].append(i18n.tr(f"caveat_{code}", lang, k=MIN_VERDICT_PAIRS,
                                           outcome=i18n.outcome(detail, lang)))
    return text
