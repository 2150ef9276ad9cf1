"""A self-contained HTML report of an experiment, for people who do not run Python.

Core function: :func:`report`. The file holds everything: a plain-language summary
generated from the numbers, the comparison tables, the figures (embedded as base64 PNG),
the experiment file, method notes and provenance. It loads no CSS, script, font or image
from anywhere, so it opens in a browser with no network and can be emailed as it is.
"""

from __future__ import annotations

import base64
import html
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from trustsim.experiments.store import ExperimentResults

__all__ = ["report", "render_report"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#f2f2f2}td.l,th.l{text-align:left}
tr.base td{color:#555;font-style:italic}
.better{color:#0072B2;font-weight:600}.worse{color:#D55E00;font-weight:600}
pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:.85em}
figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9em;color:#444}ul.findings li{margin:.4em 0}
.note{color:#555;font-size:.9em}
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _html_table(table: pd.DataFrame, outcome: str) -> str:
    from trustsim.textfmt import num as _num

    t = table[table["outcome"] == outcome]
    direction = t["direction"].iloc[0] if len(t) else ""
    head = ("<tr><th class=l>scenario</th><th class=l>strategy</th><th>median</th>"
            "<th>10-90 % band</th><th>effect vs baseline</th><th>95 % CI</th>"
            "<th>better in</th><th>rank</th><th>effect per 1k CNY</th></tr>")
    rows = []
    for r in t.itertuples():
        cls = ' class="base"' if r.is_baseline else ""
        if r.is_baseline:
            eff, ci, better = "(baseline)", "", ""
        else:
            vcls = {"better": "better", "worse": "worse"}.get(r.verdict, "")
            eff = f'<span class="{vcls}">{_e(_num(r.diff_median))}</span>' if vcls else (
                _e(_num(r.diff_median)))
            ci = f"{_e(_num(r.ci_low))} to {_e(_num(r.ci_high))}"
            better = f"{r.n_better} of {r.n_pairs}" if r.direction else ""
        rank = str(int(r.rank)) if np.isfinite(r.rank) else ""
        epc = _e(_num(r.effect_per_cost)) if np.isfinite(r.effect_per_cost) else ""
        rows.append(f"<tr{cls}><td class=l>{_e(r.scenario)}</td><td class=l>"
                    f"{_e(r.strategy)}</td><td>{_e(_num(r.median))}</td><td>"
                    f"{_e(_num(r.p10))} to {_e(_num(r.p90))}</td><td>{eff}</td><td>{ci}</td>"
                    f"<td>{better}</td><td>{rank}</td><td>{epc}</td></tr>")
    way = {"higher": "higher is better", "lower": "lower is better"}.get(direction,
                                                                        "no better direction")
    return (f"<h3>{_e(outcome)} <span class=note>({_e(way)})</span></h3>"
            f"<table>{head}{''.join(rows)}</table>")


def _sensitivity_figures(results: ExperimentResults) -> dict[str, Figure]:
    path = results.folder / "sensitivity" / "sensitivity.csv"
    if not path.exists():
        return {}
    from trustsim.viz.plots import plot_sensitivity

    table = pd.read_csv(path, keep_default_na=True)
    table["note"] = table["note"].fillna("")
    return {f"sensitivity: {sc} / {st}": plot_sensitivity(g, title=f"{sc} / {st}")
            for (sc, st), g in table.groupby(["scenario", "strategy"], sort=False)}


_CAPTIONS = {
    "envelopes": "Median (line) and 10-90 % band (shaded) over runs, per day and strategy.",
    "forest": "Paired effect against the baseline: median of the run-by-run differences "
              "(marker) and its bootstrap 95 % interval (bar). The vertical line is no "
              "difference.",
    "heatmap": "Scenario x strategy: median paired effect against the baseline, coloured so "
               "that purple is better and orange worse.",
}


def render_report(results: ExperimentResults, table: pd.DataFrame | None = None, *,
                  n_boot: int = 2000, seed: int = 0,
                  figures: dict[str, Figure] | None = None) -> str:
    """The report as one HTML string (see :func:`report`)."""
    from trustsim import __version__
    from trustsim.experiments.compare import compare, findings, headline_outcome
    from trustsim.outcomes import primary_names
    from trustsim.outputs import git_hash
    from trustsim.viz.plots import comparison_figures

    if table is None:
        table = compare(results, n_boot=n_boot, seed=seed)
    man = results.manifest
    prov = man.get("provenance", {})
    counts = results.counts()
    outs = list(dict.fromkeys(table["outcome"]))
    head = headline_outcome(table)
    lead = [o for o in primary_names() if o in outs][:3] or ([head] if head else [])
    sentences = []
    for o in lead:
        sentences += findings(table, o)
    baseline = table["baseline"].iloc[0] if len(table) else ""
    reps = int(table["n_pairs"].max()) if len(table) else 0
    figs = dict(figures) if figures is not None else comparison_figures(results, table)
    figs.update(_sensitivity_figures(results))

    parts = [f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
             f"<meta name=viewport content='width=device-width,initial-scale=1'>"
             f"<title>trustsim report: {_e(results.name)}</title><style>{_CSS}</style>"
             f"</head><body>",
             f"<h1>Strategy comparison: {_e(results.name)}</h1>",
             f"<p>{_e(man.get('description') or '')}</p>",
             f"<p class=note>{counts['done']:,} of {results.n_runs:,} runs finished"
             f"{f', {counts["failed"]:,} failed' if counts['failed'] else ''}"
             f"{f', {counts["missing"]:,} missing' if counts['missing'] else ''}; "
             f"{len(man.get('scenarios', []))} scenarios x {len(man.get('strategies', []))} "
             f"strategies x {man.get('replications')} replications; baseline "
             f"<b>{_e(baseline)}</b>.</p>",
             "<h2>Summary</h2><ul class=findings>",
             *(f"<li>{_e(s)}</li>" for s in sentences),
             "</ul>",
             "<p class=note>Effects are medians of run-by-run differences between a "
             "strategy and the baseline on runs that share their random numbers; the "
             "intervals are bootstrap 95 % confidence intervals.</p>",
             "<h2>Comparison tables</h2>"]
    parts += [_html_table(table, o) for o in lead]
    rest = [o for o in outs if o not in lead]
    if rest:
        parts.append("<details><summary>All other outcomes</summary>")
        parts += [_html_table(table, o) for o in rest]
        parts.append("</details>")
    parts.append("<h2>Figures</h2>")
    for name, fig in figs.items():
        kind = name.split("_")[0].split(":")[0]
        cap = _CAPTIONS.get(kind, "")
        parts.append(f"<figure><img alt='{_e(name)}' src='data:image/png;base64,"
                     f"{_png(fig)}'><figcaption><b>{_e(name)}</b>. {_e(cap)}</figcaption>"
                     "</figure>")
    parts.append(
        "<h2>Method</h2><ul>"
        "<li><b>Paired design.</b> Every run's seed derives from the experiment seed, the "
        "scenario, the design point and the replication, never the strategy, so each "
        "strategy meets the same simulated worlds (common random numbers). A strategy is "
        "compared with the baseline run by run: the difference is taken within each pair "
        "of runs that share a seed, which removes most of the run-to-run noise.</li>"
        f"<li><b>Replications.</b> {_e(man.get('replications'))} per scenario and design "
        f"point ({reps} paired runs per comparison at most; runs with an undefined outcome "
        "are left out of that outcome's comparison).</li>"
        f"<li><b>Bootstrap.</b> The 95 % interval of the median paired difference is the "
        f"2.5-97.5 % percentile range of the medians of {n_boot:,} resamples of the pairs "
        f"(with replacement; bootstrap seed {seed}).</li>"
        "<li><b>Verdict.</b> The interval is read in the outcome's better direction "
        "against its smallest effect that matters m (see the table's 'matters from'): "
        "<i>negligible</i> when the whole interval lies within plus or minus m (a tie "
        "included); otherwise <i>better</i> when the whole interval is on the better side "
        "of zero, <i>worse</i> when it is all on the worse side, <i>unclear</i> when it "
        "straddles zero. Only better and worse rows are coloured.</li>"
        "<li><b>Better in.</b> The number of paired runs in which the strategy beats the "
        "baseline in the outcome's better direction (ties count as neither in the count, "
        "and as one half in the win share of the CSV table).</li>"
        "<li><b>Rank.</b> Within a scenario and outcome, by median over runs (1 = best; "
        "the baseline included).</li>"
        "<li><b>Cost-effectiveness.</b> The median paired effect divided by the median "
        "paired extra platform spending (thousand CNY), where the strategy spends more "
        "than the baseline.</li></ul>")
    exp = man.get("experiment") or {}
    parts.append(f"<h2>Experiment file</h2><p class=note>{_e(exp.get('file') or '')} "
                 f"(sha256 {_e(str(exp.get('sha256') or '')[:16])})</p>"
                 f"<pre>{_e(exp.get('text') or '')}</pre>")
    seeds = results.runs[["scenario", "design_point", "replication", "seed"]]
    seeds = seeds.drop_duplicates().reset_index(drop=True)
    seed_rows = "".join(f"<tr><td class=l>{_e(r.scenario)}</td><td>{r.design_point}</td>"
                        f"<td>{r.replication}</td><td>{r.seed}</td></tr>"
                        for r in seeds.itertuples())
    now = datetime.now(UTC).isoformat(timespec="seconds")
    prov_rows = [("experiment seed", man.get("seed")),
                 ("results made with trustsim", prov.get("trustsim")),
                 ("results git commit", prov.get("git")),
                 ("results created", prov.get("created")),
                 ("report made with trustsim", __version__),
                 ("report git commit", git_hash()),
                 ("report created", now),
                 ("python / mesa / numpy / pandas",
                  f"{prov.get('python')} / {prov.get('mesa')} / {prov.get('numpy')} / "
                  f"{prov.get('pandas')}"),
                 ("machine", prov.get("machine")),
                 ("results folder", str(results.folder)),
                 ("settings hash", man.get("settings_hash"))]
    parts.append("<h2>Provenance</h2><table>" + "".join(
        f"<tr><th class=l>{_e(k)}</th><td class=l>{_e(v)}</td></tr>" for k, v in prov_rows)
        + "</table><details><summary>Seed of every run (shared by all strategies)"
        "</summary><table><tr><th class=l>scenario</th><th>design point</th>"
        f"<th>replication</th><th>seed</th></tr>{seed_rows}</table></details>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def report(results: ExperimentResults, path: str | Path, table: pd.DataFrame | None = None,
           *, n_boot: int = 2000, seed: int = 0) -> Path:
    """Write one self-contained HTML report of an experiment to ``path`` (atomically).

    Args:
        results: the experiment's results (:func:`trustsim.load_results`).
        path: the HTML file to write.
        table: a comparison table (default: :func:`trustsim.compare` with its defaults).
        n_boot: bootstrap resamples when the table is computed here.
        seed: bootstrap seed when the table is computed here.

    Returns:
        The path written.

    Example:
        >>> report(load_results("results/smoke"), "results/smoke/report.html")  # doctest: +SKIP
    """
    from trustsim.outputs import atomic_write

    text = render_report(results, table, n_boot=n_boot, seed=seed)
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
