"""Where the ``sourcing`` process starts: the console script and ``python -m sourcing_cli``.

The process runs one command and ends, and the cyclic garbage collector is off while it does.
What the tool builds — records, dicts, lists, strings — holds no reference cycle, so reference
counting frees each object as soon as it is dropped; the collector has nothing of ours to find,
yet it walks every live object again and again while the libraries import and while a command
runs: about 30 ms of a 300 ms assessment, and a tenth of ``check``'s CPU on 10,000 profiles
(``benchmarks/README.md``). ``tests/cli/test_collector.py`` holds the premise: a run leaves the
same few hundred unreachable objects (the libraries' start-up leftovers) after 10 profiles,
workstreams or vendors as after hundreds, so memory stays what it was with the collector on.

It is switched off here, before anything else is imported, and only in the process's own entry:
importing the package (a program that uses it, the tests) leaves the collector alone. A command
that waits on a person and builds with a library that does make cycles (``interview``, through
prompt_toolkit) turns it back on with :func:`collect_cycles`.
"""

from __future__ import annotations

import gc


def script() -> None:
    """The ``sourcing`` command: :func:`sourcing_cli.cli.app.script` with the collector off."""
    gc.disable()
    from sourcing_cli.cli.app import script as run

    run()


def collect_cycles() -> None:
    """Turn the cyclic collector back on, for the rest of a command that needs it."""
    gc.enable()
