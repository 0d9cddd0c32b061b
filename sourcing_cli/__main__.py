"""``python -m sourcing_cli`` runs the ``sourcing`` command."""

from sourcing_cli.cli.app import script

script()
