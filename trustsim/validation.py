"""Pydantic's validation errors as :class:`~trustsim.errors.ScenarioError`: key, line, value.

Core functions: :func:`from_pydantic` (the errors of a validation, each at its line, with
what is allowed), :func:`validate_params` (flat parameters, strictly), :func:`line_of` (a
key path's line in a YAML file) and :func:`pydantic_message` (the message for a user).
Shared by scenario, strategy and experiment files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from trustsim.errors import ScenarioError, suggest
from trustsim.params import Params

__all__ = ["from_pydantic", "line_of", "pydantic_message", "validate_params"]


def line_of(lines: dict[tuple, int], loc: tuple) -> int | None:
    """The line of key path ``loc`` (or of its nearest parent that has one)."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def pydantic_message(err: dict) -> str:
    """A pydantic error's message for a user.

    In lower case, without pydantic's "Value error, " before a check of trustsim's own (a
    boolean for a number, ...).
    """
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "model_type" and "parameterspec" in err["msg"].lower():
        return "a design parameter takes {range: [low, high]} or {values: [...]}"
    if kind in ("model_type", "dict_type"):
        return "should be a mapping of keys"
    if kind == "too_short" and "min_length" in ctx:
        n = ctx["min_length"]
        return f"needs at least {n} {'entry' if n == 1 else 'entries'}"
    return err["msg"].removeprefix("Value error, ").lower()


_UNION_TAG = re.compile(r"(str|int|float|bool|list\[.*\]|dict\[.*\])")
_NUMBER_TYPES = {**dict.fromkeys(("int_type", "int_parsing", "int_from_float"), "a whole number, "),
                 **dict.fromkeys(("float_type", "float_parsing"), "a number, ")}


def from_pydantic(exc: ValidationError, prefix: tuple, file: str | None,
                  lines: dict, model: type[BaseModel] | Callable[[tuple], type[BaseModel]]
                  ) -> ScenarioError:
    """The errors of a pydantic validation as a :class:`ScenarioError`, each at its line.

    The first is the error raised; the others follow in its ``more`` (a file with three
    mistakes shows all three at once). ``model``: the schema whose keys and bounds an
    error names, or a function from the error's key path to it (a platform's keys inside
    a scenario).
    """
    found = [_one(err, prefix, file, lines,
                  model if isinstance(model, type) else model(tuple(err["loc"])))
             for err in exc.errors()]
    # one line per key: a union's members each fail a value ("a valid string", "a
    # mapping of keys"); its first says what the field takes
    first_of: dict[tuple, ScenarioError] = {}
    for e in found:
        first_of.setdefault((e.line, e.key), e)
    found = list(first_of.values())
    # in the file's order (pydantic's is the schema's), keys without a line last
    first, *rest = sorted(found, key=lambda e: (e.line is None, e.line or 0))
    first.more = rest
    return first


def _one(err: Any, prefix: tuple, file: str | None, lines: dict,
         model: type[BaseModel]) -> ScenarioError:
    """One pydantic error as a :class:`ScenarioError` at its line."""
    # pydantic names the member of a union it tried (target.str): not a key of the file
    tags = [x for x in err["loc"] if isinstance(x, str) and _UNION_TAG.fullmatch(x)]
    loc = prefix + tuple(x for x in err["loc"] if x not in tags)
    key = ".".join(str(x) for x in loc)
    line = line_of(lines, loc) if lines else None
    value = err.get("input")
    if err["type"] == "extra_forbidden":
        allowed = list(model.model_fields)
        hint = suggest(loc[-1], allowed)
        if hint is None and "params" in allowed and loc[-1] in Params.model_fields:
            hint = ".".join(str(x) for x in (*loc[:-1], "params", loc[-1]))  # (a parameter)
        return ScenarioError("unknown key", file=file, line=line, key=key,
                             allowed=allowed, suggestion=hint)
    ctx = err.get("ctx") or {}
    allowed = None
    msg = pydantic_message(err)
    if "expected" in ctx:
        allowed = ctx["expected"]
    elif tags and isinstance(loc[-1], str) and loc[-1] in model.model_fields:
        allowed = model.model_fields[loc[-1]].description  # (what the union takes)
    elif err["type"] in ("bool_type", "bool_parsing"):  # (trial: it named nothing allowed)
        allowed = "true or false"
    elif "ge" in ctx or "le" in ctx or err["type"] in ("value_error", *_NUMBER_TYPES):
        names = [x for x in err["loc"] if isinstance(x, str)]
        field = model.model_fields.get(names[-1]) if names else None
        lo = ctx.get("ge")
        hi = ctx.get("le")
        if field is not None:
            for m in field.metadata:
                lo = getattr(m, "ge", lo)
                hi = getattr(m, "le", hi)
        if lo is not None or hi is not None:  # (for a number of the wrong kind, its kind)
            allowed = (_NUMBER_TYPES.get(err["type"], "") + f"{lo if lo is not None else '-inf'}"
                       f" .. {hi if hi is not None else 'inf'}")
    return ScenarioError(msg, file=file, line=line, key=key,
                         value=value if not isinstance(value, dict) else None, allowed=allowed)


def validate_params(values: dict, *, file: str | None = None, lines: dict | None = None,
                    prefix: tuple = ("params",)) -> Params:
    """Validate flat parameter values into :class:`Params` (strict: unknown keys fail)."""
    try:
        return Params(**values)
    except ValidationError as exc:
        raise from_pydantic(exc, prefix, file, lines or {}, Params) from None
