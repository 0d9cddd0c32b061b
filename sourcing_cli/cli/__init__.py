"""The command-line layer: argument parsing, wiring, exit codes. Commands live one per module."""
