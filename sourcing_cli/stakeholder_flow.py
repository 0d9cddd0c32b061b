"""One stakeholder's weighting questions: which step comes next, its default, what an answer does.

``sourcing interview --stakeholder NAME`` asks only how NAME weighs the criteria, in one of two
ways, then NAME's voice in the group:

* **priorities** — one 0..5 priority per criterion, as the plain interview asks them;
* **pairwise** — pick the criteria that matter (criteria left out weigh 0), then for each pair
  "which matters more, and how much?" on Saaty's 1..9 scale, read from either side (so 1/3 is
  "the other one, 3 times"). The pairs come column by column (b with a; c with a and b; …), so
  after each judgement the criteria judged so far form a complete set whose consistency ratio
  (:mod:`sourcing_cli.methods.ahp`) is shown as the stakeholder goes. When the last pair leaves the
  ratio above 0.10, a review step names the judgement most at odds with the rest (the same
  explanation ``sourcing assess`` gives) and offers to revise it — its default then being the value
  the other judgements imply — or to keep the set as it is, knowingly.

A pure state machine, like :mod:`sourcing_cli.interview`: the state is what the stakeholder's entry
in the profile holds (:class:`StakeholderAnswers`), so a run resumes from a file at the first
unanswered step; answering moves on, :meth:`StakeholderFlow.back` goes back keeping the answers,
:meth:`StakeholderFlow.accept_defaults` answers the rest with their defaults. The defaults of a new
stakeholder follow the profile's answers: the priorities its weight rules give, and for a pair the
point of Saaty's scale nearest to the ratio of those weights.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from sourcing_cli import weights
from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import show
from sourcing_cli.interview import PRIORITY, typed_number
from sourcing_cli.methods.ahp import (
    CR_LIMIT,
    SAATY_SCALE,
    AhpResult,
    Judgement,
    ahp,
    show_ratio,
)
from sourcing_cli.methods.pairwise import inconsistency
from sourcing_cli.profile import resolve_answers
from sourcing_cli.records import record
from sourcing_cli.render.escape import terminal as shown

Mode = Literal["priorities", "pairwise"]
Kind = Literal["mode", "criteria", "priority", "pair", "review", "weight"]
Pair = tuple[str, str]  # two criterion ids, in catalog order
MODES: tuple[tuple[str, Mode], ...] = (
    ("Give each criterion a priority from 0 (ignore it) to 5 (decisive)", "priorities"),
    ("Compare the criteria two at a time (pairwise, Saaty's 1-9 scale)", "pairwise"),
)
REVISE, KEEP = "revise", "keep"
# Saaty's verbal scale (1980): the odd values are the named degrees, the even ones between them.
DEGREES = {1: "equally", 2: "equally to moderately", 3: "moderately", 4: "moderately to strongly",
           5: "strongly", 6: "strongly to very strongly", 7: "very strongly",
           8: "very strongly to extremely", 9: "extremely"}


@record
class Step:
    """One thing asked: the way to weigh, the criteria compared, a priority, a pair, the review of
    an inconsistent set, or the voice weight."""

    kind: Kind
    key: str
    text: str
    help: str = ""
    choices: tuple[tuple[str, Any], ...] = ()
    pair: Pair | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("priority", "weight")

    @property
    def multiple(self) -> bool:
        """Answered by ticking any number of the choices (a list of their values)."""
        return self.kind == "criteria"


@dataclass
class StakeholderAnswers:
    """One stakeholder's entry, as far as the interview knows it."""

    name: str
    mode: Mode | None = None
    priorities: dict[str, float] = field(default_factory=dict)
    criteria: tuple[str, ...] | None = None  # compared pairwise; None: not chosen yet
    judgements: dict[Pair, Fraction] = field(default_factory=dict)  # first over second
    written: dict[Pair, list[Any]] = field(default_factory=dict)  # a judgement as the file had it
    weight: float | None = None

    def entry(self) -> dict[str, Any]:
        """The entry to write: ``{name, priorities | pairwise, weight}``, as the profile format has it."""
        out: dict[str, Any] = {"name": self.name}
        if self.mode == "priorities":
            out["priorities"] = dict(self.priorities)
        elif self.mode == "pairwise":
            out["pairwise"] = [self._triple(pair) for pair in self.judgements]
        if self.weight is not None:
            out["weight"] = self.weight
        return out

    def _triple(self, pair: Pair) -> list[Any]:
        ratio = self.judgements[pair]
        kept = self.written.get(pair)
        if kept is not None:
            return kept
        a, b = pair
        if ratio >= 1:  # the one that matters more comes first, N a whole number when it can be
            return [a, b, _number(ratio)]
        return [b, a, _number(1 / ratio)]


def _number(value: Fraction) -> int | str:
    return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def pairs_of(criteria: Sequence[str]) -> list[Pair]:
    """Every pair, column by column: (c0, c1); (c0, c2), (c1, c2); … — so that each finished
    column completes a set of criteria whose consistency can be computed."""
    return [(criteria[i], criteria[j]) for j in range(1, len(criteria)) for i in range(j)]


class StakeholderFlow:
    """The cursor over one stakeholder's steps and the answers so far."""

    def __init__(self, catalog: Catalog, state: StakeholderAnswers,
                 answers: Mapping[str, Any] | None = None) -> None:
        self.catalog = catalog
        self.state = dataclasses.replace(
            state, priorities=dict(state.priorities), judgements=dict(state.judgements),
            written=dict(state.written))
        self.answers = resolve_answers(catalog, answers or {})[0]
        self.kept_inconsistent = False  # the stakeholder chose to keep a set above the limit
        self.suggested: dict[Pair, Fraction] = {}  # defaults offered while revising
        self.revising = False
        self._memo: dict[tuple[tuple[Pair, Fraction], ...], AhpResult] = {}
        self.position = self._first_open()

    # ---- the steps ------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        name = self.catalog.criterion
        out = [Step("mode", "mode", "How do you want to weigh the criteria?",
                    "Priorities: a number per criterion. Pairwise: which of two matters more, for "
                    "every pair of the criteria you pick (the consistency of your judgements is "
                    "checked as you go).", MODES)]
        if self.state.mode == "priorities":
            for criterion in self.catalog.criteria:
                out.append(Step("priority", criterion.id,
                                f"Priority of {shown(criterion.name).lower()} (0 = ignore it, 5 = "
                                "decisive)?", shown(criterion.description.strip())))
        elif self.state.mode == "pairwise":
            out.append(Step(
                "criteria", "criteria", "Which criteria matter to you?",
                "Space ticks or unticks one, a ticks all or none, Enter confirms; at least two. Criteria "
                "left out weigh 0.",
                tuple((shown(c.name), c.id) for c in self.catalog.criteria)))
            note = self.consistency_note()
            for a, b in pairs_of(self.state.criteria or ()):
                first, second = shown(name(a).name), shown(name(b).name)
                choices = [(f"{first}, {DEGREES[n]} more ({n})", Fraction(n)) for n in range(9, 1, -1)]
                choices.append(("Both equally (1)", Fraction(1)))
                choices += [(f"{second}, {DEGREES[n]} more ({n})", Fraction(1, n)) for n in range(2, 10)]
                given = self.state.judgements.get((a, b))
                if given is not None and given not in SAATY_SCALE:
                    choices.append((f"As written: {first} {show_ratio(given)} times {second}", given))
                out.append(Step("pair", f"{a}|{b}",
                                f"{first} or {second}: which matters more, and how much?",
                                note, tuple(choices), (a, b)))
            if self._review_applies():
                out.append(Step("review", "review",
                                "Revise the judgement most at odds with the others?",
                                self.review_note(), (
                                    ("Revise it (Enter: the value the others imply)", REVISE),
                                    ("Keep my judgements as they are (assess will refuse them)",
                                     KEEP))))
        out.append(Step("weight", "weight",
                        "How much say should this stakeholder have in the group (voice weight)?",
                        "1 = as much as anyone without a weight; 2 = twice as much. Any number "
                        "above 0."))
        return out

    @property
    def current(self) -> Step | None:
        steps = self.steps()
        return steps[self.position] if self.position < len(steps) else None

    @property
    def complete(self) -> bool:
        return all(self.answered(s) for s in self.steps())

    def answered(self, step: Step) -> bool:
        if step.kind == "review":
            return self.kept_inconsistent
        return self.value(step) is not None

    def value(self, step: Step) -> Any:
        state = self.state
        if step.kind == "mode":
            return state.mode
        if step.kind == "criteria":
            return list(state.criteria) if state.criteria is not None else None
        if step.kind == "priority":
            return state.priorities.get(step.key)
        if step.kind == "pair":
            assert step.pair is not None
            return state.judgements.get(step.pair)
        if step.kind == "review":
            return KEEP if self.kept_inconsistent else None
        return state.weight

    def progress(self) -> tuple[int, int]:
        """(number of the current step, number of steps), both counted from 1."""
        return self.position + 1, len(self.steps())

    def saved_count(self) -> int:
        """How many answers the written entry holds."""
        state = self.state
        counted = (state.mode is not None) + (state.weight is not None)
        if state.mode == "priorities":
            counted += len(state.priorities)
        elif state.mode == "pairwise":
            counted += (state.criteria is not None) + len(state.judgements)
        return counted

    # ---- consistency --------------------------------------------------------------------------

    def judged(self) -> AhpResult | None:
        """AHP over the largest set of leading criteria whose pairs are all judged (two or more)."""
        criteria = self.state.criteria or ()
        done = 1
        while done < len(criteria) and all(
                (criteria[i], criteria[done]) in self.state.judgements for i in range(done)):
            done += 1
        if done < 2:
            return None
        subset = criteria[:done]
        key = tuple((p, self.state.judgements[p]) for p in pairs_of(subset))
        if key not in self._memo:
            self._memo[key] = ahp([Judgement(a, b, r) for (a, b), r in key], subset)
        return self._memo[key]

    def result(self) -> AhpResult | None:
        """AHP over every criterion compared, once every pair is judged."""
        found = self.judged()
        criteria = self.state.criteria or ()
        return found if found is not None and len(found.criteria) == len(criteria) else None

    def consistency_note(self) -> str:
        found = self.judged()
        if found is None or len(found.criteria) < 3:
            return "Consistency is checked once three criteria are compared with each other."
        verdict = "consistent" if found.consistent else f"above {CR_LIMIT:.2f}: inconsistent"
        return (f"Consistency ratio so far: {found.consistency_ratio:.2f} ({verdict}) over "
                f"{len(found.criteria)} criteria.")

    def review_note(self) -> str:
        found = self.result()
        if found is None or found.consistent:
            return ""
        text = inconsistency(found)
        return text[0].upper() + text[1:] + "."

    def _review_applies(self) -> bool:
        found = self.result()
        return found is not None and not found.consistent and found.worst is not None

    def worst_pair(self) -> tuple[Pair, Fraction] | None:
        """The pair (catalog order) of the judgement most at odds, and the value the rest imply."""
        found = self.result()
        if found is None or found.worst is None or found.consistent:
            return None
        j = found.worst.judgement
        if (j.more, j.less) in self.state.judgements:
            return (j.more, j.less), found.worst.suggested
        return (j.less, j.more), 1 / found.worst.suggested

    # ---- defaults and checking ------------------------------------------------------------------

    def default(self, step: Step) -> Any:
        """What Enter accepts: the answer so far, else a default that follows the profile's answers."""
        if step.kind == "pair" and step.pair in self.suggested:
            return self.suggested[step.pair]
        given = self.value(step)
        if given is not None:
            return given
        if step.kind == "mode":
            return "priorities"
        if step.kind == "criteria":  # the criteria already judged, else all of them
            named = [c for c in self.catalog.criterion_ids
                     if any(c in pair for pair in self.state.judgements)]
            return named if len(named) >= 2 else list(self.catalog.criterion_ids)
        if step.kind == "priority":
            return self.derived()[step.key]
        if step.kind == "pair":
            assert step.pair is not None
            return self.implied(*step.pair)
        if step.kind == "review":
            return REVISE
        return 1

    def derived(self) -> dict[str, float]:
        """Each criterion's weight from the profile's answers (its weight rules, else its default)."""
        return dict(weights.resolve(self.catalog, self.answers, {}).values)

    def implied(self, a: str, b: str) -> Fraction:
        """The point of Saaty's scale nearest to the ratio of the derived weights of ``a`` and ``b``."""
        derived = self.derived()
        wa, wb = derived[a], derived[b]
        if wa <= 0 and wb <= 0:
            return Fraction(1)
        if wb <= 0 or wa <= 0:
            return SAATY_SCALE[-1] if wb <= 0 else SAATY_SCALE[0]
        ratio = math.log(wa / wb)
        return min(SAATY_SCALE, key=lambda s: (abs(math.log(s) - ratio), s))

    def parse(self, step: Step, text: str) -> Any:
        """A typed entry as the value to check: a number where one is asked, else the text."""
        text = text.strip()
        if step.multiple:  # the ticked values, as a checkbox list hands them over
            return [part.strip() for part in text.split(",") if part.strip()]
        return typed_number(text) if step.numeric else text

    def check(self, step: Step, value: Any) -> str | None:
        """Why ``value`` is refused for ``step`` (``None`` when it is fine)."""
        if step.kind == "priority":
            problem = PRIORITY.check(value)
            if problem is None:
                given = {**self.state.priorities, step.key: value}
                if weights.resolve(self.catalog, self.answers, given).all_zero:
                    problem = "every criterion would weigh 0; give at least one a priority above 0"
            return problem
        if step.kind == "weight":
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                return f"expected a number above 0, such as 1 or 2, got {show(value)}"
            return None if value > 0 else f"must be above 0 (a voice), got {show(value)}"
        if step.kind == "criteria":
            if not isinstance(value, list | tuple) or len(set(value)) < 2:
                return "pick at least two criteria to compare (Space ticks one)"
            unknown = [c for c in value if c not in self.catalog.criterion_ids]
            return f"unknown criteria: {', '.join(map(str, unknown))}" if unknown else None
        allowed = [v for _, v in step.choices]
        return None if value in allowed else f"{show(value)} is not one of the choices"

    def check_text(self, step: Step, text: str) -> str | None:
        return self.check(step, self.parse(step, text))

    # ---- moving ----------------------------------------------------------------------------------

    def answer(self, value: Any) -> str | None:
        """Record an answer to the current step and move on; or say why it is refused."""
        step = self.current
        if step is None:
            return "the interview is complete"
        problem = self.check(step, value)
        if problem is not None:
            return problem
        if step.kind == "review" and value == REVISE:
            worst = self.worst_pair()
            assert worst is not None
            pair, suggestion = worst
            self.suggested = {pair: suggestion}
            self.revising = True
            self.position = next(i for i, s in enumerate(self.steps()) if s.pair == pair)
            return None
        self._record(step, value)
        if self.revising and step.kind == "pair":
            self.revising = False
            self.suggested = {}
            self.position = self._first_open()
            return None
        self.position += 1
        return None

    def rewind(self) -> None:
        """Go to the first step, to go over the answers again (they are the defaults)."""
        self.position = 0

    def back(self) -> bool:
        if self.position == 0:
            return False
        self.revising, self.suggested = False, {}
        self.position -= 1
        return True

    def accept_defaults(self) -> str | None:
        """Answer every remaining step with its default (keeping an inconsistent set, knowingly:
        the review's default would revise, and revising is a choice only the stakeholder can make)."""
        while (step := self.current) is not None:
            value = KEEP if step.kind == "review" else self.default(step)
            problem = self.answer(value)
            if problem is not None:
                return problem
        return None

    def _record(self, step: Step, value: Any) -> None:
        state = self.state
        if step.kind == "mode":
            if value != state.mode:
                state.priorities, state.criteria, state.judgements = {}, None, {}
                state.written = {}
            state.mode = value
        elif step.kind == "criteria":
            order = [c for c in self.catalog.criterion_ids if c in value]
            state.criteria = tuple(order)
            keep = set(pairs_of(order))
            state.judgements = {p: r for p, r in state.judgements.items() if p in keep}
            state.written = {p: w for p, w in state.written.items() if p in keep}
            self.kept_inconsistent = False
        elif step.kind == "priority":
            state.priorities = {c: value if c == step.key else state.priorities[c]
                                for c in self.catalog.criterion_ids
                                if c == step.key or c in state.priorities}
        elif step.kind == "pair":
            assert step.pair is not None
            if state.judgements.get(step.pair) != value:
                state.written.pop(step.pair, None)
                self.kept_inconsistent = False
            state.judgements[step.pair] = value
            ordered = pairs_of(state.criteria or ())
            state.judgements = {p: state.judgements[p] for p in ordered if p in state.judgements}
        elif step.kind == "review":
            self.kept_inconsistent = True
        else:
            state.weight = value

    def _first_open(self) -> int:
        steps = self.steps()
        return next((i for i, s in enumerate(steps) if not self.answered(s)), len(steps))

    # ---- the outcome ------------------------------------------------------------------------------

    def resolved_priorities(self) -> dict[str, float]:
        return dict(weights.resolve(self.catalog, self.answers, self.state.priorities).values)
