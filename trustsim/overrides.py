"""``--set KEY=VALUE`` overrides of a scenario or experiment document, checked as given.

Core function: :func:`apply_sets`. A bare name means a parameter (``n_users=300`` is
``params.n_users``); a path reaches into lists (``platforms.0.reserve_ratio``); a place set
twice to different values is refused rather than the last one silently winning.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable
from typing import Any

import yaml

from trustsim.errors import ScenarioError, suggest
from trustsim.params import Params

__all__ = ["apply_sets"]


def apply_sets(data: dict, sets: list[str], top: Iterable[str] | None = None,
               what: str = "scenario", nested: dict[str, Iterable[str]] | None = None
               ) -> dict:
    """Apply ``key.path=value`` overrides; a bare parameter name means ``params.NAME``.

    ``top``: the keys a bare name may be itself (default: a scenario's); ``nested``: the
    keys a bare name may be under a section (an experiment's ``design``: ``samples=400``
    means ``design.samples``); ``what`` names the document in errors (``scenario`` or
    ``experiment``).
    """
    if top is None:
        from trustsim.scenario import Scenario  # (it loads files with this function)

        top = Scenario.model_fields
    top = set(top)
    data = copy.deepcopy(data)
    if not isinstance(data.get("params") or {}, dict):
        raise ScenarioError("must be a mapping", key="params", value=data.get("params"))
    data["params"] = dict(data.get("params") or {})
    seen: dict[tuple, tuple[str, Any]] = {}  # place -> (the --set, its value): one per place
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
        if len(parts) == 1 and parts[0] not in top:
            section = next((sec for sec, keys in (nested or {}).items()
                            if parts[0] in keys), "params")
            if section == "params" and parts[0] not in Params.model_fields:
                # A bare name may be a key of the file or a parameter: suggest among all
                # (``replicatons`` means ``replications``, not ``rectification_days``).
                names = [*sorted(top), *(k for keys in (nested or {}).values()
                                         for k in sorted(keys)), *Params.model_fields]
                raise ScenarioError(f"unknown key: neither a key of the {what} nor a "
                                    "parameter", key=f"--set {parts[0]}", value=item,
                                    allowed=f"{len(names)} names (`trustsim list params` "
                                            f"and the {what} file's keys)",
                                    suggestion=suggest(parts[0], names))
            parts = [section, parts[0]]
        if len(parts) >= 2 and parts[1].lstrip("-").isdigit():
            _check_item(data, parts[0], int(parts[1]), what, key, item)
        node: Any = data
        place: tuple = ()
        try:
            for part in parts[:-1]:
                at = int(part) % len(node) if isinstance(node, list) else part
                node, place = (node[at] if isinstance(node, list)
                               else node.setdefault(part, {})), (*place, at)
            last = parts[-1]
            place = (*place, int(last) % len(node) if isinstance(node, list) else last)
            under = next((other for q, (other, _) in seen.items()
                          if len(q) > len(place) and q[:len(place)] == place), None)
            if under is not None:  # (review: the earlier part was dropped silently)
                raise ScenarioError(f"replaces what {under} set before it; set the whole "
                                    "first, then its parts", key=f"--set {key}", value=item)
            if place in seen and not _same(seen[place][1], value):
                raise ScenarioError(f"set twice, to different values (the other: "
                                    f"{seen[place][0]}); give one", key=f"--set {key}",
                                    value=item)
            seen[place] = (item, value)
            if isinstance(node, list):
                node[int(last)] = value
            elif isinstance(node, dict):
                node[last] = value
            else:
                raise TypeError
        except ScenarioError:
            raise
        except (IndexError, ValueError, TypeError, AttributeError, ZeroDivisionError):
            raise ScenarioError(f"no such place in the {what}", key=f"--set {key}",
                                value=item) from None
    return data


def _same(a: Any, b: Any) -> bool:
    """Two --set values are the same (1000 and 1000.0 are; NaN is itself)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def _check_item(data: dict, name: str, idx: int, what: str, key: str, item: str) -> None:
    """Refuse ``--set NAME.IDX...`` when the file has no list ``NAME`` or no item ``IDX``."""
    items = data.get(name)
    if items in (None, []):
        hint = (": its platforms are made from n_platforms (graded quality); write them out "
                "under platforms: in a scenario file to set one" if name == "platforms" else "")
        raise ScenarioError(f"the {what} has no list {name!r} to pick item {idx} from{hint}",
                            key=f"--set {key}", value=item)
    if isinstance(items, list) and not -len(items) <= idx < len(items):
        raise ScenarioError(f"the {what}'s {name!r} has {len(items)} item(s), numbered from 0 "
                            f"to {len(items) - 1}", key=f"--set {key}", value=item)
