"""The report's section on what was simulated: each scenario's world, platforms and crises.

Core functions: :func:`world_section` and :func:`world_sizes` (the users per run). The
section reads the scenarios as the manifest records them
(``settings.scenarios``: after ``extends:``, before any strategy; with the experiment's
own ``params:`` and ``steps:``; a design's values vary by point), so a forwarded report
says which crisis its figures are about (a policy trial's report named its scenario file
and nothing of its platforms, crisis days or severities).
"""

from __future__ import annotations

import html
from typing import Any

from trustsim import i18n
from trustsim.i18n.names import (
    CRISES_EN,
    CRISES_ZH,
    KINDS_EN,
    KINDS_ZH,
    STRATEGY_DESCRIPTIONS_ZH,
)
from trustsim.i18n.param_names import CRISIS_FIELD_LABELS, setting
from trustsim.params import Params
from trustsim.strategies import strategies

__all__ = ["scope_notes", "world_section", "world_sizes"]

_SHOWN = ("kind", "market_share", "reserve_ratio", "risk_management")
_CRISIS_KEYS = ("type", "time", "target", "severity")


def _e(x: Any) -> str:
    return html.escape(str(x))


def _value(x: Any) -> str:
    if isinstance(x, bool):  # as the file says it
        return "true" if x else "false"
    if isinstance(x, float):
        return f"{x:g}"
    if isinstance(x, list):
        return ", ".join(map(str, x))
    return str(x)


def _count(x: Any) -> str:
    """A whole number with thousands separators; as given when it is not one ("100")."""
    try:
        return f"{int(float(x)):,}"
    except (TypeError, ValueError):
        return str(x)


def _row(cells: list[Any], head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag} class=l>{_e(c)}</{tag}>" for c in cells) + "</tr>"


def _platforms(sc: dict, lang: str) -> str:
    plats = sc.get("platforms") or []
    params = sc.get("params") or {}
    if not plats:
        n = params.get("n_platforms", Params.model_fields["n_platforms"].default)
        return f"<p>{_e(i18n.tr('world_platforms_default', lang, n=n))}</p>"
    default = {k: params.get(k, Params.model_fields[k].default) for k in _SHOWN[2:]}
    rows = [_row(i18n.tr("world_platforms", lang).split(","), head=True)]
    for pl in plats:
        kind = pl.get("kind") or ""
        rows.append(_row([pl.get("name", ""),
                          (KINDS_ZH if lang == "zh" else KINDS_EN).get(kind, kind),
                          _value(pl.get("market_share", 1.0)),
                          *(_value(pl.get(k, default[k])) for k in _SHOWN[2:])]))
    return "<table>" + "".join(rows) + "</table>"


def _target(target: Any, lang: str) -> str:
    return "全部平台" if lang == "zh" and target == "all" else _value(target)


def _crises(sc: dict, lang: str) -> str:
    crises = sorted(sc.get("crises") or [], key=lambda c: c.get("time", 0))
    if not crises:
        return f"<p>{_e(i18n.tr('world_no_crises', lang))}</p>"
    rows = [_row(i18n.tr("world_crises", lang).split(","), head=True)]
    for c in crises:
        kind = str(c.get("type", ""))
        rest = ("；" if lang == "zh" else "; ").join(
            setting(k, v, lang, CRISIS_FIELD_LABELS) for k, v in c.items()
            if k not in _CRISIS_KEYS)
        rows.append(_row([_value(c.get("time", "")),
                          (CRISES_ZH if lang == "zh" else CRISES_EN).get(kind, kind),
                          _target(c.get("target", "all"), lang), _value(c.get("severity", "")),
                          rest]))
    return "<table>" + "".join(rows) + "</table>"


def world_section(manifest: dict[str, Any], lang: str = "en") -> str:
    """HTML: a heading and, per scenario, its size, settings, platforms and crises.

    Empty when the manifest records no scenarios (folders written before settings were).
    """
    scenarios = ((manifest.get("settings") or {}).get("scenarios")) or {}
    if not isinstance(scenarios, dict) or not scenarios:
        return ""
    # a Chinese report's own words where the scenario gives them (policy trial: English
    # sentences in 模拟的情景), else the English
    about = {**(manifest.get("scenario_descriptions") or {}),
             **((manifest.get("scenario_descriptions_zh") or {}) if lang == "zh" else {})}
    if lang == "zh":  # a folder written before they were kept: a bundled one's own
        about.update(_bundled_zh(about))  # (a description given in Chinese matches none)
    fixed = (manifest.get("settings") or {}).get("overrides") or {}  # the file's params:
    parts = [f"<h2 id=world>{_e(i18n.tr('world_heading', lang))}</h2>",
             f"<p class=note>{_e(i18n.tr('world_intro', lang))}</p>"]
    for name, sc in scenarios.items():
        params = {**(sc.get("params") or {}), **fixed}
        n = params.pop("n_users", Params.model_fields["n_users"].default)
        d = params.pop("steps", Params.model_fields["steps"].default)
        params.pop("n_platforms", None)
        shown = i18n.scenario(name, lang)
        title = shown if shown == name else f"{shown} ({name})"
        parts.append(f"<h3>{_e(title)}</h3>")
        if about.get(name):
            parts.append(f"<p>{_e(about[name])}</p>")
        size = i18n.tr("world_size", lang, n=_count(n), d=_count(d))
        if params:
            size += ("；" if lang == "zh" else "; ") + i18n.tr(  # in words (policy trial)
                "world_params", lang, p=("，" if lang == "zh" else ", ").join(
                    setting(k, v, lang) for k, v in params.items()))
        parts += [f"<p>{_e(size)}</p>", _platforms(sc, lang), _crises(sc, lang)]
    return "\n".join(parts + _strategies(manifest, lang))


def _bundled_zh(about: dict[str, str]) -> dict[str, str]:
    """Chinese descriptions of the bundled scenarios among ``about`` described as bundled."""
    from trustsim.bundled import bundled_scenarios
    from trustsim.scenario import load_scenario

    bundled = bundled_scenarios()
    out = {}
    for name, text in about.items():
        if name in bundled and bundled[name] == text:
            zh = load_scenario(name, world=False).description_zh
            if zh:
                out[name] = zh
    return out


def _strategies(manifest: dict[str, Any], lang: str) -> list[str]:
    """The strategies compared: what each does and the levers it sets.

    (Policy trial: a minister cannot act on a strategy's name alone.) A folder written
    before descriptions were kept shows a bundled strategy's own.
    """
    levers = (manifest.get("settings") or {}).get("strategies") or {}
    if not isinstance(levers, dict) or not levers:
        return []
    about = manifest.get("strategy_descriptions") or {}
    cols = i18n.tr("world_strategy_cols", lang).split("|")
    rows = ["<tr>" + "".join(f"<th>{_e(c)}</th>" for c in cols) + "</tr>"]
    for name, set_ in levers.items():
        shown = i18n.strategy(name, lang)
        known = strategies().get(name)
        what = about.get(name, known.description if known is not None else "")
        if lang == "zh" and known is not None and known.description == what:
            what = STRATEGY_DESCRIPTIONS_ZH.get(name, what)  # a bundled one, as bundled
        how = (("，" if lang == "zh" else ", ").join(setting(k, v, lang)
                                                     for k, v in set_.items())
               if isinstance(set_, dict) and set_ else i18n.tr("world_no_levers", lang))
        rows.append(f"<tr><td class=l>{_e(shown if shown == name else f'{shown} ({name})')}"
                    f"</td><td class=l>{_e(what)}</td><td class=l>{_e(how)}</td></tr>")
    return [f"<h3>{_e(i18n.tr('world_strategies', lang))}</h3>",
            "<table>" + "".join(rows) + "</table>"]


def scope_notes(sizes: list[int] | None, manifest: dict[str, Any], lang: str) -> list[str]:
    """The decision page's notes on the simulated world: its money, and who follows.

    The money note where the sizes are known (money in a 5,000-user world is not what a
    response would cost for real); the scope note where every run has the same
    ``response_scope`` (:func:`response_scopes`; a policy trial found it only deep in the
    settings, as a bare value).
    """
    notes = []
    if sizes:
        users = (" / " if lang == "en" else "、").join(f"{n:,}" for n in sizes)
        notes.append(i18n.tr("money_scale", lang, users=users))
    scopes = response_scopes(manifest)
    if len(scopes) == 1:
        notes.append(i18n.tr(f"scope_{scopes.pop()}", lang))
    return notes


def response_scopes(manifest: dict[str, Any]) -> set[str]:
    """The ``response_scope`` values a sweep's runs had (the model's default where none set it).

    Precedence as in a run: a scenario's ``params``, then a strategy's levers, then the
    sweep's own ``params``. Empty when a design varies it.
    """
    settings = manifest.get("settings") or {}
    if "response_scope" in ((manifest.get("design") or {}).get("parameters") or []):
        return set()
    forced = (settings.get("overrides") or {}).get("response_scope")
    if forced is not None:
        return {str(forced)}
    default = Params().response_scope
    levers = list((settings.get("strategies") or {}).values()) or [{}]
    return {str((lv or {}).get("response_scope", (sc.get("params") or {}).get(
        "response_scope", default))) for sc in (settings.get("scenarios") or {}).values()
        for lv in levers} or {default}


def world_sizes(manifest: dict[str, Any]) -> list[int]:
    """The numbers of simulated users per run in a sweep's scenarios (sorted, distinct).

    A sweep's own ``n_users`` (its overrides) wins over a scenario's; a scenario without
    either has the model's default. Empty when a design varies ``n_users`` (the sizes are
    then the design's, per run).
    """
    if "n_users" in ((manifest.get("design") or {}).get("parameters") or []):
        return []
    settings = manifest.get("settings") or {}
    forced = (settings.get("overrides") or {}).get("n_users")
    sizes = {int(forced if forced is not None else (sc.get("params") or {}).get(
        "n_users", Params().n_users)) for sc in (settings.get("scenarios") or {}).values()}
    return sorted(sizes)


def nothing_to_answer(manifest: dict[str, Any], scenario: str, lang: str,
                      named: bool = False) -> list[str]:
    """A note where none of a scenario's crises gives the platform anything to answer.

    A crisis type whose incidents get no statement (an operator absconding: the operators
    flee; a sector-wide tightening) leaves the response strategies only the platforms'
    other incidents, before or beside it (third policy trial: operator absconding, where
    deny and delay "did best" on trust lost only because its earlier denial was found
    out). Empty for a scenario with any crisis a platform answers, or with none.
    ``named``: the sentence names the scenario (the summary's, whose findings on it
    follow: trial, deny and delay "does best on trust lost" there).
    """
    from trustsim.crises import CRISES

    sc = ((manifest.get("settings") or {}).get("scenarios") or {}).get(scenario) or {}
    types = list(dict.fromkeys(str(c.get("type")) for c in sc.get("crises") or []))
    if not types or any(t not in CRISES or any(k.respond for k in CRISES[t].incidents)
                        for t in types):
        return []
    names = (CRISES_ZH if lang == "zh" else CRISES_EN)
    return [i18n.tr("nothing_to_answer_in" if named else "nothing_to_answer", lang,
                    scenario=i18n.scenario(scenario, lang), crises=(
                        "、" if lang == "zh" else ", ").join(names.get(t, t) for t in types))]
