"""The sourcing policy (``.sourcing-policy.yaml``), version 1: its format, and checking it.

A policy names the profiles it covers (globs relative to the policy file), the rules they must
obey and the waivers that excuse a profile from a rule until a date. :func:`load_policy` reads it
with :mod:`sourcing_cli.yamlio`, validates its structure with pydantic, then checks what only the
catalog knows — the models a ``forbid`` rule names and its ``when`` condition, compiled against the
question namespace with the catalog's own grammar — and reports every problem of the file together.

The result is an immutable :class:`Policy` that :mod:`sourcing_cli.check` enforces.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from sourcing_cli.catalog import Catalog
from sourcing_cli.conditions import ALWAYS, Compiler, Condition
from sourcing_cli.errors import Diagnostic, InputError, did_you_mean, quoted
from sourcing_cli.records import record
from sourcing_cli.redflags import Severity
from sourcing_cli.repo import glob_problem
from sourcing_cli.validation import IsoDate, Strict, expected_kind, validate
from sourcing_cli.yamlio import Path_, YamlDocument, load_file

SEVERITIES = ("error", "warning")
# Rules a policy can switch on, in the order they are reported and described.
RULES = ("require_decision", "min_decision_score", "max_gap_to_recommended", "forbid", "red_flags",
         "certifications", "max_decision_age_days", "review_overdue")
# The scalar rules and waiver rules an extending policy overrides one by one, and the
# :class:`Policy` field each sets.
OVERRIDDEN = {"require_decision": "require_decision", "min_decision_score": "min_decision_score",
              "max_gap_to_recommended": "max_gap_to_recommended", "red_flags": "red_flags_fail_on",
              "certifications": "certifications_min_days",
              "max_decision_age_days": "max_decision_age_days",
              "waiver_rules.max_days": "waiver_max_days",
              "waiver_rules.warn_before_days": "waiver_warn_days"}
# Rules whose findings carry a second part (``forbid/<id>``, ``red_flags/<flag>``).
SUB_RULES = ("forbid", "red_flags")
# How deep ``extends`` may nest: a shared policy extending another is normal, a long chain a mistake.
MAX_EXTENDS_DEPTH = 8
_SUB_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _glob(value: str) -> str:
    problem = glob_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _rule_id(value: str) -> str:
    if not _SUB_ID.match(value) or len(value) > 64:
        raise ValueError(f"{quoted(value)} is not a rule id: use lower-case letters, digits, '_' and '-'")
    return value


Glob = Annotated[str, AfterValidator(_glob)]
ForbidId = Annotated[str, AfterValidator(_rule_id)]
Text = Annotated[str, Field(min_length=1, max_length=500)]
Score = Annotated[float, Field(ge=0, le=100)]


class ForbidSpec(Strict):
    id: ForbidId
    models: Annotated[list[str], Field(min_length=1)]
    when: dict[str, Any] | None = None
    reason: Text
    severity: Literal["error", "warning"] = "error"


class RedFlagsSpec(Strict):
    fail_on: Severity  # a red flag's severity (sourcing_cli.redflags)


class CertificationsSpec(Strict):
    min_days_valid: Annotated[int, Field(ge=0, le=3650)]


class RulesSpec(Strict):
    require_decision: bool = False
    min_decision_score: Score | None = None
    max_gap_to_recommended: Score | None = None
    forbid: list[ForbidSpec] = []
    red_flags: RedFlagsSpec | None = None
    certifications: CertificationsSpec | None = None
    max_decision_age_days: Annotated[int, Field(ge=1, le=36500)] | None = None


class WaiverSpec(Strict):
    rule: Annotated[str, Field(min_length=1, max_length=100)]
    profile: Glob
    reason: Text
    owner: Text
    expires: IsoDate


class WaiverRulesSpec(Strict):
    max_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    warn_before_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    non_waivable: list[Annotated[str, Field(min_length=1, max_length=100)]] = []


class PolicyFile(Strict):
    """A policy as written. Model ids and conditions are checked against the catalog."""

    version: Literal[1]
    profiles: Annotated[list[Glob], Field(min_length=1)]
    extends: list[Annotated[str, Field(min_length=1, max_length=1000)]] = []
    rules: RulesSpec = RulesSpec()
    waiver_rules: WaiverRulesSpec = WaiverRulesSpec()
    waivers: list[WaiverSpec] = []


@record
class Forbid:
    id: str
    models: tuple[str, ...]
    when: Condition
    reason: str
    severity: str
    line: int
    policy: str = ""  # the policy file that states it, as messages show it


@record
class Waiver:
    rule: str
    profile: str
    reason: str
    owner: str
    expires: date
    line: int
    column: int
    expires_at: tuple[int, int] = (0, 0)  # the line and column of its ``expires`` value
    # The policy file it is written in, as diagnostics show it (``file``) and as findings name
    # it (``name``, from the root): an extended policy's waivers point at their own file.
    file: str = ""
    name: str = ""

    def covers_rule(self, rule: str) -> bool:
        return rule == self.rule or rule.startswith(self.rule + "/")

    def overlaps(self, rule: str) -> bool:
        """Whether this waiver could excuse a finding of ``rule`` or of one of its parts."""
        return self.covers_rule(rule) or self.rule.startswith(rule + "/")


@record
class Policy:
    """A validated policy. ``path`` is how messages show it; ``name`` is its path from the root."""

    path: str
    name: str
    profiles: tuple[str, ...]
    require_decision: bool
    min_decision_score: float | None
    max_gap_to_recommended: float | None
    forbid: tuple[Forbid, ...]
    red_flags_fail_on: str | None
    certifications_min_days: int | None
    waivers: tuple[Waiver, ...]
    # Waiver governance (``waiver_rules``): the furthest a waiver may reach past the day of the
    # check, how long before its end it warns, and the rules no waiver may excuse.
    waiver_max_days: int | None = None
    waiver_warn_days: int | None = None
    non_waivable: tuple[str, ...] = ()
    max_decision_age_days: int | None = None
    # The keys of OVERRIDDEN this policy or one it extends sets, for merging.
    stated: frozenset[str] = frozenset()


def load_policy(
    path: Path, catalog: Catalog, shown: str | None = None, *, refuse_other_formats: bool = False
) -> Policy:
    """Read and validate a policy and the policies it extends, or raise every located error.

    ``refuse_other_formats``: a profile or a catalog file given instead is one located error that
    names the command it is for (:func:`sourcing_cli.filekind.wrong_kind`)."""
    doc = load_file(path, shown, partial=True)
    if refuse_other_formats:
        from sourcing_cli.filekind import wrong_kind

        problem = wrong_kind(doc, path.name, "policy")
        if problem is not None:
            raise InputError([problem])
    return policy_from_doc(doc, catalog, path.name, source=path)


def policy_from_doc(
    doc: YamlDocument, catalog: Catalog, name: str, *, source: Path | None = None,
    chain: tuple[Path, ...] = (),
) -> Policy:
    """Validate a policy read with ``partial=True``, reporting every problem of the file.

    ``source`` is the file it was read from, which ``extends`` paths are relative to; ``chain``
    the files that extend it, in order, so that a cycle is an error at the entry that closes it.
    """
    errors: list[Diagnostic] = doc.settle(lambda loc: expected_kind(PolicyFile, loc))
    if not isinstance(doc.data, dict):
        raise InputError([*errors, doc.diag((), "a policy is a mapping with 'version: 1' and "
                                                "'profiles'")])
    parsed: PolicyFile | None = None
    try:
        parsed = validate(doc, PolicyFile)
    except InputError as exc:
        errors.extend(exc.diagnostics)
    raw = doc.data
    bases = _extended(doc, catalog, name, raw.get("extends"), source, chain, errors)
    inherited = merge_all(bases)
    rules = raw.get("rules")
    forbid = _forbid(doc, catalog, rules.get("forbid") if isinstance(rules, dict) else None, errors)
    forbid_ids = sorted({f.id for f in forbid} | {f.id for f in (inherited.forbid if inherited else ())})
    _check_waiver_rules(doc, raw.get("waivers"), forbid_ids, errors)
    _check_governance(doc, raw.get("waiver_rules"), raw.get("waivers"), forbid_ids,
                      inherited.non_waivable if inherited else (), errors)
    if errors or parsed is None:
        raise InputError(sorted(set(errors)))
    spec = parsed.rules
    waivers = tuple(
        Waiver(w.rule, w.profile.removeprefix("./"), w.reason, w.owner, w.expires,
               *doc.value_pos(("waivers", i)), expires_at=doc.value_pos(("waivers", i, "expires")),
               file=doc.path, name=name)
        for i, w in enumerate(parsed.waivers)
    )
    stated = {key for key in spec.model_fields_set if key in OVERRIDDEN}
    stated |= {f"waiver_rules.{key}" for key in parsed.waiver_rules.model_fields_set
               if f"waiver_rules.{key}" in OVERRIDDEN}
    own = Policy(
        path=doc.path,
        name=name,
        profiles=tuple(parsed.profiles),
        require_decision=spec.require_decision,
        min_decision_score=spec.min_decision_score,
        max_gap_to_recommended=spec.max_gap_to_recommended,
        forbid=tuple(replace(f, policy=doc.path) for f in forbid),
        red_flags_fail_on=spec.red_flags.fail_on if spec.red_flags else None,
        certifications_min_days=spec.certifications.min_days_valid if spec.certifications else None,
        waivers=waivers,
        waiver_max_days=parsed.waiver_rules.max_days,
        waiver_warn_days=parsed.waiver_rules.warn_before_days,
        non_waivable=tuple(parsed.waiver_rules.non_waivable),
        max_decision_age_days=spec.max_decision_age_days,
        stated=frozenset(stated),
    )
    return merge(inherited, own) if inherited else own


def _extended(
    doc: YamlDocument, catalog: Catalog, name: str, raw: Any, source: Path | None,
    chain: tuple[Path, ...], errors: list[Diagnostic],
) -> list[Policy]:
    """The policies ``extends`` names, each validated in its own right (its errors at its own
    path:line:col); a missing file or a cycle is an error at the entry that names it."""
    if not isinstance(raw, list):
        return []
    out: list[Policy] = []
    here = source.resolve() if source is not None else None
    trail = (*chain, here) if here is not None else chain
    for i, entry in enumerate(raw):
        if not isinstance(entry, str) or not entry:
            continue
        where: Path_ = ("extends", i)
        if source is None:
            errors.append(doc.diag(where, f"extends[{i}]: this policy was not read from a file, "
                                          "so its extends paths have nothing to be relative to; "
                                          "give the policy as a file"))
            continue
        target = (source.parent / entry).resolve()
        shown = posixpath.normpath(posixpath.join(posixpath.dirname(doc.path), entry))
        if target in trail:
            loop = " -> ".join([*(p.name for p in trail[trail.index(target):]), target.name])
            what = ("is this file itself" if target == here
                    else "already extends this file")
            errors.append(doc.diag(where, f"extends[{i}]: {quoted(entry)} {what}, a cycle "
                                          f"({loop}); remove this entry"))
            continue
        if len(trail) >= MAX_EXTENDS_DEPTH:
            errors.append(doc.diag(where, f"extends[{i}]: policies extend each other more than "
                                          f"{MAX_EXTENDS_DEPTH} deep here; extend the shared policy "
                                          "directly instead of through a chain"))
            continue
        if not target.is_file():
            siblings = sorted(p.name for p in target.parent.glob("*.yaml")) if target.parent.is_dir() else []
            hint = did_you_mean(posixpath.basename(entry), siblings)
            errors.append(doc.diag(where, f"extends[{i}]: no policy file {quoted(entry)} (looked "
                                          f"for {shown}, relative to this file){hint}"))
            continue
        try:
            base_doc = load_file(target, shown, partial=True)
            base_name = posixpath.normpath(posixpath.join(posixpath.dirname(name), entry))
            out.append(policy_from_doc(base_doc, catalog, base_name, source=target, chain=trail))
        except InputError as exc:
            errors.extend(exc.diagnostics)
    return out


def merge_all(bases: list[Policy]) -> Policy | None:
    """The policies of ``extends`` merged in order, a later one overriding an earlier one."""
    merged: Policy | None = None
    for base in bases:
        merged = base if merged is None else merge(merged, base)
    return merged


def merge(base: Policy, over: Policy) -> Policy:
    """``over`` extending ``base``: each rule and waiver rule ``over`` states replaces the base's,
    ``forbid`` rules are joined (``over``'s wins on a shared id), the waivers of both apply and
    ``non_waivable`` is the union (an extending policy cannot make a base rule waivable)."""
    values = {field: getattr(over if key in over.stated else base, field)
              for key, field in OVERRIDDEN.items()}
    ids = {f.id for f in over.forbid}
    return replace(
        over, **values,
        forbid=tuple(f for f in base.forbid if f.id not in ids) + over.forbid,
        waivers=base.waivers + over.waivers,
        non_waivable=tuple(dict.fromkeys(base.non_waivable + over.non_waivable)),
        stated=base.stated | over.stated,
    )


def _forbid(
    doc: YamlDocument, catalog: Catalog, raw: Any, errors: list[Diagnostic]
) -> tuple[Forbid, ...]:
    """The ``forbid`` rules, their models and conditions checked against the catalog."""
    if not isinstance(raw, list):
        return ()
    out: list[Forbid] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        loc: Path_ = ("rules", "forbid", i)
        if not isinstance(item, dict):
            continue
        rule_id = item.get("id")
        if isinstance(rule_id, str):
            if rule_id in seen:
                errors.append(doc.diag((*loc, "id"), f"rules.forbid[{i}]: duplicate id {quoted(rule_id)} "
                                                     f"(first at line {seen[rule_id]})"))
            seen.setdefault(rule_id, doc.value_pos((*loc, "id"))[0])
        models = item.get("models")
        for j, model in enumerate(models if isinstance(models, list) else []):
            if isinstance(model, str) and model not in catalog.model_ids:
                hint = did_you_mean(model, catalog.model_ids)
                errors.append(doc.diag((*loc, "models", j),
                                       f"rules.forbid[{i}].models[{j}]: unknown model {quoted(model)}{hint}"))
        when: Condition = ALWAYS
        if item.get("when") is not None:
            compiler = Compiler(doc, catalog.namespace(), "question")
            when = compiler.compile(item["when"], (*loc, "when"))
            errors.extend(compiler.errors)
        if isinstance(rule_id, str) and isinstance(models, list):
            out.append(Forbid(rule_id, tuple(str(m) for m in models), when,
                              str(item.get("reason", "")), str(item.get("severity", "error")),
                              doc.value_pos(loc)[0]))
    return tuple(out)


def _check_waiver_rules(
    doc: YamlDocument, raw: Any, forbid_ids: list[str], errors: list[Diagnostic]
) -> None:
    """A waiver names a rule a policy can have (``forbid/<id>`` one of this policy's forbids)."""
    if not isinstance(raw, list):
        return
    for i, item in enumerate(raw):
        rule = item.get("rule") if isinstance(item, dict) else None
        if not isinstance(rule, str):
            continue
        problem = waiver_rule_problem(rule, forbid_ids)
        if problem:
            errors.append(doc.diag(("waivers", i, "rule"), f"waivers[{i}].rule: {problem}"))


def _check_governance(
    doc: YamlDocument, raw: Any, waivers: Any, forbid_ids: list[str], inherited: tuple[str, ...],
    errors: list[Diagnostic],
) -> None:
    """``waiver_rules.non_waivable`` names rules this policy can have, and no waiver excuses one
    of them or of those an extended policy makes non-waivable (``inherited``)."""
    listed = raw.get("non_waivable") if isinstance(raw, dict) else None
    fixed: list[str] = list(inherited)
    for i, rule in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(rule, str):
            continue
        problem = ("an invalid profile is never waivable; leave it out" if rule == "valid_profile"
                   else waiver_rule_problem(rule, forbid_ids))
        if problem:
            errors.append(doc.diag(("waiver_rules", "non_waivable", i),
                                   f"waiver_rules.non_waivable[{i}]: {problem}"))
        else:
            fixed.append(rule)
    for i, item in enumerate(waivers if isinstance(waivers, list) else []):
        rule = item.get("rule") if isinstance(item, dict) else None
        if not isinstance(rule, str):
            continue
        probe = Waiver(rule, "", "", "", date.min, 0, 0)
        blocked = [r for r in fixed if probe.overlaps(r)]
        if blocked:
            errors.append(doc.diag(("waivers", i, "rule"),
                                   f"waivers[{i}].rule: {quoted(blocked[0])} is non-waivable "
                                   "(waiver_rules.non_waivable); fix the finding instead, or "
                                   "take the rule out of non_waivable"
                                   + ("" if blocked[0] not in inherited
                                      else " of the policy this one extends")))


def waiver_length_problems(policy: Policy, as_of: date) -> list[Diagnostic]:
    """``waiver_rules.max_days``: no waiver may reach further than that past the day of the check
    (so a waiver that complies when written keeps complying), each located at its ``expires``."""
    limit = policy.waiver_max_days
    if limit is None:
        return []
    out = []
    for n, w in enumerate(policy.waivers):
        i = sum(1 for v in policy.waivers[:n] if v.file == w.file)  # its index in its own file
        days = (w.expires - as_of).days
        if days > limit:
            line, column = w.expires_at if w.expires_at != (0, 0) else (w.line, w.column)
            out.append(Diagnostic(w.file or policy.path, line, column,
                                  f"waivers[{i}].expires: {w.expires.isoformat()} is {days} days "
                                  f"after {as_of.isoformat()}; waiver_rules.max_days allows "
                                  f"{limit} — expire it by "
                                  f"{date.fromordinal(as_of.toordinal() + limit).isoformat()}"))
    return out


def waiver_rule_problem(rule: str, forbid_ids: list[str]) -> str | None:
    base, _, sub = rule.partition("/")
    if base == "valid_profile":
        return "an invalid profile cannot be waived; fix the file (see `sourcing validate`)"
    if base not in RULES:
        return f"unknown rule {quoted(base)}{did_you_mean(base, RULES)}"
    if "/" not in rule:
        return None
    if base not in SUB_RULES:
        return f"rule '{base}' has no parts; write just '{base}'"
    if base == "forbid" and sub not in forbid_ids:
        if not forbid_ids:
            return f"no forbid rule {quoted(sub)} in this policy (it has none)"
        return f"no forbid rule {quoted(sub)} in this policy{did_you_mean(sub, forbid_ids)}"
    if not _SUB_ID.match(sub):
        return f"{quoted(sub)} is not a red flag id: use lower-case letters, digits, '_' and '-'"
    return None
