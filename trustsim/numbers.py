"""Numbers in files read as numbers: pydantic ``before`` validators shared by the schemas.

Core functions: :func:`numbers_not_bools` (true or false is no number) and
:func:`plain_numbers` (a quoted number is the number, for strict models).
"""

from __future__ import annotations

import typing
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationInfo

__all__ = ["numbers_not_bools", "plain_numbers"]


def _number_kinds(cls: type[BaseModel], name: str) -> tuple:
    """The number types (int, float) field ``name`` of ``cls`` takes; () when it takes bool."""
    kinds = typing.get_args(cls.model_fields[name].annotation) or (
        cls.model_fields[name].annotation,)
    return () if bool in kinds else tuple(k for k in kinds if k in (int, float))


def numbers_not_bools(cls: type[BaseModel], value: Any, info: ValidationInfo) -> Any:
    """A ``before`` field validator: true or false is no number.

    pydantic reads ``true`` as 1.0 for a float field, so ``herding_mean: yes`` (YAML's
    yes, on and true are booleans) or ``--set herding_mean=true`` ran at the maximum
    without a word. Fields that take a number refuse a boolean; others are left alone.
    """
    if isinstance(value, bool | np.bool_) and info.field_name is not None:
        if _number_kinds(cls, info.field_name):
            raise ValueError(f"{str(value).lower()} is not a number")
    return value


def plain_numbers(cls: type[BaseModel], value: Any, info: ValidationInfo) -> Any:
    """A ``before`` field validator for strict models: numbers read as ``Params`` reads them.

    true or false is refused (:func:`numbers_not_bools`); a quoted number (``"3"``,
    ``"0.4"``, ``"30.0"`` for a whole number) for a field that takes one is that number,
    so ``replications: "3"`` in an experiment file reads like ``herding_mean: "0.4"``
    under its ``params:``; so is each quoted number of a list of numbers (a design's
    ``range: ["0.1", "0.8"]``), and a whole float (``replications: 2.0``) for a field that
    takes an integer is that integer. Anything else is left to the field's own (strict)
    check.
    """
    value = numbers_not_bools(cls, value, info)
    if info.field_name is None:
        return value
    if isinstance(value, str):
        return _as_number(value, _number_kinds(cls, info.field_name))
    if isinstance(value, float) and value.is_integer():  # replications: 2.0, as "2.0" reads
        kinds = _number_kinds(cls, info.field_name)
        return int(value) if kinds and kinds[0] is int else value
    if isinstance(value, list):
        inner = [typing.get_args(a) for a in typing.get_args(
            cls.model_fields[info.field_name].annotation) if typing.get_origin(a) is list]
        kinds = tuple(k for args in inner for k in args if k in (int, float))
        return [_as_number(v, kinds) if isinstance(v, str) else v for v in value]
    return value


def _as_number(text: str, kinds: tuple) -> Any:
    """``text`` as the first of ``kinds`` (int, float) it reads as, else unchanged."""
    text = text.strip()
    for kind in kinds:
        if kind is int:
            try:
                return int(text)  # exact, however large (a seed)
            except ValueError:
                pass
        try:
            number = float(text)
        except ValueError:
            return text
        if kind is float:
            return number
        if number.is_integer():
            return int(number)
    return text
