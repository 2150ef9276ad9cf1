"""The results folder: layout, manifest, lazy loading, and resuming after ``kill -9`` with
nothing lost and nothing duplicated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import trustsim
from trustsim.experiments.spec import load_experiment
from trustsim.experiments.store import ID_COLUMNS, ExperimentResults, Store
from trustsim.scenario import ScenarioError

TRUSTSIM = Path(sys.executable).with_name("trustsim")

EXPERIMENT = """
name: resumable
seed: 11
scenarios: [tiny.yaml]
strategies: [do_nothing, full_rebuild]
replications: {reps}
design:
  method: lhs
  samples: 2
  parameters:
    herding_mean: {{range: [0.1, 0.6]}}
outcomes: [final_trust, trust_lost, aum_retained]
timeseries: [mean_trust, aum]
timeseries_every: 5
"""
TINY = """
name: tiny
params: {{n_users: {n}, steps: 40}}
crises: [{{type: liquidity_rumour, time: 10, target: Platform D, severity: 0.8}}]
"""


def make(folder: Path, reps: int = 3, n: int = 150) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.yaml").write_text(TINY.format(n=n), encoding="utf-8")
    path = folder / "exp.yaml"
    path.write_text(EXPERIMENT.format(reps=reps), encoding="utf-8")
    return path


def serial(exp, out: Path, **kw) -> ExperimentResults:
    return trustsim.run_experiment(exp, out=out, executor="serial", progress=False, **kw)


def assert_same_results(a: ExperimentResults, b: ExperimentResults) -> None:
    pd.testing.assert_frame_equal(a.summaries, b.summaries, check_exact=True)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries, check_exact=True)


def ledger_lines(folder: Path) -> list[dict]:
    return [json.loads(line) for line in
            (folder / "ledger.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> tuple[Path, ExperimentResults]:
    base = tmp_path_factory.mktemp("finished")
    exp = make(base)
    return exp, serial(exp, base / "out")


# ----------------------------------------------------------------------------- layout
def test_layout_and_tidy_tables(finished):
    exp_file, res = finished
    exp = load_experiment(exp_file)
    folder = res.folder
    for name in ("manifest.json", "experiment.yaml", "ledger.jsonl", "summaries.csv"):
        assert (folder / name).is_file(), name
    assert len(list((folder / "summaries").glob("*.parquet"))) == exp.n_runs == 12
    assert len(list((folder / "timeseries").glob("*.parquet"))) == exp.n_runs
    s = res.summaries
    assert list(s.columns) == [*ID_COLUMNS, "herding_mean", "final_trust", "trust_lost",
                               "aum_retained"]
    assert len(s) == 12 and not s.duplicated(ID_COLUMNS[:4]).any()
    assert list(s["strategy"].unique()) == ["do_nothing", "full_rebuild"]  # file order
    design = res.design
    assert (s["herding_mean"].to_numpy() == design.loc[s["design_point"],
                                                       "herding_mean"].to_numpy()).all()
    ts = res.timeseries
    assert list(ts.columns) == [*ID_COLUMNS, "time", "mean_trust", "aum"]
    days = sorted(ts["time"].unique())
    assert days == list(range(0, 41, 5))  # every 5th day, the last one included
    assert len(ts) == 12 * len(days)
    csv = pd.read_csv(folder / "summaries.csv")
    assert len(csv) == 12 and list(csv.columns) == list(s.columns)


def test_manifest_records_file_hashes_versions_and_every_seed(finished):
    exp_file, res = finished
    man = res.manifest
    assert man["experiment"]["text"] == exp_file.read_text(encoding="utf-8")
    assert len(man["experiment"]["sha256"]) == 64
    assert man["scenario_files"]["tiny"]["sha256"]
    prov = man["provenance"]
    assert prov["trustsim"] == trustsim.__version__ and "numpy" in prov and "git" in prov
    assert man["format"] == 2 and "runs" not in man  # the plan lives in plan.parquet
    seeds = dict(zip(res.runs["run_id"], res.runs["seed"], strict=True))
    assert len(seeds) == 12
    assert seeds == {r.run_id: r.seed for r in load_experiment(exp_file).plan()}
    s = res.summaries
    assert set(s["seed"]) == set(seeds.values())
    assert man["sweeps"][-1]["status"] == "finished" and man["sweeps"][-1]["ran"] == 12
    assert (res.folder / "experiment.yaml").read_text(encoding="utf-8") == exp_file.read_text(
        encoding="utf-8")


def test_load_results_is_lazy_and_equals_what_the_sweep_returned(finished):
    _, res = finished
    again = trustsim.load_results(res.folder)
    assert isinstance(again, trustsim.ExperimentResults)
    assert "summaries" not in again.__dict__ and "timeseries" not in again.__dict__
    assert_same_results(res, again)
    assert again.complete and again.counts() == {"done": 12, "failed": 0, "missing": 0}
    assert "12 done" in repr(again)
    med = again.medians(["final_trust"])
    assert list(med.index.names) == ["scenario", "strategy"] and len(med) == 2


def test_load_results_of_a_folder_without_manifest_is_an_error(tmp_path):
    with pytest.raises(ScenarioError, match="no manifest.json"):
        trustsim.load_results(tmp_path)


@pytest.mark.parametrize("own", ["experiment.yaml", "summaries.csv"])
def test_a_sweep_never_overwrites_a_users_file_with_a_name_trustsim_writes(tmp_path, own):
    """``trustsim sweep experiment.yaml --out .`` replaced the user's experiment file (its
    comments and values lost) and summaries.csv: names trustsim writes, so the folder read
    as a killed start's leftovers (researcher trial). Without a manifest they are the user's:
    the folder is refused, naming them, and both files are kept."""
    exp = make(tmp_path / "exp")
    out = tmp_path / "proj"
    out.mkdir()
    (out / own).write_text("mine\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"it holds {own}"):
        serial(exp, out)
    assert (out / own).read_text(encoding="utf-8") == "mine\n"
    assert not (out / "manifest.json").exists()


def test_a_killed_fresh_start_is_taken_over_with_a_users_file_kept_inside(tmp_path):
    """A ``--fresh`` killed after clearing leaves trustsim's own folders, a user's file kept
    inside ``compare/``, and no manifest: that is no one's work to protect, and refusing it
    locked the folder for good, even with --fresh (review). The user's file stays."""
    exp = make(tmp_path / "exp")
    out = tmp_path / "out"
    (out / "compare").mkdir(parents=True)
    (out / "compare" / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "summaries").mkdir()
    (out / "ledger.jsonl").write_text("", encoding="utf-8")
    assert serial(exp, out).complete
    assert (out / "compare" / "notes.txt").read_text(encoding="utf-8") == "mine\n"


# ----------------------------------------------------------------------------- resume
def test_resume_after_kill_9_runs_only_the_missing_runs(tmp_path, finished):
    exp_file = make(tmp_path / "exp", reps=10, n=1000)
    out = tmp_path / "out"
    proc = subprocess.Popen([str(TRUSTSIM), "sweep", str(exp_file), "--out", str(out),
                             "--serial", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if len(list((out / "summaries").glob("*.parquet"))) >= 4 or proc.poll() is not None:
                break
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    done_at_kill = {p.stem for p in (out / "summaries").glob("*.parquet")}
    exp = load_experiment(exp_file)
    assert 4 <= len(done_at_kill) < exp.n_runs == 40
    lines_before = len(ledger_lines(out))

    res = serial(exp, out)
    new = [e for e in ledger_lines(out)[lines_before:] if e["status"] == "done"]
    ran_now = [e["run_id"] for e in new]
    assert len(ran_now) == len(set(ran_now))  # no run twice
    assert set(ran_now) == {r.run_id for r in exp.plan()} - done_at_kill  # only the missing
    assert res.manifest["sweeps"][-1]["resumed"] == len(done_at_kill)
    assert res.complete

    whole = serial(exp, tmp_path / "whole")
    assert_same_results(res, whole)
    for sub in ("summaries", "timeseries"):
        for f in (out / sub).glob("*.parquet"):
            assert f.read_bytes() == (tmp_path / "whole" / sub / f.name).read_bytes()
    assert not list((out / "summaries").glob(".*.tmp"))


def test_leftovers_of_a_killed_write_are_ignored_and_cleaned(tmp_path):
    exp_file = make(tmp_path, reps=1)
    out = tmp_path / "out"
    res = serial(exp_file, out)
    victim = sorted((out / "summaries").glob("*.parquet"))[0]
    victim.unlink()  # the run was killed before its summary was renamed into place
    (out / "summaries" / f".{victim.name}.x1y2.tmp").write_bytes(b"half a parquet")
    with open(out / "ledger.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"run_id": "torn", "sta')  # a line torn by the kill
    assert trustsim.load_results(out).counts()["missing"] == 1
    again = serial(exp_file, out)
    assert again.manifest["sweeps"][-1]["ran"] == 1 and again.complete
    assert not list((out / "summaries").glob(".*.tmp"))
    assert_same_results(res.refresh(), again)


def test_the_summary_order_is_part_of_every_results_folder(tmp_path):
    """An experiment without ``outcomes:`` keeps every summary outcome, in the registry's
    order, and its settings hash (the resume check) holds that list: moving one outcome in
    the registry (a module split put users_departed ahead of the money outcomes) refused
    to resume every such folder made before ("holds results of a different experiment";
    review). Change this order only with a note that old folders must be swept afresh."""
    from trustsim.outcomes import summary_names

    order = ["crisis_day", "pre_crisis_trust", "final_trust", "min_trust", "trust_lost",
             "trust_days_lost", "time_to_trough", "recovered", "time_to_recover",
             "peak_withdrawal_share", "aum_retained", "failed_platforms", "user_losses",
             "money_at_risk", "losses_if_wound_up", "total_losses", "fund_from_failed",
             "users_departed", "compensation_paid", "platform_spending", "protection_paid",
             "protection_if_wound_up", "public_spending", "resource_cost", "response_cost"]
    assert summary_names() == order
    (tmp_path / "tiny.yaml").write_text(TINY.format(n=150), encoding="utf-8")
    (tmp_path / "bare.yaml").write_text("scenarios: [tiny.yaml]\nstrategies: [do_nothing]\n",
                                        encoding="utf-8")
    assert trustsim.load_experiment(tmp_path / "bare.yaml").settings()["outcomes"] == order


def test_more_replications_resume_the_same_folder(tmp_path):
    small = make(tmp_path / "a", reps=2)
    out = tmp_path / "out"
    serial(small, out)
    more = make(tmp_path / "b", reps=3)
    res = serial(more, out)
    assert res.manifest["sweeps"][-1]["resumed"] == 8 and res.manifest["sweeps"][-1]["ran"] == 4
    assert_same_results(res, serial(more, tmp_path / "whole"))


def test_a_sweep_with_nothing_to_run_rewrites_nothing_but_its_record(tmp_path):
    """A second `make run` "rewrites nothing" (README): summaries.csv keeps its bytes and
    time; the sweep's line still goes to sweeps.jsonl. A sweep that runs more rewrites it."""
    small = make(tmp_path / "a", reps=2)
    out = tmp_path / "out"
    serial(small, out)
    csv = out / "summaries.csv"
    before, stamp = csv.read_bytes(), csv.stat().st_mtime_ns
    lines = (out / "sweeps.jsonl").read_text(encoding="utf-8").count("\n")
    res = serial(small, out)
    assert res.manifest["sweeps"][-1]["ran"] == 0
    assert csv.read_bytes() == before and csv.stat().st_mtime_ns == stamp
    assert (out / "sweeps.jsonl").read_text(encoding="utf-8").count("\n") == lines + 1
    serial(make(tmp_path / "b", reps=3), out)
    assert csv.read_bytes() != before
    # fewer replications run nothing, but the table follows the runs the folder now holds
    # (it kept 12 rows beside results of 8; trial)
    res = serial(make(tmp_path / "c", reps=2), out)
    assert res.manifest["sweeps"][-1]["ran"] == 0
    assert len(pd.read_csv(csv)) == len(res.summaries) == 8
    # a table an editor saved in another encoding is rewritten, not a crash (review)
    csv.write_bytes(b"\xff\xfe" + "x".encode("utf-16-le"))
    serial(make(tmp_path / "c", reps=2), out)
    assert len(pd.read_csv(csv)) == 8


def test_an_edited_description_resumes_and_the_manifest_follows_it(tmp_path):
    exp = make(tmp_path / "a")
    out = tmp_path / "out"
    first = serial(exp, out)
    text = exp.read_text(encoding="utf-8").replace(
        "name: resumable\n", "name: resumable\ndescription: Edited.\n"
        "description_zh: 已修改。\n")
    exp.write_text(text, encoding="utf-8")
    again = serial(exp, out)
    assert again.manifest["sweeps"][-1]["ran"] == 0  # nothing re-run
    assert again.manifest["description"] == "Edited."
    assert trustsim.load_results(out).manifest["description_zh"] == "已修改。"
    assert_same_results(first, again)


def test_a_different_experiment_is_refused_and_nothing_is_deleted(tmp_path):
    out = tmp_path / "out"
    serial(make(tmp_path / "a"), out)
    before = sorted(p.name for p in (out / "summaries").iterdir())
    other = make(tmp_path / "b", n=160)
    with pytest.raises(ScenarioError, match="different experiment"):
        serial(other, out)
    assert sorted(p.name for p in (out / "summaries").iterdir()) == before
    assert trustsim.load_results(out).complete


def test_adding_a_strategy_keeps_the_runs_already_done(tmp_path):
    """Seeds do not depend on the strategy, yet adding one was refused as "a different
    experiment" and needed a full rerun (researcher trial). Only the new strategy's runs
    run now; the old ones are kept, unchanged; removing or changing one is still refused."""
    exp = make(tmp_path / "a")
    text = exp.read_text(encoding="utf-8")
    exp.write_text(text.replace("[do_nothing, full_rebuild]", "[do_nothing]"), encoding="utf-8")
    out = tmp_path / "out"
    first = serial(exp, out)
    exp.write_text(text, encoding="utf-8")
    store = Store.open(out, load_experiment(exp))
    assert any("adds strategy full_rebuild" in n for n in store.notes)
    store.close()
    both = serial(exp, out)
    sweep = both.manifest["sweeps"][-1]
    assert both.complete and (sweep["resumed"], sweep["ran"]) == (6, 6)
    kept = both.summaries[both.summaries.strategy == "do_nothing"].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, first.summaries.reset_index(drop=True))
    exp.write_text(text.replace("[do_nothing, full_rebuild]", "[full_rebuild]"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="removed do_nothing"):
        serial(exp, out)


def test_fresh_starts_over_and_keeps_files_that_are_not_its_own(tmp_path):
    out = tmp_path / "out"
    serial(make(tmp_path / "a"), out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    other = make(tmp_path / "b", n=160, reps=1)
    res = serial(other, out, fresh=True)
    assert res.complete and res.n_runs == 4
    assert len(list((out / "summaries").glob("*.parquet"))) == 4
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert len(res.manifest["sweeps"]) == 1


def test_an_unrelated_non_empty_folder_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.tex").write_text("x", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not empty"):
        serial(make(tmp_path / "a"), tmp_path / "out", fresh=True)
    assert (tmp_path / "out" / "thesis.tex").exists()


def test_the_report_states_design_points_and_when_the_results_began(tmp_path):
    """A design sweep's report said "1 scenarios x 2 strategies x 3 replications" of 12
    runs (the 2 design points left out), and "results created" was the last sweep's time,
    not the first's (trial)."""
    import html
    import re
    import time

    out = tmp_path / "out"
    serial(make(tmp_path / "a", reps=2), out)
    time.sleep(1.1)  # (times are to the second)
    res = serial(make(tmp_path / "b", reps=3), out)
    page = html.unescape(re.sub(r"<[^>]+>", " ", trustsim.report(
        res, tmp_path / "r.html").read_text(encoding="utf-8")))
    assert "12 of 12 runs finished" in page
    assert "1 scenarios x 2 strategies x 2 design points x 3 replications" in page
    sweeps = res.manifest["sweeps"]
    assert len(sweeps) == 2 and sweeps[0]["started"] != res.manifest["provenance"]["created"]
    created = re.search(r"results created\s+(\S+)", page)
    assert created and created.group(1) == sweeps[0]["started"], created
    # a rebuilt manifest (no n_points, no replications) still counts them (review)
    (out / "manifest.json").unlink()
    rebuilt = trustsim.load_results(out)
    page = html.unescape(re.sub(r"<[^>]+>", " ", trustsim.report(
        rebuilt, tmp_path / "r2.html").read_text(encoding="utf-8")))
    assert "x 2 design points x 3 replications" in page


def test_compare_on_a_folder_of_one_strategy_says_there_is_nothing_to_compare(tmp_path):
    """`trustsim compare` on a sensitivity analysis's folder printed an empty table and
    "0 paired runs" without a word why (trial)."""
    (tmp_path / "tiny.yaml").write_text(TINY.format(n=150), encoding="utf-8")
    (tmp_path / "one.yaml").write_text("scenarios: [tiny.yaml]\nstrategies: [do_nothing]\n"
                                       "replications: 2\n", encoding="utf-8")
    serial(tmp_path / "one.yaml", tmp_path / "out")
    cli = str(Path(sys.executable).parent / "trustsim")
    proc = subprocess.run([cli, "compare", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "holds one strategy (do_nothing): there is nothing to compare" in proc.stderr
