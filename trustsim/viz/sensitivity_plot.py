"""Sensitivity-index bars (Sobol S1/ST or Morris mu*/sigma) of one scenario x strategy.

Core function: :func:`plot_indices`, a labelled bar chart in colour-blind-safe colours
(the experiments' sensitivity analysis draws its figures with it).
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from trustsim import i18n

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_indices"]

BLUE, ORANGE = "#0072B2", "#E69F00"  # Okabe-Ito: safe for every common colour vision


def _note(note: str, lang: str) -> str:
    """A ``note`` of :func:`trustsim.experiments.sensitivity.analyze` in ``lang``."""
    if lang == "en":
        return note
    for key in ("note_nan", "note_inf", "note_constant"):
        if note == i18n.tr(key):
            return i18n.tr(key, lang)
    m = re.search(r"varying in only (\d+) of (\d+) points", note)
    return i18n.tr("note_base_rows", lang, k=m[1], n=m[2]) if m else note


def plot_indices(table: pd.DataFrame, title: str = "", *, lang: str = "en") -> Figure:
    """Bar chart of one scenario x strategy: one panel per outcome, bars per parameter.

    Sobol: S1 and ST with their confidence intervals; Morris: mu* with its confidence
    interval, and sigma.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    sobol = "S1" in table.columns and table["S1"].notna().any()
    noted = table["note"].fillna("").astype(bool) if "note" in table.columns else (
        pd.Series(False, index=table.index))
    all_outcomes = list(dict.fromkeys(table["outcome"]))
    # Outcomes without indices are named under the figure, grouped by why (a panel each
    # overlapped their notes, and their empty panels squeezed the others: trial).
    without = {o: table.loc[(table["outcome"] == o) & noted, "note"].iloc[0]
               for o in all_outcomes if noted[table["outcome"] == o].all()}
    outcomes = [o for o in all_outcomes if o not in without] or all_outcomes[:1]
    ncols = min(3, len(outcomes))
    nrows = -(-len(outcomes) // ncols)
    params = list(dict.fromkeys(table["parameter"]))
    lines = [textwrap.fill(i18n.tr("no_indices", lang, names=", ".join(
        o for o in without if without[o] == n), why=_note(n, lang)), 110 if lang == "en" else 60)
        for n in dict.fromkeys(without.values())]
    foot = "\n".join(lines)
    height = 0.45 * len(params) * nrows + 1.6 * nrows + 0.6
    below = 0.18 * (foot.count("\n") + 1) + 0.2 if foot else 0.0
    fig = Figure(figsize=(max(4.2 * ncols, 7.5 if foot else 0.0), height + below),
                 layout="constrained")
    top = fig
    if foot:
        top, bottom = fig.subfigures(2, 1, height_ratios=[height, below])
        bottom.text(0.01, 0.95, foot, fontsize="small", va="top", ha="left")
    axes = np.atleast_1d(top.subplots(nrows, ncols, squeeze=False)).ravel()
    pos = np.arange(len(params))
    h = 0.38
    for ax, outcome in zip(axes, outcomes, strict=False):
        t = table[table["outcome"] == outcome].set_index("parameter").reindex(params)
        if outcome in without:  # (every outcome is without indices: the figure says so)
            ax.set_axis_off()
            continue
        if sobol:
            ax.barh(pos - h / 2, t["S1"], h, xerr=t["S1_conf"], color=BLUE,
                    label="first order S1", capsize=2)
            ax.barh(pos + h / 2, t["ST"], h, xerr=t["ST_conf"], color=ORANGE, hatch="//",
                    label="total ST", capsize=2)
            ax.set_xlabel("share of the outcome's variance")
            ax.set_xlim(-0.2, 1.2)  # indices are shares; wider intervals run off the edge
        else:
            # mu* is a mean of absolute effects: its interval stops at zero
            mu, conf = t["mu_star"].to_numpy(float), t["mu_star_conf"].to_numpy(float)
            ax.barh(pos - h / 2, mu, h, xerr=[np.minimum(conf, np.maximum(mu, 0.0)), conf],
                    color=BLUE, label="mu* (mean |effect|)", capsize=2)
            ax.barh(pos + h / 2, t["sigma"], h, color=ORANGE, hatch="//",
                    label="sigma (interaction / non-linearity)")
            ax.set_xlabel("effect per full parameter range")
        ax.set_yticks(pos, params)
        ax.invert_yaxis()
        ax.axvline(0, color="black", lw=0.8)
        ax.set_title(outcome)
        ax.grid(axis="x", alpha=0.3)
    for ax in axes[len(outcomes):]:
        ax.set_axis_off()
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        top.legend(handles, labels, loc="outside lower center", ncols=2, fontsize="small")
    fig.suptitle(title or ("Sobol indices" if sobol else "Morris screening"))
    return fig
