"""Numbers and units in the comparison's sentences: money in words, scales, what matters.

Core functions: :func:`money` (a cost in words from thousand CNY: 万元 in Chinese),
:func:`money_range` (sums read together, in one unit), :func:`lnums` (an effect and its
interval for a sentence), :func:`scale` and :func:`unit_after` (an outcome's figures as its
sentences state them), :func:`m_text` (the smallest effect that matters, with its unit),
:func:`cost_matters_text` and :func:`tiny_money`. The sentences themselves are in
:mod:`trustsim.experiments.wording`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from trustsim import i18n
from trustsim import outcomes as registry
from trustsim.outcomes import places
from trustsim.textfmt import fixed, num, nums

__all__ = ["THOUSAND", "tiny_money", "money", "money_range", "cost_num", "lnums", "scale",
           "unit_after", "cost_matters_text", "m_text", "tail_note", "shown_in", "places",
           "lfixed"]

#: A comparison table's columns in its outcome's unit, and those in thousand CNY whatever
#: the outcome (costs).
OUTCOME_COLUMNS = ("median", "p10", "p90", "diff_median", "diff_mean", "ci_low", "ci_high",
                   "mean_ci_low", "mean_ci_high", "min_effect")
COST_COLUMNS = ("cost_median", "cost_p10", "cost_p90", "extra_cost")

#: The unit of money outcomes; Chinese sentences restate it in 万元 (a tenth of the number).
THOUSAND = "thousand CNY"


def tiny_money(outcome: str) -> float:
    """Money below which an outcome counts as nothing lost.

    1 % of its smallest effect that matters (1 thousand CNY for the bundled loss outcomes).
    """
    return 0.01 * registry.min_effect(outcome)


def money_range(*values: float, lang: str = "en") -> tuple[str, ...]:
    """Sums of money read together (a median and its band) in words, in one unit.

    As :func:`money`, except that Chinese, which counts a sum under 1 万元 in 元, gives them
    all in 万元 when any reaches 1 万元 ("0.84 万元（0.45 万元 至 1.28 万元）", not "8,383 元
    （0.45 万元 至 1.28 万元）").

    Example:
        >>> money_range(9.222, 15.7, lang="zh"), money_range(1.0, 5.0, lang="zh")
        (('0.92 万元', '1.57 万元'), ('1,000 元', '5,000 元'))
        >>> money_range(0.0, 8.383, 15.7, lang="zh")
        ('0 万元', '0.84 万元', '1.57 万元')
    """
    xs = [float(v) for v in values]
    if lang == "zh" and all(np.isfinite(xs)) and max(abs(x) for x in xs) >= 10.0:
        return tuple("0 万元" if x == 0 else f"{t} 万元"
                     for x, t in zip(xs, nums(*(x / 10.0 for x in xs)), strict=True))
    return tuple(money(x, lang) for x in xs)


def money(thousand_cny: float, lang: str = "en") -> str:
    """A cost in words from thousand CNY, the number as in the tables.

    English adds millions from a million CNY; Chinese sentences count in 万元 (ten
    thousand CNY), the unit Chinese readers use for sums like these (the tables and
    charts too: :func:`shown_in`, :func:`trustsim.i18n.money_factor`).

    Example:
        >>> money(2630.0), money(0.0), money(2630.0, "zh"), money(13472.0, "zh")
        ('2,630 thousand CNY (2.63 million CNY)', '0 CNY', '263.0 万元', '1,347 万元')
        >>> money(1.0, "zh"), money(2398.0)
        ('1,000 元', '2,398 thousand CNY (2.40 million CNY)')
        >>> money(123456.0), money(2384.6)
        ('123,456 thousand CNY (123 million CNY)', '2,385 thousand CNY (2.39 million CNY)')

    """
    x = float(thousand_cny)
    if not np.isfinite(x):
        return i18n.tr("not_available", lang)
    if lang == "zh":
        if x == 0:
            return "0 元"
        if abs(x) < 10.0:  # under 1 万元: in 元
            return f"{x * 1000.0:,.0f} 元"
        return f"{num(x / 10.0)} 万元"
    if x == 0:
        return "0 CNY"
    text = f"{num(x)} thousand CNY"
    if abs(x) < 1000:
        return text
    # three significant figures, trailing zeros kept ("2.40", not "2.4" beside "2.38":
    # policy trial), rounded half up from the thousands as written ("2,385" -> "2.39", not
    # the 2.38 of 2,384.6: trial); from 100 million on, whole millions
    m = Decimal(num(x).replace(",", "")) / 1000
    for _ in range(2):  # (again when rounding adds a digit: 9.995 -> 10.0, not 10.00)
        dp = max(0, 2 - abs(m).adjusted())
        m = m.quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)
    return text + f" ({m:,f} million CNY)"


def shown_in(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A comparison table with its money as ``lang`` shows it: in 万元 in Chinese.

    For a table to print (the report's tables): money outcomes' figures, costs, and the
    effect per million CNY of a money outcome, times :func:`trustsim.i18n.money_factor`;
    the table itself unchanged (its rules compare thousand CNY). The same table in English.

    Example:
        >>> t = pd.DataFrame({"outcome": ["user_losses", "final_trust"], "median": [250.0,
        ...                   0.6], "min_effect": [100.0, 0.02], "cost_median": [30.0, 30.0],
        ...                   "effect_per_cost": [-2.0, 0.5]})
        >>> shown_in(t, "zh")[["median", "min_effect", "cost_median", "effect_per_cost"]]
           median  min_effect  cost_median  effect_per_cost
        0    25.0       10.00          3.0             -0.2
        1     0.6        0.02          3.0              0.5
    """
    if lang != "zh" or not len(table):
        return table
    t = table.copy()
    k = t["outcome"].map(lambda o: i18n.money_factor(str(o), lang)).to_numpy(float)
    for c in (*OUTCOME_COLUMNS, "effect_per_cost"):  # (per million CNY: the effect's unit)
        if c in t.columns:
            t[c] = t[c].astype(float) * k
    for c in COST_COLUMNS:
        if c in t.columns:
            t[c] = t[c].astype(float) * i18n.money_factor("cost", lang)
    return t


def cost_num(x: float) -> str:
    """A cost in thousand CNY as a number: exactly ``0`` when nothing is spent."""
    return "0" if x == 0 else num(x)


def lnums(lang: str, *xs: float, apart: float = 0.0) -> list[str]:
    """:func:`~trustsim.textfmt.nums` for a sentence in ``lang`` (``apart`` as there).

    A missing number is written in that language's words (``n/a``, 无).
    """
    na = i18n.tr("not_available", lang)
    return [na if t == "n/a" else t for t in nums(*xs, apart=apart)]


def lfixed(lang: str, outcome: str, *xs: float, matters: float | None = None,
           apart: float = 0.0) -> list[str]:
    """An outcome's figures for a sentence in ``lang``, at its one precision.

    :func:`trustsim.outcomes.places` (as the tables print the outcome; ``xs`` already in the
    sentence's unit, :func:`scale`), kept apart from ``apart`` as
    :func:`~trustsim.textfmt.fixed` does; as :func:`lnums` for an outcome the registry does
    not know. A missing number in that language's words.
    """
    d = places(outcome, lang, matters if matters else None)
    if d is None:
        return lnums(lang, *xs, apart=apart)
    na = i18n.tr("not_available", lang)
    return [na if t == "n/a" else t for t in fixed(*xs, decimals=d, apart=apart)]


def scale(outcome: str, lang: str) -> float:
    """Factor from an outcome's unit to the one its sentences use in ``lang``.

    0.1 for money in Chinese (counted in 万元, as the tables: :func:`shown_in`); 100 for a
    yes-or-no outcome (a difference in the share of runs reads in percentage points);
    else 1.
    """
    o = registry.OUTCOMES.get(str(outcome))
    if o is not None and o.binary:
        return 100.0
    return 0.1 if lang == "zh" and o is not None and o.unit == THOUSAND else 1.0


def unit_after(outcome: str, lang: str) -> str:
    """The unit a bare figure of ``outcome`` scaled by :func:`scale` needs in a sentence."""
    o = registry.OUTCOMES.get(str(outcome))
    if o is not None and o.binary:
        return " 个百分点" if lang == "zh" else " percentage points"
    return " 万元" if scale(outcome, lang) == 0.1 else ""


def cost_matters_text(lang: str = "en") -> str:
    """The money that matters between two costs (:data:`outcomes.COST_MATTERS`) in words.

    Example:
        >>> cost_matters_text(), cost_matters_text("zh")
        ('100 thousand CNY', '10 万元')
    """
    m = registry.COST_MATTERS / (10.0 if lang == "zh" else 1.0)
    said = f"{m:,.0f}" if float(m).is_integer() else num(m)  # "100", not "100.0" nor "1e+06"
    return f"{said} 万元" if lang == "zh" else f"{said} thousand CNY"


def m_text(r: Any, lang: str = "en") -> str:
    """A row's smallest effect that matters, with the outcome's unit ("100 thousand CNY")."""
    get = r.get if isinstance(r, dict | pd.Series) else lambda k: getattr(r, k)
    m = float(get("min_effect") or 0.0)
    o = registry.OUTCOMES.get(str(get("outcome")))
    if o is not None and (o.binary or (lang == "zh" and o.unit == THOUSAND)):
        # Chinese sentences count money in 万元 (:func:`money`); shares of runs in points
        return f"{m * scale(o.name, lang):,g}{unit_after(o.name, lang)}"
    unit = i18n.unit(o.unit if o is not None else "", lang)
    return f"{m:,g}" + (f" {unit}" if unit else "")


def tail_note(r: Any, lang: str = "en") -> str:
    """Why a row's verdict reads the mean (a ``tail`` row), with its runs better and worse.

    The median run changes it by less than what matters, or (a larger median) its
    interval reaches no change: each said as it is (third policy trial: "too little to
    settle it (by less than ±7 days, ...)" where the median run recovered 46.5 days
    sooner and its interval reached 0).
    """
    get = r.get if isinstance(r, dict | pd.Series) else lambda k: getattr(r, k)
    small = abs(float(get("diff_median"))) < float(get("min_effect") or 0.0)
    return i18n.tr("tail_note" if small else "tail_note_wide", lang, m=m_text(r, lang),
                   b=int(get("n_better")), w=int(get("n_worse")), n=int(get("n_pairs")))
