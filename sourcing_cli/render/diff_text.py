"""``sourcing diff`` for people: the verdict, the changes, and how every model's score moved.

:func:`renderables` is the terminal view (Rich): tables where they fit, else one line per change
and per model, nothing cut, values from the profiles escaped for the terminal;
:func:`render_markdown` is the same story for a pull-request comment. Both are pure: a
:class:`~sourcing_cli.diff.ProfileDiff` in.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from sourcing_cli.diff import Change, ModelMove, ProfileDiff
from sourcing_cli.render.escape import markdown, markdown_code, terminal
from sourcing_cli.render.layout import FirstThatFits
from sourcing_cli.render.text import fmt


def value(v: object, defaulted: bool) -> str:
    if v is None and defaulted:
        return "(not set)"
    return fmt(v) + (" (default)" if defaulted else "")


def verdict(diff: ProfileDiff) -> str:
    old, new = diff.old_recommendation or "none", diff.new_recommendation or "none"
    if not diff.recommendation_changed:
        return f"Recommendation unchanged: {new}."
    line = f"Recommendation changed: {old} → {new}."
    flips = diff.flipped_by
    if len(flips) == 1 and not diff.each_suffices:
        c = flips[0]
        line += (f" Flipped by {c.label} ({value(c.old, c.old_defaulted)} → "
                 f"{value(c.new, c.new_defaulted)}): with that change alone undone, "
                 f"{c.without or 'no model'} would be recommended.")
    elif flips:
        names = ", ".join(f"{c.label} ({value(c.old, c.old_defaulted)} → "
                          f"{value(c.new, c.new_defaulted)})" for c in flips)
        if diff.each_suffices:
            line += (f" Each of these would have flipped it on its own: {names} — so undoing just "
                     f"one of them still leaves {new} recommended.")
        else:
            line += (f" Flipped by {names}: undo any one of them and {new} is no longer "
                     "recommended.")
    elif diff.changes:
        line += " No single change flips it on its own; the changes do it together."
    return line


def decision_line(diff: ProfileDiff) -> str:
    old, new = diff.old_decision or "none", diff.new_decision or "none"
    line = f"Decision: {new}" + (" (unchanged)" if old == new else f" (was {old})")
    if diff.new_decision is not None and diff.new_recommendation is not None and (
            diff.new_decision != diff.new_recommendation):
        line += f" — it differs from the new recommendation, {diff.new_recommendation}"
    return line + "."


def _delta(move: ModelMove) -> str:
    if move.old_score is None or move.new_score is None:
        return "—"
    delta = move.new_score - move.old_score
    return "0.0" if abs(delta) < 0.05 else f"{delta:+.1f}"


def _score(score: float | None) -> str:
    return "knocked out" if score is None else f"{score:.1f}"


def _without(change: Change) -> str:
    return change.without or "none"


def renderables(diff: ProfileDiff) -> list[RenderableType]:
    out: list[RenderableType] = [
        Text(terminal(f"{diff.old_path} → {diff.new_path}"), style="bold"),
        Text(terminal(verdict(diff)),
             style="bold yellow" if diff.recommendation_changed else "green"),
        Text(terminal(decision_line(diff))),
    ]
    changes = Table(title="What changed", box=box.SIMPLE_HEAD, title_justify="left")
    # Values and model ids never split; only Old and New may wrap (a long text answer).
    for name, wrap in (("Value", False), ("Old", True), ("New", True),
                       ("Recommended with only\nthis change undone", False),
                       ("… with only this\nchange made", False)):
        changes.add_column(name, no_wrap=not wrap, overflow="fold")
    narrow_changes: list[RenderableType] = [Text("What changed", style="italic")]
    for c in diff.changes:
        old, new = terminal(value(c.old, c.old_defaulted)), terminal(value(c.new, c.new_defaulted))
        undone = Text(terminal(_without(c)), style="bold yellow" if c.flips else "")
        made = Text(terminal(c.alone or "none"), style="bold yellow" if c.suffices else "")
        changes.add_row(terminal(c.label), old, new, undone, made)
        narrow_changes += [Text(f"{terminal(c.label)}: {old} → {new}", overflow="fold"),
                           Padding(Text.assemble("with only this change undone: ", undone,
                                                 overflow="fold"), (0, 0, 0, 2)),
                           Padding(Text.assemble("with only this change made: ", made,
                                                 overflow="fold"), (0, 0, 0, 2))]
    out.append(FirstThatFits([changes, Group(*narrow_changes)]) if diff.changes
               else Text("No answer or priority changed."))
    scores = Table(title="Scores", box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in (("Model", "left"), ("Old", "right"), ("New", "right"), ("Δ", "right"),
                          ("Rank", "right")):
        scores.add_column(name, justify=justify, overflow="fold",  # type: ignore[arg-type]
                          no_wrap=name not in ("Old", "New"))  # "knocked out" may wrap
    narrow_scores: list[RenderableType] = [Text("Scores", style="italic")]
    for m in diff.moves:
        rank = f"{m.old_rank or '–'} → {m.new_rank or '–'}"
        scores.add_row(terminal(m.model), _score(m.old_score), _score(m.new_score), _delta(m), rank)
        narrow_scores.append(Text(f"{terminal(m.model)}: {_score(m.old_score)} → "
                                  f"{_score(m.new_score)} ({_delta(m)}), rank {rank}",
                                  overflow="fold"))
    out.append(FirstThatFits([scores, Group(*narrow_scores)]))
    if diff.weights:
        out.append(Text(terminal("Weights moved: " + ", ".join(f"{c} {fmt(a)} → {fmt(b)}"
                                                                for c, a, b in diff.weights))))
    return out


def _cell(text: str) -> str:
    return markdown(text)


def render_markdown(diff: ProfileDiff) -> str:
    out = [f"### Sourcing decision: `{markdown_code(diff.old_path)}` → "
           f"`{markdown_code(diff.new_path)}`", "",
           f"**{_cell(verdict(diff))}**", "", _cell(decision_line(diff)), ""]
    if diff.changes:
        out += ["| Value | Old | New | Recommended with only this change undone | "
                "… with only this change made |", "|---|---|---|---|---|"]
        for c in diff.changes:
            undone = f"**{_without(c)}**" if c.flips else _without(c)
            made = f"**{c.alone or 'none'}**" if c.suffices else (c.alone or "none")
            out.append(f"| `{markdown_code(c.label)}` | {_cell(value(c.old, c.old_defaulted))} | "
                       f"{_cell(value(c.new, c.new_defaulted))} | {undone} | {made} |")
        out.append("")
    out += ["| Model | Old | New | Δ | Rank |", "|---|---:|---:|---:|---:|"]
    for m in diff.moves:
        out.append(f"| {m.model} | {_score(m.old_score)} | {_score(m.new_score)} | {_delta(m)} | "
                   f"{m.old_rank or '–'} → {m.new_rank or '–'} |")
    out.append("")
    if diff.weights:
        out += ["Weights moved: " + ", ".join(f"{c} {fmt(a)} → {fmt(b)}" for c, a, b in diff.weights),
                ""]
    return "\n".join(out)


def render(diff: ProfileDiff) -> str:
    """The terminal view as plain text at a fixed width."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, force_terminal=False,
                      no_color=True, highlight=False, emoji=False, legacy_windows=False,
                      markup=False)
    for part in renderables(diff):
        console.print(part)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
