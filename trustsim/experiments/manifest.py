"""The manifest of a results folder: written when the plan changes, never per run.

Core functions: :func:`write_manifest`, :func:`read_manifest`, :func:`append_sweep`,
:func:`plan_frame`, :func:`design_frame`, :func:`rebuild_manifest` (from the per-run
files, when ``manifest.json`` is damaged) and :func:`difference` (what changed between
two experiments' settings). Format 2 (this version)::

    manifest.json   the experiment file and hashes, versions, outcomes, the design's method
    plan.parquet    one row per planned run: run_id, scenario, strategy, design_point,
                    replication, seed
    design.parquet  one row per design point: parameter values, then the unit-cube
                    sample of sampled designs (columns ``unit:NAME``)
    sweeps.jsonl    one line per sweep (appended)

Format 1 (earlier versions) kept the plan, the design and the sweeps inside
``manifest.json`` and rewrote it after every sweep (434 MB at a million runs); such
folders are still read, and the next sweep into one upgrades it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim.errors import ScenarioError
from trustsim.experiments.folder import check_file
from trustsim.files import read_bytes
from trustsim.outputs import atomic_write, write_frame, write_json

if TYPE_CHECKING:
    from trustsim.experiments.spec import Experiment

__all__ = ["FORMAT", "MANIFEST", "PLAN", "DESIGN", "SWEEPS", "ManifestError",
           "write_manifest", "read_manifest", "append_sweep", "plan_frame", "design_frame",
           "rebuild_manifest", "compact_settings", "difference", "results_manifest",
           "recorded_scenario_file", "added_only"]

FORMAT = 2
MANIFEST, PLAN, DESIGN, SWEEPS = "manifest.json", "plan.parquet", "design.parquet", "sweeps.jsonl"
PLAN_COLUMNS = ["run_id", "scenario", "strategy", "design_point", "replication", "seed"]
_REQUIRED = ("name", "settings_hash", "scenarios", "strategies", "outcomes", "timeseries",
             "design", "n_runs")
_UNIT = "unit:"


class ManifestError(Exception):
    """``manifest.json`` is missing or damaged (the message says how)."""


def sha256(data: str | bytes) -> str:
    """Hex SHA-256 of text (UTF-8) or bytes."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def compact_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings with the design's points replaced by their count and a digest."""
    out = dict(settings)
    design = out.get("design")
    if isinstance(design, list):
        out["design"] = {"points": len(design),
                         "sha256": sha256(json.dumps(design, sort_keys=True, default=str))}
    return out


def difference(old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    """What differs between two experiments' (compact) settings, in a few words."""
    if not isinstance(old, dict):
        return "the earlier settings are not recorded"
    old, new = compact_settings(old), compact_settings(new)
    parts = []
    for key in new:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict) and key in ("scenarios", "strategies",
                                                                   "overrides"):
            added, removed, changed = _changes(a, b)
            what = "; ".join(f"{label} {', '.join(map(str, names))}" for label, names in
                             (("added", added), ("removed", removed), ("changed", changed))
                             if names)
            parts.append(f"{key}: {what}")
        elif key == "design":
            parts.append("design: other points")
        else:
            parts.append(f"{key}: {_short(a)} -> {_short(b)}")
    return "; ".join(parts) or "settings differ"


def _changes(a: dict, b: dict) -> tuple[list, list, list]:
    """Entries of ``b`` not in ``a``, of ``a`` not in ``b``, and in both but different."""
    return ([k for k in b if k not in a], [k for k in a if k not in b],
            [k for k in b if k in a and a[k] != b[k]])


def added_only(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str] | None:
    """The scenarios and strategies ``new`` adds to ``old``, when that is all that differs.

    Runs' seeds do not depend on the strategy, and a scenario's only on its own name, so the
    runs already done stay valid when scenarios or strategies are added (researcher trial:
    adding one strategy forced a full rerun). ``None`` when anything else differs (a
    changed or removed entry, another seed, design, outcome ...).
    """
    if not isinstance(old, dict):
        return None
    old, new = compact_settings(old), compact_settings(new)
    added = []
    for key in set(old) | set(new):
        a, b = old.get(key), new.get(key)
        if key in ("scenarios", "strategies") and isinstance(a, dict) and isinstance(b, dict):
            new_ones, removed, changed = _changes(a, b)
            if removed or changed:
                return None
            one = {"scenarios": "scenario", "strategies": "strategy"}[key]
            added += [f"{one} {k}" for k in new_ones]
        elif a != b:
            return None
    return added


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


# ------------------------------------------------------------------------------ writing
def display_names(exp: Experiment) -> dict[str, dict[str, str]]:
    """What reports call the experiment's strategies and scenarios (no run depends on it)."""
    return {
        "strategies_zh": {k: v.name_zh for k, v in exp.strategy_objects.items() if v.name_zh},
        "scenarios_zh": {k: v.name_zh for k, v in exp.scenario_objects.items() if v.name_zh},
        "strategies_en": {k: v.name_en for k, v in exp.strategy_objects.items() if v.name_en},
        "scenarios_en": {k: v.name_en for k, v in exp.scenario_objects.items() if v.name_en},
        "scenario_descriptions": {k: v.description for k, v in exp.scenario_objects.items()
                                  if v.description},
        "strategy_descriptions": {k: v.description for k, v in exp.strategy_objects.items()
                                  if v.description},
        "scenario_descriptions_zh": {k: v.description_zh
                                     for k, v in exp.scenario_objects.items()
                                     if v.description_zh},
    }


def write_manifest(folder: Path, exp: Experiment, provenance: dict[str, Any],
                   scenario_files: dict[str, dict]) -> dict[str, Any]:
    """Write the plan, the design, then ``manifest.json`` (last: it marks them complete)."""
    plan = pd.DataFrame([(r.run_id, r.scenario, r.strategy, r.design_point, r.replication,
                          r.seed) for r in exp.plan()], columns=PLAN_COLUMNS)
    write_frame(plan, folder / PLAN)
    design = exp.design_table.reset_index(drop=True).copy()
    if exp.unit_sample is not None:
        for k, name in enumerate(exp.design.names):
            design[f"{_UNIT}{name}"] = exp.unit_sample[:, k]
    if len(design.columns):
        write_frame(design, folder / DESIGN)
    manifest = {
        "format": FORMAT,
        "name": exp.name,
        "description": exp.description,
        "description_zh": exp.description_zh,
        "experiment": {"file": exp.file, "sha256": sha256(exp.text), "text": exp.text},
        "scenario_files": scenario_files,
        "settings_hash": exp.settings_hash(),
        "seed": exp.seed,
        "scenarios": list(exp.scenario_objects),
        "strategies": list(exp.strategy_objects),
        **display_names(exp),
        "replications": exp.replications,
        "outcomes": exp.outcome_names,
        "min_effect": {k: float(v) for k, v in exp.min_effect.items()},
        "headline": exp.headline,
        "baseline": exp.baseline,
        "timeseries": exp.metric_names,
        "design": {"method": exp.design.method, "parameters": exp.design.names,
                   "levels": exp.design.levels, "second_order": exp.design.second_order,
                   "keep_scenario_values": exp.design.keep_scenario_values,
                   "common_seeds": exp.design.common_seeds,
                   "n_points": len(exp.design_table)},
        "settings": compact_settings(exp.settings()),
        "n_runs": exp.n_runs,
        "plan": PLAN,
        "provenance": provenance,
    }
    write_json(manifest, folder / MANIFEST)
    return manifest


def append_sweep(folder: Path, sweep: dict[str, Any]) -> None:
    """Add one sweep's record to ``sweeps.jsonl`` (a torn last line is skipped when read)."""
    with open(folder / SWEEPS, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(sweep, default=str) + "\n")


def upgrade(folder: Path, manifest: dict[str, Any]) -> None:
    """Carry the sweeps of a format-1 manifest over to ``sweeps.jsonl`` (before rewriting)."""
    if manifest.get("format", 1) < 2 and manifest.get("sweeps"):
        text = "".join(json.dumps(s, default=str) + "\n" for s in manifest["sweeps"])
        atomic_write(folder / SWEEPS, lambda p: p.write_text(text, encoding="utf-8"))


# ------------------------------------------------------------------------------ reading
def _lines(path: Path) -> list[dict]:
    out = []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return out
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:  # torn by a kill, or damaged
            continue
        if isinstance(entry, dict):
            out.append(entry)
    return out


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest, any format, with ``sweeps`` filled in.

    Raises:
        ManifestError: when it is missing, not JSON, or lacks what a manifest holds.
    """
    path = folder / MANIFEST
    if not path.exists():
        raise ManifestError("there is no manifest.json")
    try:
        text = read_bytes(path, limit=2**31).decode("utf-8")
    except ScenarioError as exc:
        raise ManifestError(f"manifest.json {exc.message}") from None
    except UnicodeDecodeError:
        raise ManifestError("manifest.json is not UTF-8 text") from None
    try:
        man = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"manifest.json is not valid JSON ({exc.msg} at line "
                            f"{exc.lineno})") from None
    if not isinstance(man, dict):
        raise ManifestError("manifest.json does not hold a mapping")
    missing = [k for k in _REQUIRED if k not in man]
    if man.get("format", 1) < 2 and "runs" not in man:
        missing.append("runs")
    if missing:
        raise ManifestError(f"manifest.json lacks {', '.join(missing)}")
    kinds = {"name": str, "scenarios": list, "strategies": list, "outcomes": list,
             "timeseries": list, "design": dict, "n_runs": int}
    wrong = [k for k, kind in kinds.items() if not isinstance(man[k], kind)]
    if wrong or not isinstance(man["design"].get("parameters"), list):
        raise ManifestError(f"manifest.json has a damaged {(wrong or ['design'])[0]}")
    if man.get("format", 1) >= 2:
        man["sweeps"] = _lines(folder / SWEEPS)
        why = check_file(folder / PLAN, PLAN_COLUMNS, rows=int(man["n_runs"]))
        if why:
            raise ManifestError(f"plan.parquet is {why}" if why == "missing" else
                                f"plan.parquet {why}")
        names = man["design"]["parameters"]
        if names:
            why = check_file(folder / DESIGN, names, rows=man["design"].get("n_points"))
            if why:
                raise ManifestError(f"design.parquet is {why}" if why == "missing" else
                                    f"design.parquet {why}")
    else:
        man.setdefault("sweeps", [])
    return man


def plan_frame(folder: Path, manifest: dict[str, Any]) -> pd.DataFrame:
    """The plan: one row per run (``run_id``, the identifiers and the seed)."""
    if manifest.get("format", 1) < 2:
        return pd.DataFrame(manifest["runs"], columns=PLAN_COLUMNS)
    return pd.read_parquet(folder / manifest.get("plan", PLAN))[PLAN_COLUMNS]


def design_frame(folder: Path, manifest: dict[str, Any]) -> tuple[pd.DataFrame,
                                                                     np.ndarray | None]:
    """The design table (index ``design_point``) and the unit-cube sample, if any."""
    d = manifest["design"]
    names = d["parameters"]
    if manifest.get("format", 1) < 2:
        df = pd.DataFrame(d["points"], columns=names)
        unit = np.asarray(d["unit"], dtype=float) if d.get("unit") is not None else None
    elif (folder / DESIGN).exists():
        raw = pd.read_parquet(folder / DESIGN)
        df = raw[names].copy()
        ucols = [f"{_UNIT}{n}" for n in names]
        unit = raw[ucols].to_numpy(dtype=float) if all(c in raw for c in ucols) else None
    else:
        df = pd.DataFrame(index=pd.RangeIndex(int(d.get("n_points", 1))))
        unit = None
    df.index.name = "design_point"
    return df, unit


def rebuild_manifest(folder: Path, runs: pd.DataFrame, metrics: list[str],
                     reason: str) -> dict[str, Any]:
    """A format-1 manifest, in memory, rebuilt from the runs found in the per-run files.

    ``runs`` holds one summary row per stored run. Only what the files show can be
    known: the plan is the runs found (missing runs cannot be counted), the outcomes
    are the registry's outcomes among the columns, the other columns are the design.
    """
    from trustsim.experiments.plan import Run
    from trustsim.outcomes import OUTCOMES

    ids = ["scenario", "strategy", "design_point", "replication", "seed"]
    runs = runs.sort_values(ids[:4], kind="stable").reset_index(drop=True)
    outcomes = [c for c in runs.columns if c in OUTCOMES]
    params = [c for c in runs.columns if c not in ids and c not in OUTCOMES]
    points = (runs[["design_point", *params]].drop_duplicates("design_point")
              .set_index("design_point")
              .reindex(range(int(runs["design_point"].max()) + 1 if len(runs) else 0)))
    plan = [{"run_id": Run(r.scenario, r.strategy, int(r.design_point), int(r.replication),
                           int(r.seed)).run_id, "scenario": r.scenario,
             "strategy": r.strategy, "design_point": int(r.design_point),
             "replication": int(r.replication), "seed": int(r.seed)}
            for r in runs.itertuples(index=False)]
    name = folder.resolve().name
    return {
        "format": 1, "rebuilt": reason, "name": name, "description": "",
        "experiment": None, "scenario_files": {}, "settings_hash": None,
        "seed": None, "scenarios": list(dict.fromkeys(runs["scenario"])),
        "strategies": list(dict.fromkeys(runs["strategy"])), "outcomes": outcomes,
        "min_effect": {}, "timeseries": metrics,
        "design": {"method": "unknown", "parameters": params, "levels": None,
                   "second_order": False,
                   "points": points[params].to_dict(orient="records"), "unit": None},
        "n_runs": len(plan), "runs": plan, "provenance": {}, "sweeps": [],
    }


def results_manifest(folder: Path | None) -> dict[str, Any] | None:
    """The manifest of a results folder (:func:`read_manifest`), or None.

    None when ``folder`` is not one or its manifest cannot be read. A results folder's
    ``experiment.yaml`` is the experiment as run: swept again, it goes to its own folder
    and finds the scenario files the runs used (:func:`recorded_scenario_file`).
    """
    if folder is None or not (folder / MANIFEST).is_file():
        return None
    try:
        return read_manifest(folder)
    except ManifestError:
        return None


def recorded_scenario_file(ref: str, base: Path | None) -> Path | None:
    """Where a results folder's manifest says the scenario file ``ref`` was, if still there.

    Only a file of the same name and the same contents (SHA-256) as the one the runs used.

    Raises:
        ScenarioError: the recorded file is there but changed since the runs (it read as
            "no such scenario file" beside the copy, which hid the cause; trial).
    """
    files = (results_manifest(base) or {}).get("scenario_files") or {}
    changed = None
    for entry in files.values() if isinstance(files, dict) else ():
        if not isinstance(entry, dict) or not entry.get("file") or not entry.get("sha256"):
            continue
        path = Path(str(entry["file"]))
        if path.name == Path(ref).name and path.is_absolute() and path.is_file():
            if sha256(path.read_bytes()) == entry["sha256"]:
                return path
            changed = path  # (another recorded file of that name may be unchanged)
    if changed is not None:
        raise ScenarioError(f"the scenario file these results used, {changed}, changed "
                            "since they were run (its SHA-256 differs from the one the "
                            "manifest records): sweeping this copy would mix runs of two "
                            "scenarios; restore the file, or sweep the edited experiment "
                            "into a new folder", value=ref)
    return None
