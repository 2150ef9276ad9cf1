"""What users lose and what strategies cost: the money outcomes of a run, and users who leave.

Registered in :data:`trustsim.outcomes.OUTCOMES` when that module is imported (it imports
this one last, so the summary lists them after the trust outcomes, in the order it always
had: a results folder's settings hash holds that order, and a sweep resumes only on the
same). Losses come in
three widths: realised (``user_losses``), plus the platforms still at risk at the horizon
wound up (``losses_if_wound_up``, weighted by :func:`at_risk_weight`), and before investor
protection (``total_losses``); costs are what platforms, the public purse and the
protection fund spend (``response_cost``, the comparison's cost, :data:`COST`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from trustsim.outcomes import RunView, direction, reads_mean, register_outcome, table_headline

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AT_RISK_BAND", "COST", "OLD_COST", "COST_MATTERS", "COST_OUTCOMES",
           "at_risk_weight", "live_at_risk", "leaves_at_risk", "held_back", "decision_held"]

@register_outcome("user_losses", "money users lost for good", unit="thousand CNY",
                  direction=-1, min_effect=100.0, primary=True,
                  better="cuts user losses by {v} thousand CNY compared with {b}",
                  worse="adds {v} thousand CNY of user losses compared with {b}",
                  en="users' losses",
                  zh="投资者损失", zh_better="比{b}减少投资者损失 {v} 万元",
                  zh_worse="比{b}增加投资者损失 {v} 万元")
def _user_losses(run: RunView) -> float:
    return float(run.model.population.losses.sum())


#: Half-width of the band of equity (a share of what a platform owes) around zero in which
#: the horizon cannot tell whether a platform will be wound up (:func:`at_risk_weight`).
AT_RISK_BAND = 0.05


def at_risk_weight(equity: float, owed: float, frozen: bool) -> float:
    """How much of a live platform counts as at risk at the horizon, in [0, 1].

    A run ends on a day, not when the platforms' fates are settled. A frozen platform counts
    whole: its users cannot get their money out. Otherwise the weight is a chance of being
    wound up that falls linearly with equity as a share of what the platform owes, from 1 at
    ``-AT_RISK_BAND`` to 0 at ``+AT_RISK_BAND`` (one half at zero equity): a platform 1 %
    under water and one 1 % above it are much the same risk, and the model itself winds a
    platform up only well below zero (10 % of what it owes once frozen, 25 % otherwise). The
    band is an assumption (no source gives the shape): 5 % is half the capital a platform
    starts with. Counting an insolvent platform whole and a solvent one not at all, as
    before, made ``losses_if_wound_up`` jump by a whole wind-up haircut on a hair of equity
    (docs/model.md §9).

        >>> at_risk_weight(-10.0, 100.0, False), at_risk_weight(0.0, 100.0, False)
        (1.0, 0.5)
        >>> at_risk_weight(2.5, 100.0, False), at_risk_weight(20.0, 100.0, True)
        (0.25, 1.0)
    """
    if frozen:
        return 1.0
    if owed <= 0.0:
        return 0.0
    share = equity / owed
    if not math.isfinite(share):
        return math.nan  # broken books show as a NaN outcome, not as a sound platform
    return float(min(1.0, max(0.0, 0.5 - share / (2.0 * AT_RISK_BAND))))


@register_outcome("money_at_risk", "users' claims on platforms still alive at the end that "
                  "are frozen or near or below insolvency, each weighted by how much it is at "
                  "risk (whole when frozen or 5 % under water, half at zero equity, none from "
                  "5 % of equity up): losses the horizon may hide",
                  unit="thousand CNY", direction=-1, min_effect=100.0,
                  better="leaves {v} thousand CNY less at risk than {b}",
                  worse="leaves {v} thousand CNY more at risk than {b}",
                  en="money at risk",
                  zh="风险敞口资金", zh_better="比{b}少 {v} 万元资金处于风险中",
                  zh_worse="比{b}多 {v} 万元资金处于风险中")
def _money_at_risk(run: RunView) -> float:
    return float(sum(w * pl.owed for pl, w in live_at_risk(run)))


def live_at_risk(run: RunView) -> list:
    """(platform, weight) of the live platforms whose weight is not zero.

    The weight is :func:`at_risk_weight`.
    """
    out = []
    for pl in run.model.platforms:
        if pl.alive:
            w = at_risk_weight(pl.equity, pl.owed, pl.status == "frozen")
            if w != 0.0:  # a NaN weight is kept: it makes the outcome NaN
                out.append((pl, w))
    return out


@register_outcome("losses_if_wound_up", "money users lost for good plus what they would "
                  "lose if the platforms still at risk at the horizon were wound up, after "
                  "investor protection, each wind-up weighted as in money_at_risk: losses the "
                  "horizon cannot hide",
                  unit="thousand CNY", direction=-1, min_effect=100.0,
                  better="cuts losses (counting platforms at risk as wound up) by {v} thousand "
                         "CNY compared with {b}",
                  worse="adds {v} thousand CNY of losses (counting platforms at risk as wound "
                        "up) compared with {b}",
                  en="losses if wound up",
                  zh="投资者损失（含风险平台清盘）",
                  zh_better="比{b}减少投资者损失（含风险平台清盘）{v} 万元",
                  zh_worse="比{b}增加投资者损失（含风险平台清盘）{v} 万元")
def _losses_if_wound_up(run: RunView) -> float:
    return _user_losses(run) + float(sum(w * (lost - prot)
                                         for _, w, lost, prot in run.wind_ups))


@register_outcome("total_losses", "money savers lost for good before investor protection: "
                  "users' losses plus the investor-protection fund's repayments (paid, and due "
                  "if the platforms still at risk at the horizon were wound up, weighted as in "
                  "money_at_risk): protection moves a loss from users to the fund and the "
                  "state, it does not make it smaller",
                  unit="thousand CNY", direction=-1, min_effect=100.0,
                  better="cuts savers' losses before protection by {v} thousand CNY compared "
                         "with {b}",
                  worse="adds {v} thousand CNY of savers' losses before protection compared "
                        "with {b}",
                  en="losses before protection",
                  zh="保障前投资者总损失",
                  zh_better="比{b}减少保障前投资者总损失 {v} 万元",
                  zh_worse="比{b}增加保障前投资者总损失 {v} 万元")
def _total_losses(run: RunView) -> float:
    # Transfers are not netted: a failed platform's levies and fines left its savers' pool
    # and are not paid back to them (fund_from_failed shows them beside this).
    return _losses_if_wound_up(run) + _protection_if_wound_up(run)


@register_outcome("fund_from_failed", "levies and fines that the platforms which failed (and, "
                  "weighted as in money_at_risk, those still at risk) paid into the "
                  "investor-protection fund, up to each one's shortfall: money that left their "
                  "savers' pool and is still public (a transfer, not netted in total_losses)",
                  unit="thousand CNY", en="fund money from failed platforms",
                  zh="倒闭平台缴入保护基金的款项")
def _fund_from_failed(run: RunView) -> float:
    kept = sum(min(pl.paid_to_fund, pl.shortfall) for pl in run.model.platforms
               if pl.status in ("failed", "absconded"))
    kept += sum(w * min(pl.paid_to_fund, lost) for pl, w, lost, _ in run.wind_ups)
    return float(kept)

@register_outcome("users_departed", "share of users who left for good", direction=-1,
                  min_effect=0.01, primary=True,
                  better="loses a {v} smaller share of users than {b}",
                  worse="loses a {v} larger share of users than {b}",
                  en="users who left",
                  zh="用户流失率", zh_better="使用户流失比例比{b}低 {v}",
                  zh_worse="使用户流失比例比{b}高 {v}")
def _users_departed(run: RunView) -> float:
    return float(1.0 - run.model.population.active.mean())


@register_outcome("compensation_paid", "compensation paid to users", unit="thousand CNY",
                  en="compensation paid",
                  zh="已付补偿")
def _compensation_paid(run: RunView) -> float:
    return float(run.ts["compensation_paid"].sum())


@register_outcome("platform_spending", "platform spending on interventions and compensation "
                  "(part of response_cost)", unit="thousand CNY", en="platforms' spending",
                  zh="平台支出")
def _platform_spending(run: RunView) -> float:
    return float(run.ts["platform_spending"].iloc[-1])


@register_outcome("protection_paid", "investor-protection payouts to users of failed "
                  "platforms (the fund's money, topped up by the state when it runs dry)",
                  unit="thousand CNY", en="protection fund payouts",
                  zh="投资者保护基金赔付")
def _protection_paid(run: RunView) -> float:
    return float(run.ts["protection_paid"].iloc[-1])


@register_outcome("protection_if_wound_up", "investor-protection repayments paid, plus "
                  "those due if the platforms still at risk at the horizon were wound up "
                  "(weighted as in money_at_risk): the guarantee's whole bill",
                  unit="thousand CNY", en="protection payouts if wound up",
                  zh="投资者保护基金赔付（含风险平台清盘）")
def _protection_if_wound_up(run: RunView) -> float:
    return _protection_paid(run) + float(sum(w * prot for _, w, _, prot in run.wind_ups))


@register_outcome("public_spending", "what the public purse spent: the regulator's "
                  "inspections (inspection_cost each) and its share of an education "
                  "campaign", unit="thousand CNY", en="public spending",
                  zh="公共支出（监管检查与教育）")
def _public_spending(run: RunView) -> float:
    return float(run.model.regulator.public_spending)


@register_outcome("resource_cost", "what the strategy spends, platforms' and public: "
                  "platform spending plus public spending; transfers such as the protection "
                  "fund's repayments left out (total_losses already counts them)",
                  unit="thousand CNY", en="resources spent",
                  zh="资源成本（平台与公共支出）")
def _resource_cost(run: RunView) -> float:
    return _platform_spending(run) + _public_spending(run)


@register_outcome("response_cost", "what the strategy costs, whoever pays: platform "
                  "spending, public spending and investor-protection repayments, counting "
                  "those due if the platforms at risk at the horizon were wound up (the "
                  "comparison's cost)",
                  unit="thousand CNY", en="cost of the response",
                  zh="策略成本（平台支出、公共支出与投资者保护基金赔付）")
def _response_cost(run: RunView) -> float:
    # A guarantee costs the platforms nothing but the fund (and the state) millions: with
    # platform spending alone it read "costing 0 CNY" and won every tie on cost. Its bill
    # counts the repayments a wind-up of the platforms at risk would bring, as
    # losses_if_wound_up counts that wind-up's losses: paid-so-far alone missed most of it in
    # the sector wave.
    return _resource_cost(run) + _protection_if_wound_up(run)


#: The outcome a comparison takes as a strategy's cost (thousand CNY), and the one results
#: kept before it existed fall back on (platform spending alone: a guarantee looks free).
COST = "response_cost"
OLD_COST = "platform_spending"
#: Costs closer than this (thousand CNY) are the same cost to a decision: the smallest amount
#: of money that matters, as for losses. Every strategy now costs a little (the regulator's
#: inspections, a few thousand CNY more or less from run to run as complaints draw them), and
#: a price per effect on 38 CNY read as a bargain of 1,106 trust per million CNY.
COST_MATTERS = 100.0
#: Outcomes that are money spent: effect per cost and "no extra cost" make no sense on them.
COST_OUTCOMES = (COST, OLD_COST, "protection_paid", "protection_if_wound_up", "public_spending",
                 "resource_cost", "fund_from_failed")


def leaves_at_risk(row: Any) -> bool:
    """Whether a comparison row of ``losses_if_wound_up`` holds its strategy back.

    Its verdict is worse, or unclear with a stated effect (the median, or the mean a row
    reads) that adds at least the smallest effect that matters: a small experiment that
    cannot prove the added losses must not recommend on the strength of what it leaves at
    risk (the recommendation's rule, ``wording.hidden_losses``; the cost figure marks such
    a strategy).
    """
    if row["verdict"] == "worse":
        return True
    sign = direction(str(row["outcome"]))
    if row["verdict"] != "unclear" or not sign:
        return False
    mean = reads_mean(str(row["outcome"]), str(row.get("warnings") or ""))
    diff = float(row["diff_mean"] if mean else row["diff_median"])
    m = float(row.get("min_effect") or 0.0)
    m = m if math.isfinite(m) else 0.0  # no stated size: any added loss counts
    return bool(math.isfinite(diff) and diff != 0 and -sign * diff >= m)


def held_back(table: pd.DataFrame, scenario: str, outcome: str | None = None) -> set[str]:
    """Strategies of ``scenario`` whose ``losses_if_wound_up`` row :func:`leaves_at_risk`.

    ``outcome``: the outcome a figure or page shows: only the strategies better on it by
    what matters (no ``small`` warning) are held back there, the candidates the losses
    keep out (one worse, or helping too little, is no candidate; marking it too cluttered
    the figures, and they marked more than the decision page named: policy trials); none
    on ``losses_if_wound_up`` itself, where the figure shows the reason.
    """
    if outcome == "losses_if_wound_up":
        return set()
    rows = table[(table["scenario"] == scenario) & (table["outcome"] == "losses_if_wound_up")
                 & ~table["is_baseline"]]
    held = {str(r["strategy"]) for _, r in rows.iterrows() if leaves_at_risk(r)}
    if outcome is not None:  # better by what matters there: a candidate but for the losses
        on = table[(table["scenario"] == scenario) & (table["outcome"] == outcome)]
        small = (on["warnings"].fillna("").astype(str).str.split(",").map(
            lambda c: "small" in c).to_numpy(bool) if "warnings" in on.columns
            else np.zeros(len(on), bool))
        held &= set(on.loc[(on["verdict"] == "better") & ~small, "strategy"].astype(str))
    return held


def decision_held(table: pd.DataFrame, scenario: str, outcome: str) -> set[str]:
    """The strategies a figure of ``outcome`` marks as held back: the decision page's.

    :func:`held_back` on the table's headline (:func:`~trustsim.outcomes.table_headline`,
    what the decision page decides on), whatever outcome the figure shows (policy trial:
    the heat map of trust lost marked a strategy the page never held back, and not the
    one it did); none on ``losses_if_wound_up``, where the figure shows the reason.
    """
    if outcome == "losses_if_wound_up":
        return set()
    return held_back(table, scenario, table_headline(table) or outcome)
