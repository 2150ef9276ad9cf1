"""Where trustsim keeps what it can rebuild: compiled kernels (numba's on-disk cache).

Core functions: :func:`cache_dir` and :func:`configure_numba`. The cache lives in the
user's cache folder, never in the source tree, so an installation may be read-only.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["cache_dir", "configure_numba", "source_stamp", "COMPILED_SOURCES"]


def cache_dir() -> Path:
    """The cache folder.

    ``$TRUSTSIM_CACHE_DIR``, else ``$XDG_CACHE_HOME/trustsim``, else ``~/.cache/trustsim``.
    """
    if os.environ.get("TRUSTSIM_CACHE_DIR"):
        return Path(os.environ["TRUSTSIM_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"),
                                                            ".cache")
    return Path(base) / "trustsim"


COMPILED_SOURCES = ("primitives.py", "trust_rules.py", "rules.py", "kernels.py")
"""The modules whose functions numba compiles into one another."""


def source_stamp() -> str:
    """A hash of the compiled modules' source: the cache subfolder for this code.

    Numba checks a cached function against its own file only, not against the functions
    it inlines from other files: a kernel cached before a rule changed would run the old
    rule. Keying the folder on every compiled module's source makes any change start a
    fresh cache.
    """
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in COMPILED_SOURCES:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:16]


def configure_numba() -> None:
    """Point numba's on-disk cache at :func:`cache_dir` (unless ``NUMBA_CACHE_DIR`` is set).

    The kernels go to ``numba/<source stamp>`` (:func:`source_stamp`). Must run before the
    first ``njit(cache=True)`` of trustsim: numba picks a function's cache folder when the
    function is decorated. If the folder cannot be created numba falls back to its own
    choices (or compiles without caching).
    """
    import numba

    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    numba.config.CACHE_DIR = str(cache_dir() / "numba" / source_stamp())
