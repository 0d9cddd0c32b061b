"""How robust the winner is: an exact count over every priority setting on the 0..5 grid.

Every criterion's priority takes each whole value 0..5, so a catalog of ``n`` criteria has ``6ⁿ``
settings (10,077,696 for the built-in nine). The setting with every priority 0 is left out — the
engine refuses it, as no model can be scored — so ``settings = 6ⁿ − 1``. Under each setting the
winner is decided exactly as the engine decides it: the highest ``Σ w·(r − 1)`` (the engine's score
times a positive constant, in integers, so ties are exact) with ties going to the model listed
first in the catalog.

The count is exact, not sampled, and needs no numerical library. For each model ``t`` it counts the
settings under which ``t`` beats every other model, criterion by criterion, keeping only what
decides the outcome (:func:`_wins_of`):

* the state after some criteria is ``t``'s lead over each opponent so far; settings that lead to
  the same state are one entry with a count;
* a lead that the remaining criteria cannot overturn is settled (the opponent is dropped from the
  state), and a deficit they cannot make up ends the branch — so the states stay few;
* criteria that move every lead in the same proportions are one step whose weight is their combined
  pull (a criterion that rates every model alike is no step at all, only a factor);
* the last step is not enumerated: the weights that keep every lead are an interval, counted at once.

One model's count is the rest of the grid (the one whose count would cost most: the most even
contests). The built-in catalog takes 2–10 ms.

The work is bounded in *lead updates* — one opponent's lead moved by one setting of one step, the
unit every part of the count costs (some five million a second): a count stops at :data:`MAX_WORK`
(under a second; only catalogs of many evenly matched models get there) and gives no figure. A
report counts through one :class:`GridCounter`, which counts each distinct rating matrix once
(workstreams often share one): the profile's own count may use :data:`MAX_WORK`, and the counts
of all its workstreams together :data:`STREAMS_WORK` (a fifth of a second or so) — past it a
workstream gets no figure — so a profile with ten thousand workstreams costs little more than a
second of counting, whatever they hold.
A catalog of more than :data:`MAX_CRITERIA` criteria gets no figure. No I/O.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from math import gcd

from sourcing_cli.records import record

LEVELS = 6  # priorities 0, 1, 2, 3, 4, 5
MAX_CRITERIA = 10
MAX_WORK = 4_000_000  # lead updates for one count: under a second
STREAMS_WORK = 1_000_000  # for the counts of all of a profile's workstreams together

Lead = tuple[int | None, ...]  # t's lead over each opponent so far; None once it is settled


@record
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
    return GridCounter().robustness(ratings, running, criteria, winner, levels)


class TooLarge(Exception):
    """The count would take more lead updates than its budget allows."""


class Budget:
    """Lead updates a count may still make; :meth:`spend` refuses work that would overdraw it."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.spent = 0

    def spend(self, work: int) -> None:
        if work > self.left:
            raise TooLarge
        self.left -= work
        self.spent += work


class GridCounter:
    """The robustness counts of one report: each distinct rating matrix is counted once; the first
    count (the profile's own) may make ``first`` lead updates and all the later ones (its
    workstreams') ``rest`` together, each at most :data:`MAX_WORK`.

    Which counts get a figure depends only on the matrices, in the order they are asked for, so
    the same report always gets the same figures.
    """

    def __init__(self, first: int = MAX_WORK, rest: int = STREAMS_WORK) -> None:
        self.left = first
        self._rest: int | None = rest
        self._wins: dict[tuple[int, tuple[tuple[int, ...], ...]], list[int] | None] = {}

    def robustness(
        self, ratings: Mapping[str, Mapping[str, int]], running: Sequence[str],
        criteria: Sequence[str], winner: str, levels: int = LEVELS,
    ) -> Robustness | None:
        """As :func:`robustness`, counting a matrix seen before only once."""
        if winner not in running or not criteria or len(criteria) > MAX_CRITERIA:
            return None
        points = tuple(tuple(ratings[m][c] - 1 for m in running) for c in criteria)
        key = (levels, points)
        if key not in self._wins:
            budget = Budget(min(MAX_WORK, self.left))
            try:
                self._wins[key] = win_counts(points, levels, budget=budget)
            except TooLarge:
                self._wins[key] = None
            self.left -= budget.spent
            if self._rest is not None:  # the first count is made: the rest share their own budget
                self.left, self._rest = self._rest, None
        wins = self._wins[key]
        if wins is None:
            return None
        counts = dict(zip(running, wins, strict=True))
        others = [(-n, i, m) for i, (m, n) in enumerate(counts.items()) if m != winner and n > 0]
        otherwise = min(others)[2] if others else None
        return Robustness(winner, counts[winner], levels ** len(criteria) - 1, otherwise, counts)


def win_counts(points: Sequence[Sequence[int]], levels: int = LEVELS,
               max_work: int | None = None, budget: Budget | None = None) -> list[int]:
    """Wins per model over every setting but the all-zero one; ``points[c][m] = rating − 1``.

    Raises :class:`TooLarge` before making more than ``max_work`` lead updates (default
    :data:`MAX_WORK`), or more than ``budget`` has left.
    """
    if budget is None:
        budget = Budget(MAX_WORK if max_work is None else max_work)
    models = len(points[0]) if points else 1
    settings = levels ** len(points)
    # The all-zero setting is counted like any other (every model ties, so the first one wins it)
    # and taken off the first model at the end.
    if models == 1:
        return [settings - 1]
    budget.spend(models * models * len(points))  # choosing the rest: every contest, once
    rest = max(range(models), key=lambda t: (_evenness(points, t), -t))
    wins = [0 if t == rest else _wins_of(points, t, levels, budget) for t in range(models)]
    wins[rest] = settings - sum(wins)
    wins[0] -= 1
    return wins


def _evenness(points: Sequence[Sequence[int]], t: int) -> int:
    """How even ``t``'s contests are: the smaller of what it can gain and lose, summed over opponents.

    Lopsided contests are settled in a step or two; the model with the most even ones has the most
    states to follow, so its count is the one taken as the rest of the grid.
    """
    total = 0
    for k in range(len(points[0])):
        if k != t:
            gain = sum(max(0, row[t] - row[k]) for row in points)
            loss = sum(max(0, row[k] - row[t]) for row in points)
            total += min(gain, loss)
    return total


@record
class _Step:
    """Criteria that move every lead in the same proportions, taken together.

    Weights ``w₁…wₖ`` of criteria whose leads are ``g₁·direction … gₖ·direction`` add
    ``(g₁w₁ + … + gₖwₖ)·direction``; ``pulls`` lists each value of that sum with how many settings
    give it.
    """

    direction: tuple[int, ...]
    pulls: tuple[tuple[int, int], ...]
    settings: int

    @property
    def reach(self) -> int:
        return self.pulls[-1][0]


def _steps(points: Sequence[Sequence[int]], t: int, opponents: Sequence[int],
           levels: int) -> tuple[list[_Step], int]:
    """The steps for model ``t``, most decisive first, and the factor of criteria that move nothing."""
    idle = 1
    groups: dict[tuple[int, ...], list[int]] = {}
    for row in points:
        lead = [row[t] - row[k] for k in opponents]
        g = gcd(*lead)
        if g == 0:
            idle *= levels
        else:
            groups.setdefault(tuple(x // g for x in lead), []).append(g)
    steps = [_Step(direction, _pulls(factors, levels), levels ** len(factors))
             for direction, factors in groups.items()]
    # Steps that touch many contests, and by much, settle or end most branches early.
    steps.sort(key=lambda s: (-sum(1 for x in s.direction if x),
                              -sum(abs(x) for x in s.direction) * s.reach))
    return steps, idle


def _pulls(factors: Sequence[int], levels: int) -> tuple[tuple[int, int], ...]:
    """Every value of ``Σ factor·w`` over ``w`` in ``0..levels−1``, with how many settings give it."""
    counts = {0: 1}
    for factor in factors:
        added: dict[int, int] = {}
        for total, n in counts.items():
            for w in range(levels):
                key = total + factor * w
                added[key] = added.get(key, 0) + n
        counts = added
    return tuple(sorted(counts.items()))


def _wins_of(points: Sequence[Sequence[int]], t: int, levels: int, budget: Budget) -> int:
    """The settings under which model ``t`` wins: it beats every model listed before it and at least
    ties every model listed after it."""
    opponents = [k for k in range(len(points[0])) if k != t]
    need = [1 if k < t else 0 for k in opponents]  # the final lead t needs over each opponent
    budget.spend(len(points) * len(opponents))
    steps, idle = _steps(points, t, opponents, levels)
    if not steps:  # every criterion rates t like every other model: a tie everywhere
        return 0 if any(need) else idle
    m = len(opponents)
    # After step i, a lead of at least settled[i][j] over opponent j cannot be overturned by the
    # steps still to come, and one below lost[i][j] cannot be made up.
    settled: list[tuple[int, ...]] = []
    lost: list[tuple[int, ...]] = []
    worst, best = [0] * m, [0] * m
    for step in reversed(steps):
        settled.append(tuple(n - w for n, w in zip(need, worst, strict=True)))
        lost.append(tuple(n - b for n, b in zip(need, best, strict=True)))
        for j, x in enumerate(step.direction):
            if x > 0:
                best[j] += x * step.reach
            else:
                worst[j] += x * step.reach
    settled.reverse()
    lost.reverse()
    after = [1] * (len(steps) + 1)  # settings of the steps after step i
    for i in range(len(steps) - 1, -1, -1):
        after[i] = after[i + 1] * steps[i].settings

    won = 0
    states: dict[Lead, int] = {(0,) * m: 1}
    for i, step in enumerate(steps[:-1]):
        moves = [(tuple(pull * x for x in step.direction), n) for pull, n in step.pulls]
        done, gone, later = settled[i], lost[i], after[i + 1]
        budget.spend(len(states) * len(moves) * m)
        following: dict[Lead, int] = {}
        for state, count in states.items():
            for delta, n in moves:
                lead: list[int | None] = []
                open_ = False
                for j in range(m):
                    v = state[j]
                    if v is not None:
                        v += delta[j]
                        if v >= done[j]:
                            v = None
                        elif v < gone[j]:
                            break
                        else:
                            open_ = True
                    lead.append(v)
                else:
                    if open_:
                        key = tuple(lead)
                        following[key] = following.get(key, 0) + count * n
                    else:  # every contest settled: all the settings still to come are wins
                        won += count * n * later
        states = following
    budget.spend(len(states) * m)
    return (won + _last_step(steps[-1], states, need)) * idle


def _last_step(step: _Step, states: Mapping[Lead, int], need: Sequence[int]) -> int:
    """Settings of the last step that win from each state: its pulls within one interval."""
    pulls = [pull for pull, _ in step.pulls]
    below = [0]  # below[i]: settings whose pull is under pulls[i]
    for _, n in step.pulls:
        below.append(below[-1] + n)
    won = 0
    for state, count in states.items():
        low, high = pulls[0], pulls[-1]
        for j, v in enumerate(state):
            if v is None:
                continue
            x, short = step.direction[j], need[j] - v  # the pull p must give p·x ≥ short
            if x > 0:
                low = max(low, -(-short // x))
            elif x < 0:
                high = min(high, short // x)
            elif short > 0:
                high = low - 1
        if low <= high:
            won += count * (below[bisect_right(pulls, high)] - below[bisect_left(pulls, low)])
    return won
