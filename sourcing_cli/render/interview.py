"""What the stakeholder interview says when it ends: the weights decided, in plain lines."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sourcing_cli.methods.ahp import CR_LIMIT

if TYPE_CHECKING:
    from sourcing_cli.stakeholder_flow import StakeholderFlow


def stakeholder_summary(flow: StakeholderFlow) -> list[str]:
    """What was decided, in plain lines: the weights (percent), and for judgements the
    consistency ratio — with a warning when the set is kept above the limit."""
    state = flow.state
    if state.mode == "pairwise":
        found = flow.result()
        if found is None:
            return ["The pairwise judgements are not finished."]
        values = dict(found.weights)
    elif state.mode == "priorities":
        values = flow.resolved_priorities()
        found = None
    else:
        return []
    total = math.fsum(values.values()) or 1.0
    parts = [f"{c} {100 * v / total:.0f}%" for c, v in
             sorted(values.items(), key=lambda kv: (-kv[1], flow.catalog.criterion_ids.index(kv[0])))
             if v > 0]
    lines = ["Weights: " + ", ".join(parts)]
    if found is not None:
        lines.append(f"Consistency ratio {found.consistency_ratio:.2f}"
                     + (" (consistent)" if found.consistent else
                        f": above {CR_LIMIT:.2f}, so `sourcing assess` will refuse these "
                        "judgements until they are revised"))
    return lines
