"""Lines of the decision page about money and held-back strategies.

Core functions (each one part of :func:`trustsim.experiments.decision.decision_text`):
:func:`cheaper_note` (the cheaper, also clearly better option in the recommendation's
first line), :func:`held_others` (the other strategies held back for the losses they may
add), :func:`at_risk_evidence` (what was measured behind a hold-back: money left at
risk), :func:`who_pays` (the parts of the cost) and :func:`row_of` (a scenario's row of
one strategy and outcome).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from trustsim import i18n
from trustsim import outcomes as registry
from trustsim.experiments.amounts import lfixed, money, scale, unit_after
from trustsim.experiments.wording import (
    best_row,
    effect_phrase,
    hidden_losses,
    loss_words,
    mean_opposite,
    stated_effect,
)
from trustsim.money_outcomes import held_back

if TYPE_CHECKING:
    from trustsim.experiments.decision import Decision

__all__ = ["cheaper_note", "held_others", "promising_named", "flight_line", "stay_line",
           "at_risk_evidence",
           "who_pays", "row_of", "hair_line", "HAIR"]

HAIR = 0.1
"""A direct comparison within this share of the smallest effect that matters of that line
turns the choice on a hair (:func:`hair_line`)."""


def hair_line(v: pd.Series, other: str, lang: str, *, clears: bool) -> str | None:
    """"Only just" where a choice between two strategies turns on a hair, else None.

    ``v``: a direct comparison on the same runs, ``v``'s strategy against ``other``. With
    ``clears``, ``v``'s strategy is the recommendation, dearer than ``other``, and its
    gain over it clears the smallest effect that matters by less than :data:`HAIR` of it;
    otherwise ``v``'s is a dearer strategy held level with the recommendation ``other``,
    its gain short of that line by less than :data:`HAIR` of it. A policy trial found a
    1.33-million recommendation resting on 0.0204 against a line of 0.02, and another
    crisis's dearer option turned down at 0.0192, with nothing said.
    """
    m = float(v.get("min_effect") or 0.0)
    o = str(v["outcome"])
    d = float(registry.stated_frame(v.to_frame().T)["effect"].iloc[0]) * (
        registry.direction(o) or 1)
    if not (m > 0 and np.isfinite(d)):
        return None
    near = (m <= d < (1 + HAIR) * m) if clears else ((1 - HAIR) * m < d < m)
    if not near:
        return None
    k = scale(o, lang)
    d_s, m_s = lfixed(lang, o, d * k, m * k, apart=m * k)
    return i18n.tr("hair_clears" if clears else "hair_short", lang,
                   strategy=i18n.strategy(str(v["strategy"]), lang), other=other,
                   d=d_s + unit_after(o, lang), m=m_s + unit_after(o, lang))



def cheaper_note(dec: Decision, r: pd.Series, lang: str) -> str:
    """The cheaper, also clearly better option in the recommendation's first line.

    Its effect beside the recommendation's and how much less it costs (policy trial: a
    team reading only the first line missed an option doing half as much for a
    three-hundredth of the cost). Empty without such an option or a cost for both; the
    money saved is the direct comparison's paired median where it was made.
    """
    c = dec.cheapest_better
    if c is None or not (np.isfinite(c["cost_median"]) and np.isfinite(r["cost_median"])):
        return ""
    full, part = stated_effect(r)[0], stated_effect(c)[0]
    if not (np.isfinite(full) and np.isfinite(part)):
        return ""
    # both effects as the sentences give them (not a share: medians do not divide, and
    # the direct comparison below gives another figure; policy trial)
    k = scale(dec.outcome, lang)
    part_s, full_s = (t + unit_after(dec.outcome, lang) for t in lfixed(
        lang, dec.outcome, part * k, full * k, matters=float(r.get("min_effect") or 0.0)))
    # the money saved as the direct comparison states it (paired), where it was made
    v = dec.against_cheaper
    less = (float(v["extra_cost"]) if v is not None and np.isfinite(v["extra_cost"])
            else float(r["cost_median"] - c["cost_median"]))
    # its extra cost over the baseline, as the tables and the answers give it (trial: its
    # total cost beside the others' extra)
    extra = float(c["extra_cost"]) if np.isfinite(c["extra_cost"]) else float(c["cost_median"])
    key = ("recommend_cheaper_same" if abs(extra) < registry.COST_MATTERS
           else "recommend_cheaper" if extra > 0 else "recommend_cheaper_less")
    return i18n.tr(key, lang, cheaper=i18n.strategy(str(c["strategy"]), lang),
                   part=part_s, full=full_s, cost=money(abs(extra), lang),
                   less=money(less, lang), base=i18n.strategy(dec.baseline, lang),
                   strategy=i18n.strategy(str(r["strategy"]), lang))


def held_others(dec: Decision, base: str, lang: str, candidates: bool = True,
                skip: frozenset[str] = frozenset()) -> str:
    """The other strategies held back for the losses they may add, each with its figure.

    Those better on the headline outcome whose losses counting platforms at risk as wound
    up may be higher (:func:`trustsim.money_outcomes.held_back`: the ones the figures
    cross out), less the one already said (``Decision.deferred``). Empty when none.

    ``candidates=False``: those that may add losses but are no candidate (not better on
    the headline by what matters), which the answers table lists too (policy trial: the
    table named strategies the page never mentioned); those worse on the headline on a
    line of their own, with that effect (trial: "not better by what matters" of a strategy
    losing 0.21 of trust understated the harm).

    ``skip``: strategies whose added losses the page has already given (the first line's
    "the most promising, X, ... may add losses, though": trial, the same figure twice).
    """
    if dec.table is None:
        return ""
    said = set(skip) | ({str(dec.deferred["strategy"])} if dec.deferred is not None
                        else set())
    held = held_back(dec.table, dec.scenario, dec.outcome) - said
    if not candidates:
        held = held_back(dec.table, dec.scenario) - held - said
    items: dict[bool, list[str]] = {False: [], True: []}  # by: worse on the headline
    for st in dict.fromkeys(dec.table["strategy"].astype(str)):
        hid = hidden_losses(dec.table, dec.scenario, st) if st in held else None
        if hid is None:
            continue
        head = row_of(dec, st, dec.outcome)
        worse = not candidates and head is not None and head["verdict"] == "worse"
        effect = loss_words(hid, base, lang)
        if worse:
            items[True].append(i18n.tr("held_item_worse", lang, strategy=i18n.strategy(
                st, lang), effect=effect, head=effect_phrase(
                    dec.outcome, *stated_effect(head), base, lang,
                    matters=float(head.get("min_effect") or 0.0), pairs=head["n_pairs"])))
        else:  # (second trial: rapid rebuttal's median second best, its mean worse: unsaid)
            key = ("held_item_opposite" if not candidates and head is not None
                   and mean_opposite(head) else "held_item")
            items[False].append(i18n.tr(key if hid["verdict"] == "worse" else f"{key}_unclear",
                                        lang, strategy=i18n.strategy(st, lang), effect=effect))
    key = "risky_others" if not candidates else "held_others" if said else "held_all"
    sep = "；" if lang == "zh" else "; "
    on = i18n.outcome(dec.outcome, lang)
    lines = [i18n.tr(k, lang, outcome=on, items=sep.join(items[w]))
             for w, k in ((False, key), (True, "risky_worse")) if items[w]]
    return " ".join(lines) if lang != "zh" else "".join(lines)


def promising_named(dec: Decision, first: list[str], base: str, lang: str) -> frozenset[str]:
    """The strategy whose added losses the first line gives, as a set (empty: none).

    With no strategy clearly better, the first line names the most promising one
    (:func:`~trustsim.experiments.wording.best_row`) and, where it may add losses, their
    figure; :func:`held_others` then leaves it out (policy trial: operator_abscond gave full
    rebuild's 1,703 thousand CNY twice).
    """
    if dec.table is None or not first:
        return frozenset()
    b = best_row(dec.table[dec.table["outcome"] == dec.outcome])
    hid = None if b is None else hidden_losses(dec.table, dec.scenario, str(b["strategy"]))
    if hid is None or loss_words(hid, base, lang) not in first[0]:
        return frozenset()
    return frozenset({str(b["strategy"])})


#: Losses a strategy can cut by losing trust: users who trust less leave before a failure.
FLIGHT_OUTCOMES = ("user_losses", "losses_if_wound_up")


def flight_line(dec: Decision, lang: str) -> str:
    """Strategies not better on a trust headline that cut losses, and why (empty when none).

    In the model, users who trust a platform less take their money out before it fails or
    its operator absconds: denial then "cuts" losses (policy trial: deny and delay at
    -4,545 thousand CNY of losses if wound up, unexplained, read as protecting investors).
    One line for strategies worse on the headline; another for those level with the
    baseline on it (negligible or unclear) that paid no compensation, the one other way a
    response can cut losses without keeping trust (second trial: operator absconding,
    deny and delay level on trust at the end, its denial found out and a run started
    before the operators fled, -5,753 thousand CNY with no word why); where compensation
    paid was not kept, a level strategy gets no line. Only where the headline is not money.
    """
    if dec.table is None or dec.outcome in FLIGHT_OUTCOMES or registry.OUTCOMES.get(
            dec.outcome) is None or registry.OUTCOMES[dec.outcome].unit == "thousand CNY":
        return ""
    found: dict[str, tuple[list[str], list[str]]] = {"worse": ([], []), "level": ([], [])}
    for st in dict.fromkeys(dec.table["strategy"].astype(str)):
        head = row_of(dec, st, dec.outcome)
        kind = ("worse" if head is not None and head["verdict"] == "worse" else "level"
                if head is not None and head["verdict"] in ("negligible", "unclear")
                and _paid_nothing(dec, st) else None)
        if kind is None:
            continue
        # (better on the mean too: a cut "not shown on the mean over runs" is no finding)
        better = [o for o in FLIGHT_OUTCOMES
                  if (r := row_of(dec, st, o)) is not None and r["verdict"] == "better"
                  and "mean_differs" not in str(r.get("warnings") or "").split(",")]
        if better:
            names, cut = found[kind]
            names.append(i18n.strategy(st, lang))
            cut += [o for o in better if o not in cut]
    sep = "、" if lang == "zh" else ", "  # (as the page's other lists of strategies)
    lines = [i18n.tr(f"flight_{kind}" + ("" if len(names) == 1 else "_many"), lang,
                     strategy=sep.join(names), outcome=i18n.outcome(dec.outcome, lang),
                     outcomes=sep.join(i18n.outcome(o, lang) for o in cut))
             for kind, (names, cut) in found.items() if names]
    return (" " if lang != "zh" else "").join(lines)


def _paid_nothing(dec: Decision, strategy: str) -> bool:
    """No compensation paid in the median run (False where that outcome was not kept)."""
    paid = row_of(dec, strategy, "compensation_paid")
    return paid is not None and float(paid["median"]) == 0.0


def stay_line(dec: Decision, lang: str) -> str:
    """Strategies that may add losses without paying compensation, and why (empty if none).

    The other side of :func:`flight_line`: users who trust a platform more keep their
    money in it longer, so where it later fails or its operator absconds a response that
    holds their trust holds their money there too (third policy trial: disclosure "adds"
    1,490 thousand CNY in the P2P collapse and truthful responses 692-1,725 where the
    operators abscond, read as "honesty costs investors money", with the reason given only
    for denial's cut). Those worse on the headline are left out (trust lost does not keep
    money in), and those that paid compensation (the money itself may weaken a platform),
    or where compensation paid was not kept.
    """
    if dec.table is None:
        return ""
    names = []
    for st in dict.fromkeys(dec.table["strategy"].astype(str)):
        head = row_of(dec, st, dec.outcome)
        if (st in held_back(dec.table, dec.scenario) and head is not None
                and head["verdict"] != "worse" and _paid_nothing(dec, st)):
            names.append(i18n.strategy(st, lang))
    if not names:
        return ""
    return i18n.tr("stay_line" if len(names) == 1 else "stay_lines", lang,
                   strategy=("、" if lang == "zh" else ", ").join(names))


def at_risk_evidence(dec: Decision, d: pd.Series, base: str, lang: str) -> str:
    """Why a held-back strategy's gain may not last: the money it leaves at risk.

    Where ``money_at_risk`` (claims on platforms insolvent or frozen at the horizon) was
    compared and is worse for it, the sentence saying so, with its effect (policy trial:
    the page gave the estimate of added losses, unclear, and not the measured reason).
    Empty otherwise.
    """
    r = row_of(dec, str(d["strategy"]), "money_at_risk")
    if r is None or r["verdict"] != "worse":
        return ""
    return i18n.tr("deferred_at_risk", lang, effect=loss_words(r, base, lang))


def row_of(dec: Decision, strategy: str, outcome: str) -> pd.Series | None:
    """The scenario's row of ``strategy`` on ``outcome`` (None when not compared)."""
    if dec.table is None:
        return None
    t = dec.table[(dec.table["strategy"] == strategy) & (dec.table["outcome"] == outcome)]
    return t.iloc[0] if len(t) else None


def who_pays(dec: Decision, r: pd.Series, lang: str) -> list[str]:
    """Who bears the pick's cost: the medians of its parts the experiment kept.

    Platforms' spending (and the compensation in it), public spending, the protection
    fund's repayments (policy trial: a minister asks who pays). Medians of each part over
    runs, which need not add up to the median of the whole. A payer of the cost the
    experiment did not keep is named as not kept (trial: the parts read as the whole, the
    regulator's inspections missing). Empty when none was kept.
    """
    parts, missing = [], []
    for outcome, key in (("platform_spending", "pays_platforms"),
                         ("compensation_paid", "pays_compensation"),
                         ("public_spending", "pays_public"), ("protection_paid", "pays_fund")):
        row = row_of(dec, str(r["strategy"]), outcome)
        if row is not None and np.isfinite(row["median"]):
            parts.append(i18n.tr(key, lang, x=money(float(row["median"]), lang)))
        elif outcome != "compensation_paid":  # (a part of the platforms' spending)
            missing.append(i18n.outcome(outcome, lang))
    if not parts:
        return []
    sep = "；" if lang == "zh" else "; "
    return [i18n.tr("who_pays", lang, parts=sep.join(parts)) + (i18n.tr(
        "pays_not_kept", lang, parts=("、" if lang == "zh" else ", ").join(missing))
        if missing else "")]
