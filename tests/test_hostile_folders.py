"""The hostile-input corpus, part 2: damaged results folders, shared folders, full disks.

Resuming checks every stored run and runs the damaged ones again; a damaged manifest is
rebuilt; ``--fresh`` removes what trustsim wrote and nothing else; a lock keeps two
sweeps apart; a full or read-only disk stops a sweep with one message and loses nothing;
old (format 1) folders stay readable (docs/hostile-inputs.md §3-§4).
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hostile_helpers import (
    HOSTILE,
    assert_refused,
    copy_corpus,
    main,
    remount,
    run,
    small_disk,
    snapshot,
)

import trustsim
from trustsim import cli
from trustsim.experiments import store as store_module
from trustsim.experiments.folder import check_runs
from trustsim.experiments.lock import LOCK_NAME, FolderLock

README = Path(__file__).resolve().parents[1] / "README.md"


def tiny(folder: Path, **changes: str) -> Path:
    """The corpus's small experiment (4 runs of 100 users), with top-level keys changed."""
    text = (HOSTILE / "format1_results_experiment.yaml").read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def sweep(capsys, exp: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return main(capsys, "sweep", str(exp), "--out", str(out), "--serial", *extra)


def parquet_bytes(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(folder).items()
            if k.startswith(("summaries/", "timeseries/")) and k.endswith(".parquet")}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Iterator[Path]:
    """A finished sweep of the tiny experiment with 3 replications (6 runs).

    One per module: tests copy it and damage the copy; it is checked unchanged at the end.
    """
    base = tmp_path_factory.mktemp("clean")
    exp = tiny(base, replications="3")
    trustsim.run_experiment(exp, out=base / "out", executor="serial", progress=False)
    before = snapshot(base / "out")
    yield base / "out"
    assert snapshot(base / "out") == before, "a test wrote into the shared clean sweep"


# ----------------------------------------------------------------------- old folders
def test_an_old_results_folder_is_read_as_it_is(tmp_path, capsys):
    old = copy_corpus("format1_results", tmp_path)
    res = trustsim.load_results(old)
    assert res.counts() == {"done": 4, "failed": 0, "missing": 0}
    csv = pd.read_csv(old / "summaries.csv")
    pd.testing.assert_frame_equal(res.summaries.reset_index(drop=True), csv,
                                  check_dtype=False)
    assert len(res.timeseries) == 4 * 3 and res.unit_sample is None
    assert len(trustsim.compare(res))
    code, out, err = main(capsys, "compare", str(old), "--quiet")
    assert code == 0 and "Traceback" not in err


def test_a_sweep_resumes_an_old_folder_and_upgrades_its_manifest(tmp_path, capsys):
    old = copy_corpus("format1_results", tmp_path)
    exp = copy_corpus("format1_results_experiment.yaml", tmp_path)
    before = parquet_bytes(old)
    code, out, err = sweep(capsys, exp, old)
    assert code == 0, err
    assert "4 done (4 from before, 0 run now" in out
    assert parquet_bytes(old) == before
    man = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    assert man["format"] == 2 and "runs" not in man
    assert len(pd.read_parquet(old / "plan.parquet")) == 4
    sweeps = trustsim.load_results(old).manifest["sweeps"]
    assert len(sweeps) == 2 and sweeps[0]["ran"] == 4 and sweeps[1]["ran"] == 0


# ---------------------------------------------------------------------- damaged runs
def _damage(folder: Path, how: str) -> str:
    victim = sorted((folder / "summaries").glob("*.parquet"))[1]
    rid = victim.stem
    if how == "truncated":
        shutil.copyfile(HOSTILE / "truncated.parquet", victim)
    elif how == "empty":
        shutil.copyfile(HOSTILE / "empty.parquet", victim)
    elif how == "series deleted":
        (folder / "timeseries" / f"{rid}.parquet").unlink()
    elif how == "series truncated":
        path = folder / "timeseries" / f"{rid}.parquet"
        path.write_bytes(path.read_bytes()[:100])
    return rid


@pytest.mark.parametrize("how", ["truncated", "empty", "series deleted", "series truncated"])
def test_a_damaged_run_is_counted_missing_then_run_again(tmp_path, capsys, clean, how):
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    rid = _damage(out, how)
    res = trustsim.load_results(out)
    assert res.counts() == {"done": 5, "failed": 0, "missing": 1}
    assert rid in res.damaged and len(res.summaries) == 5
    code, text, err = main(capsys, "compare", str(out), "--quiet")
    assert code == 0 and "Traceback" not in err and "damaged or incomplete" in err, err
    code, text, err = sweep(capsys, tiny(tmp_path, replications="3"), out)
    assert code == 0, err
    assert "6 done (5 from before, 1 run now" in text
    assert parquet_bytes(out) == parquet_bytes(clean)  # as if nothing had happened
    # set aside out of the folders a reader globs: the README's pandas recipe reads the
    # sound runs only (beside them, RUN.parquet.damaged broke read_parquet on summaries/
    # and doubled a run's rows in timeseries/; trial)
    kept = list((out / "damaged").rglob("*.parquet"))
    assert kept and all(p.name == f"{rid}.parquet" for p in kept)
    assert not list(out.glob("summaries/*.damaged")) + list(out.glob("timeseries/*.damaged"))
    assert len(pd.read_parquet(out / "summaries")) == 6
    series = pd.read_parquet(out / "timeseries")
    assert not series.duplicated(["scenario", "strategy", "replication", "time"]).any()
    lines = [json.loads(line) for line in (out / "ledger.jsonl").read_text("utf-8").split("\n")
             if line]
    assert any(e["status"] == "damaged" and e["run_id"] == rid for e in lines)


def test_old_damaged_files_move_out_and_a_run_damaged_twice_keeps_both_copies(
        tmp_path, capsys, clean):
    """Older versions left ``RUN.parquet.damaged`` beside the sound runs, where it broke
    the README's pandas recipe until ``--fresh``: the next sweep moves it to damaged/. A
    run damaged a second time kept only its last copy there: both are kept."""
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    old = sorted((out / "summaries").glob("*.parquet"))[0]
    shutil.copyfile(HOSTILE / "truncated.parquet", out / "summaries" / (old.name + ".damaged"))
    with pytest.raises(Exception):  # noqa: B017,PT011 - pyarrow's error: the recipe broke
        pd.read_parquet(out / "summaries")
    rid = _damage(out, "truncated")
    code, text, err = sweep(capsys, tiny(tmp_path, replications="3"), out)
    assert code == 0 and "older version" in err + text, err
    assert len(pd.read_parquet(out / "summaries")) == 6
    assert (out / "damaged" / "summaries" / old.name).read_bytes() == (
        HOSTILE / "truncated.parquet").read_bytes()
    _damage(out, "truncated")  # the same run (the second in name order) once more
    code, text, err = sweep(capsys, tiny(tmp_path, replications="3"), out)
    assert code == 0, err
    assert sorted(p.name for p in (out / "damaged" / "summaries").glob(f"{rid}*")) == [
        f"{rid}.2.parquet", f"{rid}.parquet"]
    assert parquet_bytes(out) == parquet_bytes(clean)


# ------------------------------------------------------------------ damaged manifests
@pytest.mark.parametrize("damaged", ["manifest_torn.json", "manifest_not_a_mapping.json",
                                     "manifest_lacking_keys.json"])
def test_a_damaged_manifest_is_rebuilt(tmp_path, capsys, clean, damaged):
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    shutil.copyfile(HOSTILE / damaged, out / "manifest.json")
    res = trustsim.load_results(out)
    pd.testing.assert_frame_equal(res.summaries, trustsim.load_results(clean).summaries)
    assert res.notes and "rebuilt" in res.notes[0]
    code, _, err = main(capsys, "compare", str(out), "--quiet")
    assert code == 0 and "rebuilt" in err and "Traceback" not in err
    code, text, err = sweep(capsys, tiny(tmp_path, replications="3"), out)
    assert code == 0, err
    assert "6 done (6 from before, 0 run now" in text
    assert (out / "manifest.json.damaged").read_bytes() == (HOSTILE / damaged).read_bytes()
    assert trustsim.load_results(out).manifest["format"] == 2


def test_a_damaged_manifest_over_other_runs_is_refused_and_nothing_changes(tmp_path, capsys,
                                                                        clean):
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    shutil.copyfile(HOSTILE / "manifest_torn.json", out / "manifest.json")
    before = snapshot(out)
    code, _, err = sweep(capsys, tiny(tmp_path, replications="3", seed="8"), out)
    assert_refused(code, err, "not this experiment's", "--fresh")
    assert snapshot(out) == before
    code, _, err = sweep(capsys, tiny(tmp_path, replications="3", seed="8"), out, "--fresh")
    assert code == 0, err


def test_a_folder_left_by_a_sweep_killed_while_creating_it_is_accepted(tmp_path, capsys):
    for fresh in ((), ("--fresh",)):
        out = tmp_path / f"out{len(fresh)}"
        for sub in ("summaries", "timeseries"):
            (out / sub).mkdir(parents=True)
        (out / ".manifest.json.k9x.tmp").write_text("{", encoding="utf-8")
        (out / "plan.parquet").write_bytes(b"PAR1 half")
        code, text, err = sweep(capsys, tiny(tmp_path), out, *fresh)
        assert code == 0, err
        assert trustsim.load_results(out).complete


# --------------------------------------------------------------------------- --fresh
def test_fresh_removes_everything_trustsim_wrote_and_nothing_else(tmp_path, capsys, clean):
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    code, _, err = main(capsys, "compare", str(out), "--report", str(out / "report.html"),
                        "--quiet")
    assert code == 0, err
    # the Chinese report as the command writes it (until 2026-12-06 --fresh knew it by
    # another name and left an old one beside new results)
    code, _, err = main(capsys, "report", str(out), "--lang", "zh", "--quiet")
    assert code == 0, err
    assert (out / "report_zh.html").is_file()
    (out / "sensitivity").mkdir()
    (out / "sensitivity" / "sensitivity.csv").write_text("x", encoding="utf-8")
    (out / "discover").mkdir()  # where trustsim discover writes (it needs a design)
    (out / "discover" / "prim_box.csv").write_text("x", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "mine").mkdir()
    (out / "mine" / "data.csv").write_text("1,2", encoding="utf-8")
    # a user's file inside one of trustsim's folders stays, with its folder (trial: it went)
    (out / "summaries" / "mine.txt").write_text("kept", encoding="utf-8")
    (out / "compare" / "notes.md").write_text("kept", encoding="utf-8")
    code, _, err = sweep(capsys, tiny(tmp_path, seed="9"), out, "--fresh")
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    for gone in ("report.html", "report_zh.html", "sensitivity", "discover"):
        assert gone not in names
    assert [p.name for p in (out / "compare").iterdir()] == ["notes.md"]  # its own went
    assert (out / "summaries" / "mine.txt").read_text(encoding="utf-8") == "kept"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "mine" / "data.csv").read_text(encoding="utf-8") == "1,2"
    res = trustsim.load_results(out)
    assert res.complete and res.n_runs == 4 and len(res.manifest["sweeps"]) == 1


def test_a_different_experiment_says_what_differs(tmp_path, capsys, clean):
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    before = snapshot(out)
    code, _, err = sweep(capsys, tiny(tmp_path, replications="3", seed="8"), out)
    assert_refused(code, err, "different experiment", "seed: 7 -> 8", "--fresh")
    # (adding a strategy alone resumes: tests/test_store.py; a removed one is refused)
    code, _, err = sweep(capsys, tiny(tmp_path, replications="3",
                                      strategies="[do_nothing, full_rebuild]"), out)
    assert_refused(code, err, "strategies: added full_rebuild; removed rapid_rebuttal")
    assert snapshot(out) == before


def test_a_results_folder_named_like_a_bundled_experiment_is_not_taken_for_it(
        tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        code, out, err = main(capsys, "sweep", "smoke", "--out", "smoke", "--serial")
        assert code == 0, err
    assert "24 from before" in out


# ----------------------------------------------------------------------------- locks
def test_a_held_folder_refuses_a_second_sweep_and_a_stale_lock_is_taken_over(
        tmp_path, capsys, clean):
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    exp = tiny(tmp_path, replications="3")
    with FolderLock(out):
        before = snapshot(out)
        proc = run("sweep", str(exp), "--out", str(out), "--serial")
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert f"another sweep (process {os.getpid()}" in proc.stderr
        assert snapshot(out) == before
    (out / LOCK_NAME).write_text(json.dumps({"pid": 999_999_999, "host": "elsewhere"}),
                                 encoding="utf-8")  # left by a sweep killed with -9
    log = io.StringIO()
    res = trustsim.run_experiment(exp, out=out, executor="serial", progress="log", stream=log)
    assert res.complete and "took over the lock" in log.getvalue()
    assert not (out / LOCK_NAME).exists()


def test_two_identical_sweeps_into_one_folder_do_not_both_run(tmp_path):
    # Tens of seconds of work: the first sweep must still be running when the second
    # (a new Python process, slow to start on a loaded machine) looks at the folder.
    exp = tiny(tmp_path, replications="20", params="{n_users: 1500}", steps="100")
    out = tmp_path / "out"
    first = subprocess.Popen([str(Path(sys.executable).with_name("trustsim")), "sweep",
                              str(exp), "--out", str(out), "--serial", "--quiet"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (out / "summaries").is_dir() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = run("sweep", str(exp), "--out", str(out), "--serial", "--quiet")
        _, first_err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, first_err
    assert second.returncode == 2 and "another sweep" in second.stderr
    res = trustsim.load_results(out)
    assert res.complete and len(res.manifest["sweeps"]) == 1
    done = [json.loads(line)["run_id"] for line in
            (out / "ledger.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(done) == len(set(done)) == 40  # no run twice


# -------------------------------------------------------------- full and read-only disks
def test_a_full_disk_stops_the_sweep_with_one_message_and_loses_nothing(tmp_path, capsys,
                                                                        monkeypatch):
    exp = tiny(tmp_path, replications="3")
    out = tmp_path / "out"
    real, calls = store_module.write_columns, []  # what writes each run's two files

    def fill_up(columns, path):
        calls.append(path)
        if len(calls) > 6:  # the fourth run's time series: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(columns, path)

    monkeypatch.setattr(store_module, "write_columns", fill_up)
    code, _, err = sweep(capsys, exp, out)
    assert_refused(code, err, "No space left on device", "run the same command again")
    stored = trustsim.load_results(out)
    assert stored.counts()["done"] == 3 and not stored.damaged
    assert not list(out.rglob("*.tmp"))
    monkeypatch.setattr(store_module, "write_columns", real)
    code, text, err = sweep(capsys, exp, out)
    assert code == 0 and "3 from before, 3 run now" in text, err
    whole = trustsim.run_experiment(exp, out=tmp_path / "whole", executor="serial",
                                    progress=False)
    assert parquet_bytes(out) == parquet_bytes(whole.folder)


def test_a_really_full_disk_then_more_room_resumes(tmp_path, capsys):
    exp = tiny(tmp_path, replications="30")
    with small_disk(tmp_path / "disk", "300k") as disk:
        out = disk / "out"
        code, _, err = sweep(capsys, exp, out)
        assert_refused(code, err, "No space left on device", "resume")
        done, bad = check_runs(out, [p.stem for p in (out / "summaries").glob("*.parquet")],
                               ["final_trust"], ["mean_trust"])
        assert done and not bad  # every run stored is whole
        remount(disk, "size=20m")
        code, text, err = sweep(capsys, exp, out)
        assert code == 0, err
        assert f"{len(done)} from before" in text and trustsim.load_results(out).complete


def test_a_read_only_folder_gives_one_message_and_changes_nothing(tmp_path, capsys):
    exp = tiny(tmp_path)
    with small_disk(tmp_path / "disk", "20m") as disk:
        code, _, err = sweep(capsys, exp, disk / "out")
        assert code == 0, err
        (disk / "run").mkdir()
        (disk / "run" / "summary.json").write_text("{}", encoding="utf-8")
        before = snapshot(disk)
        remount(disk, "ro")
        try:
            code, _, err = sweep(capsys, exp, disk / "out")
            assert_refused(code, err, "Read-only file system")
            code, _, err = main(capsys, "run", "calm_baseline", "--steps", "5", "--out",
                                str(disk / "run"))
            assert_refused(code, err, "Read-only file system", "nothing was run")
            # a colleague's read-only results can still be read: the table is printed, then
            # one error says it was not saved (it printed only the error; trial)
            code, text, err = main(capsys, "compare", str(disk / "out"))
            assert_refused(code, err, "Read-only file system", "the comparison above was not "
                           "saved", out=text)
            assert "best strategy per scenario:" in text and "wrote" not in text
            assert "not saved:" in text
            # a report asked for elsewhere is still written (review: it was dropped)
            code, text, err = main(capsys, "compare", str(disk / "out"), "--report",
                                   str(tmp_path / "r.html"))
            assert_refused(code, err, "the comparison above was not saved", out=text)
            assert (tmp_path / "r.html").is_file() and f"wrote the report {tmp_path}" in text
            # a write refused names the file asked for, not its temporary name (trial)
            code, _, err = main(capsys, "report", str(disk / "out"))
            assert_refused(code, err, "Read-only file system", str(disk / "out"))
            assert ".tmp" not in err
            assert snapshot(disk) == before
        finally:
            remount(disk, "rw")


# ------------------------------------------------------------------------ clean exits
def test_an_unexpected_error_is_one_line_exit_1_and_debug_shows_it(monkeypatch, capsys):
    def boom(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "cmd_list", boom)
    code, _, err = main(capsys, "list", "crises")
    assert code == 1 and err.count("\n") == 1 and "--debug" in err and "a bug" in err
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["--debug", "list", "crises"])


def test_a_plan_too_large_is_refused_by_sweep_at_once(tmp_path):
    proc = run("sweep", str(HOSTILE / "huge_plan.yaml"), cwd=tmp_path)
    assert proc.returncode == 2 and "1,000,000,000,000 runs" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "results").exists()


def _readme_sweep() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    found = [b for b in blocks if 'executor="local"' in b and "run_experiment" in b]
    assert found, "the README shows a sweep on the local cluster"
    return found[0]


def test_the_readme_sweep_example_has_the_main_guard():
    assert 'if __name__ == "__main__":' in _readme_sweep()


def test_a_script_without_the_main_guard_is_told_so_in_one_line(tmp_path):
    body = _readme_sweep().split('if __name__ == "__main__":')[1]
    lines = [line[4:] if line.startswith("    ") else line for line in body.splitlines()]
    script = tmp_path / "sweep.py"
    script.write_text("import trustsim\n" + "\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.count("Traceback") == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert 'if __name__ == "__main__":' in last and "sweep.py" in last
    assert not (tmp_path / "results").exists()  # no cluster, no run started


@pytest.mark.dask
def test_the_readme_sweep_example_runs_as_a_script(tmp_path):
    code = _readme_sweep().replace('executor="local")', 'executor="local", workers=1)')
    script = tmp_path / "sweep.py"
    script.write_text("import trustsim\n" + code, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert trustsim.load_results(tmp_path / "results" / "smoke").complete


def test_run_on_a_disk_that_fills_up_gives_one_message_and_whole_files(tmp_path, capsys):
    with small_disk(tmp_path / "disk", "64k") as disk:
        out = disk / "run"
        out.mkdir()
        (out / "summary.json").write_text('{"earlier": true}', encoding="utf-8")
        code, _, err = main(capsys, "run", "calm_baseline", "--set", "n_users=300",
                            "--steps", "300", "--out", str(out))
        assert_refused(code, err, "No space left on device", "each file there is whole")
        assert not list(out.glob(".*.tmp"))
        summary = (out / "summary.json").read_text(encoding="utf-8")
        assert summary == '{"earlier": true}' or json.loads(summary)["summary"]


def test_manifest_writes_do_not_grow_with_the_plan(tmp_path):
    """40,000 planned runs: a manifest of a few KB, written once; a sweep appends a line.

    (At a million runs the old manifest was 230-434 MB, rewritten after every sweep.)
    """
    from trustsim.experiments.spec import load_experiment
    from trustsim.experiments.store import Store

    exp = load_experiment(tiny(tmp_path, replications="20000"))
    assert exp.n_runs == 40_000
    out = tmp_path / "out"
    Store.open(out, exp).finish({"status": "finished", "ran": 0})
    manifest = out / "manifest.json"
    size, stamp = manifest.stat().st_size, manifest.stat().st_mtime_ns
    assert size < 20_000
    assert len(pd.read_parquet(out / "plan.parquet")) == 40_000
    for _ in range(2):
        Store.open(out, exp).finish({"status": "finished", "ran": 0})
    assert manifest.stat().st_mtime_ns == stamp  # not rewritten by later sweeps
    assert len((out / "sweeps.jsonl").read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.parametrize("victim", ["plan.parquet", "design.parquet"])
def test_a_damaged_plan_or_design_is_rebuilt_like_a_damaged_manifest(tmp_path, capsys, victim):
    exp = tiny(tmp_path, replications="2")
    text = exp.read_text(encoding="utf-8").replace(
        "outcomes:", "design:\n  method: grid\n  parameters:\n"
        "    herding_mean: {values: [0.2, 0.4]}\noutcomes:")
    exp.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert sweep(capsys, exp, out)[0] == 0
    shutil.copyfile(HOSTILE / "truncated.parquet", out / victim)
    res = trustsim.load_results(out)
    assert res.counts()["done"] == 8 and "rebuilt" in res.notes[0]
    code, text, err = sweep(capsys, exp, out)
    assert code == 0 and "8 from before, 0 run now" in text, err
    assert trustsim.load_results(out).design["herding_mean"].tolist() == [0.2, 0.4]


def test_a_fifo_in_place_of_a_run_file_is_not_waited_on(tmp_path, capsys, clean):
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    victim = sorted((out / "summaries").glob("*.parquet"))[0]
    victim.unlink()
    os.mkfifo(victim)
    assert trustsim.load_results(out).counts()["missing"] == 1
    code, text, err = sweep(capsys, tiny(tmp_path, replications="3"), out)
    assert code == 0 and "1 run now" in text, err


def test_the_main_guard_is_recognised_where_it_is_and_only_there(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(
        "from trustsim.experiments.runner import unguarded_script\n"
        "def check():\n"
        "    return unguarded_script()\n"
        "print(check())\n"
        "if '__main__' == __name__:\n"
        "    print(check())\n"
        "if __name__ == '__main__':\n"
        "    print([check() for _ in range(1)][0])\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, check=True)
    assert proc.stdout.splitlines() == [f"('{script}', 4)", "None", "None"]


def test_more_local_workers_than_memory_holds_are_refused_before_the_cluster(tmp_path,
                                                                             monkeypatch):
    from trustsim.experiments.spec import load_experiment
    from trustsim.scenario import ScenarioError

    exp = load_experiment(tiny(tmp_path))
    monkeypatch.setenv("TRUSTSIM_MEMORY_LIMIT", str(int(exp.world_bytes * 1.5)))
    with pytest.raises(ScenarioError, match=r"2 workers .* use --workers 1"):
        trustsim.run_experiment(exp, out=tmp_path / "out", executor="local", workers=2)
    assert not (tmp_path / "out").exists()


def test_run_files_written_through_pyarrow_read_back_as_through_pandas(tmp_path):
    # The store writes each run's summary row and time series straight through pyarrow
    # (outputs.write_columns: 1.6 ms a run against 4.1-4.3 through DataFrames); what a
    # results folder reads back must not depend on which wrote it (folders written before
    # mix both when resumed).
    import numpy as np
    import pandas as pd

    from trustsim.outputs import write_columns, write_frame

    row = {"scenario": "data_leak", "strategy": "do_nothing", "design_point": 3,
           "replication": 1, "seed": 2**62 + 7, "social_mode": "degroot", "flag": True,
           "final_trust": 0.5, "time_to_recover": float("nan"), "n_users": 500}
    series = {"scenario": np.repeat("data_leak", 4), "seed": np.repeat(11, 4),
              "time": np.arange(4.0), "runs": np.array([0, 2, 5, 1])}
    for name, cols in (("row", row), ("series", series)):
        write_columns(cols, tmp_path / f"{name}_arrow.parquet")
        frame = pd.DataFrame([cols]) if name == "row" else pd.DataFrame(cols)
        write_frame(frame, tmp_path / f"{name}_pandas.parquet")
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}_arrow.parquet"),
                                      pd.read_parquet(tmp_path / f"{name}_pandas.parquet"),
                                      check_exact=True)
