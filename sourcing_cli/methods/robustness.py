"""How robust the winner is: an exact count over every priority setting on the 0..5 grid.

Every criterion's priority takes each whole value 0..5, so a catalog of ``n`` criteria has ``6ⁿ``
settings (10,077,696 for the built-in nine). The setting with every priority 0 is left out — the
engine refuses it, as no model can be scored — so ``settings = 6ⁿ − 1``. Under each setting the
winner is decided exactly as the engine decides it: the highest ``Σ w·(r − 1)`` (the engine's score
times a positive constant, in integers, so ties are exact) with ties going to the model listed
first in the catalog.

The count is exact, not sampled, and fast: the criteria are split in two halves, each half's
partial scores are tabulated once (6⁵ and 6⁴ rows), and numpy adds every pair of rows in chunks.
Scores are packed as ``score·M + (M − 1 − position)`` so one running maximum picks the winner and
settles ties by catalog order at once. Catalogs with more than :data:`MAX_CRITERIA` criteria get no
figure (the grid would take too long). No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

LEVELS = 6  # priorities 0, 1, 2, 3, 4, 5
MAX_CRITERIA = 10
_CHUNK_CELLS = 1 << 20


@dataclass(frozen=True)
class Robustness:
    model: str  # the winner whose robustness is measured
    wins: int
    settings: int
    otherwise: str | None  # the model that wins most often where ``model`` does not
    counts: Mapping[str, int]  # wins per running model, catalog order

    @property
    def share(self) -> float:
        return self.wins / self.settings


def robustness(
    ratings: Mapping[str, Mapping[str, int]], running: Sequence[str], criteria: Sequence[str],
    winner: str, levels: int = LEVELS,
) -> Robustness | None:
    """The winner's share of the priority grid, or ``None`` when the grid is too large or empty.

    ``running`` must be in catalog order: it decides ties.
    """
    if winner not in running or not criteria or len(criteria) > MAX_CRITERIA:
        return None
    points = [[ratings[m][c] - 1 for m in running] for c in criteria]
    wins = win_counts(points, levels)
    counts = dict(zip(running, wins, strict=True))
    others = [(-n, i, m) for i, (m, n) in enumerate(counts.items()) if m != winner and n > 0]
    otherwise = min(others)[2] if others else None
    return Robustness(winner, counts[winner], levels ** len(criteria) - 1, otherwise, counts)


def win_counts(points: Sequence[Sequence[int]], levels: int = LEVELS) -> list[int]:
    """Wins per model over every setting but the all-zero one; ``points[c][m] = rating − 1``."""
    import numpy as np

    table = np.asarray(points, dtype=np.int64)
    n, models = table.shape
    top = (levels - 1) * int(np.abs(table).sum(axis=0).max()) * models + models
    dtype = np.int16 if top < 2**15 else np.int32 if top < 2**31 else np.int64
    split = (n + 1) // 2
    left = (_partial(table[:split], levels) * models).astype(dtype)
    right = (_partial(table[split:], levels) * models
             + (models - 1 - np.arange(models))).astype(dtype)
    counts = np.zeros(models, dtype=np.int64)
    step = max(1, _CHUNK_CELLS // len(right))
    best = np.empty((step, len(right)), dtype=dtype)
    other = np.empty_like(best)
    for start in range(0, len(left), step):
        block = left[start:start + step]
        rows = len(block)
        np.add(block[:, :1], right[None, :, 0], out=best[:rows])
        for m in range(1, models):
            np.add(block[:, m:m + 1], right[None, :, m], out=other[:rows])
            np.maximum(best[:rows], other[:rows], out=best[:rows])
        counts += np.bincount((best[:rows] % models).ravel(), minlength=models)
    # The remainder is M − 1 − position; the all-zero setting (first row of both halves) went to
    # position 0 and is not a setting at all.
    wins = [int(x) for x in counts[::-1]]
    wins[0] -= 1
    return wins


def _partial(table: npt.NDArray[np.int64], levels: int) -> npt.NDArray[np.int64]:
    """Every setting of these criteria (row 0 all zero) times their points: settings × models."""
    import numpy as np

    k = table.shape[0]
    if k == 0:
        return np.zeros((1, table.shape[1]), dtype=np.int64)
    grid = np.indices((levels,) * k, dtype=np.int64).reshape(k, -1).T
    return grid @ table
