"""The engine's node registry and the explicit node protocol."""

from __future__ import annotations

import pytest

from simulator.engine import run
from simulator.engine.nodes import NODE_TYPES, NodeSim, Queue, register
from simulator.engine.simulation import Simulation
from simulator.model import Edge, Node, Scenario, Topology
from simulator.model.kinds import KINDS
from simulator.problems import TopologyError


def test_model_kinds_and_engine_node_types_agree() -> None:
    """Every model kind has an engine node type of the same name, and nothing else does."""
    assert set(NODE_TYPES) == set(KINDS)
    for name, cls in NODE_TYPES.items():
        assert cls.kind == name
        assert issubclass(cls, NodeSim)


def test_register_rejects_a_class_without_a_kind_name() -> None:
    """register() refuses a NodeSim subclass that names no kind."""

    class Nameless(NodeSim):
        pass

    with pytest.raises(ValueError, match="no kind name"):
        register(Nameless)


def test_a_kind_the_engine_cannot_simulate_is_a_topology_error() -> None:
    """A node whose kind has no engine type is reported by node, not as a KeyError."""
    topology = Topology(name="t", nodes=[Node("x", "producer")], scenario=Scenario(duration=10))
    saved = NODE_TYPES.pop("producer")
    try:
        with pytest.raises(TopologyError, match="cannot simulate node kind 'producer'"):
            run(topology)
    finally:
        NODE_TYPES["producer"] = saved


def _queue_topology(reader: bool) -> Topology:
    nodes = [
        Node("p", "producer", params={"load": {"profile": "constant", "rate": 1}}),
        Node("q", "queue"),
    ]
    edges = [Edge("p", "q")]
    if reader:
        nodes.append(Node("c", "consumer", params={"service_time": 0.1}))
        edges.append(Edge("q", "c"))
    return Topology(name="t", nodes=nodes, edges=edges, scenario=Scenario(duration=10))


def test_a_queue_is_a_sink_until_a_consumer_reads_it() -> None:
    """A queue nobody reads parks dead letters (sink); a read queue is a message source."""
    lonely = Simulation(_queue_topology(reader=False)).nodes["q"]
    read = Simulation(_queue_topology(reader=True)).nodes["q"]
    assert isinstance(lonely, Queue) and isinstance(read, Queue)
    assert lonely.sink and not read.sink
    assert read.as_source() is read
    assert Simulation(_queue_topology(reader=True)).nodes["c"].as_source() is None


def test_non_queue_nodes_do_not_park() -> None:
    """Only sinks park dead letters: any other node refuses instead of losing the message."""
    consumer = Simulation(_queue_topology(reader=True)).nodes["c"]
    assert not consumer.sink
    with pytest.raises(TypeError, match="does not park"):
        consumer.park({"id": "x"})


def test_queue_in_flight_is_a_time_series_gauge() -> None:
    """A queue's `in_flight` gauge becomes the `<id>.in_flight` column; other nodes have none."""
    result = run(_queue_topology(reader=True))
    assert "q.in_flight" in result.series
    assert not any(name.startswith(("p.in_flight", "c.in_flight")) for name in result.series)


def test_node_figures_have_exactly_the_typed_keys() -> None:
    """stats() and live() of every kind carry all required keys of NodeStats / NodeLive and
    no key the TypedDicts do not declare (so typed readers see what the engine writes)."""
    from simulator.engine.figures import NodeLive, NodeStats

    topology = _queue_topology(reader=True)
    topology.nodes.append(Node("bus", "router", params={"max_rate": 5}))
    topology.nodes.append(Node("t", "topic"))
    topology.edges += [Edge("p", "bus"), Edge("bus", "t"), Edge("t", "c")]
    done = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}
    topology.nodes.append(Node("wf", "workflow", params={"definition": done}))
    topology.edges.append(Edge("bus", "wf"))
    sim = Simulation(topology)
    sim.advance(10)
    for typed, figures in (
        (NodeStats, [node.stats(10.0) for node in sim.nodes.values()]),
        (NodeLive, [node.live() for node in sim.nodes.values()]),
    ):
        for one in figures:
            assert typed.__required_keys__ <= set(one) <= set(typed.__annotations__)


def test_engine_message_sources_are_the_models_polled_kinds() -> None:
    """A node is a MessageSource in the engine exactly when its model kind is `polled`."""
    topology = _queue_topology(reader=True)
    topology.nodes += [Node("bus", "router"), Node("t", "topic")]
    topology.edges += [Edge("p", "bus"), Edge("bus", "t"), Edge("t", "c")]
    nodes = Simulation(topology).nodes.values()
    assert {"producer", "router", "topic", "queue", "consumer"} <= {n.kind for n in nodes}
    for node in nodes:
        assert (node.as_source() is not None) == node.node.spec.polled, node.kind
