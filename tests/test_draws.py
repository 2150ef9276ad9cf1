"""Users' random numbers: a counter-based generator (``primitives.uniform``).

Each draw is a hash of (run key, day, user, decision), so it does not depend on which
other draws were made before it: compiled or not, in any order, for any subset of users.
"""

from __future__ import annotations

import numba
import numpy as np
import pytest
from scipy import stats

import trustsim
from trustsim import primitives
from trustsim.kernels import draw_arrays


@numba.njit
def _block(D, n, slots):
    out = np.empty((len(slots), n))
    for k in range(len(slots)):
        for i in range(n):
            out[k, i] = primitives.uniform(D, i, slots[k])
    return out


def test_draws_are_uniform_and_independent_across_users_decisions_and_days():
    slots = np.array([primitives.TALK, primitives.NEED, primitives.INVEST, primitives.RUN,
                      primitives.RUN + 1])
    a = _block(draw_arrays(12345, 7), 50_000, slots)
    b = _block(draw_arrays(12345, 8), 50_000, slots)
    for row in np.vstack([a, b]):
        assert 0.0 <= row.min() and row.max() < 1.0
        assert stats.kstest(row, "uniform").pvalue > 1e-4
    corr = np.corrcoef(np.vstack([a, b]))
    off = corr[~np.eye(len(corr), dtype=bool)]
    assert np.abs(off).max() < 0.02  # 50,000 draws: sd of a correlation ~0.0045
    # Neighbouring users and consecutive days are not related either.
    assert abs(np.corrcoef(a[0, :-1], a[0, 1:])[0, 1]) < 0.02


def test_a_draw_depends_only_on_its_key_day_user_and_decision():
    D = draw_arrays(99, 3)
    whole = _block(D, 1000, np.array([primitives.NEED]))[0]
    assert primitives.uniform(D, 500, primitives.NEED) == whole[500]
    # uncompiled: the same bits
    assert primitives.uniform.py_func(D, 500, primitives.NEED) == whole[500]
    assert primitives.uniform(draw_arrays(98, 3), 500, primitives.NEED) != whole[500]
    assert primitives.uniform(draw_arrays(99, 4), 500, primitives.NEED) != whole[500]
    assert primitives.uniform(D, 500, primitives.INVEST) != whole[500]


def test_no_day_repeats_an_earlier_day_s_draws():
    """The counter holds the day times 2^52, which wraps around 2^64 every 4,096 days: runs
    may last 20,000 days, and day 4,096 + d drew exactly day d's numbers for every user and
    decision. The day's higher bits now go into the key; earlier days keep their draws."""
    users, slots = 2000, np.array([primitives.NEED, primitives.INVEST])
    for d in (0, 17, 4095):
        now = _block(draw_arrays(99, d), users, slots)
        for later in (d + 4096, d + 2 * 4096, d + 4 * 4096):
            again = _block(draw_arrays(99, later), users, slots)
            assert np.mean(now == again) < 0.01, (d, later)
            assert abs(np.corrcoef(now.ravel(), again.ravel())[0, 1]) < 0.05
    # Uncompiled, the same bits; days before 4,096 keep the key as it was (_mix(0) = 0).
    D = draw_arrays(99, 5000)
    assert primitives.uniform.py_func(D, 7, primitives.NEED) == primitives.uniform(
        D, 7, primitives.NEED)
    assert primitives._mix(np.uint64(0)) == 0


@pytest.mark.parametrize("strategy", ["do_nothing", "full_rebuild"])
def test_the_run_key_depends_on_the_seed_not_the_strategy(strategy):
    a = trustsim.TrustModel("data_leak", strategy, n_users=100, rng=5)
    b = trustsim.TrustModel("data_leak", "do_nothing", n_users=100, rng=5)
    c = trustsim.TrustModel("data_leak", strategy, n_users=100, rng=6)
    assert a.actions_key == b.actions_key != c.actions_key


@numba.njit
def _steps(xs, softness):
    exact = np.empty(len(xs))
    bound = np.empty(len(xs))
    for k in range(len(xs)):
        exact[k] = primitives.smooth_step(xs[k], softness)
        bound[k] = primitives.step_bound(xs[k], softness)
    return exact, bound


@pytest.mark.parametrize("softness", [0.0, 0.02, 0.1, 1.0])
def test_the_cheap_bound_of_a_smooth_step_is_never_below_it(softness):
    """Rules settle a draw at or above ``step_bound`` without the normal tail: the same
    decisions only if the bound is never below the step (compiled and not), including
    right at the table's points and at the step's cut-off of -8 softnesses."""
    rng = np.random.default_rng(3)
    grid = np.arange(-32, 1) / 4.0 * max(softness, 1e-3)
    near = np.concatenate([grid, np.nextafter(grid, -np.inf), np.nextafter(grid, np.inf)])
    xs = np.concatenate([rng.uniform(-12, 4, 200_000) * max(softness, 1e-3), near,
                         [-8.0001 * softness, -8.0 * softness, 0.0]])
    exact, bound = _steps(xs, softness)
    assert (bound >= exact).all()
    assert (bound <= 1.0).all()
    for x in near[::7]:  # uncompiled: the same
        assert primitives.step_bound.py_func(x, softness) >= primitives.smooth_step.py_func(
            x, softness)
    # A bound that skips nothing would be useless: well below the threshold it is 0, and
    # a few softnesses below it, small.
    if softness > 0:
        # A NaN distance gives a NaN chance, under which no draw falls: the bound says 0.
        assert primitives.step_bound(np.nan, softness) == 0.0
        assert primitives.step_bound.py_func(np.nan, softness) == 0.0
        assert primitives.step_bound(-9 * softness, softness) == 0.0
        assert primitives.step_bound(-3 * softness, softness) < 0.003
