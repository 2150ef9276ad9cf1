"""Sweeps on Dask: identical results on every executor, a real scheduler with two workers
started here, runs that raise and runs that kill their worker."""

from __future__ import annotations

import concurrent.futures as cf
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

import trustsim
from trustsim.crises import CRISES, Crisis, register_crisis
from trustsim.experiments.runner import LOCAL_ALLOWED_FAILURES, open_executor

pytestmark = [pytest.mark.dask, pytest.mark.slow, pytest.mark.timeout(180)]

DASK = Path(sys.executable).with_name("dask")


class CrashCrisis(Crisis):
    """Test only: 151 users -> the run raises; 152 users -> the worker process dies."""

    description: ClassVar[str] = "test only: raise or kill the worker, by world size"

    def apply(self, model) -> None:
        if model.p.n_users == 151:
            raise RuntimeError("boom: a bug in this run")
        if model.p.n_users == 152:
            os._exit(13)  # what a segfault or the OOM killer does to a worker


@pytest.fixture
def crash():
    # Registered for one test only (the registry is shared with the other test modules);
    # workers receive the class with each run and register it themselves.
    register_crisis("test_crash")(CrashCrisis)
    yield
    CRISES.pop("test_crash", None)


def run(exp, out: Path, executor, **kw) -> trustsim.ExperimentResults:
    return trustsim.run_experiment(exp, out=out, executor=executor, progress=False, **kw)


def assert_identical(a: trustsim.ExperimentResults, b: trustsim.ExperimentResults) -> None:
    pd.testing.assert_frame_equal(a.summaries, b.summaries, check_exact=True)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries, check_exact=True)
    for sub in ("summaries", "timeseries"):
        names = sorted(p.name for p in (a.folder / sub).glob("*.parquet"))
        assert names == sorted(p.name for p in (b.folder / sub).glob("*.parquet"))
        for name in names:  # byte for byte
            assert (a.folder / sub / name).read_bytes() == (b.folder / sub / name).read_bytes()


@pytest.fixture(scope="module")
def serial_smoke(smoke) -> trustsim.ExperimentResults:
    """The smoke sweep run serially (conftest's ``smoke``: run_experiment, executor "serial")."""
    res = trustsim.load_results(smoke)
    assert res.complete and res.manifest["sweeps"][-1]["executor"].startswith("serial")
    return res


# ----------------------------------------------------------------------------- determinism
@pytest.mark.parametrize("workers", [1, 2])
def test_local_cluster_gives_the_serial_results(serial_smoke, tmp_path, workers):
    res = run("smoke", tmp_path / "out", "local", workers=workers)
    assert res.complete
    assert f"{workers} worker" in res.manifest["sweeps"][-1]["executor"]
    assert_identical(serial_smoke, res)


def test_local_workers_keep_glibc_malloc_defaults_and_one_thread():
    # Dask's default MALLOC_TRIM_THRESHOLD_ makes every array above 128 KiB a fresh,
    # zero-filled mapping: runs took 25-30 % more CPU in the workers than serially.
    with open_executor("local", 1) as pool:
        trim = pool.executor.submit(os.getenv, "MALLOC_TRIM_THRESHOLD_").result()
        blas = pool.executor.submit(os.getenv, "OPENBLAS_NUM_THREADS").result()
        numba_threads = pool.executor.submit(os.getenv, "NUMBA_NUM_THREADS").result()
    assert trim is None
    assert blas == "1"
    assert numba_threads == "1"


_FORK_SERVER = """
import os, time
import distributed.utils
from multiprocessing import forkserver
from trustsim.experiments.runner import _start_fork_server
t0 = time.perf_counter()
assert _start_fork_server()
took = time.perf_counter() - t0
pid = forkserver._forkserver._forkserver_pid
print(took, pid, os.getenv("OPENBLAS_NUM_THREADS"))
deadline = time.monotonic() + 30
cmd = ""
while "multiprocessing.forkserver" not in cmd and time.monotonic() < deadline:
    cmd = open(f"/proc/{pid}/cmdline", "rb").read().decode()  # forked, not yet exec'd:
    time.sleep(0.01)                                          # still this process's
env = open(f"/proc/{pid}/environ", "rb").read().decode().split("\\0")
print("trustsim.model" in cmd, "OPENBLAS_NUM_THREADS=1" in env)
"""


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_the_sweeps_fork_server_starts_in_the_background_with_one_thread():
    # A sweep starts the server before its kernel warm-up so that the server's imports
    # (about a second) overlap it: starting must not wait for them, and the server (whose
    # environment every worker inherits) must have one BLAS thread while this process
    # keeps its own environment.
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS",
                                                           "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", _FORK_SERVER], capture_output=True,
                         text=True, env=env, timeout=120, check=True).stdout.split()
    took, pid, parent_blas, preloaded, one_thread = out
    assert float(took) < 0.5
    assert int(pid) > 0 and parent_blas == "None"
    assert preloaded == "True" and one_thread == "True"


def test_ctrl_c_stops_a_local_sweep_quietly_and_keeps_what_finished(tmp_path):
    # A terminal's Ctrl-C reaches the whole process group: the sweep and its local
    # cluster's workers, which each printed a "Dask Worker process (from Nanny): Traceback
    # ... KeyboardInterrupt" (an outside trial: ~35 lines). The sweep stops the cluster and
    # says what is kept; the workers stay quiet.
    exp = tmp_path / "exp.yaml"
    exp.write_text("scenarios: [data_leak]\nstrategies: [do_nothing, full_rebuild]\n"
                   "replications: 40\nparams: {n_users: 1500}\n", encoding="utf-8")
    out = tmp_path / "out"
    cli = Path(sys.executable).with_name("trustsim")
    p = subprocess.Popen([str(cli), "sweep", str(exp), "--workers", "2", "--out", str(out)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    ledger = out / "ledger.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None and not (
            ledger.exists() and '"done"' in ledger.read_text(encoding="utf-8")):
        time.sleep(0.1)
    assert p.poll() is None, "the sweep ended before it could be interrupted"
    os.killpg(p.pid, signal.SIGINT)
    text, _ = p.communicate(timeout=120)
    assert p.returncode == 130
    assert "interrupted" in text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text[-3000:]
    done = trustsim.load_results(out).counts()["done"]
    assert 0 < done < 80


def test_any_concurrent_futures_executor_gives_the_serial_results(serial_smoke, tmp_path):
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        res = run("smoke", tmp_path / "out", pool)
    assert_identical(serial_smoke, res)


# ----------------------------------------------------------------------------- faults
def test_raising_and_worker_killing_runs_fail_after_bounded_tries(tmp_path, crash):
    (tmp_path / "tiny.yaml").write_text(
        "name: tiny\nparams: {n_users: 150, steps: 12}\n"
        "crises: [{type: test_crash, time: 3}]\n", encoding="utf-8")
    exp = tmp_path / "exp.yaml"
    exp.write_text("scenarios: [tiny.yaml]\nstrategies: [do_nothing]\nreplications: 2\n"
                   "design:\n  method: grid\n  parameters:\n"
                   "    n_users: {values: [150, 151, 152]}\n", encoding="utf-8")
    t0 = time.monotonic()
    res = run(exp, tmp_path / "out", "local", workers=2, max_tries=2)
    assert time.monotonic() - t0 < 120
    assert res.counts() == {"done": 2, "failed": 4, "missing": 0}
    assert set(res.summaries["n_users"]) == {150}
    ledger = res.ledger.set_index(["design_point", "replication"])
    for rep in (0, 1):
        raised = ledger.loc[(1, rep)]
        assert "RuntimeError: boom: a bug in this run" in raised["traceback"]
        assert raised["error"].startswith("RuntimeError")  # recorded as raised, not lost
        killer = ledger.loc[(2, rep)]
        assert "killed every worker it ran on" in killer["error"]
        assert "KilledWorker" in killer["traceback"]
        assert killer["attempts"] == 2  # one retry, then failed: bounded
    assert res.manifest["sweeps"][-1]["failed"] == 4
    # At most max_tries x (allowed failures + 1) worker deaths per killing run.
    assert LOCAL_ALLOWED_FAILURES + 1 == 2


# ----------------------------------------------------------------------------- a real cluster
@pytest.fixture
def dask_cluster(tmp_path):
    """A `dask scheduler` on 127.0.0.1 and two `dask worker` processes, always cleaned up."""
    sched_file = tmp_path / "scheduler.json"
    procs: list[subprocess.Popen] = []

    def start(*args: str) -> None:
        procs.append(subprocess.Popen([str(DASK), *args], cwd=tmp_path,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      start_new_session=True))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(sched_file))
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sched_file.exists(), "the scheduler did not start"
        for _ in range(2):
            start("worker", "--scheduler-file", str(sched_file), "--host", "127.0.0.1",
                  "--nthreads", "1", "--nworkers", "1", "--no-dashboard")
        import json

        from distributed import Client

        address = json.loads(sched_file.read_text())["address"]
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)


def test_a_real_scheduler_with_two_workers_gives_the_serial_results(serial_smoke, tmp_path,
                                                                    dask_cluster):
    assert dask_cluster.startswith("tcp://127.0.0.1:")
    res = run("smoke", tmp_path / "out", dask_cluster)
    assert res.complete
    assert "2 worker threads" in res.manifest["sweeps"][-1]["executor"]
    workers = set(res.ledger["worker"])
    assert len(workers) == 2 and os.getpid() not in {int(w.split(":")[1]) for w in workers}
    # each run carries the model fingerprint its (remote) worker reported: one model here
    from trustsim.outputs import model_hash

    assert res.models() == {model_hash(): res.n_runs}
    assert_identical(serial_smoke, res)


def test_an_unreachable_scheduler_is_bad_input(tmp_path):
    """Refused at once, before a results folder is made or a kernel compiled (it took 30 s
    and left a folder whose sweep said "interrupted"; trial)."""
    import time

    t0 = time.perf_counter()
    with pytest.raises(trustsim.ScenarioError, match="cannot reach the Dask scheduler"):
        run("smoke", tmp_path / "out", "tcp://127.0.0.1:9")
    assert time.perf_counter() - t0 < 10 and not (tmp_path / "out").exists()


def test_the_local_cluster_leaves_port_8787_alone() -> None:
    """`dashboard_address=None` does not turn Dask's dashboard off (dask/distributed
    #8136): every sweep took port 8787, and with it taken (another sweep, a notebook's
    cluster) Dask warned "Port 8787 is already in use", through --quiet. With the port held
    here, opening the local cluster warns of nothing."""
    import socket
    import warnings

    from trustsim.experiments.runner import open_executor

    held = socket.socket()
    try:
        held.bind(("127.0.0.1", 8787))
        held.listen()
    except OSError:
        pass  # something else holds it already: the same test
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with open_executor("local", 2) as pool:
                assert pool.label.startswith("local Dask cluster")
        assert not [w for w in caught if "8787" in str(w.message)]
    finally:
        held.close()
