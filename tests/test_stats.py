"""The statistics behind the comparison, with known answers both ways: the split test
(Hartigan's dip test) flags two separate groups and leaves one-humped samples alone;
dominance and the efficient frontier on hand-made cost-effect points."""

from __future__ import annotations

import numpy as np
import pytest

from trustsim.experiments.stats import SPLIT_MIN_N, dominated, frontier, split_test


def test_a_clearly_split_sample_is_flagged() -> None:
    """The issue's example: 8 runs near 0 and 12 near +0.35."""
    hits = 0
    for seed in range(50):
        rng = np.random.default_rng(seed)
        x = np.r_[rng.normal(0, 0.03, 8), rng.normal(0.35, 0.03, 12)]
        split, p = split_test(x)
        hits += split
        assert 0 <= p <= 1
    assert hits >= 48


@pytest.mark.parametrize("draw", ["normal", "lognormal", "uniform", "standard_t"])
def test_one_humped_samples_are_rarely_flagged(draw: str) -> None:
    rng = np.random.default_rng(1)
    kwargs = {"standard_t": {"df": 3}}.get(draw, {})
    flagged = [split_test(getattr(rng, draw)(size=20, **kwargs))[0] for _ in range(300)]
    # the uniform is the dip test's least favourable unimodal case: about alpha = 1 %
    assert np.mean(flagged) <= 0.03


def test_the_split_test_does_not_apply_to_few_or_discrete_values() -> None:
    rng = np.random.default_rng(2)
    x = np.r_[rng.normal(0, 0.01, 4), rng.normal(1, 0.01, SPLIT_MIN_N - 5)]
    assert split_test(x) == (False, pytest.approx(np.nan, nan_ok=True))
    # a count outcome (platforms failed: 0 or -1) is split by nature: not flagged
    assert not split_test(np.r_[np.zeros(8), -np.ones(12)])[0]
    assert not split_test(np.r_[np.full(10, np.nan), rng.normal(size=5)])[0]


def test_dominance_and_frontier_known_answers() -> None:
    # a baseline (0, 0); free (0.05, 0); dear (0.10, 2.0); waste (-0.05, 0.5);
    # twin of dear (0.10, 2.0); pricier (0.10, 3.0)
    effect = np.array([0.0, 0.05, 0.10, -0.05, 0.10, 0.10])
    cost = np.array([0.0, 0.0, 2.0, 0.5, 2.0, 3.0])
    assert dominated(effect, cost).tolist() == [True, False, False, True, False, True]
    assert frontier(effect, cost).tolist() == [1, 2]  # cheapest first, one of the twins
    # nothing dominates when more money always buys more effect
    assert not dominated(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 2.0])).any()
    # NaN points take no part
    d = dominated(np.array([np.nan, 1.0, 0.5]), np.array([0.0, 1.0, 1.0]))
    assert d.tolist() == [False, False, True]
