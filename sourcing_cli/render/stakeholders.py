"""The stakeholders of a group decision, in the terminal and in Markdown.

The plain sentences (:func:`method_sentence`, :func:`consensus_sentence`,
:func:`disagreement_sentence`, :func:`move_sentence`) are written once and escaped per format:
:func:`renderables` gives the terminal section (a positions table and a weights table where they
fit, else one line per stakeholder — nothing is cut), :func:`markdown_lines` the Markdown section.
Every stakeholder's name comes from the profile and goes through the format's escape. Both are
empty for a profile without stakeholders.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sourcing_cli.group import GroupView, Position
from sourcing_cli.render.escape import markdown as md
from sourcing_cli.render.escape import terminal
from sourcing_cli.render.layout import Bullets, FirstThatFits
from sourcing_cli.render.text import fmt
from sourcing_cli.report import Report
from sourcing_cli.stakeholders import AIJ, METHOD_NAMES

TITLE = "Stakeholders — a group decision"


def share(value: float) -> str:
    """A 0..1 share as a percentage, to one decimal where it is not whole."""
    return fmt(100 * value, 1) + "%"


def headline(view: GroupView) -> str:
    """Under the recommendation: whose it is."""
    count = len(view.positions)
    return (f"The group's recommendation: {count} stakeholder{'s' if count != 1 else ''}' weights, "
            f"{METHOD_NAMES[view.method]} — see Stakeholders.")


def method_sentence(view: GroupView) -> str:
    text = f"The group's weights are the stakeholders' {METHOD_NAMES[view.method]}"
    if view.method == AIJ:
        text += (": the weighted geometric mean of their pairwise judgements, its consistency "
                 f"ratio {fmt(view.consistency_ratio)}")
    else:
        text += (": the weighted geometric mean of their weights, so a criterion any stakeholder "
                 "weighs 0 weighs 0 for the group")
    return text + "; each stakeholder's weight is their voice."


def consensus_sentence(report: Report, view: GroupView) -> str:
    agreeing = [p.name for p in view.positions if view.winner is not None and p.winner == view.winner]
    chosen = report.model_name(view.winner) if view.winner else "no model"
    who = f" ({', '.join(agreeing)})" if agreeing else ""
    return (f"Consensus: {share(view.voice_agreeing)} of the voice{who} would choose {chosen} on "
            f"their own; agreement on the weights {fmt(view.agreement)} (Goepel's AHP consensus "
            "indicator: 1 = the same weights, 0 = no overlap).")


def disagreement_sentence(report: Report, view: GroupView) -> str | None:
    spreads = view.shown_disagreement
    if not spreads:
        return None
    parts = [f"{report.catalog.criterion(s.criterion).name} ({share(s.min)} to {share(s.max)} of "
             "the weight)" for s in spreads]
    return "Widest disagreements: " + "; ".join(parts) + "."


def veto_sentence(report: Report, view: GroupView) -> str | None:
    """The criteria the group weighs 0 only because someone weighs them 0."""
    if not view.vetoed:
        return None
    parts = [f"{report.catalog.criterion(c).name} ({', '.join(names)})" for c, names in view.vetoed]
    return ("Weighed 0 by the group because a stakeholder weighs them 0 (in brackets), though "
            "others weigh them: " + "; ".join(parts) + ". The group's weights are a geometric "
            "mean, so one voice's 0 is a veto; to let these count, give that stakeholder a "
            "priority above 0 for them, or judgements that include them.")


def move_sentence(report: Report, position: Position) -> str | None:
    move = position.move
    if move is None:
        return None
    model = report.model_name(move.model)
    how = " (a tie it wins by catalog order)" if move.kind == "tie" else ""
    text = (f"For the group to choose {model}, {position.name}'s choice, its weights would have "
            f"to move {share(move.share)} of the way toward {position.name}'s{how}")
    if move.voice is None:
        return text + "; no voice up to 1,024 times theirs would do it (another stakeholder " \
                      "weighs 0 what it needs)."
    return text + (f"; or {position.name}'s voice would have to count {fmt(move.voice)} times "
                   "as much.")


def weights_from(position: Position) -> str:
    """Where a stakeholder's weights come from: ``priorities`` or ``pairwise, CR 0.04``."""
    if position.consistency_ratio is None:
        return "priorities"
    return f"pairwise, CR {fmt(position.consistency_ratio)}"


def winner_name(report: Report, model: str | None) -> str:
    return report.model_name(model) if model else "every model knocked out"


def renderables(report: Report) -> list[RenderableType]:
    view = report.group
    if view is None:
        return []
    positions = Table(title=TITLE, box=box.SIMPLE_HEAD, pad_edge=False)
    positions.add_column("Stakeholder", overflow="fold", min_width=8)
    positions.add_column("Voice", justify="right", no_wrap=True)
    positions.add_column("Weights from", no_wrap=True)
    positions.add_column("Own winner", no_wrap=True)
    positions.add_column("Group's\nwinner\nscores", justify="right", no_wrap=True)
    lines = []
    for p in view.positions:
        source = weights_from(p)
        own = terminal(winner_name(report, p.winner))
        style = "bold green" if p.winner == view.winner else "yellow"
        scored = fmt(p.score_of_group_winner, 1)
        positions.add_row(Text(terminal(p.name)), fmt(p.voice), source, Text(own, style=style),
                          scored)
        lines.append(Text(terminal(f"{p.name} (voice {fmt(p.voice)}, {source}): would choose "
                                   f"{winner_name(report, p.winner)}; the group's winner scores "
                                   f"{scored} with their weights")))
    narrow = Group(Text(TITLE, style="italic"), Bullets(lines, indent=0))
    out: list[RenderableType] = [FirstThatFits([positions, narrow]), weights_view(report, view)]
    notes = [method_sentence(view), consensus_sentence(report, view)]
    notes += [s for s in (disagreement_sentence(report, view), veto_sentence(report, view)) if s]
    notes += [s for s in (move_sentence(report, p) for p in view.positions) if s]
    out.append(Bullets([Text(terminal(n)) for n in notes], indent=0))
    return out


def weights_view(report: Report, view: GroupView) -> FirstThatFits:
    """Criteria × (group, each stakeholder) where it fits; else one line per stakeholder."""
    table = Table(title="Weights (0–5) — the group's and each stakeholder's", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Group", justify="right", no_wrap=True)
    for p in view.positions:
        table.add_column(terminal(p.name), justify="right", overflow="fold")
    for criterion in report.catalog.criteria:
        table.add_row(terminal(criterion.name), fmt(view.weights[criterion.id], 1),
                      *(fmt(p.weights[criterion.id], 1) for p in view.positions))
    lines = [Text(terminal(f"{name}: " + ", ".join(
        f"{c.name} {fmt(weights[c.id], 1)}" for c in report.catalog.criteria)))
        for name, weights in [("Group", view.weights),
                              *((p.name, p.weights) for p in view.positions)]]
    narrow = Group(Text("Weights (0–5) — the group's and each stakeholder's", style="italic"),
                   Bullets(lines, indent=0))
    return FirstThatFits([table, narrow])


def markdown_lines(report: Report) -> list[str]:
    view = report.group
    if view is None:
        return []
    out = ["## Stakeholders", "", md(method_sentence(view)), "",
           "| Stakeholder | Voice | Weights from | Own winner | Group's winner scores |",
           "|---|---:|---|---|---:|"]
    for p in view.positions:
        source = weights_from(p)
        own = md(winner_name(report, p.winner))
        own = f"**{own}**" if p.winner == view.winner else own
        out.append(f"| {md(p.name)} | {fmt(p.voice)} | {source} | {own} | "
                   f"{fmt(p.score_of_group_winner, 1)} |")
    out += ["", md(consensus_sentence(report, view)), ""]
    for sentence in (disagreement_sentence(report, view), veto_sentence(report, view)):
        if sentence:
            out += [md(sentence), ""]
    moves = [s for s in (move_sentence(report, p) for p in view.positions) if s]
    out += [f"- {md(s)}" for s in moves] + ([""] if moves else [])
    out += ["| Criterion | Group | " + " | ".join(md(p.name) for p in view.positions) + " |",
            "|---|---:|" + "---:|" * len(view.positions)]
    for c in report.catalog.criteria:
        out.append(f"| {md(c.name)} | {fmt(view.weights[c.id], 1)} | "
                   + " | ".join(fmt(p.weights[c.id], 1) for p in view.positions) + " |")
    out.append("")
    return out
