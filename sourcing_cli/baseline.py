"""Baselines: adopting the policy gate on a repository that already has violations.

``check --write-baseline FILE`` records the run's standing findings (neither waived nor about an
invalid profile or the policy itself); ``check --baseline FILE`` then marks the findings recorded
there *baselined* — shown, but failing nothing — so only new findings fail the run. An entry is
matched by rule, profile and the finding's fingerprint (what it is about: the decision, the vendor,
the certificate), never by line, so edits above a finding keep it matched. An entry that matches
nothing any more is *stale*: a warning located at the entry, so the baseline shrinks as the debt
is paid.

The file is JSON (YAML-readable, so its errors are located like any input's), sorted and
deterministic; each entry keeps the finding's message for the reviewer of the change that adds it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from sourcing_cli import records
from sourcing_cli.check import CheckReport, fails
from sourcing_cli.findings import STALE_RULE, Finding
from sourcing_cli.render.escape import json_text
from sourcing_cli.validation import Strict, validate
from sourcing_cli.yamlio import load_file

#: Findings a baseline never holds: a broken profile must be fixed, and findings about the policy
#: or the baseline itself are the gate's own housekeeping.
NOT_BASELINED = frozenset({"valid_profile", "unused_waiver", "expiring_waiver", STALE_RULE})


class EntrySpec(Strict):
    rule: Annotated[str, Field(min_length=1, max_length=200)]
    profile: Annotated[str, Field(min_length=1, max_length=4096)]
    fingerprint: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    message: Annotated[str, Field(max_length=10_000)] | None = None


class BaselineFile(Strict):
    version: Literal[1]
    findings: list[EntrySpec]


@records.record
class Entry:
    rule: str
    profile: str
    fingerprint: str
    message: str = ""
    line: int = 1
    column: int = 1

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.profile, self.fingerprint)


@records.record
class Baseline:
    """A baseline; ``name`` is its path as findings about it show it."""

    name: str
    entries: tuple[Entry, ...]


def load_baseline(path: Path, name: str, shown: str | None = None) -> Baseline:
    """Read and validate a baseline, or raise every located error in it."""
    doc = load_file(path, shown)
    parsed = validate(doc, BaselineFile)
    return Baseline(name, tuple(
        Entry(e.rule, e.profile, e.fingerprint, e.message or "", *doc.value_pos(("findings", i)))
        for i, e in enumerate(parsed.findings)))


def record(report: CheckReport, name: str) -> Baseline:
    """The baseline of a run: every standing finding a baseline may hold, once per key."""
    seen: dict[tuple[str, str, str], Entry] = {}
    for f in report.findings:
        if f.waived or f.rule in NOT_BASELINED:
            continue
        entry = Entry(f.rule, f.profile, f.fingerprint(), f.message)
        seen.setdefault(entry.key, entry)
    ordered = sorted(seen.values(), key=lambda e: (e.profile, e.rule, e.fingerprint))
    return Baseline(name, tuple(ordered))


def render(baseline: Baseline) -> str:
    return json_text({"version": 1, "findings": [
        {"rule": e.rule, "profile": e.profile, "fingerprint": e.fingerprint, "message": e.message}
        for e in baseline.entries]})


def apply(report: CheckReport, baseline: Baseline, *, complete: bool) -> CheckReport:
    """``report`` with the findings in ``baseline`` baselined and a warning per stale entry.

    ``complete`` says every profile the policy covers was checked; when only some were, an entry
    is stale only if its profile was among them.
    """
    keys = {e.key for e in baseline.entries}
    matched: set[tuple[str, str, str]] = set()
    out: list[Finding] = []
    for f in report.findings:
        key = (f.rule, f.profile, f.fingerprint())
        if not f.waived and f.rule not in NOT_BASELINED and key in keys:
            matched.add(key)
            out.append(replace(f, baselined=True))
        else:
            out.append(f)
    checked = set(report.profiles)
    for e in baseline.entries:
        if e.key in matched or (not complete and e.profile not in checked):
            continue
        gone = "" if e.profile in checked else " (the profile is no longer checked)"
        out.append(Finding(STALE_RULE, "warning", baseline.name, e.line, e.column,
                           f"baseline entry for {e.rule} in {e.profile} matches no finding"
                           f"{gone}; remove it, or rewrite the baseline with --write-baseline",
                           subject=f"{e.rule} {e.profile} {e.fingerprint}"))
    out.sort(key=Finding.sort_key)
    rules = report.rules
    if any(f.rule == STALE_RULE for f in out) and STALE_RULE not in rules:
        rules = (*rules, STALE_RULE)
    failed = any(not f.excused and fails(f.severity, report.fail_on) for f in out)
    return replace(report, findings=tuple(out), rules=rules, baseline=baseline.name,
                   status="fail" if failed else "pass")
