"""Solara components of the trustsim dashboard (one live model, one compare tab).

Core components: :func:`LiveView` (the live tab: :func:`Header`, :func:`PlatformCards`,
:func:`TrustChart`, :func:`MoneyChart`, :func:`NetworkView`, :func:`CrisisInjector`,
:func:`NewsFeed`, :func:`EventTimeline`) and :func:`CompareView`. Each view takes the model
and a small version number (the day, a count of news items...): Solara re-renders a view
only when its arguments change, so a step redraws only what changed, and the network view
redraws at most every :data:`NETWORK_EVERY` days.
"""

from __future__ import annotations

import math
import weakref
from contextlib import nullcontext
from html import escape
from typing import TYPE_CHECKING, Any

import solara
import solara.lab
from mesa.visualization.utils import update_counter

from trustsim.crises import CRISES
from trustsim.strategies import LEVERS, strategies
from trustsim.viz import svg, views
from trustsim.viz.replicate import OUTCOMES, compare_strategies

if TYPE_CHECKING:
    from trustsim.model import TrustModel

__all__ = ["LiveView", "Header", "PlatformCards", "TrustChart", "MoneyChart", "NetworkView",
           "NewsFeed", "EventTimeline", "CrisisInjector", "CompareView", "STYLE",
           "NETWORK_EVERY", "NETWORK_SIZE"]

NETWORK_EVERY = 5
"""Days between redraws of the network view (it is the heaviest view)."""
NETWORK_SIZE = 200
"""Users in the network view's sample."""
GREY = "#9E9E9E"
"""Lines of platforms drawn without a colour of their own (``views.line_colours``)."""

STYLE = """
.ts-cards { display: flex; flex-wrap: wrap; gap: 10px; max-height: 390px; overflow-y: auto; }
.ts-card { flex: 1 1 190px; max-width: 300px; border: 1px solid rgba(128,128,128,.35);
  border-top-width: 5px; border-radius: 6px; padding: 8px 10px; font-size: 13px; }
.ts-card-head { display: flex; justify-content: space-between; align-items: center;
  margin-bottom: 4px; gap: 6px; }
.ts-badge { color: white; border-radius: 10px; padding: 1px 8px; font-size: 11px;
  white-space: nowrap; }
.ts-kv { display: flex; justify-content: space-between; }
.ts-bar { height: 5px; background: rgba(128,128,128,.25); border-radius: 3px;
  margin: 1px 0 4px 0; }
.ts-bar > div { height: 5px; border-radius: 3px; }
.ts-muted { opacity: .7; font-size: 12px; }
.ts-quote { font-style: italic; font-size: 12px; margin-top: 4px; opacity: .85;
  overflow: hidden; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; }
.ts-feed { max-height: 390px; overflow-y: auto; font-size: 13px; }
.ts-item { display: flex; gap: 8px; padding: 5px 2px; border-bottom: 1px solid
  rgba(128,128,128,.2); align-items: baseline; }
.ts-day { min-width: 52px; opacity: .7; font-variant-numeric: tabular-nums; }
.ts-src { min-width: 112px; font-size: 11px; font-weight: 600; }
.ts-tag { background: #CC79A7; color: white; border-radius: 8px; padding: 0 6px;
  font-size: 10px; margin-left: 4px; }
.ts-kpis { display: flex; flex-wrap: wrap; gap: 24px; font-size: 13px; }
.ts-pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(500px, 1fr));
  gap: 12px; }
.ts-kpis b { font-size: 20px; display: block; }
.ts-table { border-collapse: collapse; font-size: 13px; }
.ts-table td, .ts-table th { padding: 3px 10px; border-bottom: 1px solid rgba(128,128,128,.3);
  text-align: right; }
.ts-table td:first-child, .ts-table th:first-child { text-align: left; }
.v-card__title { word-break: normal; overflow-wrap: normal; }
"""
"""CSS of the dashboard's HTML views (a :func:`solara.Style` in the page)."""

_KIND_COLOUR = {"official": "#009E73", "mainstream": "#0072B2", "social": "#CC79A7",
                "crisis": "inherit", "status": "#D55E00", "regulator": "#009E73",
                "protection": "#009E73", "statement": "#56B4E9"}


def _html(text: str, **attributes: str) -> solara.Element:
    return solara.HTML(tag="div", unsafe_innerHTML=text, attributes=attributes)


def _locked(model: TrustModel) -> Any:
    """The model's lock (a :class:`~trustsim.viz.app.LiveModel`'s), else nothing to hold.

    Play steps the model in a thread of its own: a view that read the record half-way
    through a day found its columns of different lengths (a traceback replaced the page).
    Every view gathers what it draws while holding the lock.
    """
    return getattr(model, "lock", None) or nullcontext()


def _money(thousand_cny: float) -> str:
    """Format an amount held in thousand CNY as million CNY."""
    return f"{thousand_cny / 1000:,.1f} M CNY"


# ----------------------------------------------------------------------------- live tab
@solara.component
def LiveView(model: TrustModel) -> None:
    """The live tab: everything about the running model, redrawn as it steps."""
    update_counter.get()  # Mesa bumps this after every step and reset
    day = int(model.time)
    news_version = sum(len(o.published) for o in model.outlets) + len(model.events)
    Header(model, day)
    with solara.Card("Platforms", margin=0, classes=["my-2"]):
        PlatformCards(model, day)
    # Side by side where the page's main column holds two cards at least 500 px wide (their
    # 12-unit text then draws at 10.5 px or more), else stacked: a CSS grid reads the space
    # beside the sidebar (Vuetify's breakpoints read the window: at 1366 px two charts sat at
    # ~427 px, their text under 10 px; student trial).
    with solara.Div(classes=["ts-pair"]):
        with solara.Card("Trust in each platform", margin=0):
            TrustChart(model, day)
        with solara.Card("Money: AUM, new money and withdrawals", margin=0):
            MoneyChart(model, day)
    with solara.ColumnsResponsive(12, large=6):
        with solara.Card("Who trusts whom: a sample of users", margin=0, classes=["my-2"]):
            NetworkView(model, day // NETWORK_EVERY)
        with solara.Column(gap="8px", classes=["my-2"]):
            CrisisInjector(model, day, model.running)
            with solara.Card("News feed", margin=0):
                NewsFeed(model, news_version)
    with solara.Card("Event timeline", margin=0):
        EventTimeline(model, len(model.events), views.x_extent(model))


@solara.component
def Header(model: TrustModel, day: int) -> None:
    """Day, scenario, strategy and four headline numbers."""
    with _locked(model):
        v = {k: model.recorder.model_vars[k][-1] for k in (
            "failed", "absconded", "frozen", "holder_trust", "aum", "active_users")}
        running = model.running
    sc = model.spec.scenario
    strategy = model.strategy_name
    if strategy == "none":  # the picker's "as in the scenario", which sets none: the
        # parameter defaults, the levers of usual_response (trial: "no response levers"
        # read as silence while the platforms made statements)
        strategy = "as usual (the scenario sets none; the same as usual_response)"
    failed = v["failed"] + v["absconded"]
    state = "" if running else " &middot; <b>the run has ended</b> (press Reset)"
    text = (f'<div style="font-size:20px" id="ts-day">Day {day} of {model.p.steps}</div>'
            f'<div class="ts-muted" style="margin-bottom:8px">Scenario <b>{escape(sc.name)}'
            f'</b>: {escape(sc.description.strip().splitlines()[0] if sc.description else "")}'
            f' &middot; strategy <b>{escape(strategy)}</b>{state}</div>'
            '<div class="ts-kpis">'
            '<div title="mean trust of every user who held money at the start, in the '
            'platforms they held: failed platforms and users who left count">headline trust'
            f'<b>{v["holder_trust"]:.2f}</b></div>'
            f'<div>money on platforms<b>{_money(v["aum"])}</b></div>'
            f'<div>users still in the sector<b>{v["active_users"]:,} of '
            f'{model.p.n_users:,}</b></div>'
            f'<div>platforms failed or fled<b>{failed} of {len(model.platforms)}</b>'
            # (trial: "1 of 24" read as mild while 15 cards said frozen)
            + (f'<span class="ts-muted">{v["frozen"]} frozen</span>' if v["frozen"] else "")
            + "</div></div>")
    with solara.Card(margin=0):
        _html(text)


@solara.component
def PlatformCards(model: TrustModel, day: int) -> None:
    """One card per platform: status, trust, liquidity, rating and its last statement."""
    with _locked(model):
        cards = views.platform_cards(model)
    # the panel scrolls: with many platforms most cards are below its edge (student trial:
    # 24 platforms, 8 in view, no hint, and the highlighted ones out of sight)
    parts = ([f'<div class="ts-muted">{len(cards)} platforms: scroll the panel to see them '
              "all</div>"] if len(cards) > 8 else []) + ['<div class="ts-cards" id="ts-cards">']
    for c in cards:
        cover = "" if math.isnan(c["cover"]) else f"covers {c['cover']:.0%} of money owed"
        rating = "none yet" if c["rating"] is None else f"{c['rating']:.2f}"
        quote = ("no statement yet" if c["last_statement"] is None else
                 f"day {c['last_statement'][0]}: \u201c{escape(c['last_statement'][1])}\u201d")
        trust_w = max(0.0, min(1.0, c["trust"])) * 100
        parts.append(
            f'<div class="ts-card" style="border-top-color:{c["colour"]}">'
            f'<div class="ts-card-head"><b>{escape(c["name"])}</b>'
            f'<span class="ts-badge" style="background:{c["colour"]}">{c["status"]}</span></div>'
            f'<div class="ts-kv" title="mean trust in it of users still in the sector, '
            f'holders or not (the headline counts holders only)"><span>trust (all users)'
            f'</span><b>{c["trust"]:.2f}</b></div>'
            f'<div class="ts-bar"><div style="width:{trust_w:.0f}%;'
            f'background:{svg.trust_colour(c["trust"])}"></div></div>'
            f'<div class="ts-kv"><span>liquidity</span><b>{_money(c["liquidity"])}</b></div>'
            f'<div class="ts-muted">{cover}</div>'
            f'<div class="ts-kv" title="the regulator\'s published rating of its health, '
            f'from its books with an error; 1 sound"><span>industry rating (0-1)</span>'
            f'<b>{rating}</b></div>'
            f'<div class="ts-kv"><span>statements made</span><b>{c["statements"]}</b></div>'
            f'<div class="ts-quote">{quote}</div></div>')
    parts.append("</div>")
    _html("".join(parts))


def _crisis_days(model: TrustModel) -> list[float]:
    return [float(c.time) for c in model.crises]


def _platform_lines(s: dict, values: Any, colours: list[str | None]) -> list[svg.Line]:
    """One line per platform: named in its colour, or thin grey (``views.line_colours``).

    Grey lines are drawn first (under the coloured ones) with one legend entry for all.
    """
    named = [svg.Line(name, c, s["time"], values[:, k])
             for k, (name, c) in enumerate(zip(s["names"], colours, strict=True)) if c]
    grey = [svg.Line("", GREY, s["time"], values[:, k], width=1.0)
            for k, c in enumerate(colours) if not c]
    if grey:
        grey[0].label = f"{len(grey)} other platforms"
    return grey + named


@solara.component
def TrustChart(model: TrustModel, day: int) -> None:
    """Trust over days: each platform's, the headline (dashed), the survivors' (dotted).

    A platform's line is its active users' mean trust. The headline is every user who held
    money at the start, in the platforms they held (failed platforms and users who left
    count); the survivors' view averages only active users and platforms not failed
    (frozen ones included), so it can rise while a collapse wipes out the rest.
    """
    with _locked(model):
        s = views.series(model)
        marks, xmax = _crisis_days(model), views.x_extent(model)
        colours = views.line_colours(model)
    t = s["time"]
    lines = _platform_lines(s, s["platform_trust"], colours)
    lines.append(svg.Line("headline", "currentColor", t, s["holder_trust"], width=2.5,
                          dash="6 4"))
    lines.append(svg.Line("survivors only", "currentColor", t, s["mean_trust"], width=1.2,
                          dash="1 3"))
    _html(svg.line_chart(lines, xmax=xmax, ymin=0.0, ymax=1.0,
                         ylabel="mean trust (0-1)", chart_id="ts-trust-chart", marks=marks)
          + '<div class="ts-muted">Dashed: the headline trust, of everyone who held money at '
            "the start, in the platforms they held (failed platforms and users who left "
            "count). Dotted: survivors only (active users, platforms not failed, frozen ones "
            "included: it jumps when a frozen one fails). Vertical dashes: crisis days.</div>")


@solara.component
def MoneyChart(model: TrustModel, day: int) -> None:
    """Money on each platform (AUM), and the sector's daily new money and withdrawals."""
    with _locked(model):
        s = views.series(model)
        marks, xmax = _crisis_days(model), views.x_extent(model)
        colours = views.line_colours(model)
    t = s["time"]
    aum = _platform_lines(s, s["platform_aum"] / 1000, colours)
    flows = [svg.Line("new money", "#009E73", t, s["inflow"]),
             svg.Line("withdrawals asked", "#E69F00", t, s["withdrawals_requested"]),
             svg.Line("withdrawals paid", "#0072B2", t, s["withdrawals_paid"], dash="4 3")]
    _html(svg.line_chart(aum, xmax=xmax, ylabel="AUM (million CNY)", height=220,
                         chart_id="ts-aum-chart", marks=marks)
          + svg.line_chart(flows, xmax=xmax, ylabel="thousand CNY per day", height=200,
                           chart_id="ts-flow-chart", marks=marks))


@solara.component
def NetworkView(model: TrustModel, bucket: int) -> None:
    """A sample of users (laid out once per world) coloured by trust; redrawn by bucket."""
    choice, set_choice = solara.use_state("all platforms (mean)")
    sample = solara.use_memo(lambda: views.NetworkSample.build(model, NETWORK_SIZE), [model])
    names = [pl.name for pl in model.platforms]
    platform = names.index(choice) if choice in names else None
    with _locked(model):
        values, active = sample.values(model, platform)
        today = int(model.time)
    solara.Select("Colour by trust in", values=["all platforms (mean)", *names],
                  value=choice if choice in names else "all platforms (mean)",
                  on_value=set_choice)
    kind = model.graph.kind.replace("_", " ")
    note = (f"{len(sample.nodes)} of {model.p.n_users:,} users and the ties among them "
            f"({kind} network); redrawn every {NETWORK_EVERY} days, last on day "
            f"{today}.")
    if model.graph.indptr is None:
        note = (f"{len(sample.nodes)} of {model.p.n_users:,} users; the population is well "
                "mixed, so there are no ties to draw.")
    _html(svg.network_svg(sample.pos, sample.edges, values, active, chart_id="ts-network")
          + f'<div class="ts-muted">{note}</div>')


@solara.component
def NewsFeed(model: TrustModel, version: int) -> None:
    """Headlines, newest first: media items and what platforms and the regulator did."""
    with _locked(model):
        items = views.news_feed(model, limit=60)
    if not items:
        _html('<div class="ts-muted" id="ts-feed">No news yet. Press Step or &#9654;, or '
              "inject a crisis.</div>")
        return
    rows = ['<div class="ts-feed" id="ts-feed">']
    for it in items:
        s = it["sentiment"]
        bar = "#999999" if s is None or abs(s) <= 0.1 else ("#D55E00" if s < 0 else "#009E73")
        tag = '<span class="ts-tag">rumour</span>' if it["rumour"] else ""
        rows.append(f'<div class="ts-item" style="border-left:4px solid {bar};padding-left:6px">'
                    f'<span class="ts-day">day {int(it["time"])}</span>'
                    f'<span class="ts-src" style="color:{_KIND_COLOUR.get(it["kind"], "")}">'
                    f'{escape(it["source"])}</span><span>{escape(it["text"])}{tag}</span></div>')
    rows.append("</div>")
    _html("".join(rows))


@solara.component
def EventTimeline(model: TrustModel, n_events: int, xmax: int) -> None:
    """Every event on a day axis, one row per platform; hover a marker to read it."""
    with _locked(model):
        events, rows = views.timeline_events(model)
    _html(svg.timeline_svg(events, rows, xmax=xmax, chart_id="ts-timeline")
          + '<div class="ts-muted">Hover over a marker to read the event.</div>')


@solara.component
def CrisisInjector(model: TrustModel, day: int = 0, running: bool = True) -> None:
    """Pick a crisis type, a platform and a severity; the crisis hits the next day.

    ``day`` and ``running`` redraw it as the run goes on: the button is off once the run
    has ended, and the note that a crisis was injected goes once it has hit (trial: the
    button stayed on after the end; "hits on day 80" was still shown on day 119).
    """
    labels = {views.crisis_label(k): k for k in CRISES}
    kind_label, set_kind_label = solara.use_state(views.crisis_label("data_leak")
                                                  if "data_leak" in CRISES else next(iter(labels)))
    kind = labels[kind_label]
    # only a pooled fund's operators can flee with a pool (student trial: abscond offered
    # for every platform, refused after the click)
    names = [pl.name for pl in model.platforms if kind != "abscond" or pl.pooled_fund]
    choices = names + ["all platforms"] if names and kind != "abscond" else names
    target, set_target = solara.use_state(names[0] if names else "")
    default_severity = CRISES[labels[kind_label]].model_fields["severity"].default
    severity, set_severity = solara.use_state(float(default_severity))
    message, set_message = solara.use_state(("", "", None))  # (kind, text, (model, day))
    target = target if target in choices else (choices[0] if choices else "")

    def inject() -> None:
        lock = getattr(model, "lock", None) or nullcontext()
        where = "all" if target == "all platforms" else target
        try:
            with lock:
                crisis = views.inject_crisis(model, kind, where, severity)
        except ValueError as exc:
            set_message(("error", str(exc), (weakref.ref(model), day)))
            return
        set_message(("success", f"{kind_label.capitalize()} at {target} (severity "
                     f"{severity:.2f}) hits on day {crisis.time}. Press Step or \u25b6 to "
                     "watch it unfold.", (weakref.ref(model), crisis.time)))

    with solara.Card("Inject a crisis now", margin=0):
        with solara.Row(gap="8px"):
            solara.Select("Crisis", values=list(labels), value=kind_label,
                          on_value=set_kind_label)
            solara.Select("Platform", values=choices, value=target, on_value=set_target)
        solara.Text(CRISES[kind].description + ("" if names else " No platform here is a "
                                                "pooled fund: none can abscond."),
                    style={"font-size": "12px", "opacity": ".7"})
        solara.SliderFloat(f"Severity: {severity:.2f}", value=severity, min=0.05, max=1.0,
                           step=0.05, on_value=set_severity)
        solara.Button("Inject now", color="error", on_click=inject,
                      disabled=not (running and model.running and choices))
        kind_, text, owner = message
        # shown for this model until the crisis has hit (an error: until the next day)
        # (a weak reference, not id(model): a new model may reuse the id of the old one)
        if text and owner is not None and owner[0]() is model and day <= owner[1]:
            (solara.Error if kind_ == "error" else solara.Success)(text, dense=True)


# ----------------------------------------------------------------------------- compare tab
_PREFERRED = ("do_nothing", "timely_truthful_disclosure", "full_rebuild")


def _compare_work(settings: dict[str, Any], task: Any) -> Any:
    """Body of the background comparison (runs in a thread; polls for cancellation)."""

    def progress(done: int, total: int) -> None:
        task.progress = 100.0 * done / total

    return compare_strategies(settings["scenario"], settings["strategies"],
                              settings["replications"], n_users=settings["n_users"],
                              steps=settings["steps"], seed=settings["seed"],
                              overrides=settings["overrides"], progress=progress,
                              cancelled=lambda: not task.is_current())


@solara.component
def CompareView(model: TrustModel) -> None:
    """Run replications of two or three strategies in the background; draw median and band."""
    known = list(strategies())
    default = [s for s in _PREFERRED if s in known] or known[:3]
    chosen, set_chosen = solara.use_state(default)
    reps, set_reps = solara.use_state(4)
    n_users, set_n_users = solara.use_state(min(model.p.n_users, 1000))
    steps, set_steps = solara.use_state(model.p.steps)
    outcome, set_outcome = solara.use_state("holder_trust")
    holder: dict[str, Any] = solara.use_memo(dict, [])
    task = solara.lab.use_task(lambda settings: _compare_work(settings, holder["task"]),
                               dependencies=None)
    holder["task"] = task

    def run() -> None:
        picked = [s for s in chosen if s in known][:3]
        overrides = {spec.name: getattr(model.p, spec.name) for spec in views.slider_specs()
                     if spec.name not in LEVERS and spec.name != "n_users"}
        task({"scenario": model.spec.scenario, "strategies": picked, "replications": reps,
              "n_users": n_users, "steps": steps, "seed": 1, "overrides": overrides})

    with solara.Card("Compare strategies on this scenario", margin=0):
        # Plain HTML, not solara.Markdown: Markdown loads KaTeX, which is not served offline.
        _html(f"<p>Runs <b>{escape(model.spec.scenario.name)}</b> several times with each "
              "strategy. Run <i>r</i> of every strategy uses the same random seed, so the "
              "strategies are compared on the same worlds. The line is the median over runs; "
              "the band holds the middle 80 % (10th to 90th percentile), or, with fewer "
              "than 5 runs, everything from the lowest to the highest run. Each strategy's "
              "levers replace the lever sliders; the other sliders apply.</p>")
        solara.SelectMultiple("Strategies (two or three)", values=chosen, all_values=known,
                              on_value=set_chosen)
        with solara.Row(gap="24px"):
            solara.SliderInt(f"Runs per strategy: {reps}", value=reps, min=2, max=10,
                             on_value=set_reps)
            solara.SliderInt(f"Users per run: {n_users:,}", value=n_users, min=100,
                             max=5000, step=100, on_value=set_n_users)
            solara.SliderInt(f"Days: {steps}", value=steps, min=10,
                             max=max(model.p.steps, 30), step=10, on_value=set_steps)
        with solara.Row():
            solara.Button("Run comparison", color="primary", on_click=run,
                          disabled=task.pending or not 2 <= len(chosen) <= 3)
            if task.pending:
                solara.Button("Cancel", on_click=task.cancel)
        if not 2 <= len(chosen) <= 3:
            solara.Warning("Choose two or three strategies.", dense=True)
        if task.pending:
            solara.ProgressLinear(task.progress or True)
            solara.Text(f"Running in the background: {task.progress or 0:.0f} % done. The "
                        "live tab keeps working.")
    result = task.value if task.finished else None
    if task.error:
        solara.Error(f"The comparison failed: {task.exception}")
    if result is None:
        return
    # With few runs a 10-90 % band is an interpolation between two or three values: draw the
    # lowest to highest instead, and say so.
    few = result.replications < 5
    lo_q, hi_q, band_name = (0.0, 100.0, "lowest to highest") if few else (10.0, 90.0, "10-90 %")
    digits = 0 if outcome == "active_users" else 2  # a count has no decimals
    with solara.Card(f"Median and {band_name} band over runs", margin=0, classes=["my-2"]):
        titles = {OUTCOMES[k][0]: k for k in OUTCOMES}
        solara.Select("Outcome", values=list(titles), value=OUTCOMES[outcome][0],
                      on_value=lambda title: set_outcome(titles[title]))
        lines, bands = [], []
        for k, s in enumerate(result.strategies):
            med, lo, hi = result.band(s, outcome, lo_q, hi_q)
            lines.append(svg.Line(s, svg.colour_of(k), result.days, med, width=2.5))
            bands.append(svg.Band(svg.colour_of(k), result.days, lo, hi, label=s))
        ymin = ymax = None
        if outcome.endswith("_trust"):  # zoom on the trust range the runs cover, in 0.1 steps
            lows = min(float(b.lo.min()) for b in bands)
            highs = max(float(b.hi.max()) for b in bands)
            ymin, ymax = max(0.0, math.floor(lows * 10 - 0.5) / 10), min(
                1.0, math.ceil(highs * 10 + 0.5) / 10)
        _html(svg.line_chart(lines, bands=bands, xmax=result.steps, width=900, height=360,
                             ylabel=OUTCOMES[outcome][0], chart_id="ts-compare-chart",
                             ymin=ymin, ymax=ymax, end_dots=False))
        rows = "".join(f"<tr><td>{escape(r['strategy'])}</td>"
                       f"<td>{r['final_median']:,.{digits}f}</td>"
                       f"<td>{r['final_p10']:,.{digits}f} - {r['final_p90']:,.{digits}f}</td>"
                       f"<td>{r['lowest_median']:,.{digits}f}</td></tr>"
                       for r in result.table(outcome, lo_q, hi_q))
        _html(f'<table class="ts-table"><tr><th>strategy</th><th>final (median)</th>'
              f"<th>final ({band_name})</th><th>lowest (median)</th></tr>{rows}</table>"
              f'<div class="ts-muted">{result.replications} runs per strategy, '
              f"{result.n_users:,} users, {result.steps} days. Final: the value on the last "
              "day; lowest: each run's lowest value over the days, the median over runs "
              "(how deep the crisis went).</div>")
