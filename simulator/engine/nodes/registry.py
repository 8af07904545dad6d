"""The engine's registry of node types, keyed by the model's kind names (`KINDS`)."""

from __future__ import annotations

from typing import TypeVar

from simulator.engine.nodes.base import NodeSim

NODE_TYPES: dict[str, type[NodeSim]] = {}

N = TypeVar("N", bound=type[NodeSim])


def register(cls: N) -> N:
    """Make `cls` the simulation of node kind `cls.kind` (usable as a class decorator).

    The kind name must be one of `simulator.model.kinds.KINDS` for topologies to use it;
    registering a name again replaces the earlier class.
    """
    if not (isinstance(cls, type) and issubclass(cls, NodeSim)):
        raise TypeError(f"{cls!r} is not a NodeSim subclass")
    if not cls.kind:
        raise ValueError(f"{cls.__name__} has no kind name")
    NODE_TYPES[cls.kind] = cls
    return cls
