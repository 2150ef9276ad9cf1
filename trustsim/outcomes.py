"""One registry of run outcomes: what each means, which way is better, how it is computed.

Core objects: :class:`Outcome` (name, unit, meaning, direction, smallest effect that
matters, plain-language phrases, headline and primary flags, computation),
:data:`OUTCOMES`, :func:`register_outcome` and :func:`evaluate`. Every list of outcomes in
trustsim derives from this registry: the run summary (:func:`summary_names`), the
comparison's directions and thresholds, the phrases of the findings, the short tables of
the CLI and report, and ``trustsim list metrics``. The trust and user outcomes are defined
here, the money ones (losses, money at risk, costs) in ``trustsim.money_outcomes``; the
figures of the validation patterns (``trustsim.measures``) are registered here too, as
descriptive outcomes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from trustsim.textfmt import decimals_for

if TYPE_CHECKING:
    import pandas as pd

    from trustsim.model import TrustModel

__all__ = ["Outcome", "OUTCOMES", "RunView", "register_outcome", "evaluate", "summary_names",
           "places", "money_places",
           "primary_names", "lead_names", "headline_name", "headline_among", "direction",
           "min_effect", "is_binary", "reads_mean", "stated_frame", "table_headline",
           "said_below"]

Direction = Literal[1, -1, 0]


@dataclass(frozen=True)
class Outcome:
    """A scalar outcome of one run.

    Attributes:
        name: key in summaries, experiment files and tables.
        meaning: one line for tables and docs.
        unit: unit of the value ("" when a share or an index).
        direction: +1 higher is better, -1 lower is better, 0 descriptive (no verdict).
        min_effect: the smallest paired effect that matters to a decision (same unit);
            an interval inside plus or minus it is "negligible". Experiment files override
            it (``min_effect: {final_trust: 0.05}``).
        better, worse: phrases for a strategy that does better / worse than the baseline,
            with ``{v}`` (the size of the effect) and ``{b}`` (the baseline).
        en: the outcome's display name in English reports and findings ("trust at the
            end" for ``final_trust``); the identifier when empty. Data files, the CLI's
            options and experiment files keep the identifier.
        zh: the outcome's display name in Simplified Chinese (reports with ``--lang zh``).
        zh_better, zh_worse: the two phrases in Simplified Chinese (same placeholders).
        headline: the outcome summaries lead with (one outcome has it).
        primary: shown in short tables (CLI sweep table, report's lead tables).
        kind: ``summary`` (in every run's summary) or ``measure`` (a validation figure,
            computed when an experiment asks for it).
        compute: ``compute(run) -> float`` on a :class:`RunView`.
        binary: a yes (1) or no (0) per run: comparisons read the mean paired difference
            (the difference in the share of runs), since the median of differences of 0
            and 1 moves only in halves.
    """

    name: str
    meaning: str
    compute: Callable[[RunView], float]
    unit: str = ""
    direction: Direction = 0
    min_effect: float = 0.0
    better: str = ""
    worse: str = ""
    headline: bool = False
    primary: bool = False
    kind: Literal["summary", "measure"] = "summary"
    en: str = ""
    zh: str = ""
    zh_better: str = ""
    zh_worse: str = ""
    binary: bool = False


OUTCOMES: dict[str, Outcome] = {}


def register_outcome(name: str, meaning: str, *, unit: str = "", direction: Direction = 0,
                     min_effect: float = 0.0, better: str = "", worse: str = "",
                     headline: bool = False, primary: bool = False,
                     kind: Literal["summary", "measure"] = "summary", en: str = "",
                     zh: str = "", zh_better: str = "", zh_worse: str = "",
                     binary: bool = False):
    """Decorator: register ``compute(run: RunView) -> float`` as the outcome ``name``.

    Raises:
        ValueError: ``name`` is taken, or a direction comes without a positive
            ``min_effect`` (every outcome with a better side needs one).
    """
    if direction and not min_effect > 0:
        raise ValueError(f"outcome {name}: a direction needs a positive min_effect")

    def wrap(fn: Callable[[RunView], float]) -> Callable[[RunView], float]:
        if name in OUTCOMES:
            raise ValueError(f"outcome {name} is registered twice")
        OUTCOMES[name] = Outcome(name, meaning, fn, unit, direction, min_effect, better,
                                 worse, headline, primary, kind, en, zh, zh_better,
                                 zh_worse, binary)
        return fn

    return wrap


def summary_names() -> list[str]:
    """Outcomes of every run's summary, in registry order."""
    return [o.name for o in OUTCOMES.values() if o.kind == "summary"]


def primary_names() -> list[str]:
    """Outcomes shown in short tables, headline first."""
    names = [o.name for o in OUTCOMES.values() if o.primary]
    return sorted(names, key=lambda n: not OUTCOMES[n].headline)


def lead_names(names: Any, headline: str | None = None, limit: int = 6) -> list[str]:
    """What a short list of ``names`` shows, leading with what the decision reads.

    The headline (if among them), then the primary outcomes among them, at most
    ``limit``: the CLI's tables, the report's summary and its forest plots.

    Example:
        >>> lead_names(["user_losses", "total_losses", "final_trust"], "total_losses", 2)
        ['total_losses', 'final_trust']
    """
    have = set(names)
    first = [headline] if headline in have else []
    return list(dict.fromkeys(first + [o for o in primary_names() if o in have]))[:limit]


def headline_name() -> str:
    """The outcome summaries lead with."""
    return next(o.name for o in OUTCOMES.values() if o.headline)


def headline_among(names: list[str], preferred: str | None = None) -> str | None:
    """The outcome a summary of ``names`` leads with.

    ``preferred`` (an experiment's ``headline:``) when present and ranked; else the first
    primary outcome present (``final_trust`` first), else the first outcome with a better
    direction, else None.
    """
    present = list(dict.fromkeys(names))
    if preferred in present and direction(preferred):
        return preferred
    for o in primary_names():
        if o in present:
            return o
    return next((o for o in present if direction(o)), None)


def direction(name: str) -> int:
    """+1 higher is better, -1 lower is better, 0 descriptive (also for unknown names)."""
    o = OUTCOMES.get(name)
    return o.direction if o else 0


def is_binary(name: str) -> bool:
    """Whether outcome ``name`` is a yes or no per run (False for unknown names)."""
    o = OUTCOMES.get(name)
    return bool(o and o.binary)


def reads_mean(name: str, warnings: str = "") -> bool:
    """Whether a comparison row of outcome ``name`` states the mean paired difference.

    A binary outcome always does (:func:`is_binary`); any other where the row's warnings
    (comma-separated codes) hold ``tail``: the median run changes by less than what
    matters, a few runs by much more (:func:`trustsim.compare`). Otherwise the median.
    """
    return is_binary(name) or "tail" in str(warnings or "").split(",")


def table_headline(table: pd.DataFrame) -> str | None:
    """The outcome a comparison table leads with (:func:`headline_among` of its outcomes).

    The outcome its ``headline`` column marks (an experiment's ``headline:``) when there is
    one, else the default order.
    """
    chosen = None
    if "headline" in table.columns:
        marked = table.loc[table["headline"].astype(bool), "outcome"]
        chosen = str(marked.iloc[0]) if len(marked) else None
    return headline_among(list(table["outcome"]), chosen)


def said_below(verdict: Any, warnings: Any) -> bool:
    """Whether a comparison row is said to be below what matters: negligible, or ``small``.

    Its figures are then kept apart from the smallest effect that matters ("0.0198", not
    "0.020" beside "effect below what matters": :func:`trustsim.textfmt.fixed`'s
    ``apart``), in tables and heat maps alike.
    """
    return verdict == "negligible" or "small" in str(warnings or "").split(",")


def stated_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The effect each comparison row states, with its interval: ``effect, low, high, of_mean``.

    The mean paired difference and its interval where the row reads the mean
    (:func:`reads_mean`: a binary outcome, or a ``tail`` row), else the median and its
    interval; ``of_mean`` says which. A table without the mean's columns states medians.
    Tables, rankings and figures all read it, so they never show different numbers.
    """
    import pandas as pd

    warn = (table["warnings"].fillna("").astype(str) if "warnings" in table.columns
            else pd.Series("", index=table.index))
    mean = pd.Series([reads_mean(str(o), w) for o, w in zip(table["outcome"], warn,
                                                            strict=True)],
                     index=table.index, dtype=bool)
    if not {"diff_mean", "mean_ci_low", "mean_ci_high"} <= set(table.columns):
        mean[:] = False
    nan = pd.Series(np.nan, index=table.index)
    out = pd.DataFrame({"effect": table["diff_median"], "low": table.get("ci_low", nan),
                        "high": table.get("ci_high", nan), "of_mean": mean},
                       index=table.index)
    if mean.any():
        for col, src in (("effect", "diff_mean"), ("low", "mean_ci_low"),
                         ("high", "mean_ci_high")):
            out[col] = table[src].where(mean, out[col])
    return out


def min_effect(name: str) -> float:
    """The smallest effect that matters (0 for descriptive or unknown outcomes)."""
    o = OUTCOMES.get(name)
    return o.min_effect if o else 0.0


class RunView:
    """A finished run as the outcome computations see it (shared parts computed once).

    Attributes:
        model: the model; ts: its model-level time series; trust: the headline trust
            series (``holder_trust``: every user who held money at the start, in the
            platforms they held, failed ones included); time: its days; t0: the crisis
            day; i0: its row; pre: trust the day before; k: row of the trough counted
            from ``i0``.
    """

    def __init__(self, model: TrustModel) -> None:
        self.model = model
        ts = self.ts = model.timeseries()
        self.trust = ts["holder_trust"].to_numpy()
        self.time = ts["time"].to_numpy()
        starts = [c.start for c in model.crises if c.start <= model.time]
        if not starts:
            starts = [i.start for i in model.incidents]
        self.t0 = int(min(starts)) if starts else 0
        i0 = int(np.searchsorted(self.time, self.t0))
        self.i0 = min(i0, len(self.trust) - 1)
        self.pre = float(self.trust[max(self.i0 - 1, 0)])
        self.after = self.trust[self.i0:]
        self.k = int(np.argmin(self.after))
        self.back = np.flatnonzero(self.after[self.k:] >= 0.9 * self.pre)

    @functools.cached_property
    def platform_ts(self) -> pd.DataFrame:
        """The per-platform time series."""
        return self.model.platform_timeseries()

    @functools.cached_property
    def wind_ups(self) -> list[tuple[Any, float, float, float]]:
        """``(platform, weight, lost, protected)`` of each platform at risk at the horizon.

        The weight is :func:`at_risk_weight`; ``lost`` and ``protected`` are its wind-up's
        claims lost and the fund's share of them (``Platform.wind_up_split``): one pass
        over the users per platform, shared by every outcome that prices the wind-ups.
        """
        return [(pl, w, *pl.wind_up_split()) for pl, w in money_outcomes.live_at_risk(self)]


def evaluate(model: TrustModel, names: list[str] | None = None) -> dict[str, Any]:
    """The outcomes ``names`` (default: :func:`summary_names`) of a finished run.

    Raises:
        KeyError: an unknown outcome name.
    """
    run = RunView(model)
    return {n: OUTCOMES[n].compute(run) for n in (names or summary_names())}


# --------------------------------------------------------------------------------------
# The run summary. The crisis starts on the first scheduled crisis day, else on the first
# incident, else on day 0. Recovery is censored (recovered = 0, time_to_recover = the days
# from the crisis to the end of the run, a lower bound) when trust never comes back to 90 %
# of its pre-crisis level after its trough; a run whose trough stays at 90 % or above never
# needed to recover (recovered = 1, time_to_recover = 0).

@register_outcome("crisis_day", "day the first crisis began (0 when none)", unit="day",
                  en="day the crisis began",
                  zh="危机开始日")
def _crisis_day(run: RunView) -> float:
    return run.t0


@register_outcome("pre_crisis_trust", "headline trust (holder_trust) the day before the "
                  "crisis",
                  direction=1, min_effect=0.02,
                  better="starts the crisis with {v} more trust than {b}",
                  worse="starts the crisis with {v} less trust than {b}",
                  en="trust before the crisis",
                  zh="危机前信任度", zh_better="以比{b}高 {v} 的信任度进入危机",
                  zh_worse="以比{b}低 {v} 的信任度进入危机")
def _pre_crisis_trust(run: RunView) -> float:
    return run.pre


@register_outcome("final_trust", "headline trust on the last day: users who held money at "
                  "the start, in the platforms they held, failed ones included", direction=1,
                  min_effect=0.02, headline=True, primary=True,
                  better="keeps {v} more trust than {b}", worse="keeps {v} less trust than {b}",
                  en="trust at the end",
                  zh="期末信任度", zh_better="比{b}多保留 {v} 的信任度",
                  zh_worse="比{b}少保留 {v} 的信任度")
def _final_trust(run: RunView) -> float:
    return float(run.trust[-1])


@register_outcome("min_trust", "lowest headline trust after the crisis began", direction=1,
                  min_effect=0.02, better="keeps the trust trough {v} higher than {b}",
                  worse="lets the trust trough fall {v} lower than {b}",
                  en="lowest trust",
                  zh="最低信任度", zh_better="使信任度低谷比{b}高 {v}",
                  zh_worse="使信任度低谷比{b}低 {v}")
def _min_trust(run: RunView) -> float:
    return float(run.after[run.k])


@register_outcome("trust_lost", "pre-crisis trust minus the lowest trust", direction=-1,
                  min_effect=0.02, primary=True, better="loses {v} less trust than {b}",
                  worse="loses {v} more trust than {b}",
                  en="trust lost",
                  zh="信任流失", zh_better="比{b}少流失 {v} 的信任度",
                  zh_worse="比{b}多流失 {v} 的信任度")
def _trust_lost(run: RunView) -> float:
    return run.pre - float(run.after[run.k])


@register_outcome("trust_days_lost", "trust below its pre-crisis level, summed over the days "
                  "from the crisis to the end: how deep and how long the loss (the resilience "
                  "triangle)", unit="trust-days", direction=-1, min_effect=0.6,
                  better="costs {v} fewer trust-days than {b}",
                  worse="costs {v} more trust-days than {b}",
                  en="trust-days lost",
                  zh="累计信任损失", zh_better="比{b}少损失 {v} 信任度·天",
                  zh_worse="比{b}多损失 {v} 信任度·天")
def _trust_days_lost(run: RunView) -> float:
    # Daily records: each day below the pre-crisis level adds its shortfall (Bruneau et al.
    # 2003's loss of resilience). 0.6 matters: 0.02 of trust for a month.
    return float(np.clip(run.pre - run.after, 0.0, None).sum())


@register_outcome("time_to_trough", "days from the crisis to the lowest trust", unit="days",
                  en="days to the lowest trust",
                  zh="跌至低谷天数")
def _time_to_trough(run: RunView) -> float:
    return int(run.time[run.i0 + run.k] - run.t0)


# `recovered` matters from 0.1: a tenth of runs recovering more or fewer. It is binary:
# comparisons read the mean paired difference, the difference in the share of runs that
# recover (its median moves in halves: 13 of 20 runs recovering with a strategy and not
# without it, none the other way, read "unclear, 0 to 1" until 2026-12-06).
@register_outcome("recovered", "1 if trust came back to 90 % of its pre-crisis level, else "
                  "0 (censored)", direction=1, min_effect=0.1, binary=True,
                  better="recovers in {v} percentage points more of its runs than {b}",
                  worse="recovers in {v} percentage points fewer of its runs than {b}",
                  en="recovered",
                  zh="是否恢复", zh_better="恢复的运行比例比{b}高 {v} 个百分点",
                  zh_worse="恢复的运行比例比{b}低 {v} 个百分点")
def _recovered(run: RunView) -> float:
    return int(len(run.back) > 0)


@register_outcome("time_to_recover", "days from the crisis until trust is back to 90 % "
                  "of its pre-crisis level (0 when it never fell below that; not back by "
                  "the end: the days the run had left, a lower bound; recovered = 0 marks "
                  "it)", unit="days", direction=-1, min_effect=7.0,
                  better="recovers {v} days sooner than {b} (a run not back by the end "
                  "counts the days it had left)",
                  worse="recovers {v} days later than {b} (a run not back by the end counts "
                  "the days it had left)",
                  en="days to recover",
                  zh="恢复天数",
                  zh_better="比{b}早 {v} 天恢复信任（到期末仍未恢复的运行按剩余天数计）",
                  zh_worse="比{b}晚 {v} 天恢复信任（到期末仍未恢复的运行按剩余天数计）")
def _time_to_recover(run: RunView) -> float:
    # Censored at the end of the run, not left out: with NaN a strategy that recovered in
    # one run of twenty was compared on that one pair and could rank first.
    if not len(run.back):
        return float(run.time[-1] - run.t0)
    if run.back[0] == 0:  # the trough itself is at 90 % or above: never lost that much
        return 0.0
    return float(run.time[run.i0 + run.k + run.back[0]] - run.t0)


@register_outcome("peak_withdrawal_share", "largest one-day withdrawal requests as a share "
                  "of AUM", direction=-1, min_effect=0.01,
                  better="cuts the worst day of withdrawals by {v} of AUM compared with {b}",
                  worse="raises the worst day of withdrawals by {v} of AUM compared with {b}",
                  en="peak daily withdrawals",
                  zh="单日提现峰值占比", zh_better="使最高单日提现比{b}低 {v}（占在管资金）",
                  zh_worse="使最高单日提现比{b}高 {v}（占在管资金）")
def _peak_withdrawal_share(run: RunView) -> float:
    aum = run.ts["aum"].to_numpy()
    prev = np.maximum(aum[:-1], 1e-9)
    share = run.ts["withdrawals_requested"].to_numpy()[1:] / prev
    return float(share.max()) if len(share) else 0.0


@register_outcome("aum_retained", "final AUM as a share of initial AUM", direction=1,
                  min_effect=0.02, primary=True,
                  better="retains {v} more of the initial AUM than {b}",
                  worse="retains {v} less of the initial AUM than {b}",
                  en="AUM retained",
                  zh="在管资金留存率", zh_better="比{b}多留存 {v} 的初始在管资金",
                  zh_worse="比{b}少留存 {v} 的初始在管资金")
def _aum_retained(run: RunView) -> float:
    aum = run.ts["aum"].to_numpy()
    return float(aum[-1] / aum[0]) if aum[0] > 0 else math.nan


@register_outcome("failed_platforms", "platforms failed or absconded", unit="platforms",
                  direction=-1, min_effect=0.5,
                  better="has {v} fewer platforms fail than {b}",
                  worse="has {v} more platforms fail than {b}",
                  en="platforms failed",
                  zh="倒闭平台数", zh_better="比{b}少倒闭 {v} 家平台",
                  zh_worse="比{b}多倒闭 {v} 家平台")
def _failed_platforms(run: RunView) -> float:
    return int(run.ts["failed"].iloc[-1] + run.ts["absconded"].iloc[-1])


def money_places(lang: str = "en") -> int:
    """Decimals of a sum of money as ``lang`` shows it: to a thousand CNY (1 in 万元)."""
    return 1 if lang == "zh" else 0


def places(outcome: str, lang: str = "en", matters: float | None = None,
           sentence: bool = True) -> int | None:
    """Decimals of an outcome's figures as ``lang`` shows them: one precision everywhere.

    Money to a thousand CNY (none in thousand CNY, one in 万元: Chinese shows a tenth,
    :func:`trustsim.i18n.money_factor`); an outcome with a
    smallest effect that matters (``matters``, else :func:`min_effect`): a tenth of it in
    the unit shown (:func:`trustsim.textfmt.decimals_for`; a share of runs in percentage
    points in a ``sentence``, as a share in a table); days one; other figures (shares)
    three. None for an outcome the registry does not know. (Policy trials: "0.04 against
    0.08" in a sentence beside "+0.040" and "+0.075" in the table above it.)

    Example:
        >>> [places(o) for o in ("final_trust", "user_losses", "trust_days_lost",
        ...                      "time_to_trough", "recovered")]
        [3, 0, 2, 1, 0]
        >>> places("user_losses", "zh"), places("recovered", sentence=False), places("fall_days")
        (1, 2, 1)
    """
    o = OUTCOMES.get(str(outcome))
    if o is None:
        return None
    if o.unit == "thousand CNY":
        return money_places(lang)
    m = float(matters) if matters is not None else np.nan
    if not (np.isfinite(m) and m > 0) and o.direction:
        m = min_effect(o.name)
    if np.isfinite(m) and m > 0:
        # (a yes-or-no outcome reads in percentage points in a sentence)
        return decimals_for(m * (100.0 if sentence and o.binary else 1.0))
    days = o.unit in ("day", "days") or o.name.endswith("_days")  # (fall_days: a count)
    return 1 if days else 3


# What users lose (money, and users who leave for good) and what strategies cost: registered
# by importing the module, here, after the outcomes above (the summary's order). Its names
# are read through it when asked for (``outcomes.COST``), so either module may be imported
# first.
from trustsim import money_outcomes  # noqa: E402

_MONEY_NAMES = ("AT_RISK_BAND", "COST", "COST_MATTERS", "COST_OUTCOMES", "OLD_COST",
                "at_risk_weight")


def __getattr__(name: str) -> Any:
    if name in _MONEY_NAMES:
        return getattr(money_outcomes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
