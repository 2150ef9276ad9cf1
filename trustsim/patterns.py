"""Documented real-world patterns the model must reproduce, and the figures that test them.

Core objects: :data:`MEASURES` (figures computed from a finished run, usable as experiment
``outcomes``), :class:`Pattern` (a real pattern: its scenario, the real figure with its
source, and the band the model's figures must fall in), :data:`PATTERNS`,
:func:`measure` and :func:`check`. ``docs/validation.md`` §2 gives every pattern's sources
and the model's figures; ``tests/test_patterns.py`` runs every check; the calibration
(``experiments/calibration.yaml``, notebook 06) filters a Latin hypercube by them.

Most measures look at the *focus* of a run: the platform named by the first scheduled
crisis (by day) and that crisis's day ``t0``. Crisis day ``t0`` is the first day the
crisis acts on (it fires in phase 1 of day ``t0``). A measure that needs a focus platform
returns NaN when the run has none (for example a sector-wide crisis). The sector measures
(``platforms_failed``, ``sector_money_retained``, ``weak_minus_strong_failed``) look at
every platform.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from trustsim.population import EPS

if TYPE_CHECKING:
    from trustsim.model import TrustModel

__all__ = ["MEASURES", "Pattern", "PATTERNS", "measure", "check", "PatternResult",
           "register_measure", "accepts", "Calibration", "calibrate", "focus"]

MEASURES: dict[str, Callable[[TrustModel], float]] = {}
MEASURE_DOCS: dict[str, str] = {}

WINDOW = 60  # days before and after the crisis compared by ``inflow_change``; days after
# the crisis in which the trust trough is sought


def register_measure(name: str, doc: str):
    """Decorator: register ``fn(model) -> float`` as a measure (an experiment outcome)."""

    def wrap(fn: Callable[[TrustModel], float]) -> Callable[[TrustModel], float]:
        MEASURES[name] = fn
        MEASURE_DOCS[name] = doc
        return fn

    return wrap


def focus(model: TrustModel) -> tuple[int, int] | None:
    """Return (platform index, crisis day) of the first scheduled crisis.

    None when that crisis has several targets or the whole sector, or has not happened by
    the end of the run.
    """
    names = [pl.name for pl in model.platforms]
    for crisis in sorted(model.crises, key=lambda c: c.time):
        target = crisis.target
        if isinstance(target, list):
            target = target[0] if len(target) == 1 else None
        if target in names and crisis.time <= model.time:
            return names.index(target), int(crisis.time)
        return None
    return None


def _series(model: TrustModel, k: int, column: str) -> np.ndarray:
    """A platform column indexed by day (days not recorded are NaN)."""
    pt = model.platform_timeseries()
    rows = pt[pt["platform"] == model.platforms[k].name]
    out = np.full(int(model.time) + 1, np.nan)
    out[rows["time"].to_numpy()] = rows[column].to_numpy(dtype=np.float64)
    return out


def _requested_share(model: TrustModel, days: int) -> float:
    f = focus(model)
    if f is None or f[1] + days - 1 > model.time:
        return math.nan
    k, t0 = f
    aum = _series(model, k, "aum")[t0 - 1]
    req = _series(model, k, "withdrawals_requested")[t0:t0 + days]
    return float(np.nansum(req) / aum) if aum > 0 else math.nan


for _days in (1, 2, 5, 10):  # requested_share_1d, _2d, _5d, _10d
    register_measure(
        f"requested_share_{_days}d",
        f"withdrawals requested from the focus platform in the first {_days} day(s) of the "
        "crisis (day 1 = the crisis day), as a share of its money owed the day before",
    )(functools.partial(_requested_share, days=_days))


@register_measure("inflow_change", f"mean daily new money into the focus platform in the "
                  f"{WINDOW} days from the crisis, relative to the {WINDOW} days before, "
                  "minus 1 (-0.4: new business down 40 %); NaN unless the crisis is after "
                  f"day {WINDOW}")
def inflow_change(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    k, t0 = f
    inflow = _series(model, k, "inflow")
    if t0 <= WINDOW:
        return math.nan
    before = inflow[t0 - WINDOW:t0]
    after = inflow[t0:t0 + WINDOW]
    if len(after) < WINDOW or np.nanmean(before) <= 0:
        return math.nan
    return float(np.nanmean(after) / np.nanmean(before) - 1.0)


@register_measure("customers_ran", "users who ever ran from the focus platform (a few may "
                  "have run before the crisis), as a share of its customers on the day "
                  "before the crisis")
def customers_ran(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    k, t0 = f
    users = _series(model, k, "users")[t0 - 1]
    return float(model.population.ran[:, k].sum() / users) if users > 0 else math.nan


@register_measure("exposed_ran", "share of the users whose data leaked from the focus "
                  "platform who asked for all their money back (actual leaving)")
def exposed_ran(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    pop = model.population
    exposed = pop.exposed[:, f[0]]
    return float(pop.ran[exposed, f[0]].mean()) if exposed.any() else math.nan


@register_measure("exposed_intent", "share of the users whose data leaked from the focus "
                  "platform whose trust in it is below their level for putting new money in "
                  "(threshold + invest_gap): they would not do new business with it")
def exposed_intent(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    pop = model.population
    k = f[0]
    exposed = pop.exposed[:, k]
    if not exposed.any():
        return math.nan
    cut = pop.threshold[exposed] + model.p.invest_gap
    return float((pop.trust[exposed, k] < cut).mean())


@register_measure("say_do_ratio", "exposed_intent / exposed_ran: how many more leaked users "
                  "would not do new business than actually took their money out")
def say_do_ratio(model: TrustModel) -> float:
    say, do = exposed_intent(model), exposed_ran(model)
    if math.isnan(say) or math.isnan(do):
        return math.nan
    return say / do if do > 0 else math.inf


def _trust_path(model: TrustModel) -> tuple[np.ndarray, int, int] | None:
    f = focus(model)
    if f is None:
        return None
    k, t0 = f
    trust = _series(model, k, "trust")
    return trust, t0, t0 + int(np.nanargmin(trust[t0:t0 + WINDOW]))


@register_measure("fall_days", f"days of falling trust in the focus platform: from the day "
                  f"before the crisis to its lowest trust in the {WINDOW} days from the "
                  "crisis (1: lowest on the crisis day itself)")
def fall_days(model: TrustModel) -> float:
    path = _trust_path(model)
    if path is None:
        return math.nan
    _, t0, trough = path
    return float(trough - t0 + 1)


@register_measure("half_recovery_days", "days from that lowest trust until half the trust "
                  "lost is back (inf: not within the run)")
def half_recovery_days(model: TrustModel) -> float:
    path = _trust_path(model)
    if path is None:
        return math.nan
    trust, t0, trough = path
    pre = trust[t0 - 1]
    target = trust[trough] + 0.5 * (pre - trust[trough])
    back = np.flatnonzero(trust[trough:] >= target)
    return float(back[0]) if len(back) else math.inf


@register_measure("loss_to_regain_speed", "how many times faster the focus platform lost "
                  "trust than it regained it: (drop / fall_days) / (half the drop / "
                  "half_recovery_days); inf when half the loss is not back within the run")
def loss_to_regain_speed(model: TrustModel) -> float:
    fall, half = fall_days(model), half_recovery_days(model)
    if math.isnan(fall) or math.isnan(half) or not trust_drop(model) > 0:
        return math.nan
    return 2.0 * half / fall


@register_measure("trust_drop", "pre-crisis trust in the focus platform minus its lowest "
                  f"trust in the {WINDOW} days from the crisis")
def trust_drop(model: TrustModel) -> float:
    path = _trust_path(model)
    if path is None:
        return math.nan
    trust, t0, trough = path
    return float(trust[t0 - 1] - trust[trough])


@register_measure("runners_returned", "share of the users who ran from the focus platform "
                  "and were paid out who have put money on it again by the end")
def runners_returned(model: TrustModel) -> float:
    f = focus(model)
    if f is None:
        return math.nan
    pop = model.population
    k = f[0]
    paid_out = pop.ran[:, k] & (pop.queued[:, k] <= EPS)
    if not paid_out.any():
        return math.nan
    return float((pop.holdings[paid_out, k] > EPS).mean())


@register_measure("platforms_failed", "share of platforms failed or absconded at the end")
def platforms_failed(model: TrustModel) -> float:
    gone = [pl.status in ("failed", "absconded") for pl in model.platforms]
    return float(np.mean(gone))


@register_measure("sector_money_retained", "money owed by all platforms still alive at the "
                  "end, as a share of the start")
def sector_money_retained(model: TrustModel) -> float:
    aum = model.timeseries()["aum"].to_numpy()
    return float(aum[-1] / aum[0]) if aum[0] > 0 else math.nan


@register_measure("weak_minus_strong_failed", "share failed among the weaker half of "
                  "platforms (by risk management) minus the share among the stronger half")
def weak_minus_strong_failed(model: TrustModel) -> float:
    plats = model.platforms
    if len(plats) < 2:
        return math.nan
    order = np.argsort([pl.risk_management for pl in plats], kind="stable")
    gone = np.array([pl.status in ("failed", "absconded") for pl in plats])[order]
    half = len(plats) // 2
    return float(gone[:half].mean() - gone[-half:].mean())


# --------------------------------------------------------------------------------------
# Patterns


@dataclass(frozen=True)
class Pattern:
    """A documented real-world pattern and the check of it.

    Attributes:
        name: key (also the section in docs/validation.md §2).
        title: the pattern in one line.
        scenario: bundled scenario (or path) that reproduces the setting.
        params: overrides on top of the scenario.
        strategy: strategy name (None: the scenario's own).
        bands: figure -> (low, high): every seed's figure must lie in the band.
        real: the real figures, in words, with the source keys of docs/validation.md.
        contrast: optional second scenario with its own bands, e.g. the same crisis before
            social media; its figures are reported as ``contrast.<name>``.
        contrast_bands: bands for the contrast scenario.
    """

    name: str
    title: str
    scenario: str
    bands: dict[str, tuple[float, float]]
    real: str
    params: dict[str, Any] = field(default_factory=dict)
    strategy: str | None = None
    contrast: str | None = None
    contrast_bands: dict[str, tuple[float, float]] = field(default_factory=dict)
    seeds: tuple[int, ...] = (1, 2, 3)


PATTERNS: dict[str, Pattern] = {}


def _add(p: Pattern) -> Pattern:
    PATTERNS[p.name] = p
    return p


def measure(pattern: Pattern | str, seed: int, *, contrast: bool = False,
            **overrides: Any) -> dict[str, float]:
    """Run one seed of a pattern's setting and return its figures (the bands' keys)."""
    from trustsim.model import TrustModel

    pat = PATTERNS[pattern] if isinstance(pattern, str) else pattern
    scenario = pat.contrast if contrast and pat.contrast else pat.scenario
    model = TrustModel(scenario, pat.strategy, rng=seed, **{**pat.params, **overrides})
    model.run()
    bands = pat.contrast_bands if contrast else pat.bands
    return {name: MEASURES[name](model) for name in bands}


def accepts(figures: dict[str, float], bands: dict[str, tuple[float, float]]) -> bool:
    """True when every figure lies in its band (NaN never does)."""
    return all(lo <= figures[k] <= hi for k, (lo, hi) in bands.items())


@dataclass
class PatternResult:
    """The figures of a pattern's check, per seed, and whether every seed is in band."""

    pattern: Pattern
    figures: list[dict[str, float]]
    contrast_figures: list[dict[str, float]]

    @property
    def passed(self) -> bool:
        """True when every seed (and every contrast seed) is in every band."""
        ok = all(accepts(f, self.pattern.bands) for f in self.figures)
        return ok and all(accepts(f, self.pattern.contrast_bands)
                          for f in self.contrast_figures)

    def medians(self) -> dict[str, float]:
        """Median of each figure over seeds (contrast figures prefixed ``contrast.``)."""
        out = {k: float(np.median([f[k] for f in self.figures])) for k in self.pattern.bands}
        for k in self.pattern.contrast_bands:
            out[f"contrast.{k}"] = float(np.median([f[k] for f in self.contrast_figures]))
        return out


def check(pattern: Pattern | str, seeds: tuple[int, ...] | None = None,
          **overrides: Any) -> PatternResult:
    """Run a pattern on its seeds and return the figures and the verdict."""
    pat = PATTERNS[pattern] if isinstance(pattern, str) else pattern
    seeds = pat.seeds if seeds is None else seeds
    figs = [measure(pat, s, **overrides) for s in seeds]
    con = [measure(pat, s, contrast=True, **overrides) for s in seeds] if pat.contrast else []
    return PatternResult(pat, figs, con)


# The patterns (docs/validation.md §2 gives the sources behind every real figure). Bands
# are deliberately the real figure with room for a daily model and for the spread of the
# real figures; where the model misses the real size, the band tests the direction only
# and docs/validation.md says "partly" and by how much.

_add(Pattern(
    name="social_media_run",
    title="Deposit runs in the social-media era are an order of magnitude faster",
    scenario="bank_run_2023",
    bands={"requested_share_10d": (0.75, 1.1)},
    contrast="bank_run_2008",
    contrast_bands={"requested_share_10d": (0.0, 0.15)},
    real="SVB 2023: 24 % of deposits withdrawn in one day, 81 % requested within two days "
         "[SVB-DFPI, BARR-TEST]; Washington Mutual 2008: 8.9 % in 8 business days "
         "[WAMU-OTS]",
))
_add(Pattern(
    name="breach_say_versus_do",
    title="After a data breach, far fewer customers leave than say they would",
    scenario="data_breach",
    bands={"exposed_ran": (0.02, 0.15), "say_do_ratio": (3.0, math.inf)},
    real="59-70 % say they would stop doing business with a breached company [GEM-2017]; "
         "11 % of notified consumers stopped [RAND-2016]; abnormal churn 3.6 %, 5.5 % in "
         "financial services [PON-2008]",
))
_add(Pattern(
    name="scandal_new_versus_existing",
    title="A misconduct scandal hits new business much harder than existing customers",
    scenario="misconduct_scandal",
    bands={"inflow_change": (-1.0, -0.3), "customers_ran": (0.0, 0.25)},
    real="Wells Fargo 2016-17: new checking accounts -31 to -44 %, card applications -45 "
         "to -55 % year on year; deposits +6 to +8 %; customer-initiated closures -11 to "
         "+4 % [AB-2016-11, CO-2016-12, MN-2017-02, CNBC-2017-03]",
))
_add(Pattern(
    name="lost_fast_regained_slowly",
    title="Trust is lost fast and regained slowly",
    scenario="data_leak",
    bands={"trust_drop": (0.05, 1.0), "fall_days": (1.0, 45.0),
           "loss_to_regain_speed": (3.0, math.inf)},
    real="Gallup confidence in banks 41 % (2007) -> 22 % (2009) -> 30 % (2018): lost at "
         "9.5 points a year, regained at 1.5 (6x slower) [GALLUP]; asymmetry principle "
         "[SLOVIC-1993]",
))
_add(Pattern(
    name="runners_do_not_return",
    title="Depositors who ran rarely come back",
    scenario="depositor_return",
    bands={"customers_ran": (0.02, 1.0), "runners_returned": (0.0, 0.2)},
    real="Indian co-operative bank run, 2001: depositors who ran on a solvent bank did not "
         "return [IP-2012]; Northern Rock's deposits came back only under a 100 % state "
         "guarantee [NR-ABC-2008]",
))
_add(Pattern(
    name="p2p_wave",
    title="The 2018 wave of Chinese P2P failures and the sector's wind-down",
    scenario="p2p_wave_2018",
    bands={"platforms_failed": (0.25, 0.7), "weak_minus_strong_failed": (0.01, 1.0)},
    real="Operating platforms 1,785 (end 2017) -> 1,082 (end 2018, -39 %; -54 % of "
         "'basically normal' platforms) -> 343 (end 2019) -> 0 (Nov 2020); 221-275 problem "
         "platforms in July 2018 alone [CBN-2019-01a, CBN-2019-01b, CBN-2020-11]",
))


# --------------------------------------------------------------------------------------
# Pattern-oriented calibration (Grimm et al. 2005)


@dataclass
class Calibration:
    """The result of filtering a sampled design by the patterns.

    Attributes:
        verdicts: one row per design point: its parameters, one column per pattern (True
            when every replication's figures lie in every band of the pattern, and of its
            contrast scenario if it has one) and ``all`` (every covered pattern reproduced).
        ranges: per parameter: sampled low/high, accepted low/high (NaN when no point is
            accepted) and the model's default.
        pass_rates: share of design points reproducing each pattern.
    """

    verdicts: Any
    ranges: Any
    pass_rates: dict[str, float]

    @property
    def accepted(self) -> Any:
        """The accepted design points (every covered pattern reproduced)."""
        return self.verdicts[self.verdicts["all"]]


def _in_bands(s: Any, scenario: str, bands: dict[str, tuple[float, float]]) -> Any:
    """Per design point: every run of ``scenario`` has every figure in its band."""
    import pandas as pd

    runs = s[s["scenario"] == scenario]
    ok = np.ones(len(runs), dtype=bool)
    for k, (lo, hi) in bands.items():
        v = runs[k].to_numpy(dtype=np.float64)
        ok &= (v >= lo) & (v <= hi)  # NaN compares False: a missing figure fails
    index = pd.Index(runs["design_point"], name="design_point")
    return pd.Series(ok, index=index).groupby(level=0).all()


def calibrate(results: Any, patterns: list[str] | None = None) -> Calibration:
    """Filter an experiment's design points by the patterns whose scenarios it ran.

    A pattern is reproduced at a design point when *every* replication of its scenario
    has every figure in the pattern's band (a NaN figure fails), and likewise for its
    contrast scenario: the rule of ``tests/test_patterns.py``, where every seed must pass.
    A design point is accepted when every covered pattern is reproduced. ``results`` is an
    :class:`~trustsim.experiments.store.ExperimentResults` whose outcomes include the
    patterns' figures (see ``experiments/calibration.yaml``).

    Args:
        results: the experiment's results.
        patterns: pattern names to judge (default: every pattern whose scenario, and
            contrast scenario if any, the experiment ran).

    Raises:
        ValueError: a named pattern whose scenario was not run, whose figures were not
            kept, or that needs parameters or a strategy of its own (not supported here).

    Example:
        >>> # results = trustsim.load_results("results/calibration")
        >>> # cal = calibrate(results); cal.ranges
    """
    import pandas as pd

    from trustsim.params import Params

    s = results.summaries
    design = results.design
    ran = set(s["scenario"])

    def covered(p: Pattern) -> bool:
        return p.scenario in ran and (p.contrast is None or p.contrast in ran)

    names = patterns or [n for n, p in PATTERNS.items() if covered(p)]
    verdicts = design.copy()
    for name in names:
        pat = PATTERNS[name]
        if not covered(pat):
            raise ValueError(f"pattern {name}: the experiment did not run its scenario "
                             f"{pat.scenario}" + (f" and {pat.contrast}" if pat.contrast
                                                  else ""))
        if pat.params or pat.strategy:
            raise ValueError(f"pattern {name} sets its own parameters or strategy; "
                             "calibrate() judges scenarios as the experiment ran them")
        missing = [k for k in [*pat.bands, *pat.contrast_bands] if k not in s.columns]
        if missing:
            raise ValueError(f"pattern {name}: the experiment did not keep {missing}")
        ok = _in_bands(s, pat.scenario, pat.bands)
        if pat.contrast:
            ok = ok & _in_bands(s, pat.contrast, pat.contrast_bands).reindex(
                ok.index, fill_value=False)
        verdicts[name] = ok.reindex(design.index, fill_value=False).astype(bool)
    verdicts["all"] = verdicts[names].all(axis=1) if names else False
    acc = verdicts[verdicts["all"]]
    defaults = Params()
    rows = []
    for col in design.columns:
        rows.append({"parameter": col, "sampled_low": design[col].min(),
                     "sampled_high": design[col].max(),
                     "accepted_low": acc[col].min() if len(acc) else math.nan,
                     "accepted_high": acc[col].max() if len(acc) else math.nan,
                     "default": getattr(defaults, col, math.nan)})
    ranges = pd.DataFrame(rows).set_index("parameter")
    rates = {n: float(verdicts[n].mean()) for n in [*names, "all"]}
    return Calibration(verdicts, ranges, rates)
