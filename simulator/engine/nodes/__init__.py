"""Node simulations, one module per node kind; a new kind is a module plus a registry entry.

`NODE_TYPES` maps each kind name of `simulator.model.kinds.KINDS` to its `NodeSim`
subclass; `register(cls)` adds one (extensions, tests).
"""

from simulator.engine.nodes.base import MessageSource, NodeSim, Reader
from simulator.engine.nodes.consumer import Consumer
from simulator.engine.nodes.producer import Producer
from simulator.engine.nodes.queue import Queue
from simulator.engine.nodes.registry import NODE_TYPES, register
from simulator.engine.nodes.router import Router
from simulator.engine.nodes.topic import Topic
from simulator.engine.nodes.workflow import Workflow

for _cls in (Producer, Router, Topic, Queue, Consumer, Workflow):
    register(_cls)

__all__ = [
    "NODE_TYPES",
    "Consumer",
    "MessageSource",
    "NodeSim",
    "Producer",
    "Queue",
    "Reader",
    "Router",
    "Topic",
    "Workflow",
    "register",
]
