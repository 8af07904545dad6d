"""Eventscape simulator: topology model, file formats, graph checks and the SimPy engine.

This package never imports Qt; the designer builds on it, not the other way round.
"""

__version__ = "0.1.0"

from simulator import compiled as _compiled

_compiled.choose()  # the compiled engine, or its sources when they changed (compiled.py)


def _pattern_problems(pattern: object, sns: bool) -> list[str]:
    """The matcher's verdict on a pattern or filter policy (loads the matcher on first use)."""
    from simulator.patterns import PatternError, compile_pattern

    try:
        compile_pattern(pattern, sns=sns)
    except PatternError as exc:
        return [str(exc)]
    return []


def _install() -> None:
    """The model's rules check patterns with `simulator.patterns`, which the model may not
    import (it imports no other project package): hand it the checker here."""
    from simulator.model.validation import use_pattern_check

    use_pattern_check(_pattern_problems)


_install()
