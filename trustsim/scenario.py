"""Scenario files: schema, loading (safe YAML, ``extends:``), and errors people can act on.

Core objects: :class:`Scenario` (what a file holds), :func:`load_scenario`, :func:`resolve`
(scenario + strategy + overrides -> one run's parameters) and :class:`ScenarioError` (the
file, line, key path, bad value, what is allowed, and a close match for typos).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trustsim.bundled import bundled_dir, bundled_files, bundled_scenarios, is_file, locate
from trustsim.crises import CRISES, Crisis, crisis_from_dict
from trustsim.errors import ScenarioError, suggest
from trustsim.files import read_yaml
from trustsim.limits import check_world
from trustsim.overrides import apply_sets
from trustsim.params import Params, PlatformSpec, default_platforms
from trustsim.strategies import LEVERS, Strategy, get_strategy
from trustsim.validation import from_pydantic, line_of, pydantic_message, validate_params

__all__ = ["Scenario", "ScenarioError", "load_scenario", "resolve", "bundled_scenarios",
           "read_yaml", "validate_scenario", "validate_params", "locate",
           "line_of", "apply_sets", "suggest", "from_pydantic", "strategy_of", "load_strategy_file",
           "is_strategy_document", "STRATEGY_KEYS", "first_non_finite",
           "late_crises", "late_message", "pydantic_message", "scenario_from_document",
           "check_finite", "BASELINE_STRATEGY", "bundled_dir", "bundled_files"]

BASELINE_STRATEGY = "do_nothing"
"""The strategy sweeps compare against, and ``trustsim run`` uses when none is named."""


class Scenario(BaseModel):
    """What a scenario file holds.

    Attributes:
        name: short identifier; name_zh: its name in Chinese reports (optional);
            name_en: its name in words in English reports (optional);
            description: what the scenario represents; description_zh: the same in
            Chinese, for Chinese reports (optional).
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
    name_zh: str | None = None
    name_en: str | None = None
    description: str = ""
    description_zh: str | None = None
    extends: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    platforms: list[PlatformSpec] = Field(default_factory=list)
    crises: list[dict[str, Any]] = Field(default_factory=list)
    strategy: str | dict[str, Any] | None = None

    def applied(self) -> Scenario:
        """This scenario with ``extends`` applied, as loading a file applies it."""
        if not self.extends:
            return self
        parent, path, _ = _raw(self.extends)
        # set in the constructor, or edited in place since (review: sc.params["n_users"] = 300)
        child = {k: v for k, v in self.model_dump().items() if k in self.model_fields_set
                 or v != type(self).model_fields[k].get_default(call_default_factory=True)}
        child.pop("extends", None)
        return validate_scenario(_merge(parent, child), file=str(path), world=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the file form, ``extends`` applied (built in code, it dropped the parent)."""
        data = self.applied().model_dump(mode="json", exclude_none=True)
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
@dataclass
class _Origin:
    """Where the keys of a scenario came from (``extends:`` merges files)."""

    file: str
    lines: dict[tuple, int]
    owner: dict[tuple, tuple[str, dict[tuple, int]]]

    def place(self, err: ScenarioError) -> ScenarioError:
        """Move an error about a key set in a parent file to that file and line."""
        if not err.key or err.file != self.file:
            return err
        loc = tuple(int(p) if p.isdigit() else p for p in err.key.split("."))
        head = loc[:2] if loc[:1] == ("params",) and len(loc) > 1 else loc[:1]
        file, lines = self.owner.get(head, (self.file, self.lines))
        if file == self.file:
            return err
        return err.relocated(file, line_of(lines, loc))


def _raw(ref: str, base: Path | None = None, seen: tuple = ()) -> tuple[dict, Path, _Origin]:
    path = locate(ref, base)
    data, lines = read_yaml(path)
    return _expand(path, data, lines, seen)


def _expand(path: Path, data: Any, lines: dict, seen: tuple = ()) -> tuple[dict, Path, _Origin]:
    """Apply ``extends:`` to a file's data, remembering which file set each key."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError("a scenario file must be a mapping of keys", file=str(path),
                            line=1)
    file = str(path)
    mine = (file, lines)
    owner: dict[tuple, tuple[str, dict]] = {(k,): mine for k in data}
    if isinstance(data.get("params"), dict):
        owner.update({("params", k): mine for k in data["params"]})
    st = data.get("strategy")
    if isinstance(st, str) and st.endswith((".yaml", ".yml")):  # found next to this file,
        # wherever the run starts or a child file lies (review): kept as its levers
        data = {**data, "strategy": strategy_of(st, file=file, lines=lines).to_dict()}
    parent = data.get("extends")
    if parent:
        where = {"file": file, "line": lines.get(("extends",)), "key": "extends"}
        if not isinstance(parent, str):
            raise ScenarioError("must be a scenario name or a file path", value=parent,
                                **where)
        if str(path.resolve()) in seen:
            raise ScenarioError("extends: forms a cycle", value=parent, **where)
        try:
            ppath = locate(parent, path.parent)
        except ScenarioError as err:  # not found: the reference itself is wrong, here
            raise err.relocated(file, where["line"]) from None
        if not is_file(ppath):
            raise ScenarioError(f"no such file: {ppath} (a path in extends: is relative to "
                                "the folder of the file that names it)", value=parent,
                                suggestion=suggest(Path(parent).stem, bundled_files()),
                                **where)
        pdata, plines = read_yaml(ppath)
        pdata, _, porigin = _expand(ppath, pdata, plines, seen + (str(path.resolve()),))
        data = _merge(pdata, data)
        data.pop("extends", None)  # applied
        owner = {**porigin.owner, **owner}
    return data, path, _Origin(file, lines, owner)


def _merge(parent: dict, child: dict) -> dict:
    """Child keys replace the parent's; ``params`` are merged key by key.

    A child that names or describes itself does not keep the parent's Chinese name or
    description (they would name the parent in Chinese reports).
    """
    merged = {**parent, **child}
    for key in ("name", "description"):
        if key in child and f"{key}_zh" not in child:
            merged.pop(f"{key}_zh", None)
    pp, cp = parent.get("params") or {}, child.get("params") or {}
    if isinstance(pp, dict) and isinstance(cp, dict):
        merged["params"] = {**pp, **cp}
    return merged


def load_scenario(ref: str | Path, sets: list[str] | None = None, *,
                  world: bool = True) -> Scenario:
    """Load a scenario from a bundled name or a YAML path, validating everything.

    An error in a key from an ``extends:`` parent is reported at the parent's file and line.

    Args:
        ref: a bundled scenario name (``"p2p_collapse"``) or a file path.
        sets: ``key.path=value`` overrides applied before validation (``--set``).
        world: check crisis days and memory (off when more overrides follow, as in an
            experiment, which checks them after its own).

    Raises:
        ScenarioError: a missing, unreadable or oversized file, bad YAML, unknown keys, wrong
            types, out-of-range or non-finite values, unknown platforms in crises, crises
            after the last day, or a world too big for this machine.

    Example:
        >>> load_scenario("calm_baseline").name
        'calm_baseline'
    """
    path = locate(str(ref))
    data, lines = read_yaml(path)
    return scenario_from_document(path, data, lines, sets, world=world)


def scenario_from_document(path: Path, data: Any, lines: dict[tuple, int],
                           sets: list[str] | None = None, *, world: bool = True) -> Scenario:
    """:func:`load_scenario` for a file already read (see :func:`~trustsim.files.read_yaml`)."""
    data, path, origin = _expand(path, data, lines)
    try:
        sc = validate_scenario(data, file=str(path), lines=origin.lines,
                               world=world and not sets)
    except ScenarioError as err:
        raise err.each(origin.place) from None  # (each to the file that set its key)
    if sets:
        try:
            data = apply_sets(data, sets)
        except ScenarioError as err:
            raise err.each(lambda e: e.relocated(f"{path} (--set)", None)) from None
        sc = validate_scenario(data, file=f"{path} (after --set)", world=world)
    return sc


STRATEGY_KEYS = ("name", "name_zh", "name_en", "description", "levers", "extends")
"""The keys of a strategy: inline (``strategy:``, an experiment's ``strategies:``) or a file."""


def is_strategy_document(data: Any, base: Path | None = None, _depth: int = 0) -> bool:
    """Whether a YAML document is a strategy of its own.

    Strategy keys only, and ``levers:`` or an ``extends:`` naming a strategy (bundled, or a
    strategy file relative to ``base``). (A file of ``{name, name_zh, extends:
    timely_truthful_disclosure}`` was read as a scenario: review; a scenario that only
    renames another scenario file stays one.)
    """
    if not (isinstance(data, dict) and {str(k) for k in data} <= set(STRATEGY_KEYS)):
        return False
    if "levers" in data:
        return True
    ref = data.get("extends")
    if not isinstance(ref, str) or _depth > 8:
        return False
    from trustsim.strategies import strategies

    if ref in strategies():
        return True
    path = Path(ref) if base is None or Path(ref).is_absolute() else base / ref
    if not (ref.endswith((".yaml", ".yml")) and path.is_file()):
        return False
    try:
        return is_strategy_document(read_yaml(path)[0], path.parent, _depth + 1)
    except ScenarioError:
        return False


def load_strategy_file(path: str | Path, _seen: tuple = ()) -> Strategy:
    """A strategy from its own YAML file (keys: :data:`STRATEGY_KEYS`).

    ``extends:`` is a strategy name or another file (relative to this one). Errors name
    the file, the line and the key as the file writes it (``levers.stance``).

    Raises:
        ScenarioError: unreadable, not a strategy, an unknown lever or a bad value.
    """
    path = Path(path)
    if path.resolve() in _seen:
        raise ScenarioError("goes round in a circle", file=str(path), key="extends",
                            value=str(path))
    data, lines = read_yaml(path)
    if not is_strategy_document(data, path.parent):
        raise ScenarioError("not a strategy: a strategy file holds levers: and may hold "
                            "name, name_zh, name_en, description and extends", file=str(path),
                            value=None if isinstance(data, dict) else data,
                            allowed=list(STRATEGY_KEYS))
    where = {("strategy", *k): v for k, v in lines.items()}
    try:
        return strategy_of({"name": path.stem, **data}, file=str(path), lines=where,
                           _seen=(*_seen, path.resolve()))
    except ScenarioError as err:
        if err.file != str(path):
            raise

        def own(e: ScenarioError) -> ScenarioError:  # a key of the strategy file itself
            key = e.key or ""
            return e.keyed(key.removeprefix("strategy.")) if key.startswith("strategy.") else e
        raise err.each(own) from None


def strategy_of(value: Any, *, file: str | None, lines: dict,
                _seen: tuple = ()) -> Strategy | None:
    """A strategy from a name, a file, a mapping of levers or ``{name, extends, levers}``.

    A name ending in ``.yaml`` or ``.yml`` is a strategy file (:func:`load_strategy_file`),
    relative to the folder of ``file`` (the current folder when there is none).
    """
    if value is None:
        return None
    if isinstance(value, Strategy):
        return value
    if isinstance(value, str) and value.endswith((".yaml", ".yml")):
        ref = Path(value)
        if not ref.is_absolute() and file:
            ref = Path(file).parent / ref
        if not ref.is_file():
            raise ScenarioError("no such strategy file", file=file,
                                line=line_of(lines, ("strategy",)), key="strategy",
                                value=value)
        return load_strategy_file(ref, _seen)
    if isinstance(value, str):
        try:
            return get_strategy(value)
        except ScenarioError as exc:
            raise exc.relocated(file, line_of(lines, ("strategy",))) from None
    if isinstance(value, dict) and "levers" not in value and value and all(
            isinstance(k, str) and k in LEVERS for k in value):
        value = {"name": "custom", "levers": dict(value)}  # a flat mapping of levers
    if isinstance(value, dict):
        keys = list(STRATEGY_KEYS)
        extra = {str(k) for k in value} - set(keys)
        if extra:
            k = sorted(extra)[0]
            flat = not set(map(str, value)) & set(keys)  # levers alone, one misspelt (trial)
            options = list(LEVERS) if flat else keys
            raise ScenarioError("not a lever" if flat else "unknown key", file=file,
                                line=line_of(lines, ("strategy", k)), key=f"strategy.{k}",
                                allowed=options, suggestion=suggest(k, options))
        levers = value.get("levers") or {}
        if not isinstance(levers, dict):
            raise ScenarioError("must be a mapping of lever values", file=file,
                                line=line_of(lines, ("strategy", "levers")),
                                key="strategy.levers", value=levers)
        levers = dict(levers)
        if value.get("extends"):
            try:
                base = strategy_of(value["extends"], file=file, lines=lines, _seen=_seen)
            except ScenarioError as err:  # at the extends: key (trial: at the strategy)
                raise err.relocated(file, line_of(lines, ("strategy", "extends"))).keyed(
                    "strategy.extends") from None
            levers = {**base.levers, **levers}
        for k in levers:
            if k not in LEVERS:
                raise ScenarioError("unknown lever", file=file,
                                    line=line_of(lines, ("strategy", "levers", k)),
                                    key=f"strategy.levers.{k}", allowed=sorted(LEVERS),
                                    suggestion=suggest(k, LEVERS))
        validate_params(levers, file=file, lines=lines, prefix=("strategy", "levers"))
        return Strategy(str(value.get("name", "custom")), str(value.get("description", "")),
                        levers, str(value.get("name_zh") or ""),
                        str(value.get("name_en") or ""))
    raise ScenarioError("must be a strategy name or a mapping with levers", file=file,
                        key="strategy", value=value)


def first_non_finite(data: Any, prefix: tuple = ()) -> tuple | None:
    """The key path of the first infinite or NaN number inside ``data``, or None."""
    stack: list[tuple[Any, tuple]] = [(data, prefix)]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            return loc
        if isinstance(node, dict):
            stack.extend((v, loc + (k,)) for k, v in reversed(list(node.items())))
        elif isinstance(node, (list, tuple)):
            stack.extend((v, loc + (i,)) for i, v in reversed(list(enumerate(node))))
    return None


def check_finite(data: Any, *, file: str | None = None, lines: dict | None = None,
                 prefix: tuple = ()) -> None:
    """Refuse infinite and NaN numbers in ``data`` (``.inf``, ``1e999``): the first one's line."""
    loc = first_non_finite(data, prefix)
    if loc is not None:
        node = data
        for part in loc[len(prefix):]:
            node = node[part]
        raise ScenarioError("must be a finite number", file=file,
                            line=line_of(lines or {}, loc), key=".".join(map(str, loc)),
                            value=node)


def late_crises(crises: list[dict], steps: int) -> list[tuple[int, dict]]:
    """The crises (index, entry) scheduled after the last day: they would never fire."""
    return [(i, c) for i, c in enumerate(crises)
            if isinstance(c, dict) and isinstance(c.get("time"), int) and c["time"] > steps]


def validate_scenario(data: Any, *, file: str | None = None, lines: dict | None = None,
                      world: bool = True) -> Scenario:
    """Validate a scenario mapping (as read from a file) into a :class:`Scenario`.

    Beyond the schema: every number finite, platform names unique, crisis targets
    known and, with ``world`` (leave it on unless overrides follow, as in
    :func:`resolve`), every crisis on or before the last day (``steps``) and a world
    that fits in this machine's memory (:func:`trustsim.limits.check_world`).
    """
    lines = lines or {}
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a mapping of keys", file=file)
    check_finite(data, file=file, lines=lines)
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        raise from_pydantic(exc, (), file, lines, _schema_at) from None
    # numbers given as text ("inf", "1e999") become floats only now
    check_finite([pl.model_dump() for pl in sc.platforms], file=file, lines=lines,
                 prefix=("platforms",))
    params = validate_params(sc.params, file=file, lines=lines)
    check_finite(params.model_dump(), file=file, lines=lines, prefix=("params",))
    specs = sc.platforms or (default_platforms(params.n_platforms, params)
                             if sc.crises else [])
    names = [pl.name for pl in sc.platforms] or [
        pl.name for pl in (specs or default_platforms(params.n_platforms, params))]
    if len(set(names)) != len(names):
        raise ScenarioError("platform names must be unique", file=file,
                            line=line_of(lines, ("platforms",)), key="platforms")
    traits = {pl.name: pl.resolve(params) for pl in specs}  # once, for every crisis
    known = set(names)
    for i, entry in enumerate(sc.crises):
        crisis = _check_crisis(entry, i, known, names, traits, file=file, lines=lines,
                               params=params)
        check_finite(crisis.to_dict(), file=file, lines=lines, prefix=("crises", i))
    strategy_of(sc.strategy, file=file, lines=lines)
    if world:
        for i, entry in late_crises(sc.crises, params.steps)[:1]:
            raise ScenarioError(late_message(entry, params.steps), file=file,
                                line=line_of(lines, ("crises", i, "time")),
                                key=f"crises.{i}.time")
        check_world(params.n_users, len(names), params.mean_degree, params.network,
                    file=file, line=line_of(lines, ("params", "n_users")))
    return sc


def late_message(entry: dict, steps: int, source: str = "steps") -> str:
    """Why a crisis after the last day is an error, and the fix."""
    return (f"day {entry['time']} is after the last day of the run ({source}: {steps}), so "
            f"this {entry.get('type')} crisis would never happen; set steps to at least "
            f"{entry['time']} or move the crisis earlier")


def _schema_at(loc: tuple) -> type[BaseModel]:
    """The schema a scenario's error at key path ``loc`` is about (a platform's inside)."""
    return PlatformSpec if len(loc) > 2 and loc[0] == "platforms" else Scenario


def _check_crisis(entry: dict, i: int, known: set[str], names: list[str],
                  traits: dict[str, dict], *, file: str | None, lines: dict,
                  params: Params) -> Crisis:
    prefix = ("crises", i)
    kind = entry.get("type") if isinstance(entry, dict) else None
    if not isinstance(kind, str) or kind not in CRISES:
        raise ScenarioError("unknown crisis type", file=file,
                            line=line_of(lines, prefix + ("type",)), key=f"crises.{i}.type",
                            value=kind, allowed=sorted(CRISES),
                            suggestion=suggest(kind, CRISES) if isinstance(kind, str)
                            else None)
    try:
        crisis = crisis_from_dict(entry)
    except ValidationError as exc:
        raise from_pydantic(exc, prefix, file, lines, CRISES[kind]) from None
    targets = [crisis.target] if isinstance(crisis.target, str) else crisis.target
    for t in targets:
        if t != "all" and t not in known:
            raise ScenarioError("no platform of that name", file=file,
                                line=line_of(lines, prefix + ("target",)),
                                key=f"crises.{i}.target", value=t, allowed=names + ["all"],
                                suggestion=suggest(t, names))
    for t in targets:
        if t == "all":
            continue
        problem = type(crisis).target_problem(t, traits.get(t) or {})
        if problem:
            raise ScenarioError(problem, file=file, line=line_of(lines, prefix + ("target",)),
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
    ``strategy=None`` takes the scenario's own ``strategy:``, else no levers at all (the
    parameter defaults, named ``"none"``): that is *not* the ``do_nothing`` baseline
    sweeps compare against, which ``trustsim run`` uses when no strategy is named.

    After the overrides, the world is checked against this machine's memory before
    anything is allocated; a crisis left after the last day warns (a model can be
    stepped on by hand; files, ``--set``, ``--steps`` and experiments refuse it).

    Raises:
        ScenarioError: for unknown keys, bad or non-finite values, unknown names, a
            parameter that cannot act on the scenario (``n_platforms`` other than the
            number of listed platforms, ``size_concentration`` with listed platforms), or a
            world too big for this machine's memory.
    """
    if scenario is None:
        sc = Scenario()
    elif isinstance(scenario, Scenario):
        sc = scenario.applied()  # (built in code: extends applied now, as loading a file does)
    else:
        sc = load_scenario(scenario)
    strat = strategy_of(strategy if strategy is not None else sc.strategy, file=None, lines={})
    levers = strat.levers if strat else {}
    check_finite(overrides)
    values = {**sc.params, **levers, **overrides}
    params = validate_params(values, prefix=())
    check_finite(params.model_dump())
    platforms = list(sc.platforms)
    if not isinstance(scenario, (str, Path)):
        # Scenarios built in code are checked here (files were checked when loaded).
        validate_scenario(sc.model_dump(), file=None, lines={}, world=False)
    if platforms and "n_platforms" in overrides and overrides["n_platforms"] != len(platforms):
        raise ScenarioError("conflicts with the scenario's list of platforms",
                            key="n_platforms", value=overrides["n_platforms"],
                            allowed=len(platforms))
    if platforms and params.size_concentration:
        # It shapes only the default graded platforms; listed ones keep their market_share.
        raise ScenarioError(f"has no effect on scenario {sc.name!r}, which lists its "
                            "platforms (their market_share sets their sizes; the value may "
                            "come from a scenario it extends)", key="size_concentration",
                            value=params.size_concentration,
                            allowed="0, or a scenario without a list of platforms")
    check_world(params.n_users, len(platforms) or params.n_platforms, params.mean_degree,
                params.network)
    for i, entry in late_crises(sc.crises, params.steps)[:1]:
        warnings.warn(f"{sc.name}: crises.{i}.time: {late_message(entry, params.steps)}",
                      UserWarning, stacklevel=3)
    if not platforms:
        platforms = default_platforms(params.n_platforms, params)
    return RunSpec(params=params, platforms=platforms, crises=list(sc.crises),
                   strategy_name=strat.name if strat else "none", scenario=sc)

