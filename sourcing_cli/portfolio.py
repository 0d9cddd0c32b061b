"""The hybrid portfolio: how a profile's workstreams split over the models.

A profile with ``workstreams`` is assessed once for its shared answers and once per workstream
(with that workstream's overrides, :func:`workstream_profile`). :func:`portfolio_of` then groups
the workstreams by their recommended model: several models make a **hybrid** — the sources' R&D at
home, QA nearshore, support offshore. The sentence that says so is
:func:`sourcing_cli.render.text.hybrid_sentence`; the JSON, :mod:`sourcing_cli.render.assess_json`.
Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sourcing_cli.profile import Profile
from sourcing_cli.records import record

if TYPE_CHECKING:
    from sourcing_cli.profile_parts import Workstream


def workstream_profile(profile: Profile, stream: Workstream) -> Profile:
    """The profile as one workstream sees it: its answers and weighting (as
    :func:`sourcing_cli.weights.stream_weighting` resolved it), the vendors that serve it, no
    workstreams."""
    return dataclasses.replace(
        profile, answers=stream.answers, given=stream.given, defaulted=stream.defaulted,
        priorities=stream.priorities, decision=None, workstreams=(), ahp=stream.ahp,
        group=stream.group,
        vendors=tuple(v for v in profile.vendors if v.workstream == stream.name),
    )


@record
class Portfolio:
    hybrid: bool
    by_model: Mapping[str, tuple[str, ...]]  # catalog model order; only models that won a stream
    unassigned: tuple[str, ...]  # workstreams where every model was knocked out


def portfolio_of(model_ids: Sequence[str], picks: Sequence[tuple[str, str | None]]) -> Portfolio:
    """Group ``(workstream, recommended model or None)`` pairs by model."""
    by_model = {m: tuple(name for name, pick in picks if pick == m) for m in model_ids}
    used = {m: names for m, names in by_model.items() if names}
    unassigned = tuple(name for name, pick in picks if pick is None)
    return Portfolio(len(used) > 1, used, unassigned)
