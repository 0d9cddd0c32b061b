"""A profile as committed at a git revision, for ``sourcing diff --rev``.

``git show REV:./path`` from the profile's own folder (so that it works wherever the command runs),
read and validated as a file would be, its messages naming ``REV:path``. What can go wrong with git
itself (not installed, not a repository, no such revision) is a one-line usage error.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from sourcing_cli.catalog import Catalog
from sourcing_cli.errors import UsageError, shown_path
from sourcing_cli.profile import Profile, profile_from_doc
from sourcing_cli.yamlio import MAX_BYTES, decode, load_text


def committed_profile(path: Path, rev: str, catalog: Catalog) -> Profile | None:
    """The profile at ``path`` as committed at ``rev`` (``git show REV:./path``), or ``None`` when
    the revision has no such file (the profile was added since)."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n:"):
        raise UsageError(f"--rev: '{rev}' is not a git revision")
    shown = f"{rev}:{shown_path(path)}"
    directory = path.parent
    if _git(["rev-parse", "--git-dir"], directory).returncode != 0:
        raise UsageError(f"--rev: {path} is not in a git repository")
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], directory).returncode != 0:
        raise UsageError(f"--rev: '{rev}' is not a commit of the repository holding {path}; check "
                         "the name (fetch it first if it is a remote branch)")
    if not _git(["ls-tree", "--name-only", rev, "--", path.name], directory).stdout.strip():
        return None
    proc = _git(["show", f"{rev}:./{path.name}"], directory)
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"--rev: git cannot show {shown}: {why[0] if why else 'unknown error'}")
    if len(proc.stdout) > MAX_BYTES:
        raise UsageError(f"{shown}: over the size limit of {MAX_BYTES // 1_048_576} MiB")
    return profile_from_doc(load_text(decode(proc.stdout, shown), shown, partial=True), catalog)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise UsageError("--rev needs git, which is not installed or not on PATH") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--rev: git {args[0]} failed: {exc}") from None
