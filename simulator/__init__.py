"""Eventscape simulator: topology model, file formats, graph checks and the SimPy engine.

This package never imports Qt; the designer builds on it, not the other way round.
"""

__version__ = "0.1.0"
