"""``diff --format json``: the profile diff as stable JSON (scores unrounded)."""

from __future__ import annotations

import json
from typing import Any

from sourcing_cli.diff import FlagMove, ProfileDiff, StakeholderWeighting, Weighting


def to_dict(diff: ProfileDiff) -> dict[str, Any]:
    return {
        "old": diff.old_path,
        "new": diff.new_path,
        "added": diff.added,
        "as_of": diff.as_of.isoformat() if diff.as_of is not None else None,
        "method": diff.method,
        "recommendation": {"old": diff.old_recommendation, "new": diff.new_recommendation,
                           "changed": diff.recommendation_changed,
                           "flipped_by": [c.label for c in diff.flipped_by],
                           "each_change_suffices": diff.each_suffices},
        "decision": {"old": diff.old_decision, "new": diff.new_decision},
        "changes": [
            {"kind": c.kind, "key": c.key, "old": _value(c.old), "new": _value(c.new),
             "old_defaulted": c.old_defaulted, "new_defaulted": c.new_defaulted,
             "recommendation_without": c.without, "recommendation_alone": c.alone,
             "flips": c.flips, "suffices": c.suffices}
            for c in diff.changes
        ],
        "weights": [{"criterion": c, "old": a, "new": b} for c, a, b in diff.weights],
        "models": [
            {"model": m.model, "old_score": m.old_score, "new_score": m.new_score,
             "delta": None if m.old_score is None or m.new_score is None
             else m.new_score - m.old_score,
             "old_rank": m.old_rank, "new_rank": m.new_rank}
            for m in diff.moves
        ],
        "red_flags": {
            "raised": [_flag(f) for f in diff.flags_raised],
            "cleared": [_flag(f) for f in diff.flags_cleared],
        },
        "uncertainty": _sureness(diff),
    }


def _sureness(diff: ProfileDiff) -> dict[str, Any] | None:
    """``{samples, scored_by, first: {old, new}, winners: [{model, old, new}]}``: every running
    model's share of first places in each version, and the old and the new winner's (``null``
    where the model is knocked out, or the version absent)."""
    sure = diff.sureness
    if sure is None:
        return None
    return {"samples": sure.samples, "scored_by": sure.scored_by,
            "first": {"old": None if sure.old is None else dict(sure.old), "new": dict(sure.new)},
            "winners": [{"model": m, "old": old, "new": new}
                        for m, old, new in diff.sure_winners]}


def _value(value: Any) -> Any:
    """A change's value; a weighting as its priorities and its judgements ``[a, b, "N"]`` (and its
    stakeholders' names); a stakeholder as their voice, priorities and judgements."""
    if isinstance(value, StakeholderWeighting):
        return {"name": value.name, "weight": value.voice,
                "priorities": None if value.priorities is None else dict(value.priorities),
                "pairwise": None if value.pairwise is None else
                [[a, b, str(ratio)] for a, b, ratio in value.pairwise]}
    if not isinstance(value, Weighting):
        return value
    return {"priorities": dict(value.priorities),
            "pairwise": None if value.pairwise is None else
            [[a, b, str(ratio)] for a, b, ratio in value.pairwise],
            **({} if value.stakeholders is None else
               {"stakeholders": [_value(s) for s in value.stakeholders]})}


def _flag(flag: FlagMove) -> dict[str, str]:
    return {"vendor": flag.vendor, "flag": flag.flag, "severity": flag.severity,
            "message": flag.message}


def render(diff: ProfileDiff) -> str:
    return json.dumps(to_dict(diff), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
