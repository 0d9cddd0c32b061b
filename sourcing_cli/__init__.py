"""sourcing: a command-line sourcing advisor.

It scores five ways of sourcing a piece of work — in-house, onshore, nearshore and offshore
outsourcing, and a captive offshore centre — from a YAML profile of answers, with a catalog of
criteria that cites its sources, and explains the recommendation it makes.
"""

__version__ = "0.1.0"
