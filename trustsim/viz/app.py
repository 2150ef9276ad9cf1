"""The trustsim dashboard page: Mesa's SolaraViz driving one live model, with trustsim views.

Core objects: :func:`Page` (the page ``solara run trustsim.viz.app`` serves; ``page`` is
the same as an element) and :class:`LiveModel` (a :class:`~trustsim.TrustModel` as the
dashboard builds it). SolaraViz gives the Step, Play/Pause and Reset controls, the sliders
and the seed; trustsim adds the world picker (scenario and strategy), the live views and
the compare tab (:mod:`trustsim.viz.components`). Start it with ``trustsim dashboard`` or
:func:`trustsim.viz.serve.serve`.
"""

from __future__ import annotations

import threading
import zlib
from html import escape
from typing import Any

import solara
import solara.lab
from mesa.visualization import SolaraViz

from trustsim.model import TrustModel
from trustsim.scenario import Scenario, bundled_scenarios, load_scenario, strategy_of
from trustsim.strategies import Strategy, strategies
from trustsim.viz import components, views

__all__ = ["LiveModel", "Page", "WorldView", "WorldPicker", "page", "DEFAULT_SCENARIO",
           "OWN_STRATEGY"]

DEFAULT_SCENARIO = "calm_baseline"
"""The world the page opens with: no scheduled crisis, so students inject their own."""
OWN_STRATEGY = "as in the scenario"
"""Strategy-picker entry that keeps the scenario's own strategy."""


def _plain(value: Any) -> Any:
    """Unwrap a Solara reactive value (the page hands SolaraViz reactive slider values)."""
    return value.value if isinstance(value, solara.Reactive) else value


def _seed(value: Any) -> int | None:
    """Turn the seed box's text into an integer seed; empty text means a fresh seed.

    Any text is a seed: a whole number is itself (a negative or huge one folded into
    0 .. 2**63 - 1, so ``-1`` is a seed, not an error page), any other word its CRC-32.
    """
    value = _plain(value)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        text = str(value).strip()
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            return zlib.crc32(text.encode())  # any word is a seed, the same word the same one
    return value % 2**63


class LiveModel(TrustModel):
    """A :class:`~trustsim.TrustModel` as the dashboard builds and steps it.

    SolaraViz's Reset re-creates the model from the page's parameters: the trustsim
    scenario comes as ``scenario_name`` (SolaraViz fills ``scenario`` with a Mesa scenario
    object of its own, which is ignored), the seed as text, sliders possibly as Solara
    reactive values. A lock keeps a step and a crisis injected from the page apart (Play
    steps in a thread of its own).

    Args:
        scenario_name: a bundled scenario name or a path.
        strategy: a strategy name; ``None``, ``""`` or :data:`OWN_STRATEGY` keep the
            scenario's own.
        scenario: a trustsim scenario (name, path or object) overriding ``scenario_name``;
            anything else (Mesa's scenario object) is ignored.
        rng: seed (int, or text as typed in the seed box).
        **params: flat parameter overrides.

    Example:
        >>> m = LiveModel("data_leak", rng="7", n_users=100)
        >>> (m.spec.scenario.name, m.p.n_users)
        ('data_leak', 100)
    """

    def __init__(self, scenario_name: str = DEFAULT_SCENARIO, strategy: str | None = None, *,
                 scenario: Any = None, rng: Any = None, **params: Any) -> None:
        if isinstance(scenario, (str, Scenario)):
            scenario_name = scenario
        strategy = _plain(strategy)
        if strategy in ("", OWN_STRATEGY):
            strategy = None
        super().__init__(_plain(scenario_name), strategy, rng=_seed(rng),
                         **{k: _plain(v) for k, v in params.items()})
        self.scenario_name = scenario_name
        self.lock = threading.RLock()
        # Mesa's step (set on the instance) advances time, then calls ``step`` below: a
        # day that must not happen has to be stopped before it.
        self._mesa_step = self.step
        self.step = self._step_if_running

    def _step_if_running(self) -> None:
        """What the page's controls call: a day, unless the run has ended.

        Mesa's controls step ``render_interval`` days at a time without looking at
        ``running``: a run of 365 days went on to "Day 400 of 365".
        """
        with self.lock:
            if self.running:
                self._mesa_step()

    def step(self) -> None:
        """Advance one day (holding the lock)."""
        with self.lock:
            super().step()


#: What Mesa's controls above the sliders do here (student trial: the play button still
#: showed ❚❚ when a run had ended, and the two interval sliders were not explained).
CONTROLS = (
    ("Step", "advance the world by Render Interval days (1 unless you move it)."),
    ("▶ / ❚❚", "play day after day, Play Interval milliseconds apart; ❚❚ pauses. On the "
               "run's last day the world stops, though the button still shows ❚❚: press "
               "Reset to start again."),
    ("Reset", "start the world again from day 0 with the sliders and the seed as they are "
              "now."),
    ("Play Interval (ms)", "the pause between steps while playing: raise it to watch slowly."),
    ("Render Interval (steps)", "days per step, drawn once: raise it to get through a long "
                                "run fast."),
    ("Use Threads", "step in the background while the page draws; raise Play Interval if "
                    "charts skip days."),
)


def _each_platform_sets(name: str) -> Any:
    """Whether every platform of the world sets ``name`` itself (the flat value unused)."""
    def test(m: Any) -> bool:
        specs = m.spec.scenario.platforms
        return bool(specs) and all(getattr(pl, name, None) is not None for pl in specs)
    return test


#: Sliders a world leaves without effect: a test of its model (trial: "Response delay: 3
#: days" movable under do_nothing, which says nothing at any delay; the reserve ratio in 9
#: of 16 scenarios, whose platforms each set their own; compensation under silence). Each
#: slider's help in "What the sliders mean" says when it is unused.
UNUSED: dict[str, Any] = {
    "response_delay": lambda m: m.p.stance == "silent",
    "compensation_share": lambda m: m.p.stance == "silent",
    "reserve_ratio": _each_platform_sets("reserve_ratio"),
}


def _model_params(world: tuple[str, str], sliders: dict[str, solara.Reactive],
                  seed: solara.Reactive, model: Any = None) -> dict[str, Any]:
    """SolaraViz parameters: the world (fixed), the sliders and the seed.

    ``model``: the world as built; a slider it leaves without effect (:data:`UNUSED`)
    says so in its label.
    """
    out: dict[str, Any] = {"scenario_name": world[0],
                           "strategy": None if world[1] == OWN_STRATEGY else world[1]}
    for spec in views.slider_specs():
        value = sliders[spec.name]
        unused = UNUSED.get(spec.name)
        # "(unused)" alone: a longer note squeezed the slider to a knob (student trial); why
        # is in "What the sliders mean" (each one's help says when it is unused)
        note = " (unused)" if unused and model is not None and unused(model) else ""
        out[spec.name] = {"type": "SliderInt" if spec.integer else "SliderFloat",
                          "label": spec.text(value.value) + note, "value": value,
                          "min": min(spec.min, value.value), "max": max(spec.max, value.value),
                          "step": spec.step}
    out["rng"] = {"type": "InputText", "label": "Seed (any number or word)", "value": seed}
    return out


def kept_sliders(world: tuple[str, str], new: tuple[str, str], values: dict[str, Any],
                 own: dict[str, Any]) -> dict[str, Any]:
    """The slider values a new world keeps (a new scenario none: it has its own values).

    A new strategy in the same scenario keeps the values the student moved (those that
    differ from the world's own, ``own``) on sliders it does not set itself; the others
    take the new world's (the old strategy's levers do not leak into the new one). Trial:
    herding 0.8 went back to the scenario's 0.3 when only the strategy changed.

    Example:
        >>> kept_sliders(("data_leak", OWN_STRATEGY), ("data_leak", "do_nothing"),
        ...              {"herding_mean": 0.8, "compensation_share": 0.5, "n_users": 2000},
        ...              {"herding_mean": 0.3, "compensation_share": 0.3, "n_users": 2000})
        {'herding_mean': 0.8}
    """
    if new[0] != world[0]:
        return {}
    levers = _strategy_of(new).levers
    return {k: v for k, v in values.items() if k not in levers and v != own.get(k)}


def _strategy_of(world: tuple[str, str]) -> Strategy:
    """The strategy a world runs: the picked one, else the scenario's own (else none)."""
    if world[1] != OWN_STRATEGY:
        return strategies()[world[1]]
    own = strategy_of(load_scenario(world[0]).strategy, file=None, lines={})
    return own or Strategy(name="none")


@solara.component
def WorldPicker(world: tuple[str, str], on_world: Any) -> None:
    """Scenario and strategy pickers; a change starts a new world at once."""
    scenarios = solara.use_memo(bundled_scenarios, [])
    known = strategies()
    with solara.Card("World", margin=0, classes=["mb-4"]):
        solara.Select("Scenario", values=list(scenarios), value=world[0],
                      on_value=lambda name: on_world((name, world[1])))
        solara.Text(scenarios.get(world[0], ""), style={"font-size": "12px", "opacity": ".75"})
        solara.Select("Strategy", values=[OWN_STRATEGY, *known], value=world[1],
                      on_value=lambda name: on_world((world[0], name)))
        if world[1] in known:
            solara.Text(known[world[1]].description,
                        style={"font-size": "12px", "opacity": ".75"})
        solara.Text("A new scenario or strategy starts a new world: a new scenario with "
                    "its own values on the sliders, a new strategy keeping the values you "
                    "set on sliders it does not set itself. Later, sliders and the seed apply "
                    "when you press Reset.",
                    style={"font-size": "12px", "display": "block", "margin-top": "6px"})
        with solara.Details("What the sliders mean"):
            # Plain HTML: solara.Markdown loads KaTeX, which is not served offline.
            solara.HTML(tag="ul", style="font-size: 13px", unsafe_innerHTML="".join(
                f"<li><b>{escape(s.label)}</b>: {escape(s.help or s.meaning)}</li>"
                for s in views.slider_specs()))
        with solara.Details("How to run it"):
            solara.HTML(tag="ul", style="font-size: 13px", unsafe_innerHTML="".join(
                f"<li><b>{escape(name)}</b>: {escape(text)}</li>" for name, text in CONTROLS))
        solara.Text("Built with Mesa and Solara.", style={"font-size": "11px", "opacity": ".6",
                                                          "display": "block", "margin-top": "6px"})


@solara.component
def WorldView(first: LiveModel, world: tuple[str, str], sliders: dict[str, solara.Reactive],
              seed: solara.Reactive, shown: dict[str, Any]) -> None:
    """One world: SolaraViz (controls, sliders, seed) and the live and compare tabs.

    The page mounts a new WorldView for every new world, so each world starts with fresh
    SolaraViz state (not playing, sliders at the world's values) and a reactive model of
    its own. ``shown["model"]`` tells the page which model is on screen.
    """
    model = solara.use_reactive(first)
    shown["model"] = model.value
    SolaraViz(model, components=[], model_params=_model_params(world, sliders, seed, first),
              name="trustsim: trust in online finance")
    with solara.lab.Tabs():
        with solara.lab.Tab("Live run"):
            components.LiveView(model.value)
        with solara.lab.Tab("Compare strategies"):
            components.CompareView(model.value)


@solara.component
def Page() -> None:
    """The dashboard: world picker, SolaraViz controls and sliders, live and compare tabs."""
    first = solara.use_memo(lambda: LiveModel(DEFAULT_SCENARIO, rng=42), [])
    shown: dict[str, Any] = solara.use_memo(lambda: {"first": first}, [])
    world, set_world = solara.use_state((DEFAULT_SCENARIO, OWN_STRATEGY))
    generation, set_generation = solara.use_state(0)
    pending, set_pending = solara.use_state(None)
    specs = views.slider_specs()
    # One reactive per slider; the list is fixed, so the hooks run in the same order.
    sliders = {s.name: solara.use_reactive(getattr(first.p, s.name))  # noqa: SH103
               for s in specs}
    seed = solara.use_reactive("42")

    def new_world(choice: tuple[str, str]) -> None:
        old = shown.get("model")
        if old is not None:
            old.running = False  # ends a Play loop still stepping the world left behind
        set_pending(choice)

    def build_pending_world() -> None:
        # Runs after a render without any WorldView: SolaraViz's sidebar controls (which
        # Solara keeps in the layout's sidebar, outside WorldView) have been unmounted, so
        # the next WorldView starts with fresh controls instead of inheriting "playing".
        if pending is None:
            return
        kept = kept_sliders(world, pending, {s.name: sliders[s.name].value for s in specs},
                            {s.name: getattr(shown["first"].p, s.name) for s in specs})
        m = LiveModel(pending[0], pending[1], rng=seed.value, **kept)
        for s in specs:  # sliders show the new world's values
            sliders[s.name].set(getattr(m.p, s.name))
        shown["first"] = m
        set_world(pending)
        set_generation(generation + 1)
        set_pending(None)

    solara.use_effect(build_pending_world, [pending])

    solara.Style(components.STYLE)
    solara.Title("trustsim dashboard")
    with solara.Sidebar():
        WorldPicker(pending or world, new_world)
    if pending is None:
        WorldView(shown["first"], world, sliders, seed, shown).key(f"world-{generation}")
    else:
        solara.Info(f"Building the world of {pending[0]} ...")


page = Page()
"""The page as an element (Mesa's convention for ``solara run``)."""
