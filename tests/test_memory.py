"""Memory per user is bounded and matches the table of docs/model.md §2.9."""

from __future__ import annotations

import dataclasses
import tracemalloc

import numpy as np

import trustsim


def _array_bytes(model: trustsim.TrustModel) -> tuple[int, int, int]:
    pop, g = model.population, model.graph
    state = sum(getattr(pop, f.name).nbytes for f in dataclasses.fields(pop)
                if not f.name.startswith("_"))
    scratch = (sum(a.nbytes for a in pop._scratch.values())
               + sum(a.nbytes for a in model._draw_rows.values()
                     if isinstance(a, np.ndarray)))
    graph = sum(a.nbytes for a in (g.indptr, g.indices, g.adjacency.data, g.degree,
                                   g.inv_degree))
    return state, scratch, graph


def test_array_bytes_per_user_follow_the_documented_formulas():
    n, n_p = 5_000, 4
    model = trustsim.TrustModel(n_users=n, n_platforms=n_p, rng=2, engine="compiled",
                                steps=40).run()
    state, scratch, graph = _array_bytes(model)
    edges = model.graph.indices.size  # k n
    assert state == (37 * n_p + 68) * n
    assert 0 < scratch <= (20 * n_p + 56) * n
    assert graph == 12 * edges + 20 * n + 4  # indptr has n + 1 entries


def test_a_user_costs_under_1100_bytes_in_all():
    n = 150_000  # below kernels.PARALLEL_FROM: no threads in the test suite
    tracemalloc.start()
    try:
        model = trustsim.TrustModel(n_users=n, n_platforms=5, rng=1, engine="compiled")
        model.run(5)
        traced = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    state, scratch, graph = _array_bytes(model)
    assert (state + scratch + graph) / n < 560
    assert traced / n < 1_100
