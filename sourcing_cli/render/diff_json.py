"""``diff --format json``: the profile diff as stable JSON (scores unrounded)."""

from __future__ import annotations

import json
from typing import Any

from sourcing_cli.diff import ProfileDiff


def to_dict(diff: ProfileDiff) -> dict[str, Any]:
    return {
        "old": diff.old_path,
        "new": diff.new_path,
        "recommendation": {"old": diff.old_recommendation, "new": diff.new_recommendation,
                           "changed": diff.recommendation_changed,
                           "flipped_by": [c.label for c in diff.flipped_by],
                           "each_change_suffices": diff.each_suffices},
        "decision": {"old": diff.old_decision, "new": diff.new_decision},
        "changes": [
            {"kind": c.kind, "key": c.key, "old": c.old, "new": c.new,
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
    }


def render(diff: ProfileDiff) -> str:
    return json.dumps(to_dict(diff), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
