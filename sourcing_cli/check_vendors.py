"""The vendor rules of a policy: ``red_flags.fail_on`` and ``certifications.min_days_valid``.

Both read what the profile says about its vendors. Red flags come in the JSON report's shape,
``{vendor, flag, severity, message}`` (``to_dict(report)["red_flags"]``), and each finding points at
the vendor's entry in the profile's ``vendors`` list; certificates are read from
``vendors[i].certifications[j] = {name, expires: YYYY-MM-DD}`` and each finding points at its
``expires``. Pure functions, like the rest of :mod:`sourcing_cli.check`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sourcing_cli.policy import FLAG_LEVELS
from sourcing_cli.portfolio import vendor_keys
from sourcing_cli.report import Report
from sourcing_cli.validation import iso_date
from sourcing_cli.yamlio import YamlDocument

if TYPE_CHECKING:
    from sourcing_cli.check import Finding

FIRST_LINE = (1, 1)  # where a finding goes when the value it is about is absent


def red_flags_of(report: Report) -> list[dict[str, Any]]:
    """The profile's red flags in the JSON report's shape: {vendor, flag, severity, message}."""
    flags = vendor_keys(report.vendors)["red_flags"]
    return list(flags) if isinstance(flags, list) else []


def red_flag_findings(
    flags: Sequence[Mapping[str, Any]], doc: YamlDocument, fail_on: str, path: str
) -> list[Finding]:
    """``red_flags.fail_on``: a flag at ``fail_on`` or worse is an error, any other a warning.

    Each finding points at the vendor's entry in the profile's ``vendors`` list.
    """
    from sourcing_cli.check import Finding  # check.py imports this module
    vendors = doc.data.get("vendors") if isinstance(doc.data, dict) else None
    index: dict[str, int] = {}
    for i, vendor in enumerate(vendors if isinstance(vendors, list) else []):
        if isinstance(vendor, dict) and isinstance(vendor.get("name"), str):
            index.setdefault(vendor["name"], i)
    out = []
    for flag in flags:
        severity = str(flag.get("severity"))
        level = FLAG_LEVELS.index(severity) if severity in FLAG_LEVELS else len(FLAG_LEVELS)
        where = index.get(str(flag.get("vendor")))
        line, column = doc.value_pos(("vendors", where)) if where is not None else FIRST_LINE
        out.append(Finding(
            f"red_flags/{flag.get('flag')}",
            "error" if level <= FLAG_LEVELS.index(fail_on) else "warning",
            path, line, column,
            f"vendor {flag.get('vendor')}: {flag.get('flag')} ({severity}): {flag.get('message')}",
            subject=f"vendor {flag.get('vendor')}",
        ))
    return out


def certification_findings(doc: YamlDocument, min_days: int, as_of: date, path: str) -> list[Finding]:
    """``certifications.min_days_valid``: every vendor certificate must stay valid that long.

    Reads ``vendors[i].certifications[j] = {name, expires: YYYY-MM-DD}``; each finding points at the
    certificate's ``expires`` value. Entries that are not well formed are left to validation.
    """
    from sourcing_cli.check import Finding  # check.py imports this module
    vendors = doc.data.get("vendors") if isinstance(doc.data, dict) else None
    out = []
    for i, vendor in enumerate(vendors if isinstance(vendors, list) else []):
        certs = vendor.get("certifications") if isinstance(vendor, dict) else None
        for j, cert in enumerate(certs if isinstance(certs, list) else []):
            expires = _date(cert.get("expires")) if isinstance(cert, dict) else None
            if expires is None:
                continue
            left = (expires - as_of).days
            if left >= min_days:
                continue
            name, vendor_name = cert.get("name"), vendor.get("name")
            state = (f"expired on {expires.isoformat()}" if left < 0 else
                     f"expires on {expires.isoformat()}, in {_days(left)}")
            out.append(Finding(
                "certifications", "error", path,
                *doc.value_pos(("vendors", i, "certifications", j, "expires")),
                f"vendor {vendor_name}: certificate {name} {state}; the policy wants at least "
                f"{_days(min_days)} of validity — renew it and record the new date",
                subject=f"vendor {vendor_name}: certificate {name} until {expires.isoformat()}",
            ))
    return out


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return iso_date(value) if isinstance(value, str) else None


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"
