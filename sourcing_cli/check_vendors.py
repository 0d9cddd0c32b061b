"""The vendor rules of a policy: ``red_flags.fail_on`` and ``certifications.min_days_valid``.

Both read the validated objects, never the file again: red flags are the report's vendor review
(:class:`~sourcing_cli.vendors.Hit`, each finding pointing at the vendor's entry in the profile's
``vendors`` list), certificates the profile's :class:`~sourcing_cli.profile_parts.VendorSpec`
records, their ``expires`` already a date (each finding points at that ``expires``). The profile's
document is read for positions only. Pure functions, like the rest of :mod:`sourcing_cli.check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sourcing_cli.findings import FIRST_LINE, Finding
from sourcing_cli.profile import Profile
from sourcing_cli.redflags import SEVERITIES as FLAG_LEVELS
from sourcing_cli.vendors import Hit
from sourcing_cli.words import days as _days


def red_flag_findings(flags: Sequence[Hit], profile: Profile, fail_on: str, path: str) -> list[Finding]:
    """``red_flags.fail_on``: a flag at ``fail_on`` or worse is an error, any other a warning.

    Each finding points at the vendor's entry in the profile's ``vendors`` list.
    """
    index: dict[str, int] = {}
    for i, vendor in enumerate(profile.vendors):
        index.setdefault(vendor.name, i)
    out = []
    for flag in flags:
        severity = flag.severity
        level = FLAG_LEVELS.index(severity) if severity in FLAG_LEVELS else len(FLAG_LEVELS)
        where = index.get(flag.vendor)
        line, column = profile.doc.value_pos(("vendors", where)) if where is not None else FIRST_LINE
        out.append(Finding(
            f"red_flags/{flag.flag}",
            "error" if level <= FLAG_LEVELS.index(fail_on) else "warning",
            path, line, column,
            f"vendor {flag.vendor}: {flag.flag} ({severity}): {flag.message}",
            subject=f"vendor {flag.vendor}",
        ))
    return out


def certification_findings(profile: Profile, min_days: int, as_of: date, path: str) -> list[Finding]:
    """``certifications.min_days_valid``: every vendor certificate must stay valid that long.

    Reads ``vendors[i].certifications[j]`` (name, expires); each finding points at the
    certificate's ``expires`` value.
    """
    out = []
    for i, vendor in enumerate(profile.vendors):
        for j, cert in enumerate(vendor.certifications or ()):
            expires = cert.expires
            left = (expires - as_of).days
            if left >= min_days:
                continue
            state = (f"expired on {expires.isoformat()}" if left < 0 else
                     f"expires on {expires.isoformat()}, in {_days(left)}")
            out.append(Finding(
                "certifications", "error", path,
                *profile.doc.value_pos(("vendors", i, "certifications", j, "expires")),
                f"vendor {vendor.name}: certificate {cert.name} {state}; the policy wants at least "
                f"{_days(min_days)} of validity — renew it and record the new date",
                subject=f"vendor {vendor.name}: certificate {cert.name} until {expires.isoformat()}",
            ))
    return out
