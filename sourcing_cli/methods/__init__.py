"""Decision methods beside the engine's weighted sum: TOPSIS, AHP weights and a robustness figure.

Each module is pure (no files, no printing): :mod:`.ahp` derives weights from pairwise judgements,
:mod:`.topsis` ranks by closeness to the ideal, :mod:`.robustness` counts the priority grid exactly,
:mod:`.analysis` puts them together for a report and :mod:`.pairwise` checks a profile's ``pairwise:``
list. What they add to the reports is said in :mod:`sourcing_cli.render.methods_views` (panel lines
and Markdown) and :mod:`sourcing_cli.render.assess_json` (JSON).
"""
