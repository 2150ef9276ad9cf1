"""Progress of a sweep: a bar on a terminal, plain lines in logs, silence in CI.

Core object: :class:`Progress` (runs done / failed / total and an ETA). The ETA weighs each
run by its expected work (``work`` of :meth:`Progress.update`; a sweep passes
:func:`trustsim.experiments.runner.run_work`), so a plan whose slow scenario comes last is
not promised an end in seconds while minutes of runs are left.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Literal, TextIO

__all__ = ["Progress", "ProgressMode", "resolve_mode"]

ProgressMode = Literal["bar", "log", "off"]


def resolve_mode(progress: Any, stream: TextIO) -> ProgressMode:
    """Turn the ``progress`` argument into a mode.

    ``None`` or ``"auto"``: a bar on a terminal, nothing under CI (``CI`` set), plain log
    lines otherwise; ``True``: a bar; ``False``: nothing; or ``"bar"``, ``"log"``, ``"off"``.
    """
    if progress is None or progress == "auto":
        if stream.isatty():
            return "bar"
        return "off" if os.environ.get("CI") else "log"
    if progress is True:
        return "bar"
    if progress is False:
        return "off"
    if progress in ("bar", "log", "off"):
        return progress
    raise ValueError(f"progress must be None, 'auto', True, False, 'bar', 'log' or 'off', "
                     f"not {progress!r}")


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Counts finished runs and shows them.

    Args:
        label: the experiment's name; total: runs in the plan; done: already done before
            this sweep; mode: see :func:`resolve_mode`; stream: where to write (stderr);
        work: the expected work of the runs still to do, in the units of
            :meth:`update`'s ``work`` (default: one per run). The ETA is the time so far
            per unit of work done, times the work left.
    """

    def __init__(self, label: str, total: int, done: int, mode: ProgressMode,
                 stream: TextIO | None = None, work: float | None = None) -> None:
        self.label, self.total, self.start_done = label, total, done
        self.done, self.failed = done, 0
        self.work = float(total - done) if work is None else float(work)
        self.work_done = 0.0  # of the runs that finished (failed ones only leave the plan)
        self.mode = mode
        self.stream = stream or sys.stderr
        self.t0 = self.t_work = time.monotonic()
        self._last_line = self.t0
        self._last_decile = -1
        self._bar = None
        self._last_text = ""
        if mode == "bar":
            from tqdm import tqdm

            # tqdm's own remaining time counts runs alike: the postfix shows the weighed ETA
            self._bar = tqdm(total=total, initial=done, unit="run", desc=label,
                             file=self.stream, dynamic_ncols=True, leave=True,
                             bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} "
                                        "[{elapsed}{postfix}]")
            self._bar.set_postfix_str("failed=0")
        elif mode == "log":
            self._line(f"{total:,} runs, {done:,} already done")

    def _line(self, text: str) -> None:
        self._last_text = text
        print(f"[{self.label}] {text}", file=self.stream, flush=True)

    def update(self, ok: bool, work: float = 1.0) -> None:
        """Count one finished run (``ok`` False for a failed one) of expected ``work``.

        A failed run's work leaves what is left without counting as done: one that fails
        at once would otherwise make the rest look quicker than it is.
        """
        if ok:
            self.done += 1
            self.work_done += work
        else:
            self.failed += 1
            self.work -= work
        if self._bar is not None:
            self._bar.set_postfix_str(f"failed={self.failed}, ETA {self.eta()}",
                                      refresh=False)
            self._bar.update(1)  # (draws the postfix just set)
        elif self.mode == "log":
            finished = self.done + self.failed
            decile = int(10 * finished / max(self.total, 1))
            now = time.monotonic()
            if decile > self._last_decile or now - self._last_line > 60:
                self._last_decile = decile
                self._last_line = now
                self._line(self.status())

    def started(self) -> None:
        """Runs start now: the ETA's rate leaves out what came before.

        A cluster starting and kernels compiling are no runs: counted in, a first sweep said
        "1/100 runs done, ETA 39:39" and ended 3 s later (trial).
        """
        self.t_work = time.monotonic()

    def eta(self) -> str:
        """Time left: the time since runs started per unit of work done, times the work left."""
        if self.done + self.failed >= self.total:
            return _clock(0)
        if self.work_done <= 0:
            return "?"
        left = max(self.work - self.work_done, 0.0)
        return _clock((time.monotonic() - self.t_work) / self.work_done * left)

    def status(self) -> str:
        """One line: done, failed, total, elapsed and ETA."""
        elapsed = time.monotonic() - self.t0
        return (f"{self.done:,}/{self.total:,} runs done, {self.failed:,} failed, "
                f"{_clock(elapsed)} elapsed, ETA {self.eta()}")

    def close(self) -> None:
        """Finish the bar (or the log)."""
        if self._bar is not None:
            self._bar.close()
        elif self.mode == "log":
            final = self.status().replace(", ETA 0:00", "")
            if final.split(",")[:2] != self._last_text.split(",")[:2]:
                self._line(final)
