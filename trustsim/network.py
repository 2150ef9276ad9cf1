"""Social graphs for users, built straight into CSR arrays (no layout, no Python loop).

Core objects: :class:`Graph` (neighbour means, neighbour sampling, each row's block of near
contacts and the list of far ones for the neighbours' pull: :meth:`Graph.near_and_far`) and
:func:`build_graph` with four generators: ``small_world`` (Watts & Strogatz 1998),
``scale_free`` (Chung & Lu 2002 expected-degree graph with a power-law degree sequence,
exponent 2.5, the vectorised stand-in for Barabasi & Albert 1999), ``random`` (Erdos-Renyi
G(n, M)) and ``well_mixed`` (every user is everyone's neighbour, kept implicit).
"""

from __future__ import annotations

from typing import Literal

import numba
import numpy as np
import scipy.sparse as sp

__all__ = ["Graph", "build_graph"]

GraphKind = Literal["small_world", "scale_free", "random", "well_mixed"]


class Graph:
    """An undirected social graph over ``n`` users.

    Args:
        n: number of nodes.
        kind: generator name.
        csr: the CSR arrays ``(indptr, indices)`` of a symmetric 0/1 matrix (or such a
            scipy matrix), or ``None`` for a well-mixed population.

    Attributes:
        indptr, indices: the CSR arrays (``None`` when well mixed).
        degree: float64 array of node degrees; inv_degree: 1 / degree (0 where isolated).

    Example:
        >>> g = build_graph("small_world", 100, 4, 0.1, np.random.default_rng(0))
        >>> g.neighbour_mean(np.ones((100, 2))).shape
        (100, 2)
    """

    def __init__(self, n: int, kind: str,
                 csr: tuple[np.ndarray, np.ndarray] | sp.csr_array | None) -> None:
        self.n = n
        self.kind = kind
        if csr is None:
            self.indptr = self.indices = None
            self.degree = np.full(n, float(n - 1))
        else:
            if isinstance(csr, sp.sparray | sp.spmatrix):
                csr = (csr.indptr, csr.indices)
            self.indptr, self.indices = csr
            self.degree = np.diff(self.indptr).astype(np.float64)
        self._adjacency: sp.csr_array | None = None
        self._near: tuple | None = None
        self.inv_degree = np.divide(1.0, self.degree, out=np.zeros(n),
                                    where=self.degree > 0)
        self._isolated = self.degree == 0

    @property
    def adjacency(self) -> sp.csr_array | None:
        """The symmetric 0/1 adjacency matrix (``None`` when well mixed); made on first use.

        The model reads the CSR arrays only; the matrix (its 8-byte ones included) is
        made for scipy's graph tools and sparse products when asked for.
        """
        if self.indptr is None:
            return None
        if self._adjacency is None:
            data = np.ones(len(self.indices), dtype=np.float64)
            self._adjacency = sp.csr_array((data, self.indices, self.indptr),
                                           shape=(self.n, self.n))
        return self._adjacency

    @property
    def n_edges(self) -> int:
        """Number of undirected edges."""
        return int(self.degree.sum() // 2)

    def neighbour_sum(self, x: np.ndarray) -> np.ndarray:
        """Return, for each node, the sum of ``x`` over its neighbours (one sparse product)."""
        if self.indptr is None:
            return x.sum(axis=0, keepdims=True) - x
        return self.adjacency @ x

    def neighbour_mean(self, x: np.ndarray) -> np.ndarray:
        """Return each node's mean of ``x`` over its neighbours (its own value if isolated)."""
        total = self.neighbour_sum(x)
        inv = self.inv_degree if x.ndim == 1 else self.inv_degree[:, None]
        mean = total * inv
        if self._isolated.any():
            mean[self._isolated] = x[self._isolated]
        return mean

    def sample_neighbour(self, u: np.ndarray) -> np.ndarray:
        """Map uniform draws ``u`` in [0, 1), one per node, to one random neighbour each.

        Isolated nodes get themselves. Well mixed: a uniform other node.
        """
        n = self.n
        if self.indptr is None:
            j = np.minimum((u * (n - 1)).astype(np.int64), n - 2)
            own = np.arange(n)
            return j + (j >= own)
        if len(self.indices) == 0:  # no edges at all (e.g. two users, a random graph)
            return np.arange(n)
        deg = np.diff(self.indptr)
        offset = np.minimum((u * deg).astype(np.int64), np.maximum(deg - 1, 0))
        # Isolated nodes may point one past the end; they are replaced just below.
        pos = np.minimum(self.indptr[:-1] + offset, len(self.indices) - 1)
        out = self.indices[pos].astype(np.int64)
        iso = deg == 0
        if iso.any():
            out[iso] = np.flatnonzero(iso)
        return out

    def near_and_far(self, rows: int) -> tuple[np.ndarray, ...] | None:
        """Each node's near contacts as a block of its row, and its far ones as a list.

        Near: within ``rows`` node numbers of the node. Rows are sorted, so the near
        contacts are one block of the row, ``indices[lo[i]:hi[i]]``; the far ones, the rest
        of the row (before the block, then after it), are copied into a list of their own,
        ``far_idx[far_ptr[i]:far_ptr[i + 1]]``, in that order. The neighbours' pull sums near
        contacts and far ones apart (``rules.social_pull``): near ones are read from memory
        the pass has just been through; the compiled engine gathers the far ones, scattered,
        in a short pass of their own, which reads them faster from a list of their own than
        around each row's block (100,000 users: ~1.2-1.4 against ~2.1-2.3 ms a day).

        Returns ``(lo, hi, far_ptr, far_idx)`` (the dtypes of ``indptr`` and ``indices``),
        made once per ``rows``: 12 bytes per node and 4 per far contact with 32-bit
        arrays; ``None`` when well mixed.

        Raises:
            ValueError: a row's contacts are not in increasing order.
        """
        if self.indptr is None:
            return None
        if self._near is None or self._near[0] != rows:
            if not _rows_sorted(self.indptr, self.indices):
                raise ValueError("near_and_far needs each row's contacts sorted, as "
                                 "build_graph makes them")
            lo = np.empty(self.n, dtype=self.indptr.dtype)
            hi = np.empty(self.n, dtype=self.indptr.dtype)
            far_ptr = np.empty(self.n + 1, dtype=self.indptr.dtype)
            _near_block(self.indptr, self.indices, rows, lo, hi, far_ptr)
            far_idx = np.empty(int(far_ptr[-1]), dtype=self.indices.dtype)
            _far_list(self.indptr, self.indices, lo, hi, far_ptr, far_idx)
            self._near = (rows, (lo, hi, far_ptr, far_idx))
        return self._near[1]

    def neighbours(self, i: int) -> np.ndarray:
        """Return the neighbours of node ``i`` (for per-agent code and the dashboard)."""
        if self.indptr is None:
            return np.delete(np.arange(self.n), i)
        return self.indices[self.indptr[i]:self.indptr[i + 1]]

    def __repr__(self) -> str:
        return f"Graph({self.kind}; n={self.n:,}; mean degree={self.degree.mean():.1f})"


def build_graph(kind: GraphKind, n: int, mean_degree: int, rewire_prob: float,
                rng: np.random.Generator) -> Graph:
    """Build a social graph over ``n`` users.

    Args:
        kind: ``small_world``, ``scale_free``, ``random`` or ``well_mixed``.
        n: number of users.
        mean_degree: target mean degree (rounded to an even number for small worlds).
        rewire_prob: Watts-Strogatz rewiring probability (small world only).
        rng: the ``network`` random stream.

    Returns:
        The :class:`Graph`.

    Raises:
        ValueError: for an unknown ``kind``.
    """
    if kind == "well_mixed":
        return Graph(n, kind, None)
    k = min(mean_degree, n - 1)
    if kind == "small_world":
        half = max(k // 2, 1)
        src = np.repeat(np.arange(n, dtype=np.int64), half)
        dst = (src + np.tile(np.arange(1, half + 1), n)) % n
        rewire = rng.random(len(dst)) < rewire_prob
        dst[rewire] = rng.integers(0, n, int(rewire.sum()))
    elif kind == "random":
        m = n * k // 2
        src = rng.integers(0, n, m)
        dst = rng.integers(0, n, m)
    elif kind == "scale_free":
        # Chung-Lu: P(edge i-j) proportional to w_i w_j with w_i ~ i^(-1/(gamma-1)).
        gamma = 2.5
        w = (np.arange(n) + 10.0) ** (-1.0 / (gamma - 1.0))
        w = rng.permutation(w)
        p = w / w.sum()
        m = n * k // 2
        src = rng.choice(n, size=m, p=p)
        dst = rng.choice(n, size=m, p=p)
    else:
        raise ValueError(f"unknown network {kind!r}; allowed: small_world, scale_free, "
                         "random, well_mixed")
    return Graph(n, kind, _from_edges(n, src, dst))


INT32_MAX = 2**31 - 1  # the largest user number or row offset kept in 32 bits


def _from_edges(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric CSR arrays ``(indptr, indices)`` from an edge list, without loops or duplicates.

    Each row's contacts are in increasing order. Compiled (three passes: count, fill, sort
    and compact each row's short list); about four times faster than sorting the whole
    edge list, with the same arrays.
    """
    idx_dtype = np.int32 if n <= INT32_MAX else np.int64  # user numbers
    indptr = np.zeros(n + 1, dtype=np.int64)
    _count_ends(src, dst, indptr)
    np.cumsum(indptr, out=indptr)
    indices = np.empty(int(indptr[-1]), dtype=idx_dtype)
    _fill_rows(src, dst, indptr, indices)
    kept = _sort_rows(indptr, indices)
    # Row offsets count contacts, not users: 32 bits only while every offset fits (5 M users
    # with 500 contacts each have 2.5 billion).
    ptr_dtype = np.int32 if kept <= INT32_MAX else np.int64
    # A view, not a copy: the repeated contacts dropped leave an unused tail (under 1 % at
    # 20,000 users and 10 contacts; more in small dense graphs).
    return indptr.astype(ptr_dtype), indices[:kept]


@numba.njit(cache=True)
def _rows_sorted(indptr, indices):  # pragma: no cover - compiled
    """Whether every row's contacts are in increasing order."""
    for i in range(len(indptr) - 1):
        for q in range(indptr[i] + 1, indptr[i + 1]):
            if indices[q] <= indices[q - 1]:
                return False
    return True


@numba.njit(cache=True)
def _near_block(indptr, indices, rows, lo, hi, far_ptr):  # pragma: no cover - compiled
    """Each sorted row's block of contacts within ``rows`` of its node, ``[lo[i], hi[i])``.

    ``far_ptr``: where each node's far contacts (the rest of its row) start in their list.
    """
    far_ptr[0] = 0
    for i in range(len(indptr) - 1):
        q = indptr[i]
        stop = indptr[i + 1]
        while q < stop and np.int64(indices[q]) < i - rows:
            q += 1
        lo[i] = q
        while q < stop and np.int64(indices[q]) <= i + rows:
            q += 1
        hi[i] = q
        far_ptr[i + 1] = far_ptr[i] + (stop - indptr[i]) - (hi[i] - lo[i])


@numba.njit(cache=True)
def _far_list(indptr, indices, lo, hi, far_ptr, far_idx):  # pragma: no cover - compiled
    """Copy each row's far contacts (before its near block, then after it) into their list."""
    for i in range(len(indptr) - 1):
        k = far_ptr[i]
        for q in range(indptr[i], lo[i]):
            far_idx[k] = indices[q]
            k += 1
        for q in range(hi[i], indptr[i + 1]):
            far_idx[k] = indices[q]
            k += 1


@numba.njit(cache=True)
def _count_ends(src, dst, counts):  # pragma: no cover - compiled
    """``counts[i + 1]``: the ends of edges at node ``i`` (loops dropped)."""
    for e in range(len(src)):
        a, b = src[e], dst[e]
        if a != b:
            counts[a + 1] += 1
            counts[b + 1] += 1


@numba.njit(cache=True)
def _fill_rows(src, dst, indptr, indices):  # pragma: no cover - compiled
    """Write each edge into both of its end nodes' rows."""
    pos = indptr[:-1].copy()
    for e in range(len(src)):
        a, b = src[e], dst[e]
        if a != b:
            indices[pos[a]] = b
            pos[a] += 1
            indices[pos[b]] = a
            pos[b] += 1


@numba.njit(cache=True)
def _sort_rows(indptr, indices):  # pragma: no cover - compiled
    """Sort each row, drop repeated contacts, compact in place; ``indptr`` updated.

    Returns the number of entries kept.
    """
    n = len(indptr) - 1
    w = 0
    start = indptr[0]
    for i in range(n):
        stop = indptr[i + 1]
        row = indices[start:stop]
        if stop - start <= 32:  # most rows: insertion sort beats the general sort
            for k in range(1, stop - start):
                v = row[k]
                m = k - 1
                while m >= 0 and row[m] > v:
                    row[m + 1] = row[m]
                    m -= 1
                row[m + 1] = v
        else:
            row.sort()
        last = -1
        for k in range(stop - start):
            v = row[k]
            if v != last:
                indices[w] = v
                w += 1
                last = v
        indptr[i + 1] = w
        start = stop
    return w
