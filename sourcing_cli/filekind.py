"""Which of the tool's formats a YAML file is in, and what to say when it is given to the wrong
command.

A catalog file declares ``kind``; a policy is named ``.sourcing-policy.yaml`` or has a ``profiles``
list; a profile has a key only profiles have (``answers``, ``priorities``, …); a file with none of
those but a key only policies have (``rules``, ``waivers``, …) is a policy. :func:`wrong_kind`
turns a file of one format given where another is expected into one located error that names the
command the file is for — rather than a list of "unknown key" errors about a file that is fine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sourcing_cli.errors import Diagnostic, shown_path
from sourcing_cli.repo import POLICY_NAMES
from sourcing_cli.yamlio import YamlDocument, load_file

PROFILE_KEYS = ("answers", "priorities", "pairwise", "decision", "decided", "review_by", "vendors",
                "workstreams", "home", "stakeholders")
#: Keys only a policy has, besides ``profiles``: they tell a policy apart when no profile key does.
POLICY_KEYS = ("rules", "waivers", "waiver_rules", "extends")


def kind_of(name: str, data: Any) -> str | None:
    """``catalog``, ``policy``, ``profile``, or ``None`` when nothing gives the format away."""
    mapping = data if isinstance(data, dict) else {}
    if "kind" in mapping:
        return "catalog"
    if name in POLICY_NAMES or "profiles" in mapping:
        return "policy"
    if any(key in mapping for key in PROFILE_KEYS):
        return "profile"
    if any(key in mapping for key in POLICY_KEYS):
        return "policy"
    return None


def file_kind(path: Path) -> str:
    """Which format the file at ``path`` is in (:func:`kind_of`); a file that does not say is taken
    for a profile. A file that cannot be read or parsed is left to its own loader to report."""
    doc = load_file(path, shown_path(path), partial=True)
    return kind_of(path.name, doc.data) or "profile"


def wrong_kind(doc: YamlDocument, name: str, expected: str) -> Diagnostic | None:
    """The located error when the file (named ``name``) is not a ``expected`` (``profile`` or
    ``policy``) but another of the tool's formats, else ``None``."""
    data = doc.data if isinstance(doc.data, dict) else {}
    found = kind_of(name, data)
    if found is None or found == expected:
        return None
    import shlex  # only for the error

    path = shlex.quote(doc.path)
    if found == "catalog":
        kind = data["kind"]
        shown = f"'{kind}'" if isinstance(kind, str) and kind.isidentifier() else "…"
        use = (f"check it with `sourcing validate {path}`, or give its folder to --criteria DIR"
               if expected == "profile" else "give its folder to --criteria DIR")
        return doc.diag(("kind",), f"this is a catalog file (kind: {shown}), not a {expected}; "
                                   f"{use}", at_key=True)
    if found == "policy":
        where: tuple[str, ...] = ("profiles",) if "profiles" in data else ()
        return doc.diag(where, "this is a sourcing policy, not a profile; enforce it with "
                               f"`sourcing check --policy {path}`", at_key=bool(where))
    key = next(k for k in PROFILE_KEYS if k in data)
    return doc.diag((key,), f"this is a profile (it has '{key}'), not a policy; assess it with "
                            f"`sourcing assess {path}`, and give --policy the "
                            f"{POLICY_NAMES[0]} file", at_key=True)
