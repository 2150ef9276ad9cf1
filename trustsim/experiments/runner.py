"""Running an experiment on any ``concurrent.futures`` executor, Dask by default.

Core function: :func:`run_experiment`. Executors: ``"serial"`` (in this process),
``"local"`` (a Dask ``LocalCluster``: one process per core, one thread each), a Dask
scheduler address (``"tcp://host:port"``), a ``distributed.Client``, or any
``concurrent.futures.Executor``. Workers compute runs and return data; this process
alone writes results, run by run, as they complete (see :mod:`trustsim.experiments.store`).

Faults: a run that raises is recorded as failed with its traceback and the sweep goes on.
A run whose worker dies is retried elsewhere (Dask reschedules it; on a ``LocalCluster``
after one lost worker it fails with ``KilledWorker``, and it is then submitted once more),
so a run that kills every worker it touches is marked failed after a bounded number of
tries: ``max_tries x (allowed failures + 1)`` worker deaths at most (4 on a local cluster).
"""

from __future__ import annotations

import ast
import concurrent.futures as cf
import inspect
import logging
import os
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from trustsim.errors import suggest
from trustsim.experiments.designs import point_values
from trustsim.experiments.plan import Run
from trustsim.experiments.progress import Progress, resolve_mode
from trustsim.experiments.spec import Experiment, load_experiment
from trustsim.experiments.store import ExperimentResults, Store, WriteError
from trustsim.experiments.worker import RunOutput, RunTask, execute_run
from trustsim.scenario import ScenarioError

__all__ = ["run_experiment", "SweepError", "LOCAL_ALLOWED_FAILURES", "single_threaded_env",
           "exit_with_parent", "run_work"]

LOCAL_ALLOWED_FAILURES = 1
"""Worker deaths a task may cause on the local cluster before Dask gives up on it (per try)."""


class SweepError(RuntimeError):
    """The sweep could not go on (the executor broke or the scheduler was lost).

    Everything finished so far is stored; run the sweep again to resume.
    """


_PRELOAD = ["trustsim.experiments._worker_env", "distributed", "numpy", "pandas", "scipy",
            "pyarrow", "mesa", "trustsim.experiments.worker", "trustsim.model"]


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

FORK_SERVER_VAR = "TRUSTSIM_FORK_SERVER"
"""Set to 1 in the environment of the local cluster's fork server (and so of its workers):
:mod:`trustsim.experiments._worker_env` leaves Ctrl-C to the sweep only there."""


@dataclass
class _Pool:
    executor: cf.Executor | None
    slots: int
    label: str


def exit_with_parent(parent: int, every: float = 0.5) -> None:
    """Process-pool initializer: end this worker once the process ``parent`` is gone.

    A pool's workers otherwise outlive a sweep that is killed (``kill``, a closed
    terminal): measured, the lever-smoothness sweep's two workers went on at ~90 % of a
    core each for 40 minutes after their parent died. A daemon thread checks every
    ``every`` seconds whether the worker's parent is still ``parent`` (a worker whose
    parent dies is handed to another process) and exits at once if not.
    Pass ``initializer=exit_with_parent, initargs=(os.getpid(),)``.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@contextmanager
def _environ(values: dict[str, str], *, keep_set: bool = False) -> Iterator[None]:
    """Environment variables ``values`` meanwhile (``keep_set``: a value already set stays).

    Processes started meanwhile inherit them; every variable is restored on exit.
    """
    saved = {k: os.environ.get(k) for k in values}
    for k, v in values.items():
        if keep_set:
            os.environ.setdefault(k, v)
        else:
            os.environ[k] = v
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def single_threaded_env(names: tuple[str, ...] = _THREAD_VARS) -> AbstractContextManager[None]:
    """One BLAS/OpenMP thread (the variables ``names``) in the workers started meanwhile.

    A value the user set is kept; the variables are restored on exit.

    Dask sets these for workers it spawns; workers forked from a fork server inherit the
    server's environment instead, so it must be set when the server starts. One worker
    per core with multi-threaded BLAS would oversubscribe the cores (measured: 30 %
    slower per run with two OpenBLAS threads on two cores). Numba's thread count is set
    in the fork server itself (:mod:`trustsim.experiments._worker_env`).
    """
    return _environ(dict.fromkeys(names, "1"), keep_set=True)


def _start_fork_server() -> bool:
    """Start the local cluster's fork server now, in the background; whether there is one.

    The server imports trustsim and its libraries once (about 1.2 s of one core) and the
    workers fork from it. Started before the cluster, that import runs while this process
    does other work: the sweep's kernel warm-up, the scheduler's start. Idempotent: a
    server already running (an earlier cluster of this process) is kept.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    import dask
    from distributed.utils import get_mp_context

    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        get_mp_context()  # lets distributed set its preload first; ours replaces it
    multiprocessing.get_context("forkserver").set_forkserver_preload(_PRELOAD)
    from multiprocessing import forkserver

    # The server's environment is its workers'; FORK_SERVER_VAR tells _worker_env it runs
    # in the fork server.
    with _environ({FORK_SERVER_VAR: "1"}), single_threaded_env():
        forkserver.ensure_running()
    return True


def _local_cluster(workers: int | None) -> Iterator[_Pool]:
    import dask
    from distributed import Client, LocalCluster

    n = workers or os.cpu_count() or 1
    config: dict[str, Any] = {
        "distributed.scheduler.allowed-failures": LOCAL_ALLOWED_FAILURES,
        # One task per worker thread at a time, so that a worker that dies takes no
        # innocent queued run with it.
        "distributed.scheduler.worker-saturation": 1.0,
        # Runs are long, CPU-bound Python: the workers' sampling profiler (which takes the
        # GIL every 10 ms), work stealing (nothing is queued on workers) and frequent
        # monitor ticks cost compute time on a small machine and buy nothing here.
        "distributed.worker.profile.enabled": False,
        "distributed.scheduler.work-stealing": False,
        "distributed.worker.memory.monitor-interval": "1s",
        "distributed.admin.tick.interval": "500ms",
        "distributed.admin.system-monitor.interval": "2s",
        # Dask sets MALLOC_TRIM_THRESHOLD_ in its workers to hand freed memory back to the
        # system at once. That also turns off glibc's adaptive mmap threshold, so every
        # array above 128 KiB is mapped and zero-filled afresh: runs then take 25-30 % more
        # CPU than in this process (measured at 5,000 users). Runs free all their memory at
        # the end anyway, so the workers keep glibc's defaults.
        "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    }
    if _start_fork_server():
        # Workers fork from a server that imported trustsim once: fast starts and restarts.
        config["distributed.worker.multiprocessing-method"] = "forkserver"
    with dask.config.set(config):
        with single_threaded_env():
            # dashboard_address=None does not turn the dashboard off (dask/distributed
            # #8136): it took port 8787, and a second sweep printed Dask's "Port 8787 is
            # already in use" warning even with --quiet. ":0" takes any free port.
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.CRITICAL)
        try:
            client = Client(cluster)
            try:
                yield _Pool(client.get_executor(pure=False), n,
                            f"local Dask cluster, {n} worker{'s' * (n > 1)}")
            finally:
                client.close()
        finally:
            cluster.close()


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Refuse a scheduler address nothing answers at, at once.

    A TCP connection to its host and port, not Dask's own connect (which waits up to 30 s
    after a results folder was made and the kernels compiled; trial). Only a refusal or a
    timeout counts, and only for TCP schemes (tcp, tls, ws, wss): others (``inproc://``,
    ``ucx://``) are left to Dask.
    """
    import socket
    from urllib.parse import urlsplit

    try:
        where = urlsplit(address)
        host, port = where.hostname, where.port
    except ValueError as exc:
        raise ScenarioError(f"not a scheduler address ({exc})", key="scheduler",
                            value=address, allowed="tcp://HOST:PORT") from None
    if where.scheme not in ("tcp", "tls", "ws", "wss") or not host or port is None:
        return  # (ucx, inproc: not a plain TCP listener; Dask checks them itself)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise ScenarioError(f"cannot reach the Dask scheduler ({exc}); nothing was written",
                            key="scheduler", value=address) from None


def _remote(address: str) -> Iterator[_Pool]:
    from distributed import Client

    try:
        client = Client(address)  # waits distributed.comm.timeouts.connect (30 s) at most
    except (OSError, TimeoutError) as exc:
        raise ScenarioError(f"cannot reach the Dask scheduler ({exc})", key="scheduler",
                            value=address) from None
    try:
        slots = sum(client.nthreads().values())
        yield _Pool(client.get_executor(pure=False), max(slots, 1),
                    f"Dask scheduler {address}, {slots} worker threads")
    finally:
        client.close()


@contextmanager
def open_executor(executor: Any, workers: int | None = None) -> Iterator[_Pool]:
    """Yield the executor to submit runs to (``None`` for serial) and its size."""
    if executor == "serial":
        yield _Pool(None, 1, "serial (this process)")
    elif executor == "local":
        yield from _local_cluster(workers)
    elif isinstance(executor, str) and "://" in executor:
        yield from _remote(executor)
    elif hasattr(executor, "get_executor") and hasattr(executor, "nthreads"):  # a Client
        slots = max(sum(executor.nthreads().values()), 1)
        yield _Pool(executor.get_executor(pure=False), slots, f"Dask client, {slots} threads")
    elif isinstance(executor, cf.Executor):
        slots = getattr(executor, "_max_workers", None) or os.cpu_count() or 1
        yield _Pool(executor, slots, type(executor).__name__)
    else:
        raise _unknown_executor(executor)


def _unknown_executor(executor: Any) -> ScenarioError | None:
    """The error for an executor none of :func:`open_executor`'s kinds (None if known)."""
    if (executor in ("serial", "local") or (isinstance(executor, str) and "://" in executor)
            or (hasattr(executor, "get_executor") and hasattr(executor, "nthreads"))
            or isinstance(executor, cf.Executor)):
        return None
    return ScenarioError("unknown executor", key="executor", value=executor,
                         allowed="serial, local, tcp://HOST:PORT, a distributed.Client "
                                 "or a concurrent.futures.Executor",
                         suggestion=suggest(str(executor), ["serial", "local"]))


#: In a run's expected work (:func:`run_work`): a day costs about as much per platform as
#: this many users' days, and twice that besides.
PLATFORM_USERS = 1_000


def run_work(exp: Experiment, run: Run) -> float:
    """A run's expected work, for the progress ETA: days x (users + 1,000 x (platforms + 2)).

    Fitted to the run times in the ledgers of the bundled experiments (2026-12-07, 2,000 to
    5,000 users, 2 to 24 platforms, 150 to 365 days): a day costs about the same per user
    whatever the platforms, plus a part per platform (its books, statements, record) and
    a fixed part; the fit lands within about a fifth of each scenario's median run
    (``sector_thunderstorm``, 24 platforms: 1.9 s measured, 1.5 s fitted; ``rumour_run``:
    0.13 and 0.13 s). Only ratios matter: a plan whose slow scenario runs last is then not
    promised an end in seconds.
    """
    from trustsim.params import Params

    scenario = exp.scenario_objects[run.scenario]
    design = exp.design_table.iloc[run.design_point].to_dict() if len(
        exp.design_table.columns) else {}
    given = {**scenario.params, **exp.overrides,
             **point_values(exp.design, design, scenario.params)}

    def value(name: str) -> float:
        return float(given.get(name, Params.model_fields[name].default))

    platforms = len(scenario.platforms) or value("n_platforms")
    return value("steps") * (value("n_users") + PLATFORM_USERS * (platforms + 2))


def _task(exp: Experiment, run: Run, plugins: dict[str, type]) -> RunTask:
    design = exp.design_table.iloc[run.design_point].to_dict() if len(
        exp.design_table.columns) else {}
    scenario = exp.scenario_objects[run.scenario]
    design = point_values(exp.design, design, scenario.params)
    return RunTask(run_id=run.run_id, scenario=scenario,
                   strategy=exp.strategy_objects[run.strategy],
                   overrides={**exp.overrides, **design}, seed=run.seed,
                   outcomes=tuple(exp.outcome_names), metrics=tuple(exp.metric_names),
                   every=exp.timeseries_every, plugins=plugins)


def _lost(run: Run, exc: BaseException, attempt: int) -> RunOutput:
    what = ("killed every worker it ran on" if type(exc).__name__ == "KilledWorker"
            else "never came back from its worker")
    return RunOutput(run.run_id, False,
                     error=f"{what} ({attempt} tries): {type(exc).__name__}: {exc}",
                     traceback="".join(traceback.format_exception(exc)))


def _drive(pool: _Pool, exp: Experiment, store: Store, todo: list[Run], progress: Progress,
           max_tries: int, work: dict[str, float]) -> None:
    plugins = exp.crisis_plugins()
    if pool.executor is None:
        for run in todo:
            out = execute_run(_task(exp, run, plugins))
            store.record(run, out, 1)
            progress.update(out.ok, work[run.run_id])
        return
    ex = pool.executor
    window = max(4 * pool.slots, 8)
    queue = deque(todo)
    inflight: dict[cf.Future, tuple[Run, int]] = {}

    def submit(run: Run, attempt: int) -> None:
        try:
            inflight[ex.submit(execute_run, _task(exp, run, plugins))] = (run, attempt)
        except (RuntimeError, cf.BrokenExecutor) as exc:
            raise SweepError(f"the executor refused work ({exc}); finished runs are "
                             "stored: run the sweep again to resume") from exc

    try:
        while queue or inflight:
            while queue and len(inflight) < window:
                submit(queue.popleft(), 1)
            finished, _ = cf.wait(list(inflight), return_when=cf.FIRST_COMPLETED)
            for fut in finished:
                run, attempt = inflight.pop(fut)
                try:
                    out = fut.result()
                except cf.BrokenExecutor as exc:
                    raise SweepError(f"the executor broke ({exc}), probably because a "
                                     "worker process died; finished runs are stored: run "
                                     "the sweep again to resume (a Dask executor retries "
                                     "lost runs by itself)") from exc
                except Exception as exc:  # the run never returned: a lost worker
                    if attempt < max_tries:
                        store.log(run.run_id, "retry", attempt=attempt,
                                  error=f"{type(exc).__name__}: {exc}")
                        submit(run, attempt + 1)
                        continue
                    out = _lost(run, exc, attempt)
                store.record(run, out, attempt)
                progress.update(out.ok, work[run.run_id])
    finally:
        for fut in inflight:
            fut.cancel()


def _works(exp: Experiment, todo: list[Run]) -> dict[str, float]:
    """:func:`run_work` of each run to do, by run id (once per scenario and design point)."""
    known: dict[tuple[str, int], float] = {}
    out = {}
    for run in todo:
        key = (run.scenario, run.design_point)
        if key not in known:
            known[key] = run_work(exp, run)
        out[run.run_id] = known[key]
    return out


def _guarded(tree: ast.Module, line: int) -> bool:
    """Whether ``line`` lies inside an ``if __name__ == "__main__":`` block."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
            continue
        sides = [node.test.left, *node.test.comparators]
        names = {getattr(x, "id", None) for x in sides} | {getattr(x, "value", None)
                                                            for x in sides}
        if {"__name__", "__main__"} <= names and node.body:
            if node.body[0].lineno <= line <= (node.body[-1].end_lineno or line):
                return True
    return False


def unguarded_script() -> tuple[str, int] | None:
    """The script and line that start a local cluster outside a ``__main__`` guard, if any.

    Worker processes of a local cluster re-import the main script; a sweep at the
    script's top level would then start again in every worker. Detected from the call
    stack (the main module's top-level frame) and the script's syntax tree.
    """
    import multiprocessing

    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if not path or main is None:
        return None  # an interactive session or a notebook: nothing is re-imported
    frame = inspect.currentframe()
    while frame is not None and not (frame.f_globals is vars(main)
                                     and frame.f_code.co_name == "<module>"):
        frame = frame.f_back
    if frame is None:
        return None
    line = frame.f_lineno
    if multiprocessing.parent_process() is not None and main.__name__ == "__mp_main__":
        return path, line  # this is already a worker re-importing the script
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    return None if _guarded(tree, line) else (path, line)


def run_experiment(exp: Experiment | str | Path, out: str | Path | None = None, *,
                   executor: Any = "local", workers: int | None = None, fresh: bool = False,
                   progress: Any = None, max_tries: int = 2,
                   stream: TextIO | None = None) -> ExperimentResults:
    """Run every missing run of an experiment and return its results.

    Resumable: runs already stored in ``out`` are skipped, so an interrupted sweep (even
    by ``kill -9``) finishes only what is missing, with results identical to an
    uninterrupted sweep. The results do not depend on the executor or its size. One
    sweep at a time may write to a folder (a lock file; a stale one is taken over).

    A script that uses the local cluster must start the sweep under
    ``if __name__ == "__main__":`` (its workers re-import the script); without the
    guard this raises at once, saying so.

    Args:
        exp: an :class:`~trustsim.experiments.spec.Experiment`, a bundled name or a path.
        out: results folder (default: the experiment's ``output``, else ``results/NAME``).
        executor: ``"serial"``, ``"local"``, ``"tcp://host:port"``, a
            ``distributed.Client`` or any ``concurrent.futures.Executor``.
        workers: processes of the local cluster (default: one per core).
        fresh: remove what trustsim wrote in this folder first and run everything.
        progress: ``None`` (a bar on a terminal, log lines otherwise, nothing in CI),
            ``True``/``"bar"``, ``"log"`` or ``False``/``"off"``.
        max_tries: submissions of a run whose worker was lost before it is marked failed.
        stream: where progress goes (default ``sys.stderr``).

    Returns:
        :class:`~trustsim.experiments.store.ExperimentResults` for ``out``.

    Raises:
        ScenarioError: bad experiment, unknown executor, an unreachable scheduler, an
            output folder holding something else or used by another sweep, a missing
            ``__main__`` guard, more local workers than memory allows, or
            :class:`~trustsim.experiments.store.WriteError` when the folder stops taking
            writes (disk full, read-only; what finished is stored).
        SweepError: the executor broke mid-sweep (what finished is stored).

    Example:
        >>> res = run_experiment("smoke", executor="serial")  # doctest: +SKIP
        >>> res.medians(["final_trust"])                     # doctest: +SKIP
    """
    if not isinstance(exp, Experiment):
        exp = load_experiment(exp)
    if workers is not None and workers < 1:
        raise ScenarioError("must be at least 1", key="workers", value=workers)
    bad = _unknown_executor(executor)
    if bad is not None:  # before the folder is made (a typo left a manifest there: trial)
        raise bad
    if executor == "local":
        where = unguarded_script()
        if where is not None:
            raise ScenarioError(
                "starts a local Dask cluster at the script's top level, and each worker "
                "process re-imports the script (and would start the sweep again): put "
                'the sweep under `if __name__ == "__main__":` (see the README), or use '
                'executor="serial"', file=where[0], line=where[1])
        n = workers or os.cpu_count() or 1
        if n > 1 and exp.world_bytes:
            _check_workers(exp, n)
    if isinstance(executor, str) and "://" in executor:
        _check_reachable(executor)  # before a folder is made or a kernel compiled
    folder = Path(out) if out is not None else exp.output_dir
    stream = stream or sys.stderr
    mode = resolve_mode(progress, stream)
    if exp.n_runs > 20_000 and mode != "off":
        print(f"[{exp.name}] checking the {exp.n_runs:,} planned runs against {folder}/ ...",
              file=stream, flush=True)
    store = Store.open(folder, exp, fresh=fresh)
    for note in store.notes:
        # what the folder held before is said unless silence was asked for: under CI
        # (progress "auto") the bar is off, not the notes
        if progress is not False and progress != "off":
            print(f"[{exp.name}] note: {note}", file=stream)
    try:
        return _sweep(exp, store, executor, workers, mode, stream, max_tries)
    finally:
        store.close()


def _warm_up(exp: Experiment, mode: str, stream: TextIO) -> None:
    """Compile (or load) the kernels once here, before any run, and say how long it took.

    Workers then load them from the cache folder instead of each compiling them.
    """
    from trustsim.warmup import warm_up

    if mode != "off":
        print(f"[{exp.name}] preparing the compiled kernels ...", file=stream, flush=True)
    secs = warm_up(exp.worlds or [(2000, 4)])
    if mode != "off":
        note = " (compiled once on this machine, then cached)" if secs > 3 else ""
        print(f"[{exp.name}] kernels ready in {secs:.1f} s{note}", file=stream, flush=True)


def _check_workers(exp: Experiment, n: int) -> None:
    """Refuse a local cluster whose workers, one world each, would not fit in memory."""
    from trustsim.limits import available_memory, human

    have, source = available_memory()
    if have is None or exp.world_bytes * n <= have:
        return
    fit = max(have // max(exp.world_bytes, 1), 1)
    raise ScenarioError(
        f"{n} workers would each hold a world of about {human(exp.world_bytes)} at once, "
        f"{human(exp.world_bytes * n)} in all, and this machine has {human(have)} "
        f"({source}); use --workers {fit} (workers={fit})", key="workers", value=n)


def _sweep(exp: Experiment, store: Store, executor: Any, workers: int | None, mode: str,
           stream: TextIO, max_tries: int) -> ExperimentResults:
    done = store.done_ids()
    todo = [r for r in exp.plan() if r.run_id not in done]
    started, t0 = datetime.now(UTC), time.perf_counter()
    sweep: dict[str, Any] = {"started": started.isoformat(timespec="seconds"),
                             "executor": str(executor) if isinstance(executor, str) else
                             type(executor).__name__, "resumed": exp.n_runs - len(todo)}
    work = _works(exp, todo)
    bar = Progress(exp.name, exp.n_runs, exp.n_runs - len(todo), mode, stream,
                   work=sum(work.values()))
    status = "finished"
    stopped: WriteError | None = None
    try:
        if todo:
            if executor == "local":
                _start_fork_server()  # its imports overlap the warm-up
            _warm_up(exp, mode, stream)
            with open_executor(executor, workers) as pool:
                sweep["executor"] = pool.label
                bar.started()  # (after the kernels and the cluster are ready)
                _drive(pool, exp, store, todo, bar, max_tries, work)
    except WriteError as exc:
        status, stopped = "stopped: the results folder cannot be written", exc
    except BaseException:
        status = "interrupted"
        raise
    finally:
        bar.close()
        sweep.update(status=status, ran=bar.done + bar.failed - bar.start_done,
                     failed=bar.failed, seconds=round(time.perf_counter() - t0, 2),
                     finished=datetime.now(UTC).isoformat(timespec="seconds"))
        try:
            results = store.finish(sweep)
        except WriteError as exc:
            if stopped is None and status == "finished":
                raise
            stopped = stopped or exc
    if stopped is not None:
        raise stopped
    return results
