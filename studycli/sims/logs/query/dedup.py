"""dedup over a stream, holding no more rows than it returns.

"Duplicates are discarded based on the sort order, with only the first result in the sort
order being kept"; without a sort, @timestamp descending. A query returns at most 10,000
rows (or its `limit`), so dedup keeps only that many candidates: the first row of each key
in sort order, best first, and a row that cannot be among them is dropped as it passes.
Rows with a null value are never duplicates: each is a candidate of its own.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from functools import cmp_to_key
from typing import Any

from studycli.sims.logs.query.commands import dedup_key, row_order
from studycli.sims.logs.query.events import Row


class _Entry:
    """A candidate; the heap's root is the candidate that comes last in sort order."""

    __slots__ = ("rank", "seq", "key", "row", "dead")

    def __init__(self, rank: Any, seq: int, key: tuple[Any, ...] | None, row: Row):
        self.rank, self.seq, self.key, self.row, self.dead = rank, seq, key, row, False

    def before(self, other: _Entry) -> bool:
        """Comes first in sort order (ties: the one that arrived first)."""
        return bool(self.rank < other.rank) or (not other.rank < self.rank and self.seq < other.seq)

    def __lt__(self, other: _Entry) -> bool:       # reversed: heapq's smallest is the latest in order
        return other.before(self)


def first_per_key(rows: Iterable[Row], keys: list[tuple[str, bool]], names: list[str], count: int) -> list[Row]:
    """`sort keys | dedup names | limit count`, holding at most about 2 x `count` rows."""
    rank: Callable[[Row], Any] = cmp_to_key(row_order(keys))
    heap: list[_Entry] = []
    best: dict[tuple[Any, ...], _Entry] = {}
    live = 0
    for seq, row in enumerate(rows):
        key = dedup_key(row, names)
        entry = _Entry(rank(row), seq, key, row)
        if key is not None and key in best:
            if not entry.before(best[key]):
                continue
            best[key].dead = True          # a better row of the same key takes its place
            best[key] = entry
            heapq.heappush(heap, entry)
        elif live < count:
            live += 1
            if key is not None:
                best[key] = entry
            heapq.heappush(heap, entry)
        else:
            while heap[0].dead:
                heapq.heappop(heap)
            if not entry.before(heap[0]):
                continue
            worst = heapq.heapreplace(heap, entry)
            if worst.key is not None:
                del best[worst.key]
            if key is not None:
                best[key] = entry
        if len(heap) > 2 * count + 16:       # drop the replaced candidates
            heap = [e for e in heap if not e.dead]
            heapq.heapify(heap)
    kept = sorted((e for e in heap if not e.dead), reverse=True)    # reversed order, reversed back
    return [e.row for e in kept]
