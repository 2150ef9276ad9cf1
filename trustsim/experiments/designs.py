"""Designs over model parameters: full grids, Latin hypercubes, Sobol and Morris samples.

Core objects: :class:`ParameterSpec` (a range or a list of values, with a distribution),
:class:`Design` (a method and its parameters), :func:`check_design` (every name a key of
:class:`~trustsim.params.Params`, every range inside the parameter's own range) and
:func:`design_points` (the table of parameter values, one row per design point).

Sampled designs (``lhs``, ``sobol``, ``morris``) first draw points in the unit cube, then
map each coordinate through the parameter's distribution: ``uniform`` and ``loguniform``
over ``range``, ``int`` (every integer in ``range`` equally likely) and ``choice`` (one of
``values``). SALib's indices are computed on the unit-cube coordinates, so Morris
elementary effects are per full range of a parameter and comparable across parameters.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from trustsim.params import Params, describe, plain_numbers
from trustsim.scenario import ScenarioError, line_of, pydantic_message, suggest

__all__ = ["ParameterSpec", "Design", "check_design", "design_points", "n_points",
           "point_values", "unit_sample", "salib_problem", "METHODS"]

METHODS = ("none", "grid", "lhs", "sobol", "morris")
Distribution = Literal["uniform", "loguniform", "int", "choice"]


class ParameterSpec(BaseModel):
    """How one parameter varies across the design.

    Give either ``range: [low, high]`` (with ``distribution`` uniform, loguniform or int;
    ``levels`` for a grid) or ``values: [...]`` (a choice among those values).

    Example:
        >>> ParameterSpec(range=[0.0, 0.9]).kind("guarantee_coverage")
        'uniform'
    """

    model_config = ConfigDict(extra="forbid", strict=True)
    _numbers = field_validator("*", mode="before")(plain_numbers)

    range: list[float] | None = Field(None, min_length=2, max_length=2,
                                      description="[low, high], both included")
    values: list[Any] | None = Field(None, min_length=1, description="the values to choose from")
    distribution: Distribution | None = Field(
        None, description="uniform (default for reals), loguniform, int (default for "
                          "integers) or choice (default with values)")
    levels: int | None = Field(None, ge=2, le=10_000,
                               description="grid only: evenly spaced points over range")

    def kind(self, name: str) -> str:
        """The distribution in force for parameter ``name``."""
        if self.distribution:
            return self.distribution
        if self.values is not None:
            return "choice"
        return "int" if Params.model_fields[name].annotation is int else "uniform"

    def grid_values(self, name: str) -> list[Any]:
        """The values a grid takes for this parameter."""
        if self.values is not None:
            return list(self.values)
        lo, hi = self.range  # type: ignore[misc]
        kind = self.kind(name)
        if kind == "loguniform":
            return [float(v) for v in np.geomspace(lo, hi, self.levels)]
        if kind == "int":
            return sorted({int(round(v)) for v in np.linspace(lo, hi, self.levels)})
        return [float(v) for v in np.linspace(lo, hi, self.levels)]

    def from_unit(self, name: str, u: np.ndarray) -> list[Any]:
        """Map unit-cube coordinates ``u`` (0-1) to parameter values."""
        kind = self.kind(name)
        if kind == "choice":
            vals = list(self.values)  # type: ignore[arg-type]
            idx = np.minimum((u * len(vals)).astype(int), len(vals) - 1)
            return [vals[i] for i in idx]
        lo, hi = self.range  # type: ignore[misc]
        if kind == "int":
            lo_i, hi_i = math.ceil(lo), math.floor(hi)
            return [int(v) for v in np.minimum(np.floor(lo_i + u * (hi_i - lo_i + 1)), hi_i)]
        if kind == "loguniform":
            return [float(v) for v in np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))]
        return [float(v) for v in lo + u * (hi - lo)]


class Design(BaseModel):
    """A design over model parameters.

    Attributes:
        method: ``none`` (one point: the scenario's values), ``grid`` (every combination),
            ``lhs`` (Latin hypercube), ``sobol`` (Saltelli sampling for Sobol indices) or
            ``morris`` (elementary-effects trajectories).
        samples: lhs: points; sobol: base sample N (a power of two; N x (D + 2) points,
            N x (2D + 2) with ``second_order``); morris: trajectories r (r x (D + 1) points).
        levels: morris: grid levels p (even).
        second_order: sobol: also estimate second-order indices.
        keep_scenario_values: a design value does not replace a value the run's scenario
            file sets itself (in ``params``, ``extends`` included): the scenario keeps it,
            as the pattern tests do (pattern-oriented calibration across scenarios of
            different eras). The design table and the results still show the sampled
            values; with it off (the default) the design value wins everywhere. Refused
            for ``sobol`` and ``morris``, whose indices need every run's sampled values,
            and without a design method (``none``), where it would do nothing.
        common_seeds: every design point meets the same worlds: replication k of every
            point runs on the same seed (common random numbers across the design, as the
            strategies of a point already share theirs), so the difference between two
            points is the parameters', not the worlds'. Off by default (each point draws
            its own worlds, as results written before the key kept). Sharpens an
            elementary-effects screen (``morris``), a Sobol analysis and a grid's curve;
            refused without a design method, where it would do nothing.
        parameters: parameter name -> :class:`ParameterSpec`, in file order.

    Example:
        >>> d = Design(method="grid", parameters={"n_users": ParameterSpec(values=[200, 400])})
        >>> n_points(d)
        2
    """

    model_config = ConfigDict(extra="forbid", strict=True)
    _numbers = field_validator("*", mode="before")(plain_numbers)

    method: Literal["none", "grid", "lhs", "sobol", "morris"] = "none"
    samples: int | None = Field(None, ge=1, le=10_000_000)
    levels: int = Field(4, ge=2, le=100)
    second_order: bool = False
    keep_scenario_values: bool = False
    common_seeds: bool = False
    parameters: dict[str, ParameterSpec] = Field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Parameter names, in file order."""
        return list(self.parameters)


def point_values(design: Design, point: dict[str, Any], scenario_params: dict[str, Any]
                 ) -> dict[str, Any]:
    """The values of one design point that a run of a scenario takes.

    Every value, unless ``keep_scenario_values`` is set: then those the scenario sets
    itself (``scenario_params``) are left out, so the scenario keeps its own.
    """
    if not design.keep_scenario_values:
        return dict(point)
    return {k: v for k, v in point.items() if k not in scenario_params}


def n_points(design: Design) -> int:
    """Number of design points the design has."""
    d = len(design.parameters)
    if design.method == "none":
        return 1
    if design.method == "grid":
        return math.prod(len(spec.grid_values(n)) for n, spec in design.parameters.items())
    n = design.samples or 0
    if design.method == "lhs":
        return n
    if design.method == "sobol":
        return n * (2 * d + 2 if design.second_order else d + 2)
    return n * (d + 1)


def salib_problem(design: Design) -> dict[str, Any]:
    """The SALib problem: every parameter on the unit interval (see the module docstring)."""
    return {"num_vars": len(design.parameters), "names": design.names,
            "bounds": [[0.0, 1.0]] * len(design.parameters)}


def unit_sample(design: Design, seed: int) -> np.ndarray:
    """Draw the sampled design in the unit cube: one row per design point."""
    d = len(design.parameters)
    if design.method == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d=d, rng=np.random.default_rng(seed)).random(design.samples)
    problem = salib_problem(design)
    if design.method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, design.samples, calc_second_order=design.second_order,
                            seed=seed)
    if design.method == "morris":
        from SALib.sample import morris

        return morris.sample(problem, design.samples, num_levels=design.levels, seed=seed)
    raise ValueError(f"{design.method} is not a sampled design")


def design_points(design: Design, seed: int) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Return the design table and, for sampled designs, its unit-cube sample.

    The table has one row per design point and one column per parameter; the sample is
    ``None`` for ``none`` and ``grid`` designs.
    """
    names = design.names
    if design.method == "none":
        return pd.DataFrame(index=pd.RangeIndex(1)), None
    if design.method == "grid":
        axes = [design.parameters[n].grid_values(n) for n in names]
        rows = list(itertools.product(*axes))
        return pd.DataFrame(rows, columns=names), None
    unit = unit_sample(design, seed)
    cols = {n: design.parameters[n].from_unit(n, unit[:, k]) for k, n in enumerate(names)}
    return pd.DataFrame(cols, columns=names), unit


# ------------------------------------------------------------------------- validation
def _bounds(name: str) -> tuple[float | None, float | None]:
    row = next(r for r in describe() if r["name"] == name)
    return row["min"], row["max"]


def _range_text(name: str) -> str:
    lo, hi = _bounds(name)
    return f"{lo if lo is not None else '-inf'} .. {hi if hi is not None else 'inf'}"


def check_design(design: Design, *, file: str | None = None, lines: dict | None = None,
                 prefix: tuple = ("design",)) -> None:
    """Check a design against the parameter schema and the rules of its method.

    Raises:
        ScenarioError: naming the file, line and key path of the first problem.
    """
    lines = lines or {}

    def fail(msg: str, loc: tuple, **kw: Any) -> ScenarioError:
        full = prefix + loc
        return ScenarioError(msg, file=file, line=line_of(lines, full),
                             key=".".join(map(str, full)), **kw)

    fields = Params.model_fields
    method, d = design.method, len(design.parameters)
    if method == "none":
        if design.parameters:
            raise fail("parameters need a design method", ("method",), value="none",
                       allowed=list(METHODS[1:]))
    elif not design.parameters:
        raise fail(f"a {method} design needs at least one parameter", ("parameters",))
    if method in ("sobol", "morris") and design.keep_scenario_values:
        raise fail(f"a {method} analysis needs every run to take its sampled values "
                   "(remove keep_scenario_values, or use lhs or grid)",
                   ("keep_scenario_values",), value=True, allowed="false")
    if method == "none" and design.keep_scenario_values:
        raise fail("keep_scenario_values is not used without a design method (remove it, or "
                   "set a method and parameters)", ("keep_scenario_values",), value=True,
                   allowed="false")
    if method == "none" and design.common_seeds:
        raise fail("common_seeds is not used without a design method (remove it, or set a "
                   "method and parameters)", ("common_seeds",), value=True, allowed="false")
    if method in ("none", "grid") and design.samples is not None:
        raise fail(f"samples is not used by a {method} design (remove it)", ("samples",),
                   value=design.samples)
    if method in ("lhs", "sobol", "morris") and design.samples is None:
        raise fail(f"a {method} design needs samples", ("samples",),
                   allowed={"lhs": "points, >= 2", "sobol": "a power of two, >= 8",
                            "morris": "trajectories, >= 2"}[method])
    if method == "lhs" and design.samples < 2:  # type: ignore[operator]
        raise fail("a Latin hypercube needs at least 2 points", ("samples",),
                   value=design.samples, allowed=">= 2")
    if method == "sobol":
        n = design.samples or 0
        if n < 8 or n & (n - 1):
            nxt = max(8, 1 << max(n - 1, 1).bit_length())
            raise fail("Sobol (Saltelli) sampling needs a power of two, at least 8, for its "
                       "convergence properties", ("samples",), value=n,
                       allowed="8, 16, 32, 64, ...", suggestion=str(nxt))
        if d < 2:
            raise fail("Sobol indices need at least 2 parameters", ("parameters",))
    if method == "morris":
        if (design.samples or 0) < 2:
            raise fail("Morris screening needs at least 2 trajectories", ("samples",),
                       value=design.samples, allowed=">= 2 (10 or more is usual)")
        if design.levels % 2:
            raise fail("Morris levels must be even (so every step is the same size)",
                       ("levels",), value=design.levels, allowed="2, 4, 6, 8, ...",
                       suggestion=str(design.levels + 1))
    if method != "morris" and "levels" in design.model_fields_set:  # (was ignored: trial)
        raise fail(f"levels here is Morris's grid levels, not used by the {method} design"
                   + (" (a grid's levels go with each parameter's range)" if method == "grid"
                      else " (remove it)"), ("levels",), value=design.levels)
    for name, spec in design.parameters.items():
        loc = ("parameters", name)
        if name not in fields:
            raise fail("not a model parameter", loc, allowed=list(fields),
                       suggestion=suggest(name, fields))
        _check_parameter(name, spec, method,
                         lambda msg, sub=(), loc=loc, **kw: fail(msg, loc + sub, **kw))


def _check_parameter(name: str, spec: ParameterSpec, method: str, fail: Any) -> None:
    ann = Params.model_fields[name].annotation
    numeric = ann in (int, float)
    if (spec.range is None) == (spec.values is None):
        raise fail("give either range: [low, high] or values: [...]",
                   allowed="range or values")
    if spec.values is not None:
        if spec.distribution not in (None, "choice"):
            raise fail("values make a choice; distribution must be choice (or left out)",
                       ("distribution",), value=spec.distribution)
        if spec.levels is not None:
            raise fail("levels goes with range, not values", ("levels",))
        for i, v in enumerate(spec.values):
            try:
                valid = getattr(Params(**{name: v}), name)
                if numeric and isinstance(v, str):  # "150" in quotes: 150, as runs take it
                    spec.values[i] = valid  # (the memory check and summaries need numbers)
            except ValidationError as exc:
                err = exc.errors()[0]
                allowed = _range_text(name) if numeric else (err.get("ctx") or {}).get(
                    "expected")
                raise fail(pydantic_message(err), ("values", i), value=v,
                           allowed=allowed) from None
        if len(set(map(repr, spec.values))) != len(spec.values):
            raise fail("values repeat", ("values",), value=spec.values)
        return
    if not numeric:
        raise fail(f"{name} is not numeric: list its values instead of a range",
                   ("range",), suggestion="values")
    kind = spec.kind(name)
    if kind == "choice":
        raise fail("distribution choice needs values, not a range", ("distribution",))
    lo, hi = spec.range  # type: ignore[misc]
    if not lo < hi:
        raise fail("range must be [low, high] with low < high", ("range",), value=spec.range)
    plo, phi = _bounds(name)
    if (plo is not None and lo < plo) or (phi is not None and hi > phi):
        raise fail("range goes outside the parameter's own range", ("range",),
                   value=spec.range, allowed=_range_text(name))
    if kind == "int" and ann is not int:
        raise fail(f"{name} is a real number; int needs an integer parameter",
                   ("distribution",), value="int", allowed="uniform, loguniform")
    if kind != "int" and ann is int:
        raise fail(f"{name} is an integer: use distribution int (or values)",
                   ("distribution",), value=kind, allowed="int")
    if kind == "int" and math.floor(hi) < math.ceil(lo):
        raise fail("range holds no integer", ("range",), value=spec.range)
    if kind == "loguniform" and lo <= 0:
        raise fail("loguniform needs low > 0", ("range",), value=spec.range)
    if method == "grid" and spec.levels is None:
        raise fail("a grid over a range needs levels (points from low to high)", ("levels",),
                   allowed=">= 2")
    if method != "grid" and spec.levels is not None:
        raise fail("levels is for grid designs (sampled designs draw from the range)",
                   ("levels",), value=spec.levels)
