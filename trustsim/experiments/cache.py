"""Skip work whose inputs did not change: the comparison's files and the report.

Core functions: :func:`inputs_key` (a SHA-256 of everything the comparison and report
depend on), :func:`cached_table` and :func:`remember`. A second ``make run`` with nothing
left to run then reads ``compare.parquet`` back instead of recomputing the bootstrap and
redrawing every figure, and leaves ``report.html`` as it is (with its provenance time):
the report records its key in a ``<meta>`` tag
(:func:`trustsim.experiments.report.report_inputs_key`).

The key covers: the results' manifest (less the history of sweeps and the time the
folder was last opened, which change on every sweep even when nothing runs), the size and
modification time of the ledger and of every run file, the comparison's options (baseline,
outcomes, bootstrap, smallest effects, language, SVG) and the code (trustsim's version,
its git commit, and the size and modification time of every trustsim source file, so an
edited working tree counts as a change).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from trustsim.experiments.store import ExperimentResults

__all__ = ["INPUTS_FILE", "cached_table", "inputs_key", "remember"]

#: Written in the comparison folder beside ``compare.parquet``: the key and the files.
INPUTS_FILE = ".inputs.json"


def _stats(folder: Path) -> list[tuple[str, int, int]]:
    if not folder.is_dir():
        return []
    out = []
    with os.scandir(folder) as it:
        for e in it:
            if e.is_file() and not e.name.startswith("."):
                st = e.stat()
                out.append((e.name, st.st_size, st.st_mtime_ns))
    return sorted(out)


def _code_stats() -> list[tuple[str, int, int]]:
    import trustsim

    root = Path(trustsim.__file__).parent
    out = []
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        out.append((str(path.relative_to(root)), st.st_size, st.st_mtime_ns))
    return out


def inputs_key(results: ExperimentResults, **options: Any) -> str:
    """A SHA-256 of the results, the options and the code (see the module docstring)."""
    from trustsim import __version__
    from trustsim.outputs import git_hash

    man = {k: v for k, v in results.manifest.items() if k != "sweeps"}
    man["provenance"] = {k: v for k, v in (man.get("provenance") or {}).items()
                         if k != "created"}
    folder = results.folder
    ledger = folder / "ledger.jsonl"
    state = {
        "manifest": man,
        "ledger": [ledger.stat().st_size, ledger.stat().st_mtime_ns] if ledger.exists()
        else None,
        "summaries": _stats(folder / "summaries"),
        "timeseries": _stats(folder / "timeseries"),
        "sensitivity": _stats(folder / "sensitivity"),
        "options": options,
        "code": [__version__, git_hash(), _code_stats()],
    }
    text = json.dumps(state, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_table(folder: str | Path, key: str) -> pd.DataFrame | None:
    """The comparison table in ``folder`` if it was written for ``key``, else None.

    Every file written with it must still be there.
    """
    folder = Path(folder)
    try:
        record = json.loads((folder / INPUTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("key") != key or not all((folder / f).exists()
                                           for f in record.get("files", [])):
        return None
    try:
        return pd.read_parquet(folder / "compare.parquet")
    except (OSError, ValueError):
        return None


def remember(folder: str | Path, key: str, written: list[Path]) -> Path:
    """Record that the files ``written`` in ``folder`` were made for ``key``."""
    from trustsim.outputs import write_json

    folder = Path(folder)
    files = sorted(p.name for p in written if Path(p).parent == folder)
    return write_json({"key": key, "files": files}, folder / INPUTS_FILE)
