"""What a results folder holds, what trustsim wrote in it, and which stored runs are sound.

Core objects: :data:`OWNED` (every name trustsim writes in a results folder: what
``--fresh`` removes, and all it removes), :func:`clear` (that removal),
:func:`leftovers_only` (a folder holding nothing but trustsim's empty leftovers; what else
it holds: :func:`foreign`), :func:`check_runs` (which stored runs are complete: each run's
files readable Parquet with the rows and columns they must have) and :func:`read_files`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

__all__ = ["OWNED", "OWNED_PATTERNS", "AUTHORED", "owned", "clear", "foreign", "named",
           "leftovers_only", "check_file", "check_runs", "set_aside", "tidy_old_damaged",
           "verify_runs", "csv_rows", "read_files"]

OWNED = ("manifest.json", "manifest.json.damaged", "experiment.yaml", "ledger.jsonl",
         "plan.parquet", "design.parquet", "sweeps.jsonl", "summaries", "timeseries",
         "summaries.csv", "sensitivity", "compare", "discover", "report.html",
         "report_zh.html", "damaged", ".trustsim.lock")
"""Names trustsim writes in a results folder. A command that writes a new one into the
folder adds it here, so that ``--fresh`` removes it too."""
OWNED_PATTERNS = (".*.tmp",)
"""Patterns of owned names: temporary files of killed writes."""
OWNED_INSIDE = ("*.parquet", "*.parquet.damaged", "*.csv", "*.png", "*.svg", "*.json",
                ".*.tmp")
"""What trustsim writes inside its own folders (``summaries/``, ``compare/``, ...): run files,
tables and figures. ``--fresh`` removes these there, and a folder left empty; a file of
another kind a user put there stays, with its folder."""


def owned(path: Path) -> bool:
    """Whether a name in a results folder is one trustsim writes."""
    return path.name in OWNED or any(path.match(p) for p in OWNED_PATTERNS)


def clear(folder: Path, keep: Iterable[str] = (".trustsim.lock",)) -> list[str]:
    """Remove everything trustsim wrote in ``folder`` (and nothing else); return the names."""
    removed = []
    keep = set(keep)
    for path in sorted(folder.iterdir()):
        if path.name in keep or not owned(path):
            continue
        if path.is_dir() and not path.is_symlink():
            if _clear_inside(path):
                removed.append(path.name)
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def _clear_inside(folder: Path) -> bool:
    """Remove what trustsim writes in one of its folders, and the folders left empty.

    :data:`OWNED_INSIDE`, sub-folders included; returns whether ``folder`` itself went.
    """
    for path in sorted(folder.iterdir()):
        if path.is_dir() and not path.is_symlink():
            _clear_inside(path)
        elif any(path.match(p) for p in OWNED_INSIDE):
            path.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:  # a user's file is left in it
        return False
    return True


AUTHORED = ("experiment.yaml", "summaries.csv", "report.html", "report_zh.html")
"""Names trustsim writes only after ``manifest.json`` that a user may well have written
themselves: in a folder without a manifest they are the user's, never leftovers."""


def foreign(folder: Path) -> list[str]:
    """Names in a folder without a manifest that are not a killed start's leftovers.

    A sweep killed while it created the folder leaves only names trustsim writes (empty
    ``summaries/`` and ``timeseries/``, a plan, perhaps a temporary file; a ``--fresh``
    killed midway, its own folders with a user's file kept inside): a sweep may start there
    afresh, overwriting nothing of value. Anything else is someone's, and so are the
    :data:`AUTHORED` names: an ``experiment.yaml`` or ``summaries.csv`` there is the
    user's own (researcher trial: ``--out .`` replaced both).
    """
    names = []
    for path in sorted(folder.iterdir()):
        if path.name in AUTHORED and path.is_file():
            names.append(path.name)
        elif path.name in ("summaries", "timeseries") and path.is_dir():
            if any(p.suffix == ".parquet" for p in path.iterdir()):
                names.append(path.name)  # stored runs: results, not leftovers
        elif not owned(path) and not path.name.startswith("."):
            names.append(path.name)  # (hidden files of other tools are not anyone's work)
    return names


def named(names: list[str], most: int = 3) -> str:
    """A few names for a message: ``a, b, c and 4 more``."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def leftovers_only(folder: Path) -> bool:
    """True when the folder holds only what a killed start leaves (:func:`foreign`)."""
    return not foreign(folder)


def check_file(path: Path, columns: list[str], *, rows: int | None = None) -> str | None:
    """Why a stored Parquet file is unusable (missing, damaged, incomplete), or None.

    Reads the file's footer only: its schema and row count.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the reader
            return "not an ordinary file"
        meta = pq.read_metadata(path)
    except FileNotFoundError:
        return "missing"
    except (OSError, pa.ArrowException) as exc:
        first = str(exc).splitlines()[0]  # one line, cut at a word if long
        return f"not readable ({first if len(first) <= 160 else first[:157] + '...'})"
    names = set(meta.schema.names)
    lacking = [c for c in columns if c not in names]
    if lacking:
        return f"lacks column {lacking[0]}"
    if meta.num_rows == 0 or (rows is not None and meta.num_rows != rows):
        return f"has {meta.num_rows} rows"
    return None


def check_runs(folder: Path, run_ids: Iterable[str], outcomes: list[str],
               metrics: list[str]) -> tuple[set[str], dict[str, str]]:
    """Which planned runs are stored soundly.

    A run is done when its summary is readable with one row and every outcome, and,
    when daily metrics are kept, its time series is readable with every metric.

    Returns:
        The run ids done, and for each run with files but not done, why.
    """
    ids = ["scenario", "strategy", "design_point", "replication", "seed"]
    summaries, series = folder / "summaries", folder / "timeseries"
    present = {p.stem for p in summaries.glob("*.parquet")} if summaries.is_dir() else set()
    with_series = {p.stem for p in series.glob("*.parquet")} if series.is_dir() else set()
    done: set[str] = set()
    bad: dict[str, str] = {}
    for rid in run_ids:
        if rid not in present:
            if rid in with_series:
                bad[rid] = "summary missing"
            continue
        why = check_file(summaries / f"{rid}.parquet", ids + outcomes, rows=1)
        if why:
            bad[rid] = f"summary {why}"
            continue
        if metrics:
            why = check_file(series / f"{rid}.parquet", ids + ["time"] + metrics)
            if why:
                bad[rid] = f"time series {why}"
                continue
        done.add(rid)
    return done, bad


def set_aside(folder: Path, run_id: str) -> None:
    """Move an unusable run's files to ``damaged/summaries/`` and ``damaged/timeseries/``.

    Kept, no longer read, and out of the folders a reader globs: beside the sound runs, as
    ``RUN.parquet.damaged``, they broke ``pandas.read_parquet("results/NAME/summaries")``
    and doubled rows of a time series read that way (trial). A run set aside again keeps
    every earlier copy (``RUN.2.parquet``, ...).
    """
    for sub in ("summaries", "timeseries"):
        path = folder / sub / f"{run_id}.parquet"
        if path.exists():
            _move_aside(folder, sub, path, run_id)


def tidy_old_damaged(folder: Path) -> int:
    """Move ``RUN.parquet.damaged`` files left by older versions to ``damaged/``; how many.

    Older trustsim versions set a damaged run aside beside the sound ones, where it broke
    the README's ``pandas.read_parquet`` recipe until ``--fresh``.
    """
    moved = 0
    for sub in ("summaries", "timeseries"):
        for path in sorted((folder / sub).glob("*.parquet.damaged")):
            _move_aside(folder, sub, path, path.name.removesuffix(".parquet.damaged"))
            moved += 1
    return moved


def verify_runs(folder: Path, run_ids: Iterable[str], outcomes: list[str],
                metrics: list[str]) -> tuple[set[str], dict[str, str], int]:
    """Before a sweep: :func:`check_runs`, unusable runs :func:`set_aside`, old leftovers tidied.

    Returns the sound runs, the unusable ones with why, and how many ``.damaged`` files of
    an older version were moved (:func:`tidy_old_damaged`).
    """
    moved = tidy_old_damaged(folder)
    done, bad = check_runs(folder, run_ids, outcomes, metrics)
    for rid in bad:
        set_aside(folder, rid)
    return done, bad, moved


def _move_aside(folder: Path, sub: str, path: Path, run_id: str) -> None:
    aside = folder / "damaged" / sub
    aside.mkdir(parents=True, exist_ok=True)
    target, k = aside / f"{run_id}.parquet", 1
    while target.exists():
        k += 1
        target = aside / f"{run_id}.{k}.parquet"
    path.replace(target)


def csv_rows(table: Path) -> int:
    """Data rows of a CSV table written by :func:`~trustsim.outputs.write_frame`.

    Counted in bytes (an editor may have saved it in another encoding); -1 when it cannot
    be read.
    """
    try:
        with open(table, "rb") as fh:
            return max(sum(1 for _ in fh) - 1, 0)
    except OSError:
        return -1


def read_files(files: list[Path]) -> pd.DataFrame:
    """Read Parquet files into one table; a file that fails is left out (checked before)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    try:
        return ds.dataset([str(f) for f in files], format="parquet").to_table().to_pandas()
    except (OSError, pa.ArrowException):  # damaged after the check: read what can be read
        frames = []
        for f in files:
            try:
                frames.append(pd.read_parquet(f))
            except (OSError, pa.ArrowException):
                continue
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
