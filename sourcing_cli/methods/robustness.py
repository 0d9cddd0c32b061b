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
    split = (n + 1) // 2
    # Adding one number to every model's score changes no winner, so each half's scores are
    # measured from the first model's; the settings of a half that then score alike are one row
    # with a count. With the catalog's many equal ratings that often leaves a third of the pairs
    # to add up; when it does not save half of them, the plain rows are quicker.
    left = _partial(table[:split], levels)
    right = _partial(table[split:], levels)
    left, right = left - left[:, :1], right - right[:, :1]
    left_rows, left_counts = _merged(left)
    right_rows, right_counts = _merged(right)
    weights: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None
    if 2 * len(left_rows) * len(right_rows) <= len(left) * len(right):
        left, right, weights = left_rows, right_rows, (left_counts, right_counts)
    top = (int(np.abs(left).max()) + int(np.abs(right).max()) + 1) * models + models
    dtype = np.int16 if top < 2**15 else np.int32 if top < 2**31 else np.int64
    left = (left * models).astype(dtype)
    right = (right * models + (models - 1 - np.arange(models))).astype(dtype)
    counts = np.zeros(models, dtype=np.float64 if weights else np.int64)
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
        position = (best[:rows] % models).ravel()
        if weights is None:
            counts += np.bincount(position, minlength=models)
        else:  # float64 counts are exact: there are far fewer than 2⁵³ settings
            pairs = np.outer(weights[0][start:start + rows], weights[1]).ravel()
            counts += np.bincount(position, weights=pairs, minlength=models)
    # The remainder is M − 1 − position; the all-zero setting (in the first row of both halves)
    # went to position 0 and is not a setting at all.
    wins = [int(x) for x in np.rint(counts[::-1])]
    wins[0] -= 1
    return wins


def _merged(rows: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct rows and how often each occurs (each row read as one number: a quick sort)."""
    import numpy as np

    low = int(rows.min())
    span = int(rows.max()) - low + 1
    if span ** rows.shape[1] >= 2**62:  # too wide to read as one number: leave the rows as they are
        return rows, np.ones(len(rows), dtype=np.int64)
    keys = (rows - low) @ (span ** np.arange(rows.shape[1], dtype=np.int64))
    _, first, counts = np.unique(keys, return_index=True, return_counts=True)
    return rows[first], counts


def _partial(table: npt.NDArray[np.int64], levels: int) -> npt.NDArray[np.int64]:
    """Every setting of these criteria (row 0 all zero) times their points: settings × models."""
    import numpy as np

    k = table.shape[0]
    if k == 0:
        return np.zeros((1, table.shape[1]), dtype=np.int64)
    grid = np.indices((levels,) * k, dtype=np.int64).reshape(k, -1).T
    return grid @ table
