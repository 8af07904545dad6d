"""Node simulations, one module per node kind; a new kind is a module plus a registry entry."""

from simulator.engine.nodes.base import NodeSim
from simulator.engine.nodes.consumer import Consumer
from simulator.engine.nodes.producer import Producer
from simulator.engine.nodes.queue import Queue
from simulator.engine.nodes.router import Router
from simulator.engine.nodes.topic import Topic

NODE_TYPES: dict[str, type[NodeSim]] = {
    cls.kind: cls for cls in (Producer, Router, Topic, Queue, Consumer)
}

__all__ = ["NODE_TYPES", "Consumer", "NodeSim", "Producer", "Queue", "Router", "Topic"]
