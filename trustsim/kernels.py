"""The compiled engine: loops over users that compose the rules of ``trustsim.rules``.

Core object: :class:`Engine` (made once per model by :func:`make_engine`), with
:meth:`Engine.spread_stories` (phase 4's word of mouth), :meth:`Engine.users_day` (phases 5
and 6 in one pass: each user's trust update, then that user's actions) and the two
reductions the model needs every day, :meth:`Engine.credit_yield` and
:meth:`Engine.column_totals` (their kernels are in :mod:`trustsim.reductions`). Nothing
here states a rule: a kernel gathers what a user's rules read from other users, calls
them, and sums what they report.

How the kernels stay fast:

* For big populations the number of platforms is a compile-time constant: kernels take
  ``shape``, a tuple with one entry per platform (``len(shape)`` platforms), so numba
  compiles one version per platform count (cached on disk) and the short per-platform
  loops unroll. Small populations pass an array instead: one compiled version serves
  every platform count, and a new count costs no compile (``SPECIALISE_FROM``).
* Two passes per day over users for phases 5 and 6: neighbours' pull on trust (the
  scattered reads, in a short loop of their own), then each user's trust update and
  actions. From ``SPLIT_FROM`` users the pull itself takes two: the far contacts' sums
  first (:func:`_far_sums`), then the near ones' and the pull (:func:`_near_pull`).
  Trust is double-buffered (new values are written beside the start-of-phase ones, which
  neighbours read), so no copy of the state is made and the order of users does not
  matter.
* Contacts seen withdrawing are counted from the side of the few users withdrawing (a
  scatter over their edges), not by every user reading all its contacts.
* Totals are summed per chunk of users inside the kernel, then over chunks in order, so
  the serial and threaded runs give the same bits.

From ``PARALLEL_FROM`` users on, chunks of users are shared among threads (the kernels
release the GIL; ``NUMBA_NUM_THREADS`` of them).
Kernels compile on first use and are cached in the user's cache folder
(:func:`trustsim.cache.configure_numba`, under :func:`trustsim.cache.cache_dir`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numba
import numpy as np

from trustsim import primitives, reductions, rules
from trustsim.params import record
from trustsim.population import ActionTotals, Population, Signals
from trustsim.primitives import (
    BOUNDED_CONFIDENCE,
    DEGROOT,
    DEGROOT_WELL_MIXED,
    NEAR_ROWS,
    NO_SOCIAL,
    SPREADER,
    DrawArrays,
    GraphArrays,
    SignalArrays,
    UserArrays,
)
from trustsim.reductions import DayTotals

if TYPE_CHECKING:
    from trustsim.network import Graph
    from trustsim.params import Params

__all__ = ["Engine", "DayTotals", "make_engine", "ENGINES", "user_arrays", "graph_arrays",
           "signal_arrays", "draw_arrays", "social_mode"]

ENGINES = ("auto", "compiled")
CHUNK = 4096  # users per parallel task (scratch arrays are allocated once per chunk)
PARALLEL_FROM = 200_000  # users; below this, threads cost more than they save


SPECIALISE_FROM = 20_000  # users; from here kernels are compiled for the platform count
SPLIT_FROM = 50_000  # users; from here far contacts' trust is gathered in a pass of its own


def _shape(n_p: int, specialised: bool = True) -> tuple[int, ...] | np.ndarray:
    """The platform-count witness the kernels are compiled for (see the module docstring).

    A tuple of ``n_p`` entries makes the count a compile-time constant (one compiled
    version per count, the per-platform loops unrolled); an array of ``n_p`` entries makes
    it a run-time value (one compiled version for every count).
    """
    return (0,) * n_p if specialised else np.zeros(n_p, dtype=np.int8)


def _threads() -> int:
    """Worker threads for big populations: ``NUMBA_NUM_THREADS`` (default: the cores).

    Read from numba's configuration, which does not start numba's own thread pool: the
    kernels run on plain Python threads, and a started pool would make numba refuse any
    later change of the variable (as a sweep's workers make).
    """
    return int(numba.config.NUMBA_NUM_THREADS)


def _over_chunks(kernel, n_chunks: int, threads: int, *args) -> None:
    """Run ``kernel(*args, c0, c1)`` over chunks ``[0, n_chunks)``, split across threads.

    Kernels release the GIL (``nogil``), so plain Python threads run them in parallel;
    each chunk's totals go to its own row, so the split never changes a result.
    """
    if threads <= 1 or n_chunks < 2:
        kernel(*args, 0, n_chunks)
        return
    from concurrent.futures import ThreadPoolExecutor

    bounds = np.linspace(0, n_chunks, min(threads, n_chunks) + 1).astype(np.int64)
    with ThreadPoolExecutor(len(bounds) - 1) as pool:
        jobs = [pool.submit(kernel, *args, int(c0), int(c1))
                for c0, c1 in zip(bounds[:-1], bounds[1:], strict=True)]
        for job in jobs:
            job.result()


# --------------------------------------------------------------------------- the arrays
def user_arrays(pop: Population) -> UserArrays:
    """The population's arrays as the rules read them (no copies), field by field."""
    return UserArrays(*(getattr(pop, name) for name in UserArrays._fields))


def draw_arrays(key: int, day: int) -> DrawArrays:
    """Where today's draws come from: the run's ``actions`` key and the day."""
    return DrawArrays(np.uint64(key), np.uint64(day))


def graph_arrays(graph: Graph) -> GraphArrays:
    """The graph's CSR arrays as the rules read them (placeholders when well mixed)."""
    if graph.indptr is None:
        # Placeholders of the types a graph's arrays have, so that a well-mixed world runs
        # the kernels already compiled for graphs (another type would compile them all
        # again: ~30 s the first time).
        ptr, idx = np.zeros(1, dtype=np.int32), np.zeros(1, dtype=np.uint32)
        return GraphArrays(ptr, idx, graph.inv_degree, True, False, ptr, ptr, ptr, idx)
    # Read as unsigned (the same bits: indices are never negative), the rules index other
    # users' rows without a check for negative indices: the neighbour pass runs ~20-30 %
    # faster in the model (1.7x in a bare loop). (64-bit indices stay signed: numba would
    # mix uint64 and int64 into floats.)
    near_lo, near_hi, far_ptr, far_idx = graph.near_and_far(NEAR_ROWS)
    return GraphArrays(graph.indptr, _unsigned(graph.indices), graph.inv_degree, False,
                       bool(graph.indptr[-1] == 0), near_lo, near_hi, far_ptr,
                       _unsigned(far_idx))


def _unsigned(indices: np.ndarray) -> np.ndarray:
    """32-bit user numbers as unsigned (the same bits); 64-bit ones as they are."""
    return indices.view(np.uint32) if indices.dtype == np.int32 else indices


def social_mode(p: Params, graph: Graph) -> int:
    """The social-influence rule in force, as a number (``primitives.NO_SOCIAL`` ...)."""
    if p.social_mode == "degroot" and p.social_weight > 0:
        return DEGROOT_WELL_MIXED if graph.indptr is None else DEGROOT
    if p.social_mode == "bounded_confidence":
        return BOUNDED_CONFIDENCE
    return NO_SOCIAL


def signal_arrays(pop: Population, sig: Signals, p: Params, social: int,
                  open_: np.ndarray, newly: np.ndarray | None = None) -> SignalArrays:
    """Today's signals, weights applied, with the day-wide flags the rules branch on.

    ``newly``: who heard a story for the first time today; a story is evidence only to
    them, so on a day nobody hears one it counts as no story (``has_story`` false).
    """
    n_p = pop.n_platforms
    news_any = bool(sig.news.any())
    story_any = bool(sig.story_value.any()) and (newly is None or bool(newly.any()))
    colsum = pop.trust0.sum(axis=0) if social == DEGROOT_WELL_MIXED else np.zeros(n_p)
    short = sig.short if sig.short is not None else np.zeros(n_p, dtype=bool)
    distress = sig.distress if sig.distress is not None else np.zeros(n_p)
    spill = sig.spill if sig.spill is not None else np.zeros((n_p, n_p))
    quiet = not (news_any or story_any or sig.statement.any() or sig.regulator.any())
    has_shock, has_relief = bool(pop.shock.any()), bool(pop.relief.any())
    return SignalArrays(
        news=sig.news, cred=sig.outlet_credibility, story=sig.story_value,
        statement=p.statement_weight * sig.statement,
        regulator=p.regulator_weight * sig.regulator, rating=sig.rating,
        yield_ok=sig.yield_ok, short=short, distress=distress, accepting=sig.accepting,
        open_=open_, true_yield=sig.true_yield, adv_yield=sig.advertised_yield,
        promised=(sig.promised_yield if sig.promised_yield is not None
                  else sig.advertised_yield),
        spill=spill, colsum=colsum, guarantee=float(sig.guarantee),
        need_rate=float(sig.need_rate),
        ymax=max(float(sig.advertised_yield.max(initial=0.0)), 1e-9),
        quiet=quiet,
        calm=quiet and not (has_shock or has_relief or distress.any() or short.any()),
        has_news=news_any, has_story=story_any,
        has_rating=bool((~np.isnan(sig.rating)).any()), has_shock=has_shock,
        has_relief=has_relief,
        any_withdrawing=bool(pop.withdrawing.any()), any_gone=not bool(open_.all()))


# --------------------------------------------------------------------------- word of mouth
@primitives.compiled
def _spread(S, G, D, rate, newly, shape):  # pragma: no cover - compiled
    n = S.heard.shape[0]
    n_p = len(shape)
    for i in range(n):
        spreads = False
        for p in range(n_p):
            spreads = spreads or S.heard[i, p] == SPREADER
        if spreads and S.active[i] and primitives.uniform(D, i, primitives.TALK) < rate:
            j = rules.contact(i, primitives.uniform(D, i, primitives.CONTACT), n, G)
            rules.tell(i, j, S.heard, newly, shape)
    for i in range(n):  # new spreaders join after everyone has talked
        for p in range(n_p):
            if newly[i, p]:
                S.heard[i, p] = SPREADER


# --------------------------------------------------------------------------- phases 5-6
@primitives.compiled(nogil=True)
def _pull(S, G, SIG, P, D, pull, shape, c0, c1):  # pragma: no cover - compiled
    """Every user's :func:`rules.social_pull`, into the rows of ``pull``.

    A pass of its own: its scattered reads of neighbours' trust overlap in a short loop,
    where inside the day's long per-user pass each would wait on memory (100,000 users:
    ~14.6 ms for the two fused, against ~3.6 + 7.7 ms apart). Contacts' rows are not
    fetched ahead: on this machine (a 48 MB cache, 2026-12-05) asking for the rows of the
    user eight places on made the pass slower (100,000 users, the same process: 4.5-4.9
    against 3.7-4.2 ms; 3.9 against 2.9 ms in a bare loop), though it once helped
    (docs/model.md §3).
    """
    n = S.trust.shape[0]
    drawn = P.social == BOUNDED_CONFIDENCE  # the only rule that draws a contact
    for chunk in range(c0, c1):
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            u = primitives.uniform(D, i, primitives.SOCIAL) if drawn else 0.0
            rules.social_pull(i, S, G, SIG, P, u, n, pull[i], shape)



@primitives.compiled(nogil=True)
def _far_sums(S, G, pull, shape, c0, c1):  # pragma: no cover - compiled
    """Each user's sums of its far contacts' trust, into the rows of ``pull``.

    :func:`rules.far_sums` of every user, for :func:`_near_pull` to finish: a short loop
    over the scattered reads alone, where more of them wait on memory at once than inside
    each user's whole pull (docs/model.md §3: 300,000 users a step 24 % faster; with every
    row in cache, up to about 50,000 users, no faster, hence ``SPLIT_FROM``).
    """
    n = S.trust0.shape[0]
    for chunk in range(c0, c1):
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            far = rules.far_sums(i, G, S.trust0, shape)
            for p in range(len(shape)):
                pull[i, p] = far[p]


@primitives.compiled(nogil=True)
def _near_pull(S, G, P, pull, shape, c0, c1):  # pragma: no cover - compiled
    """Every user's :func:`rules.social_pull` (DeGroot), finished in the rows of ``pull``.

    From its near contacts' sums and the far ones' left in ``pull`` by :func:`_far_sums`:
    the same operations as the rule, the same numbers.
    """
    n = S.trust0.shape[0]
    w = P.social_weight
    for chunk in range(c0, c1):
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            near = rules.neighbour_sums(G.near_lo[i], G.near_hi[i], G.indices, S.trust0,
                                        shape)
            inv = G.inv_degree[i]
            for p in range(len(shape)):
                pull[i, p] = rules.degroot_pull(near[p], pull[i, p], S.trust0[i, p], inv, w)


@primitives.compiled(nogil=True)
def _users(S, G, SIG, P, D, newly, pull, seen, money, counts, work, shape, c0,
           c1):  # pragma: no cover - compiled
    """Every user's :func:`rules.user_day`; totals per chunk of users.

    ``work[chunk]`` holds the chunk's small scratch rows (evidence, outlet weights,
    contacts seen withdrawing, statements, bad evidence for contagion; as long as the
    larger of the platform and outlet counts): the kernel allocates nothing.
    """
    n = S.trust.shape[0]
    for chunk in range(c0, c1):
        e = work[chunk, 0]
        wk = work[chunk, 1]
        f = work[chunk, 2]
        talk = work[chunk, 3]
        bad = work[chunk, 4]
        m = money[chunk]
        c = counts[chunk]
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            # Share of contacts seen withdrawing from each platform (start of the phase;
            # user i's own flags are still the start ones: i has not acted yet).
            if SIG.any_withdrawing:
                rules.contacts_withdrawing(i, S.withdrawing, G, seen, n, f, shape)
            rules.user_day(i, S, SIG, P, D, newly, pull[i], f, e, talk, wk, bad, m, c, shape)



@primitives.compiled(nogil=True)
def _later_round(S, G, SIG, P, D, slot, start, now_flags, seen0, seen1, money, counts, work,
                 shape, c0, c1):  # pragma: no cover - compiled
    """Every user's :func:`rules.look_again` (a later round of the day's run decisions).

    ``seen0``/``seen1``: contacts flagged withdrawing at the start of the day (flags
    ``start``) and now (``now_flags``: those, and today's runners), counted as for
    :func:`_users`; each user sees them mixed by ``same_day_reach``.
    """
    n = S.trust.shape[0]
    n_p = len(shape)
    reach = P.same_day_reach
    for chunk in range(c0, c1):
        f = work[chunk, 2]
        now = work[chunk, 3]
        m = money[chunk]
        c = counts[chunk]
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            if not S.active[i]:
                continue
            rules.contacts_withdrawing(i, start, G, seen0, n, f, shape)
            rules.contacts_withdrawing(i, now_flags, G, seen1, n, now, shape)
            for p in range(n_p):
                f[p] = (1.0 - reach) * f[p] + reach * now[p]
            rules.look_again(i, S, SIG, P, D, slot, f, m, c, shape)


@primitives.compiled
def _count_seen(flagged, indptr, indices, seen, value, n_p):  # pragma: no cover - compiled
    """Add ``value`` to ``seen[contact, p]`` for every contact of every flag ``j * n_p + p``.

    The graph is symmetric: ``j``'s contacts are those who see ``j``.
    """
    for k in flagged:
        j = k // n_p
        p = k - j * n_p
        for q in range(indptr[j], indptr[j + 1]):
            seen[indices[q], p] += value


# --------------------------------------------------------------------------- the engine
@dataclass
class Engine:
    """Runs the user phases of one model, compiled; chosen once, at construction.

    Attributes:
        name: the engine asked for (``auto`` or ``compiled``); kind: what runs.
        specialised: kernels compiled for the platform count (big populations).
        threaded: the kernels run on several threads (big populations only: on a busy
            machine, a sweep's worker for one, waiting for every thread costs more).
    """

    name: str
    kind: str
    specialised: bool
    threaded: bool

    def shape(self, n_p: int) -> tuple[int, ...] | np.ndarray:
        """The platform-count argument of the kernels (see :func:`_shape`)."""
        return _shape(n_p, self.specialised)

    def spread_stories(self, pop: Population, graph: Graph, rate: float,
                       draws: DrawArrays) -> np.ndarray:
        """Word of mouth (phase 4); returns who heard a story for the first time today."""
        newly = np.zeros(pop.heard.shape, dtype=np.bool_)
        if not (pop.heard == SPREADER).any():  # calm days: no talk
            return newly
        _spread(user_arrays(pop), graph_arrays(graph), draws, rate, newly,
                self.shape(pop.n_platforms))
        return newly

    def users_day(self, pop: Population, graph: Graph, sig: Signals, p: Params,
                  draws: DrawArrays, newly: np.ndarray, open_: np.ndarray) -> ActionTotals:
        """Phases 5 and 6: every user's trust update, then their actions (compiled)."""
        phase = self.begin_users(pop, graph, sig, p, draws, newly, open_)
        phase.run_all()
        return phase.finish()

    def begin_users(self, pop: Population, graph: Graph, sig: Signals, p: Params,
                    draws: DrawArrays, newly: np.ndarray, open_: np.ndarray, *,
                    per_agent: bool = False) -> UsersPhase:
        """Open phases 5-6: everything a user's rules read today, gathered once.

        With ``per_agent``, users are then stepped one at a time (``User.step()``): the
        start-of-phase trust and withdrawals are snapshot copies, so users not stepped
        keep their state, and each user gathers what it reads from its contacts itself.
        """
        return UsersPhase(self, pop, graph, sig, p, draws, newly, open_, per_agent)

    def credit_yield(self, pop: Population, rate: np.ndarray, spent_share: float,
                     pays: np.ndarray | None = None
                     ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], float, np.ndarray]:
        """Credit a day's yield on every claim not asked back (``rate`` per platform).

        Users live on what their savings earn: ``spent_share`` of the yield is spent.
        Where a platform pays interest out (``pays``, per platform; default none) that part
        is paid to users, who spend it, and the rest is added to their claims; elsewhere
        all of it is added and users spend that part out of their cash, as far as it goes.

        Returns:
            Money owed and withdrawals queued, per platform, after crediting; per platform
            the users with money queued there, in order; money users spent out of their
            cash; interest each platform paid out.
        """
        n, n_p = pop.holdings.shape
        who = pop.scratch("queued_users", (n_p, n), np.int64)
        owed, requested, paid = np.zeros(n_p), np.zeros(n_p), np.zeros(n_p)
        count = np.zeros(n_p, dtype=np.int64)
        spent = np.zeros(1)
        if pays is None:
            pays = np.zeros(n_p, dtype=np.bool_)
        reductions.credit_yield(pop.holdings, pop.queued, pop.cash, rate, spent_share, pays,
                                paid, who, owed, requested, count, spent, self.shape(n_p))
        return (owed, requested, [who[p, :count[p]] for p in range(n_p)], float(spent[0]),
                paid)

    def column_totals(self, pop: Population) -> DayTotals:
        """Totals for the day's record, in one pass over users (:class:`DayTotals`)."""
        n_p = pop.n_platforms
        trust_sum, aum = np.zeros(n_p), np.zeros(n_p)
        holders, counts = np.zeros(n_p, dtype=np.int64), np.zeros(2, dtype=np.int64)
        sums = np.zeros(5)
        reductions.column_totals(pop.trust, pop.holdings, pop.queued, pop.heard, pop.active,
                       pop.held0, pop.inv_held0, pop.cash, pop.losses, trust_sum, aum,
                       holders, counts, sums, self.shape(n_p))
        return DayTotals(int(counts[0]), int(counts[1]), trust_sum, aum, holders,
                         float(sums[0]), float(sums[1]), float(sums[2]), float(sums[3]),
                         float(sums[4]))

    def owed(self, pop: Population) -> np.ndarray:
        """Money owed to users by each platform (the column sums of holdings), one pass."""
        out = np.zeros(pop.n_platforms)
        reductions.owed(pop.holdings, out, self.shape(pop.n_platforms))
        return out


_NONE = np.zeros(0, dtype=np.int64)


class UsersPhase:
    """Phases 5-6 of one day, open: the rules' inputs, the day's totals so far.

    Made by :meth:`Engine.begin_users`. :meth:`run_all` runs every user compiled;
    :meth:`step_user` runs one user (the per-agent path of ``User.step()``); :meth:`finish`
    closes the phase and returns the :class:`ActionTotals`.
    """

    def __init__(self, engine: Engine, pop: Population, graph: Graph, sig: Signals,
                 p: Params, draws: DrawArrays, newly: np.ndarray, open_: np.ndarray,
                 per_agent: bool) -> None:
        n, n_p = pop.trust.shape
        self.engine, self.pop, self.per_agent = engine, pop, per_agent
        self.social = social = social_mode(p, graph)
        if per_agent:
            pop.begin_phase(copy=True)
            self.withdrawing0 = pop.withdrawing.copy()
        else:
            pop.begin_phase()
        self.S = user_arrays(pop)
        self.G = G = graph_arrays(graph)
        self.SIG = signal_arrays(pop, sig, p, social, open_, newly)
        self.P = record(p, social=social)
        self.D = draws
        self.newly = newly
        self.shape = engine.shape(n_p)
        self.n_chunks = (n + CHUNK - 1) // CHUNK
        self.money = np.zeros((self.n_chunks, 2, n_p))  # per chunk: invested, requested
        self.counts = np.zeros((self.n_chunks, 3, max(n_p, 2)), dtype=np.int64)
        self.work = np.zeros((self.n_chunks, 5, max(n_p, self.SIG.news.shape[0])))
        # The start-of-day flags, for the day's later rounds of run decisions.
        self.start_flags = None
        if p.same_day_reach > 0:
            self.start_flags = self.withdrawing0 if per_agent else pop.withdrawing.copy()
        # One User at a time: the later rounds run only once every active user has stepped.
        self.waiting = pop.active.copy() if per_agent else None
        self.flagged = _NONE
        if self.SIG.any_withdrawing and not per_agent:
            self.flagged = np.flatnonzero(pop.withdrawing)
        if len(self.flagged) and not G.well_mixed:
            self.seen = pop.scratch("seen", (n, n_p), np.int32, zeroed=True)
            _count_seen(self.flagged, G.indptr, G.indices, self.seen, 1, n_p)
        elif G.well_mixed:
            # As the graphs' counts (int32), so the same compiled kernel serves both.
            self.seen = np.count_nonzero(pop.withdrawing, axis=0).astype(np.int32)[None]
        else:
            self.seen = np.zeros((1, n_p), dtype=np.int32)
        self.open = True

    def run_all(self) -> None:
        """Every user's rules, compiled (neighbours' pull first, then the per-user pass)."""
        pop, S, G, SIG, P, D = self.pop, self.S, self.G, self.SIG, self.P, self.D
        n, n_p = pop.trust.shape
        threads = _threads() if self.engine.threaded and n >= PARALLEL_FROM else 1
        if self.social != NO_SOCIAL:
            if self.social == DEGROOT:
                # Read the trust array once in order first: the neighbour reads then find
                # it in cache rather than waiting on memory for each scattered row (at
                # 100,000 users ~0.4 ms a day less in all).
                pop.trust0.sum()
            pull = pop.scratch("pull", (n, n_p))
            if self.social == DEGROOT and n_p <= 8 and n >= SPLIT_FROM:
                _over_chunks(_far_sums, self.n_chunks, threads, S, G, pull, self.shape)
                _over_chunks(_near_pull, self.n_chunks, threads, S, G, P, pull, self.shape)
            else:
                _over_chunks(_pull, self.n_chunks, threads, S, G, SIG, P, D, pull,
                             self.shape)
        else:
            pull = pop.scratch("no_pull", (n, n_p), zeroed=True)
        _over_chunks(_users, self.n_chunks, threads, S, G, SIG, P, D, self.newly, pull,
                     self.seen, self.money, self.counts, self.work, self.shape)

    def step_user(self, i: int) -> None:
        """One user's rules (``User.step()``): gather from contacts, then :func:`rules.user_day`.

        Reads contacts as they were when the phase opened, so the order users are
        stepped in does not matter.
        """
        S, G, n_p = self.S, self.G, self.pop.n_platforms
        if self.waiting is not None:
            self.waiting[i] = False
        bc = self.social == BOUNDED_CONFIDENCE
        u = primitives.uniform(self.D, i, primitives.SOCIAL) if bc else 0.0
        pull = np.zeros(n_p)
        rules.social_pull(i, S, G, self.SIG, self.P, u, self.pop.n, pull, self.shape)
        f = np.zeros(n_p)
        if self.SIG.any_withdrawing:
            rules.withdrawing_share(i, self.withdrawing0, G, self.pop.n, f, self.shape)
        rules.user_day(i, S, self.SIG, self.P, self.D, self.newly, pull, f, np.zeros(n_p),
                       np.zeros(n_p), np.zeros(len(self.SIG.cred)), np.zeros(n_p),
                       self.money[0], self.counts[0], self.shape)

    def later_rounds(self) -> None:
        """The day's later rounds of run decisions (``same_day_reach`` above zero).

        After every user has acted (compiled, or every active ``User`` stepped: a user
        stepped on its own, ``User.step()`` between days, gets no later rounds), each of
        :data:`rules.RUN_ROUNDS` - 1 rounds counts who is withdrawing now and lets every
        user look again (:func:`rules.look_again`), all at once: users read the counts made
        before the round, so the order does not matter here either.
        """
        pop, G = self.pop, self.G
        if self.start_flags is None or (self.waiting is not None
                                        and (self.waiting & pop.active).any()):
            return  # (a user removed before stepping does not hold the rounds up)
        threads = (_threads() if self.engine.threaded and pop.n >= PARALLEL_FROM else 1)
        seen0 = self._counts(self.start_flags, "seen_start")
        for r in range(rules.RUN_ROUNDS - 1):
            now = self.seen_now()
            seen1 = self._counts(now, "seen_now")
            _over_chunks(_later_round, self.n_chunks, threads, self.S, G, self.SIG, self.P,
                         self.D, primitives.LATER_RUN + 500 * r, self.start_flags, now, seen0,
                         seen1, self.money, self.counts, self.work, self.shape)

    def seen_now(self) -> np.ndarray:
        """The flags a later round counts: the start of the day's and today's runners.

        Round 1 also settled who is forgotten from tomorrow (``withdrawal_fade``): that
        takes effect the next day, not this afternoon.
        """
        return self.start_flags | self.pop.withdrawing

    def _counts(self, flags: np.ndarray, name: str) -> np.ndarray:
        """Contacts flagged in ``flags``, per user and platform (well mixed: per platform)."""
        if self.G.well_mixed:
            return np.count_nonzero(flags, axis=0).astype(np.int32)[None]
        seen = self.pop.scratch(name, flags.shape, np.int32)
        seen.fill(0)
        _count_seen(np.flatnonzero(flags), self.G.indptr, self.G.indices, seen, 1,
                    flags.shape[1])
        return seen

    def finish(self) -> ActionTotals:
        """Close the phase (after the day's later rounds, if any); return what users did."""
        self.later_rounds()
        if len(self.flagged) and not self.G.well_mixed:  # leave the kept buffer all zero
            _count_seen(self.flagged, self.G.indptr, self.G.indices, self.seen, -1,
                        self.pop.n_platforms)
        self.pop.end_phase()
        self.open = False
        n_p = self.pop.n_platforms
        money = self.money.sum(axis=0)
        counts = self.counts.sum(axis=0)
        return ActionTotals(invested=money[0], requested=money[1],
                            complaints=counts[0, :n_p].astype(np.float64),
                            runs=counts[1, :n_p].astype(np.float64),
                            switchers=int(counts[2, 0]), departed=int(counts[2, 1]))


def make_engine(name: str, n_users: int) -> Engine:
    """The engine for a model of ``n_users`` users (the only place an engine is chosen).

    ``auto`` and ``compiled`` both run the compiled kernels, the fastest at every size
    once compiled (docs/model.md §3); from ``SPECIALISE_FROM`` users (or always, with
    ``compiled``) they are compiled for the platform count.
    """
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; allowed: {', '.join(ENGINES)}")
    specialised = name == "compiled" or n_users >= SPECIALISE_FROM
    return Engine(name=name, kind="compiled" if specialised else "compiled (any platform "
                  "count)", specialised=specialised,
                  threaded=n_users >= PARALLEL_FROM and _threads() > 1)
