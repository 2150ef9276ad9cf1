"""The dashboard without a browser: the page imports, views build on small models.

Solara renders components in-process here (no server, no browser); the browser test
(test_dashboard_browser.py) checks the served page end to end.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import subprocess
import sys

import numpy as np
import pytest

import trustsim
from trustsim.params import Params
from trustsim.scenario import bundled_scenarios

if importlib.util.find_spec("solara") is None:
    pytest.skip("the viz extra is not installed", allow_module_level=True)

# Solara, Mesa's visualisation and the dashboard's modules are imported when this module's
# first test runs (the fixture below), not when it is collected: importing them takes
# seconds, and every test process collects every module.
solara = _build_model_init_kwargs = force_update = compare_strategies = None
app = components = serve = svg = views = None
MesaControls = None  # a Solara component, made by the fixture below


@pytest.fixture(scope="module", autouse=True)
def _viz_modules() -> None:
    global solara, _build_model_init_kwargs, force_update, compare_strategies
    global app, components, serve, svg, views, MesaControls
    pytest.importorskip("mesa.visualization", reason="mesa[rec] is not installed")
    solara = importlib.import_module("solara")  # present: checked when the module was collected
    importlib.import_module("solara.widgets")
    _build_model_init_kwargs = importlib.import_module(
        "mesa.visualization.solara_viz")._build_model_init_kwargs
    force_update = importlib.import_module("mesa.visualization.utils").force_update
    compare_strategies = importlib.import_module("trustsim.viz.replicate").compare_strategies
    app, components, serve, svg, views = (importlib.import_module(f"trustsim.viz.{name}")
                                          for name in ("app", "components", "serve", "svg",
                                                       "views"))

    @solara.component
    def MesaControls(model: solara.Reactive, model_params: dict) -> None:
        """What SolaraViz puts in its sidebar: Mesa's ModelController and ModelCreator.

        (SolaraViz's sidebar is only drawn inside a served app layout, so the test renders
        the same two Mesa components, sharing the parameters as SolaraViz does.)
        """
        from mesa.visualization.solara_viz import ModelController, ModelCreator

        params = solara.use_reactive({})
        ModelController(model, model_parameters=params)
        ModelCreator(model, model_params, model_parameters=params)


def html_of(rc, chart_id: str) -> str:
    """The HTML text of the rendered view whose markup has ``id=chart_id``."""
    found = [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets
             if f'id="{chart_id}"' in (w.unsafe_innerHTML or "")]
    assert found, f"no view with id {chart_id}"
    return found[0]


# ----------------------------------------------------------------------------- the page
def test_page_module_imports_and_exposes_the_page():
    assert isinstance(app.page, solara.Element)
    assert app.Page is not None
    assert app.DEFAULT_SCENARIO in bundled_scenarios()


def test_importing_trustsim_does_not_import_solara():
    code = "import sys, trustsim, trustsim.viz; print('solara' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_the_whole_page_renders_in_process():
    box, rc = solara.render(app.Page(), handle_error=False)
    try:
        for chart in ("ts-day", "ts-cards", "ts-trust-chart", "ts-aum-chart", "ts-network",
                      "ts-timeline"):
            html_of(rc, chart)
    finally:
        rc.close()


# ----------------------------------------------------------------------------- sliders
def test_sliders_come_from_the_parameter_schema():
    specs = {s.name: s for s in views.slider_specs()}
    assert set(specs) == {"n_users", "literacy_mean", "herding_mean", "social_reach",
                          "same_day_reach",
                          "reserve_ratio", "response_delay", "compensation_share",
                          "inspection_rate", "guarantee_coverage"}
    for row in trustsim.params.describe():
        s = specs.get(row["name"])
        if s is None:
            continue
        assert s.meaning == row["meaning"] and s.unit == row["unit"]
        assert row["min"] <= s.min < s.max <= row["max"]
        assert s.integer == (row["type"] == "int")
        assert s.min <= Params.model_fields[s.name].default <= s.max
    assert specs["response_delay"].text(3) == "Response delay: 3 days"
    assert specs["response_delay"].text(1) == "Response delay: 1 day"
    assert specs["inspection_rate"].text(0.01) == "Inspection rate: 0.01 a day"  # not 1/day
    # Every slider says in classroom words what it does (no code names, no jargon).
    for s in specs.values():
        assert s.help and "_" not in s.help and "trustsim" not in s.help


@pytest.mark.parametrize("scenario", ["calm_baseline", "rebuild_after_crisis",
                                      "bank_run_2023"])
def test_slider_values_start_at_the_worlds_own_values(scenario):
    """A Reset with untouched sliders rebuilds the same world (no restated defaults)."""
    world = (scenario, app.OWN_STRATEGY)
    model = app.LiveModel(scenario, rng=3)
    sliders = {s.name: solara.reactive(getattr(model.p, s.name)) for s in views.slider_specs()}
    params = app._model_params(world, sliders, solara.reactive("3"))
    # What SolaraViz's ModelCreator stores, then what its Reset passes to the model class.
    stored = {k: (v["value"] if isinstance(v, dict) else v) for k, v in params.items()}
    kwargs = _build_model_init_kwargs(model, stored, add_scenario_when_empty=True,
                                      require_model_accepts_scenario=True)
    again = type(model)(**kwargs)
    assert again.spec.scenario.name == scenario
    assert again.p == model.p
    assert again.strategy_name == model.strategy_name
    again.run(3)
    model.run(3)
    assert again.timeseries().equals(model.timeseries())
    if scenario == "bank_run_2023":  # the one world whose own same-day reach is not 0
        assert sliders["same_day_reach"].value == again.p.same_day_reach == 1.0


def _click_reset(model: trustsim.TrustModel, model_params: dict) -> trustsim.TrustModel:
    """Render Mesa's controller around ``model``, press its Reset, return the new model."""
    import ipyvuetify as v

    reactive = solara.reactive(model)
    box, rc = solara.render(MesaControls(reactive, model_params), handle_error=False)
    try:
        rc.find(v.Btn, children=["Reset"]).widget.click()
        return reactive.value
    finally:
        rc.close()


@pytest.mark.parametrize("strategy", [None, "rapid_rebuttal"])
def test_mesas_reset_keeps_the_scenario_and_strategy_of_the_page(strategy):
    """A page built on TrustModel("rumour_run") resets to rumour_run, not the default world.

    Mesa's controller rebuilds the model from its class and the class of its Mesa
    scenario (mesa.visualization.solara_viz.ModelController.do_reset).
    """
    first = trustsim.TrustModel("rumour_run", strategy, n_users=150, rng=5)
    first.run(3)
    again = _click_reset(first, {"rng": 5})
    assert again is not first and int(again.time) == 0
    assert again.spec.scenario.name == "rumour_run"
    assert [p.name for p in again.platforms] == [p.name for p in first.platforms]
    assert len(again.crises) == 1 and again.strategy_name == first.strategy_name
    assert again.p == first.p  # the page's overrides (150 users) are kept too
    again.run(3)
    fresh = trustsim.TrustModel("rumour_run", strategy, n_users=150, rng=5).run(3)
    assert again.timeseries().equals(fresh.timeseries())


def test_mesas_reset_lets_the_pages_sliders_win():
    first = trustsim.TrustModel("data_leak", "full_rebuild", n_users=150, rng=2)
    slider = {"type": "SliderInt", "label": "users", "value": 220, "min": 100, "max": 400,
              "step": 10}
    again = _click_reset(first, {"n_users": slider})
    assert again.spec.scenario.name == "data_leak" and again.strategy_name == "full_rebuild"
    assert again.p.n_users == 220


def test_a_new_strategy_keeps_the_sliders_moved_it_does_not_set_and_a_new_scenario_none():
    """Student trial: herding set to 0.8, then a new strategy: back to 0.3 without a word.
    The new strategy keeps the values the student moved on sliders it does not set; its
    own levers (and a new scenario's values) win; the old strategy's levers do not leak
    (review: protection_fund's 0.9 guarantee stayed under do_nothing); the scenario's own
    strategy counts as one."""
    names = [s.name for s in views.slider_specs()]

    def world_values(m: trustsim.TrustModel) -> dict:
        return {k: getattr(m.p, k) for k in names}

    old = app.LiveModel("operator_abscond", "protection_fund", n_users=150)
    own = world_values(old)
    moved = {**own, "herding_mean": 0.8}
    kept = app.kept_sliders(("operator_abscond", "protection_fund"),
                            ("operator_abscond", "do_nothing"), moved, own)
    assert kept == {"herding_mean": 0.8}  # not protection_fund's guarantee_coverage
    new = app.LiveModel("operator_abscond", "do_nothing", **{**kept, "n_users": 150})
    fresh = app.LiveModel("operator_abscond", "do_nothing", n_users=150)
    assert new.p.herding_mean == 0.8
    assert {**world_values(new), "herding_mean": fresh.p.herding_mean} == world_values(fresh)
    levers = trustsim.get_strategy("full_rebuild").levers
    both = {**moved, "compensation_share": 0.05}  # a lever full_rebuild sets: its own wins
    kept = app.kept_sliders(("operator_abscond", "protection_fund"),
                            ("operator_abscond", "full_rebuild"), both, own)
    assert "compensation_share" in levers and kept == {"herding_mean": 0.8}
    assert app.kept_sliders(("operator_abscond", "full_rebuild"),
                            ("data_leak", "full_rebuild"), moved, own) == {}
    rebuild = app.LiveModel("rebuild_after_crisis", "do_nothing", n_users=150)
    own = world_values(rebuild)
    kept = app.kept_sliders(("rebuild_after_crisis", "do_nothing"),
                            ("rebuild_after_crisis", app.OWN_STRATEGY),
                            {**own, "compensation_share": 0.05, "herding_mean": 0.8}, own)
    assert kept == {"herding_mean": 0.8}  # its own strategy sets compensation


def test_the_controls_explained_are_mesas_own():
    """"How to run it" names Mesa's controls as Mesa labels them (student trial: ▶/❚❚ at
    the end of a run and the two interval sliders were unexplained)."""
    import inspect

    from mesa.visualization import solara_viz

    source = inspect.getsource(solara_viz)
    names = [part for name, _ in app.CONTROLS for part in name.split(" / ")]
    assert {"Step", "Reset", "▶", "❚❚", "Play Interval (ms)", "Render Interval (steps)",
            "Use Threads"} <= set(names)
    for name in names:
        assert f'"{name}"' in source, name
    said = dict(app.CONTROLS)
    assert "press Reset" in said["▶ / ❚❚"] and "last day" in said["▶ / ❚❚"]


def test_a_slider_the_strategy_leaves_without_effect_says_so():
    """Under do_nothing ("stay silent") the response delay changes nothing (trust 0.5262
    and no statement at 0, 3 and 30 days: student trial); its label says it is not used."""
    sliders = {s.name: solara.reactive(getattr(trustsim.Params(), s.name))
               for s in views.slider_specs()}
    seed = solara.reactive("1")
    silent = app.LiveModel("data_leak", "do_nothing", n_users=150)
    talks = app.LiveModel("data_leak", "full_rebuild", n_users=150)
    quiet = app._model_params(("data_leak", "do_nothing"), sliders, seed, silent)
    loud = app._model_params(("data_leak", "full_rebuild"), sliders, seed, talks)
    helps = {spec.name: spec.help for spec in views.slider_specs()}
    for name in ("response_delay", "compensation_share"):
        assert quiet[name]["label"].endswith(" (unused)")
        assert "unused" not in loud[name]["label"]
        # why, in "What the sliders mean"
        assert "unused when platforms stay silent" in helps[name]
    assert quiet["rng"]["label"] == "Seed (any number or word)"  # any text is a seed
    # data_leak's platforms each set their reserve ratio (student trial: the slider moved
    # nothing in 9 of 16 scenarios, unmarked); calm_baseline's are graded around it
    assert quiet["reserve_ratio"]["label"].endswith(" (unused)")
    assert "each set their own leaves it unused" in helps["reserve_ratio"]
    calm = app._model_params(("calm_baseline", "do_nothing"), sliders, seed,
                             app.LiveModel("calm_baseline", "do_nothing", n_users=150))
    assert "unused" not in calm["reserve_ratio"]["label"]
    assert all("unused" not in v["label"] for k, v in quiet.items()
               if isinstance(v, dict) and "label" in v and k not in app.UNUSED)
    # what "unused" rests on: the same run at either end of each slider
    for name, values, sc in (("response_delay", (0, 30), "data_leak"),
                             ("compensation_share", (0.0, 1.0), "data_leak"),
                             ("reserve_ratio", (0.05, 0.5), "p2p_collapse")):
        ran = [app.LiveModel(sc, "do_nothing", n_users=300, rng=4, **{name: v}).run(60)
               for v in values]
        assert ran[0].timeseries().equals(ran[1].timeseries()), name
    moved = [app.LiveModel("calm_baseline", "do_nothing", n_users=300, rng=4,
                           reserve_ratio=v).run(30) for v in (0.05, 0.5)]
    assert not moved[0].timeseries().equals(moved[1].timeseries())


def test_a_negative_seed_in_the_seed_box_is_a_seed_not_an_error_page():
    a = app.LiveModel("data_leak", rng="-1", n_users=120)
    b = app.LiveModel("data_leak", rng=2**63 - 1, n_users=120)
    a.run(3)
    b.run(3)
    assert a.timeseries().equals(b.timeseries())
    assert app._seed(str(10**30)) < 2**63


def test_live_model_reads_the_seed_box_and_ignores_mesas_scenario_object():
    from mesa.experimental.scenarios import Scenario as MesaScenario

    a = app.LiveModel("data_leak", rng="12", n_users=150, scenario=MesaScenario())
    b = app.LiveModel("data_leak", rng=12, n_users=solara.reactive(150))
    assert a.spec.scenario.name == "data_leak" and a.p.n_users == b.p.n_users == 150
    a.run(5)
    b.run(5)
    assert a.timeseries().equals(b.timeseries())
    assert app._seed("") is None and app._seed("class A") == app._seed("class A")
    c = app.LiveModel(scenario="rumour_run", strategy=app.OWN_STRATEGY, n_users=150)
    assert c.spec.scenario.name == "rumour_run" and c.strategy_name == "none"


# ----------------------------------------------------------------------------- views
def test_live_view_builds_and_redraws_what_changed(make_model):
    model = make_model()
    box, rc = solara.render(components.LiveView(model), handle_error=False)
    try:
        trust0, net0 = html_of(rc, "ts-trust-chart"), html_of(rc, "ts-network")
        assert "Day 0 of" in html_of(rc, "ts-day")
        assert html_of(rc, "ts-cards").count('class="ts-card"') == 2
        model.step()
        force_update()
        assert "Day 1 of" in html_of(rc, "ts-day")
        assert html_of(rc, "ts-trust-chart") != trust0
        assert html_of(rc, "ts-network") == net0  # throttled: same bucket of days
        for _ in range(components.NETWORK_EVERY + 2):
            model.step()
        force_update()
        assert "Day 8 of" in html_of(rc, "ts-day")
        assert html_of(rc, "ts-network") != net0
        assert "Liquidity rumour hits Shaky" in html_of(rc, "ts-feed")  # fired on day 8
    finally:
        rc.close()


def test_the_live_view_leads_with_the_headline_trust_not_the_survivors(make_model):
    """After a platform fails, the survivors' mean trust recovers (0.59 in p2p_collapse,
    800 users) while the trust of everyone who held money at the start stays low (0.37):
    the header's trust figure and the chart's thick dashed line are the headline; the
    survivors' view is a thin dotted line, named as such."""
    model = make_model(scenario="p2p_collapse", strategy="do_nothing", n_users=800)
    model.run(200)
    v = model.recorder.model_vars
    assert v["failed"][-1] >= 1 and v["mean_trust"][-1] > v["holder_trust"][-1] + 0.1
    box, rc = solara.render(components.LiveView(model), handle_error=False)
    try:
        header = [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets
                  if "ts-kpis" in (w.unsafe_innerHTML or "")][0]
        assert f"headline trust<b>{v['holder_trust'][-1]:.2f}</b>" in header
        assert f"{v['mean_trust'][-1]:.2f}</b>" not in header
        chart = html_of(rc, "ts-trust-chart")
        assert "headline" in chart and "survivors only" in chart
        assert "everyone who held money at the start" in chart
    finally:
        rc.close()


def test_many_platforms_colour_only_those_that_fail_and_keep_the_headline_named(make_model):
    """p2p_wave_2018 (24 platforms): colours repeated every seven, so the line falling to 0
    had the colour the legend gave Platform F, still operating (Platform T had failed), and
    the legend's "+18 more" pushed the headline out (student trial). Past seven platforms
    the first six to fail or flee get their own colours, in the order they did, and keep
    them; the rest are grey and named together; the headline and survivors stay named."""
    model = make_model(scenario="p2p_wave_2018", strategy="do_nothing", n_users=600)
    earlier: list[str | None] = []
    for _ in range(8):
        model.run(30)
        colours = views.line_colours(model)
        gone = [e["platform"] for e in model.events
                if e["kind"] == "status" and e.get("status") in ("failed", "absconded")]
        coloured = [k for k, c in enumerate(colours) if c]
        assert len(colours) == 24 and len(coloured) == min(len(set(gone)), views.COLOURED)
        assert set(coloured) <= set(gone)
        assert len({colours[k] for k in coloured}) == len(coloured)  # no colour twice
        assert all(c == colours[k] for k, c in enumerate(earlier) if c)  # kept
        earlier = colours
    assert len(coloured) >= 3
    box, rc = solara.render(components.LiveView(model), handle_error=False)
    try:
        for chart_id in ("ts-trust-chart", "ts-aum-chart"):
            chart = html_of(rc, chart_id)
            assert f"{24 - len(coloured)} other platforms" in chart and "more<" not in chart
            for k in coloured:
                assert f">{model.platforms[k].name}<" in chart
        chart = html_of(rc, "ts-trust-chart")
        assert ">headline<" in chart and ">survivors only<" in chart
        # the header counts frozen platforms beside the failed ones (trial: "1 of 24"
        # read as mild while 15 cards said frozen)
        frozen = model.recorder.model_vars["frozen"][-1]
        header = html_of(rc, "ts-day")
        assert (f"{frozen} frozen" in header) == (frozen > 0)
    finally:
        rc.close()
    small = make_model()  # few platforms: each its own colour, as before
    assert views.line_colours(small) == [svg.colour_of(k) for k in range(2)]


def test_the_header_says_platforms_answer_as_usual_when_no_strategy_is_set(make_model):
    """"strategy as in the scenario (no response levers)" read as silence while the
    platforms made statements (student trial): the scenario setting none means the
    parameter defaults, the same as usual_response, and the header says so."""
    model = make_model()
    assert model.strategy_name == "none"
    box, rc = solara.render(components.Header(model, 0), handle_error=False)
    try:
        text = " ".join(w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets)
        assert "as usual (the scenario sets none; the same as usual_response)" in text
        assert "no response levers" not in text
    finally:
        rc.close()
    assert not trustsim.get_strategy("usual_response").levers  # what "the same" rests on


def test_views_drawn_while_play_steps_in_its_own_thread_never_see_half_a_day():
    """Play steps the model in a thread of its own. A view that read the record half-way
    through a day found its columns of different lengths, and a traceback replaced the page
    (1 ms play interval, or "Use Threads"). Views now read under the model's lock: drawn
    over and over while another thread steps as fast as it can, every one renders."""
    import threading

    model = app.LiveModel("p2p_collapse", rng=1, n_users=400, steps=400)
    stop, errors = threading.Event(), []

    def play() -> None:
        while not stop.is_set() and model.running:
            model.step()

    player = threading.Thread(target=play)
    player.start()
    try:
        for _ in range(60):
            for view in (components.TrustChart, components.MoneyChart, components.Header,
                         components.PlatformCards):
                try:
                    box, rc = solara.render(view(model, int(model.time)), handle_error=False)
                    rc.close()
                except Exception as exc:  # noqa: BLE001 - any failure is the finding
                    errors.append(repr(exc))
    finally:
        stop.set()
        player.join()
    assert not errors, errors[:3]


def test_the_live_model_stops_at_its_last_day():
    """Mesa's controls step "render interval" days at a time without looking at
    ``running``: a 365-day run showed "Day 400 of 365"."""
    model = app.LiveModel("data_leak", rng=1, n_users=150, steps=20)
    for _ in range(35):
        model.step()
    assert model.time == 20 and not model.running
    assert len(model.timeseries()) == 21


def test_network_sample_is_small_laid_out_and_leaves_the_run_alone(make_model):
    watched, plain = make_model(n_users=600), make_model(n_users=600)
    sample = views.NetworkSample.build(watched, size=200)
    assert len(sample.nodes) == 200 and len(set(sample.nodes.tolist())) == 200
    assert sample.pos.shape == (200, 2) and 0 <= sample.pos.min() and sample.pos.max() <= 1
    assert len(sample.edges) > 150  # a snowball sample keeps the ties
    for a, b in sample.edges:
        assert sample.nodes[b] in watched.graph.neighbours(int(sample.nodes[a]))
    watched.run(10)
    plain.run(10)
    assert watched.timeseries().equals(plain.timeseries())
    values, active = sample.values(watched, platform=1)
    assert values.shape == (200,) and active.dtype == bool
    tiny = views.NetworkSample.build(make_model(n_users=50), size=200)
    assert len(tiny.nodes) == 50


def test_news_feed_mixes_media_items_and_events(make_model):
    model = make_model().run(20)
    feed = views.news_feed(model)
    assert feed and [f["time"] for f in feed] == sorted((f["time"] for f in feed), reverse=True)
    kinds = {f["kind"] for f in feed}
    assert kinds & {"official", "mainstream", "social"} and "crisis" in kinds
    assert any(f["rumour"] and "cannot pay out" in f["text"] for f in feed)
    statements = [f["text"] for f in feed if f["kind"] == "statement"]
    assert len(statements) == len(set(statements))  # repeats of one report are not news
    events, rows = views.timeline_events(model)
    assert rows == ["Sound", "Shaky", "whole sector"]
    assert all(0 <= e["row"] < len(rows) for e in events)
    assert not any(e["kind"] == "news_source" for e in events)


def test_a_repeated_statement_is_one_feed_item_at_its_latest_day():
    """rumour_run: the card said "day 51: Solid Bank reports progress" while the feed's
    newest statement was day 30, the first of the repeats (student trial): the item sits
    at the latest day and says how often it was said."""
    model = trustsim.TrustModel("rumour_run", rng=3, n_users=300).run(60)
    pl = model.platforms[0]
    day, text = pl.statements[-1]
    repeats = [t for t, said in pl.statements if said == text]
    assert len(repeats) >= 3
    feed = [it for it in views.news_feed(model) if it["kind"] == "statement"
            and it["text"].startswith(text)]
    assert len(feed) == 1 and feed[0]["time"] == day
    assert feed[0]["text"] == (f"{text} (said {len(repeats)} times since day "
                               f"{repeats[0]:.0f})")


def test_platform_cards_show_status_liquidity_rating_statements(make_model):
    model = make_model().run(20)
    cards = views.platform_cards(model)
    assert [c["name"] for c in cards] == ["Sound", "Shaky"]
    for c, pl in zip(cards, model.platforms, strict=True):
        assert c["status"] == pl.status and c["liquidity"] == pl.liquidity
        assert c["statements"] == len(pl.statements)
        assert 0 <= c["trust"] <= 1
    # cash paid out to the last yuan, a few 1e-15 below zero, is 0: not "-0.0 M CNY"
    # or "covers -0%" (student trial)
    model.platforms[1].liquidity = -2.7e-15
    card = views.platform_cards(model)[1]
    assert card["liquidity"] == 0.0 and not math.copysign(1.0, card["cover"]) < 0
    box, rc = solara.render(components.PlatformCards(model, 20), handle_error=False)
    try:
        assert "-0" not in html_of(rc, "ts-cards")
    finally:
        rc.close()


def test_many_platform_cards_say_the_panel_scrolls(make_model):
    """Student trial: 24 platforms, 8 cards in view, nothing saying 16 more were below."""
    for scenario, hint in (("p2p_wave_2018", True), ("calm_baseline", False)):
        model = make_model(scenario=scenario, n_users=300)
        box, rc = solara.render(components.PlatformCards(model, 0), handle_error=False)
        try:
            text = html_of(rc, "ts-cards")
            n = len(model.platforms)
            assert (f"{n} platforms: scroll the panel to see them all" in text) == hint, n
            assert "trust (all users)" in text and "headline counts holders only" in text
        finally:
            rc.close()


# ----------------------------------------------------------------------------- crises
def test_injected_crisis_fires_next_day_and_reaches_the_feed(make_model):
    model = make_model(scenario="calm_baseline", n_users=300)
    model.run(4)
    crisis = views.inject_crisis(model, "data_leak", "Platform B", 0.8)
    assert crisis.time == 5 and crisis in model.crises
    model.step()
    assert any(i.kind == "data_leak" and i.platform == 1 for i in model.incidents)
    assert views.news_feed(model)[0]["text"] == "Data leak hits Platform B"
    model.run(6)
    assert any("Platform B users leaked" in f["text"] for f in views.news_feed(model))


def test_injected_crisis_checks_what_students_pick(make_model):
    model = make_model()
    with pytest.raises(ValueError, match="no platform called"):
        views.inject_crisis(model, "data_leak", "Nope", 0.5)
    with pytest.raises(ValueError, match="not a pooled fund"):
        views.inject_crisis(model, "abscond", "Shaky", 0.5)
    model.platforms[1].set_status("failed", "test")
    with pytest.raises(ValueError, match="Shaky has failed"):
        views.inject_crisis(model, "outage", "Shaky", 0.5)
    sector = views.inject_crisis(model, "macro_shock", "all", 0.5)
    assert sector.target == "all"


def test_crisis_injector_button_schedules_on_the_model(make_model):
    import ipyvuetify as v

    model = make_model()
    n = len(model.crises)
    box, rc = solara.render(components.CrisisInjector(model), handle_error=False)
    try:
        rc.find(v.Btn, children=["Inject now"]).widget.click()
        assert len(model.crises) == n + 1 and model.crises[-1].type == "data_leak"
        assert model.crises[-1].target == "Sound" and model.crises[-1].time == 1
        rc.find(v.Alert).assert_single()
    finally:
        rc.close()
    # the note goes once the crisis has hit, the button once the run has ended (trial:
    # "hits on day 1" shown forty days later; the button on after the end)
    day, running = solara.reactive(0), solara.reactive(True)

    @solara.component
    def Page() -> None:
        components.CrisisInjector(model, day.value, running.value)

    box, rc = solara.render(Page(), handle_error=False)
    try:
        button = rc.find(v.Btn, children=["Inject now"])
        button.widget.click()
        hit = model.crises[-1].time
        day.set(hit)
        rc.find(v.Alert).assert_single()  # until it hits
        day.set(hit + 1)
        assert len(rc.find(v.Alert).widgets) == 0 and not button.widget.disabled
        running.set(False)
        assert rc.find(v.Btn, children=["Inject now"]).widget.disabled
    finally:
        rc.close()


def test_crisis_injector_offers_abscond_only_where_a_pool_can_flee(make_model):
    """Student trial: abscond was offered for every platform (and all of them), then
    refused after the click; now only pooled funds are offered, and where there are none
    the card says so and the button is off."""
    import ipyvuetify as v

    for scenario, pooled in (("operator_abscond", True), ("calm_baseline", False)):
        model = make_model(scenario=scenario, n_users=200)
        want = [pl.name for pl in model.platforms if pl.pooled_fund]
        assert bool(want) == pooled
        box, rc = solara.render(components.CrisisInjector(model), handle_error=False)
        try:
            rc.find(v.Select, label="Crisis").widget.v_model = views.crisis_label("abscond")
            assert rc.find(v.Select, label="Platform").widget.items == want
            button = rc.find(v.Btn, children=["Inject now"]).widget
            assert button.disabled != pooled
            said = " ".join(str(w.children) for w in rc.find(v.Html).widgets)
            assert ("none can abscond" in said) != pooled
            if pooled:
                button.click()
                assert model.crises[-1].type == "abscond" and model.crises[-1].target in want
        finally:
            rc.close()


# ----------------------------------------------------------------------------- compare
def test_compare_strategies_pairs_seeds_and_draws_bands():
    done = []
    c = compare_strategies("rumour_run", ["do_nothing", "rapid_rebuttal"], 3, n_users=150,
                           steps=25, progress=lambda d, t: done.append((d, t)))
    assert done[-1] == (6, 6)
    assert c.days.tolist() == list(range(26))
    for s in c.strategies:
        med, lo, hi = c.band(s)
        assert med.shape == (26,) and np.all(lo <= med + 1e-12) and np.all(med <= hi + 1e-12)
    # Paired runs: the strategies share seeds, so they agree before the rumour (day 20).
    a, b = c.runs["do_nothing"]["mean_trust"], c.runs["rapid_rebuttal"]["mean_trust"]
    assert a.shape == (3, 26) and np.allclose(a[:, :15], b[:, :15])
    assert {r["strategy"] for r in c.table()} == {"do_nothing", "rapid_rebuttal"}
    # With few runs the tab draws and lists the lowest to highest run, not a 10-90 % band
    # interpolated between three values.
    for r in c.table("active_users", 0.0, 100.0):
        final = c.runs[r["strategy"]]["active_users"][:, -1]
        assert (r["final_p10"], r["final_p90"]) == (final.min(), final.max())
    svg_text = svg.line_chart([svg.Line(s, "#000", c.days, c.band(s)[0]) for s in c.strategies],
                              bands=[svg.Band("#000", c.days, *c.band(s)[1:])
                                     for s in c.strategies])
    assert svg_text.count('class="band"') == 2


def test_compare_can_be_cancelled():
    assert compare_strategies("calm_baseline", ["do_nothing", "full_rebuild"], 2,
                              n_users=100, steps=5, cancelled=lambda: True) is None


# ----------------------------------------------------------------------------- drawing
def test_svg_line_chart_breaks_lines_at_gaps_and_labels_axes():
    text = svg.line_chart([svg.Line("a", "#123456", [0, 1, 2, 3], [0.1, np.nan, 0.3, 0.4])],
                          ylabel="mean trust (0-1)", chart_id="x", marks=[2])
    assert text.startswith('<svg id="x"') and text.count("<polyline") == 2
    assert "mean trust (0-1)" in text and "stroke-dasharray" in text
    assert svg.trust_colour(0.0) == "#d7191c" and svg.trust_colour(1.0) == "#2c7bb6"
    assert svg.trust_colour(0.5) == "#ffffbf" and svg.trust_colour(float("nan")) == "#999999"
    assert svg.nice_ticks(0, 1, 4) == [0.0, 0.25, 0.5, 0.75, 1.0]
    # a legend name is cut only where its column is too narrow (student trial: the compare
    # chart, 900 px wide, cut "timely_truthful_discl…")
    name = "timely_truthful_disclosure"
    wide = svg.line_chart([svg.Line(name, "#123456", [0, 1], [0.1, 0.2])], width=900)
    narrow = svg.line_chart([svg.Line(name, "#123456", [0, 1], [0.1, 0.2])], width=300)
    legend = {w: re.findall(r'<text x="[^"]*" y="[^"]*" fill="currentColor">([^<]*)</text>',
                            t) for w, t in (("wide", wide), ("narrow", narrow))}
    assert legend["wide"] == [name] and legend["narrow"] == ["timely_trut…"]


# ----------------------------------------------------------------------------- serving
def test_server_command_and_environment_keep_the_page_offline(monkeypatch):
    monkeypatch.setenv("SOLARA_ASSETS_PROXY", "false")
    cmd = serve.server_command(port=9999)
    assert cmd[1:4] == ["-m", "solara", "run"] and "trustsim.viz.app" in cmd
    assert {"--production", "--no-check-version"} <= set(cmd)
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1" and cmd[cmd.index("--port") + 1] == "9999"
    env = serve.server_env()
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"
    assert "SOLARA_ASSETS_PROXY" not in env
    assert env["SOLARA_THEME_SHOW_BANNER"] == "false"  # it covered the charts' corner


def test_serve_refuses_a_port_in_use(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert serve.serve(port=port) == 2
    assert "in use" in capsys.readouterr().err
