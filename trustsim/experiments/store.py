"""The results folder of an experiment: written run by run, read back lazily.

Core objects: :class:`Store` (the writing side, used by the driver process only) and
:class:`ExperimentResults` with :func:`load_results` (the reading side). Layout::

    OUT/manifest.json          experiment text and hashes, versions, git hash, the plan
                               with every run's seed, the design, the history of sweeps
    OUT/experiment.yaml        the experiment file, verbatim
    OUT/ledger.jsonl           one line per finished attempt: done, failed (with the
                               traceback) or retry
    OUT/summaries/RUN.parquet  one row per finished run
    OUT/timeseries/RUN.parquet one row per kept day of a finished run
    OUT/summaries.csv          all summaries in one table (rewritten after each sweep)

Every file is written to a temporary name and renamed, and a run counts as done once its
summary file exists (written after its time series), so a sweep killed at any instant
resumes with nothing lost and nothing duplicated.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim.outputs import atomic_write, provenance, write_frame, write_json
from trustsim.scenario import ScenarioError

if TYPE_CHECKING:
    from trustsim.experiments.spec import Experiment, Run
    from trustsim.experiments.worker import RunOutput

__all__ = ["Store", "ExperimentResults", "load_results", "ID_COLUMNS"]

ID_COLUMNS = ["scenario", "strategy", "design_point", "replication", "seed"]
MANIFEST, LEDGER, EXPERIMENT = "manifest.json", "ledger.jsonl", "experiment.yaml"
SUMMARIES, TIMESERIES, SUMMARY_CSV = "summaries", "timeseries", "summaries.csv"
_OURS = (MANIFEST, LEDGER, EXPERIMENT, SUMMARIES, TIMESERIES, SUMMARY_CSV, "sensitivity")


def _sha256(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Writes one experiment's results folder (driver process only).

    Use :meth:`open`; then :meth:`record` each finished run and :meth:`finish` the sweep.

    Attributes:
        folder: the results folder; exp: the experiment; notes: messages for the user
            (for example, results resumed from another trustsim version).
    """

    def __init__(self, folder: Path, exp: Experiment) -> None:
        self.folder = folder
        self.exp = exp
        self.notes: list[str] = []
        self._design = exp.design_table.to_dict(orient="index")
        self._manifest: dict[str, Any] = {}

    # ---------------------------------------------------------------------- opening
    @classmethod
    def open(cls, folder: str | Path, exp: Experiment, *, fresh: bool = False) -> Store:
        """Open (or create) the results folder of ``exp``.

        Raises:
            ScenarioError: when the folder holds other files, or the results of a
                different experiment (unless ``fresh``, which removes this store's files
                and nothing else).
        """
        store = cls(Path(folder), exp)
        store._prepare(fresh)
        return store

    def _prepare(self, fresh: bool) -> None:
        try:
            self._open(fresh)
        except OSError as exc:
            raise ScenarioError(f"cannot write the results folder ({exc.strerror or exc})",
                                file=str(self.folder)) from None

    def _open(self, fresh: bool) -> None:
        folder, exp = self.folder, self.exp
        if folder.exists() and not folder.is_dir():
            raise ScenarioError("the output folder is a file", file=str(folder))
        old: dict[str, Any] | None = None
        if (folder / MANIFEST).exists():
            old = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        elif folder.exists() and any(not p.name.startswith(".") for p in folder.iterdir()):
            raise ScenarioError("the output folder is not empty and holds no experiment "
                                "results (no manifest.json); choose another folder",
                                file=str(folder))
        if old is not None and fresh:
            for name in _OURS:
                path = folder / name
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
            old = None
        if old is not None and old.get("settings_hash") != exp.settings_hash():
            raise ScenarioError(
                f"holds results of a different experiment ({old.get('name')}, settings "
                f"{str(old.get('settings_hash'))[:12]}; this one: "
                f"{exp.settings_hash()[:12]}); use --fresh (fresh=True) to start over there, "
                "or another output folder", file=str(folder / MANIFEST))
        prov = provenance()
        if old is not None:
            was = old.get("provenance", {})
            for key in ("trustsim", "git"):
                if was.get(key) != prov.get(key):
                    self.notes.append(f"resuming results made with {key} {was.get(key)}; "
                                      f"now {prov.get(key)}")
        for sub in (SUMMARIES, TIMESERIES):
            (folder / sub).mkdir(parents=True, exist_ok=True)
            for tmp in (folder / sub).glob(".*.tmp"):  # left by a killed write
                tmp.unlink(missing_ok=True)
        self._manifest = self._new_manifest(prov, old)
        write_json(self._manifest, folder / MANIFEST)
        atomic_write(folder / EXPERIMENT,
                     lambda p: p.write_text(exp.text, encoding="utf-8"))

    def _new_manifest(self, prov: dict, old: dict | None) -> dict[str, Any]:
        exp = self.exp
        files = {}
        for name, path in exp.scenario_files.items():
            try:
                files[name] = {"file": path, "sha256": _sha256(Path(path).read_bytes())}
            except OSError:
                files[name] = {"file": path, "sha256": None}
        unit = exp.unit_sample
        return {
            "format": 1,
            "name": exp.name,
            "description": exp.description,
            "experiment": {"file": exp.file, "sha256": _sha256(exp.text), "text": exp.text},
            "scenario_files": files,
            "settings_hash": exp.settings_hash(),
            "seed": exp.seed,
            "scenarios": list(exp.scenario_objects),
            "strategies": list(exp.strategy_objects),
            "replications": exp.replications,
            "outcomes": exp.outcome_names,
            "min_effect": {k: float(v) for k, v in exp.min_effect.items()},
            "timeseries": exp.metric_names,
            "design": {"method": exp.design.method, "parameters": exp.design.names,
                       "levels": exp.design.levels,
                       "second_order": exp.design.second_order,
                       "points": exp.design_table.to_dict(orient="records"),
                       "unit": unit.tolist() if unit is not None else None},
            "settings": exp.settings(),
            "n_runs": exp.n_runs,
            "runs": [{"run_id": r.run_id, "scenario": r.scenario, "strategy": r.strategy,
                      "design_point": r.design_point, "replication": r.replication,
                      "seed": r.seed} for r in exp.plan()],
            "provenance": prov,
            "sweeps": list((old or {}).get("sweeps", [])),
        }

    # ---------------------------------------------------------------------- writing
    def done_ids(self) -> set[str]:
        """Runs whose results are on disk (the summary file is the commit mark)."""
        return {p.stem for p in (self.folder / SUMMARIES).glob("*.parquet")
                if not p.name.startswith(".")}

    def record(self, run: Run, out: RunOutput, attempt: int) -> None:
        """Store a finished run: its time series, then its summary, then a ledger line."""
        ids = {"scenario": run.scenario, "strategy": run.strategy,
               "design_point": run.design_point, "replication": run.replication,
               "seed": run.seed}
        if out.ok:
            if out.series is not None:
                n = len(out.series["time"])
                frame = pd.DataFrame({**{k: np.repeat(v, n) for k, v in ids.items()},
                                      **out.series})
                write_frame(frame, self.folder / TIMESERIES / f"{run.run_id}.parquet")
            row = {**ids, **self._design.get(run.design_point, {}), **(out.outcomes or {})}
            write_frame(pd.DataFrame([row]), self.folder / SUMMARIES / f"{run.run_id}.parquet")
        self.log(run.run_id, "done" if out.ok else "failed", attempt=attempt,
                 seconds=round(out.seconds, 4), worker=out.worker, error=out.error,
                 traceback=out.traceback)

    def log(self, run_id: str, status: str, **fields: Any) -> None:
        """Append one line to the ledger (a torn last line is skipped when read)."""
        line = json.dumps({"run_id": run_id, "status": status, "at": _now(), **fields})
        with open(self.folder / LEDGER, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    def finish(self, sweep: dict[str, Any]) -> ExperimentResults:
        """Close a sweep: add it to the manifest, write ``summaries.csv``."""
        self._manifest["sweeps"].append(sweep)
        write_json(self._manifest, self.folder / MANIFEST)
        res = ExperimentResults(self.folder)
        write_frame(res.summaries, self.folder / SUMMARY_CSV)
        return res


# --------------------------------------------------------------------------- reading
class ExperimentResults:
    """An experiment's results, read lazily from its folder.

    Args:
        folder: a results folder written by :func:`~trustsim.run_experiment`.

    Attributes:
        folder: the folder; manifest: its ``manifest.json``.
        summaries: one row per finished run: ``scenario, strategy, design_point,
            replication, seed``, the design's parameter values, then the outcomes.
        timeseries: one row per run and kept day: the same identifiers, ``time``, then
            one column per metric (wide by metric).
        ledger: one row per planned run with its status (done, failed or missing),
            attempts, error and traceback; failed: the failed rows.

    Both tables are sorted in plan order (scenario and strategy in file order, then design
    point and replication) whatever order the runs finished in.

    Example:
        >>> res = load_results("results/smoke")            # doctest: +SKIP
        >>> res.summaries.groupby("strategy")["final_trust"].median()  # doctest: +SKIP
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not (self.folder / MANIFEST).exists():
            raise ScenarioError("not an experiment results folder (no manifest.json)",
                                file=str(self.folder))

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """The folder's manifest (experiment, hashes, versions, seeds, sweeps)."""
        return json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))

    @property
    def name(self) -> str:
        """The experiment's name."""
        return self.manifest["name"]

    @cached_property
    def runs(self) -> pd.DataFrame:
        """The plan: one row per run with its identifiers and seed."""
        return pd.DataFrame(self.manifest["runs"], columns=["run_id", *ID_COLUMNS])

    @cached_property
    def design(self) -> pd.DataFrame:
        """The design table: one row per design point."""
        d = self.manifest["design"]
        df = pd.DataFrame(d["points"], columns=d["parameters"])
        df.index.name = "design_point"
        return df

    def _files(self, sub: str) -> list[Path]:
        folder = self.folder / sub
        return [p for p in (folder / f"{r}.parquet" for r in self.runs["run_id"]) if p.exists()]

    def _read(self, sub: str, columns: list[str]) -> pd.DataFrame:
        import pyarrow.dataset as ds

        files = self._files(sub)
        if not files:
            return pd.DataFrame(columns=columns)
        df = ds.dataset([str(f) for f in files], format="parquet").to_table().to_pandas()
        order = {"scenario": {n: i for i, n in enumerate(self.manifest["scenarios"])},
                 "strategy": {n: i for i, n in enumerate(self.manifest["strategies"])}}
        by = ID_COLUMNS[:4] + (["time"] if "time" in df.columns else [])
        df = df.sort_values(by, key=lambda s: s.map(order[s.name]) if s.name in order else s,
                            kind="stable")
        return df.reset_index(drop=True)[columns]

    @cached_property
    def summaries(self) -> pd.DataFrame:
        """One row per finished run (read on first use)."""
        cols = ID_COLUMNS + self.manifest["design"]["parameters"] + self.manifest["outcomes"]
        return self._read(SUMMARIES, cols)

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """One row per finished run and kept day (read on first use)."""
        return self._read(TIMESERIES, ID_COLUMNS + ["time"] + self.manifest["timeseries"])

    @cached_property
    def ledger(self) -> pd.DataFrame:
        """Every planned run with its latest status: done, failed or missing."""
        latest: dict[str, dict] = {}
        attempts: dict[str, int] = {}
        path = self.folder / LEDGER
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:  # a line torn by a kill
                    continue
                rid = entry["run_id"]
                attempts[rid] = attempts.get(rid, 0) + 1
                if entry["status"] != "retry":
                    latest[rid] = entry
        done = {p.stem for p in self._files(SUMMARIES)}
        rows = []
        for run in self.manifest["runs"]:
            rid = run["run_id"]
            entry = latest.get(rid, {})
            status = "done" if rid in done else (
                "failed" if entry.get("status") == "failed" else "missing")
            rows.append({**run, "status": status, "attempts": attempts.get(rid, 0),
                         "seconds": entry.get("seconds"), "worker": entry.get("worker"),
                         "error": entry.get("error") if status == "failed" else None,
                         "traceback": entry.get("traceback") if status == "failed" else None})
        return pd.DataFrame(rows)

    @property
    def failed(self) -> pd.DataFrame:
        """The runs whose last attempt failed, with error and traceback."""
        return self.ledger[self.ledger["status"] == "failed"].reset_index(drop=True)

    @property
    def n_runs(self) -> int:
        """Runs in the plan."""
        return int(self.manifest["n_runs"])

    def counts(self) -> dict[str, int]:
        """Runs done, failed and missing."""
        status = self.ledger["status"].value_counts()
        return {k: int(status.get(k, 0)) for k in ("done", "failed", "missing")}

    @property
    def complete(self) -> bool:
        """Whether every planned run is done."""
        return self.counts()["done"] == self.n_runs

    def medians(self, outcomes: list[str] | None = None) -> pd.DataFrame:
        """Median of each outcome per scenario x strategy (plan order)."""
        outcomes = outcomes or self.manifest["outcomes"]
        s = self.summaries
        return s.groupby(["scenario", "strategy"], sort=False)[outcomes].median()

    def refresh(self) -> ExperimentResults:
        """Forget what was read, so the next access reads the folder again."""
        for key in ("manifest", "runs", "design", "summaries", "timeseries", "ledger"):
            self.__dict__.pop(key, None)
        return self

    def __repr__(self) -> str:
        c = self.counts()
        return (f"ExperimentResults({self.name}: {self.n_runs:,} runs; {c['done']:,} done; "
                f"{c['failed']:,} failed; {c['missing']:,} missing; {self.folder})")


def load_results(folder: str | Path) -> ExperimentResults:
    """Open an experiment's results folder (nothing is read until a table is used).

    Raises:
        ScenarioError: when the folder holds no ``manifest.json``.

    Example:
        >>> res = load_results("results/compare_strategies")     # doctest: +SKIP
    """
    return ExperimentResults(folder)
