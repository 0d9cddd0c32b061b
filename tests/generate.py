"""Generated profile repositories, for the scale and determinism tests and the benchmark.

:func:`write_repo` writes a policy and ``count`` profiles with pseudo-random (seeded, so always the
same) answers, priorities and decisions under ``sourcing/team-NN/``; about one in fifty is broken
on purpose, so the invalid-profile path is exercised at scale too.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from sourcing_cli.catalog import Catalog
from sourcing_cli.profile_writer import render_profile

POLICY = """\
version: 1
profiles: ["sourcing/**/*.yaml"]
rules:
  require_decision: true
  min_decision_score: 45
  max_gap_to_recommended: 15
  forbid:
    - id: ip-stays-home
      models: [nearshore_outsourcing, offshore_outsourcing, captive_offshore]
      when: {ip_sensitivity: high}
      reason: IP-critical work stays onshore
  red_flags: {fail_on: high}
  certifications: {min_days_valid: 30}
waivers:
  - rule: max_gap_to_recommended
    profile: "sourcing/team-00/*.yaml"
    reason: team 00 is mid-migration
    owner: ops@example.com
    expires: 2026-06-30
"""


def answer(rng: random.Random, catalog: Catalog, question_id: str) -> Any:
    spec = next(q.spec for q in catalog.questions if q.id == question_id)
    if spec.kind == "choice":
        return rng.choice(spec.choices)
    if spec.kind == "boolean":
        return rng.random() < 0.5
    low, high = int(spec.minimum or 0), int(min(spec.maximum or 100, 200))
    return rng.randint(low, high)


def write_repo(root: Path, catalog: Catalog, count: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".sourcing-policy.yaml").write_text(POLICY, encoding="utf-8")
    for n in range(count):
        folder = root / "sourcing" / f"team-{n % 40:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        answers = {q.id: answer(rng, catalog, q.id) for q in catalog.questions if rng.random() < 0.8}
        priorities = {c: rng.randint(0, 5) for c in catalog.criterion_ids if rng.random() < 0.3}
        decision = rng.choice([*catalog.model_ids, None])
        text = render_profile(catalog, name=f"Workload {n}", home=None, answers=answers,
                              priorities=priorities, decision=decision)
        if n % 50 == 7:
            text = text.replace("answers:\n", "answers:\n  team_sise: 3\n", 1)
        (folder / f"profile-{n:04d}.yaml").write_text(text, encoding="utf-8")


def write_workstreams(path: Path, catalog: Catalog, count: int, seed: int = 7) -> None:
    """One profile with ``count`` workstreams, each overriding three answers at random and one in
    five giving priorities of its own: many distinct rating matrices, as a large portfolio has."""
    rng = random.Random(seed)
    lines = ["version: 1", "name: A large portfolio", "answers: {function: qa_testing}",
             "workstreams:"]
    questions = [q.id for q in catalog.questions if q.id != "function"]
    for n in range(count):
        answers = {q: answer(rng, catalog, q) for q in rng.sample(questions, 3)}
        lines.append(f"  - name: workstream {n:05d}")
        lines.append("    answers: {" + ", ".join(f"{k}: {_flow(v)}" for k, v in answers.items())
                     + "}")
        if rng.random() < 0.2:
            priorities = {c: rng.randint(0, 5) for c in rng.sample(catalog.criterion_ids, 2)}
            lines.append("    priorities: {" + ", ".join(f"{k}: {v}" for k, v in priorities.items())
                         + "}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _flow(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
