"""The interview flow: which step comes next, what its default is, and what an answer does.

A pure state machine over the catalog's questions (in catalog order, skipping a question whose
``when`` does not hold), then one priority per criterion, the profile name, and the home time zone
and country. It knows nothing of terminals: ``sourcing interview`` drives it with prompts
(:mod:`sourcing_cli.prompts`), the unit tests with scripted answers. Every answer is checked by
the validators that check profile files — :func:`~sourcing_cli.answers.check_answer`,
:func:`~sourcing_cli.validation.check_timezone`, :func:`~sourcing_cli.validation.check_country`
and the profile model itself for the name — never by a second set of rules.

The state is what a profile holds (:class:`Answers`), so a run resumes from a file: the cursor starts
at the first applicable step that has no answer. :meth:`Interview.back` moves the cursor to the
previous applicable step and keeps every answer; answering moves on to the next applicable step.
:meth:`Interview.accept_defaults` answers every remaining step with its answer so far or its
default. An answer that makes a question inapplicable drops that question's answer, so the file
never keeps an answer to a question that was not asked.

The home time zone and country are two steps but one profile entry (``home`` needs both): the zone
is held until the country is answered, and only then is it written.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from pydantic import ValidationError

from sourcing_cli import weights
from sourcing_cli.catalog import Catalog, Question
from sourcing_cli.conditions import FieldSpec, holds
from sourcing_cli.profile import Profile, ProfileFile, check_answer, resolve_answers
from sourcing_cli.profile_writer import Pending, block, render_profile
from sourcing_cli.records import record
from sourcing_cli.validation import check_country, check_timezone, explain

StepKind = Literal["question", "priority", "name", "timezone", "country"]
PRIORITY = FieldSpec("priority", "number", minimum=0, maximum=5)
NAMELESS = "My sourcing decision"
ASKED = ("version", "name", "home", "answers", "priorities", "decision")


@record
class Step:
    """One thing the interview asks: a catalog question, a criterion's priority, or a home detail."""

    kind: StepKind
    key: str
    text: str
    help: str = ""
    question: Question | None = None

    @property
    def choices(self) -> tuple[tuple[str, Any], ...]:
        """(label, value) pairs for a step answered by picking from a list; empty otherwise."""
        if self.question is None:
            return ()
        spec = self.question.spec
        if spec.kind == "boolean":
            return (("Yes", True), ("No", False))
        if spec.kind == "choice":
            return tuple((self.question.labels.get(value, value), value) for value in spec.choices)
        return ()

    @property
    def numeric(self) -> bool:
        return self.kind == "priority" or (
            self.question is not None and self.question.spec.kind in ("integer", "number"))


@dataclass
class Answers:
    """What a profile holds, as far as the interview knows; what it does not ask is carried along."""

    answers: dict[str, Any] = field(default_factory=dict)
    priorities: dict[str, float] = field(default_factory=dict)
    name: str | None = None
    timezone: str | None = None
    country: str | None = None
    decision: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_profile(cls, profile: Profile) -> Answers:
        raw = profile.doc.data if isinstance(profile.doc.data, dict) else {}
        home = profile.home
        # The values as the file holds them (15.0 stays 15.0), so a rewrite changes none of them.
        given = _mapping(raw.get("answers"))
        written = _mapping(raw.get("priorities"))
        return cls(
            answers={key: given.get(key, profile.answers[key]) for key in sorted(profile.given)},
            priorities={key: written.get(key, value) for key, value in profile.priorities.items()},
            name=raw.get("name") if isinstance(raw.get("name"), str) else None,
            timezone=home.timezone if home else None,
            country=home.country if home else None,
            decision=profile.decision,
            extra={key: value for key, value in raw.items() if key not in ASKED},
        )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def build_steps(catalog: Catalog) -> tuple[Step, ...]:
    steps = [Step("question", q.id, q.text, q.help, q) for q in catalog.questions]
    for criterion in catalog.criteria:
        steps.append(Step("priority", criterion.id,
                          f"Priority of {criterion.name.lower()} (0 = ignore it, 5 = decisive)?",
                          criterion.description.strip()))
    steps.append(Step("name", "name", "What should this profile be called?",
                      "The title of the assessment, e.g. the function and the company."))
    steps.append(Step("timezone", "timezone", "Your home time zone (an IANA name such as Europe/Berlin)?",
                      "Used to compute the working-day overlap with vendors."))
    steps.append(Step("country", "country", "Your home country (ISO 3166 two-letter code)?"))
    return tuple(steps)


class Interview:
    """The cursor over the steps and the answers so far."""

    def __init__(
        self, catalog: Catalog, state: Answers | None = None, *,
        local_zone: str = "UTC", fallback_country: str = "US",
    ) -> None:
        self.catalog = catalog
        self.steps = build_steps(catalog)
        self.state = dataclasses.replace(state) if state else Answers()
        self.state.answers = dict(self.state.answers)
        self.state.priorities = dict(self.state.priorities)
        self.local_zone = local_zone
        self.fallback_country = fallback_country
        self.position = self._first_open()

    # ---- where we are ---------------------------------------------------------------------

    @property
    def current(self) -> Step | None:
        return self.steps[self.position] if self.position < len(self.steps) else None

    @property
    def complete(self) -> bool:
        return all(self.answered(s) for s in self.steps if self.applies(s))

    def applies(self, step: Step) -> bool:
        if step.kind == "priority":  # pairwise judgements or stakeholders, kept, give the weights
            return not self.weighs_pairwise
        if step.question is None or step.question.when is None:
            return True
        return holds(step.question.when, self.resolved())

    @property
    def weighs_pairwise(self) -> bool:
        """Whether the profile's weights come from elsewhere — pairwise (AHP) judgements or its
        stakeholders' weights (``sourcing interview --stakeholder``): it must then give no
        priorities."""
        return "pairwise" in self.state.extra or "stakeholders" in self.state.extra

    def answered(self, step: Step) -> bool:
        return self.value(step) is not None

    def value(self, step: Step) -> Any:
        """The answer given so far, or ``None``."""
        state = self.state
        if step.kind == "question":
            return state.answers.get(step.key)
        if step.kind == "priority":
            return state.priorities.get(step.key)
        return {"name": state.name, "timezone": state.timezone, "country": state.country}[step.kind]

    def progress(self) -> tuple[int, int]:
        """(number of the current step, number of steps that apply), both counted from 1."""
        applicable = [i for i, s in enumerate(self.steps) if self.applies(s)]
        done = sum(1 for i in applicable if i < self.position)
        return done + 1, len(applicable)

    def saved_count(self) -> int:
        """How many answers the written file holds (a time zone waits for its country)."""
        state = self.state
        home = 2 if state.timezone is not None and state.country is not None else 0
        return len(state.answers) + len(state.priorities) + (state.name is not None) + home

    def resolved(self) -> dict[str, Any]:
        return resolve_answers(self.catalog, self.state.answers)[0]

    # ---- defaults ---------------------------------------------------------------------------

    def default(self, step: Step) -> Any:
        """What Enter accepts: the answer so far, else the catalog's default or a derived one."""
        given = self.value(step)
        if given is not None:
            return given
        if step.question is not None:
            return step.question.default
        if step.kind == "priority":
            return self.derived_priorities()[step.key]
        if step.kind == "name":
            return self.suggested_name()
        if step.kind == "timezone":
            return self.local_zone
        return country_of_zone(self.state.timezone or self.local_zone) or self.fallback_country

    def derived_priorities(self) -> dict[str, float]:
        """Each criterion's weight from the answers (its weight rules, else its default)."""
        return dict(weights.resolve(self.catalog, self.resolved(), {}).values)

    def suggested_name(self) -> str:
        first = self.catalog.questions[0] if self.catalog.questions else None
        if first is None or first.spec.kind != "choice":
            return NAMELESS
        value = str(self.resolved().get(first.id))
        return f"{first.labels.get(value, value)} — sourcing decision"

    # ---- checking --------------------------------------------------------------------------

    def parse(self, step: Step, text: str) -> Any:
        """A typed entry as the value to check: a number for numeric steps, else stripped text."""
        text = text.strip()
        if step.kind == "country":
            return text.upper()
        return typed_number(text) if step.numeric else text

    def check(self, step: Step, value: Any) -> tuple[Any, str | None]:
        """The value to record and why it is refused (``None`` when it is fine)."""
        if step.question is not None:
            return check_answer(step.question, value)
        if step.kind == "priority":
            problem = PRIORITY.check(value)
            if problem is None and self._weights_with(step.key, value).all_zero:
                problem = "every criterion would weigh 0; give at least one a priority above 0"
            return value, problem
        if step.kind == "name":
            try:
                ProfileFile.model_validate({"version": 1, "name": value})
            except ValidationError as exc:
                return value, explain(exc.errors()[0])
            return value, None
        if step.kind == "timezone":
            return value, check_timezone(value)
        return value, check_country(value)

    def check_text(self, step: Step, text: str) -> str | None:
        return self.check(step, self.parse(step, text))[1]

    def _weights_with(self, criterion: str, value: float) -> weights.Weights:
        priorities = {**self.state.priorities, criterion: value}
        return weights.resolve(self.catalog, self.resolved(), priorities)

    # ---- moving ----------------------------------------------------------------------------

    def answer(self, value: Any) -> str | None:
        """Record an answer to the current step and move on; or say why it is refused."""
        step = self.current
        if step is None:
            return "the interview is complete"
        value, problem = self.check(step, value)
        if problem is not None:
            return problem
        self._record(step, value)
        self.position = self._next_applicable(self.position + 1)
        return None

    def rewind(self) -> None:
        """Go to the first step, to go over the answers again (they are the defaults)."""
        self.position = self._next_applicable(0)

    def back(self) -> bool:
        """Go back to the previous applicable step, keeping its answer as the default."""
        for index in range(self.position - 1, -1, -1):
            if self.applies(self.steps[index]):
                self.position = index
                return True
        return False

    def accept_defaults(self) -> str | None:
        """Answer every remaining step with its default; stop at one whose default is refused."""
        while (step := self.current) is not None:
            problem = self.answer(self.default(step))
            if problem is not None:
                return problem
        return None

    def _record(self, step: Step, value: Any) -> None:
        state = self.state
        if step.kind == "question":
            state.answers[step.key] = value
            for other in self.steps:  # drop answers to questions that no longer apply
                if other.question is not None and other.key in state.answers and not self.applies(other):
                    del state.answers[other.key]
        elif step.kind == "priority":
            state.priorities[step.key] = value
        elif step.kind == "name":
            state.name = value
        elif step.kind == "timezone":
            state.timezone = value
        else:
            state.country = value

    # ---- the file ----------------------------------------------------------------------------

    def render(self, intro: str) -> str:
        """The profile so far: answered steps as values, the others commented out with defaults."""
        state = self.state
        home = None
        if state.timezone is not None and state.country is not None:
            home = {"country": state.country, "timezone": state.timezone}
        derived = self.derived_priorities()
        pending = Pending(
            name=self.default(self.step("name", "name")),
            home={"country": self.default(self.step("country", "country")),
                  "timezone": self.default(self.step("timezone", "timezone"))},
            priorities={} if self.weighs_pairwise else {
                c: w for c, w in derived.items() if c not in state.priorities},
        )
        text = render_profile(self.catalog, name=state.name, home=home, answers=state.answers,
                              priorities=state.priorities, decision=state.decision, intro=intro,
                              pending=pending, weights_section="stakeholders" not in state.extra)
        if state.extra:
            text += "\n# Kept as they were (the interview does not ask about these).\n"
            for key, value in state.extra.items():
                text += "\n".join(block(key, value)) + "\n"
        return text

    def step(self, key: str, kind: StepKind | None = None) -> Step:
        """The step asking for ``key`` (a question id, a criterion id, name, timezone, country)."""
        return next(s for s in self.steps if s.key == key and kind in (None, s.kind))

    def _next_applicable(self, start: int) -> int:
        for index in range(start, len(self.steps)):
            if self.applies(self.steps[index]):
                return index
        return len(self.steps)

    def _first_open(self) -> int:
        for index, step in enumerate(self.steps):
            if self.applies(step) and not self.answered(step):
                return index
        return len(self.steps)


def country_of_zone(zone: str) -> str | None:
    """The country a time zone belongs to, from the zone database's ``zone.tab``."""
    return _zone_countries().get(zone)


@functools.cache
def _zone_countries() -> Mapping[str, str]:
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    zones: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            zones.setdefault(parts[2], parts[0])
    return zones


def typed_number(text: str) -> int | float | str:
    """An entry typed where a number is asked: an ``int`` or ``float`` when it reads as one, else
    the text as typed, for the step's check to refuse with its own message."""
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text
