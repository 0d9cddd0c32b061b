"""What a policy check finds: one :class:`Finding`, located at the value it is about.

The rules of :mod:`sourcing_cli.check` and :mod:`sourcing_cli.check_vendors` make them, waivers and
baselines mark them, the ``render/check_*`` functions show them.
"""

from __future__ import annotations

import hashlib
import re

from sourcing_cli.policy import Waiver
from sourcing_cli.records import record

FIRST_LINE = (1, 1)  # where a finding goes when the value it is about is absent
STALE_RULE = "stale_baseline"  # a baseline entry that matches no finding (sourcing_cli.baseline)


@record
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    profile: str
    line: int
    column: int
    message: str
    waived: bool = False
    waiver: Waiver | None = None  # the waiver that applied, or the expired one that matched
    # What the finding is about, independent of where it sits and of how its message reads on
    # the day (a certificate's days left, a score): the decision, the vendor, the certificate.
    # Empty: the message, its numbers left out.
    subject: str = ""
    baselined: bool = False  # recorded in the baseline given: known, and not failing the run

    @property
    def excused(self) -> bool:
        """Waived or baselined: shown, but failing nothing."""
        return self.waived or self.baselined

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.profile, self.line, self.column, self.rule, self.message)

    def fingerprint(self) -> str:
        """A stable id for the finding: its rule, profile and subject, never its line, so it
        survives edits above it (code scanning's partialFingerprints, baselines)."""
        subject = self.subject or _NUMBER.sub("#", self.message)
        key = "\0".join((self.rule, self.profile, subject))
        return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
