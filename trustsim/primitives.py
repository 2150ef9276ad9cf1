"""What every user rule is built on: compiling, the argument groups, draws and smooth steps.

Core objects: :func:`compiled` and :func:`rule` (numba, cached, without its runtime),
:class:`UserArrays`, :class:`GraphArrays`, :class:`SignalArrays` and :class:`DrawArrays`
(the groups of arguments every rule takes), :func:`uniform` (a counter-based draw: a hash
of run key, day, user and decision slot), :func:`top_k_rows` (the k largest entries of
each row), :func:`normal_cdf`, :func:`smooth_step` and its cheap bound :func:`step_bound`, and the
constants the rules share (draw slots, story states, social modes, ``EPS``). The rules
themselves are in :mod:`trustsim.rules`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numba
import numpy as np

from trustsim.cache import configure_numba

configure_numba()  # before any function is compiled: the cache lives in the user's cache

__all__ = ["UserArrays", "GraphArrays", "SignalArrays", "DrawArrays", "compiled", "rule",
           "uniform", "top_k_rows", "normal_cdf", "smooth_step", "step_bound", "STEP_REACH",
           "RUN_DAY_MAX", "NEAR_ROWS",
           "TALK", "CONTACT", "SOCIAL", "NEED", "INVEST", "COMPLAIN", "LEAVE", "AWARE", "QUIT",
           "RUN", "FADE", "LATER_RUN", "IGNORANT",
           "SPREADER", "STIFLER", "EPS", "NO_SOCIAL", "DEGROOT", "DEGROOT_WELL_MIXED",
           "BOUNDED_CONFIDENCE"]

EPS = 1e-9  # money below this (thousand CNY) is treated as zero

# Story states for word-of-mouth spreading (Maki & Thompson 1973).
IGNORANT, SPREADER, STIFLER = 0, 1, 2

# Social influence, as the rules see it (the graph kind folded in).
NO_SOCIAL, DEGROOT, DEGROOT_WELL_MIXED, BOUNDED_CONFIDENCE = 0, 1, 2, 3


def compiled(fn=None, **options):
    """``numba.njit`` for trustsim's kernels and rules: cached, and without numba's runtime.

    Rules and kernels never allocate (their scratch arrays come from the caller), so they
    can do without numba's reference counting of arrays: with it, every call of a rule
    counts references to each array it is given, which made the day's pass about six
    times slower. ``_nrt=False`` is a numba compiler option; where a numba version refuses
    it, this falls back to the default (same numbers, slower).
    """
    def wrap(f):
        try:
            return numba.njit(cache=True, _nrt=False, **options)(f)
        except (KeyError, TypeError, ValueError):  # pragma: no cover - older/newer numba
            return numba.njit(cache=True, **options)(f)

    return wrap if fn is None else wrap(fn)


def rule(fn):
    """Compile a rule (:func:`compiled`); ``fn.py_func`` is the Python original.

    With ``NUMBA_DISABLE_JIT=1`` numba returns the plain function: the per-agent test
    oracle runs every rule uncompiled that way.
    """
    return compiled(fn, inline="always")


class UserArrays(NamedTuple):
    """Every user's state, one row per user (the arrays of ``Population``, not copies).

    ``trust0`` holds trust at the start of the phase (neighbours read it); ``trust`` is
    where each user's new trust is written. They are the same array outside a phase.
    """

    trust: np.ndarray
    trust0: np.ndarray
    trust_base: np.ndarray
    anchor: np.ndarray
    holdings: np.ndarray
    queued: np.ndarray
    ran: np.ndarray
    run_day: np.ndarray
    withdrawing: np.ndarray
    cash: np.ndarray
    wealth0: np.ndarray
    losses: np.ndarray
    losses_seen: np.ndarray
    literacy: np.ndarray
    risk_appetite: np.ndarray
    threshold: np.ndarray
    herding: np.ndarray
    media_susceptibility: np.ndarray
    active: np.ndarray
    audience: np.ndarray
    grievance: np.ndarray
    shock: np.ndarray
    relief: np.ndarray
    heard: np.ndarray
    held0: np.ndarray


class GraphArrays(NamedTuple):
    """The social graph as the rules read it (CSR arrays; placeholders when well mixed).

    ``near_lo``/``near_hi``: where each user's contacts within ``NEAR_ROWS`` user numbers
    of it lie in its row (``indices[near_lo[i]:near_hi[i]]``); ``far_ptr``/``far_idx``: the
    rest of its row as a list of their own (``network.Graph.near_and_far``); for the
    neighbours' pull.
    """

    indptr: np.ndarray
    indices: np.ndarray
    inv_degree: np.ndarray
    well_mixed: bool
    no_edges: bool
    near_lo: np.ndarray
    near_hi: np.ndarray
    far_ptr: np.ndarray
    far_idx: np.ndarray


NEAR_ROWS = 64
"""Contacts within this many user numbers of a user count as near for the neighbours' pull:
their rows of trust lie within a few kilobytes of the user's own (a small world's ring
neighbours do; its rewired contacts and most of a scale-free graph's do not)."""


class SignalArrays(NamedTuple):
    """Today's signals (``population.Signals``), weights applied, plus day-wide flags.

    ``statement`` and ``regulator`` are already multiplied by their weights; ``spill`` is
    the contagion matrix (``spill[p, q]``: the share of bad evidence about q felt about p);
    ``colsum`` is the column sum of start-of-phase trust (well-mixed DeGroot only);
    ``quiet`` means no public evidence at all today (news, stories newly heard, statements,
    regulator signals); ``calm`` that, besides, no user has evidence of its own either (no private
    shock or relief, no visible distress, every platform paying): trust then moves only by
    confirmation, ratings and neighbours. ``any_gone``: some platform has failed or
    absconded (``open_`` false for it). ``promised``: the highest yield each platform has
    advertised so far (``Signals.promised_yield``).
    """

    news: np.ndarray
    cred: np.ndarray
    story: np.ndarray
    statement: np.ndarray
    regulator: np.ndarray
    rating: np.ndarray
    yield_ok: np.ndarray
    short: np.ndarray
    distress: np.ndarray
    accepting: np.ndarray
    open_: np.ndarray
    true_yield: np.ndarray
    adv_yield: np.ndarray
    promised: np.ndarray
    spill: np.ndarray
    colsum: np.ndarray
    guarantee: float
    need_rate: float
    ymax: float
    quiet: bool
    calm: bool
    has_news: bool
    has_story: bool
    has_rating: bool
    has_shock: bool
    has_relief: bool
    any_withdrawing: bool
    any_gone: bool


class DrawArrays(NamedTuple):
    """Where today's random numbers come from.

    ``key`` (from the run's ``actions`` stream) and ``day``; :func:`uniform` makes each
    draw from them and what it is for.
    """

    key: np.uint64
    day: np.uint64


# --------------------------------------------------------------------------- randomness
# What each of a user's daily draws is for (its slot); a run decision has one slot per
# platform from RUN on, and so has forgetting a paid-out run (from FADE on; at most 500
# platforms, so the two ranges never meet and every slot fits in 12 bits). AWARE and QUIT
# are fixed traits of a user, drawn with day 0. The day's later rounds of run decisions
# (``rules.look_again``; at most three) have 500 slots each from LATER_RUN on.
TALK, CONTACT, SOCIAL, NEED, INVEST, COMPLAIN, LEAVE, AWARE, QUIT, RUN = (0, 1, 2, 3, 4, 5, 6,
                                                                         7, 8, 16)
FADE = 1024
LATER_RUN = 2048

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@compiled(inline="always")
def _mix(z):
    """The SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit scramble."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@compiled(inline="always")
def uniform(D, i, slot):
    """The uniform number in [0, 1) of user ``i``'s decision ``slot`` today.

    A counter-based generator: the draw is a hash of (run key, day, user, slot), so it is
    the same whichever users or decisions are drawn before it, in any order, compiled or
    not (common random numbers across strategies, no generator state to carry).
    """
    c = (D.day * np.uint64(1 << 40) + np.uint64(i)) * np.uint64(1 << 12) + np.uint64(slot)
    # The counter keeps the day's lowest 12 bits (day x 2^52 wraps around 2^64); the rest
    # of the day goes into the key, so that day 4,096 + d does not repeat day d's draws.
    # _mix(0) is 0: days below 4,096 keep the key as it is.
    key = D.key ^ _mix(D.day >> np.uint64(12))
    z = _mix(key ^ _mix(c * _GOLDEN))
    return float(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@compiled(inline="always")
def normal_cdf(x):
    """Standard normal distribution function."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@compiled
def top_k_rows(keys, k, out):  # pragma: no cover - compiled
    """Mark in ``out`` the ``k`` largest entries of each row of ``keys`` (ties: lower index).

    The same entries as the first ``k`` of a stable descending sort of each row, in one
    pass without sorting (a rank by counting: rows are a few platforms long).
    """
    n, m = keys.shape
    for i in range(n):
        for p in range(m):
            kp = keys[i, p]
            above = 0
            for q in range(m):
                kq = keys[i, q]
                if kq > kp or (kq == kp and q < p):
                    above += 1
            out[i, p] = above < k


RUN_DAY_MAX = 32767
"""The last day ``Population.run_day`` (int16) can hold: a run later than it is kept as on it
(``steps`` is at most 20,000, but ``TrustModel.run(n)`` may go on past ``steps``)."""

STEP_REACH = 8.0
"""How far below the step, in sds of its noise, :func:`smooth_step` is taken as exactly 0.

Also where :func:`step_bound` is 0, and what the rules' sure tests of a run bound
(``rules.near_threshold``, ``rules.might_run``) are measured against."""


@compiled(inline="always")
def smooth_step(x, softness):
    """``P(noise > -x)`` for normal noise of sd ``softness``; a step at 0 when softness is 0.

    The share of users who act when their signal exceeds their threshold by ``x`` in a
    global game with noisy private signals (Morris & Shin 1998; Goldstein & Pauzner 2005).
    """
    if softness <= 0.0:
        return 1.0 if x >= 0.0 else 0.0
    z = x / softness
    if z < -STEP_REACH:
        return 0.0
    return normal_cdf(z)


# normal_cdf at z = -STEP_REACH, ..., -0.25, 0 (quarter steps), each raised by a billionth
# of itself: an upper bound of the computed normal_cdf anywhere below each point (it rises
# with z), whatever the rounding of erfc.
_UPPER = np.array([0.5 * math.erfc((STEP_REACH - k / 4.0) / math.sqrt(2.0)) * (1.0 + 1e-9)
                   for k in range(int(4 * STEP_REACH) + 1)])


@compiled(inline="always")
def step_bound(x, softness):
    """A cheap upper bound of :func:`smooth_step` (a table look-up, no ``erfc``).

    A draw ``u`` at or above it cannot fall under the step, so a rule can settle most
    unlikely decisions without working out the normal tail (the same decisions: only the
    work is skipped).
    """
    if softness <= 0.0:
        return 1.0 if x >= 0.0 else 0.0
    z = x / softness
    if not z >= -STEP_REACH:  # also NaN, where smooth_step's chance is NaN: nothing happens
        return 0.0
    if z >= 0.0:
        return 1.0
    # (z + STEP_REACH can round up to STEP_REACH: the last entry, 0 sds)
    return _UPPER[min(int((z + STEP_REACH) * 4.0) + 1, len(_UPPER) - 1)]
