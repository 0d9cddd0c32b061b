"""``sourcing diff`` for people: the verdict, the changes, and how every model's score moved.

:func:`renderables` is the terminal view (Rich); :func:`render_markdown` is the same story for a
pull-request comment; :func:`render` is the terminal view as plain text, for ``-o FILE``. All are
pure: a :class:`~sourcing_cli.diff.ProfileDiff` in. Models and criteria are shown by name, as
``assess`` shows them; the file's own keys (``answers.team_size``) stay as written. The terminal
view uses tables where they fit, else one line per change and per model: nothing is cut, and
values from the profiles are escaped for the terminal (or for Markdown).
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from sourcing_cli.diff import Change, FlagMove, ModelMove, ProfileDiff, StakeholderWeighting, Weighting
from sourcing_cli.render.escape import markdown, markdown_code, terminal
from sourcing_cli.render.layout import FirstThatFits
from sourcing_cli.render.text import fmt
from sourcing_cli.words import percent


def values(c: Change) -> tuple[str, str]:
    """The old and the new value of a change, as the "What changed" table shows them: of a
    stakeholder, only the parts that differ (their voice, or what they said)."""
    old, new = c.old, c.new
    if isinstance(old, StakeholderWeighting) and isinstance(new, StakeholderWeighting):
        said_same = (old.pairwise, old.priorities) == (new.pairwise, new.priorities)
        if said_same and old.voice != new.voice:
            return f"voice {fmt(old.voice)}", f"voice {fmt(new.voice)}"
        if old.voice == new.voice and not said_same:
            return stakeholder_said(old), stakeholder_said(new)
    return value(old, c.old_defaulted), value(new, c.new_defaulted)


def value(v: object, defaulted: bool) -> str:
    if isinstance(v, Weighting):
        return weighting_text(v)
    if isinstance(v, StakeholderWeighting):
        return stakeholder_text(v)
    if v is None and defaulted:
        return "(not set)"
    return fmt(v) + (" (default)" if defaulted else "")


def weighting_text(w: Weighting) -> str:
    """``[cost, control, 3], [cost, speed, 5]``, or the priorities when there are no judgements."""
    if w.stakeholders is not None:
        return "stakeholders " + ", ".join(s.name for s in w.stakeholders)
    if w.pairwise is not None:
        return ", ".join(f"[{a}, {b}, {ratio}]" for a, b, ratio in w.pairwise)
    if w.priorities:
        return "(not set; priorities " + ", ".join(f"{c} {fmt(v)}"
                                                   for c, v in w.priorities.items()) + ")"
    return "(not set)"


def stakeholder_text(s: StakeholderWeighting) -> str:
    """``voice 1; priorities cost 5, control 2`` or ``voice 2; [cost, risk, 3], …``."""
    return f"voice {fmt(s.voice)}; {stakeholder_said(s)}"


def stakeholder_said(s: StakeholderWeighting) -> str:
    """``priorities cost 5, control 2`` or ``[cost, risk, 3], …``."""
    if s.pairwise is not None:
        return ", ".join(f"[{a}, {b}, {ratio}]" for a, b, ratio in s.pairwise)
    return "priorities " + ", ".join(f"{c} {fmt(v)}" for c, v in s.priorities or ())


def _name(diff: ProfileDiff, model: str | None) -> str:
    return diff.model_name(model)


def stakeholder_detail(c: Change) -> str:
    """A stakeholder's change in words: added, removed, or what of theirs changed — "CFO's
    priorities changed (cost 3 → 5)"."""
    name, old, new = c.key, c.old, c.new
    if old is None:
        return f"{name} added"
    if new is None:
        return f"{name} removed"
    parts = []
    if old.priorities is not None and new.priorities is not None:
        before, after = dict(old.priorities), dict(new.priorities)
        moved = [f"{k} {_number(before.get(k))} → {_number(after.get(k))}"
                 for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
        if moved:
            parts.append(f"priorities changed ({', '.join(moved)})")
    elif old.pairwise is not None and new.pairwise is not None:
        if old.pairwise != new.pairwise:
            parts.append("pairwise judgements changed")
    else:
        parts.append("weighting now comes from " + ("pairwise judgements" if new.pairwise is not None
                                                   else "priorities"))
    if old.voice != new.voice:
        parts.append(f"voice changed ({_number(old.voice)} → {_number(new.voice)})")
    return f"{name}'s " + " and ".join(parts)


def _number(value: float | None) -> str:
    """``3``, ``2.5``, or ``(not set)``."""
    if value is None:
        return "(not set)"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _change(c: Change) -> str:
    if c.kind == "pairwise":  # the judgements are listed under "What changed"
        return f"{c.label} (the judgements that set the weights)"
    if c.kind == "stakeholders":
        return f"{c.label} (the weighting: {value(c.old, False)} → {value(c.new, False)})"
    if c.kind == "stakeholder":
        return stakeholder_detail(c)
    return f"{c.label} ({value(c.old, c.old_defaulted)} → {value(c.new, c.new_defaulted)})"


def verdict(diff: ProfileDiff) -> str:
    new = _name(diff, diff.new_recommendation)
    if diff.added:
        return f"New profile (no version at {diff.old_path}): {new} is recommended."
    old = _name(diff, diff.old_recommendation)
    if not diff.recommendation_changed:
        return f"Recommendation unchanged: {new}."
    line = f"Recommendation changed: {old} → {new}."
    flips = diff.flipped_by
    if len(flips) == 1 and not diff.each_suffices and flips[0].kind == "stakeholder":
        c = flips[0]
        line += (f" {stakeholder_detail(c)}; the group now recommends {new} (with that change alone undone, "
                 f"{_name(diff, c.without)} would be).")
    elif len(flips) == 1 and not diff.each_suffices:
        c = flips[0]
        line += (f" Flipped by {_change(c)}: with that change alone undone, "
                 f"{_name(diff, c.without)} would be recommended.")
    elif flips:
        names = ", ".join(_change(c) for c in flips)
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
    new = _name(diff, diff.new_decision) if diff.new_decision else "none"
    if diff.added:
        line = f"Decision: {new}"
    else:
        old = _name(diff, diff.old_decision) if diff.old_decision else "none"
        line = f"Decision: {new}" + (" (unchanged)" if old == new else f" (was {old})")
    if diff.new_decision is not None and diff.new_recommendation is not None and (
            diff.new_decision != diff.new_recommendation):
        line += f" — it differs from the new recommendation, {_name(diff, diff.new_recommendation)}"
    return line + "."


def _delta(move: ModelMove) -> str:
    if move.old_score is None or move.new_score is None:
        return "—"
    delta = move.new_score - move.old_score
    return "0.0" if abs(delta) < 0.05 else f"{delta:+.1f}"


def _score(score: float | None, absent: bool = False) -> str:
    if absent:
        return "—"
    return "knocked out" if score is None else f"{score:.1f}"


def _rank(diff: ProfileDiff, move: ModelMove) -> str:
    old = "–" if diff.added else (move.old_rank or "–")
    return f"{old} → {move.new_rank or '–'}"


def weights_line(diff: ProfileDiff) -> str:
    return "Weights moved: " + ", ".join(
        f"{diff.criterion_name(c)} {fmt(a)} → {fmt(b)}" for c, a, b in diff.weights)


def sure_line(diff: ProfileDiff) -> str | None:
    """``How sure (first place in plausible weightings and ratings): Nearshore outsourcing 84.0% →
    61.0%; Onshore outsourcing 14.0% → 35.0%.`` — the old winner, then the new one."""
    sure = diff.sureness
    rows = diff.sure_winners
    if sure is None or not rows:
        return None

    def shown(share: float | None) -> str:
        return "knocked out" if share is None else percent(round(share * sure.samples), sure.samples)

    by = " by TOPSIS" if sure.scored_by == "topsis" else ""
    parts = [f"{diff.model_name(m)} {shown(new) if diff.added else f'{shown(old)} → {shown(new)}'}"
             for m, old, new in rows]
    return f"How sure (first place{by} in plausible weightings and ratings): {'; '.join(parts)}."


def flag_lines(diff: ProfileDiff) -> list[str]:
    def shown(f: FlagMove) -> str:
        return f"{f.vendor}: {f.flag} ({f.severity})"

    out = []
    if diff.flags_raised:
        out.append("Red flags raised: " + "; ".join(shown(f) for f in diff.flags_raised) + ".")
    if diff.flags_cleared:
        out.append("Red flags cleared: " + "; ".join(shown(f) for f in diff.flags_cleared) + ".")
    return out


CHANGE_COLUMNS = ("Value", "Old", "New", "Recommended with only this change undone",
                  "… with only this change made")


def renderables(diff: ProfileDiff) -> list[RenderableType]:
    """Every string here is plain text from :func:`verdict` & co.; :func:`_t` escapes it once."""
    out: list[RenderableType] = [
        _t(f"{diff.old_path} → {diff.new_path}", "bold"),
        _t(verdict(diff), "bold yellow" if diff.recommendation_changed else "green"),
        _t(decision_line(diff)),
    ]
    changes = Table(title="What changed", box=box.SIMPLE_HEAD, title_justify="left")
    # Values and model names never split; only Old and New may wrap (a long text answer).
    for name, wrap in (("Value", False), ("Old", True), ("New", True),
                       ("Recommended with only\nthis change undone", False),
                       ("… with only this\nchange made", False)):
        changes.add_column(name, no_wrap=not wrap, overflow="fold")
    narrow_changes: list[RenderableType] = [Text("What changed", style="italic")]
    for c in diff.changes:
        old, new = (_t(text) for text in values(c))
        undone = _t(_name(diff, c.without), "bold yellow" if c.flips else "")
        made = _t(_name(diff, c.alone), "bold yellow" if c.suffices else "")
        changes.add_row(_t(c.label), old, new, undone, made)
        narrow_changes += [Text.assemble(_t(c.label), ": ", old, " → ", new, overflow="fold"),
                           Padding(Text.assemble("with only this change undone: ", undone,
                                                 overflow="fold"), (0, 0, 0, 2)),
                           Padding(Text.assemble("with only this change made: ", made,
                                                 overflow="fold"), (0, 0, 0, 2))]
    if diff.changes:
        out.append(FirstThatFits([changes, Group(*narrow_changes)]))
    elif not diff.added:
        out.append(Text("No answer or weight changed."))
    scores = Table(title="Scores", box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in (("Model", "left"), ("Old", "right"), ("New", "right"), ("Δ", "right"),
                          ("Rank", "right")):
        scores.add_column(name, justify=justify, overflow="fold",  # type: ignore[arg-type]
                          no_wrap=name not in ("Old", "New"))  # "knocked out" may wrap
    narrow_scores: list[RenderableType] = [Text("Scores", style="italic")]
    for m in diff.moves:
        model, old_score = _t(_name(diff, m.model)), _score(m.old_score, diff.added)
        scores.add_row(model, old_score, _score(m.new_score), _delta(m), _rank(diff, m))
        narrow_scores.append(Text.assemble(model, f": {old_score} → {_score(m.new_score)} "
                                                 f"({_delta(m)}), rank {_rank(diff, m)}",
                                           overflow="fold"))
    out.append(FirstThatFits([scores, Group(*narrow_scores)]))
    if diff.weights:
        out.append(_t(weights_line(diff)))
    sure = sure_line(diff)
    if sure is not None:
        out.append(_t(sure))
    out += [_t(line) for line in flag_lines(diff)]
    return out


def _t(text: str, style: str = "") -> Text:
    return Text(terminal(text), style=style, overflow="fold")


def render_markdown(diff: ProfileDiff) -> str:
    out = [f"### Sourcing decision: `{markdown_code(diff.old_path)}` → "
           f"`{markdown_code(diff.new_path)}`", "",
           f"**{markdown(verdict(diff))}**", "", markdown(decision_line(diff)), ""]
    if diff.changes:
        out += ["| " + " | ".join(CHANGE_COLUMNS) + " |", "|---|---|---|---|---|"]
        for c in diff.changes:
            undone, made = markdown(_name(diff, c.without)), markdown(_name(diff, c.alone))
            # a stakeholder's name is the user's text, not a key of the file: escaped as text
            label = (markdown(c.label) if c.kind == "stakeholder" else f"`{markdown_code(c.label)}`")
            old, new = values(c)
            out.append(f"| {label} | {markdown(old)} | {markdown(new)} | "
                       f"{f'**{undone}**' if c.flips else undone} | "
                       f"{f'**{made}**' if c.suffices else made} |")
        out.append("")
    out += ["| Model | Old | New | Δ | Rank |", "|---|---:|---:|---:|---:|"]
    for m in diff.moves:
        out.append(f"| {markdown(_name(diff, m.model))} | {_score(m.old_score, diff.added)} | "
                   f"{_score(m.new_score)} | {_delta(m)} | {_rank(diff, m)} |")
    out.append("")
    if diff.weights:
        out += [markdown(weights_line(diff)), ""]
    sure = sure_line(diff)
    if sure is not None:
        out += [markdown(sure), ""]
    for line in flag_lines(diff):
        out += [markdown(line), ""]
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
