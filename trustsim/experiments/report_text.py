"""The report's longer texts: method notes and warnings, in English or Chinese.

Core functions: :func:`method_notes` (how every number of the report is made) and
:func:`warning_text` (the warnings shown at the top of the report and by the CLI: failed
and missing runs, comparisons on fewer than ten pairs, verdicts whose stated effect is
below what matters, split distributions, losses that may be postponed past the horizon,
strategies whose levers did nothing in most runs: :func:`same_outcomes`) and
:func:`figure_alt` (a figure's text alternative in words); :func:`terms_note` (the terms
the decision page uses, spelled out).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from trustsim import i18n
from trustsim.experiments.amounts import cost_matters_text
from trustsim.experiments.stats import MIN_VERDICT_PAIRS
from trustsim.i18n.param_names import PARAM_LABELS

__all__ = ["figure_alt", "method_notes", "same_outcomes", "terms_note", "warning_text"]

# The outcomes whose names or sentences use a term (the term is explained where any is
# compared): trust, AUM in "AUM retained" and "... of AUM", trust-days, losses if wound up,
# money at risk.
_TERMS = (("term_trust", {"final_trust", "min_trust", "trust_lost", "trust_days_lost"}),
          ("term_aum", {"aum_retained", "peak_withdrawal_share"}),
          ("term_trust_days", {"trust_days_lost"}),
          ("term_wound_up", {"losses_if_wound_up"}),
          ("term_at_risk", {"money_at_risk"}),
          ("term_recover", {"recovered", "time_to_recover"}))


def terms_note(outcomes: Any, lang: str = "en") -> list[str]:
    """The terms a policy reader meets on the decision page, spelled out, one per item.

    Always what matters (the smallest effect that matters), the median run, a 95 % CI and
    a paired run; trust, AUM, trust-days, losses if wound up and money at risk where an
    outcome compared uses them (policy trials: "AUM" and "trust-days" were never spelled
    out; then "what matters", "median run", "horizon" and trust itself).

    Example:
        >>> terms_note(["user_losses", "trust_days_lost"])[0][:44]
        'Trust runs from 0 to 1; the headline trust i'
        >>> any("AUM" in t for t in terms_note(["final_trust"]))
        False
    """
    from trustsim.outcomes import min_effect

    have = {str(o) for o in outcomes}
    keys = ([key for key, names in _TERMS if have & names]
            + ["term_matters", "term_median", "term_ci", "term_paired"])
    # (the money that matters is the same for losses and for costs: outcomes.COST_MATTERS)
    m = {"trust": f"±{min_effect('final_trust'):g}", "money": f"±{cost_matters_text(lang)}"}
    return [i18n.tr(k, lang, **m) for k in keys]


def method_notes(manifest: dict[str, Any], reps: int, n_boot: int, seed: int,
                 lang: str = "en", old_cost: bool = False) -> list[tuple[str, str]]:
    """``(title, text)`` of each method note.

    ``old_cost``: the results kept no ``response_cost``, so the cost is platform spending
    alone (the cost note says so).
    """
    from trustsim.experiments.compare import MIN_PAIRS
    from trustsim.experiments.stats import SPLIT_ALPHA

    t = i18n.tr
    return [
        (t("m_paired", lang), t("m_paired_text", lang)),
        (t("m_reps", lang), t("m_reps_text", lang, reps=manifest.get("replications"),
                              pairs=reps)),
        (t("m_boot", lang), t("m_boot_text", lang, n_boot=f"{n_boot:,}", seed=seed)),
        (t("m_verdict", lang), t("m_verdict_text", lang, k=MIN_VERDICT_PAIRS)),
        (t("m_better_in", lang), t("m_better_in_text", lang)),
        (t("m_rank", lang), t("m_rank_text", lang)),
        (t("m_cost", lang), t("m_cost_text", lang, cm=cost_matters_text(lang))
         + (" " + t("m_cost_old", lang) if old_cost else "")),
        (t("m_decision", lang), t("m_decision_text", lang, cm=cost_matters_text(lang))),
        (t("m_warnings", lang), t("m_warnings_text", lang, n=MIN_PAIRS, k=MIN_VERDICT_PAIRS,
                                  alpha=f"{100 * SPLIT_ALPHA:g}")),
        (t("m_horizon", lang), t("m_horizon_text", lang)),
        (t("m_model", lang), t("m_model_text", lang)),  # (policy trial: no word of it)
    ]


def same_outcomes(results: Any) -> list[dict[str, Any]]:
    """Pairs of strategies whose paired runs gave exactly the same outcomes, most of the time.

    Per scenario, two strategies whose every outcome is identical in at least half of their
    paired runs (same scenario, design point and replication): the levers that set them
    apart did nothing there in those runs, most likely because the scenario's crises give
    them nothing to act on (a policy trial's "partial compensation" differed from
    timely_truthful_disclosure only in ``compensation_share``, which does not cover
    defaulted loans, and the report showed it as an option of its own). Each item:
    ``scenario, a, b, same, pairs, levers`` (the levers whose values differ).
    """
    df = getattr(results, "summaries", None)
    man = getattr(results, "manifest", {}) or {}
    outs = [o for o in man.get("outcomes") or [] if df is not None and o in df.columns]
    if df is None or df.empty or not outs:
        return []
    levers = ((man.get("settings") or {}).get("strategies")) or {}
    key = pd.util.hash_pandas_object(df[outs], index=False)
    # one run per place: a plain reshape (a pivot table's mean/first turned the 64-bit
    # hashes into floats, which can make two different ones equal)
    grid = (df.assign(_h=pd.array(key.to_numpy(), dtype="UInt64"))  # (exact, and <NA>)
            .set_index(["scenario", "design_point", "replication", "strategy"])["_h"]
            .unstack("strategy"))
    found = []
    names = [s for s in man.get("strategies") or [] if s in grid.columns]
    for sc, g in grid.groupby(level="scenario", sort=False):
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                both = g[a].notna() & g[b].notna()
                same = int((g.loc[both, a] == g.loc[both, b]).sum())
                if both.sum() and same * 2 >= both.sum():
                    la, lb = levers.get(a) or {}, levers.get(b) or {}
                    found.append({"scenario": sc, "a": a, "b": b, "same": same,
                                  "pairs": int(both.sum()),
                                  "levers": sorted(k for k in set(la) | set(lb)
                                                   if la.get(k) != lb.get(k))})
    return found


def version_warnings(models: dict[str, int] | None, lang: str = "en") -> list[str]:
    """The warning that the runs are not all today's model's (empty when they are).

    ``models``: runs done per model fingerprint. More than one: the results mix versions
    of the model; one that is not the model of the code running now
    (``outputs.model_hash``): a report drawn today of older runs. The report gives it at
    the top as well as among the warnings (third policy trial: read only after the
    decision page, "we cannot forward it").
    """
    from trustsim.outputs import model_hash

    if models and len(models) > 1:
        sep = "，" if lang == "zh" else ", "
        return [i18n.tr("w_models", lang, n=len(models), models=sep.join(
            f"{m}: {k:,}" for m, k in models.items()))]
    if models and next(iter(models)) != model_hash():
        return [i18n.tr("w_old_model", lang, made=next(iter(models)), now=model_hash())]
    return []


def warning_text(table: pd.DataFrame, counts: dict[str, int], lang: str = "en",
                 models: dict[str, int] | None = None,
                 same: list[dict[str, Any]] | None = None) -> list[str]:
    """Warnings about the whole comparison, one sentence each (none when all is well).

    ``models``: runs done per model fingerprint (``ExperimentResults.models``); more than
    one is the first warning: the results mix versions of the model; one that is not the
    model of the code running now (``outputs.model_hash``) says so too (a report drawn
    today read as what today's model does: policy trial). ``same``: :func:`same_outcomes`.
    """
    out = version_warnings(models, lang)
    if counts.get("failed"):
        out.append(i18n.tr("w_failed", lang, n=counts["failed"]))
    if counts.get("missing"):
        out.append(i18n.tr("w_missing", lang, n=counts["missing"]))
    others = table[~table["is_baseline"] & (table["verdict"] != "")]
    few = others[others["warnings"].str.contains("few_pairs")]
    if len(few):
        out.append(i18n.tr("w_few", lang, n=len(few), total=len(others),
                           least=int(few["n_pairs"].min()), k=MIN_VERDICT_PAIRS))
    def named(rows: pd.DataFrame) -> str:  # where to look: the full table shows every one
        return ("、" if lang == "zh" else ", ").join(
            i18n.outcome(o, lang) for o in dict.fromkeys(rows["outcome"]))

    # one line per warning code the rows carry, in this order (``w_CODE``)
    for code in ("small", "tail", "mean_differs", "mean_opposite", "censored", "transfer",
                 "split"):
        codes = others["warnings"].fillna("").astype(str).str.split(",")
        rows = others[codes.map(lambda c, k=code: k in c)]
        if len(rows):
            out.append(i18n.tr(f"w_{code}", lang, n=len(rows), total=len(others),
                               outcomes=named(rows)))
    late = others[others["warnings"].str.contains("horizon")]
    if len(late):
        colon = "：" if lang == "zh" else ": "
        names = dict.fromkeys(f"{i18n.scenario(r.scenario, lang)}{colon}"
                              f"{i18n.strategy(r.strategy, lang)}" for r in late.itertuples())
        out.append(i18n.tr("w_horizon", lang, n=len(names),
                           strategies=("；" if lang == "zh" else "; ").join(names)))
    sep = "、" if lang == "zh" else ", "
    for sc in dict.fromkeys(d["scenario"] for d in same or []):
        items = [d for d in same or [] if d["scenario"] == sc]
        if len(items) > 3:  # (a world without crises: every pair alike) one line
            pairs = sep.join(f"{i18n.strategy(d['a'], lang)}={i18n.strategy(d['b'], lang)}"
                             for d in items)
            out.append(i18n.tr("w_same_many", lang, scenario=i18n.scenario(sc, lang),
                               n=len(items), pairs=pairs))
            continue
        out += [i18n.tr("w_same", lang, scenario=i18n.scenario(sc, lang),
                        a=i18n.strategy(d["a"], lang), b=i18n.strategy(d["b"], lang),
                        k=d["same"], n=d["pairs"], levers=sep.join(
                            PARAM_LABELS.get(x, (x, x))[lang == "zh"] for x in d["levers"])
                        or "-")  # in words (trial: code names, untranslated in Chinese)
                for d in items]
    return out


def figure_alt(key: str, lang: str = "en") -> str:
    """A figure's text alternative in words, from its file stem.

    The stems of :func:`trustsim.viz.plots.comparison_figures`; any other key is its own.

    A policy trial read ``forest_final_trust`` and ``cost_p2p_collapse`` where an image is
    not shown (a screen reader, a mail client blocking images).

    Example:
        >>> figure_alt("cost_data_leak"), figure_alt("heatmap_final_trust", "zh")
        ('Data leak: effect against cost', '期末信任度：情景 × 策略热图')
    """
    from trustsim.i18n.names import METRICS
    from trustsim.viz.plots import ENVELOPE_SUMMED

    kind, _, rest = key.partition("_")
    if kind == "cost":
        return i18n.tr("cost_title", lang, scenario=i18n.scenario(rest, lang))
    if kind == "forest":
        return i18n.tr("forest_title", lang, outcome=i18n.outcome(rest, lang))
    if kind == "heatmap":
        return i18n.tr("alt_heatmap", lang, outcome=i18n.outcome(rest, lang))
    metric = next((m for m in sorted(METRICS, key=len, reverse=True)
                   if rest.startswith(m + "_")), None)
    if kind != "envelope" or metric is None:
        return key
    sc = rest[len(metric) + 1:]
    head, _, k = sc.rpartition("_")  # a second figure of the same panel: "..._2"
    sc = head if k.isdigit() and len(k) == 1 and head else sc
    return i18n.tr("envelope_title_one", lang, scenario=i18n.scenario(sc, lang),
                   metric=i18n.axis_label(ENVELOPE_SUMMED.get(metric, metric), lang))
