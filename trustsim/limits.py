"""Limits checked before anything big is allocated: the memory of a world, the size of a plan.

Core functions: :func:`world_bytes` (the peak memory of one model, from its size),
:func:`available_memory` (what this machine, or its container, can still give) and
:func:`check_world` / :func:`check_plan`, which raise a
:class:`~trustsim.errors.ScenarioError` naming the key and the fix.

``TRUSTSIM_MEMORY_LIMIT`` (bytes, or with a unit: ``512M``, ``64G``) replaces the memory
found, for a machine whose limits are not visible here (or a cluster whose workers are
bigger than the machine that plans the sweep).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from trustsim.errors import ScenarioError

__all__ = ["BYTES_PER_USER", "BYTES_PER_USER_PLATFORM", "BYTES_PER_CONTACT", "MAX_RUNS",
           "BYTES_PER_PLANNED_RUN", "world_bytes", "available_memory", "check_world",
           "check_plan", "human"]

# Peak memory of one model (build, then a few steps), per user. Measured with ru_maxrss
# at 100,000-1,000,000 users (docs/model.md §2.9): the social graph's construction holds
# about 12-16 bytes per contact per user at its peak (edge lists, then the CSR arrays);
# the state and work arrays (trust twice, baseline, anchor, holdings, queue, shock, relief,
# flags, last run days, the day's temporaries) about 95 bytes per platform per user, plus
# the compiler's memory the first time a platform count is met; the rest (per-user
# columns, degrees) about 250 bytes. Rounded up: the estimate is a bound (1.1-2.3 times
# the measured peaks).
BYTES_PER_USER = 300
BYTES_PER_USER_PLATFORM = 118
BYTES_PER_CONTACT = 20  # 25 while the graph copied its contact array (peak 4 bytes more)

MAX_RUNS = 10_000_000
"""Most runs one experiment may plan (each run is a row of the plan and a pair of files)."""
BYTES_PER_PLANNED_RUN = 400
"""Memory the driver holds per planned run (its plan entry and bookkeeping)."""

_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


def human(n: float) -> str:
    """Bytes as text: ``1.5 GB`` (powers of 1024)."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GB"  # pragma: no cover


def world_bytes(n_users: int, n_platforms: int, mean_degree: int, network: str) -> int:
    """Estimated peak memory (bytes) of one model of this size.

    Example:
        >>> world_bytes(1_000_000, 4, 10, "small_world") < 2 * 2**30
        True
    """
    contacts = 0 if network == "well_mixed" else min(mean_degree, max(n_users - 1, 0))
    return int(n_users) * (BYTES_PER_USER + BYTES_PER_USER_PLATFORM * int(n_platforms)
                           + BYTES_PER_CONTACT * contacts)


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _parse_size(text: str) -> int | None:
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*([kmgtKMGT]?)i?[bB]?\s*", text)
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()]) if m else None


def available_memory() -> tuple[int | None, str]:
    """Memory this process can still use (bytes, or None if unknown) and where it came from.

    The smallest of: ``MemAvailable`` of ``/proc/meminfo`` and the room left under the
    container's cgroup limit; ``TRUSTSIM_MEMORY_LIMIT`` replaces both.
    """
    env = os.environ.get("TRUSTSIM_MEMORY_LIMIT")
    if env:
        size = _parse_size(env)
        if size is None:
            raise ScenarioError("not a size", key="TRUSTSIM_MEMORY_LIMIT", value=env,
                                allowed="bytes, or a number with K, M, G or T")
        return size, "TRUSTSIM_MEMORY_LIMIT"
    found: list[tuple[int, str]] = []
    meminfo = _read("/proc/meminfo") or ""
    m = re.search(r"^MemAvailable:\s+(\d+) kB", meminfo, re.M)
    if m:
        found.append((int(m.group(1)) * 1024, "available memory"))
    limit, used = _read("/sys/fs/cgroup/memory.max"), _read("/sys/fs/cgroup/memory.current")
    if limit and used and limit.isdigit() and used.isdigit():
        found.append((max(int(limit) - int(used), 0), "room under the container's limit"))
    if not found:
        try:
            found.append((os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"),
                          "available memory"))
        except (ValueError, OSError, AttributeError):
            return None, "unknown"
    return min(found)


def check_world(n_users: int, n_platforms: int, mean_degree: int, network: str, *,
                copies: int = 1, file: str | None = None, line: int | None = None,
                key: str = "n_users", what: str = "") -> int:
    """Refuse a world (or ``copies`` worlds at once) larger than the memory available.

    Returns:
        The estimated bytes of one world.

    Raises:
        ScenarioError: naming ``key``, the estimate, the memory available and the fix.
    """
    need = world_bytes(n_users, n_platforms, mean_degree, network)
    have, source = available_memory()
    if have is None or need * copies <= have:
        return need
    k = 0 if network == "well_mixed" else mean_degree
    many = f"{copies} such worlds at once (one per worker) need" if copies > 1 else "needs"
    raise ScenarioError(
        f"{what}a world of {n_users:,} users, {n_platforms} platforms and mean_degree {k} "
        f"{many} about {human(need * copies)} of memory at its peak, and this machine has "
        f"{human(have)} ({source}); lower n_users or mean_degree"
        + (", or use fewer workers" if copies > 1 else "")
        + " (TRUSTSIM_MEMORY_LIMIT=SIZE overrides the memory found)",
        file=file, line=line, key=key)


def check_plan(n_runs: int, detail: str, *, file: str | None = None,
               line: int | None = None, key: str = "replications") -> None:
    """Refuse a plan of more than :data:`MAX_RUNS` runs, or one too large for memory.

    Raises:
        ScenarioError: with the number of runs and how they multiply (``detail``).
    """
    if n_runs > MAX_RUNS:
        raise ScenarioError(
            f"the plan has {n_runs:,} runs ({detail}); an experiment may plan at most "
            f"{MAX_RUNS:,}: lower replications or the design's size, or split the experiment",
            file=file, line=line, key=key)
    have, source = available_memory()
    if have is not None and n_runs * BYTES_PER_PLANNED_RUN > have:
        raise ScenarioError(
            f"the plan has {n_runs:,} runs ({detail}), which need about "
            f"{human(n_runs * BYTES_PER_PLANNED_RUN)} to hold, and this machine has "
            f"{human(have)} ({source}): lower replications or the design's size",
            file=file, line=line, key=key)
