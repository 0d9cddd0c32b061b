"""What the decision methods add to the terminal and Markdown reports, in plain words.

Pure functions of a :class:`~sourcing_cli.report.Report`: sentences for the method in use, the
agreement between the weighted sum and TOPSIS and the AHP weights; the table and Markdown renderers
call :func:`panel_lines`, :func:`side_by_side` and :func:`markdown_lines` and stay unaware of the
details. The robustness share over the whole priority grid stays in the JSON only: it describes the
rating table rather than this decision, and read in a panel it sounds like the tool doubting itself.
Strings from the catalog are escaped for their format (:mod:`sourcing_cli.render.escape`).
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sourcing_cli.render.escape import markdown, terminal
from sourcing_cli.render.layout import FirstThatFits, Legend
from sourcing_cli.render.text import fmt
from sourcing_cli.report import Report
from sourcing_cli.words import percent

TOPSIS_NOTE = ("TOPSIS: score = 100 × closeness to the ideal (the best weighted rating on every "
               "criterion) against the anti-ideal; tipping points belong to the weighted sum and "
               "are not shown.")


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
    text += (f"; {rankings}" if rankings else "") + "; weigh both before deciding."
    sampled = sampled_sentence(report)
    return (f"{text} {sampled}" if sampled else text), False


def sampled_sentence(report: Report) -> str | None:
    """When the methods' winners differ: how often each comes first by each method on the same
    samples of the rank acceptability — ``On the same 2,000 samples of plausible weightings and
    ratings, Onshore outsourcing comes first in 74.8% by the weighted sum and 69.0% by TOPSIS;
    Nearshore outsourcing in 25.2% and 31.0%.``"""
    agreement = report.methods.agreement if report.methods else None
    firsts = agreement.under_uncertainty if agreement is not None else None
    if firsts is None or agreement is None or agreement.same_winner:
        return None
    n = firsts.samples
    shares = [(m, percent(firsts.weighted_sum.get(m, 0), n), percent(firsts.topsis.get(m, 0), n))
              for m in (agreement.wsm_winner, agreement.topsis_winner) if m is not None]
    if len(shares) != 2:
        return None
    (a, a_wsm, a_topsis), (b, b_wsm, b_topsis) = shares
    return (f"On the same {n:,} samples of plausible weightings and ratings, "
            f"{report.model_name(a)} comes first in {a_wsm} by the weighted sum and {a_topsis} by "
            f"TOPSIS; {report.model_name(b)} in {b_wsm} and {b_topsis}.")


def same_first_sentence(report: Report) -> str | None:
    """With both methods run on the rank acceptability's samples: how often they put the same model
    first — ``On the same 2,000 samples of plausible weightings and ratings, the weighted sum and
    TOPSIS put the same model first in 56.8% of them.``"""
    agreement = report.methods.agreement if report.methods else None
    firsts = agreement.under_uncertainty if agreement is not None else None
    if firsts is None:
        return None
    return (f"On the same {firsts.samples:,} samples of plausible weightings and ratings, the "
            f"weighted sum and TOPSIS put the same model first in "
            f"{percent(firsts.same, firsts.samples)} of them.")


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
                  Text(f"  {terminal(text[0].upper() + text[1:])}",
                       style="" if agree else "bold yellow")]
    ahp = ahp_sentence(report)
    if ahp is not None:
        lines += [Text("\nWeights:", style="bold"), Text(f"  {terminal(ahp[0].upper() + ahp[1:])}")]
    return lines


def side_by_side(report: Report) -> list[RenderableType]:
    """With ``--method all``: the two rankings, rank by rank — with full model names, else short
    labels and a legend, else (narrower still) one wrapped line per rank."""
    methods = report.methods
    if methods is None or methods.topsis is None or methods.method != "all":
        return []
    pairs = list(zip(methods.weighted_sum, methods.topsis, strict=True))
    layouts: list[RenderableType] = []
    for label, first in (("name", "Weighted sum"), ("short", "Weighted\nsum")):
        table = Table(title="Weighted sum vs TOPSIS", box=box.SIMPLE_HEAD, pad_edge=False)
        for header, justify in (("#", "right"), (first, "left"), ("Score", "right"),
                                ("TOPSIS", "left"), ("Score", "right")):
            table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for left, right in pairs:
            names = [terminal(getattr(report.catalog.model(m), label))
                     for m in (left.model, right.model)]
            table.add_row(str(left.rank), names[0], fmt(left.score, 1), names[1],
                          fmt(right.score, 1))
        layouts.append(table)
    legend = Legend([f"{terminal(m.short)} = {terminal(m.name)}" for m in report.catalog.models
                     if m.short != m.name])
    layouts[1] = Group(layouts[1], legend)
    lines = [Text(f"{left.rank}. weighted sum: {terminal(report.model_name(left.model))} "
                  f"{fmt(left.score, 1)}; TOPSIS: {terminal(report.model_name(right.model))} "
                  f"{fmt(right.score, 1)}", overflow="fold") for left, right in pairs]
    layouts.append(Group(Text("Weighted sum vs TOPSIS", style="italic"), *lines))
    return [FirstThatFits(layouts)]


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
            out.append(f"| {left.rank} | {markdown(report.model_name(left.model))} | "
                       f"{fmt(left.score, 1)} | {markdown(report.model_name(right.model))} | "
                       f"{fmt(right.score, 1)} |")
        out.append("")
        agreement = agreement_sentence(report)
        if agreement is not None:
            text, agree = agreement
            sentence = markdown(f"{text[0].upper()}{text[1:]}")
            out += [sentence if agree else f"**{sentence}**", ""]
    ahp = ahp_sentence(report)
    if ahp is not None:
        out += ["## AHP weights", "", markdown(f"Weights {ahp}"), ""]
    return out
