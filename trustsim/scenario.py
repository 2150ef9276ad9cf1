"""Scenario files: schema, loading (safe YAML, ``extends:``), and errors people can act on.

Core objects: :class:`Scenario` (what a file holds), :func:`load_scenario`,
:func:`resolve` (scenario + strategy + flat overrides -> the parameters of one run) and
:class:`ScenarioError` (names the file, line, key path, bad value, what is allowed, and a
close match for typos).
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trustsim.crises import CRISES, Crisis, crisis_from_dict
from trustsim.params import Params, PlatformSpec, default_platforms
from trustsim.strategies import LEVERS, Strategy, get_strategy, strategies

__all__ = ["Scenario", "ScenarioError", "load_scenario", "resolve", "bundled_scenarios",
           "apply_sets", "read_yaml"]


class ScenarioError(ValueError):
    """Bad input in a scenario, strategy or experiment, with everything needed to fix it.

    Attributes:
        file, line, key, value, allowed, suggestion: where and what (any may be None).
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None, value: Any = None, allowed: Any = None,
                 suggestion: str | None = None) -> None:
        self.message, self.file, self.line, self.key = message, file, line, key
        self.value, self.allowed, self.suggestion = value, allowed, suggestion
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = f"{where}{self.key + ': ' if self.key else ''}{self.message}"
        if self.value is not None:
            text += f" (got {self.value!r})"
        if self.allowed:
            allowed = self.allowed
            if isinstance(allowed, (list, tuple, set)):
                if len(allowed) > 20:
                    allowed = f"{len(allowed)} names (`trustsim list {self._listing()}`)"
                else:
                    allowed = ", ".join(map(str, sorted(allowed)))
            text += f"; allowed: {allowed}"
        if self.suggestion:
            text += f"; did you mean {self.suggestion!r}?"
        return text


    def _listing(self) -> str:
        key = self.key or ""
        if "levers" in key or key == "strategy":
            return "levers"
        return "params"


def _suggest(word: str, options: Any) -> str | None:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return close[0] if close else None


class Scenario(BaseModel):
    """What a scenario file holds.

    Attributes:
        name: short identifier; description: what the scenario represents.
        extends: a bundled scenario name or a path this one starts from.
        params: flat parameter values (keys of :class:`~trustsim.params.Params`).
        platforms: the platforms (empty: ``n_platforms`` graded platforms).
        crises: crisis entries, each with a ``type:`` from ``trustsim list crises``.
        strategy: a strategy name or ``{name, description, levers}``.

    Example:
        >>> sc = Scenario(name="demo", params={"n_users": 300})
        >>> Scenario.model_validate(sc.to_dict()) == sc
        True
    """

    model_config = ConfigDict(extra="forbid")

    name: str = "default"
    description: str = ""
    extends: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    platforms: list[PlatformSpec] = Field(default_factory=list)
    crises: list[dict[str, Any]] = Field(default_factory=list)
    strategy: str | dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the file form (``extends`` already applied)."""
        data = self.model_dump(mode="json", exclude_none=True)
        data["platforms"] = [{k: v for k, v in pl.items() if v is not None}
                             for pl in data["platforms"]]
        data.pop("extends", None)
        return data

    def to_yaml(self, path: str | Path) -> Path:
        """Write the scenario to a YAML file that :func:`load_scenario` reads back."""
        path = Path(path)
        path.write_text(yaml.safe_dump(self.to_dict(), sort_keys=False), encoding="utf-8")
        return path


# ----------------------------------------------------------------------------- reading
def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """Read a YAML file safely; return the data and a map from key path to line number.

    Raises:
        ScenarioError: when the file is missing or is not valid YAML.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ScenarioError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=str(path),
                            line=mark.line + 1 if mark else None) from None
    lines: dict[tuple, int] = {}

    def walk(n: Any, prefix: tuple) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = prefix + (k.value,)
                lines[key] = k.start_mark.line + 1
                walk(v, key)
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                lines[prefix + (i,)] = v.start_mark.line + 1
                walk(v, prefix + (i,))

    if node is not None:
        walk(node, ())
    return data, lines


def _line(lines: dict[tuple, int], loc: tuple) -> int | None:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def bundled_dir(kind: str = "scenarios") -> Path:
    """The folder of bundled files of a kind (``scenarios`` or ``experiments``)."""
    return Path(str(resources.files("trustsim").joinpath(f"data/{kind}")))


def bundled_files(kind: str = "scenarios") -> dict[str, str]:
    """Return the bundled files of a kind by name, each with its one-line description."""
    out = {}
    for path in sorted(bundled_dir(kind).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out[path.stem] = str(data.get("description", "")).strip().split("\n")[0]
    return out


def bundled_scenarios() -> dict[str, str]:
    """Return the bundled scenarios by name, each with its one-line description."""
    return bundled_files("scenarios")


def locate(ref: str, base: Path | None = None, kind: str = "scenarios") -> Path:
    """Find a file: a path as given (or relative to ``base``), else a bundled name.

    Raises:
        ScenarioError: when ``ref`` is neither a path nor a bundled name of that kind.
    """
    path = Path(ref)
    try:
        exists = path.exists()
    except OSError:  # e.g. a name too long for the file system
        exists = False
    if path.suffix in (".yaml", ".yml") or "/" in ref or exists:
        if not path.is_absolute() and base is not None and not exists:
            path = base / path
        return path
    bundled = bundled_dir(kind) / f"{ref}.yaml"
    try:
        if bundled.exists():
            return bundled
    except OSError:
        pass
    names = sorted(bundled_files(kind))
    what = kind.rstrip("s")
    raise ScenarioError(f"no such {what}", key=what, value=ref, allowed=names,
                        suggestion=_suggest(ref, names))


def _raw(ref: str, base: Path | None = None, seen: tuple = ()) -> tuple[dict, Path, dict]:
    path = locate(ref, base)
    data, lines = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError("a scenario file must be a mapping of keys", file=str(path),
                            line=1)
    parent = data.get("extends")
    if parent:
        if str(path) in seen:
            raise ScenarioError("extends: forms a cycle", file=str(path),
                                line=lines.get(("extends",)), key="extends", value=parent)
        pdata, _, _ = _raw(str(parent), path.parent, seen + (str(path),))
        data = _merge(pdata, data)
        data.pop("extends", None)  # applied
    return data, path, lines


def _merge(parent: dict, child: dict) -> dict:
    """Child keys replace the parent's; ``params`` are merged key by key."""
    merged = {**parent, **child}
    pp, cp = parent.get("params") or {}, child.get("params") or {}
    if isinstance(pp, dict) and isinstance(cp, dict):
        merged["params"] = {**pp, **cp}
    return merged


def load_scenario(ref: str | Path, sets: list[str] | None = None) -> Scenario:
    """Load a scenario from a bundled name or a YAML path, validating everything.

    Args:
        ref: a bundled scenario name (``"p2p_collapse"``) or a file path.
        sets: ``key.path=value`` overrides applied before validation.

    Raises:
        ScenarioError: for a missing file, bad YAML, unknown keys, wrong types,
            out-of-range values or unknown platform names in crises.

    Example:
        >>> load_scenario("calm_baseline").name
        'calm_baseline'
    """
    data, path, lines = _raw(str(ref))
    sc = validate_scenario(data, file=str(path), lines=lines)
    if sets:
        sc = validate_scenario(apply_sets(data, sets), file=f"{path} (after --set)")
    return sc


def apply_sets(data: dict, sets: list[str]) -> dict:
    """Apply ``key.path=value`` overrides; a bare parameter name means ``params.NAME``."""
    data = copy.deepcopy(data)
    if not isinstance(data.get("params") or {}, dict):
        raise ScenarioError("must be a mapping", key="params", value=data.get("params"))
    data["params"] = dict(data.get("params") or {})
    for item in sets:
        if "=" not in item:
            raise ScenarioError("--set needs KEY=VALUE", key="--set", value=item)
        key, _, text = item.partition("=")
        try:
            value = yaml.safe_load(text) if text.strip() else None
        except yaml.YAMLError:
            raise ScenarioError("value is not valid YAML", key=f"--set {key}",
                                value=text) from None
        parts = key.strip().split(".")
        if len(parts) == 1 and parts[0] not in Scenario.model_fields:
            parts = ["params", parts[0]]
        node: Any = data
        try:
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
            last = parts[-1]
            if isinstance(node, list):
                node[int(last)] = value
            elif isinstance(node, dict):
                node[last] = value
            else:
                raise TypeError
        except (IndexError, ValueError, TypeError, AttributeError):
            raise ScenarioError("no such place in the scenario", key=f"--set {key}",
                                value=item) from None
    return data


def _from_pydantic(exc: ValidationError, prefix: tuple, file: str | None,
                   lines: dict, model: type[BaseModel]) -> ScenarioError:
    err = exc.errors()[0]
    loc = prefix + tuple(err["loc"])
    key = ".".join(str(x) for x in loc)
    line = _line(lines, loc) if lines else None
    value = err.get("input")
    if err["type"] == "extra_forbidden":
        allowed = list(model.model_fields)
        return ScenarioError("unknown key", file=file, line=line, key=key,
                             allowed=allowed, suggestion=_suggest(loc[-1], allowed))
    ctx = err.get("ctx") or {}
    allowed = None
    if "expected" in ctx:
        allowed = ctx["expected"]
    elif "ge" in ctx or "le" in ctx:
        names = [x for x in err["loc"] if isinstance(x, str)]
        field = model.model_fields.get(names[-1]) if names else None
        lo = ctx.get("ge")
        hi = ctx.get("le")
        if field is not None:
            for m in field.metadata:
                lo = getattr(m, "ge", lo)
                hi = getattr(m, "le", hi)
        allowed = f"{lo if lo is not None else '-inf'} .. {hi if hi is not None else 'inf'}"
    return ScenarioError(err["msg"].lower(), file=file, line=line, key=key,
                         value=value if not isinstance(value, dict) else None, allowed=allowed)


def validate_params(values: dict, *, file: str | None = None, lines: dict | None = None,
                    prefix: tuple = ("params",)) -> Params:
    """Validate flat parameter values into :class:`Params` (strict: unknown keys fail)."""
    try:
        return Params(**values)
    except ValidationError as exc:
        raise _from_pydantic(exc, prefix, file, lines or {}, Params) from None


def _strategy_of(value: Any, *, file: str | None, lines: dict) -> Strategy | None:
    if value is None:
        return None
    if isinstance(value, Strategy):
        return value
    if isinstance(value, str):
        try:
            return get_strategy(value)
        except KeyError:
            raise ScenarioError("no such strategy", file=file,
                                line=_line(lines, ("strategy",)), key="strategy", value=value,
                                allowed=sorted(strategies()),
                                suggestion=_suggest(value, strategies())) from None
    if isinstance(value, dict) and "levers" not in value and value and all(
            isinstance(k, str) and k in LEVERS for k in value):
        value = {"name": "custom", "levers": dict(value)}  # a flat mapping of levers
    if isinstance(value, dict):
        extra = {str(k) for k in value} - {"name", "description", "levers", "extends"}
        if extra:
            k = sorted(extra)[0]
            raise ScenarioError("unknown key", file=file, line=_line(lines, ("strategy", k)),
                                key=f"strategy.{k}",
                                allowed=["name", "description", "levers", "extends"],
                                suggestion=_suggest(k, ["name", "description", "levers"]))
        levers = value.get("levers") or {}
        if not isinstance(levers, dict):
            raise ScenarioError("must be a mapping of lever values", file=file,
                                line=_line(lines, ("strategy", "levers")),
                                key="strategy.levers", value=levers)
        levers = dict(levers)
        if value.get("extends"):
            base = _strategy_of(value["extends"], file=file, lines=lines)
            levers = {**base.levers, **levers}
        for k in levers:
            if k not in LEVERS:
                raise ScenarioError("unknown lever", file=file,
                                    line=_line(lines, ("strategy", "levers", k)),
                                    key=f"strategy.levers.{k}", allowed=sorted(LEVERS),
                                    suggestion=_suggest(k, LEVERS))
        validate_params(levers, file=file, lines=lines, prefix=("strategy", "levers"))
        return Strategy(str(value.get("name", "custom")), str(value.get("description", "")),
                        levers)
    raise ScenarioError("must be a strategy name or a mapping with levers", file=file,
                        key="strategy", value=value)


def validate_scenario(data: Any, *, file: str | None = None,
                      lines: dict | None = None) -> Scenario:
    """Validate a scenario mapping (as read from a file) into a :class:`Scenario`."""
    lines = lines or {}
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a mapping of keys", file=file)
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        model: type[BaseModel] = Scenario
        if err["loc"] and err["loc"][0] == "platforms" and len(err["loc"]) > 2:
            model = PlatformSpec
        raise _from_pydantic(exc, (), file, lines, model) from None
    params = validate_params(sc.params, file=file, lines=lines)
    names = [pl.name for pl in sc.platforms] or [
        pl.name for pl in default_platforms(params.n_platforms, params)]
    if len(set(names)) != len(names):
        raise ScenarioError("platform names must be unique", file=file,
                            line=_line(lines, ("platforms",)), key="platforms")
    for i, entry in enumerate(sc.crises):
        _check_crisis(entry, i, names, sc, file=file, lines=lines, params=params)
    _strategy_of(sc.strategy, file=file, lines=lines)
    return sc


def _check_crisis(entry: dict, i: int, names: list[str], sc: Scenario, *, file: str | None,
                  lines: dict, params: Params) -> Crisis:
    prefix = ("crises", i)
    kind = entry.get("type") if isinstance(entry, dict) else None
    if not isinstance(kind, str) or kind not in CRISES:
        raise ScenarioError("unknown crisis type", file=file,
                            line=_line(lines, prefix + ("type",)), key=f"crises.{i}.type",
                            value=kind, allowed=sorted(CRISES),
                            suggestion=_suggest(kind, CRISES) if isinstance(kind, str)
                            else None)
    try:
        crisis = crisis_from_dict(entry)
    except ValidationError as exc:
        raise _from_pydantic(exc, prefix, file, lines, CRISES[kind]) from None
    targets = [crisis.target] if isinstance(crisis.target, str) else crisis.target
    for t in targets:
        if t != "all" and t not in names:
            raise ScenarioError("no platform of that name", file=file,
                                line=_line(lines, prefix + ("target",)),
                                key=f"crises.{i}.target", value=t, allowed=names + ["all"],
                                suggestion=_suggest(t, names))
    traits = {pl.name: pl.resolve(params) for pl in sc.platforms}
    for t in targets:
        if t == "all":
            continue
        problem = type(crisis).target_problem(t, traits.get(t) or {})
        if problem:
            raise ScenarioError(problem, file=file, line=_line(lines, prefix + ("target",)),
                                key=f"crises.{i}.target", value=t)
    return crisis


# ----------------------------------------------------------------------------- resolving
@dataclass
class RunSpec:
    """Everything one model run needs: parameters, platforms, crises, strategy."""

    params: Params
    platforms: list[PlatformSpec]
    crises: list[dict[str, Any]]
    strategy_name: str
    scenario: Scenario

    def platform_traits(self) -> list[dict[str, Any]]:
        """Resolved traits of every platform."""
        return [pl.resolve(self.params) for pl in self.platforms]

    def build_crises(self) -> list[Crisis]:
        """Fresh crisis objects for one model."""
        return [crisis_from_dict(c) for c in self.crises]


def resolve(scenario: Scenario | str | Path | None, strategy: Any,
            overrides: dict[str, Any]) -> RunSpec:
    """Combine a scenario, a strategy and flat overrides into a :class:`RunSpec`.

    Precedence: parameter defaults < scenario ``params`` < strategy levers < overrides.

    Raises:
        ScenarioError: for unknown keys, bad values or unknown names.
    """
    if scenario is None:
        sc = Scenario()
    elif isinstance(scenario, Scenario):
        sc = scenario
        if sc.extends:  # built in code: apply extends now, as loading a file would
            parent, path, _ = _raw(sc.extends)
            child = sc.model_dump(exclude_unset=True)
            child.pop("extends", None)
            sc = validate_scenario(_merge(parent, child), file=str(path))
    else:
        sc = load_scenario(scenario)
    strat = _strategy_of(strategy if strategy is not None else sc.strategy, file=None, lines={})
    levers = strat.levers if strat else {}
    values = {**sc.params, **levers, **overrides}
    params = validate_params(values, prefix=())
    platforms = list(sc.platforms)
    if not isinstance(scenario, (str, Path)):
        # Scenarios built in code are checked here (files were checked when loaded).
        validate_scenario(sc.model_dump(), file=None, lines={})
    if platforms and "n_platforms" in overrides and overrides["n_platforms"] != len(platforms):
        raise ScenarioError("conflicts with the scenario's list of platforms",
                            key="n_platforms", value=overrides["n_platforms"],
                            allowed=len(platforms))
    if not platforms:
        platforms = default_platforms(params.n_platforms, params)
    return RunSpec(params=params, platforms=platforms, crises=list(sc.crises),
                   strategy_name=strat.name if strat else "none", scenario=sc)
