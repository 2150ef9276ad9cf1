"""Matplotlib figures of one run: trust and AUM per platform over time.

Core function: :func:`plot_run`. Colours come from the Okabe-Ito palette (colour-blind
safe); every axis is labelled with its unit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["OKABE_ITO", "plot_run"]

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]


def plot_run(platform_ts: pd.DataFrame, title: str = "", path: str | Path | None = None
             ) -> Figure:
    """Plot trust (0-1) and AUM (thousand CNY) per platform over days.

    Args:
        platform_ts: output of :meth:`TrustModel.platform_timeseries`.
        title: figure title.
        path: if given, save the figure there (PNG or SVG by suffix).

    Returns:
        The matplotlib Figure.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 6), layout="constrained")
    ax_t, ax_a = fig.subplots(2, 1, sharex=True)
    for k, (name, g) in enumerate(platform_ts.groupby("platform", sort=False)):
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        ax_t.plot(g["time"], g["trust"], color=colour, label=name)
        ax_a.plot(g["time"], g["aum"], color=colour, label=name)
    ax_t.set_ylabel("mean trust (0-1)")
    ax_t.set_ylim(0, 1)
    ax_a.set_ylabel("AUM (thousand CNY)")
    ax_a.set_xlabel("day")
    ax_t.legend(loc="best", fontsize="small", ncol=2)
    ax_t.grid(alpha=0.3)
    ax_a.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    if path is not None:
        fig.savefig(path, dpi=110)
    return fig
