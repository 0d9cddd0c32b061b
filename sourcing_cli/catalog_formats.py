"""The catalog's file formats: one pydantic model per ``kind`` (:data:`FILE_KINDS`), and the sizes a
catalog may reach.

What a file may contain is declared here; :mod:`sourcing_cli.catalog_files` reads the files,
validates each against its model and cross-checks them into a :class:`~sourcing_cli.catalog.Catalog`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from sourcing_cli.catalog_types import Cite, Id, When
from sourcing_cli.redflags_files import RedFlagsFile
from sourcing_cli.regions_files import RegionsFile
from sourcing_cli.validation import Strict

# Sizes that keep an assessment within seconds (docs/limits.md): every model is scored on every
# criterion, and the tipping points re-score for every answer.
MAX_MODELS = 20
MAX_CRITERIA = 40
MAX_QUESTIONS = 100
LIMITS = "(see docs/limits.md)"


class ModelSpec(Strict):
    id: Id
    name: str
    short: Annotated[str, Field(max_length=12)]
    description: str
    cite: Cite


class ModelsFile(Strict):
    kind: Literal["models"]
    models: Annotated[list[ModelSpec], Field(min_length=2)]


class ChoiceSpec(Strict):
    value: Id
    label: str


class QuestionSpec(Strict):
    id: Id
    text: str
    help: str = ""
    type: Literal["choice", "integer", "number", "boolean"]
    choices: list[ChoiceSpec] | None = None
    min: float | None = None
    max: float | None = None
    default: Any
    when: When | None = None


class QuestionsFile(Strict):
    kind: Literal["questions"]
    questions: Annotated[list[QuestionSpec], Field(min_length=1)]


# How far a rating may plausibly be off, in rating points, when a rating declares no
# ``uncertainty``: one point either way (the passage gives the direction, the level is a
# judgement). The scale (README, "Your own catalog"): 0 a fact, 0.5 stated plainly by the cited
# passage, 1 a judgement, 1.5 an inference from a passage about something else, 2 a guess.
DEFAULT_RATING_UNCERTAINTY = 1.0
UNCERTAINTY_HELP = (
    "How far the rating may plausibly be off, in rating points either way (default 1): 0 a fact, "
    "0.5 stated plainly by the cited passage, 1 the direction stated and the level a judgement, "
    "1.5 inferred from a passage about another model or criterion, 2 a guess.")


class RatingSpec(Strict):
    rating: Annotated[int, Field(ge=1, le=5)]
    reason: str
    cite: Cite
    uncertainty: Annotated[float, Field(ge=0, le=2)] | None = Field(
        default=None, description=UNCERTAINTY_HELP)


class WeightRuleSpec(Strict):
    when: When
    weight: Annotated[float, Field(ge=0, le=5)]
    reason: str
    cite: Cite | None = None


class AdjustmentSpec(Strict):
    id: Id
    when: When = {}  # always: an adjustment on vendor evidence may test only its ``where``
    where: When | None = None
    delta: dict[str, Annotated[int, Field(ge=-4, le=4)]]
    reason: str
    double_count: Annotated[str, Field(min_length=3)] | None = None
    cite: Cite


class CriterionFile(Strict):
    kind: Literal["criterion"]
    id: Id
    name: str
    short: Annotated[str, Field(max_length=6)]
    order: int
    description: str
    weight: Annotated[float, Field(ge=0, le=5)]
    weight_rules: list[WeightRuleSpec] = []
    ratings: dict[str, RatingSpec]
    adjustments: list[AdjustmentSpec] = []


class KnockoutSpec(Strict):
    id: Id
    when: When
    where: When | None = None
    models: Annotated[list[str], Field(min_length=1)]
    reason: str
    cite: Cite


class KnockoutsFile(Strict):
    kind: Literal["knockouts"]
    knockouts: list[KnockoutSpec]


class SourceSpec(Strict):
    id: Id
    title: str
    publisher: str
    published: str


class SourcesFile(Strict):
    kind: Literal["sources"]
    sources: Annotated[list[SourceSpec], Field(min_length=1)]


FILE_KINDS: dict[str, type[Strict]] = {
    "models": ModelsFile,
    "questions": QuestionsFile,
    "criterion": CriterionFile,
    "knockouts": KnockoutsFile,
    "sources": SourcesFile,
    "red_flags": RedFlagsFile,
    "regions": RegionsFile,
}
