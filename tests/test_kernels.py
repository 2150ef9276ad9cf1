"""The compiled kernels give the same bits on several threads as in one loop.

Big populations share their chunks of users among threads (``kernels.PARALLEL_FROM``);
totals are summed per chunk and then over chunks in order, so the thread count never
changes a result (sweeps stay byte-identical whichever executor runs them).
"""

from __future__ import annotations

import numpy as np
import pytest

import trustsim
from trustsim import kernels

ARRAYS = ("trust", "holdings", "queued", "cash", "losses", "ran", "run_day", "heard", "active",
          "withdrawing", "grievance")


def _run(monkeypatch, parallel_from: int, **params) -> trustsim.TrustModel:
    monkeypatch.setattr(kernels, "PARALLEL_FROM", parallel_from)
    # Two threads whatever NUMBA_NUM_THREADS says in this process (a sweep run earlier in
    # the same test worker may have left numba's configuration at one thread).
    monkeypatch.setattr(kernels, "_threads", lambda: 2)
    # The kernels every small world uses (compiled for any platform count): threads share
    # chunks of users the same way whatever the kernels were compiled for, and the test
    # then needs no compile of its own (a version per platform count costs ~20 s).
    model = trustsim.TrustModel("rumour_run", rng=3, n_users=9_000, steps=40, **params)
    return model.run()


@pytest.mark.parametrize("params", [{}, {"social_mode": "bounded_confidence"},
                                    {"network": "well_mixed"}],
                         ids=["degroot", "bounded_confidence", "well_mixed"])
def test_threaded_kernels_match_serial_bit_for_bit(monkeypatch, params):
    serial = _run(monkeypatch, 10**9, **params)
    threaded = _run(monkeypatch, 0, **params)
    assert threaded.engine.threaded and not serial.engine.threaded
    assert serial.timeseries().equals(threaded.timeseries())
    assert serial.platform_timeseries().equals(threaded.platform_timeseries())
    for name in ARRAYS:
        assert np.array_equal(getattr(serial.population, name),
                              getattr(threaded.population, name)), name
    assert kernels._users.targetoptions.get("nogil")


def test_a_well_mixed_world_runs_the_kernels_compiled_for_graphs(monkeypatch):
    """The kernels take the same argument types whatever the network, so switching a
    world to ``well_mixed`` (in the dashboard, or a sweep) does not compile the day's pass
    again (about 30 s per version on first use)."""
    import numba

    seen: dict[str, dict[str, list]] = {}

    def recording(name, kernel):
        def call(*args):
            seen[network].setdefault(name, []).append([numba.typeof(a) for a in args])
            return kernel(*args)
        return call

    for kernel in ("_users", "_pull", "_spread"):
        monkeypatch.setattr(kernels, kernel, recording(kernel, getattr(kernels, kernel)))
    for network in ("small_world", "well_mixed"):
        seen[network] = {}
        # A rumour (stories spread), statements and withdrawals: every kernel runs.
        trustsim.TrustModel("rumour_run", n_users=60, network=network, steps=25,
                            rng=2).run()
    for kernel in ("_users", "_pull", "_spread"):
        graph, mixed = seen["small_world"][kernel], seen["well_mixed"][kernel]
        assert graph and mixed, kernel
        assert {str(t) for t in graph} == {str(t) for t in mixed}, kernel


@pytest.mark.parametrize("k", [0, 1, 2, 4, 5])
def test_top_k_rows_marks_what_a_stable_descending_sort_puts_first(k):
    """``top_k_rows`` (the start-up draw of the platforms each user holds) marks exactly the
    first ``k`` entries of a stable descending sort of each row, ties (repeated values,
    keys that underflow to zero at extreme market-share ratios) going to the lower index."""
    from trustsim import primitives

    rng = np.random.default_rng(7)
    keys = rng.random((2000, 5))
    keys[:300, 1] = keys[:300, 3]  # ties
    keys[300:600, 2] = 0.0
    keys[300:600, 4] = 0.0
    out = np.empty(keys.shape, dtype=bool)
    primitives.top_k_rows(keys, k, out)
    order = np.argsort(-keys, axis=1, kind="stable")[:, :k]
    expected = np.zeros(keys.shape, dtype=bool)
    np.put_along_axis(expected, order, True, axis=1)
    np.testing.assert_array_equal(out, expected)
    assert (out.sum(axis=1) == k).all()


def test_calm_days_skip_work_not_results(monkeypatch):
    """On calm days (``SignalArrays.calm``) the evidence step is skipped: the same run with
    the skip turned off gives the same trust, money and record, and the run has both calm
    and eventful days (so both paths ran)."""
    def run(force_off: bool):
        days = {"calm": 0, "other": 0}
        original = kernels.signal_arrays

        def signals(*args, **kwargs):
            sig = original(*args, **kwargs)
            days["calm" if sig.calm else "other"] += 1
            return sig._replace(calm=False) if force_off else sig

        monkeypatch.setattr(kernels, "signal_arrays", signals)
        m = trustsim.TrustModel(n_users=600, steps=150, rng=3).run()
        monkeypatch.setattr(kernels, "signal_arrays", original)
        return m, days

    skipped, days = run(False)
    full, _ = run(True)
    assert days["calm"] >= 10 and days["other"] >= 10, days
    np.testing.assert_array_equal(skipped.population.trust, full.population.trust)
    np.testing.assert_array_equal(skipped.population.holdings, full.population.holdings)
    assert skipped.timeseries().equals(full.timeseries())


def test_many_platforms_are_drawn_as_few_are(monkeypatch):
    """Above ``TOP_K_BY_COUNTING`` platforms the starting platforms are ranked by a stable
    sort instead of by counting: both give every user the same platforms, ties (keys that
    underflow to zero at a 1,000:1 share ratio) and platforms left out (where the user
    would run on a calm day) included."""
    from trustsim import population
    from trustsim.params import Params

    shares = np.array([1e-3] * 9 + [1.0] * 11)
    p = Params(platforms_per_user=12)
    held = {}
    for limit in (0, 100):  # 0: always the sort; 100: always counting
        monkeypatch.setattr(population, "TOP_K_BY_COUNTING", limit)
        pop = population.Population.create(3000, shares, p, np.random.default_rng(5))
        held[limit] = pop.holdings > 0
    # Each user holds 12, or as many as it would keep money on through a calm day.
    floor = pop.threshold - p.relationship_discount + population.START_MARGIN
    keep = pop.trust >= floor[:, None]
    assert (keep.sum(axis=1) < 12).any()
    np.testing.assert_array_equal(held[0].sum(axis=1), np.minimum(keep.sum(axis=1), 12))
    assert not (held[0] & ~keep).any()
    np.testing.assert_array_equal(held[0], held[100])


def test_the_run_shortcuts_are_sure_tests(monkeypatch):
    """``act`` skips the per-holding run bounds when ``rules.near_threshold`` says no bound
    can be above zero, and then ``rules.might_run`` per holding: both must be true wherever
    ``rules.run_cap`` is above zero (a false "no" would change a decision). Users are placed
    at the edge, where pressure lies eight run softnesses from the threshold, give or take
    rounding, with softness 0, tiny or usual, discounts, herding and contacts withdrawing."""
    from types import SimpleNamespace as NS

    from trustsim import rules
    from trustsim.primitives import EPS

    run_cap, might_run = rules.run_cap.py_func, rules.might_run.py_func
    near = rules.near_threshold.py_func
    # (uncompiled, the rules call the threshold rule uncompiled too: the users below are
    # plain namespaces)
    monkeypatch.setattr(rules, "run_threshold", rules.run_threshold.py_func)
    rng = np.random.default_rng(7)
    n_p, caps, far = 5, 0, 0
    for _ in range(4000):
        s = float(rng.choice([0.0, 1e-300, 1e-12, 0.02, 0.1, rng.random()]))
        P = NS(relationship_discount=float(rng.choice([0.0, 0.02, 0.2, 1.0])), run_softness=s,
               guarantee_limit=50.0, run_hazard=float(rng.choice([0.0, 0.4, 1.0])))
        threshold = rng.uniform(-0.2, 1.0)
        herding = float(rng.choice([0.0, 1.0, 1.3 * rng.random()]))
        f = rng.choice([0.0, 1.0, rng.random()], n_p)
        h = rng.choice([0.0, EPS, np.nextafter(EPS, 1.0), 1.0, rng.random()], (1, n_p))
        q = h * rng.choice([0.0, 0.0, 1.0, rng.random()], (1, n_p))
        held0 = rng.random((1, n_p)) < 0.5
        edge = threshold - P.relationship_discount * held0[0] + 8.0 * s + herding * f
        jitter = rng.choice([0.0, 1e-16, -1e-16, 1e-12, -1e-12], n_p)
        t = np.where(rng.random(n_p) < 0.8, np.clip(edge + jitter, 0.0, 1.0), rng.random(n_p))
        S = NS(holdings=h, queued=q, trust=t[None], threshold=np.array([threshold]),
               held0=held0)
        SIG = NS(open_=rng.random(n_p) < 0.9, guarantee=float(rng.choice([0.0, 0.5])))
        counts_on = bool(rng.random() < 0.5)
        cap = [run_cap(0, p, S, SIG, P, f, herding, counts_on)[0] for p in range(n_p)]
        might = [bool(might_run(0, p, S, SIG, P, f, herding)) for p in range(n_p)]
        for p in range(n_p):
            assert might[p] or not cap[p] > 0.0, (p, t, threshold, s, herding, f)
        low = min((t[p] if h[0, p] > EPS else 2.0) for p in range(n_p))
        ok = near(0, S, P, low, herding * f.max())
        assert ok or not any(might), (t, threshold, s, herding, f)
        caps += sum(c > 0.0 for c in cap)
        far += not ok
    assert caps > 1000 and far > 100  # both sides of each test were reached


# platform count known when run (auto, small worlds) or when compiled (compiled: one
# compile per count, so only one count on each side of eight)
@pytest.mark.parametrize(("n_platforms", "engine"), [
    (1, "auto"), (5, "auto"), (8, "auto"), (9, "auto"), (12, "auto"), (5, "compiled"),
    (9, "compiled")])
def test_the_days_record_totals_are_the_plain_sums(n_platforms, engine):
    """The record's pass keeps per-platform sums in registers up to eight platforms and in
    arrays above (reductions.column_totals): both give the plain sums of the users' arrays,
    summed in user order (bit for bit per platform), with departures and a story heard."""
    m = trustsim.TrustModel(rng=3, n_users=3000, n_platforms=n_platforms, steps=60,
                            engine=engine).run()
    assert m.engine.specialised == (engine == "compiled")
    pop = m.population
    pop.active[::7] = False  # some users gone, so active and all differ
    pop.heard[::5, 0] = 1
    day = m.engine.column_totals(pop)
    on = pop.active
    trust_sum = np.zeros(n_platforms)
    aum = np.zeros(n_platforms)
    for i in range(pop.n):  # user order, as the kernel sums
        if on[i]:
            trust_sum += pop.trust[i]
        aum += pop.holdings[i]
    assert np.array_equal(day.trust_sum, trust_sum) and np.array_equal(day.aum, aum)
    assert np.array_equal(day.holders, (pop.holdings > 0).sum(axis=0))
    assert day.active == int(on.sum()) and 0 < day.active < pop.n
    assert day.heard_any == int((pop.heard != 0).any(axis=1).sum()) > 0
    assert day.trust_total == pytest.approx(pop.trust.sum(), rel=1e-12)
    assert day.queued == pytest.approx(pop.queued.sum(), rel=1e-12, abs=1e-9)
    assert day.cash == pytest.approx(pop.cash.sum(), rel=1e-12)
    assert day.losses == pytest.approx(pop.losses.sum(), rel=1e-12, abs=1e-9)
    held = (pop.trust * pop.held0).sum(axis=1) * pop.inv_held0
    assert day.held_trust == pytest.approx(held.sum(), rel=1e-12)


@pytest.mark.parametrize("network", ["small_world", "scale_free"])
def test_far_contacts_gathered_apart_give_the_rules_numbers(monkeypatch, network):
    """From ``kernels.SPLIT_FROM`` users the far contacts' trust is summed in a pass of its
    own (``_far_sums``, then ``_near_pull``): the same bits as the rule's own pass
    (``_pull``), in one thread or two (three chunks of users: two threads share them)."""
    calls = []
    far_sums = kernels._far_sums

    def counted(*args):
        calls.append(1)
        far_sums(*args)

    monkeypatch.setattr(kernels, "_far_sums", counted)
    monkeypatch.setattr(kernels, "_threads", lambda: 2)

    def run(split_from: int, parallel_from: int) -> trustsim.TrustModel:
        monkeypatch.setattr(kernels, "SPLIT_FROM", split_from)
        monkeypatch.setattr(kernels, "PARALLEL_FROM", parallel_from)
        # Five platforms: the count the kernels are compiled for before the tests.
        return trustsim.TrustModel(n_users=9_000, n_platforms=5, rng=3, steps=40,
                                   network=network, engine="compiled").run()

    rule = run(10**9, 10**9)
    assert not calls
    split = run(0, 10**9)
    assert len(calls) >= 40
    threaded = run(0, 0)
    assert threaded.engine.threaded
    for model in (split, threaded):
        for name in ARRAYS:
            np.testing.assert_array_equal(getattr(model.population, name),
                                          getattr(rule.population, name))
        assert model.timeseries().equals(rule.timeseries())
