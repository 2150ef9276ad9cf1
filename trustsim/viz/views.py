"""What the dashboard shows, read from a model: series, cards, news, events, a network sample.

Core objects: :func:`slider_specs` (the dashboard's sliders, derived from the parameter
schema), :class:`NetworkSample` (at most a few hundred users, laid out once),
:func:`platform_cards`, :func:`news_feed`, :func:`timeline_events`, :func:`series` and
:func:`inject_crisis`. Nothing here imports Solara, so it is testable on its own; nothing
here draws from the model's random streams, so watching a run never changes it.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from trustsim.crises import CRISES, Crisis, crisis_from_dict
from trustsim.params import Params

if TYPE_CHECKING:
    from trustsim.model import TrustModel

__all__ = ["SliderSpec", "slider_specs", "NetworkSample", "platform_cards", "news_feed",
           "timeline_events", "x_extent", "series", "inject_crisis", "STATUS_COLOURS",
           "crisis_label", "FEED_EVENT_KINDS"]

STATUS_COLOURS: dict[str, str] = {
    "operating": "#009E73", "rectifying": "#E69F00", "frozen": "#D55E00",
    "failed": "#666666", "absconded": "#882255",  # (black vanished in dark mode: trial)
}

# The parameters a student moves, with a label and, where the schema's range is far wider
# than a classroom needs, a narrower slider range. Values and units come from the schema.
_SLIDERS: tuple[tuple[str, str, dict[str, float]], ...] = (
    ("n_users", "Users", {"min": 100, "max": 10_000, "step": 100}),
    ("literacy_mean", "Financial literacy", {"step": 0.05}),
    ("herding_mean", "Herding", {"step": 0.05}),
    ("social_reach", "Social-media reach", {"step": 0.05}),
    ("same_day_reach", "Withdrawals seen the same day", {"step": 0.05}),
    ("reserve_ratio", "Reserve ratio", {"step": 0.01}),
    ("response_delay", "Response delay", {"max": 30, "step": 1}),
    ("compensation_share", "Compensation share", {"step": 0.05}),
    ("inspection_rate", "Inspection rate", {"max": 0.1, "step": 0.005}),
    ("guarantee_coverage", "Deposit guarantee (coverage)", {"step": 0.05}),
)

# What each slider does, in classroom words (the schema's meaning is written for modellers).
_HELP: dict[str, str] = {
    "n_users": "how many users the world has (more: smoother curves, slower steps)",
    "literacy_mean": "users' average financial literacy, from 0 (none) to 1 (expert): literate "
                     "users weigh facts more, believe rumours less, follow the crowd less and "
                     "shun platforms promising more than 6 % a year",
    "herding_mean": "how strongly users follow others: 0 decide alone, 1 run as soon as "
                    "their contacts do; what turns a rumour into a run",
    "social_reach": "how far social media carries news and rumours, from 0 to 1",
    "same_day_reach": "how much of their contacts' withdrawals users see the same day (group "
                      "chats, mobile banking): 0 they see them the next day",
    "reserve_ratio": "the share of the money it owes that a platform keeps as cash to pay "
                     "withdrawals; the rest is lent out. The sector's average: platforms "
                     "the model makes are graded around it (a sound one keeps more); "
                     "a scenario whose platforms each set their own leaves it unused",
    "compensation_share": "the share of users' losses a platform pays back after a crisis "
                          "(promised in its statement: unused when platforms stay silent)",
    "response_delay": "days before a platform in a crisis says anything (unused when "
                      "platforms stay silent)",
    "inspection_rate": "the chance each day that the regulator inspects a platform (0.01: "
                       "about once in 100 days)",
    "guarantee_coverage": "the share of each claim an investor-protection fund repays when a "
                          "platform fails (up to a limit per person)",
}


@dataclass(frozen=True)
class SliderSpec:
    """One dashboard slider, derived from a :class:`~trustsim.params.Params` field.

    Attributes:
        name: the parameter; label: text for students; meaning: the schema's description.
        unit: the schema's unit; min, max, step: slider range; integer: an integer field.
        help: what the slider does, in classroom words.
    """

    name: str
    label: str
    meaning: str
    unit: str
    min: float
    max: float
    step: float
    integer: bool
    help: str = ""

    def text(self, value: float) -> str:
        """Label with the value, e.g. ``Users: 2,000`` or ``Response delay: 3 days``."""
        if self.integer:
            shown = f"{int(value):,}"
        else:
            shown = f"{value:.3f}".rstrip("0").rstrip(".") if value else "0"
        shown_unit = {"1/day": "a day", "1/year": "a year"}.get(self.unit, self.unit)
        unit = f" {shown_unit}" if self.unit and self.name != "n_users" else ""  # (trial:
        # "Inspection rate: 0.01 1/day" read oddly)
        if unit == " days" and value == 1:
            unit = " day"
        return f"{self.label}: {shown}{unit}"


def slider_specs() -> list[SliderSpec]:
    """Return the dashboard's sliders; ranges, units and meanings come from the schema."""
    out = []
    for name, label, ui in _SLIDERS:
        field = Params.model_fields[name]
        lo = hi = None
        for m in field.metadata:
            lo = getattr(m, "ge", lo)
            hi = getattr(m, "le", hi)
        extra = field.json_schema_extra or {}
        integer = field.annotation is int
        lo = max(lo, ui.get("min", lo))
        hi = min(hi, ui.get("max", hi))
        out.append(SliderSpec(name=name, label=label, meaning=field.description or "",
                              unit=str(extra.get("unit", "")), min=lo, max=hi,
                              step=ui.get("step", 1 if integer else 0.01), integer=integer,
                              help=_HELP.get(name, "")))
    return out


# ----------------------------------------------------------------------------- series
def series(model: TrustModel) -> dict[str, Any]:
    """Return the day-by-day series the charts draw.

    Returns:
        ``time`` (days), the model-level columns the charts use (each a list), and
        ``platform_trust`` / ``platform_aum`` (days x platforms arrays) with ``names``.
    """
    v = model.recorder.model_vars
    pts = model.platform_timeseries()
    names = [pl.name for pl in model.platforms]
    n_p = len(names)
    trust = pts["trust"].to_numpy().reshape(-1, n_p)
    aum = pts["aum"].to_numpy().reshape(-1, n_p)
    # Copies, not the recorder's own lists: a model stepped in another thread appends
    # to those while a chart is drawn from them.
    out = {k: list(v[k]) for k in ("time", "holder_trust", "mean_trust", "aum", "inflow",
                                   "withdrawals_requested", "withdrawals_paid",
                                   "active_users")}
    out.update(platform_trust=trust, platform_aum=aum, names=names)
    return out


#: Most platforms drawn in colour: past the palette's seven, colours would repeat and the
#: legend name the wrong line (trial: in p2p_wave_2018 the line falling to 0 had the colour
#: the legend gave Platform F, still operating; Platform T had failed).
COLOURED = 6


def line_colours(model: TrustModel) -> list[str | None]:
    """Each platform's line colour; None: drawn grey, unnamed ("other platforms").

    Up to seven platforms each get their own colour. With more, the first :data:`COLOURED`
    platforms to fail or flee or to be named by a crisis (not ``all``) as it fires, in the
    order of those days, get the colours; the rest are grey. The order only grows as the
    run goes on, so a platform keeps its colour.
    """
    from trustsim.viz.svg import colour_of

    n_p = len(model.platforms)
    if n_p <= 7:
        return [colour_of(k) for k in range(n_p)]
    by_name = {pl.name: pl.index for pl in model.platforms}
    seen: dict[int, float] = {}
    for e in model.events:
        if e["kind"] == "status" and e.get("status") in ("failed", "absconded"):
            seen.setdefault(e["platform"], e["time"])
    for c in model.crises:
        if c.fired and c.target != "all":
            for name in [c.target] if isinstance(c.target, str) else c.target:
                if name in by_name:
                    seen.setdefault(by_name[name], float(c.time) + 0.5)  # after failures
    order = sorted(seen, key=lambda k: (seen[k], k))[:COLOURED]
    colours: list[str | None] = [None] * n_p
    for rank, k in enumerate(order):
        colours[k] = colour_of(rank)
    return colours


# ----------------------------------------------------------------------------- cards
def platform_cards(model: TrustModel) -> list[dict[str, Any]]:
    """One dict per platform: status, trust, liquidity, cover, rating, last statement."""
    pop = model.population
    active = pop.active.astype(np.float64)
    n_active = max(float(active.sum()), 1.0)
    trust = (active @ pop.trust) / n_active
    cards = []
    for pl in model.platforms:
        owed = pl.owed
        # Cash paid out to the last yuan ends a few 1e-15 below zero: "-0.0 M CNY", "covers
        # -0 %" (student trial). Below a thousandth of a yuan it is 0.
        liquidity = float(pl.liquidity) if abs(pl.liquidity) >= 1e-6 else 0.0
        last = pl.statements[-1] if pl.statements else None
        cards.append({
            "name": pl.name, "kind": pl.kind, "status": pl.status,
            "colour": STATUS_COLOURS.get(pl.status, "#777777"),
            "trust": float(trust[pl.index]),
            "liquidity": liquidity, "owed": owed,
            "cover": liquidity / owed if owed > 0 else math.nan,
            "rating": None if math.isnan(pl.rating) else float(pl.rating),
            "credibility": float(pl.credibility),
            "statements": len(pl.statements),
            "last_statement": None if last is None else (int(last[0]), last[1]),
            "incidents": len(pl.incidents),
        })
    return cards


# ----------------------------------------------------------------------------- news
FEED_EVENT_KINDS = ("crisis", "status", "regulator", "protection", "statement")
"""Event-log kinds that appear in the news feed next to media items."""

_SOURCE = {"crisis": "Crisis", "status": "Platform status", "regulator": "Regulator",
           "protection": "Investor protection", "statement": "Platform statement"}


def crisis_label(kind: str) -> str:
    """Readable name of a crisis type: ``data_leak`` -> ``data leak``."""
    return kind.replace("_", " ")


def news_feed(model: TrustModel, limit: int = 40) -> list[dict[str, Any]]:
    """Return the latest headlines, newest first: media items and notable events.

    Each item has ``time``, ``source`` (outlet or event kind), ``kind`` (official,
    mainstream, social or an event kind), ``text``, ``sentiment`` (-1..1 or None) and
    ``rumour``.
    """
    items = []
    for outlet in model.outlets:
        for it in outlet.published[-limit:]:
            text = it.headline
            prefix = f"{it.outlet}: "
            items.append({"time": float(it.time), "source": it.outlet, "kind": it.kind,
                          "text": text[len(prefix):] if text.startswith(prefix) else text,
                          "sentiment": float(it.sentiment), "rumour": bool(it.rumour)})
    said: dict[Any, dict[str, Any]] = {}  # each platform's last statement item
    for ev in model.events[-4 * limit:]:
        if ev["kind"] not in FEED_EVENT_KINDS:
            continue
        text = ev["text"]
        if ev["kind"] == "statement":  # a weekly progress report repeated is one item, at
            # its latest day (trial: the feed stopped at day 30, the card said day 51)
            last = said.get(ev.get("platform"))
            if last is not None and last["said"] == text:
                last["time"] = float(ev["time"])
                continue
        if ev["kind"] == "crisis":
            text = text.replace("Crisis fires: ", "")
            kind, _, target = text.partition(" on ")
            text = f"{crisis_label(kind).capitalize()} hits {target}"
        items.append({"time": float(ev["time"]), "source": _SOURCE[ev["kind"]],
                      "kind": ev["kind"], "text": text,
                      "sentiment": ev.get("value"), "rumour": False})
        if ev["kind"] == "statement":
            said[ev.get("platform")] = items[-1] = {**items[-1], "said": text}
    for k, item in said.items():  # how often, since when: from the platform's own record
        if k is None or not 0 <= k < len(model.platforms):
            continue
        record = model.platforms[k].statements
        times = 0
        while times < len(record) and record[-1 - times][1] == item["said"]:
            times += 1
        if times > 1 and record[-1][0] == item["time"]:
            item["text"] = (f"{item['said']} (said {times} times since day "
                            f"{record[-times][0]:.0f})")
    items.sort(key=lambda d: d["time"], reverse=True)  # stable: same day keeps log order
    return [{k: v for k, v in d.items() if k != "said"} for d in items[:limit]]


def x_extent(model: TrustModel) -> int:
    """Right end of the live charts' day axis: a little ahead of today, at most the run."""
    day = int(model.time)
    span = max(60, day + max(20, day // 4))
    return min(model.p.steps, -(-span // 20) * 20)


def timeline_events(model: TrustModel) -> tuple[list[dict[str, Any]], list[str]]:
    """Return (events, row labels) for the timeline: one row per platform, then sector.

    Crises and sector-wide events go on the crisis's target row when it names one
    platform, else on the last row ("whole sector").
    """
    names = [pl.name for pl in model.platforms]
    index = {n: i for i, n in enumerate(names)}
    sector = len(names)
    out = []
    for ev in model.events:
        kind = ev["kind"]
        if kind == "news_source":
            continue
        row = ev.get("platform")
        if row is None and kind == "crisis":
            target = ev["text"].rpartition(" on ")[2]
            row = index.get(target)
        out.append({"time": ev["time"], "row": sector if row is None else int(row),
                    "kind": kind, "text": ev["text"]})
    return out, names + ["whole sector"]


# ----------------------------------------------------------------------------- network
@dataclass
class NetworkSample:
    """A sample of at most ``size`` users and the ties among them, laid out once.

    The sample grows breadth-first from one user (a snowball sample), so the ties the
    model uses are visible; a well-mixed population has no ties to draw. The spring
    layout (networkx) runs on the sample only, never on the full graph.

    Attributes:
        nodes: user indices; edges: (m, 2) pairs of positions in ``nodes``;
        pos: (n, 2) layout in [0, 1].
    """

    nodes: np.ndarray
    edges: np.ndarray
    pos: np.ndarray

    @classmethod
    def build(cls, model: TrustModel, size: int = 200, seed: int = 0) -> NetworkSample:
        """Sample and lay out; uses its own random generator, not the model's streams."""
        import networkx as nx

        g = model.graph
        n = g.n
        rng = np.random.default_rng(seed)
        if g.indptr is None or n <= size:
            nodes = np.sort(rng.choice(n, size=min(size, n), replace=False))
        else:
            start = int(rng.integers(n))
            seen = {start}
            queue = deque([start])
            while queue and len(seen) < size:
                i = queue.popleft()
                for j in rng.permutation(g.neighbours(i)):
                    if len(seen) >= size:
                        break
                    if int(j) not in seen:
                        seen.add(int(j))
                        queue.append(int(j))
            nodes = np.array(sorted(seen))
        local = {int(u): k for k, u in enumerate(nodes)}
        edges = []
        if g.indptr is not None:
            for k, u in enumerate(nodes):
                for v in g.neighbours(int(u)):
                    m = local.get(int(v))
                    if m is not None and m > k:
                        edges.append((k, m))
        sub = nx.Graph()
        sub.add_nodes_from(range(len(nodes)))
        sub.add_edges_from(edges)
        layout = nx.spring_layout(sub, seed=seed, iterations=60)
        pos = np.array([layout[k] for k in range(len(nodes))], dtype=float)
        span = pos.max(axis=0) - pos.min(axis=0)
        pos = (pos - pos.min(axis=0)) / np.where(span > 0, span, 1.0)
        return cls(nodes=nodes, edges=np.array(edges, dtype=int).reshape(-1, 2), pos=pos)

    def values(self, model: TrustModel, platform: int | None = None) -> tuple[np.ndarray,
                                                                               np.ndarray]:
        """Return (trust, active) of the sampled users: in one platform, or the mean."""
        pop = model.population
        trust = pop.trust[self.nodes]
        value = trust.mean(axis=1) if platform is None else trust[:, platform]
        return np.asarray(value, dtype=float), np.asarray(pop.active[self.nodes], dtype=bool)


# ----------------------------------------------------------------------------- crises
def inject_crisis(model: TrustModel, kind: str, target: str, severity: float) -> Crisis:
    """Schedule a crisis for the next day and keep it on ``model.crises``.

    Mesa fires a crisis scheduled for day ``t`` at ``t - 0.5``, so one for the next whole
    day takes effect in phase 1 of the next step. The model holds the crisis because Mesa
    keeps event callbacks by weak reference.

    Args:
        model: the running model.
        kind: a crisis type from :data:`trustsim.crises.CRISES`.
        target: a platform name, or ``all`` for the whole sector.
        severity: size of the shock, 0-1.

    Raises:
        ValueError: with a message for students (unknown type or platform, a platform
            that no longer exists, an abscond on a platform that is not a pooled fund).
    """
    if kind not in CRISES:
        raise ValueError(f"unknown crisis type {kind!r}")
    names = {pl.name: pl for pl in model.platforms}
    if target != "all":
        if target not in names:
            raise ValueError(f"no platform called {target!r}")
        plat = names[target]
        if not plat.alive:
            raise ValueError(f"{target} has {plat.status}: it can have no new crisis")
        if kind == "abscond" and not plat.pooled_fund:
            raise ValueError(f"{target} is not a pooled fund: its operators hold no pool "
                             "to flee with")
    elif kind == "abscond" and not any(pl.pooled_fund and pl.alive for pl in model.platforms):
        raise ValueError("no platform is a pooled fund: operators hold no pool to flee with")
    if not model.running:
        raise ValueError("the run has ended: press Reset to start again")
    day = int(model.time) + 1
    targets = target
    if kind == "abscond" and target == "all":
        targets = [pl.name for pl in model.platforms if pl.pooled_fund and pl.alive]
    crisis = crisis_from_dict({"type": kind, "time": day, "target": targets,
                               "severity": float(severity)})
    crisis.schedule(model)  # (which keeps it in model.crises: Mesa holds events weakly)
    # Today is the day before the crisis, already recorded: note the customers now, so
    # that `customers_ran` reads them as for a crisis scheduled from the start.
    model.recorder.note_focus_customers(model)
    return crisis
