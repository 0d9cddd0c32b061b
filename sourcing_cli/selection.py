"""Which policy a ``sourcing check`` run enforces, and which of its profiles it checks.

With no ``--policy``, the policy is the nearest one above the paths given (all of them must share
it), or above the working directory. With paths, the run checks the profiles among them that the
policy's globs cover — every covered profile under a folder given, and all of them when the policy
file itself is among the paths (as pre-commit passes a changed policy).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from sourcing_cli.errors import UsageError, shown_path
from sourcing_cli.policy import Policy
from sourcing_cli.repo import POLICY_NAMES, discover, find_policy, matches, relative_to_root


def policy_for(given: Path | None, paths: Sequence[Path] | None) -> Path:
    """The policy to enforce: ``--policy``; else the one the PATHs given belong to (the nearest
    policy above each, up to its repository root); else the one above the working directory."""
    if given is not None:
        return given
    if not paths:
        found = find_policy(Path.cwd())
        if found is None:
            raise UsageError(f"no {POLICY_NAMES[0]} here or in a parent folder up to the "
                             "repository root; write one with `sourcing init --policy`, or pass "
                             "--policy FILE")
        return found
    owners: dict[Path, list[Path]] = {}
    for path in paths:
        policy = find_policy(path if os.path.isdir(path) else path.absolute().parent)
        if policy is not None:
            owners.setdefault(policy, []).append(path)
    if not owners:
        shown = ", ".join(str(p) for p in paths[:3]) + (", …" if len(paths) > 3 else "")
        raise UsageError(f"no {POLICY_NAMES[0]} in the folder of {shown} or a parent folder up to "
                         "its repository root; write one with `sourcing init --policy`, or pass "
                         "--policy FILE")
    if len(owners) > 1:
        listed = "; ".join(f"{shown_from_here(policy)} ({', '.join(str(p) for p in covered[:3])}"
                           f"{', …' if len(covered) > 3 else ''})"
                           for policy, covered in sorted(owners.items()))
        raise UsageError(f"the paths given belong to {len(owners)} different policies: {listed}; "
                         "check each policy's files in a run of its own, or pass --policy FILE")
    return next(iter(owners))


def shown_from_here(path: Path) -> str:
    """A path as messages show it: relative to the working directory."""
    rel = os.path.relpath(path, Path.cwd())
    return shown_path(Path(rel).as_posix())


def covered_among(
    root: Path, policy: Policy, paths: Sequence[Path]
) -> tuple[list[str], bool, int]:
    """The covered profiles among ``paths`` (all of them when the policy itself is among them),
    whether that is every profile the policy covers, and how many paths it does not cover."""
    chosen: set[str] = set()
    skipped = 0
    for path in paths:
        rel = relative_to_root(root, path)
        if rel == policy.name:
            return discover(root, policy.profiles, exclude=[policy.name]), True, 0
        if not os.path.exists(path) and not os.path.islink(path):
            raise UsageError(f"{path}: no such file; check the path")
        if rel is not None and os.path.isdir(path):
            inner = discover(root, policy.profiles, exclude=[policy.name])
            chosen.update(p for p in inner if not rel or p.startswith(rel + "/"))
        elif rel and matches(rel, policy.profiles):
            chosen.add(rel)
        else:
            skipped += 1
    return sorted(chosen), False, skipped
