"""``sourcing check``: enforce the repository's sourcing policy on its profiles (a CI gate).

Finds the policy (above the PATHs given, wherever the command runs from; else above the working
directory), reads the profiles it covers (or the PATHs given, as pre-commit passes them),
runs :func:`sourcing_cli.check.run` and renders the report in the chosen format. Exit 0 when
nothing fails, 1 when a finding does, 2 when the policy or the invocation is wrong.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from sourcing_cli.cli.assess import CriteriaOption
from sourcing_cli.cli.common import (
    EXIT_VIOLATIONS,
    catalog_from,
    claim_outputs,
    guarded,
    parse_as_of,
    read_policy,
)
from sourcing_cli.cli.emit import append_output, emit, err, write_output
from sourcing_cli.errors import InputError, UsageError, printable, shown_path

if TYPE_CHECKING:
    from sourcing_cli.baseline import Baseline
    from sourcing_cli.catalog import Catalog
    from sourcing_cli.check import CheckReport, ProfileInput
    from sourcing_cli.check_workers import Setup
    from sourcing_cli.policy import Policy

T = TypeVar("T")

PROGRESS_MIN = 50  # fewer profiles than this are checked too fast for a bar to help

AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD",
                 help="The date waivers and certificates are judged on (default: today); fix it "
                      "for reproducible output."),
]


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"


@guarded
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", show_default=False,
        help="Check only these files (or folders), as pre-commit passes them; files the policy "
             "does not cover are skipped. Default: every profile the policy covers.")] = None,
    policy_file: Annotated[Path | None, typer.Option(
        "--policy", metavar="FILE",
        help="The policy to enforce (default: the nearest .sourcing-policy.yaml above the PATHs "
             "given, or else above this folder, up to the repository root).")] = None,
    formats: Annotated[list[CheckFormat] | None, typer.Option(
        "--format", "-f", show_default=False, metavar="<text|json|sarif|junit|github>",
        help="Output format (default: text); give it once, and further formats with --report.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the report to FILE, not stdout.")] = None,
    reports: Annotated[list[str] | None, typer.Option(
        "--report", metavar="FORMAT=PATH", show_default=False,
        help="Also write the report in FORMAT to PATH, from the same run (repeatable), e.g. "
             "--report sarif=sourcing.sarif.")] = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 on findings of this severity or worse.")] = FailOn.error,
    criteria: CriteriaOption = None,
    as_of: AsOfOption = None,
    baseline_file: Annotated[Path | None, typer.Option(
        "--baseline", metavar="FILE",
        help="Fail only on findings not recorded in this baseline (see --write-baseline); its "
             "entries that match nothing any more are warnings.")] = None,
    write_baseline: Annotated[Path | None, typer.Option(
        "--write-baseline", metavar="FILE",
        help="Record this run's standing findings in FILE, to adopt the policy on a repository "
             "that already has violations; the run then fails only on what cannot be baselined "
             "(invalid profiles).")] = None,
    force: Annotated[bool, typer.Option(
        "--force",
        help="Replace existing output, report and baseline files.")] = False,
    jobs: Annotated[str | None, typer.Option(
        "--jobs", "-j", metavar="N", show_default=False,
        help="Check the profiles in N processes (default: automatic — one for a small "
             "repository, else one per CPU available; at most four per CPU); the report is the "
             "same whatever N is.")
    ] = None,
) -> None:
    """Enforce the sourcing policy on the profiles it covers (exit 1 on violations).

    Every finding names its rule, its severity, the profile and the line:col of the value it is
    about, and says what to change. Waivers in the policy excuse a finding until they expire.

    Examples:

      sourcing check

      sourcing check --format sarif -o sourcing.sarif

      sourcing check sourcing/support.yaml --as-of 2026-01-01

      sourcing check --format github --fail-on warning

      sourcing check --format github --report sarif=sourcing.sarif --report junit=junit.xml

      sourcing check --write-baseline .sourcing-baseline.json

      sourcing check --baseline .sourcing-baseline.json

      sourcing check --jobs 4
    """
    from sourcing_cli.check import read_profiles, run
    from sourcing_cli.check_workers import Setup, job_count
    from sourcing_cli.policy import waiver_length_problems
    from sourcing_cli.render.check_formats import RENDERERS
    from sourcing_cli.repo import discover, folder_in_repository
    from sourcing_cli.selection import covered_among, policy_for, shown_from_here

    fmt = _one_format(formats)
    requested = parse_jobs(jobs)
    if write_baseline is not None and paths:
        raise UsageError("--write-baseline records every profile the policy covers; run it "
                         "without PATHs")
    extra = parse_reports(reports or [])
    claim_outputs(force, output, *(path for _, path in extra), write_baseline)
    when = parse_as_of(as_of)
    catalog = catalog_from(criteria)
    found = policy_for(policy_file, paths)
    policy = read_policy(found, catalog, shown_from_here(found) if policy_file is None
                         else shown_path(policy_file))
    too_long = waiver_length_problems(policy, when)
    if too_long:
        raise InputError(too_long)
    root = found.absolute().parent
    if paths:
        chosen, complete, skipped = covered_among(root, policy, paths)
        if skipped:
            err(f"note: skipped {skipped} path(s) the policy's profiles globs do not cover")
    else:
        unreadable: list[str] = []
        chosen, complete = discover(root, policy.profiles, [policy.name], unreadable), True
        for unread in sorted(set(unreadable)):
            err(f"warning: cannot read the folder {printable(unread)}; the profiles in it are not "
                "checked")
        if not chosen:
            err(f"note: the policy's profiles globs ({', '.join(policy.profiles)}) match no file")
    known = None if baseline_file is None else _load_baseline(baseline_file)
    top_level = folder_in_repository(root)
    folder = None if top_level is None else shown_path(top_level)
    workers = job_count(requested, len(chosen))
    if workers > 1:
        report = _in_workers(Setup(policy, criteria, root, when, read_profiles), catalog, chosen, workers,
                             fail_on.value, complete, folder)
    elif _progress_wanted(len(chosen)):
        report = _with_progress(policy, catalog, read_profiles(root, catalog, chosen), len(chosen), when,
                                fail_on.value, complete, folder)
    else:
        report = run(policy, catalog, read_profiles(root, catalog, chosen), when, fail_on=fail_on.value,
                     complete=complete, folder=folder)
    report = _baselined(report, known, write_baseline, force, complete)
    _emit(report, fmt, output, force)
    for name, path in extra:
        write_output(path, RENDERERS[name](report), force=force)
    _step_summary(report)
    if report.status == "fail":
        raise typer.Exit(EXIT_VIOLATIONS)


def _repository_name(path: Path) -> str:
    """A file's path as reports show it: from the repository's top level, when it is in one."""
    from sourcing_cli.check import in_repository
    from sourcing_cli.repo import folder_in_repository

    folder = folder_in_repository(path.absolute().parent)
    return shown_path(path) if folder is None else shown_path(in_repository(path.name, folder))


def _load_baseline(path: Path) -> Baseline:
    from sourcing_cli.baseline import load_baseline

    if not os.path.isfile(path):
        raise UsageError(f"{shown_path(path)}: no such baseline file; write one with "
                         "--write-baseline FILE")
    return load_baseline(path, _repository_name(path), shown_path(path))


def _baselined(report: CheckReport, known: Baseline | None, target: Path | None, force: bool,
               complete: bool) -> CheckReport:
    """The report with the baseline given applied, then the one asked for written and applied."""
    from sourcing_cli.baseline import apply, record, render

    if known is not None:
        report = apply(report, known, complete=complete)
    if target is not None:
        fresh = record(report, _repository_name(target))
        write_output(target, render(fresh), force=force)
        report = apply(report, fresh, complete=False)
    return report


def _one_format(formats: Sequence[CheckFormat] | None) -> CheckFormat:
    """The one ``--format``: a second one would silently replace the first."""
    if not formats:
        return CheckFormat.text
    if len(formats) > 1:
        given = ", ".join(f.value for f in formats)
        raise UsageError(f"--format given {len(formats)} times ({given}); give it once and write "
                         f"further formats with --report FORMAT=PATH, e.g. --report "
                         f"{formats[-1].value}=sourcing.{_SUFFIX[formats[-1].value]}")
    return formats[0]


_SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt"}


def parse_reports(given: Sequence[str]) -> list[tuple[str, Path]]:
    """``--report FORMAT=PATH`` values as (format, path) pairs, or a usage error naming the bad one."""
    from sourcing_cli.errors import did_you_mean, quoted

    names = [f.value for f in CheckFormat]
    out: list[tuple[str, Path]] = []
    for value in given:
        name, sep, path = value.partition("=")
        name = name.strip().lower()
        if not sep or not path:
            raise UsageError(f"--report {quoted(value)}: write FORMAT=PATH, e.g. "
                             "--report sarif=sourcing.sarif")
        if name not in names:
            raise UsageError(f"--report {quoted(value)}: unknown format {quoted(name)}"
                             f"{did_you_mean(name, names)} (formats: {', '.join(names)})")
        out.append((name, Path(path)))
    return out


def parse_jobs(given: str | None) -> int | None:
    """``--jobs``: a whole number of processes, 1 or more; ``None`` (or ``auto``): automatic."""
    from sourcing_cli.errors import quoted

    if given is None or given.strip().lower() == "auto":
        return None
    text = given.strip()
    if text.isascii() and text.isdigit() and int(text) >= 1:
        return int(text)
    raise UsageError(f"--jobs {quoted(given)}: give the number of processes, 1 or more (e.g. "
                     "--jobs 2), or leave it out to let check choose")


def _progress_wanted(count: int) -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return count >= PROGRESS_MIN and bool(isatty and isatty())


def _with_progress(
    policy: Policy, catalog: Catalog, items: Iterator[ProfileInput], total: int,
    when: date, fail_on: str, complete: bool, folder: str | None,
) -> CheckReport:
    from sourcing_cli.check import run

    return run(policy, catalog, _counted(items, total), when, fail_on=fail_on, complete=complete,
               folder=folder)


def _counted(items: Iterator[T], total: int) -> Iterator[T]:
    """``items``, a progress bar on stderr advancing as each is consumed (out of ``total``)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from sourcing_cli.console import make_console

    columns = (TextColumn("checking profiles"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=make_console(stderr=True), transient=True) as progress:
        task = progress.add_task("check", total=total)
        for item in items:
            yield item
            progress.advance(task)


def _in_workers(
    setup: Setup, catalog: Catalog, chosen: Sequence[str], jobs: int, fail_on: str,
    complete: bool, folder: str | None,
) -> CheckReport:
    """The run of :func:`sourcing_cli.check.run` over ``jobs`` processes: the same report."""
    from sourcing_cli.check import conclude
    from sourcing_cli.check_workers import Workers

    # The workers start on entering, before the progress bar starts its thread (see Workers).
    with Workers(setup, catalog, chosen, jobs) as workers:
        checked = workers.results()
        if _progress_wanted(len(chosen)):
            checked = _counted(checked, len(chosen))
        return conclude(setup.policy, checked, setup.as_of, fail_on=fail_on, complete=complete,
                        folder=folder)


def _emit(report: CheckReport, fmt: CheckFormat, output: Path | None, force: bool) -> None:
    from sourcing_cli.render.check_formats import RENDERERS

    if fmt is CheckFormat.text and output is None:
        from sourcing_cli.render.check_text import renderables

        emit(renderables(report))
        return
    emit(RENDERERS[fmt.value](report), output, force=force)


def _step_summary(report: CheckReport) -> None:
    """In GitHub Actions, append a Markdown summary to the job's page."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from sourcing_cli.render import check_markdown

    append_output("GITHUB_STEP_SUMMARY", target, check_markdown.render(report) + "\n")
