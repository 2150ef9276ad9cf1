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

__all__ = ["LANGS", "axis_label", "check_lang", "identifiers", "money_factor", "outcome",
           "scale", "scenario", "strategy", "strategy_names", "tr", "unit"]

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

    A message that starts with ``^`` is a sentence that may start with a name shown in
    lower case (a strategy or an outcome): its first letter is capitalised, unless the
    first word is an identifier (it holds ``_`` or a digit).

    Example:
        >>> tr("runs_finished", "en", done=3, total=4)
        '3 of 4 runs finished'
    """
    from trustsim.i18n.messages import MESSAGES

    en, zh = MESSAGES[key]
    text = zh if lang == "zh" else en
    # "^" opens an English sentence that starts with a name shown in lower case
    # ("^{strategy} costs ..." reads "Full rebuild costs ..."); an identifier stays as
    # it is written ("guarantee_50 costs ...").
    up = text.startswith("^")
    text = text.removeprefix("^")
    text = text.format(**values) if values else text
    if up:
        text = re.sub(r"^(\s*)([a-z])(?=[a-z'-]*\b(?![_\d]))", lambda m: m[1] + m[2].upper(),
                      text, count=1)
    # A full-width closing bracket needs no space after it ("（135 万元） 至" read badly);
    # nor does a unit before 之内 or 的 ("±10 万元 之内", "±0.5 家 之内"), where a number
    # keeps its space ("±0.01 之内", "80% 的运行").
    if lang != "zh":
        return text
    text = re.sub(r"([）」])[ \t]+", r"\1", text)
    return re.sub(r"([\u4e00-\u9fff]) (之内|的)", r"\1\2", text)


#: Names of an experiment's own strategies and scenarios by language (``name_zh:``,
#: ``name_en:``), in force while :func:`strategy_names` holds them.
_OWN: dict[str, dict[str, str]] = {"en": {}, "zh": {}}
_OWN_SCENARIOS: dict[str, dict[str, str]] = {"en": {}, "zh": {}}


@contextmanager
def strategy_names(names: dict[str, str], scenarios: dict[str, str] | None = None,
                   lang: str = "zh") -> Iterator[None]:
    """Give an experiment's own strategies (and scenarios) their names in ``lang`` a while.

    A report in Chinese of an experiment with ``{name: guarantee_50, name_zh: 五成保障}``
    names it 五成保障, as a bundled strategy gets its name (trial: own strategies stayed
    in English); a scenario file's ``name_zh:`` names the scenario (a policy trial's own
    scenario read "在“midsize_p2p”情景中" 26 times). ``name_en:`` does the same in English
    reports ("half guarantee", not ``guarantee_50``; the terminal keeps identifiers).
    """
    saved = [(d, dict(d)) for d in (_OWN[lang], _OWN_SCENARIOS[lang])]
    _OWN[lang].update(names or {})
    _OWN_SCENARIOS[lang].update(scenarios or {})
    try:
        yield
    finally:
        for d, old in saved:
            d.clear()
            d.update(old)


#: While :func:`identifiers` holds, English names are the identifiers (the terminal).
_AS_WRITTEN: list[bool] = [False]


@contextmanager
def identifiers() -> Iterator[None]:
    """Name strategies, scenarios and outcomes in English by their identifiers for a while.

    The terminal's tables print ``full_rebuild`` and ``final_trust`` (what ``--baseline``
    and ``--outcomes`` take); its sentences and warnings beside them say the same names.
    Reports name them in words.
    """
    saved = _AS_WRITTEN[0]
    _AS_WRITTEN[0] = True
    try:
        yield
    finally:
        _AS_WRITTEN[0] = saved


def strategy(name: str, lang: str = "en") -> str:
    """A strategy's display name: a bundled one's in words, else its identifier.

    An experiment's own strategy is named by its ``name_zh`` (``name_en``) where it gives
    one (:func:`strategy_names`).

    Example:
        >>> strategy("full_rebuild"), strategy("full_rebuild", "zh"), strategy("mine")
        ('full rebuild', '全面补救与信任重建', 'mine')
    """
    from trustsim.i18n.names import STRATEGIES_EN, STRATEGIES_ZH

    if lang == "zh":
        return _OWN["zh"].get(name) or STRATEGIES_ZH.get(name, name)
    return name if _AS_WRITTEN[0] else _OWN["en"].get(name) or STRATEGIES_EN.get(name, name)


def scenario(name: str, lang: str = "en") -> str:
    """A scenario's display name: a bundled one's in words, else its identifier.

    A scenario file's own ``name_zh`` (``name_en``) names it where it gives one.

    Example:
        >>> scenario("data_leak"), scenario("data_leak", "zh"), scenario("mine")
        ('Data leak', '数据泄露', 'mine')
    """
    from trustsim.i18n.names import SCENARIOS_EN, SCENARIOS_ZH

    if lang == "zh":
        return _OWN_SCENARIOS["zh"].get(name) or SCENARIOS_ZH.get(name, name)
    return name if _AS_WRITTEN[0] else (_OWN_SCENARIOS["en"].get(name)
                                        or SCENARIOS_EN.get(name, name))


def outcome(name: str, lang: str = "en") -> str:
    """An outcome's display name: the registry's ``en`` or ``zh``, else its identifier.

    Example:
        >>> outcome("final_trust"), outcome("final_trust", "zh"), outcome("not_one")
        ('trust at the end', '期末信任度', 'not_one')
    """
    from trustsim.outcomes import OUTCOMES

    o = OUTCOMES.get(name)
    shown = None if o is None else (o.zh if lang == "zh" else None if _AS_WRITTEN[0] else o.en)
    return shown or name


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
    """An axis label with its unit for a daily metric or an outcome.

    Example:
        >>> axis_label("final_trust"), axis_label("user_losses", "zh")
        ('trust at the end (0-1)', '投资者损失（万元）')
    """
    from trustsim.i18n.names import METRICS

    if name in METRICS:
        return METRICS[name][lang == "zh"]
    u = scale(name, lang)
    if lang == "zh":
        return f"{outcome(name, 'zh')}（{u}）" if u else outcome(name, "zh")
    return f"{outcome(name)} ({u})" if u else outcome(name)


def scale(name: str, lang: str = "en") -> str:
    """An outcome's unit or scale as an axis or a heading gives it ('' when it has none).

    Example:
        >>> scale("final_trust"), scale("aum_retained"), scale("recovered", "zh")
        ('0-1', 'share, 0-1', '1 = 是')
    """
    from trustsim.outcomes import OUTCOMES

    o = OUTCOMES.get(name)
    if o is None:
        return ""
    # Unitless outcomes on a 0-1 scale say so: trust, and shares (of money, of users).
    trust = name in ("final_trust", "min_trust", "pre_crisis_trust", "trust_lost")
    share = not o.unit and ("share" in name or "share" in o.meaning.split(":")[0]
                            or name == "aum_retained")
    span = "-1 to 1" if "minus" in name else "0-1"
    if lang == "zh":
        said = outcome(name, "zh").endswith(("占比", "率", "之差"))  # says it is a share
        return unit(o.unit, "zh") or (
            "0–1" if trust else (span.replace("-1 to 1", "−1 至 1").replace("0-1", "0–1")
                                 if said else f"占比，{span.replace('0-1', '0–1')}")
            if share else "1 = 是" if name == "recovered" else "")
    return o.unit or ("0-1" if trust else f"share, {span}" if share else
                      "1 = yes" if name == "recovered" else "")
