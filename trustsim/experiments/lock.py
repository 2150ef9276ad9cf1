"""One sweep at a time per results folder: a lock file that dies with its process.

Core object: :class:`FolderLock`. The lock is ``OUT/.trustsim.lock``, held with an
exclusive ``flock`` for as long as the sweep runs: the operating system releases it
when the process ends, however it ends (``kill -9`` included), so a lock left by a dead
sweep is stale and taken over. The file records who holds it (host, process id, start)
so that a refusal can say which sweep is running.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trustsim.errors import ScenarioError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: fall back to the process id check
    fcntl = None  # type: ignore[assignment]

__all__ = ["FolderLock", "LOCK_NAME"]

LOCK_NAME = ".trustsim.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FolderLock:
    """An exclusive lock on a results folder (a context manager).

    Args:
        folder: the results folder (created if needed).

    Raises:
        ScenarioError: from :meth:`acquire`, when another live sweep holds the folder.

    Example:
        >>> with FolderLock("results/smoke"):          # doctest: +SKIP
        ...     pass
    """

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None
        self.took_over: dict[str, Any] | None = None

    def _holder(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def acquire(self) -> FolderLock:
        """Take the lock, or raise naming the sweep that holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(10):  # the file may be removed by its holder while we open it
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0),
                         0o644)
            try:
                held = self._take(fd)
                if held and not self._current(fd):
                    os.close(fd)
                    continue
            except BaseException:
                os.close(fd)
                raise
            break
        if not held:
            os.close(fd)
            who = self._holder()
            since = f" since {who['since']}" if who.get("since") else ""
            raise ScenarioError(
                f"another sweep (process {who.get('pid', '?')} on {who.get('host', '?')}"
                f"{since}) is writing to this folder; wait for it to finish, or use another "
                "output folder", file=str(self.path.parent))
        self.took_over = self._holder() or None
        me = {"pid": os.getpid(), "host": socket.gethostname(),
              "since": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(me) + "\n").encode("utf-8"), 0)
        self._fd = fd
        return self

    def _current(self, fd: int) -> bool:
        """Whether the locked file is still the one at the path (not unlinked meanwhile)."""
        try:
            return os.stat(self.path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            return False

    def _take(self, fd: int) -> bool:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True
        who = self._holder()  # pragma: no cover - no flock on this platform
        same_host = who.get("host") == socket.gethostname()
        return not (who.get("pid") and (not same_host or _alive(int(who["pid"]))))

    def release(self) -> None:
        """Give the lock back and remove the file (safe to call twice)."""
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only folder: the flock still ends with the descriptor
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
