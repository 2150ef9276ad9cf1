"""Bundled scenario and experiment files, and finding the file a name refers to.

Core objects: :func:`bundled_dir`, :func:`bundled_files` (name -> one-line description),
:func:`bundled_scenarios` and :func:`locate` (a path or a bundled name -> the file; a
file that names another never reaches the current folder).
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from trustsim.errors import ScenarioError, suggest
from trustsim.files import read_yaml

__all__ = ["bundled_dir", "bundled_files", "bundled_scenarios", "is_file", "locate"]


def bundled_dir(kind: str = "scenarios") -> Path:
    """The folder of bundled files of a kind (``scenarios`` or ``experiments``)."""
    return Path(str(resources.files("trustsim").joinpath(f"data/{kind}")))


@lru_cache(maxsize=4)
def _bundled(kind: str) -> tuple[tuple[str, str], ...]:
    out = []
    for path in sorted(bundled_dir(kind).glob("*.yaml")):
        data, _ = read_yaml(path)
        desc = data.get("description", "") if isinstance(data, dict) else ""
        out.append((path.stem, str(desc).strip().split("\n")[0]))
    return tuple(out)


def bundled_files(kind: str = "scenarios") -> dict[str, str]:
    """Return the bundled files of a kind by name, each with its one-line description."""
    return dict(_bundled(kind))


def bundled_scenarios() -> dict[str, str]:
    """Return the bundled scenarios by name, each with its one-line description."""
    return bundled_files("scenarios")


def is_file(path: Path) -> bool:
    """True for an existing path that is not a folder (False when it cannot be checked)."""
    try:
        return path.exists() and not path.is_dir()
    except OSError:  # e.g. a name too long for the file system
        return False


def _looks_like_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or os.sep in ref


def locate(ref: str, base: Path | None = None, kind: str = "scenarios") -> Path:
    """Find a file named in the command line, in Python or inside another file.

    ``ref`` is a path when it ends in ``.yaml``/``.yml`` or holds a ``/``: relative to
    ``base`` (the folder of the file that names it) when given, else to the current
    folder. Any other ``ref`` is a file of that name in ``base`` (or, without ``base``,
    in the current folder) if one exists, else a bundled name. A folder is never taken
    for a file, so a results folder named like a bundled experiment does not hide it.
    A file that names another (``extends:``, an experiment's ``scenarios:``) never
    reaches the current folder.

    Raises:
        ScenarioError: when ``ref`` is neither an existing file nor a bundled name.
    """
    here = base if base is not None else Path(".")
    if _looks_like_path(ref):
        path = Path(ref)
        return path if path.is_absolute() or base is None else base / path
    if is_file(here / ref):
        return here / ref if base is not None else Path(ref)
    bundled = bundled_dir(kind) / f"{ref}.yaml"
    if is_file(bundled) and ref not in ("", ".", ".."):
        return bundled
    names = sorted(bundled_files(kind))
    what = kind.rstrip("s")
    raise ScenarioError(f"no such {what} (neither a file nor a bundled name)", key=what,
                        value=ref, allowed=names, suggestion=suggest(ref, names))
