"""Finding the policy and the profiles it covers, without ever leaving the repository.

``sourcing check`` looks for ``.sourcing-policy.yaml`` in the working directory and its parents, up
to the repository root (the first directory holding ``.git``). The policy's ``profiles`` globs are
relative to the policy file's directory, which this module calls the *root*: profile paths are
matched relative to it (``sourcing/support.yaml``), as globs and waivers are written. Reports then
show them from the repository's top level (:func:`folder_in_repository`), as SARIF and GitHub
annotations want when the policy sits in a sub-folder.

Globs follow the usual rules: ``*`` and ``?`` stay within one path segment, ``[abc]`` is a class
(``[!abc]`` its complement, ``[[:alpha:]]`` and the other POSIX classes as git knows them), and
``**`` spans any number of directories (``sourcing/**/*.yaml`` also matches ``sourcing/a.yaml``).
Walking enters every folder but ``.git`` — git commits files under ``.svn``, ``.hg`` or
``node_modules`` like any other, so a policy's glob covers them too — and never follows a symbolic
link to a directory; a profile that is a symbolic link resolving outside the root is reported, not
read.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from sourcing_cli.errors import quoted

POLICY_NAMES = (".sourcing-policy.yaml", ".sourcing-policy.yml")
_META = r"[*?\[]"  # glob wildcards; compiled when first used (``re``'s own cache)
_SKIP_DIRS = frozenset({".git"})  # git never tracks a file under a .git folder


def find_policy(start: Path) -> Path | None:
    """The nearest policy file in ``start`` or its parents, stopping at the repository root."""
    here = start.absolute()
    for directory in (here, *here.parents):
        for name in POLICY_NAMES:
            candidate = directory / name
            if os.path.isfile(candidate):
                return candidate
        if os.path.exists(directory / ".git"):
            return None
    return None


def glob_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a profiles glob or waiver path, or ``None`` when it is fine."""
    if not pattern.strip():
        return "a glob must not be empty"
    if len(pattern) > MAX_GLOB:
        return f"a glob is at most {MAX_GLOB} characters long"
    if pattern.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", pattern):
        return f"{quoted(pattern)} is absolute; write it relative to the policy file"
    if "\\" in pattern:
        return f"{quoted(pattern)} uses '\\'; separate directories with '/'"
    if ".." in pattern.split("/"):
        return f"{quoted(pattern)} leads out of the repository ('..'); keep it inside"
    try:
        _compiled(pattern)
    except re.error as exc:
        return f"{quoted(pattern)} is not a valid glob: {exc.msg}"
    return None


MAX_GLOB = 500
_ANY = None  # a ``**`` segment: any number of directories


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> tuple[re.Pattern[str] | None, ...]:
    """A glob as a list of segment matchers, ``None`` standing for ``**`` (zero or more segments).

    A final ``**`` means one or more segments (``sourcing/**`` covers every file below). Runs of
    ``**`` are one, and ``*`` within a segment never backtracks (the ``fnmatch`` construction), so
    matching takes time linear in the path and the pattern, whatever either holds.
    """
    parts = [p for p in _normal(pattern).split("/") if p]
    out: list[re.Pattern[str] | None] = []
    for i, part in enumerate(parts):
        if part == "**":
            if i == len(parts) - 1:
                out.append(re.compile(r"[^/]+"))  # one segment, then any number
                out.append(_ANY)
            elif not out or out[-1] is not _ANY:
                out.append(_ANY)
        else:
            out.append(re.compile(_segment(part)))
    while len(out) > 1 and out[-1] is _ANY and out[-2] is _ANY:
        out.pop()
    return tuple(out)


def _segment(part: str) -> str:
    """One path segment's glob as a regular expression that cannot backtrack badly."""
    tokens: list[str | None] = []  # None = '*'
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            if not tokens or tokens[-1] is not None:
                tokens.append(None)
        elif char == "?":
            tokens.append(r"[^/]")
        elif char == "[" and (end := _class_end(part, i)) != -1:
            tokens.append(_class(part[i + 1:end]))
            i = end
        else:
            tokens.append(re.escape(char))
        i += 1
    out: list[str] = []
    groups = 0
    k = 0
    while k < len(tokens) and tokens[k] is not None:
        out.append(str(tokens[k]))
        k += 1
    while k < len(tokens):
        k += 1  # the '*'
        fixed = []
        while k < len(tokens) and tokens[k] is not None:
            fixed.append(str(tokens[k]))
            k += 1
        if k == len(tokens):  # the last star: greedy, then the fixed tail
            out.append(r"[^/]*" + "".join(fixed))
        else:  # an inner star: the earliest match of what follows, never revisited
            groups += 1
            out.append(rf"(?=(?P<g{groups}>[^/]*?{''.join(fixed)}))(?P=g{groups})")
    return "".join(out)


#: POSIX character classes, as git's globs know them (ASCII only).
POSIX_CLASSES = {
    "alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~",
    "space": " \\t\\n\\r\\f\\v", "upper": "A-Z", "xdigit": "0-9A-Fa-f",
}


def _class_end(part: str, start: int) -> int:
    """The index of the ``]`` closing the class opened at ``part[start]``, or -1 when there is
    none (the ``[`` is then an ordinary character). The character after ``[`` always belongs to
    the class (``[]a]``), and a ``[:name:]`` inside it is one item."""
    k = start + 1
    if part.startswith("[:", k) and (close := part.find(":]", k + 2)) != -1:
        k = close + 2
    else:
        k += 1
    while k < len(part):
        if part.startswith("[:", k) and (close := part.find(":]", k + 2)) != -1:
            k = close + 2
            continue
        if part[k] == "]":
            return k
        k += 1
    return -1


def _class(body: str) -> str:
    """A glob class body (between the brackets) as a regular expression class.

    ``!`` first negates; ``a-z`` is a range; ``[:alpha:]`` and the other POSIX classes are
    expanded; every other character stands for itself, escaped — so that nothing in a policy can
    reach the regular expression engine as syntax (a nested set, ``--`` or ``&&``).
    """
    negate = body.startswith("!")
    body = body[1:] if negate else body
    if not body:
        raise re.error("unterminated character set")
    out: list[str] = []
    k = 0
    can_start_range = False
    while k < len(body):
        if body.startswith("[:", k) and (close := body.find(":]", k + 2)) != -1:
            name = body[k + 2:close]
            if name not in POSIX_CLASSES:
                raise re.error(f"unknown character class '[:{name}:]'; use one of "
                               + ", ".join(f"[:{n}:]" for n in POSIX_CLASSES))
            out.append(POSIX_CLASSES[name])
            k, can_start_range = close + 2, False
            continue
        char = body[k]
        if (char == "-" and can_start_range and k + 1 < len(body)
                and not body.startswith("[:", k + 1)):
            out.append("-")  # a range: the previous character to the next one
            can_start_range = False
            k += 1
            out.append(re.escape(body[k]))
        else:
            out.append(re.escape(char))
            can_start_range = True
        k += 1
    return "[" + ("^" if negate else "") + "".join(out) + "]"


def _normal(pattern: str) -> str:
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


def _fullmatch(parts: tuple[re.Pattern[str] | None, ...], path: str) -> bool:
    """Whether the segments of ``path`` match ``parts`` (a set of positions, no backtracking)."""
    states = _closure(parts, {0})
    for segment in path.split("/"):
        following = set()
        for i in states:
            if i == len(parts):
                continue
            part = parts[i]
            if part is _ANY:
                following.add(i)
            elif part.fullmatch(segment):
                following.add(i + 1)
        states = _closure(parts, following)
        if not states:
            return False
    return len(parts) in states


def _closure(parts: tuple[re.Pattern[str] | None, ...], states: set[int]) -> set[int]:
    out = set(states)
    for i in sorted(states):
        while i < len(parts) and parts[i] is _ANY:
            i += 1
            out.add(i)
    return out


def matches(path: str, patterns: Iterable[str]) -> bool:
    """Whether the relative POSIX ``path`` is covered by any of ``patterns``."""
    for pattern in patterns:
        try:
            if _fullmatch(_compiled(pattern), path):
                return True
        except re.error:  # refused when the policy is loaded; never a match
            continue
    return False


def _start(pattern: str) -> str:
    """The literal directory a glob starts in (no wildcard before it)."""
    parts = [p for p in _normal(pattern).split("/") if p][:-1]
    literal: list[str] = []
    for part in parts:
        if re.search(_META, part):
            break
        literal.append(part)
    return "/".join(literal)


def inside(
    root: Path, path: Path, *, real_root: str | None = None, real: str | None = None,
) -> bool:
    """Whether ``path``, with every symbolic link resolved, stays within ``root``; ``real_root``
    is ``os.path.realpath(root)`` when the caller already has it (``check`` asks for every
    profile under one root), ``real`` the same of ``path`` (from :class:`RealPaths`, say)."""
    real_root = real_root if real_root is not None else os.path.realpath(root)
    real = real if real is not None else os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


class RealPaths:
    """``os.path.realpath`` of many files in a few folders, for one run: each folder is resolved
    once, then a file's real path is its folder's and its name — unless the file is itself a
    symbolic link (or missing, or named through ``..``), which is resolved in full as before.

    ``check`` reads thousands of profiles from a few dozen folders; resolving every profile's
    path component by component (an ``lstat`` each) was a tenth of its time."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path) -> str:
        text = os.fspath(path)
        folder, name = os.path.split(text)
        if name in ("", os.curdir, os.pardir) or os.pardir in text.split(os.sep):
            return os.path.realpath(text)
        try:
            if stat.S_ISLNK(os.lstat(text).st_mode):
                return os.path.realpath(text)
        except OSError:
            return os.path.realpath(text)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder or os.curdir)
        return os.path.join(real, name)


def left_through_link(path: Path, *, real: str | None = None) -> str | None:
    """The tree ``path`` leaves through a symbolic link, or ``None`` when it stays inside it.

    The tree is the repository the path lies in as written (the nearest folder above it holding
    ``.git``); outside any repository, the working directory when the path lies in it, else the
    folder the path names. So ``sourcing/x.yaml -> ~/.ssh/id_rsa``, committed to a repository, is
    never read, while a file named outright by its own path (``/etc/sourcing/p.yaml``) is.
    """
    lexical = os.path.abspath(path)
    # ``real`` (the caller's os.path.realpath(path)) is that of ``lexical`` too but for a path
    # through ``..``, where it is not trusted
    if real is None or os.pardir in os.fspath(path).split(os.sep):
        real = os.path.realpath(lexical)
    if real == lexical:  # no link on the way: nothing to leave through
        return None
    parent = os.path.dirname(lexical)
    top = _repository_top(parent)
    if top is not None:
        tree, name = top, "the repository"
    else:
        cwd = os.getcwd()
        if lexical.startswith(cwd.rstrip(os.sep) + os.sep):
            tree, name = cwd, "the working directory"
        else:
            tree, name = parent, "its folder"
    return None if inside(Path(tree), Path(lexical)) else name


@functools.lru_cache(maxsize=64)
def _repository_top(directory: str) -> str | None:
    return repository_top(directory)


def repository_top(directory: str) -> str | None:
    """The nearest folder at or above ``directory`` that holds ``.git`` (a folder, or the file of
    a worktree or submodule): git's top level, found without running git."""
    here = os.path.abspath(directory)
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return here
        up = os.path.dirname(here)
        if up == here:
            return None
        here = up


def discover(
    root: Path, patterns: Sequence[str], exclude: Iterable[str] = (),
    unreadable: list[str] | None = None,
) -> list[str]:
    """Every file under ``root`` a glob covers, as sorted relative POSIX paths.

    Symbolic links to directories are not walked into; symbolic links to files are listed (the
    caller refuses those that lead outside the root). Folders that cannot be read are skipped and,
    when ``unreadable`` is given, added to it (relative paths, with the reason).
    """

    def skipped(exc: OSError) -> None:
        if unreadable is not None and exc.filename is not None:
            rel = os.path.relpath(exc.filename, root)
            unreadable.append(f"{Path(rel).as_posix()} ({exc.strerror})")

    skip = set(exclude)
    found: set[str] = set()
    starts = sorted({_start(p) for p in patterns})
    # A start inside another start would be walked twice; keep the outermost ones.
    starts = [s for s in starts if not any(o != s and (o == "" or s.startswith(o + "/"))
                                           for o in starts)]
    for start in starts:
        top = root / start if start else root
        if not os.path.isdir(top) or not inside(root, top):
            continue
        for directory, dirnames, filenames in os.walk(top, onerror=skipped, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
            rel_dir = Path(directory).relative_to(root).as_posix()
            for name in filenames:
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                if rel not in skip and matches(rel, patterns):
                    found.add(rel)
    return sorted(found)


def folder_in_repository(folder: Path) -> str | None:
    """``folder``'s path from the repository's top level (``""`` at the top), or ``None`` outside
    any repository: what a path relative to ``folder`` needs in front to be one from the top."""
    top = repository_top(str(folder.absolute()))
    if top is None:
        return None
    rel = os.path.relpath(os.path.abspath(folder), top)
    return "" if rel == os.curdir else Path(rel).as_posix()


def relative_to_root(root: Path, path: Path) -> str | None:
    """``path`` (as given, relative to the working directory) relative to ``root`` (``""`` for the
    root itself), or ``None`` when it lies outside. Symbolic links are not resolved here: see
    :func:`inside`."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if rel == os.curdir:
        return ""
    if rel.startswith(os.pardir + os.sep) or rel == os.pardir:
        return None
    return Path(rel).as_posix()
