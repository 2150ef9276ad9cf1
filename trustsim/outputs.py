"""Writing results safely: every file is written to a temporary name, then renamed.

Core functions: :func:`write_frame` (Parquet or CSV), :func:`write_json`,
:func:`write_run` (the files of one run) and :func:`provenance`. A crash mid-write never
leaves a half-written file behind, and nothing already written is removed.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import json
import os
import platform as _platform
import shlex
import subprocess
import tempfile
import tokenize
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from trustsim.model import TrustModel

__all__ = ["atomic_write", "write_frame", "write_json", "write_run", "provenance", "about",
           "model_hash"]

EVENT_COLUMNS = ("time", "kind", "platform", "text")  # the columns every event has


def events_frame(model: TrustModel) -> pd.DataFrame:
    """The run's event log as tidy data: one row per event, ``events.csv``.

    ``time`` a whole day and ``platform`` an integer index (blank when the event concerns
    no platform), with ``platform_name`` beside it; other numbers rounded to 12 decimals
    (float noise such as ``-0.059999999999999984`` read as a different value). An outside
    trial found days and platforms written as ``30.0`` and ``0.0``.
    """
    df = pd.DataFrame(model.events, columns=None if model.events else list(EVENT_COLUMNS))
    names = {k: pl.name for k, pl in enumerate(model.platforms)}
    df["time"] = pd.array(df["time"], dtype="Int64")
    df["platform"] = pd.array(df["platform"], dtype="Int64")
    df.insert(3, "platform_name", df["platform"].map(names).astype("string"))
    for c in df.columns[4:]:
        if pd.api.types.is_float_dtype(df[c]):
            df[c] = df[c].round(12)
    return df


def write_columns(columns: dict[str, Any], path: str | Path) -> Path:
    """Write named columns (equal-length arrays or lists) as a Parquet file, atomically.

    Straight through pyarrow: for a sweep's two small files per run (its summary row and
    its time series) building a DataFrame first cost more than writing (4.1-4.3 ms against
    1.6 ms per run), and the process that runs the sweep writes every run's files while its
    workers compute. Read back, the tables are the same as through pandas.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({k: v if isinstance(v, np.ndarray | list) else [v]
                      for k, v in columns.items()})
    return atomic_write(path, lambda p: pq.write_table(table, p))


def atomic_write(path: str | Path, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` then rename the temporary file onto ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        if exc.errno is None:  # (pyarrow's and Pillow's keep their own message)
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from exc  # not a temporary name
    os.close(fd)
    try:
        writer(Path(tmp))
        os.chmod(tmp, 0o644)  # readable like an ordinary file (mkstemp makes it private)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.errno is None:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
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


#: Keyword arguments of ``register_outcome`` that only word an outcome (left out of
#: :func:`model_hash`: rewording a phrase or a Chinese name changes no run's numbers).
DISPLAY_KEYWORDS = frozenset({"meaning", "better", "worse", "zh", "zh_better", "zh_worse"})


_BLOCK = {tokenize.NEWLINE: "<newline>", tokenize.INDENT: "<indent>",
          tokenize.DEDENT: "<dedent>"}


def code_text(source: str) -> str:
    r"""A module's code without what cannot change a run's numbers, as text.

    Comments, docstrings (of the module, classes and functions, and the bare strings that
    document an attribute) and the wording arguments of ``register_outcome``
    (:data:`DISPLAY_KEYWORDS`, and its second positional argument, the meaning) are left
    out; the remaining tokens are joined by single spaces, so reflowing a line changes
    nothing either. Built on the source text (``ast`` only locates what to drop), so the
    same code gives the same text on every Python version a cluster's workers run.

        >>> code_text("x = 1  # one\n'About x.'\n") == code_text("x = 1\n")
        True
        >>> code_text("x = 1\n") == code_text("x = 2\n")
        False
    """
    tree = ast.parse(source)
    lines = source.split("\n")  # as ast numbers lines (splitlines also breaks at \x0c)
    drop: list[tuple[tuple[int, int], tuple[int, int]]] = []

    def col(line: int, offset: int) -> int:  # ast counts UTF-8 bytes, tokenize characters
        return len(lines[line - 1].encode("utf-8")[:offset].decode("utf-8"))

    def span(node: ast.AST) -> None:
        drop.append(((node.lineno, col(node.lineno, node.col_offset)),
                     (node.end_lineno, col(node.end_lineno, node.end_col_offset))))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:  # docstrings and attribute docstrings: bare string statements
                if (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
                        and isinstance(stmt.value.value, str)):
                    span(stmt)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "register_outcome"):
            for kw in node.keywords:
                if kw.arg in DISPLAY_KEYWORDS:
                    span(kw)
            if len(node.args) > 1:
                span(node.args[1])
    kept = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.ENDMARKER):
            continue
        if tok.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE):
            # Block structure and statement ends still count ("x = 1\n-1" is not
            # "x = 1 - 1"); the end of a statement left out counts for nothing.
            if tok.type != tokenize.NEWLINE or (kept and kept[-1] not in _BLOCK.values()):
                kept.append(_BLOCK[tok.type])
            continue
        if any(a <= tok.start and tok.end <= b for a, b in drop):
            continue
        kept.append(tok.string)
    return " ".join(kept)


@functools.cache
def model_hash() -> str:
    """A fingerprint of the code that decides a run's numbers: 12 hex digits.

    The SHA-256 of every module of ``trustsim/`` and ``trustsim/agents/`` (by name and
    code, in name order) except :data:`NOT_MODEL`; the experiment tools, dashboard,
    translations and bundled files are not in it (scenario files are hashed on their own).
    Each module counts by its :func:`code_text`: editing a comment, a docstring or an
    outcome's wording leaves it alone. A version number or git commit changes with any
    edit, a document's too; this changes only when the model may have. Works on an
    installed copy without git.
    """
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = [f for f in sorted(root.glob("*.py")) if f.name not in NOT_MODEL]
    for f in files + sorted((root / "agents").glob("*.py")):
        code = code_text(f.read_text(encoding="utf-8"))
        digest.update(f.relative_to(root).as_posix().encode() + b"\0" + code.encode())
    return digest.hexdigest()[:12]


def provenance(**extra: Any) -> dict[str, Any]:
    """Versions, git hash, model fingerprint, machine and time: beside every output.

    The libraries that compute results are named with their versions (numba runs the
    model, scipy and SALib the designs and indices, Dask the sweeps, pyarrow the files).
    """
    from importlib.metadata import PackageNotFoundError, version

    import mesa

    import trustsim

    libs = {}
    for name in ("numba", "scipy", "SALib", "dask", "distributed", "pyarrow"):
        try:
            libs[name] = version(name)
        except PackageNotFoundError:
            libs[name] = None
    return {"trustsim": trustsim.__version__, "model": model_hash(), "mesa": mesa.__version__,
            "numpy": np.__version__, "pandas": pd.__version__, **libs, "git": git_hash(),
            "python": _platform.python_version(), "machine": _platform.platform(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"), **extra}


def about(results: Any, **details: Any) -> dict[str, Any]:
    """What an analysis table of ``results`` was made from: ``about.json`` beside it.

    The experiment, its seed, replications and runs, the analysis' own settings
    (``details``) and the provenance of the analysis (researcher trial: a forwarded
    ``sensitivity.csv`` or ``compare.csv`` said neither N nor seed nor SALib's version).
    """
    man = results.manifest
    return {"experiment": man.get("name"), "results": str(Path(results.folder).resolve()),
            "experiment_seed": man.get("seed"), "replications": man.get("replications"),
            "n_runs": man.get("n_runs"), "runs_done": results.counts()["done"],
            "design": man.get("design"), **details, "provenance": provenance()}


def scenario_as_run(model: TrustModel) -> dict[str, Any]:
    """The scenario exactly as ``model`` ran it, in the scenario file form.

    ``extends``, ``--set`` and keyword overrides applied: every parameter that differs
    from its default, the platforms and crises, and the strategy as its name with every
    lever's value in force written out (never ``extends`` or a registered name, whose
    levers could differ from those in force: review). ``trustsim run`` writes it as
    ``scenario.yaml`` beside the run: run again with the same seed it gives the same numbers
    (researcher trial: summary.json could not say which platforms, crises or ``--set``
    values a run had).
    """
    from trustsim.params import Params
    from trustsim.scenario import late_crises
    from trustsim.strategies import LEVERS

    data = model.spec.scenario.to_dict()
    values = model.p.model_dump(mode="json")
    defaults = Params().model_dump(mode="json")
    data["params"] = {k: v for k, v in values.items() if v != defaults[k]}
    data["strategy"] = {"name": model.strategy_name,
                        "levers": {k: values[k] for k in LEVERS}}
    # A crisis after the last day never struck (a model built in code may have one; a file
    # may not): left out, as it did nothing.
    late = {i for i, _ in late_crises(data.get("crises", []), model.p.steps)}
    data["crises"] = [c for i, c in enumerate(data.get("crises", [])) if i not in late]
    return data


def write_run(model: TrustModel, out: str | Path, *, seed: Any = None,
              scenario_file: str | None = None, plot: bool = True,
              sets: list[str] | None = None) -> list[Path]:
    """Write one run's files to ``out``: series (Parquet and CSV), summary, scenario, plot.

    ``summary.json`` records the seed, the parameters, the ``--set`` values (``sets``), the
    scenario file with its SHA-256 and the scenario as run (:func:`scenario_as_run`), also
    written as ``scenario.yaml``.
    """
    import yaml

    from trustsim.bundled import locate

    out = Path(out)
    ts = model.timeseries()
    pts = model.platform_timeseries()
    spec = scenario_as_run(model)
    source = None
    if scenario_file:
        try:
            path = locate(scenario_file)
            source = {"file": str(path),
                      "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        except (OSError, ValueError):  # (read when the run began; gone since)
            source = {"file": scenario_file, "sha256": None}
    written = [
        write_frame(ts, out / "timeseries.parquet"),
        write_frame(ts, out / "timeseries.csv"),
        write_frame(pts, out / "platform_timeseries.parquet"),
        write_frame(pts, out / "platform_timeseries.csv"),
        write_frame(events_frame(model), out / "events.csv"),
        atomic_write(out / "scenario.yaml", lambda p: p.write_text(
            f"# {model.spec.scenario.name} as run; again: trustsim run "
            f"{shlex.quote(str(out / 'scenario.yaml'))}"
            + (f" --rng {seed}" if seed is not None else "") + "\n"
            + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")),
        write_json({"summary": model.summary(), "scenario": model.spec.scenario.name,
                    "strategy": model.strategy_name, "rng": seed,
                    "params": model.p.model_dump(mode="json"), "sets": list(sets or []),
                    "scenario_file": source, "scenario_as_run": spec,
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
