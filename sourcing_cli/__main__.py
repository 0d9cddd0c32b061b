"""``python -m sourcing_cli`` runs the ``sourcing`` command."""

from sourcing_cli.cli.launch import script

if __name__ == "__main__":  # not when a spawned worker process imports this module
    script()
