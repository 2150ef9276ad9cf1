"""Writing results safely: every file is written to a temporary name, then renamed.

Core functions: :func:`write_frame` (Parquet or CSV), :func:`write_json`,
:func:`write_run` (the files of one run) and :func:`provenance`. A crash mid-write never
leaves a half-written file behind, and nothing already written is removed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform as _platform
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from trustsim.model import TrustModel

__all__ = ["atomic_write", "write_frame", "write_json", "write_run", "provenance",
           "model_hash"]

EVENT_COLUMNS = ("time", "kind", "platform", "text")  # the columns every event has


def atomic_write(path: str | Path, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` then rename the temporary file onto ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        writer(Path(tmp))
        os.chmod(tmp, 0o644)  # readable like an ordinary file (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_frame(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a DataFrame as Parquet (``.parquet``) or CSV (``.csv``), atomically."""
    path = Path(path)
    if path.suffix == ".parquet":
        return atomic_write(path, lambda p: df.to_parquet(p, index=False))
    return atomic_write(path, lambda p: df.to_csv(p, index=False))


def _jsonable(x: Any) -> Any:
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating, float)):
        return None if np.isnan(x) else float(x)
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    return x


def write_json(data: Any, path: str | Path) -> Path:
    """Write JSON (NaN as null), atomically."""
    text = json.dumps(_jsonable(data), indent=2, sort_keys=False)
    return atomic_write(path, lambda p: p.write_text(text + "\n", encoding="utf-8"))


def git_hash() -> str | None:
    """The git commit of the trustsim source tree, when it is a git checkout."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                             text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


NOT_MODEL = frozenset({"__init__.py", "cli.py", "cli_analysis.py", "cli_sweep.py",
                       "outputs.py", "files.py", "errors.py", "textfmt.py"})
"""Modules of ``trustsim/`` that present or store results and cannot change a run's numbers
(left out of :func:`model_hash`)."""


@functools.cache
def model_hash() -> str:
    """A fingerprint of the code that decides a run's numbers: 12 hex digits.

    The SHA-256 of every module of ``trustsim/`` and ``trustsim/agents/`` (by name and
    content, in name order) except :data:`NOT_MODEL`; the experiment tools, dashboard,
    translations and bundled files are not in it (scenario files are hashed on their own).
    A version number or git commit changes with any edit, a document's too; this changes
    only when the model may have. Works on an installed copy without git.
    """
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = [f for f in sorted(root.glob("*.py")) if f.name not in NOT_MODEL]
    for f in files + sorted((root / "agents").glob("*.py")):
        digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:12]


def provenance(**extra: Any) -> dict[str, Any]:
    """Versions, git hash, model fingerprint, machine and time: beside every output."""
    import mesa

    import trustsim

    return {"trustsim": trustsim.__version__, "model": model_hash(), "mesa": mesa.__version__,
            "numpy": np.__version__, "pandas": pd.__version__, "git": git_hash(),
            "python": _platform.python_version(), "machine": _platform.platform(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"), **extra}


def write_run(model: TrustModel, out: str | Path, *, seed: Any = None,
              scenario_file: str | None = None, plot: bool = True) -> list[Path]:
    """Write one run's files to ``out``: series (Parquet and CSV), summary, scenario, plot."""
    out = Path(out)
    ts = model.timeseries()
    pts = model.platform_timeseries()
    written = [
        write_frame(ts, out / "timeseries.parquet"),
        write_frame(ts, out / "timeseries.csv"),
        write_frame(pts, out / "platform_timeseries.parquet"),
        write_frame(pts, out / "platform_timeseries.csv"),
        write_frame(pd.DataFrame(model.events, columns=list(EVENT_COLUMNS)) if not model.events
                    else pd.DataFrame(model.events), out / "events.csv"),
        write_json({"summary": model.summary(), "scenario": model.spec.scenario.name,
                    "strategy": model.strategy_name, "rng": seed,
                    "params": model.p.model_dump(mode="json"),
                    "provenance": provenance(scenario_file=scenario_file)},
                   out / "summary.json"),
    ]
    if plot:
        from trustsim.viz.plots import plot_run

        title = f"{model.spec.scenario.name} / {model.strategy_name} / rng={seed}"
        fig = plot_run(pts, title=title)
        written.append(atomic_write(out / "trust_aum.png",
                                    lambda p: fig.savefig(p, dpi=110, format="png")))
    return written
