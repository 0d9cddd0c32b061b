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
        lines += _workstream(rng, catalog, f"workstream {n:05d}", answers)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _workstream(rng: random.Random, catalog: Catalog, name: str, answers: dict[str, Any]) -> list[str]:
    """A workstream's lines: its name and answers, and one time in five priorities of its own."""
    lines = [f"  - name: {name}",
             "    answers: {" + ", ".join(f"{k}: {_flow(v)}" for k, v in answers.items()) + "}"]
    if rng.random() < 0.2:
        priorities = {c: rng.randint(0, 5) for c in rng.sample(catalog.criterion_ids, 2)}
        lines.append("    priorities: {" + ", ".join(f"{k}: {v}" for k, v in priorities.items())
                     + "}")
    return lines


# Where shortlisted vendors work: country, time zone and how well IP is enforced there.
_PLACES = (("US", "America/Chicago", "strong"), ("CA", "America/Toronto", "strong"),
           ("MX", "America/Mexico_City", "moderate"), ("CO", "America/Bogota", "moderate"),
           ("BR", "America/Sao_Paulo", "moderate"), ("AR", "America/Argentina/Buenos_Aires",
                                                     "moderate"),
           ("PL", "Europe/Warsaw", "strong"), ("RO", "Europe/Bucharest", "moderate"),
           ("IN", "Asia/Kolkata", "weak"), ("PH", "Asia/Manila", "moderate"),
           ("VN", "Asia/Ho_Chi_Minh", "weak"), ("EG", "Africa/Cairo", "weak"))


def write_vendor_portfolio(path: Path, catalog: Catalog, workstreams: int, vendors: int,
                           seed: int = 11) -> None:
    """One profile with ``workstreams`` workstreams and ``vendors`` vendors, each vendor serving
    one workstream (a shortlist of one to a few vendors per workstream, some with none), as a
    large sourcing programme records them: countries and time zones, certificates (some expired
    or expiring around 2026), and most of the red-flag facts, some left unrecorded. Each
    workstream names its function and overrides a few answers, one in five its priorities."""
    rng = random.Random(seed)
    lines = ["version: 1", "name: A sourcing programme with a long shortlist",
             'home: {country: "US", timezone: America/New_York}',
             "answers: {function: qa_testing, overlap_hours_needed: 3}", "workstreams:"]
    functions = next(q.spec.choices for q in catalog.questions if q.id == "function")
    questions = [q.id for q in catalog.questions if q.id != "function"]
    names = [f"workstream {n:04d}" for n in range(workstreams)]
    for name in names:
        answers = {"function": rng.choice(functions),
                   **{q: answer(rng, catalog, q) for q in rng.sample(questions, 2)}}
        lines += _workstream(rng, catalog, name, answers)
    facts = catalog.red_flags.fact_specs()
    models = [m for m in catalog.model_ids if m != "in_house"]
    lines.append("vendors:")
    for n in range(vendors):
        country, timezone, enforcement = rng.choice(_PLACES)
        lines += [f"  - name: Vendor {n:04d}", f"    model: {rng.choice(models)}",
                  f"    workstream: {names[rng.randrange(workstreams)]}",
                  f'    country: "{country}"', f"    timezone: {timezone}"]
        if rng.random() < 0.85:
            held = rng.sample(["iso27001", "soc2", "iso9001"], rng.randint(0, 2))
            lines.append("    certifications: [" + ", ".join(
                f"{{name: {c}, expires: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}}}"
                if rng.random() < 0.3 else
                f"{{name: {c}, expires: 2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}}}"
                for c in held) + "]")
        recorded: dict[str, Any] = {"ip_enforcement": enforcement}
        for fact, spec in facts.items():
            if fact == "ip_enforcement" or rng.random() < 0.25:
                continue
            if spec.kind == "boolean":
                recorded[fact] = rng.random() < 0.75
            elif spec.kind == "choice":
                recorded[fact] = spec.choices[0] if rng.random() < 0.7 else rng.choice(spec.choices)
            else:
                recorded[fact] = rng.randint(int(spec.minimum or 0), int(min(spec.maximum or 100,
                                                                               100)))
        lines.append("    facts: {" + ", ".join(f"{k}: {_flow(v)}" for k, v in recorded.items())
                     + "}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _flow(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
