"""Languages of the outputs people read: English (default) and Simplified Chinese.

Core functions: :func:`check_lang`, :func:`tr` (a message of the catalogue
:data:`~trustsim.i18n.messages.MESSAGES` in one language, with its placeholders filled),
and the display names :func:`strategy`, :func:`scenario`, :func:`outcome`,
:func:`axis_label`. Numbers print the same way in both languages (:mod:`trustsim.textfmt`);
money, kept in thousand CNY, is shown in Chinese in 万元 (:func:`money_factor`, a tenth of
the number). Names without a Chinese entry are shown as their identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["LANGS", "axis_label", "check_lang", "money_factor", "outcome", "scenario",
           "strategy", "strategy_names", "tr", "unit"]

LANGS = ("en", "zh")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a known language.

    Raises:
        ScenarioError: any other value (names the option and what is allowed).
    """
    if lang not in LANGS:
        from trustsim.errors import suggest
        from trustsim.scenario import ScenarioError

        near = {"cn": "zh", "zh_cn": "zh", "zh-cn": "zh", "zh-hans": "zh", "chinese": "zh",
                "english": "en", "en_us": "en", "en-us": "en", "en_gb": "en"}
        raise ScenarioError("unknown language", key="lang (--lang)", value=lang,
                            allowed=list(LANGS),
                            suggestion=near.get(str(lang).lower()) or suggest(lang, LANGS))
    return lang


def tr(key: str, lang: str = "en", /, **values: Any) -> str:
    """The message ``key`` in ``lang``, formatted with ``values``.

    Example:
        >>> tr("runs_finished", "en", done=3, total=4)
        '3 of 4 runs finished'
    """
    from trustsim.i18n.messages import MESSAGES

    en, zh = MESSAGES[key]
    text = zh if lang == "zh" else en
    text = text.format(**values) if values else text
    # A full-width closing bracket needs no space after it ("（135 万元） 至" read badly);
    # nor does a unit before 之内 or 的 ("±10 万元 之内", "±0.5 家 之内"), where a number
    # keeps its space ("±0.01 之内", "80% 的运行").
    if lang != "zh":
        return text
    text = re.sub(r"([）」])[ \t]+", r"\1", text)
    return re.sub(r"([\u4e00-\u9fff]) (之内|的)", r"\1\2", text)


#: Chinese names of an experiment's own strategies and scenarios (``name_zh:``), in force
#: while :func:`strategy_names` holds them.
_OWN_ZH: dict[str, str] = {}
_OWN_SCENARIOS_ZH: dict[str, str] = {}


@contextmanager
def strategy_names(names_zh: dict[str, str],
                   scenarios_zh: dict[str, str] | None = None) -> Iterator[None]:
    """Give an experiment's own strategies (and scenarios) their Chinese names for a while.

    A report in Chinese of an experiment with ``{name: guarantee_50, name_zh: 五成保障}``
    names it 五成保障, as a bundled strategy gets its name (trial: own strategies stayed
    in English); a scenario file's ``name_zh:`` names the scenario (a policy trial's own
    scenario read "在“midsize_p2p”情景中" 26 times).
    """
    saved = [(d, dict(d)) for d in (_OWN_ZH, _OWN_SCENARIOS_ZH)]
    _OWN_ZH.update(names_zh or {})
    _OWN_SCENARIOS_ZH.update(scenarios_zh or {})
    try:
        yield
    finally:
        for d, old in saved:
            d.clear()
            d.update(old)


def strategy(name: str, lang: str = "en") -> str:
    """A strategy's display name (its identifier in English)."""
    if lang == "zh":
        from trustsim.i18n.names import STRATEGIES_ZH

        return _OWN_ZH.get(name) or STRATEGIES_ZH.get(name, name)
    return name


def scenario(name: str, lang: str = "en") -> str:
    """A scenario's display name (its identifier in English)."""
    if lang == "zh":
        from trustsim.i18n.names import SCENARIOS_ZH

        return _OWN_SCENARIOS_ZH.get(name) or SCENARIOS_ZH.get(name, name)
    return name


def outcome(name: str, lang: str = "en") -> str:
    """An outcome's display name (its identifier in English, the registry's ``zh``)."""
    if lang == "zh":
        from trustsim.outcomes import OUTCOMES

        o = OUTCOMES.get(name)
        return o.zh if o is not None and o.zh else name
    return name


def unit(name: str, lang: str = "en") -> str:
    """An outcome's unit (``Outcome.unit``) in ``lang``: ``thousand CNY`` is 万元.

    A figure in that unit is shown in Chinese times :func:`money_factor` (a tenth).
    """
    from trustsim.i18n.names import UNITS_ZH

    return UNITS_ZH.get(name, name) if lang == "zh" else name


def money_factor(name: str, lang: str = "en") -> float:
    """Factor from the figures of a daily metric or outcome ``name`` to those shown in ``lang``.

    Money is kept in thousand CNY; Chinese readers count such sums in 万元 (ten thousand
    CNY), so every Chinese table, chart and sentence shows a tenth of the number (a
    policy trial read 千元 tables beside 万元 sentences). 1 for anything else.

    Example:
        >>> money_factor("aum", "zh"), money_factor("user_losses", "en"), money_factor(
        ...     "final_trust", "zh"), money_factor("cost", "zh")
        (0.1, 1.0, 1.0, 0.1)
    """
    if lang != "zh":
        return 1.0
    from trustsim.i18n.names import METRICS
    from trustsim.outcomes import OUTCOMES

    o = OUTCOMES.get(name)
    money = (name == "cost" or (o is not None and o.unit == "thousand CNY")
             or (name in METRICS and "thousand CNY" in METRICS[name][0]))
    return 0.1 if money else 1.0


def axis_label(name: str, lang: str = "en") -> str:
    """An axis label with its unit for a daily metric or an outcome."""
    from trustsim.i18n.names import METRICS
    from trustsim.outcomes import OUTCOMES

    if name in METRICS:
        return METRICS[name][lang == "zh"]
    o = OUTCOMES.get(name)
    if o is None:
        return name
    # Unitless outcomes on a 0-1 scale say so: trust, and shares (of money, of users).
    trust = name in ("final_trust", "min_trust", "pre_crisis_trust", "trust_lost")
    share = not o.unit and ("share" in name or "share" in o.meaning.split(":")[0]
                            or name == "aum_retained")
    span = "-1 to 1" if "minus" in name else "0-1"
    if lang == "zh":
        zh = outcome(name, "zh")
        said = zh.endswith(("占比", "率", "之差"))  # the name says it is a share already
        u = unit(o.unit, "zh") or (
            "0–1" if trust else (span.replace("-1 to 1", "−1 至 1").replace("0-1", "0–1")
                                 if said else f"占比，{span.replace('0-1', '0–1')}")
            if share else "1 = 是" if name == "recovered" else "")
        return f"{zh}（{u}）" if u else zh
    u = o.unit or ("0-1" if trust else f"share, {span}" if share else
                   "1 = yes" if name == "recovered" else "")
    return f"{name.replace('_', ' ')} ({u})" if u else name.replace("_", " ")
