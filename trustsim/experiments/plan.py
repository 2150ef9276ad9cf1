"""The plan of an experiment's runs: one :class:`Run` per entry, and the seeds.

:func:`run_seed` gives a run's seed from the experiment seed, the scenario, the design
point and the replication -- never the strategy, so strategies meet common random numbers;
:func:`design_seed` the seed of the sampled design; :func:`safe_name` makes names safe in
file names (run identifiers, result files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from trustsim.rng import stream_key

__all__ = ["Run", "design_seed", "run_seed", "safe_name"]


@dataclass(frozen=True, slots=True)
class Run:
    """One run of the plan.

    Attributes:
        scenario, strategy: names; design_point, replication: indices; seed: the run's rng.
    """

    scenario: str
    strategy: str
    design_point: int
    replication: int
    seed: int

    @property
    def run_id(self) -> str:
        """A file-name-safe identifier, unique in the experiment."""
        return (f"{safe_name(self.scenario)}--{safe_name(self.strategy)}"
                f"--d{self.design_point:05d}--r{self.replication:04d}")


def safe_name(name: str) -> str:
    """A name made file-name safe (anything but letters, digits, ``_.-`` becomes ``_``)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def run_seed(experiment_seed: int, scenario: str, design_point: int, replication: int) -> int:
    """The seed of one run: from (experiment seed, scenario, design point, replication).

    The strategy is deliberately not an input: runs that differ only in strategy share
    their seed (paired runs, common random numbers). The scenario enters through a stable
    CRC-32 of its name, never Python's salted ``hash()``.

    Example:
        >>> run_seed(1, "rumour_run", 0, 0) == run_seed(1, "rumour_run", 0, 0)
        True
    """
    ss = np.random.SeedSequence(int(experiment_seed),
                                spawn_key=(stream_key(scenario), int(design_point),
                                           int(replication)))
    return int(ss.generate_state(1, np.uint64)[0] >> np.uint64(1))


def design_seed(experiment_seed: int) -> int:
    """The seed the experiment's design (its sampled parameter values) is drawn with."""
    ss = np.random.SeedSequence(int(experiment_seed), spawn_key=(stream_key("design"),))
    return int(ss.generate_state(1, np.uint32)[0])
