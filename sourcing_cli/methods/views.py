"""What the decision methods add to the terminal and Markdown reports, in plain words.

Pure functions of a :class:`~sourcing_cli.report.Report`: sentences for the method in use, the
agreement between the weighted sum and TOPSIS, the AHP weights and the robustness of the winner;
the table and Markdown renderers call :func:`panel_lines`, :func:`side_by_side` and
:func:`markdown_lines` and stay unaware of the details.
"""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from sourcing_cli.methods.robustness import LEVELS, MAX_CRITERIA
from sourcing_cli.render.text import fmt
from sourcing_cli.report import Report

TOPSIS_NOTE = ("TOPSIS: score = 100 × closeness to the ideal (the best weighted rating on every "
               "criterion) against the anti-ideal; tipping points belong to the weighted sum and "
               "are not shown.")


def percent(wins: int, settings: int) -> str:
    """A share as people read it, never rounding a strict minority or majority to 0% or 100%."""
    if wins == settings:
        return "100%"
    text = f"{100 * wins / settings:.1f}%"
    if text == "0.0%" and wins:
        return "less than 0.1%"
    return "more than 99.9%" if text == "100.0%" else text


def robustness_sentence(report: Report) -> str | None:
    methods, rec = report.methods, report.result.recommendation
    if methods is None or rec is None:
        return None
    robust = methods.robustness
    if robust is None:
        if len(report.catalog.criterion_ids) > MAX_CRITERIA:
            return (f"not computed: the priority grid of a catalog with more than {MAX_CRITERIA} "
                    "criteria is too large to count")
        return ("not computed: this catalog's models are too many and too evenly matched to count "
                "its priority grid exactly in under a second")
    who = report.model_name(robust.model)
    if methods.method == "topsis":
        who = f"the weighted sum's winner, {who},"
    grid = f"the {robust.settings:,} priority settings (every criterion 0–{LEVELS - 1})"
    if robust.otherwise is None:
        return f"{who} comes first in every one of {grid}."
    return (f"{who} comes first in {percent(robust.wins, robust.settings)} of {grid}; in the "
            f"rest, {report.model_name(robust.otherwise)} comes first most often.")


# Kendall's τ between the two full rankings, in words: "agree" is never said at or below TAU_AGREE.
TAU_AGREE = 0.2
TAU_CLOSE = 0.6


def tau_text(tau: float) -> str:
    """τ to two decimals, with more where two would show ±1 or 0 for a value that is not."""
    for places in range(2, 7):
        text = f"{tau:.{places}f}"
        if float(text) == tau or float(text) not in (-1.0, 0.0, 1.0):
            break
    return "0.00" if float(text) == 0 and tau == 0 else text.replace("-", "−")


def tau_words(tau: float) -> str:
    """How alike two full rankings are, judged on the τ printed beside the words."""
    shown = float(tau_text(tau).replace("−", "-"))
    if tau == 1:
        return "are identical"
    if shown >= TAU_CLOSE:
        return "largely agree"
    if shown > TAU_AGREE:
        return "agree only loosely"
    if shown >= -TAU_AGREE:
        return "are no more alike than chance"
    return "run largely opposite"


def agreement_sentence(report: Report) -> tuple[str, bool] | None:
    """The sentence, and whether the methods agree on the winner.

    The methods agree when they recommend the same model; how alike the rest of the two rankings
    are is said separately, in words that match the Kendall's τ printed beside them.
    """
    agreement = report.methods.agreement if report.methods else None
    if agreement is None or agreement.wsm_winner is None or agreement.topsis_winner is None:
        return None
    tau = agreement.kendall_tau
    rankings = ("" if tau is None else
                f"their full rankings {tau_words(tau)} (Kendall's τ = {tau_text(tau)}; 1 is the "
                "same order, −1 the reverse)")
    if agreement.same_winner:
        text = (f"the weighted sum and TOPSIS recommend the same model, "
                f"{report.model_name(agreement.wsm_winner)}")
        return text + (f"; {rankings}." if rankings else "."), True
    text = (f"the methods disagree: the weighted sum recommends "
            f"{report.model_name(agreement.wsm_winner)}, TOPSIS "
            f"{report.model_name(agreement.topsis_winner)}")
    return text + (f"; {rankings}" if rankings else "") + "; weigh both before deciding.", False


def ahp_sentence(report: Report) -> str | None:
    ahp = report.methods.ahp if report.methods else None
    if ahp is None:
        return None
    from sourcing_cli.methods.ahp import CR_LIMIT

    weights = ", ".join(f"{report.catalog.criterion(c).name} {fmt(100 * w, 1)}%"
                        for c, w in ahp.weights.items())
    return (f"from pairwise judgements (AHP): {weights}; consistency ratio "
            f"{ahp.consistency_ratio:.3f} (limit {CR_LIMIT:.2f}); criteria not named weigh 0.")


def panel_lines(report: Report) -> list[RenderableType]:
    """Lines for the recommendation panel."""
    lines: list[RenderableType] = []
    if report.methods is not None and report.methods.method == "topsis":
        lines += [Text("\nMethod:", style="bold"), Text(f"  {TOPSIS_NOTE}")]
    agreement = agreement_sentence(report)
    if agreement is not None:
        text, agree = agreement
        lines += [Text("\nMethods:", style="bold"),
                  Text(f"  {text[0].upper()}{text[1:]}", style="" if agree else "bold yellow")]
    ahp = ahp_sentence(report)
    if ahp is not None:
        lines += [Text("\nWeights:", style="bold"), Text(f"  {ahp[0].upper()}{ahp[1:]}")]
    robust = robustness_sentence(report)
    if robust is not None:
        lines += [Text("\nRobustness:", style="bold"), Text(f"  {robust[0].upper()}{robust[1:]}")]
    return lines


def side_by_side(report: Report) -> list[RenderableType]:
    """With ``--method all``: the two rankings, rank by rank."""
    methods = report.methods
    if methods is None or methods.topsis is None or methods.method != "all":
        return []
    table = Table(title="Weighted sum vs TOPSIS", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Weighted sum", no_wrap=True)
    table.add_column("Score", justify="right")
    table.add_column("TOPSIS", no_wrap=True)
    table.add_column("Score", justify="right")
    for left, right in zip(methods.weighted_sum, methods.topsis, strict=True):
        table.add_row(str(left.rank), report.model_name(left.model), fmt(left.score, 1),
                      report.model_name(right.model), fmt(right.score, 1))
    return [table]


def markdown_lines(report: Report) -> list[str]:
    """Sections for the Markdown report."""
    methods = report.methods
    if methods is None:
        return []
    out: list[str] = []
    if methods.method == "topsis":
        out += ["## Method", "", TOPSIS_NOTE, ""]
    if methods.method == "all" and methods.topsis is not None:
        out += ["## Weighted sum vs TOPSIS", "", "| # | Weighted sum | Score | TOPSIS | Score |",
                "|---:|---|---:|---|---:|"]
        for left, right in zip(methods.weighted_sum, methods.topsis, strict=True):
            out.append(f"| {left.rank} | {report.model_name(left.model)} | {fmt(left.score, 1)} | "
                       f"{report.model_name(right.model)} | {fmt(right.score, 1)} |")
        out.append("")
        agreement = agreement_sentence(report)
        if agreement is not None:
            text, agree = agreement
            sentence = f"{text[0].upper()}{text[1:]}"
            out += [sentence if agree else f"**{sentence}**", ""]
    ahp = ahp_sentence(report)
    if ahp is not None:
        out += ["## AHP weights", "", f"Weights {ahp}", ""]
    robust = robustness_sentence(report)
    if robust is not None:
        out += ["## Robustness", "", f"{robust[0].upper()}{robust[1:]}", ""]
    return out
