"""Sensitivity-index bars (Sobol S1/ST or Morris mu*/sigma) of one scenario x strategy.

Core function: :func:`plot_indices`, a labelled bar chart in colour-blind-safe colours
(the experiments' sensitivity analysis draws its figures with it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_indices"]

BLUE, ORANGE = "#0072B2", "#E69F00"  # Okabe-Ito: safe for every common colour vision


def plot_indices(table: pd.DataFrame, title: str = "") -> Figure:
    """Bar chart of one scenario x strategy: one panel per outcome, bars per parameter.

    Sobol: S1 and ST with their confidence intervals; Morris: mu* with its confidence
    interval, and sigma.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    sobol = "S1" in table.columns and table["S1"].notna().any()
    outcomes = list(dict.fromkeys(table["outcome"]))
    ncols = min(3, len(outcomes))
    nrows = -(-len(outcomes) // ncols)
    params = list(dict.fromkeys(table["parameter"]))
    fig = Figure(figsize=(4.2 * ncols, 0.45 * len(params) * nrows + 1.6 * nrows + 0.6),
                 layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    pos = np.arange(len(params))
    h = 0.38
    for ax, outcome in zip(axes, outcomes, strict=False):
        t = table[table["outcome"] == outcome].set_index("parameter").reindex(params)
        if t["note"].fillna("").astype(bool).all():
            ax.text(0.5, 0.5, f"{outcome}:\n{t['note'].iloc[0]}", ha="center", va="center",
                    transform=ax.transAxes)
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
        fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize="small")
    fig.suptitle(title or ("Sobol indices" if sobol else "Morris screening"))
    return fig
