"""Experiment files: schema, loading and validation.

Core objects: :class:`Experiment` (what an experiment file holds, and its plan of runs) and
:func:`load_experiment` (a bundled name or a path; strict like scenario files: every error
names the file, line, key path, bad value, what is allowed and a close match). The plan's
entries and seeds (:class:`Run`, :func:`run_seed`) are :mod:`trustsim.experiments.plan`'s.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from trustsim.crises import CRISES
from trustsim.experiments.designs import (
    Design,
    ParameterSpec,
    check_design,
    design_points,
    n_points,
    point_values,
)
from trustsim.experiments.manifest import recorded_scenario_file, results_manifest
from trustsim.experiments.plan import Run, design_seed, run_seed, safe_name
from trustsim.files import parse_yaml, read_text
from trustsim.limits import check_plan, check_world, world_bytes
from trustsim.metrics import MODEL_COLUMNS, SUMMARY_KEYS
from trustsim.outcomes import OUTCOMES
from trustsim.params import Params, plain_numbers
from trustsim.scenario import (
    Scenario,
    ScenarioError,
    bundled_files,
    check_finite,
    from_pydantic,
    late_crises,
    late_message,
    line_of,
    load_scenario,
    locate,
    pydantic_message,
    resolve,
    strategy_of,
    suggest,
)
from trustsim.strategies import Strategy

__all__ = ["Experiment", "Run", "UntilCI", "load_experiment", "bundled_experiments",
           "run_seed", "validate_experiment", "safe_name"]

METRICS = [m for m in MODEL_COLUMNS if m != "time"]


class UntilCI(BaseModel):
    """Adaptive replications (``until_ci:``).

    Paired replications are added in rounds until every interval of one outcome is
    narrower than ``width``, or a cap is reached.

    Attributes:
        width: the widest 95 % interval allowed (in the outcome's unit).
        outcome: the outcome whose intervals count (default: the headline outcome).
        max_replications: the cap (default: five times ``replications``).
        step: replications added per round (default: ``replications``).
    """

    model_config = ConfigDict(extra="forbid", strict=True)
    _numbers = field_validator("*", mode="before")(plain_numbers)
    width: float = Field(gt=0, allow_inf_nan=False)
    outcome: str | None = None
    max_replications: int | None = Field(None, ge=1, le=1_000_000)
    step: int | None = Field(None, ge=1, le=1_000_000)


class Experiment(BaseModel):
    """What an experiment file holds: scenarios x strategies x design points x replications.

    Attributes:
        name: identifier (default: the file name); description: one line;
            description_zh: the same line in Simplified Chinese, for ``--lang zh`` reports
            (default: the English one).
        seed: the experiment seed every run seed derives from.
        scenarios: bundled scenario names or paths (relative to the experiment file).
        strategies: strategy names or mappings (keys: ``scenario.STRATEGY_KEYS``).
        params: fixed parameter values for every run (keys of ``trustsim list params``).
        steps: run length in days for every run (default: each scenario's own).
        design: a :class:`~trustsim.experiments.designs.Design` over parameters.
        replications: runs per scenario, strategy and design point (different seeds).
        outcomes: summary outcomes, pattern measures to keep (default: every summary one).
        headline: the outcome the comparison decides on and leads with (decision page,
            summary, forest plot, adaptive replications); default ``final_trust`` when
            kept. Like ``min_effect``, changing it re-reads the runs, not re-runs them.
        baseline: the strategy compared against (default ``do_nothing``, else the first).
        min_effect: smallest effect that matters, by outcome (default: each outcome's
            own, ``trustsim list metrics``); an interval within it is "negligible".
        until_ci: adaptive replications (:class:`UntilCI`; ``--until-ci W``): paired
            rounds until every interval of the headline outcome is narrower than W.
        timeseries: daily metrics to keep: a list, ``all`` or ``none``.
        timeseries_every: keep every k-th day of the time series (and the last day).
        output: results folder (default ``results/NAME``), relative to the current folder.

    Example:
        >>> exp = load_experiment("smoke")
        >>> len(exp.plan()) == exp.n_runs
        True
    """

    model_config = ConfigDict(extra="forbid", strict=True)
    _numbers = field_validator("*", mode="before")(plain_numbers)
    name: str = Field("", pattern=r"^[A-Za-z0-9_.-]*$")
    description: str = ""
    description_zh: str = ""
    seed: int = Field(0, ge=0, le=2**63 - 1)
    scenarios: list[str] = Field(min_length=1)
    strategies: list[str | dict[str, Any]] = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)
    steps: int | None = Field(None, ge=1, le=20_000)
    design: Design = Field(default_factory=Design)
    replications: int = Field(10, ge=1, le=1_000_000)
    outcomes: list[str] | None = None
    headline: str | None = None
    baseline: str | None = None
    min_effect: dict[str, Any] = Field(default_factory=dict)
    until_ci: UntilCI | None = None
    timeseries: list[str] | Literal["all", "none"] = "all"
    timeseries_every: int = Field(1, ge=1, le=20_000)
    output: str | None = None

    _file: str | None = PrivateAttr(None)
    _text: str = PrivateAttr("")
    _scenarios: dict[str, Scenario] = PrivateAttr(default_factory=dict)
    _scenario_files: dict[str, str] = PrivateAttr(default_factory=dict)
    _strategies: dict[str, Strategy] = PrivateAttr(default_factory=dict)
    _design: pd.DataFrame | None = PrivateAttr(None)
    _unit: np.ndarray | None = PrivateAttr(None)
    _world_bytes: int = PrivateAttr(0)
    _worlds: set = PrivateAttr(default_factory=set)
    _plan: list[Run] | None = PrivateAttr(None)

    @property  # ------------------------------------------------------------ derived views
    def file(self) -> str | None:
        """The file this experiment was read from (None when built in code)."""
        return self._file

    @property
    def text(self) -> str:
        """The experiment file's text, verbatim (or its YAML form when built in code)."""
        return self._text

    @property
    def scenario_objects(self) -> dict[str, Scenario]:
        """The loaded scenarios, by name, in file order."""
        return self._scenarios

    @property
    def scenario_files(self) -> dict[str, str]:
        """The file each scenario was read from, by name."""
        return self._scenario_files

    @property
    def strategy_objects(self) -> dict[str, Strategy]:
        """The strategies, by name, in file order."""
        return self._strategies

    @property
    def design_table(self) -> pd.DataFrame:
        """One row per design point (index ``design_point``), one column per parameter."""
        return self._design  # type: ignore[return-value]

    @property
    def unit_sample(self) -> np.ndarray | None:
        """Sampled designs: the unit-cube sample behind :attr:`design_table` (SALib's X)."""
        return self._unit

    @property
    def overrides(self) -> dict[str, Any]:
        """Fixed parameter overrides of every run (``params`` plus ``steps``)."""
        out = dict(self.params)
        if self.steps is not None:
            out["steps"] = self.steps
        return out

    @property
    def outcome_names(self) -> list[str]:
        """Summary outcomes kept."""
        return list(self.outcomes) if self.outcomes is not None else list(SUMMARY_KEYS)

    @property
    def metric_names(self) -> list[str]:
        """Daily metrics kept (``time`` is always kept besides these)."""
        if self.timeseries == "all":
            return list(METRICS)
        if self.timeseries == "none":
            return []
        return list(self.timeseries)

    @property
    def output_dir(self) -> Path:
        """Where results go unless told otherwise."""
        return Path(self.output or f"results/{self.name}")

    @property
    def n_runs(self) -> int:
        """Total runs: scenarios x strategies x design points x replications."""
        return (len(self.scenarios) * len(self.strategies) * len(self.design_table)
                * self.replications)

    @property
    def world_bytes(self) -> int:
        """Estimated peak memory of the largest world the plan builds (bytes)."""
        return self._world_bytes

    @property
    def worlds(self) -> list[tuple[int, int]]:
        """The ``(n_users, n_platforms)`` sizes of the worlds the plan builds."""
        return sorted(self._worlds)

    def plan(self) -> list[Run]:
        """Every run of the experiment, in a fixed order, each with its seed.

        Computed once (seeds are shared by the strategies of a scenario, design point and
        replication, so each is drawn once).
        """
        if self._plan is not None and len(self._plan) == self.n_runs:
            return self._plan
        n_dp = len(self.design_table)
        common = self.design.common_seeds  # every design point meets point 0's worlds
        runs = []
        for sc in self._scenarios:
            seeds = [[run_seed(self.seed, sc, 0 if common else dp, rep)
                      for rep in range(self.replications)] for dp in range(n_dp)]
            for st in self._strategies:
                for dp in range(n_dp):
                    row = seeds[dp]
                    for rep in range(self.replications):
                        runs.append(Run(sc, st, dp, rep, row[rep]))
        self._plan = runs
        return runs

    def settings(self) -> dict[str, Any]:
        """Everything that determines the runs' results (the resume check compares it).

        Names, descriptions and the number of replications are left out: editing a
        description or adding replications keeps a results folder resumable.
        """
        return {
            "seed": self.seed,
            "scenarios": {k: {kk: vv for kk, vv in v.to_dict().items()
                              if kk not in ("name_zh", "name_en", "description_zh")}
                          | {"description": ""} for k, v in self._scenarios.items()},
            "strategies": {k: v.levers for k, v in self._strategies.items()},
            "overrides": self.overrides,
            "design": self.design_table.to_dict(orient="records"),
            "outcomes": self.outcome_names,
            "timeseries": self.metric_names,
            "timeseries_every": self.timeseries_every,
            # only when set: folders written before the key existed still resume
            **({"keep_scenario_values": True} if self.design.keep_scenario_values else {}),
            **({"common_seeds": True} if self.design.common_seeds else {}),
        }

    def settings_hash(self) -> str:
        """A SHA-256 of :meth:`settings` (replications excluded: adding more is a resume)."""
        text = json.dumps(self.settings(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def crisis_plugins(self) -> dict[str, type]:
        """Crisis types the scenarios use that trustsim itself does not define.

        They travel with each run so that worker processes can register them.
        """
        out = {}
        for sc in self._scenarios.values():
            for c in sc.crises:
                cls = CRISES.get(c.get("type"))
                if cls is not None and not cls.__module__.startswith("trustsim."):
                    out[c["type"]] = cls
        return out

    def __repr__(self) -> str:
        return (f"Experiment({self.name}: {len(self.scenarios)} scenarios x "
                f"{len(self.strategies)} strategies x {len(self.design_table)} design points x "
                f"{self.replications} replications = {self.n_runs:,} runs)")

    __str__ = __repr__


# ------------------------------------------------------------------------------- loading
def bundled_experiments() -> dict[str, str]:
    """Return the bundled experiments by name, each with its one-line description."""
    return bundled_files("experiments")


def load_experiment(ref: str | Path, sets: list[str] | None = None) -> Experiment:
    """Load an experiment from a bundled name (``"smoke"``) or a YAML path, validating it.

    The file is read and parsed once. Scenario paths in it are relative to the file
    (never to the current folder); other names are bundled scenarios.

    ``sets``: ``key.path=value`` overrides applied before validation (``trustsim sweep
    --set``); a bare name that is not a top-level key means ``params.NAME`` (``n_users=500``,
    ``replications=3``). The experiment's text (kept in the results folder) is then the
    data with the overrides, under a comment naming them: the folder's copy reruns the same.

    Raises:
        ScenarioError: a bad file, key, type or value (the file, line and key named), a
            design against its method's rules, a plan, crisis day or world out of bounds.

    Example:
        >>> load_experiment("smoke").name
        'smoke'
    """
    path = locate(str(ref), kind="experiments")
    text = read_text(path).text
    data, lines = parse_yaml(text, str(path))
    if sets:
        from trustsim.scenario import apply_sets

        if not isinstance(data, dict):
            raise ScenarioError("an experiment file must be a mapping of keys",
                                file=str(path), line=1)
        try:
            data = apply_sets(data, list(sets), top=Experiment.model_fields,
                              what="experiment",
                              nested={"design": set(Design.model_fields) - {"parameters"}})
        except ScenarioError as err:
            raise err.relocated(f"{path} (--set)", None) from None
        text = (f"# {path.name} with --set {' --set '.join(sets)}\n"
                + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        exp = validate_experiment(data, file=f"{path} (after --set)", base=path.parent,
                                  text=text)
    else:
        exp = validate_experiment(data, file=str(path), lines=lines, base=path.parent,
                                  text=text)
    if exp.output is None and results_manifest(path.parent) is not None:
        exp.output = str(path.parent)  # a results folder's copy sweeps into its folder
    return exp


def _model_at(loc: tuple) -> type[BaseModel]:
    if loc[:2] == ("design", "parameters") and len(loc) > 3:
        return ParameterSpec
    if loc[:1] == ("design",) and len(loc) > 1:
        return Design
    if loc[:1] == ("until_ci",) and len(loc) > 1:
        return UntilCI
    return Experiment


def validate_experiment(data: Any, *, file: str | None = None, lines: dict | None = None,
                        base: Path | None = None, text: str | None = None) -> Experiment:
    """Validate an experiment mapping (as read from a file) into an :class:`Experiment`.

    Scenario paths are resolved against ``base`` (the experiment file's folder), then as
    bundled names; ``text`` is the file's text, kept verbatim for the results' manifest.
    Checks run after every override: the plan's size before the design is drawn, then
    each scenario's crisis days against the run length and its worlds' memory at every
    design point.
    """
    lines = lines or {}
    if not isinstance(data, dict):
        raise ScenarioError("an experiment file must be a mapping of keys", file=file, line=1)
    check_finite(data, file=file, lines=lines)
    if not data.get("name"):
        data = {**data, "name": safe_name(Path(file).stem) if file else "experiment"}
    try:
        exp = Experiment.model_validate(data)
    except ValidationError as exc:
        raise from_pydantic(exc, (), file, lines, _model_at) from None

    def fail(msg: str, loc: tuple, **kw: Any) -> ScenarioError:
        return ScenarioError(msg, file=file, line=line_of(lines, loc),
                             key=".".join(map(str, loc)), **kw)

    exp._file = file
    _load_scenarios(exp, base, fail)
    _load_strategies(exp, file, lines, fail)
    _check_outputs(exp, fail)
    _check_params(exp, file, lines, fail)
    check_design(exp.design, file=file, lines=lines)
    for name in exp.design.parameters:
        if name in exp.overrides:
            where = ("design", "parameters", name)
            raise fail("set both in params (or steps) and in the design; keep one", where)
        for st in exp._strategies.values():
            if name in st.levers:
                raise fail(f"strategy {st.name} sets this lever; a design value would "
                           "override it in every run", ("design", "parameters", name))
        listed = [s for s, sc in exp._scenarios.items() if sc.platforms]
        if name == "size_concentration" and listed:
            # Refused before any run (a design's first point may be 0, which passes).
            raise fail(f"shapes only the default graded platforms; scenario {listed[0]} "
                       "lists its platforms (their market_share sets their sizes)",
                       ("design", "parameters", name))
    points = n_points(exp.design)
    n_sc, n_st = len(exp.scenarios), len(exp.strategies)
    check_plan(n_sc * n_st * points * exp.replications,
               f"{n_sc} scenarios x {n_st} strategies x {points:,} design points x "
               f"{exp.replications:,} replications", file=file,
               line=line_of(lines, ("design",) if points > 1 else ("replications",)),
               key="design" if points > 1 else "replications")
    exp._design, exp._unit = design_points(exp.design, design_seed(exp.seed))
    exp._design.index.name = "design_point"
    _check_worlds(exp, fail)
    # One resolve per scenario x strategy catches conflicts before any run starts.
    first = exp._design.iloc[0].to_dict() if len(exp._design.columns) else {}
    for sname, sc in exp._scenarios.items():
        for st in exp._strategies.values():
            try:
                resolve(sc, st, {**exp.overrides,
                                 **point_values(exp.design, first, sc.params)})
            except ScenarioError as err:
                raise ScenarioError(f"scenario {sname} with strategy {st.name}: "
                                    f"{err.message}", file=file, key=err.key, value=err.value,
                                    allowed=err.allowed, suggestion=err.suggestion) from None
    if text is None:
        text = yaml.safe_dump(data, sort_keys=False)
    exp._text = text
    return exp


_SIZE_KEYS = ("steps", "n_users", "mean_degree", "network", "n_platforms")


def _check_worlds(exp: Experiment, fail: Any) -> None:
    """Crisis days against the run length, and memory, after every override."""
    for n, (sname, sc) in enumerate(exp._scenarios.items()):
        # What this scenario's runs take of the design (keep_scenario_values).
        table = exp._design[list(point_values(exp.design, dict.fromkeys(exp._design.columns),
                                              sc.params))]
        base = {**{k: f.default for k, f in Params.model_fields.items()}, **sc.params,
                **exp.overrides}  # read as a run reads them ("1000" is 1000):
        base.update({k: getattr(Params(**{k: base[k]}), k) for k in _SIZE_KEYS})
        if "steps" in table.columns:
            steps, loc, source = int(table["steps"].min()), ("design", "parameters",
                                                             "steps"), "the design's shortest"
        elif "steps" in exp.overrides:
            steps = base["steps"]
            loc, source = ("steps",) if exp.steps is not None else ("params", "steps"), "steps"
        else:  # the scenario's own, as a run reads it ("200.0" is 200); unchecked at load
            steps, loc, source = base["steps"], ("scenarios", n), "steps"
        for i, entry in late_crises(sc.crises, steps)[:1]:
            hint = "" if loc[0] == "scenarios" else " (or leave steps to each scenario)"
            raise fail(f"scenario {sname}: crises.{i}: {late_message(entry, steps, source)}"
                       f"{hint}", loc)
        sizes = pd.DataFrame({c: table[c] if c in table.columns else base[c]
                              for c in _SIZE_KEYS[1:]},
                             index=table.index).drop_duplicates()
        n_plat = len(sc.platforms)
        worst, need = None, -1
        for row in sizes.itertuples(index=False):
            exp._worlds.add((int(row.n_users), int(n_plat or row.n_platforms)))
            b = world_bytes(row.n_users, n_plat or row.n_platforms, row.mean_degree,
                            row.network)
            if b > need:
                worst, need = row, b
        at = fail("", next((("design", "parameters", k) for k in ("n_users", "mean_degree")
                            if k in table.columns), ("params", "n_users")))
        check_world(worst.n_users, n_plat or worst.n_platforms, worst.mean_degree,
                    worst.network, file=at.file, line=at.line, key=at.key,
                    what=f"scenario {sname}: ")
        exp._world_bytes = max(exp._world_bytes, need)


def _load_scenarios(exp: Experiment, base: Path | None, fail: Any) -> None:
    for i, ref in enumerate(exp.scenarios):
        try:
            path = locate(ref, base)
        except ScenarioError as err:  # neither a file next to this one nor a bundled name
            raise fail(err.message, ("scenarios", i), value=ref, allowed=err.allowed,
                       suggestion=err.suggestion) from None
        if not path.exists():
            try:
                path = recorded_scenario_file(ref, base) or path
            except ScenarioError as err:  # there, but changed since the runs
                raise fail(err.message, ("scenarios", i), value=ref) from None
        if not path.exists():
            names = bundled_files("scenarios")
            raise fail(f"no such scenario file: {path} (a path is relative to the "
                       "experiment file's folder; a bare name is a bundled scenario)",
                       ("scenarios", i), value=ref,
                       suggestion=suggest(Path(ref).stem, names))
        try:
            sc = load_scenario(path, world=False)
        except ScenarioError as err:
            if err.file and err.file != str(path) or err.line:
                raise  # the scenario file itself is bad: its own location says most
            raise fail(f"scenario file {path}: {err.message}", ("scenarios", i), value=ref,
                       allowed=err.allowed, suggestion=err.suggestion) from None
        if sc.name in exp._scenarios:
            raise fail("two scenarios have the same name", ("scenarios", i), value=sc.name)
        exp._scenarios[sc.name] = sc
        exp._scenario_files[sc.name] = str(path.resolve())  # absolute: recorded_scenario_file
    safe = [safe_name(n) for n in exp._scenarios]
    if len(set(safe)) != len(safe):
        raise fail("scenario names clash once made file-name safe", ("scenarios",),
                   value=list(exp._scenarios))


def _load_strategies(exp: Experiment, file: str | None, lines: dict, fail: Any) -> None:
    for i, ref in enumerate(exp.strategies):
        sub = {k[2:]: v for k, v in lines.items() if k[:2] == ("strategies", i)}
        sub = {("strategy",) + k: v for k, v in sub.items()}
        try:
            st = strategy_of(ref, file=file, lines=sub)
        except ScenarioError as err:
            if err.file not in (None, file):  # in a strategy file it names: as it is
                raise

            def here(e: ScenarioError, i: int = i) -> ScenarioError:  # (its place in the list)
                return e.relocated(file, e.line or line_of(lines, ("strategies", i))).keyed(
                    (e.key or "strategy").replace("strategy", f"strategies.{i}", 1))
            raise err.each(here) from None
        try:
            Params(**st.levers)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise fail(pydantic_message(err), ("strategies", i, "levers", err["loc"][0]),
                       value=err.get("input")) from None
        if st.name in exp._strategies:
            raise fail("two strategies have the same name", ("strategies", i), value=st.name)
        exp._strategies[st.name] = st
    safe = [safe_name(n) for n in exp._strategies]
    if len(set(safe)) != len(safe):
        raise fail("strategy names clash once made file-name safe", ("strategies",),
                   value=list(exp._strategies))


def _check_outputs(exp: Experiment, fail: Any) -> None:
    known = list(OUTCOMES)
    for i, name in enumerate(exp.outcomes or []):
        if name not in known:
            raise fail("not a summary outcome or pattern measure (see `trustsim list "
                       "metrics`)", ("outcomes", i), value=name, allowed=known,
                       suggestion=suggest(name, known))
    if exp.outcomes is not None and len(set(exp.outcomes)) != len(exp.outcomes):
        raise fail("an outcome is listed twice", ("outcomes",))
    ranked = [n for n, o in OUTCOMES.items() if o.direction]
    for name, value in exp.min_effect.items():
        if name not in ranked:
            raise fail("min_effect is for outcomes with a better direction (see `trustsim "
                       "list metrics`)", ("min_effect", name), value=name, allowed=ranked,
                       suggestion=suggest(name, ranked))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                math.isfinite(value) and value >= 0):
            raise fail("the smallest effect that matters must be a finite number >= 0",
                       ("min_effect", name), value=value)
    kept = [n for n in exp.outcome_names if n in ranked]
    if exp.headline is not None and exp.headline not in kept:
        why = ("unknown outcome" if exp.headline not in OUTCOMES else
               "the headline needs an outcome with a better direction"
               if exp.headline not in ranked else "the experiment does not keep this outcome")
        raise fail(why, ("headline",), value=exp.headline, allowed=kept,
                   suggestion=suggest(exp.headline, kept))
    if exp.baseline is not None and exp.baseline not in (names := list(exp._strategies)):
        raise fail("not one of the experiment's strategies", ("baseline",), value=exp.baseline,
                   allowed=names, suggestion=suggest(exp.baseline, names))
    if exp.until_ci is not None:
        u = exp.until_ci
        if u.outcome is not None and u.outcome not in kept:
            why = ("unknown outcome" if u.outcome not in OUTCOMES else
                   "until_ci needs an outcome with a better direction"
                   if u.outcome not in ranked else "the experiment does not keep this outcome")
            raise fail(why, ("until_ci", "outcome"), value=u.outcome, allowed=kept,
                       suggestion=suggest(u.outcome, kept))
        if len(exp.strategies) < 2:
            raise fail("until_ci compares strategies in pairs: at least two are needed",
                       ("strategies",), value=len(exp.strategies), allowed=">= 2")
        if u.max_replications is not None and u.max_replications < exp.replications:
            raise fail("the cap must be at least replications", ("until_ci",
                       "max_replications"), value=u.max_replications,
                       allowed=f">= {exp.replications}")
    if isinstance(exp.timeseries, list):
        for i, name in enumerate(exp.timeseries):
            if name not in METRICS:
                raise fail("not a daily metric", ("timeseries", i), value=name,
                           allowed=METRICS, suggestion=suggest(name, METRICS))
        if len(set(exp.timeseries)) != len(exp.timeseries):
            raise fail("a metric is listed twice", ("timeseries",))


def _check_params(exp: Experiment, file: str | None, lines: dict, fail: Any) -> None:
    from trustsim.scenario import validate_params

    if exp.steps is not None and "steps" in exp.params:
        raise fail("steps is set twice (top level and params); keep one", ("steps",))
    validate_params(exp.params, file=file, lines=lines)
    for name in exp.params:
        for st in exp._strategies.values():
            if name in st.levers:
                raise fail(f"strategy {st.name} sets this lever; a fixed value here would "
                           "override it in every run", ("params", name))
