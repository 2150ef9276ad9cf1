"""Knife-edges read again at more seeds: lumps of single seeds told from a switch.

Core function: :func:`confirm_knife_edges` (docs/validation.md §4.1, item 14). Under common
random numbers each seed's outcome often moves in lumps (a platform fails or not, an
inspection comes or not, at a point of the lever that differs by seed), and the median of a
few such seeds jumps where most of them have moved. Each knife-edge of a
:func:`~trustsim.experiments.smoothness.smoothness_report` is swept again on more seeds at
the same values and judged again: a switch every seed makes at once stays a knife-edge,
lumps turn smooth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from trustsim.experiments.smoothness import (
    MAX_JUMP_SHARE,
    RUN_COLUMNS,
    RunOne,
    Target,
    smoothness_report,
    sweep_levers,
    sweep_plan,
)

__all__ = ["confirm_knife_edges"]


def confirm_knife_edges(runs: pd.DataFrame, report: pd.DataFrame, *, seeds: int = 40,
                        users: int | None = None, points: int = 11, workers: int = 1,
                        targets: Mapping[str, Target] | None = None,
                        run_one: RunOne | None = None, progress: Any = False,
                        max_jump_share: float = MAX_JUMP_SHARE,
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read each knife-edge of ``report`` again on seeds 0..``seeds``-1.

    Where each seed's outcome moves in lumps (a platform fails or not, an inspection comes
    or not), the median of a few seeds jumps where most of them have moved, and more seeds
    tell such lumps from a switch that every seed makes at once. Only the seeds a lever's
    runs lack are run (at the values :func:`sweep_levers` gives it, which must be those of
    ``runs``: the same ``points`` and ``targets``, checked before anything runs; ``users``
    must be that of ``runs`` too, which they do not record), and the lever is judged again
    on all of them.

    Returns:
        ``(added, confirmed)``: the added runs (as :func:`sweep_levers`), and a report
        (as :func:`smoothness_report`) of the knife-edges at ``seeds`` seeds, with
        ``jump_share_before`` and ``verdict_before`` from ``report``.

    Raises:
        ValueError: ``runs`` swept a knife-edge at values its target does not give now.
    """
    edges = report[report["verdict"] == "knife-edge"]
    cols = list(report.columns) + ["jump_share_before", "verdict_before"]
    if not len(edges):
        return pd.DataFrame(columns=RUN_COLUMNS), pd.DataFrame(columns=cols)
    for name, _, _, values, _ in sweep_plan(list(edges["lever"]), users, points, targets):
        old = sorted({float(v) for v in runs.loc[runs["lever"] == name, "value"]})
        if old != sorted({float(v) for v in values}):
            raise ValueError(f"{name}: the earlier runs swept other values than its target "
                             f"gives now ({len(old)} against {len(values)}; other --points "
                             "or range?)")
    want = set(range(seeds))
    groups: dict[tuple[int, ...], list[str]] = {}
    for name in edges["lever"]:
        have = {int(s) for s in runs.loc[runs["lever"] == name, "seed"].unique()}
        groups.setdefault(tuple(sorted(want - have)), []).append(name)
    added = [sweep_levers(names, seeds=list(more), users=users, points=points,
                          workers=workers, targets=targets, run_one=run_one,
                          progress=progress)
             for more, names in groups.items() if more]
    added_runs = (pd.concat(added, ignore_index=True) if added
                  else pd.DataFrame(columns=RUN_COLUMNS))
    mine = runs[runs["lever"].isin(edges["lever"])]
    both = pd.concat([mine, added_runs], ignore_index=True)
    both = both[both["seed"].isin(want)]
    confirmed = smoothness_report(both, max_jump_share=max_jump_share)
    before = edges.set_index("lever")
    confirmed["jump_share_before"] = confirmed["lever"].map(before["jump_share"])
    confirmed["verdict_before"] = confirmed["lever"].map(before["verdict"])
    order = {name: k for k, name in enumerate(edges["lever"])}
    confirmed = confirmed.sort_values("lever", key=lambda c: c.map(order), kind="stable")
    return added_runs, confirmed.reset_index(drop=True)
