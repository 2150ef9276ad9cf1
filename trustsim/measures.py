"""Figures computed from a finished run that the validation patterns test.

Core objects: :data:`MEASURES` (name -> ``fn(model) -> float``), :func:`register_measure`
and :func:`focus`. Each measure is also a descriptive outcome in
:data:`trustsim.outcomes.OUTCOMES`, so experiments can keep it (``outcomes:``).

Most measures look at the *focus* of a run: the platform named by the first scheduled
crisis (by day) and that crisis's day ``t0``. Crisis day ``t0`` is the first day the
crisis acts on (it fires in phase 1 of day ``t0``). A measure that needs a focus platform
returns NaN when the run has none (for example a sector-wide crisis). The sector measures
(``platforms_failed``, ``sector_money_retained``, ``weak_minus_strong_failed``) look at
every platform.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from trustsim.outcomes import RunView, register_outcome
from trustsim.population import EPS

if TYPE_CHECKING:
    from trustsim.model import TrustModel

__all__ = ["MEASURES", "MEASURE_DOCS", "WINDOW", "register_measure", "focus", "series"]

MEASURES: dict[str, Callable[[TrustModel], float]] = {}
MEASURE_DOCS: dict[str, str] = {}

WINDOW = 60  # days before and after the crisis compared by ``inflow_change``; days after
# the crisis in which the trust trough is sought


def register_measure(name: str, doc: str, unit: str = "", en: str = "", zh: str = ""):
    """Decorator: register ``fn(model) -> float`` as a measure.

    It is also a descriptive outcome in :data:`trustsim.outcomes.OUTCOMES` (kind
    ``measure``, no better direction), so an experiment can keep it; ``en`` and ``zh`` are
    its names in English and Chinese reports.
    """

    def wrap(fn: Callable[[TrustModel], float]) -> Callable[[TrustModel], float]:
        MEASURES[name] = fn
        MEASURE_DOCS[name] = doc
        register_outcome(name, doc, unit=unit, kind="measure", en=en, zh=zh)(_OnModel(fn))
        return fn

    return wrap


class _OnModel:
    """Adapts ``fn(model)`` to the outcome registry's ``compute(run)``."""

    def __init__(self, fn: Callable[[TrustModel], float]) -> None:
        self.fn = fn

    def __call__(self, run: RunView) -> float:
        return self.fn(run.model)


def scheduled_focus(model: TrustModel) -> tuple[int, int] | None:
    """Return (platform index, crisis day) of the first scheduled crisis, due or not.

    None when that crisis has several targets or the whole sector.
    """
    names = [pl.name for pl in model.platforms]
    for crisis in sorted(model.crises, key=lambda c: c.time):
        target = crisis.target
        if isinstance(target, list):
            target = target[0] if len(target) == 1 else None
        if target in names:
            return names.index(target), int(crisis.time)
        return None
    return None


def focus(model: TrustModel) -> tuple[int, int] | None:
    """Return (platform index, crisis day) of the first scheduled crisis.

    None when that crisis has several targets or the whole sector, or has not happened by
    the end of the run.
    """
    f = scheduled_focus(model)
    return f if f is not None and f[1] <= model.time else None


def series(model: TrustModel, k: int, column: str) -> np.ndarray:
    """Platform ``k``'s ``column`` indexed by day (days not recorded are NaN)."""
    pt = model.platform_timeseries()
    rows = pt[pt["platform"] == model.platforms[k].name]
    out = np.full(int(model.time) + 1, np.nan)
    out[rows["time"].to_numpy()] = rows[column].to_numpy(dtype=np.float64)
    return out


def _requested_share(model: TrustModel, days: int) -> float:
    f = focus(model)
    if f is None or f[1] + days - 1 > model.time:
        return math.nan
    k, t0 = f
    aum = series(model, k, "aum")[t0 - 1]
    req = series(model, k, "withdrawals_requested")[t0:t0 + days]
    return float(np.nansum(req) / aum) if aum > 0 else math.nan


for _days in (1, 2, 5, 10):  # requested_share_1d, _2d, _5d, _10d
    register_measure(
        f"requested_share_{_days}d",
        f"withdrawals requested from the focus platform in the first {_days} day(s) of the "
        "crisis (day 1 = the crisis day), as a share of its money owed the day before "
        "(interest credited since can take it a little past 1)",
        en=f"withdrawals asked in the first {_days} day{'s' if _days > 1 else ''}",
        zh=f"危机头 {_days} 天提现申请占比",
    )(functools.partial(_requested_share, days=_days))


@register_measure("inflow_change", f"mean daily new money into the focus platform in the "
                  f"{WINDOW} days from the crisis, relative to the {WINDOW} days before, "
                  "minus 1 (-0.4: new business down 40 %); NaN unless the crisis is after "
                  f"day {WINDOW}",
                  en="change in new money",
                  zh="新增资金变化")
def inflow_change(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    k, t0 = f
    inflow = series(model, k, "inflow")
    if t0 <= WINDOW:
        return math.nan
    before = inflow[t0 - WINDOW:t0]
    after = inflow[t0:t0 + WINDOW]
    if len(after) < WINDOW or np.nanmean(before) <= 0:
        return math.nan
    return float(np.nanmean(after) / np.nanmean(before) - 1.0)


@register_measure("customers_ran", "share of the focus platform's customers on the day "
                  "before the crisis who ran from it (asked for all their money back) from "
                  "the crisis day on, each counted once",
                  en="customers who ran",
                  zh="挤兑客户占比")
def customers_ran(model: TrustModel) -> float:
    """The day-before customers who ran from the crisis day to the end, over those customers.

    Who the customers were (money on the platform) is noted by the recorder at the end of
    the day before the crisis (``Recorder.before_focus``); a customer counts once if its
    last run from the platform (``Population.run_day``) is on the crisis day or later, so
    the share lies in [0, 1]. Runs before the crisis and runs of users who joined after it
    are not counted. (It counted runs, not users, until 2026-12-05: in a world where
    customers come and go it exceeded 1, e.g. 5.3 in ``rumour_run`` with
    ``withdraw_threshold_mean`` 0.8, seed 1.) A user stepped on its own between days
    (``User.step()``, ``User.remove()``) runs on the day last recorded. NaN without a focus
    crisis, when the platform had no customers the day before, or when the customers were
    never noted. A crisis added between days to strike the next one (the dashboard's
    "Inject now") has its customers noted as it is added (NaN until 2026-12-05).
    """
    f = focus(model)
    noted = getattr(model.recorder, "before_focus", None)
    if f is None or noted is None or noted[0] != f:  # (noted for another crisis: none)
        return math.nan
    customers = noted[1]
    n = int(np.count_nonzero(customers))
    if n == 0:
        return math.nan
    k, t0 = f
    ran_since = (model.population.run_day[:, k] >= t0) & customers
    return float(np.count_nonzero(ran_since) / n)


@register_measure("exposed_ran", "share of the users whose data leaked from the focus "
                  "platform who asked for all their money back (actual leaving)",
                  en="leaked users who ran",
                  zh="数据泄露用户实际撤资占比")
def exposed_ran(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    pop = model.population
    exposed = pop.exposed[:, f[0]]
    return float(pop.ran[exposed, f[0]].mean()) if exposed.any() else math.nan


@register_measure("exposed_intent", "share of the users whose data leaked from the focus "
                  "platform whose trust in it fell below their level for putting new money "
                  "in (threshold + invest_gap) on some day since the leak: asked while the "
                  "news was fresh, they would have said they would not do new business "
                  "with it", en="leaked users unwilling to invest",
                  zh="数据泄露用户表示不愿再投资占比")
def exposed_intent(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    pop = model.population
    k = f[0]
    exposed = pop.exposed[:, k]
    if not exposed.any():
        return math.nan
    put_off = getattr(model.recorder, "put_off", None)
    if put_off is None:
        # Leaked users but no day recorded since (data set by hand, not by a step): the
        # only day there is, today.
        cut = pop.threshold[exposed] + model.p.invest_gap
        return float((pop.trust[exposed, k] < cut).mean())
    return float(put_off[exposed, k].mean())


@register_measure("say_do_ratio", "exposed_intent / exposed_ran: how many more leaked users "
                  "would not do new business than actually took their money out",
                  en="say-do ratio",
                  zh="意愿与行动之比")
def say_do_ratio(model: TrustModel) -> float:
    say, do = exposed_intent(model), exposed_ran(model)
    if math.isnan(say) or math.isnan(do):
        return math.nan
    return say / do if do > 0 else math.inf


def _trust_path(model: TrustModel) -> tuple[np.ndarray, int, int] | None:
    f = focus(model)
    if f is None:
        return None
    k, t0 = f
    trust = series(model, k, "trust")
    return trust, t0, t0 + int(np.nanargmin(trust[t0:t0 + WINDOW]))


@register_measure("fall_days", f"days of falling trust in the focus platform: from the day "
                  f"before the crisis to its lowest trust in the {WINDOW} days from the "
                  "crisis (1: lowest on the crisis day itself)",
                  en="days of falling trust",
                  zh="信任下跌天数")
def fall_days(model: TrustModel) -> float:
    path = _trust_path(model)
    if path is None:
        return math.nan
    _, t0, trough = path
    return float(trough - t0 + 1)


@register_measure("half_recovery_days", "days from that lowest trust until half the trust "
                  "lost is back (inf: not within the run)",
                  en="days to half recovery",
                  zh="信任恢复一半所需天数")
def half_recovery_days(model: TrustModel) -> float:
    path = _trust_path(model)
    if path is None:
        return math.nan
    trust, t0, trough = path
    pre = trust[t0 - 1]
    target = trust[trough] + 0.5 * (pre - trust[trough])
    back = np.flatnonzero(trust[trough:] >= target)
    return float(back[0]) if len(back) else math.inf


@register_measure("loss_to_regain_speed", "how many times faster the focus platform lost "
                  "trust than it regained it: (drop / fall_days) / (half the drop / "
                  "half_recovery_days); inf when half the loss is not back within the run",
                  en="loss-to-regain speed",
                  zh="信任失去与恢复速度之比")
def loss_to_regain_speed(model: TrustModel) -> float:
    fall, half = fall_days(model), half_recovery_days(model)
    if math.isnan(fall) or math.isnan(half) or not trust_drop(model) > 0:
        return math.nan
    return 2.0 * half / fall


@register_measure("trust_drop", "pre-crisis trust in the focus platform minus its lowest "
                  f"trust in the {WINDOW} days from the crisis",
                  en="trust drop",
                  zh="信任跌幅")
def trust_drop(model: TrustModel) -> float:
    path = _trust_path(model)
    if path is None:
        return math.nan
    trust, t0, trough = path
    return float(trust[t0 - 1] - trust[trough])


@register_measure("runners_returned", "share of the users who ran from the focus platform "
                  "and were paid out who have put money on it again by the end",
                  en="runners who returned",
                  zh="挤兑者回流占比")
def runners_returned(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    pop = model.population
    k = f[0]
    paid_out = pop.ran[:, k] & (pop.queued[:, k] <= EPS)
    if not paid_out.any():
        return math.nan
    return float((pop.holdings[paid_out, k] > EPS).mean())


@register_measure("platforms_failed", "share of platforms failed or absconded at the end",
                  en="share of platforms failed",
                  zh="平台倒闭占比")
def platforms_failed(model: TrustModel) -> float:
    gone = [pl.status in ("failed", "absconded") for pl in model.platforms]
    return float(np.mean(gone))


@register_measure("sector_money_retained", "money owed by all platforms still alive at the "
                  "end, as a share of the start",
                  en="sector money retained",
                  zh="行业资金留存占比")
def sector_money_retained(model: TrustModel) -> float:
    aum = model.timeseries()["aum"].to_numpy()
    return float(aum[-1] / aum[0]) if aum[0] > 0 else math.nan


@register_measure("weak_minus_strong_failed", "share failed among the weaker half of "
                  "platforms (by risk management) minus the share among the stronger half",
                  en="weak minus strong failure share",
                  zh="弱平台与强平台倒闭率之差")
def weak_minus_strong_failed(model: TrustModel) -> float:
    plats = model.platforms
    if len(plats) < 2:
        return math.nan
    order = np.argsort([pl.risk_management for pl in plats], kind="stable")
    gone = np.array([pl.status in ("failed", "absconded") for pl in plats])[order]
    half = len(plats) // 2
    return float(gone[:half].mean() - gone[-half:].mean())
