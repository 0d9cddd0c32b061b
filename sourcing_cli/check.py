"""Enforcing a policy on profiles: pure functions from (policy, catalog, profiles) to findings.

Each rule is a small function that reads one assessed profile and returns :class:`Finding` objects,
each located at the value it is about (the ``decision`` line, the vendor's entry, the certificate's
``expires``) or, where that value is absent, at the profile's first line. A profile that could not
be read or validated yields ``valid_profile`` findings instead of an assessment. Waivers are applied
last: an active waiver marks a finding waived, an expired one leaves it standing and says so, and a
waiver that matched nothing becomes a warning on the policy file. The vendor rules (red flags,
certificates) live in :mod:`sourcing_cli.check_vendors`.

No I/O here: the CLI reads the files (see :mod:`sourcing_cli.repo`) and renders the
:class:`CheckReport` with one of the ``render/check_*`` functions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import field, replace
from datetime import date
from pathlib import Path

from sourcing_cli.catalog import Catalog
from sourcing_cli.check_vendors import certification_findings, red_flag_findings
from sourcing_cli.conditions import names
from sourcing_cli.engine import RatingCache
from sourcing_cli.errors import Diagnostic, InputError, shown_path
from sourcing_cli.findings import FIRST_LINE, Finding
from sourcing_cli.policy import SEVERITIES, Policy
from sourcing_cli.profile import Profile
from sourcing_cli.records import record
from sourcing_cli.repo import matches
from sourcing_cli.report import Report, build_report
from sourcing_cli.words import days as _days
from sourcing_cli.words import threshold as _num


@record
class ProfileInput:
    """One profile to check: ``path`` relative to the policy's root, and either the validated
    profile or the located problems that kept it from being one."""

    path: str
    profile: Profile | None
    problems: tuple[Diagnostic, ...] = ()


@record
class CheckReport:
    status: str  # "pass" | "fail"
    as_of: date
    policy: str
    policy_name: str
    fail_on: str
    profiles: tuple[str, ...]
    findings: tuple[Finding, ...]
    # Every rule the policy enforces and every rule a finding carries, by id, in a fixed order;
    # ``enforced`` is the policy itself (render/check_rules.py says what each rule asks for).
    rules: tuple[str, ...]
    enforced: Policy
    # rule id -> the severity its findings usually have (a forbid rule's own ``severity``);
    # rules left out are errors, but for red flags and unused waivers, which are warnings
    levels: Mapping[str, str] = field(default_factory=dict)
    baseline: str | None = None  # the baseline file applied, as reports show it


    def level(self, rule: str) -> str:
        """The severity a rule's findings usually have, as SARIF's default level wants it."""
        if rule in self.levels:
            return self.levels[rule]
        housekeeping = rule in ("unused_waiver", "expiring_waiver", "stale_baseline")
        return "warning" if housekeeping or rule.startswith("red_flags/") else "error"

    def failing(self, finding: Finding) -> bool:
        return not finding.excused and fails(finding.severity, self.fail_on)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if not f.excused and f.severity == severity)

    @property
    def baselined(self) -> int:
        return sum(1 for f in self.findings if f.baselined)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived)

    def by_profile(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for finding in self.findings:
            out.setdefault(finding.profile, []).append(finding)
        return out


def read_profiles(root: Path, catalog: Catalog, chosen: Sequence[str]) -> Iterator[ProfileInput]:
    """Read and validate each of the ``chosen`` profiles (paths relative to ``root``); a bad one
    becomes its problems, never an exception. A profile linked out of the repository is not read."""
    from sourcing_cli.profile import profile_from_doc
    from sourcing_cli.repo import RealPaths, inside
    from sourcing_cli.yamlio import load_text, read_text

    real_root = os.path.realpath(root)  # once, not once a profile
    realpath = RealPaths()
    for rel in chosen:
        path = root / rel
        shown = shown_path(rel)  # a name that is not UTF-8 is shown (and matched by waivers) as \\xNN
        real = realpath(path)  # once: for the root and for the repository (read_text)
        if not inside(root, path, real_root=real_root, real=real):
            yield ProfileInput(shown, None, (Diagnostic(
                shown, 1, 1, "is a symbolic link that leads outside the repository; not followed — "
                           "keep profiles inside the repository"),))
            continue
        try:
            # load_profile(path, catalog, shown), with the real path already known
            doc = load_text(read_text(path, shown, real=real), shown, partial=True)
            yield ProfileInput(shown, profile_from_doc(doc, catalog))
        except InputError as exc:
            yield ProfileInput(shown, None, exc.diagnostics)


def fails(severity: str, fail_on: str) -> bool:
    """Whether a finding of ``severity`` fails a run that fails on ``fail_on`` or worse."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(fail_on)


# ---- the rules ---------------------------------------------------------------------------------


def check_profile(
    policy: Policy, catalog: Catalog, item: ProfileInput, as_of: date,
    cache: RatingCache | None = None,
) -> list[Finding]:
    """Every finding for one profile, before waivers (``cache``: shared by the run's profiles)."""
    if item.profile is None:
        return invalid(item.path, item.problems)
    try:
        report = build_report(catalog, item.profile, as_of, robust=False, explain=False,
                              cache=cache)
    except InputError as exc:
        return invalid(item.path, exc.diagnostics)
    out = decision_findings(policy, report, item.path)
    if policy.red_flags_fail_on is not None:
        out += red_flag_findings(report.vendors.flags, item.profile, policy.red_flags_fail_on,
                                 item.path)
    if policy.certifications_min_days is not None:
        out += certification_findings(item.profile, policy.certifications_min_days, as_of, item.path)
    if policy.max_decision_age_days is not None:
        out += lifecycle_findings(item.profile, policy.max_decision_age_days, as_of, item.path)
    return out


def lifecycle_findings(profile: Profile, max_age: int, as_of: date, path: str) -> list[Finding]:
    """``max_decision_age_days``: a decision is dated (``decided``) and no older than that on the
    day of the check; and ``review_overdue``: its ``review_by`` day has not passed."""
    if profile.decision is None:
        return []  # nothing to age: require_decision is the rule for that
    doc = profile.doc
    about = f"decision {profile.decision}"
    out: list[Finding] = []
    if profile.decided is None:
        out.append(Finding("max_decision_age_days", "error", path, *doc.value_pos(("decision",)),
                           f"decision {profile.decision} has no date; add 'decided: YYYY-MM-DD' "
                           f"with the day it was taken (the policy allows decisions up to "
                           f"{_days(max_age)} old)", subject=f"{about} undated"))
    else:
        age = (as_of - profile.decided).days
        if age > max_age:
            out.append(Finding("max_decision_age_days", "error", path, *doc.value_pos(("decided",)),
                               f"decision {profile.decision} was taken on "
                               f"{profile.decided.isoformat()}, {_days(age)} before "
                               f"{as_of.isoformat()}; the policy allows {_days(max_age)} — "
                               "review it (`sourcing assess`) and record the new date in 'decided'",
                               subject=f"{about} decided {profile.decided.isoformat()}"))
    if profile.review_by is not None and profile.review_by < as_of:
        late = (as_of - profile.review_by).days
        out.append(Finding("review_overdue", "error", path, *doc.value_pos(("review_by",)),
                           f"the review of decision {profile.decision} was due by "
                           f"{profile.review_by.isoformat()}, {_days(late)} ago; review it and "
                           "record the new 'decided' and 'review_by' dates",
                           subject=f"{about} review by {profile.review_by.isoformat()}"))
    return out


def invalid(path: str, problems: Iterable[Diagnostic]) -> list[Finding]:
    return [Finding("valid_profile", "error", path, d.line, d.column, d.message) for d in problems]


def decision_findings(policy: Policy, report: Report, path: str) -> list[Finding]:
    """``require_decision``, ``min_decision_score``, ``max_gap_to_recommended`` and ``forbid``."""
    profile, result = report.profile, report.result
    rec = result.recommendation
    decision = profile.decision
    if decision is None:
        if not policy.require_decision:
            return []
        hint = f"; the assessment recommends {rec.model}" if rec else ""
        return [Finding("require_decision", "error", path, *FIRST_LINE,
                        f"no decision recorded; add 'decision: <model>' with the model chosen{hint}",
                        subject="no decision")]
    line, column = profile.doc.value_pos(("decision",))
    about = f"decision {decision}"
    out: list[Finding] = []
    scores = {r.model: r.score for r in result.ranking}
    excluded = {e.model: e.reasons for e in result.excluded}
    if decision in excluded:
        why = " ".join(excluded[decision])
        for rule in ("min_decision_score", "max_gap_to_recommended"):
            if getattr(policy, rule) is not None:
                out.append(Finding(rule, "error", path, line, column,
                                   f"decision {decision} is knocked out for this profile: {why} "
                                   "Choose a model still in the running"
                                   + (f", e.g. {rec.model}" if rec else "") + ".",
                                   subject=about))
    else:
        score = scores[decision]
        floor = policy.min_decision_score
        if floor is not None and score < floor:
            out.append(Finding("min_decision_score", "error", path, line, column,
                               f"decision {decision} scores {_past(score, floor)}, below the policy's "
                               f"minimum of {_num(floor)}; choose a better-scoring model"
                               + (f" (best: {rec.model}, {_pts(rec.score)})" if rec else "")
                               + " or revisit the answers", subject=about))
        gap_max = policy.max_gap_to_recommended
        if gap_max is not None and rec is not None and rec.score - score > gap_max:
            out.append(Finding("max_gap_to_recommended", "error", path, line, column,
                               f"decision {decision} scores {_pts(score)}, "
                               f"{_past(rec.score - score, gap_max)} points below the recommended "
                               f"{rec.model} ({_pts(rec.score)}); the policy allows "
                               f"{_num(gap_max)} — choose {rec.model} or record a waiver",
                               subject=about))
    out += forbid_findings(policy, profile, decision, (line, column), path)
    return out


def forbid_findings(
    policy: Policy, profile: Profile, decision: str, at: tuple[int, int], path: str
) -> list[Finding]:
    out = []
    for rule in policy.forbid:
        if decision not in rule.models or rule.when.evaluate(profile.answers) is not True:
            continue
        cond = rule.when.describe()
        when = "" if cond == "always" else f" when {cond}"
        defaulted = sorted(names(rule.when) & set(profile.defaulted))
        note = (f" (defaulted: {', '.join(defaulted)}; record the real answer)" if defaulted else "")
        out.append(Finding(f"forbid/{rule.id}", rule.severity, path, *at,
                           f"decision {decision} is forbidden{when}: {rule.reason}{note}; choose "
                           "another model or record a waiver", subject=f"decision {decision}"))
    return out


def _pts(value: float) -> str:
    """A score for a message: one decimal, enough to see why it passed or failed."""
    return f"{value:.1f}"


def _past(value: float, limit: float) -> str:
    """``value`` with enough decimals to show it is not ``limit`` (10.04 against 10, not 10.0)."""
    for places in range(1, 7):
        text = f"{value:.{places}f}"
        if float(text) != limit:
            return text
    return f"{value:.6f}"


# ---- waivers and the report --------------------------------------------------------------------


def apply_waivers(
    findings: Sequence[Finding], policy: Policy, as_of: date, checked: Sequence[str],
    *, complete: bool,
) -> list[Finding]:
    """Findings with waivers applied, plus a warning for every waiver that matched nothing.

    ``complete`` says every profile the policy covers was checked; when only some were (pre-commit
    passes the changed files), a waiver is reported unused only if its profile was among them.
    """
    used: set[int] = set()
    out = []
    for finding in findings:
        matching = [i for i, w in enumerate(policy.waivers)
                    if w.covers_rule(finding.rule) and matches(finding.profile, [w.profile])]
        active = [i for i in matching if policy.waivers[i].expires >= as_of]
        used.update(matching)
        if active:
            out.append(replace(finding, waived=True, waiver=policy.waivers[active[0]]))
        elif matching:
            waiver = max((policy.waivers[i] for i in matching), key=lambda w: w.expires)
            out.append(replace(finding, waiver=waiver, message=(
                f"{finding.message} (the waiver by {waiver.owner} expired on "
                f"{waiver.expires.isoformat()}: renew or remove it)")))
        else:
            out.append(finding)
    out += expiring(policy, as_of, {i for i in used if policy.waivers[i].expires >= as_of})
    for i, waiver in enumerate(policy.waivers):
        if i in used:
            continue
        covered = [p for p in checked if matches(p, [waiver.profile])]
        if not covered and not complete:
            continue
        what = "no profile checked" if not covered else "no finding"
        expired = (f"; it also expired on {waiver.expires.isoformat()}"
                   if waiver.expires < as_of else "")
        out.append(Finding("unused_waiver", "warning", waiver.name or policy.name, waiver.line,
                           waiver.column,
                           f"waiver of {waiver.rule} for {waiver.profile} matches {what}{expired}; "
                           "remove it", subject=f"waiver of {waiver.rule} for {waiver.profile}"))
    return out


def expiring(policy: Policy, as_of: date, active: set[int]) -> list[Finding]:
    """``waiver_rules.warn_before_days``: a warning on each waiver in use that ends soon."""
    warn = policy.waiver_warn_days
    if warn is None:
        return []
    out = []
    for i in sorted(active):
        waiver = policy.waivers[i]
        left = (waiver.expires - as_of).days
        if left < warn:
            when = "today" if left == 0 else f"in {_days(left)}"
            out.append(Finding("expiring_waiver", "warning", waiver.name or policy.name, waiver.line,
                               waiver.column,
                               f"waiver of {waiver.rule} for {waiver.profile} (owner "
                               f"{waiver.owner}) ends on {waiver.expires.isoformat()}, {when}; "
                               "fix the finding, or renew the waiver with its owner",
                               subject=f"waiver of {waiver.rule} for {waiver.profile} until "
                                       f"{waiver.expires.isoformat()}"))
    return out


def enforced_rules(policy: Policy, findings: Iterable[Finding]) -> tuple[str, ...]:
    """Every rule the policy enforces and every red flag found, by id, in the reports' order."""
    out = ["valid_profile"]
    if policy.require_decision:
        out.append("require_decision")
    if policy.min_decision_score is not None:
        out.append("min_decision_score")
    if policy.max_gap_to_recommended is not None:
        out.append("max_gap_to_recommended")
    out += [f"forbid/{rule.id}" for rule in policy.forbid]
    if policy.certifications_min_days is not None:
        out.append("certifications")
    if policy.max_decision_age_days is not None:
        out += ["max_decision_age_days", "review_overdue"]
    out += sorted({f.rule for f in findings if f.rule.startswith("red_flags/")})
    out.append("unused_waiver")
    if policy.waiver_warn_days is not None:
        out.append("expiring_waiver")
    return tuple(dict.fromkeys(out))


def in_repository(path: str, folder: str) -> str:
    """A path relative to the policy's folder as one from the repository's top level."""
    return f"{folder}/{path}" if folder else path


def run(
    policy: Policy, catalog: Catalog, items: Iterable[ProfileInput], as_of: date, *,
    fail_on: str = "error", complete: bool = True, folder: str | None = None,
) -> CheckReport:
    """Check every profile and build the report (``items`` may be a generator that reads files).

    Globs and waivers are matched on paths relative to the policy file; the report's paths are
    then made relative to the repository's top level, the policy's ``folder`` from there (``None``
    outside a repository: paths stay relative to the policy), so that annotations and code
    scanning alerts land on the right file when the policy sits in a sub-folder (a monorepo).
    """
    cache = RatingCache(catalog, standings=False)
    return conclude(policy, ((item.path, check_profile(policy, catalog, item, as_of, cache))
                             for item in items),
                    as_of, fail_on=fail_on, complete=complete, folder=folder)


def conclude(
    policy: Policy, checked_profiles: Iterable[tuple[str, list[Finding]]], as_of: date, *,
    fail_on: str = "error", complete: bool = True, folder: str | None = None,
) -> CheckReport:
    """The report from each profile's path and findings before waivers, in the order checked
    (:func:`run` makes them in this process, :mod:`sourcing_cli.check_workers` in several)."""
    findings: list[Finding] = []
    checked: list[str] = []
    for path, found in checked_profiles:
        checked.append(path)
        findings += found
    findings = apply_waivers(findings, policy, as_of, checked, complete=complete)
    at = folder or ""
    if at:  # at the top level (or outside a repository) every path stays as it is
        findings = [replace(f, profile=in_repository(f.profile, at)) for f in findings]
    findings.sort(key=Finding.sort_key)
    failed = any(not f.waived and fails(f.severity, fail_on) for f in findings)
    return CheckReport(
        status="fail" if failed else "pass",
        as_of=as_of,
        policy=policy.path,
        policy_name=in_repository(policy.name, at),
        fail_on=fail_on,
        profiles=tuple(sorted(in_repository(p, at) for p in checked)),
        findings=tuple(findings),
        rules=enforced_rules(policy, findings),
        enforced=policy,
        levels={f"forbid/{rule.id}": rule.severity for rule in policy.forbid},
    )
