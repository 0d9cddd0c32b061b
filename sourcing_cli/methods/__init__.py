"""Decision methods beside the engine's weighted sum: TOPSIS, AHP weights and a robustness figure.

Each module is pure (no files, no printing): :mod:`.ahp` derives weights from pairwise judgements,
:mod:`.topsis` ranks by closeness to the ideal, :mod:`.robustness` counts the priority grid exactly,
:mod:`.analysis` puts them together for a report, :mod:`.pairwise` checks a profile's ``pairwise:``
list and :mod:`.views` turns the results into panel lines, Markdown and JSON.
"""
