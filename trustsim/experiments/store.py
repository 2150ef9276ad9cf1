"""The results folder of an experiment: written run by run, read back lazily.

Core objects: :class:`Store` (the writing side, used by the driver process only) and
:class:`ExperimentResults` with :func:`load_results` (the reading side). Layout::

    OUT/manifest.json          experiment text and hashes, versions, outcomes, design method
    OUT/plan.parquet           every planned run with its seed
    OUT/design.parquet         the design points (and the unit-cube sample)
    OUT/sweeps.jsonl           one line per sweep
    OUT/experiment.yaml        the experiment file, verbatim
    OUT/ledger.jsonl           one line per finished attempt: done, failed (with the
                               traceback), retry, or damaged (a stored run set aside)
    OUT/summaries/RUN.parquet  one row per finished run
    OUT/timeseries/RUN.parquet one row per kept day of a finished run
    OUT/summaries.csv          all summaries in one table (rewritten after a sweep that ran any)
    OUT/.trustsim.lock         held while a sweep writes (see :mod:`~.lock`)

Every file is written to a temporary name and renamed, and a run counts as done once its
files are on disk and sound (readable, with the rows and columns they must have: see
:func:`~trustsim.experiments.folder.check_runs`), so a sweep killed at any instant resumes
with nothing lost and nothing duplicated; a run whose files were damaged afterwards is set
aside (moved to ``damaged/``) and run again. Nothing is rewritten per run but the
run's own files and a ledger line (:mod:`~trustsim.experiments.manifest`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim.experiments.folder import (
    check_runs,
    clear,
    csv_rows,
    foreign,
    leftovers_only,
    named,
    read_files,
    verify_runs,
)
from trustsim.experiments.lock import FolderLock
from trustsim.experiments.manifest import (
    MANIFEST,
    ManifestError,
    added_only,
    append_sweep,
    design_frame,
    difference,
    display_names,
    plan_frame,
    read_manifest,
    rebuild_manifest,
    sha256,
    upgrade,
    write_manifest,
)
from trustsim.outputs import atomic_write, provenance, write_columns, write_frame
from trustsim.scenario import ScenarioError

if TYPE_CHECKING:
    from trustsim.experiments.plan import Run
    from trustsim.experiments.spec import Experiment
    from trustsim.experiments.worker import RunOutput

__all__ = ["Store", "ExperimentResults", "load_results", "ID_COLUMNS", "WriteError"]

ID_COLUMNS = ["scenario", "strategy", "design_point", "replication", "seed"]
LEDGER, EXPERIMENT = "ledger.jsonl", "experiment.yaml"
SUMMARIES, TIMESERIES, SUMMARY_CSV = "summaries", "timeseries", "summaries.csv"


class WriteError(ScenarioError):
    """The results folder stopped taking writes (disk full, read-only, permissions).

    What was stored before stays stored; the sweep resumes once the folder can be written.
    """

    @classmethod
    def of(cls, exc: OSError, folder: Path) -> WriteError:
        """The error for an ``OSError`` met while writing into ``folder``."""
        return cls(f"cannot write to the results folder ({exc.strerror or exc}); every run "
                   "finished before this is stored: free some space or make the folder "
                   "writable, then run the same command again to resume", file=str(folder))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _has_runs(folder: Path) -> bool:
    return any((folder / sub).is_dir() and any((folder / sub).glob("*.parquet"))
               for sub in (SUMMARIES, TIMESERIES))


class Store:
    """Writes one experiment's results folder (driver process only).

    Use :meth:`open`; then :meth:`record` each finished run and :meth:`finish` the sweep
    (which releases the folder's lock; :meth:`close` releases it without finishing).

    Attributes:
        folder: the results folder; exp: the experiment; notes: messages for the user
            (results resumed from another trustsim version, a rebuilt manifest, damaged
            runs set aside, a stale lock taken over).
    """

    def __init__(self, folder: Path, exp: Experiment) -> None:
        self.folder = folder
        self.exp = exp
        self.notes: list[str] = []
        self._design = exp.design_table.to_dict(orient="index")
        self._manifest: dict[str, Any] = {}
        self._done: set[str] = set()
        self._lock: FolderLock | None = None

    # ---------------------------------------------------------------------- opening
    @classmethod
    def open(cls, folder: str | Path, exp: Experiment, *, fresh: bool = False) -> Store:
        """Open (or create) the results folder of ``exp`` and lock it for this sweep.

        Raises:
            ScenarioError: when another sweep holds the folder, the folder holds other
                files, or the results of a different experiment (unless ``fresh``, which
                removes what trustsim wrote there and nothing else), or cannot be written.
        """
        store = cls(Path(folder), exp)
        try:
            store._open(fresh)
        except OSError as exc:
            store.close()
            raise ScenarioError(f"cannot write the results folder ({exc.strerror or exc}); "
                                "nothing stored there was changed", file=str(folder)) from None
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Release the folder's lock (safe to call twice)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _open(self, fresh: bool) -> None:
        folder, exp = self.folder, self.exp
        if folder.exists() and not folder.is_dir():
            raise ScenarioError("the output folder is a file", file=str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = FolderLock(folder).acquire()
        gone = self._lock.took_over
        if gone:
            self.notes.append(f"took over the lock of a sweep that ended without releasing "
                              f"it (process {gone.get('pid')} on {gone.get('host')})")
        old, damaged = None, None
        try:
            old = read_manifest(folder)
        except ManifestError as exc:
            damaged = str(exc)
        is_results = (folder / MANIFEST).exists() or _has_runs(folder)
        if not is_results and not leftovers_only(folder):
            raise ScenarioError("the output folder is not empty and holds no experiment "
                                f"results (no manifest.json; it holds {named(foreign(folder))})"
                                "; choose another folder", file=str(folder))
        if fresh:
            clear(folder)
            old = damaged = None
        elif old is None and is_results:
            self._adopt(damaged or "")
        elif old is not None and old.get("settings_hash") != exp.settings_hash() and (
                added := added_only(old.get("settings"), exp.settings())):
            self.notes.append(f"adds {', '.join(added)}: the runs already done are kept (their "
                              "seeds do not depend on what is added)")
        elif old is not None and old.get("settings_hash") != exp.settings_hash():
            raise ScenarioError(
                f"holds results of a different experiment ({old.get('name')}; what differs: "
                f"{difference(old.get('settings'), exp.settings())}); use --fresh "
                "(fresh=True) to start over there, or another output folder",
                file=str(folder / MANIFEST))
        prov = provenance()
        if old is not None:
            was = (old["sweeps"][-1].get("provenance") if old["sweeps"] else None) or (
                old.get("provenance") or {})
            if "model" in was and was["model"] != prov["model"]:
                self.notes.append(
                    f"resuming results made by another version of the model (model "
                    f"{was['model']}, now {prov['model']}): the runs already done are kept, "
                    "so the results will mix two models and the report says so; use --fresh "
                    "(fresh=True) to run them all on this one")
            for key in ("trustsim", "git"):
                if key in was and was.get(key) != prov.get(key):
                    self.notes.append(f"resuming results made with {key} {was.get(key)}; "
                                      f"now {prov.get(key)}")
        for sub in (SUMMARIES, TIMESERIES):
            (folder / sub).mkdir(exist_ok=True)
            for tmp in (folder / sub).glob(".*.tmp"):  # left by a killed write
                tmp.unlink(missing_ok=True)
        # The file's text changed without changing the runs (a description, a comment): the
        # manifest follows it, so reports show what the file now says.
        edited = old is not None and (old.get("experiment") or {}).get("sha256") != sha256(
            exp.text)
        # ... or a scenario or strategy file's name_zh or description did (review: a new
        # name_zh never reached the report)
        edited = edited or (old is not None and any(
            (old.get(k) or {}) != v for k, v in display_names(exp).items()))
        if old is None or old.get("format", 1) < 2 or old.get("n_runs") != exp.n_runs or edited:
            if old is not None:
                upgrade(folder, old)
            self._manifest = write_manifest(folder, exp, prov, self._scenario_hashes())
        else:
            self._manifest = old
        if not (folder / EXPERIMENT).is_file() or sha256(
                (folder / EXPERIMENT).read_bytes()) != sha256(exp.text.encode("utf-8")):
            atomic_write(folder / EXPERIMENT,
                         lambda p: p.write_text(exp.text, encoding="utf-8"))
        self._verify()

    def _scenario_hashes(self) -> dict[str, dict]:
        files = {}
        for name, path in self.exp.scenario_files.items():
            try:
                files[name] = {"file": path, "sha256": sha256(Path(path).read_bytes())}
            except OSError:
                files[name] = {"file": path, "sha256": None}
        return files

    def _verify(self) -> None:
        """Find the runs stored soundly; set aside the damaged and incomplete ones."""
        exp = self.exp
        self._done, bad, moved = verify_runs(self.folder, (r.run_id for r in exp.plan()),
                                             exp.outcome_names, exp.metric_names)
        if moved:
            self.notes.append(f"{moved} damaged file(s) an older version left in summaries/ "
                              "or timeseries/ moved to damaged/")
        for rid, why in bad.items():
            self.log(rid, "damaged", error=why)
        if bad:
            rid, why = next(iter(bad.items()))
            self.notes.append(f"{len(bad)} stored run(s) were damaged or incomplete (e.g. "
                              f"{rid}: {why}); set aside in damaged/ and run again")

    def _adopt(self, reason: str) -> None:
        """Rebuild a damaged or missing manifest, if the stored runs are this experiment's."""
        exp, folder = self.exp, self.folder
        plan = {r.run_id: r for r in exp.plan()}
        done, _ = check_runs(folder, plan, exp.outcome_names, [])
        names = exp.design.names
        found = ExperimentResults.read_ids(folder, sorted(done), names)
        mismatch = None
        for row in found.itertuples(index=False):
            run = plan.get(row.run_id)
            want = self._design.get(run.design_point, {}) if run else {}
            if run is None or run.seed != row.seed or any(
                    getattr(row, n) != want.get(n) for n in names):
                mismatch = row.run_id
                break
        stray = _has_runs(folder) and not done
        if mismatch or stray:
            why = f"e.g. {mismatch} differs" if mismatch else "none is in this experiment's plan"
            raise ScenarioError(
                f"{reason or 'manifest.json is missing'}, and the runs stored here are not "
                f"this experiment's ({why}); use --fresh (in Python: fresh=True) to start "
                "over there (it removes only what trustsim wrote), or another output folder",
                file=str(folder))
        if (folder / MANIFEST).exists():
            (folder / MANIFEST).replace(folder / (MANIFEST + ".damaged"))
        self.notes.append(f"{reason or 'manifest.json was missing'}: rebuilt from this "
                          f"experiment after checking its {len(done):,} stored runs "
                          "(the old file is kept as manifest.json.damaged)")

    # ---------------------------------------------------------------------- writing
    def done_ids(self) -> set[str]:
        """Runs whose results are on disk and sound (checked when the folder opened)."""
        return set(self._done)

    def record(self, run: Run, out: RunOutput, attempt: int) -> None:
        """Store a finished run: its time series, then its summary, then a ledger line.

        Raises:
            WriteError: when the folder cannot be written (the run is not counted done).
        """
        try:
            self._record(run, out, attempt)
        except OSError as exc:
            raise WriteError.of(exc, self.folder) from None

    def _record(self, run: Run, out: RunOutput, attempt: int) -> None:
        ids = {"scenario": run.scenario, "strategy": run.strategy,
               "design_point": run.design_point, "replication": run.replication,
               "seed": run.seed}
        if out.ok:
            if out.series is not None:
                n = len(out.series["time"])
                write_columns({**{k: np.repeat(v, n) for k, v in ids.items()}, **out.series},
                              self.folder / TIMESERIES / f"{run.run_id}.parquet")
            row = {**ids, **self._design.get(run.design_point, {}), **(out.outcomes or {})}
            write_columns(row, self.folder / SUMMARIES / f"{run.run_id}.parquet")
            self._done.add(run.run_id)
        self.log(run.run_id, "done" if out.ok else "failed", attempt=attempt,
                 seconds=round(out.seconds, 4), worker=out.worker, model=out.model or None,
                 error=out.error, traceback=out.traceback)

    def log(self, run_id: str, status: str, **fields: Any) -> None:
        """Append one line to the ledger (a torn last line is skipped when read).

        Raises:
            WriteError: when the folder cannot be written.
        """
        line = json.dumps({"run_id": run_id, "status": status, "at": _now(), **fields})
        try:
            with open(self.folder / LEDGER, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except OSError as exc:
            raise WriteError.of(exc, self.folder) from None

    def finish(self, sweep: dict[str, Any]) -> ExperimentResults:
        """Close a sweep: record it, write ``summaries.csv``, release the lock.

        The sweep's line goes to ``sweeps.jsonl`` every time; ``summaries.csv`` is rewritten
        only when the sweep ran something (or the file is missing).

        Raises:
            WriteError: when the folder cannot be written (the runs stay stored).
        """
        try:
            prov = provenance()
            append_sweep(self.folder, {**sweep, "provenance": {
                k: prov.get(k) for k in ("trustsim", "model", "git", "python", "machine")}})
            res = ExperimentResults(self.folder)
            # Ran nothing (a second `make run`): left as it was, if it holds the runs.
            table = self.folder / SUMMARY_CSV
            if sweep.get("ran") or not table.is_file() or csv_rows(table) != len(self._done):
                write_frame(res.summaries, table)
        except OSError as exc:
            raise WriteError.of(exc, self.folder) from None
        finally:
            self.close()
        return res


# --------------------------------------------------------------------------- reading
class ExperimentResults:
    """An experiment's results, read lazily from its folder.

    Args:
        folder: a results folder written by :func:`~trustsim.run_experiment` (any
            version: folders of manifest format 1 are read as they are).

    Attributes:
        folder: the folder; manifest: its manifest (with ``sweeps``); notes: what the
            reader had to work around (a manifest rebuilt from the run files).
        runs: the plan, one row per run; design: the design table; unit_sample: the
            unit-cube sample of a sampled design (else None).
        summaries: one row per finished run: ``scenario, strategy, design_point,
            replication, seed``, the design's parameter values, then the outcomes.
        timeseries: one row per run and kept day: the same identifiers, ``time``, then
            one column per metric (wide by metric).
        ledger: one row per planned run with its status (done, failed or missing),
            attempts, error and traceback; failed: the failed rows. A run whose files
            are damaged or incomplete is missing, with the reason as its error.

    Both tables are sorted in plan order (scenario and strategy in file order, then design
    point and replication) whatever order the runs finished in.

    Example:
        >>> res = load_results("results/smoke")            # doctest: +SKIP
        >>> res.summaries.groupby("strategy")["final_trust"].median()  # doctest: +SKIP
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.notes: list[str] = []
        if not self.folder.is_dir():
            raise ScenarioError("no such results folder", file=str(self.folder))
        if not (self.folder / MANIFEST).exists() and not _has_runs(self.folder):
            raise ScenarioError("not an experiment results folder (no manifest.json)",
                                file=str(self.folder))

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """The folder's manifest (experiment, hashes, versions, outcomes, sweeps).

        A missing or damaged ``manifest.json`` is rebuilt, in memory, from the run files
        (the plan is then the runs found; the next sweep writes a full one).
        """
        try:
            return read_manifest(self.folder)
        except ManifestError as exc:
            reason = str(exc)
        found = sorted(p.stem for p in (self.folder / SUMMARIES).glob("*.parquet"))
        try:
            runs = self.read_ids(self.folder, found, None)
        except OSError:
            runs = pd.DataFrame()
        if not len(runs):
            raise ScenarioError(f"not a usable results folder: {reason}, and no stored run "
                                "can be read", file=str(self.folder))
        metrics = []
        series = sorted((self.folder / TIMESERIES).glob("*.parquet"))
        if series:
            import pyarrow.parquet as pq

            try:
                names = pq.read_schema(series[0]).names
                metrics = [c for c in names if c not in ID_COLUMNS and c != "time"]
            except Exception:  # noqa: BLE001 - a damaged file: metrics stay unknown
                metrics = []
        self.notes.append(f"{reason}: the manifest was rebuilt from {len(runs):,} stored runs "
                          "(runs never stored cannot be counted; a sweep of the experiment "
                          "into this folder restores it)")
        return rebuild_manifest(self.folder, runs.drop(columns="run_id"), metrics, reason)

    @staticmethod
    def read_ids(folder: Path, run_ids: list[str], columns: list[str] | None) -> pd.DataFrame:
        """``run_id`` and the summary columns (all when None) of the given stored runs.

        Unreadable files are skipped.
        """
        frames = []
        for rid in run_ids:
            path = folder / SUMMARIES / f"{rid}.parquet"
            try:
                df = pd.read_parquet(path, columns=None if columns is None else
                                     ID_COLUMNS + columns)
            except Exception:  # noqa: BLE001 - damaged or foreign: not a stored run
                continue
            df.insert(0, "run_id", rid)
            frames.append(df)
        if not frames:
            return pd.DataFrame(columns=["run_id", *ID_COLUMNS, *(columns or [])])
        return pd.concat(frames, ignore_index=True)

    @property
    def name(self) -> str:
        """The experiment's name."""
        return self.manifest["name"]

    @cached_property
    def runs(self) -> pd.DataFrame:
        """The plan: one row per run with its identifiers and seed."""
        return plan_frame(self.folder, self.manifest)

    @cached_property
    def _design_and_unit(self) -> tuple[pd.DataFrame, np.ndarray | None]:
        return design_frame(self.folder, self.manifest)

    @property
    def design(self) -> pd.DataFrame:
        """The design table: one row per design point."""
        return self._design_and_unit[0]

    @property
    def unit_sample(self) -> np.ndarray | None:
        """Sampled designs: the unit-cube sample behind :attr:`design` (SALib's X)."""
        return self._design_and_unit[1]

    @cached_property
    def _checked(self) -> tuple[set[str], dict[str, str]]:
        return check_runs(self.folder, self.runs["run_id"], self.manifest["outcomes"],
                          self.manifest["timeseries"])

    @property
    def damaged(self) -> dict[str, str]:
        """Runs with files that are damaged or incomplete, and why (they count as missing)."""
        return dict(self._checked[1])

    def _read(self, sub: str, columns: list[str]) -> pd.DataFrame:
        done = self._checked[0]
        files = [self.folder / sub / f"{r}.parquet" for r in self.runs["run_id"] if r in done]
        if not files:
            return pd.DataFrame(columns=columns)
        df = read_files(files)
        if not len(df):
            return pd.DataFrame(columns=columns)
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
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                    rid, status = entry["run_id"], entry["status"]
                except (json.JSONDecodeError, KeyError, TypeError):  # a line torn by a kill
                    continue
                if status in ("done", "failed", "retry"):
                    attempts[rid] = attempts.get(rid, 0) + 1
                if status in ("done", "failed"):
                    latest[rid] = entry
        done, bad = self._checked
        plan = self.runs
        rows = []
        for run in plan.to_dict(orient="records"):
            rid = run["run_id"]
            entry = latest.get(rid, {})
            status = "done" if rid in done else (
                "failed" if entry.get("status") == "failed" else "missing")
            error = entry.get("error") if status == "failed" else (
                f"stored files {bad[rid]}" if rid in bad else None)
            rows.append({**run, "status": status, "attempts": attempts.get(rid, 0),
                         "seconds": entry.get("seconds"), "worker": entry.get("worker"),
                         "model": entry.get("model") if status == "done" else None,
                         "error": error,
                         "traceback": entry.get("traceback") if status == "failed" else None})
        return pd.DataFrame(rows, columns=[*plan.columns, "status", "attempts", "seconds",
                                           "worker", "model", "error", "traceback"])

    @property
    def failed(self) -> pd.DataFrame:
        """The runs whose last attempt failed, with error and traceback."""
        return self.ledger[self.ledger["status"] == "failed"].reset_index(drop=True)

    @property
    def n_runs(self) -> int:
        """Runs in the plan."""
        return int(self.manifest["n_runs"])

    def models(self) -> dict[str, int]:
        """Runs done per model fingerprint (``outputs.model_hash``), most runs first.

        Each run's fingerprint is the one its worker reported (a Dask worker with another
        install shows up too). More than one means the results mix versions of the model
        (a sweep resumed after the model changed); the report and ``compare`` warn. Runs
        stored before fingerprints were recorded are not counted.
        """
        led = self.ledger
        if "model" not in led.columns:
            return {}
        done = led.loc[(led["status"] == "done") & led["model"].notna(), "model"]
        return {str(k): int(v) for k, v in done.value_counts().items()}

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
        for key in ("manifest", "runs", "_design_and_unit", "_checked", "summaries",
                    "timeseries", "ledger"):
            self.__dict__.pop(key, None)
        self.notes = []
        return self

    def __repr__(self) -> str:
        c = self.counts()
        return (f"ExperimentResults({self.name}: {self.n_runs:,} runs; {c['done']:,} done; "
                f"{c['failed']:,} failed; {c['missing']:,} missing; {self.folder})")


def load_results(folder: str | Path) -> ExperimentResults:
    """Open an experiment's results folder (nothing is read until a table is used).

    Runs whose files are damaged or incomplete count as missing; a damaged manifest is
    rebuilt in memory from the run files (see :attr:`ExperimentResults.notes`).

    Raises:
        ScenarioError: when the folder holds neither a manifest nor stored runs.

    Example:
        >>> res = load_results("results/compare_strategies")     # doctest: +SKIP
    """
    return ExperimentResults(folder)
