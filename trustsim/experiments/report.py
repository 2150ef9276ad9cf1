"""A self-contained HTML report of an experiment, for people who do not run Python.

Core function: :func:`report`. The file opens with a *decision page*: per scenario, in
plain words, the recommended strategy (:mod:`trustsim.experiments.decision`), what it
costs, what it changes (effect, interval, paired runs in which it is better), what it does
not change and the caveats, with the scenario's cost-effectiveness figure. Then the
findings, the comparison tables, the figures (embedded as base64 PNG), the method notes,
the experiment file and provenance. It loads no CSS, script, font or image from anywhere,
so it opens in a browser with no network and can be emailed as it is. ``lang="zh"``
writes all of it in Simplified Chinese, numbers unchanged.
"""

from __future__ import annotations

import base64
import html
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim import i18n
from trustsim import outcomes as registry
from trustsim.experiments.amounts import cost_matters_text, places, shown_in
from trustsim.experiments.answers import answers_html
from trustsim.experiments.report_text import (
    figure_alt,
    method_notes,
    same_outcomes,
    terms_note,
    version_warnings,
    warning_text,
)
from trustsim.experiments.report_world import (
    nothing_to_answer,
    scope_notes,
    world_section,
    world_sizes,
)
from trustsim.experiments.wording import cost_basis, reads_mean, shows_per_cost, stated_effect
from trustsim.outcomes import money_places, said_below
from trustsim.textfmt import fixed, num, nums, short
from trustsim.viz.costplot import cost_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from trustsim.experiments.store import ExperimentResults

__all__ = ["report", "render_report", "report_inputs_key"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,"Noto Sans CJK SC",
"WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}th{background:#f2f2f2}
td.l,th.l{text-align:left}tr.base td{color:#555;font-style:italic}tr.pick td{background:#eef5fb}
.better{color:#0072B2;font-weight:600}.worse{color:#D55E00;font-weight:600}
pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:.85em}
figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9em;color:#444}ul.findings li{margin:.4em 0}
.note{color:#555;font-size:.9em}.warn{background:#fff4e5;border-left:4px solid #E69F00;
padding:.5em 1em;margin:1em 0}
section.decision{border:1px solid #ccc;border-radius:6px;padding:.2em 1.2em 1em;
margin:1.2em 0}.recommend{font-size:1.15em;font-weight:600}
"""


#: Envelope figures of trust (their caption says what the headline trust is).
TRUST_ENVELOPES = ("envelope_holder_trust", "envelope_mean_trust", "envelope_sector_trust")


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _png(fig: Figure | bytes) -> str:
    """A figure as base64 PNG (a figure already saved as PNG bytes is used as it is)."""
    if isinstance(fig, bytes):
        return base64.b64encode(fig).decode("ascii")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figure_html(name: str, fig: Figure | bytes, caption: str, lang: str = "en") -> str:
    return (f"<figure><img alt='{_e(figure_alt(name, lang))}' src='data:image/png;base64,{_png(fig)}'>"  # noqa: E501
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _verdict(v: str, lang: str) -> str:
    return i18n.tr(f"verdict_{v}", lang) if v else ""


def _cost_cell(r: Any, lang: str) -> str:
    """Cost median [10 %, 90 %], to a thousand CNY as every sum of money in the tables."""
    if not np.isfinite(r.cost_median):
        return ""
    med, lo, hi = fixed(r.cost_median, r.cost_p10, r.cost_p90, decimals=money_places(lang))
    return f"{med} [{lo}, {hi}]"


def _decimals(r: Any, lang: str) -> int | None:
    """The one precision of a row's outcome in a table (:func:`amounts.places`)."""
    m = float(r.min_effect) if r.min_effect is not None else np.nan
    return places(str(r.outcome), lang, m if np.isfinite(m) else None, sentence=False)


def _effects(r: Any, lang: str) -> list[str]:
    """A row's stated effect and interval as a table prints them.

    At its outcome's one precision (a tenth of what matters), the same in every row and
    scenario (trial: "0.0199", "0.003" and "0.00540" in one column); else as sentences do.
    """
    d = _decimals(r, lang)
    xs = stated_effect(r)
    # a row said to be below what matters is kept apart from it ("0.0198", not "0.020"
    # beside "effect below what matters (±0.02)": trial)
    below = said_below(r.verdict, r.warnings)
    m = float(r.min_effect or 0.0)  # (in the table's units, as its figures: shown_in)
    return fixed(*xs, decimals=d, apart=m if below else 0.0) if d is not None else nums(
        *xs, apart=m)


def _levels(r: Any, lang: str, *xs: float) -> list[str]:
    """Levels of a row's outcome (median, band) at the precision of its effects."""
    d = _decimals(r, lang)
    return fixed(*xs, decimals=d) if d is not None else [num(x) for x in xs]


def _better_in(r: Any, lang: str) -> str:
    """Paired runs better, and worse where any are: "3 of 20 (9 worse)" (trial: not "3 of 20")."""
    w = int(r.n_worse) if np.isfinite(r.n_worse) else 0
    return i18n.tr("k_of_n_worse" if w else "k_of_n", lang, k=int(r.n_better), n=int(r.n_pairs),
                   w=w)


def _sep(lang: str) -> str:
    return "；" if lang == "zh" else "; "


def _paren(text: str, lang: str) -> str:
    """``text`` in brackets after what precedes it: `` (text)``, in Chinese ``（text）``."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _warn_cell(codes: str, lang: str) -> str:
    return _e(_sep(lang).join(i18n.tr(f"warn_{c}", lang)
                              for c in str(codes or "").split(",") if c))


def _unit_note(outcome: str, lang: str) -> str:
    """The unit after an outcome's name in a heading; nothing for one without a unit."""
    o = registry.OUTCOMES.get(outcome)
    return _paren(i18n.unit(o.unit, lang), lang) if o is not None and o.unit else ""


def _glance_table(g: pd.DataFrame, pick: str | None, lang: str) -> str:
    """One scenario's strategies on the headline outcome: cost, effect, verdict."""
    g = shown_in(g, lang)  # money in 万元 in Chinese, as the sentences
    head = "".join(f"<th{' class=l' if k == 0 else ''}>{_e(i18n.tr(k_, lang))}</th>"
                   for k, k_ in enumerate(("col_strategy", "col_cost", "col_effect", "col_ci",
                                           "col_better_in", "col_verdict", "col_warnings")))
    rows = []
    for r in g.itertuples():
        cls = " class=pick" if r.strategy == pick else (" class=base" if r.is_baseline else "")
        if r.is_baseline:
            eff, ci, better, verdict = i18n.tr("baseline", lang), "", "", ""
        else:
            eff, lo, hi = _effects(r, lang)
            # "to", not a dash: "-0.18 – -0.07" read as a subtraction
            ci = (f"{lo} to {hi}" if lang == "en" else f"{lo} 至 {hi}") + (
                i18n.tr("of_mean", lang) if reads_mean(r) else "")
            better = _better_in(r, lang)
            verdict = _verdict(r.verdict, lang)
        rows.append(f"<tr{cls}><td class=l>{_e(i18n.strategy(r.strategy, lang))}</td>"
                    f"<td>{_e(_cost_cell(r, lang))}</td><td>{_e(eff)}</td><td>{_e(ci)}</td>"
                    f"<td>{_e(better)}</td><td class=l>{_e(verdict)}</td>"
                    f"<td class=l>{_warn_cell(r.warnings, lang)}</td></tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


#: Measures a decision weighs, shown side by side on the decision page when compared
#: (after the headline): savers' losses before protection, users' losses after it, the
#: protection fund's bill, the levies and fines failing platforms paid into the fund (a
#: transfer that adds to savers' losses and is still public: part of what strict
#: supervision "adds" in the sector wave), and trust (a policy review asked to see them at
#: once).
SIDE_BY_SIDE = ("total_losses", "losses_if_wound_up", "protection_if_wound_up",
                "fund_from_failed", "final_trust")


def side_by_side_outcomes(table: pd.DataFrame, scenario: str, headline: str) -> list[str]:
    """The outcomes of :data:`SIDE_BY_SIDE` compared in ``scenario``, the headline first.

    Empty when fewer than two of them are compared there (nothing to set side by side).
    """
    have = set(table.loc[table["scenario"] == scenario, "outcome"])
    out = [o for o in dict.fromkeys((headline, *SIDE_BY_SIDE)) if o in have]
    return out if len(out) >= 2 else []


def _side_by_side_table(table: pd.DataFrame, scenario: str, headline: str,
                        pick: str | None, lang: str) -> str:
    """One scenario's strategies on several measures at once: effect and verdict each.

    Each cell is the strategy's stated effect against the baseline (as the comparison
    tables state it: median, or mean where marked) with its verdict; the baseline's row
    gives its own median, so the effects can be read as changes from a level.
    """
    outs = side_by_side_outcomes(table, scenario, headline)
    if not outs:
        return ""
    g = shown_in(table[table["scenario"] == scenario], lang)
    head = f"<th class=l>{_e(i18n.tr('col_strategy', lang))}</th>" + "".join(
        f"<th>{_e(i18n.outcome(o, lang))}{_e(_unit_note(o, lang))}</th>" for o in outs)
    rows = []
    for st in dict.fromkeys(g["strategy"]):
        by = {r.outcome: r for r in g[g["strategy"] == st].itertuples()}
        base = any(r.is_baseline for r in by.values())
        cls = " class=pick" if st == pick else (" class=base" if base else "")
        cells = []
        for o in outs:
            r = by.get(o)
            if r is None:
                cells.append("<td></td>")
            elif r.is_baseline:
                cells.append(f"<td>{_e(_levels(r, lang, r.median)[0])}"
                             f"{_e(_paren(i18n.tr('median_word', lang), lang))}</td>")
            else:
                # the decimals that keep it apart from what matters, as the sentences do
                eff = _effects(r, lang)[0]
                vcls = {"better": "better", "worse": "worse"}.get(r.verdict, "")
                notes = [i18n.tr("mean_word", lang)] if reads_mean(r) else []
                word = _verdict(r.verdict, lang)
                notes += [word] if word else []
                # as the comparison tables say them (policy trial: a transfer read "better",
                # a median the mean does not share had no caveat here)
                for code in ("small", "mean_differs", "mean_opposite", "censored",
                             "transfer"):
                    if code in str(r.warnings or "").split(","):
                        notes.append(i18n.tr(f"warn_{code}", lang))
                shown = _e(f"{eff}{_paren(_sep(lang).join(notes), lang)}" if notes else eff)
                cells.append(f'<td><span class="{vcls}">{shown}</span></td>' if vcls
                             else f"<td>{shown}</td>")
        rows.append(f"<tr{cls}><td class=l>{_e(i18n.strategy(st, lang))}</td>"
                    + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _unit(outcome: str, lang: str) -> str:
    """An outcome's unit for a table heading (its own scale when it has none)."""
    from trustsim.outcomes import OUTCOMES

    o = OUTCOMES.get(outcome)
    return i18n.unit(o.unit, lang) if o is not None and o.unit else i18n.tr("own_scale", lang)


def _decision_page(table: pd.DataFrame, figs: dict[str, Figure], lang: str,
                   sizes: list[int] | None = None, results: Any = None, n_boot: int = 2000,
                   seed: int = 0, manifest: dict | None = None) -> list[str]:
    from trustsim.experiments.decision import against_cheaper, decide, decision_text

    decisions = decide(table)
    if not decisions:
        return []
    if results is not None:  # what the recommendation's extra money buys over its cheaper option
        against_cheaper(results, decisions, n_boot=n_boot, seed=seed)
    head = decisions[0].moot or decisions[0].outcome  # the headline, even where it is moot
    parts = [f"<h2 id=decision>{_e(i18n.tr('decision_heading', lang))}</h2>",
             f"<p class=note>{_e(i18n.tr('decision_intro', lang, outcome=i18n.outcome(head, lang), base=i18n.strategy(decisions[0].baseline, lang)))}</p>"]  # noqa: E501
    parts += [f"<p class=note>{_e(t)}</p>" for t in scope_notes(sizes, manifest or {}, lang)]
    parts.append(answers_html(decisions, lang, sizes))  # the answers first (policy trial)
    parts.append(f"<p class=note>{_e(i18n.tr('terms', lang))}</p><ul class=note>" + "".join(
        f"<li>{_e(t)}</li>" for t in terms_note(table["outcome"].unique(), lang)) + "</ul>")
    for dec in decisions:
        text = decision_text(dec, lang)
        pick = None if dec.recommended is None else str(dec.recommended["strategy"])
        parts.append(f"<section class=decision><h3>{_e(i18n.scenario(dec.scenario, lang))}"
                     "</h3>")
        notes = text["moot"] + nothing_to_answer(manifest or {}, dec.scenario, lang)
        parts.append("".join(f"<p class=note>{_e(t)}</p>" for t in notes)
                     + "".join(f"<p class=recommend>{_e(t)}</p>" for t in text["recommend"][:1])
                     + "".join(f"<p>{_e(t)}</p>" for t in text["recommend"][1:]))
        for key in ("cost", "changes", "worse", "unchanged", "unclear", "caveats"):
            if text[key]:
                parts.append(f"<h4>{_e(i18n.tr(f'dp_{key}', lang))}</h4><ul>"
                             + "".join(f"<li>{_e(t)}</li>" for t in text[key]) + "</ul>")
        g = table[(table["scenario"] == dec.scenario) & (table["outcome"] == dec.outcome)]
        parts.append(f"<h4>{_e(i18n.tr('dp_glance', lang, outcome=i18n.outcome(dec.outcome, lang), unit=_unit(dec.outcome, lang)))}"  # noqa: E501
                     f"</h4>{_glance_table(g, pick, lang)}")
        side = _side_by_side_table(table, dec.scenario, dec.outcome, pick, lang)
        if side:
            base = i18n.strategy(dec.baseline, lang)
            parts.append(f"<h4>{_e(i18n.tr('dp_side', lang, base=base))}</h4>{side}")
        # the figure plots the experiment's headline: nothing to see where it is moot
        fig = None if dec.moot else figs.get(f"cost_{dec.scenario}")
        if fig is not None:
            cap = cost_caption(table, dec.scenario, dec.outcome, lang, cost_matters_text(lang))
            parts.append(_figure_html(f"cost_{dec.scenario}", fig, cap, lang))
        parts.append("</section>")
    return parts


def _html_table(table: pd.DataFrame, outcome: str, lang: str) -> str:
    t = shown_in(table[table["outcome"] == outcome], lang)
    direction = t["direction"].iloc[0] if len(t) else ""
    cols = ("col_scenario", "col_strategy", "col_median", "col_band", "col_effect", "col_ci",
            "col_better_in", "col_verdict", "col_rank", "col_per_cost", "col_warnings")
    head = "".join(f"<th{' class=l' if k < 2 else ''}>{_e(i18n.tr(c, lang))}</th>"
                   for k, c in enumerate(cols))
    rows = []
    for r in t.itertuples():
        cls = ' class="base"' if r.is_baseline else ""
        if r.is_baseline:
            eff, ci, better = _e(i18n.tr("baseline", lang)), "", ""
        else:
            vcls = {"better": "better", "worse": "worse"}.get(r.verdict, "")
            d, lo, hi = (_e(x) for x in _effects(r, lang))
            eff = f'<span class="{vcls}">{d}</span>' if vcls else d
            ci = (f"{lo} to {hi}" if lang == "en" else f"{lo} 至 {hi}") + (
                _e(i18n.tr("of_mean", lang)) if reads_mean(r) else "")
            better = _better_in(r, lang) if r.direction else ""
        rank = str(int(r.rank)) if np.isfinite(r.rank) else ""
        med, p10, p90 = _levels(r, lang, r.median, r.p10, r.p90)
        # three significant digits: 0.0162 and 0.0243 both read "0.02" (policy trial)
        epc = _e(short(r.effect_per_cost)) if shows_per_cost(r) else (
            _e(i18n.tr("no_extra_cost", lang)) if r.verdict == "better" and np.isfinite(
                r.extra_cost) and abs(r.extra_cost / i18n.money_factor("cost", lang))
            < registry.COST_MATTERS else "")  # (the rule reads thousand CNY: shown_in)
        rows.append(f"<tr{cls}><td class=l>{_e(i18n.scenario(r.scenario, lang))}</td>"
                    f"<td class=l>{_e(i18n.strategy(r.strategy, lang))}</td>"
                    f"<td>{_e(med)}</td><td>{_e(p10)} – {_e(p90)}"
                    f"</td><td>{eff}</td><td>{ci}</td><td>{_e(better)}</td>"
                    f"<td class=l>{_e(_verdict(r.verdict, lang))}</td><td>{rank}</td>"
                    f"<td>{epc}</td><td class=l>{_warn_cell(r.warnings, lang)}</td></tr>")
    way = {"higher": "higher_better", "lower": "lower_better"}.get(direction, "no_direction")
    o, sep, c = ("（", "；", "）") if lang == "zh" else ("(", "; ", ")")  # and its data column
    said = [i18n.tr(way, lang), i18n.scale(outcome, lang), i18n.tr("data_column", lang,
                                                                   name=outcome)]
    return (f"<h3>{_e(i18n.outcome(outcome, lang))} <span class=note>{o}"
            f"{_e(sep.join(x for x in said if x))}{c}</span></h3>"
            f"<table><tr>{head}</tr>{''.join(rows)}</table>")


def _sensitivity_figures(results: ExperimentResults, lang: str) -> dict[str, Figure]:
    path = results.folder / "sensitivity" / "sensitivity.csv"
    if not path.exists():
        return {}
    from trustsim.viz.plots import plot_sensitivity

    table = pd.read_csv(path, keep_default_na=True)
    table["note"] = table["note"].fillna("")
    return {f"sensitivity: {sc} / {st}": plot_sensitivity(
        g, title=f"{i18n.scenario(sc, lang)} / {i18n.strategy(st, lang)}", lang=lang)
        for (sc, st), g in table.groupby(["scenario", "strategy"], sort=False)}


def _caption(name: str, lang: str) -> str:
    kind = name.split("_")[0].split(":")[0]
    if kind == "envelope" and not name.startswith(TRUST_ENVELOPES):  # no trust words there
        runs = name.startswith("envelope_runs")  # runs: summed so far (policy trial), and no
        return i18n.tr("cap_envelope_money", lang, money="" if runs else i18n.tr(  # money
            "cap_money_world", lang)) + (i18n.tr("cap_runs", lang) if runs else "")
    return i18n.tr(f"cap_{kind}", lang, cm=cost_matters_text(lang)) if kind in (
        "envelope", "forest", "heatmap", "cost", "sensitivity") else ""


def _figures(figs: dict[str, Figure], lang: str) -> list[str]:
    """The figures section: trust envelopes, forests and heat maps; the rest folded."""
    shown = [k for k in figs if k.startswith((*TRUST_ENVELOPES, "forest_", "heatmap_",
                                               "sensitivity"))]
    rest = [k for k in figs if k not in shown and not k.startswith("cost_")]
    parts = [f"<h2>{_e(i18n.tr('figures', lang))}</h2>"]
    parts += [_figure_html(k, figs[k], _caption(k, lang), lang) for k in shown]
    if rest:
        parts.append(f"<details><summary>{_e(i18n.tr('more_figures', lang))}</summary>")
        parts += [_figure_html(k, figs[k], _caption(k, lang), lang) for k in rest]
        parts.append("</details>")
    return parts


def _glossary(table: pd.DataFrame) -> str:
    rows = [(i18n.scenario(n, "zh"), n) for n in dict.fromkeys(table["scenario"])]
    rows += [(i18n.strategy(n, "zh"), n) for n in dict.fromkeys(table["strategy"])]
    rows += [(i18n.outcome(n, "zh"), n) for n in dict.fromkeys(table["outcome"])]
    body = "".join(f"<tr><td class=l>{_e(a)}</td><td class=l><code>{_e(b)}</code></td></tr>"
                   for a, b in rows)
    return (f"<h2>{_e(i18n.tr('glossary', 'zh'))}</h2><table><tr><th class=l>中文名称</th>"
            f"<th class=l>标识符</th></tr>{body}</table>")


def _status(results: ExperimentResults, counts: dict[str, int], baseline: str,
            lang: str) -> str:
    """The report's first line: runs finished, the plan's shape and its design points."""
    man = results.manifest
    points = max(len(results.design), 1)  # (a rebuilt or older manifest lacks n_points)
    reps = man.get("replications") or int(results.runs["replication"].nunique())
    shape = i18n.tr("status_shape_points" if points > 1 else "status_shape", lang,
                    scenarios=len(man.get("scenarios", [])),
                    strategies=len(man.get("strategies", [])), points=points, reps=reps)
    return i18n.tr("status", lang, done=f"{counts['done']:,}", total=f"{results.n_runs:,}",
                   failed=counts["failed"], missing=counts["missing"], shape=shape,
                   base=i18n.strategy(baseline, lang))


def _provenance(results: ExperimentResults, key: str | None, lang: str) -> list[str]:
    from trustsim import __version__
    from trustsim.outputs import git_hash, model_hash

    man = results.manifest
    prov = man.get("provenance", {})
    seeds = results.runs[["scenario", "design_point", "replication", "seed"]]
    seeds = seeds.drop_duplicates().reset_index(drop=True)
    seed_rows = "".join(f"<tr><td class=l>{_e(r.scenario)}</td><td>{r.design_point}</td>"
                        f"<td>{r.replication}</td><td>{r.seed}</td></tr>"
                        for r in seeds.itertuples())
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = [("prov_seed", man.get("seed")), ("prov_results_version", prov.get("trustsim")),
            ("prov_results_git", prov.get("git")),
            # the first sweep's start: the manifest's own time is its last rewrite
            ("prov_results_created", next((w.get("started") for w in man.get("sweeps") or []
                                           if w.get("started")), prov.get("created"))),
            ("prov_results_model", ", ".join(f"{m} ({k:,})" for m, k in
                                             results.models().items())),
            ("prov_report_version", __version__), ("prov_report_git", git_hash()),
            ("prov_report_model", model_hash()),
            ("prov_report_created", now),
            ("prov_versions", f"{prov.get('python')} / {prov.get('mesa')} / "
                              f"{prov.get('numpy')} / {prov.get('pandas')}"),
            ("prov_machine", prov.get("machine")), ("prov_folder", str(results.folder)),
            ("prov_settings", man.get("settings_hash")), ("prov_inputs", key or "")]
    t = "".join(f"<tr><th class=l>{_e(i18n.tr(k, lang))}</th><td class=l>{_e(v)}</td></tr>"
                for k, v in rows)
    return [f"<h2>{_e(i18n.tr('provenance', lang))}</h2><table>{t}</table><details><summary>"
            f"{_e(i18n.tr('seeds', lang))}</summary><table><tr><th class=l>"
            f"{_e(i18n.tr('col_scenario', lang))}</th><th>{_e(i18n.tr('design_point', lang))}"
            f"</th><th>{_e(i18n.tr('replication', lang))}</th><th>{_e(i18n.tr('seed', lang))}"
            f"</th></tr>{seed_rows}</table></details>"]


def _moot_note(table: pd.DataFrame, lang: str) -> str:
    """The scenarios decided on trust because no money is lost in them, said in a clause."""
    from trustsim.experiments.decision import decide

    moot = [d for d in decide(table) if d.moot]
    if not moot:
        return ""
    sep = "、" if lang == "zh" else ", "
    return i18n.tr("summary_note_moot", lang, fallback=i18n.outcome(moot[0].outcome, lang),
                   scenarios=sep.join(i18n.scenario(d.scenario, lang) for d in moot))


def render_report(results: ExperimentResults, table: pd.DataFrame | None = None, *,
                  n_boot: int = 2000, seed: int = 0,
                  figures: dict[str, Figure | bytes] | None = None, lang: str = "en",
                  inputs_key: str | None = None) -> str:
    """The report as one HTML string (see :func:`report`)."""
    from trustsim.experiments.compare import compare, findings, headline_outcome
    from trustsim.outcomes import lead_names
    from trustsim.viz.plots import comparison_figures

    i18n.check_lang(lang)
    if table is None:
        table = compare(results, n_boot=n_boot, seed=seed)
    man = results.manifest
    counts = results.counts()
    outs = list(dict.fromkeys(table["outcome"]))
    head = headline_outcome(table)
    # The headline first: the summary must lead with what the decision page decides on.
    lead = lead_names(outs, head, 3)
    sentences = [s for sc in table["scenario"].unique() for s in nothing_to_answer(
        man, str(sc), lang, named=True)] + [s for o in lead for s in findings(table, o, lang)]
    on_head = i18n.outcome(head, lang) if head else "-"
    baseline = table["baseline"].iloc[0] if len(table) else ""
    from trustsim.viz.plots import cjk_font

    fig_lang = lang
    if lang == "zh" and figures is None and cjk_font() is None:
        import warnings

        fig_lang = "en"  # Chinese labels would show as empty boxes without a CJK font
        warnings.warn("no font that renders Chinese was found (install Debian's "
                      "fonts-wqy-microhei or fonts-noto-cjk): the figures of the Chinese "
                      "report keep English labels", UserWarning, stacklevel=2)
    figs = dict(figures) if figures is not None else comparison_figures(results, table,
                                                                        lang=fig_lang)
    figs.update(_sensitivity_figures(results, fig_lang))
    exp = man.get("experiment") or {}
    parts = [f"<!DOCTYPE html><html lang={'zh-Hans' if lang == 'zh' else 'en'}><head>"
             "<meta charset=utf-8>"
             "<meta name=viewport content='width=device-width,initial-scale=1'>"
             f"<meta name=trustsim-inputs content='{_e(inputs_key or '')}'>"
             f"<title>{_e(i18n.tr('title', lang, name=results.name))}</title>"
             f"<style>{_CSS}</style></head><body>",
             f"<h1>{_e(i18n.tr('title', lang, name=results.name))}</h1>",
             f"<p>{_e((lang == 'zh' and man.get('description_zh')) or man.get('description') or '')}</p>",  # noqa: E501
             f"<p class=note>{_e(_status(results, counts, baseline, lang))}</p>"]
    warns = warning_text(table, counts, lang, results.models(), same_outcomes(results))
    # named at the top, read after the answers (trial), but the model's version at once
    parts += [f"<div class=warn>{_e(w)}</div>" for w in version_warnings(results.models(), lang)]
    if warns:
        parts.append(f"<p class=note>{_e(i18n.tr('warnings_below', lang, n=len(warns)))}</p>")
    parts += _decision_page(table, figs, lang, world_sizes(man), results, n_boot, seed, man)
    if warns:
        parts += [f"<h2 id=warnings>{_e(i18n.tr('warnings_heading', lang))}</h2>",
                  *(f"<div class=warn>{_e(w)}</div>" for w in warns)]
    parts += [f"<h2>{_e(i18n.tr('summary', lang))}</h2><ul class=findings>",
              *(f"<li>{_e(s)}</li>" for s in sentences), "</ul>",
              f"<p class=note>{_e(i18n.tr('summary_note', lang, headline=on_head) + _moot_note(table, lang))}</p>",  # noqa: E501
              world_section(man, lang),
              f"<h2>{_e(i18n.tr('tables', lang))}</h2>"]
    parts += [_html_table(table, o, lang) for o in lead]
    rest = [o for o in outs if o not in lead]
    if rest:
        parts.append(f"<details><summary>{_e(i18n.tr('other_outcomes', lang))}</summary>")
        parts += [_html_table(table, o, lang) for o in rest]
        parts.append("</details>")
    parts += _figures(figs, lang)
    reps = int(table["n_pairs"].max()) if len(table) else 0
    parts.append(f"<h2>{_e(i18n.tr('method', lang))}</h2><ul>" + "".join(
        f"<li><b>{_e(t)}{'：' if lang == 'zh' else '.'}</b>{'' if lang == 'zh' else ' '}"
        f"{_e(body)}</li>" for t, body in method_notes(
            man, reps, n_boot, seed, lang,
            old_cost=cost_basis(table) == registry.OLD_COST)) + "</ul>")
    if lang == "zh":
        parts.append(_glossary(table))
    parts.append(f"<h2>{_e(i18n.tr('experiment_file', lang))}</h2><p class=note>"
                 f"{_e(exp.get('file') or '')} (sha256 {_e(str(exp.get('sha256') or '')[:16])})"
                 f"</p><pre>{_e(exp.get('text') or '')}</pre>")
    parts += _provenance(results, inputs_key, lang)
    parts.append("</body></html>\n")
    return "\n".join(parts)


_KEY = re.compile(r"<meta name=trustsim-inputs content='([^']*)'>")


def report_inputs_key(path: str | Path) -> str | None:
    """The inputs key recorded in an existing report (None if none or no file)."""
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    m = _KEY.search(head)
    return m.group(1) or None if m else None


def report(results: ExperimentResults | str | Path, path: str | Path,
           table: pd.DataFrame | None = None,
           *, n_boot: int = 2000, seed: int = 0, lang: str = "en",
           figures: dict[str, Figure | bytes] | None = None,
           inputs_key: str | None = None) -> Path:
    """Write one self-contained HTML report of an experiment to ``path`` (atomically).

    Args:
        results: the experiment's results (:func:`trustsim.load_results`), or its folder.
        path: the HTML file to write.
        table: a comparison table (default: :func:`trustsim.compare` with its defaults).
        n_boot: bootstrap resamples when the table is computed here.
        seed: bootstrap seed when the table is computed here.
        lang: ``en`` (default) or ``zh`` (Simplified Chinese; numbers unchanged).
        figures: the comparison figures, when already drawn in ``lang`` (matplotlib
            figures, or their PNG bytes as :func:`~trustsim.experiments.compare.
            write_compare` saved them).
        inputs_key: a key of everything the report depends on
            (:func:`trustsim.experiments.cache.inputs_key`); when the file at ``path``
            already records the same key it is left as it is (its provenance time too).

    Returns:
        The path written (or left unchanged).

    Example:
        >>> report(load_results("results/smoke"), "results/smoke/report.html")  # doctest: +SKIP
    """
    from trustsim.experiments.store import load_results
    from trustsim.outputs import atomic_write

    if isinstance(results, (str, Path)):  # (as run_experiment and compare take: trial)
        results = load_results(results)
    elif not hasattr(results, "manifest"):
        raise TypeError("report needs an experiment's results (trustsim.load_results) or "
                        f"its folder, not {type(results).__name__}")
    if inputs_key is not None and report_inputs_key(path) == inputs_key:
        return Path(path)
    man = results.manifest  # own strategies and scenarios by their names in lang
    with i18n.strategy_names(man.get(f"strategies_{lang}") or {},
                             man.get(f"scenarios_{lang}") or {}, lang):
        text = render_report(results, table, n_boot=n_boot, seed=seed, lang=lang,
                             figures=figures, inputs_key=inputs_key)
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
