"""Statistics behind the comparison: bootstrap intervals, split distributions, dominance.

Core functions: :func:`boot_median_ci` and :func:`boot_mean_ci` (percentile-bootstrap
intervals of a median and of a mean),
:func:`split_test` (is a distribution of paired differences clearly split in two?),
:func:`dominated` and :func:`frontier` (cost-effectiveness: which strategies another one
beats on both effect and cost, and the efficient frontier).

The split test is Hartigan and Hartigan's dip test of unimodality (Ann. Statist. 13,
1985), from the ``diptest`` package (p-value interpolated from the tabulated critical
values of the uniform, the least favourable unimodal distribution). A distribution counts
as *split* when the dip test rejects unimodality at :data:`SPLIT_ALPHA`, with at least
:data:`SPLIT_MIN_N` values taking at least four distinct values: counts and yes/no
outcomes (``failed_platforms``, ``recovered``) are split by nature, and their "better
in" count already says how the runs divide.
"""

from __future__ import annotations

import numpy as np

from trustsim.pareto import dominated, frontier

__all__ = ["MIN_VERDICT_PAIRS", "SPLIT_ALPHA", "SPLIT_MIN_N", "boot_mean_ci", "boot_median_ci",
           "dominated", "frontier", "percentiles", "split_test"]

#: Significance level of the dip test: 1 %, so that among the hundreds of rows of a big
#: comparison few unimodal ones are flagged by chance (measured: about 1 % of uniform
#: samples and well under 1 % of normal or log-normal samples of 20 values).
SPLIT_ALPHA = 0.01

#: Fewest paired runs that can carry a verdict. With ``n`` pairs the widest interval the
#: values give, ``[min, max]``, holds the median with probability ``1 - 2 ** (1 - n)``
#: only (0.9375 at five pairs, 0.969 at six): below six no interval of the median reaches
#: 95 % without assuming a distribution, so a bootstrap interval from so few (one pair
#: gives zero width) cannot carry one.
MIN_VERDICT_PAIRS = 6

#: Fewest values the split test looks at (below that the few-pairs warning applies).
SPLIT_MIN_N = 10


def percentiles(y: np.ndarray, q: list[float]) -> np.ndarray:
    """``np.percentile`` (linear), with runs' own values where it would be NaN.

    A quantile that would fall between two infinities, or an infinity and a number (NaN or
    inf, and a warning), is the run's own value there. An outcome infinite in some runs (a
    time never reached within the run) keeps the quantiles of its finite part as they were
    (review: switching every quantile to the nearest run moved a median of 2.5 to 2).

    Example:
        >>> percentiles(np.array([1.0, 2.0, 3.0, 4.0]), [50]).tolist()
        [2.5]
        >>> percentiles(np.array([1.0, np.inf, np.inf]), [10, 50, 90]).tolist()
        [1.0, inf, inf]
    """
    with np.errstate(invalid="ignore"):
        out = np.percentile(y, q)
        bad = ~np.isfinite(out)  # (interpolating towards inf gives inf, or NaN)
        if bad.any():
            out[bad] = np.percentile(y, np.asarray(q, dtype=float)[bad], method="inverted_cdf")
    return out


def boot_median_ci(d: np.ndarray, n_boot: int, rng: np.random.Generator
                   ) -> tuple[float, float]:
    """Percentile-bootstrap 95 % interval of the median of ``d`` (resampling values).

    An empty ``d`` gives NaNs; one value (or all equal) gives that value twice.
    """
    if len(d) == 0:
        return np.nan, np.nan
    if len(d) == 1 or np.ptp(d) == 0:
        return float(d[0]), float(d[0])
    idx = rng.integers(0, len(d), size=(n_boot, len(d)))
    with np.errstate(invalid="ignore"):  # (a median between -inf and inf: none)
        meds = np.median(d[idx], axis=1)
    lo, hi = percentiles(meds[~np.isnan(meds)], [2.5, 97.5])
    return float(lo), float(hi)


def boot_mean_ci(d: np.ndarray, n_boot: int, rng: np.random.Generator
                 ) -> tuple[float, float]:
    """Percentile-bootstrap 95 % interval of the mean of ``d`` (resampling values).

    As :func:`boot_median_ci`: an empty ``d`` gives NaNs; all values equal give that value
    twice.

    Example:
        >>> d = np.r_[np.zeros(16), np.full(4, 0.5)]   # 4 of 20 runs move, the median none
        >>> lo, hi = boot_mean_ci(d, 2000, np.random.default_rng(0))
        >>> bool(0.02 < lo < 0.1 < hi <= 0.2)
        True
    """
    if len(d) == 0:
        return np.nan, np.nan
    if len(d) == 1 or np.ptp(d) == 0:
        return float(d[0]), float(d[0])
    idx = rng.integers(0, len(d), size=(n_boot, len(d)))
    with np.errstate(invalid="ignore"):
        means = d[idx].mean(axis=1)
    lo, hi = percentiles(means[~np.isnan(means)], [2.5, 97.5])
    return float(lo), float(hi)


def split_test(values: np.ndarray, alpha: float = SPLIT_ALPHA) -> tuple[bool, float]:
    """Whether ``values`` are clearly split into separate groups, and the dip test's p.

    Returns ``(False, nan)`` when the test does not apply: fewer than
    :data:`SPLIT_MIN_N` finite values, or fewer than four distinct values.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> split_test(np.r_[rng.normal(0, .03, 8), rng.normal(.35, .03, 12)])[0]
        True
        >>> split_test(rng.normal(0, 1, 20))[0]
        False
    """
    import diptest

    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) < SPLIT_MIN_N or len(np.unique(x)) < 4:
        return False, float("nan")
    _, p = diptest.diptest(x)
    return bool(p < alpha), float(p)


