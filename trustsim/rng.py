"""Named random streams spawned from one seed: the model's only source of randomness.

Core object: :class:`Streams`. Each part of the model draws from its own stream
(``network``, ``users``, ``hazards``, ``regulator``, ``actions``, plus keyed
draws for path-dependent decisions and keyed blocks for events),
so switching one mechanism or strategy on does not shift the draws of the others: runs
that differ only in strategy share their random numbers (common random numbers).
"""

from __future__ import annotations

import zlib
from statistics import NormalDist

import numpy as np

__all__ = ["STREAM_NAMES", "Streams", "stream_key"]

STREAM_NAMES: tuple[str, ...] = (
    "network", "users", "hazards", "regulator", "actions",
)
"""Sequential streams. Decisions whose number depends on the path of a run (a lie's
exposure, a rumour) use :meth:`Streams.uniform`, keyed by what they
are about, so that they never shift another decision's draw."""


def stream_key(name: str) -> int:
    """Return a stable integer key for a stream name (independent of Python's hash seed)."""
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """A family of independent numpy Generators, one per named model part.

    Args:
        seed: an integer, a ``SeedSequence``, or entropy from the OS when ``None``.

    Attributes:
        seed_sequence: the root ``SeedSequence``; its ``entropy`` reproduces the run.

    Example:
        >>> s = Streams(42)
        >>> float(s["users"].random()) == float(Streams(42)["users"].random())
        True
    """

    def __init__(self, seed: int | np.random.SeedSequence | None) -> None:
        if isinstance(seed, np.random.SeedSequence):
            self.seed_sequence = seed
        else:
            self.seed_sequence = np.random.SeedSequence(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        """Return the generator of stream ``name`` (created on first use, keyed by name)."""
        gen = self._streams.get(name)
        if gen is None:
            # The child key depends on the name only, never on the order of first use.
            child = np.random.SeedSequence(
                self.seed_sequence.entropy,
                spawn_key=(*self.seed_sequence.spawn_key, stream_key(name)),
            )
            gen = np.random.Generator(np.random.PCG64(child))
            self._streams[name] = gen
        return gen

    def key(self, name: str) -> int:
        """A 64-bit key for stream ``name``, for counter-based draws (``primitives.uniform``).

        Fixed by (seed, ``name``) alone, like the stream itself.
        """
        seq = np.random.SeedSequence(
            self.seed_sequence.entropy,
            spawn_key=(*self.seed_sequence.spawn_key, stream_key(name), 0xC0FFEE))
        return int(seq.generate_state(1, np.uint64)[0])

    def uniform(self, name: str, *key: int) -> float:
        """Return one uniform number in [0, 1) fixed by (seed, ``name``, ``key``).

        Keyed draws (e.g. by day, platform and incident) stay the same whatever else
        happened in the run: common random numbers across strategies.
        """
        seq = np.random.SeedSequence(
            self.seed_sequence.entropy,
            spawn_key=(*self.seed_sequence.spawn_key, stream_key(name), *map(int, key)),
        )
        return float(seq.generate_state(1, np.uint64)[0] >> np.uint64(11)) * 2.0**-53

    def normal(self, name: str, *key: int) -> float:
        """Return one standard normal fixed by (seed, ``name``, ``key``).

        The keyed uniform of :meth:`uniform` through the normal quantile (kept off 0 and 1).
        """
        u = min(max(self.uniform(name, *key), 1e-12), 1.0 - 1e-12)
        return NormalDist().inv_cdf(u)

    def keyed(self, name: str, *key: int) -> np.random.Generator:
        """Return a fresh generator fixed by (seed, ``name``, ``key``).

        For a block of draws about one event (the users a data leak on a given day and
        platform exposes): the event gets the same numbers whatever else happened in the run,
        and draws for one event never shift those of another.
        """
        seq = np.random.SeedSequence(
            self.seed_sequence.entropy,
            spawn_key=(*self.seed_sequence.spawn_key, stream_key(name), 0xB10C, *map(int, key)),
        )
        return np.random.Generator(np.random.PCG64(seq))

    def __repr__(self) -> str:
        return f"Streams(entropy={self.seed_sequence.entropy}, used={sorted(self._streams)})"
