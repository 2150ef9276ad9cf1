"""The decision page's answers at a glance: one row per scenario, before the details.

Core function: :func:`answer_rows` (per scenario: the recommendation or why there is none,
its effect on the headline outcome with its interval, its extra cost over the baseline,
the cheaper option also clearly better, and every strategy that may add losses) and
:func:`answers_html` (the same as the report's table). A policy trial asked for the answer
up front: staff read the first screen and forward it.
"""

from __future__ import annotations

import html

import numpy as np

from trustsim import i18n
from trustsim.experiments.amounts import lfixed, scale, unit_after
from trustsim.experiments.decision import Decision
from trustsim.experiments.wording import stated_effect
from trustsim.money_outcomes import held_back
from trustsim.outcomes import money_places
from trustsim.textfmt import fixed, short

__all__ = ["answer_rows", "answers_html"]


def _effect(r, outcome: str, lang: str) -> str:
    """An effect and its interval, signed, in the sentences' unit: "+0.075 (0.061 to 0.081)"."""
    k = scale(outcome, lang)
    # at the outcome's one precision, as the tables below and the sentences
    d, lo, hi = lfixed(lang, outcome, *(x * k for x in stated_effect(r)),
                       matters=r.get("min_effect"))
    sign = "+" if stated_effect(r)[0] > 0 else ""
    return i18n.tr("answer_effect", lang, d=sign + d, lo=lo, hi=hi,
                   unit=unit_after(outcome, lang))


def _money(x: float, lang: str, users: int | None = None) -> str:
    """A sum as the tables give it, to a thousand CNY, with its unit ("238.5 万元").

    Per user in CNY too where the world's size is known and the sum is not 0.

    Example:
        >>> _money(2385.0, "en", 5000), _money(2385.0, "zh"), _money(0.0, "en", 5000)
        ('2,385 thousand CNY (477 CNY per user)', '238.5 万元', '0 thousand CNY')
    """
    if not np.isfinite(x):
        return "-"
    k = i18n.money_factor("cost", lang)
    text = fixed(x * k, decimals=money_places(lang))[0]
    text = f"{text} 万元" if lang == "zh" else f"{text} thousand CNY"
    if not users or round(x) == 0:
        return text
    each = x * 1000.0 / users  # thousand CNY -> CNY per user, to three significant digits
    return i18n.tr("answer_per_user", lang, cost=text, each=short(each))


def _names(names: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(i18n.strategy(n, lang) for n in names)


def answer_rows(decisions: list[Decision], lang: str = "en",
                users: int | None = None) -> list[tuple[str, ...]]:
    """Per scenario: scenario, recommendation, effect, extra cost, cheaper option, risky ones.

    ``users``: the simulated users per run where every scenario has the same number; each
    extra cost then also reads per user (a policy trial asked how to scale the sums).

    The recommendation is "none" with its reason where there is none (the one that helps
    is held back, or none helps by what matters); the last cell names every strategy that
    may add losses counting platforms at risk as wound up (candidate or not); cells
    without content are "-".
    """
    rows = []
    for dec in decisions:
        r, on = dec.recommended, dec.outcome
        # (a scenario decided on another outcome than the column's says which)
        other = bool(decisions) and on != decisions[0].outcome
        # every strategy that may add losses, candidate or not (policy trial: the row
        # read "-" in operator_abscond, where responses add losses)
        held = [] if dec.table is None else [
            s for s in dict.fromkeys(dec.table["strategy"].astype(str))
            if s in held_back(dec.table, dec.scenario)]
        if r is None:
            why = ("answer_none_held" if dec.deferred is not None else "answer_none")
            pick = i18n.tr(why, lang, strategy=i18n.strategy(
                str(dec.deferred["strategy"]), lang) if dec.deferred is not None else "")
            effect = cost = "-"
        else:
            pick = i18n.strategy(str(r["strategy"]), lang)
            effect = _effect(r, on, lang)
            if other:
                effect = i18n.tr("answer_on", lang, effect=effect,
                                 outcome=i18n.outcome(on, lang))
            cost = _money(float(r["extra_cost"]), lang, users)
        c = dec.cheapest_better
        cheaper = "-" if c is None or r is None else i18n.tr(
            "answer_cheaper", lang, strategy=i18n.strategy(str(c["strategy"]), lang),
            effect=_effect(c, on, lang), cost=_money(float(c["extra_cost"]), lang, users))
        rows.append((i18n.scenario(dec.scenario, lang), pick, effect, cost, cheaper,
                     _names(held, lang) or "-"))
    return rows


def answers_html(decisions: list[Decision], lang: str = "en",
                 sizes: list[int] | None = None) -> str:
    """:func:`answer_rows` as the report's table, under its own heading.

    With ``sizes`` (the simulated users per run) of one value, costs also read per user,
    and a note under the table says how far that carries.
    """
    if not decisions:
        return ""
    users = sizes[0] if sizes and len(sizes) == 1 else None
    on = i18n.outcome(decisions[0].outcome, lang)
    base = i18n.strategy(decisions[0].baseline, lang)
    head = i18n.tr("answer_cols", lang, outcome=on, base=base).split("|")
    e = html.escape
    body = "".join("<tr>" + "".join(f"<td class=l>{e(c)}</td>" for c in row) + "</tr>"
                   for row in answer_rows(decisions, lang, users))
    note = "" if users is None else "<p class=note>{}</p>".format(
        e(i18n.tr("answer_per_user_note", lang, users=f"{users:,}")))
    return (f"<h3 id=answers>{e(i18n.tr('answer_heading', lang))}</h3><table><tr>"
            + "".join(f"<th class=l>{e(h)}</th>" for h in head) + f"</tr>{body}</table>"
            + note)
