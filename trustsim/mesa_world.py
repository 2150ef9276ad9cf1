"""Mesa's Reset rebuilds the same world: a Mesa ``Scenario`` that carries the trustsim one.

Core functions: :func:`remember` (the Mesa scenario a :class:`~trustsim.TrustModel` keeps
as ``model.scenario``) and :func:`recall` (what a model built from such a scenario
starts from). Mesa's tools rebuild a model from its class and the *class* of its
scenario (SolaraViz's Reset calls ``type(model)(scenario=type(model.scenario)(), ...)``),
so the world (trustsim scenario, strategy, flat overrides) travels on a small subclass
made for it; the page's own parameters (sliders, seed) still win over the remembered
overrides.
"""

from __future__ import annotations

from typing import Any

from mesa.experimental.scenarios import Scenario as MesaScenario

__all__ = ["WorldScenario", "remember", "recall"]


class WorldScenario(MesaScenario):
    """A Mesa scenario remembering the trustsim world a model was built from.

    Attributes:
        world: (trustsim scenario, strategy as given, flat overrides), on the class.

    Example:
        >>> import trustsim
        >>> m = trustsim.TrustModel("rumour_run", n_users=100, steps=5, rng=1)
        >>> again = trustsim.TrustModel(scenario=type(m.scenario)())
        >>> again.spec.scenario.name, again.p.n_users
        ('rumour_run', 100)
    """

    # Not annotated: Mesa turns annotated class attributes into scenario parameters.
    world = None

    def __reduce__(self) -> tuple:
        # the class is made at run time: pickle (and copy) rebuild it from its world
        return _rebuild, (type(self).world, self.rng)


def _world_class(world: tuple[Any, Any, dict[str, Any]]) -> type[WorldScenario]:
    return type("TrustsimWorld", (WorldScenario,), {"world": world, "__module__": __name__})


def _rebuild(world: tuple[Any, Any, dict[str, Any]], rng: Any) -> WorldScenario:
    return _world_class(world)(rng=rng)


def remember(scenario: Any, strategy: Any, overrides: dict[str, Any],
             rng: Any) -> WorldScenario:
    """The Mesa scenario for a model built from this world (``model.scenario``)."""
    return _world_class((scenario, strategy, dict(overrides)))(rng=rng)


def recall(mesa_scenario: MesaScenario, strategy: Any, overrides: dict[str, Any],
           rng: Any) -> tuple[Any, Any, dict[str, Any], Any]:
    """The world to build from a Mesa scenario handed to ``TrustModel(scenario=...)``.

    A :class:`WorldScenario` gives back its world: its trustsim scenario, its strategy
    unless one is given, its overrides under the ones given, its seed unless one is
    given. Any other Mesa scenario means the default world.

    Returns:
        (trustsim scenario or None, strategy, overrides, rng).
    """
    world = getattr(type(mesa_scenario), "world", None)
    if rng is None:
        rng = getattr(mesa_scenario, "rng", None)
    if world is None:
        return None, strategy, overrides, rng
    scenario, saved_strategy, saved = world
    return (scenario, saved_strategy if strategy is None else strategy,
            {**saved, **overrides}, rng)
