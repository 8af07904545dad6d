"""Hypothesis strategies for random valid topologies (shared by file and designer tests)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from simulator.model import KINDS, Edge, Node, Scenario, Topology
from simulator.model.params import Param

IDS = st.from_regex(r"[a-z][a-z0-9_.-]{0,11}", fullmatch=True)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)

DISTRIBUTIONS = st.one_of(
    st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 3)),
    st.builds(
        lambda m: {"dist": "exponential", "mean": m}, st.floats(0.01, 5).map(lambda x: round(x, 3))
    ),
    st.builds(
        lambda a, b: {"dist": "uniform", "low": min(a, b), "high": max(a, b)},
        st.integers(0, 9),
        st.integers(0, 9),
    ),
    st.builds(
        lambda m, s: {"dist": "lognormal", "mean": m, "sd": s}, st.integers(1, 9), st.integers(0, 5)
    ),
)
LOADS = st.one_of(
    st.builds(lambda r: {"profile": "poisson", "rate": r}, st.integers(0, 500)),
    st.builds(lambda r: {"profile": "constant", "rate": r}, st.integers(1, 500)),
    st.builds(
        lambda r, s: {
            "profile": "spiky",
            "rate": r,
            "spike_rate": s,
            "spike_every": 60,
            "spike_duration": 5,
        },
        st.integers(0, 50),
        st.integers(0, 500),
    ),
    st.builds(
        lambda steps: {"profile": "step", "steps": [[i * 10, r] for i, r in enumerate(steps)]},
        st.lists(st.integers(0, 100), min_size=1, max_size=4),
    ),
)
DETAIL_VALUES = st.one_of(
    st.integers(-100, 100),
    TEXT,
    st.booleans(),
    st.builds(
        lambda xs: {"$choice": xs}, st.lists(st.sampled_from(["US", "DE", "NO"]), min_size=1)
    ),
    st.builds(lambda a: {"$randint": [a, a + 5]}, st.integers(-10, 10)),
    st.just({"$seq": None}),
)
TEMPLATES = st.lists(
    st.fixed_dictionaries(
        {"detail-type": st.sampled_from(["OrderPlaced", "Paid"])},
        optional={
            "weight": st.integers(1, 9),
            "source": st.sampled_from(["shop.web", "shop.app"]),
            "detail": st.dictionaries(st.sampled_from(["a", "b", "country"]), DETAIL_VALUES),
        },
    ),
    min_size=1,
    max_size=3,
)


WORKFLOW = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}


def value_for(param: Param) -> st.SearchStrategy[Any]:
    """Valid values of one parameter."""
    if param.type in ("int", "number"):
        low = param.minimum if param.minimum is not None else 0
        low = low + 1 if param.exclusive_minimum else low
        high = param.maximum if param.maximum is not None else low + 1000
        values = st.integers(int(low), int(min(high, low + 1000)))
        if param.type == "number":
            values = st.one_of(
                values, st.floats(low, high).map(lambda x: round(x, 3)).filter(lambda x: x >= low)
            )
    elif param.type == "bool":
        values = st.booleans()
    elif param.type in ("string", "path"):
        values = st.sampled_from(["detail.customer", "detail.a"])
    elif param.type == "distribution":
        values = DISTRIBUTIONS
    elif param.type == "load":
        values = LOADS
    elif param.type == "choice":
        values = st.sampled_from(param.choices)
    elif param.type == "definition":
        values = st.just(WORKFLOW)
    elif param.type == "tasks":
        values = st.sampled_from([{}, {"Work": {"service_time": 1, "failure_rate": 0.1}}])
    elif param.type == "archive":  # a router's archive (issue 16)
        values = st.sampled_from([{}, {"retention": 3600}, {"pattern": {"source": ["a"]}}])
    else:
        values = TEMPLATES
    return st.one_of(st.none(), values) if param.optional else values


@st.composite
def nodes(draw: st.DrawFn, node_id: str) -> Node:
    """A node of a random kind with a random subset of valid parameters."""
    kind = KINDS[draw(st.sampled_from(sorted(KINDS)))]
    params: dict[str, Any] = {}
    for param in kind.params:
        if param.name in ("group_by", "provisioned", "reserved_concurrency"):
            continue  # they depend on other keys or on the whole topology (issue 15 rules)
        if param.name in ("account", "region", "policy", "kms_latency", "kms_data_key_reuse"):
            continue  # placement and policies decide which edges are valid; KMS settings
            # need encrypted: true (issue 16 rules)
        if draw(st.booleans()):
            params[param.name] = draw(value_for(param))
    if kind.name == "workflow":  # exactly one definition, inline
        params["definition"] = WORKFLOW
        params.pop("definition_file", None)
    label = draw(st.one_of(st.just(""), TEXT))
    position = draw(st.one_of(st.none(), st.tuples(st.integers(-999, 999), st.integers(-999, 999))))
    return Node(node_id, kind.name, label, position, params)


@st.composite
def topologies(draw: st.DrawFn, max_nodes: int = 8) -> Topology:
    """A random topology whose wiring is valid (edges only where the format allows)."""
    ids = draw(st.lists(IDS, min_size=1, max_size=max_nodes, unique=True))
    node_list = [draw(nodes(i)) for i in ids]
    edges: list[Edge] = []
    for source in node_list:
        for target in node_list:
            for kind in ("flow", "dead-letter", "on-failure"):
                if source is target or not source.spec.may_target(kind, target.spec):
                    continue
                if draw(st.integers(0, 3)) == 0:
                    edges.append(_edge(draw, source, target, kind))
    scenario = Scenario(
        duration=draw(st.integers(10, 1000)), warmup=0, seed=draw(st.integers(0, 2**31))
    )
    return Topology(name=draw(TEXT), nodes=node_list, edges=edges, scenario=scenario)


def _edge(draw: st.DrawFn, source: Node, target: Node, kind: str) -> Edge:
    edge = Edge(source.id, target.id, kind)
    if "pattern" in source.spec.edge_keys and kind == "flow" and draw(st.booleans()):
        edge.pattern = {"detail-type": [draw(st.sampled_from(["OrderPlaced", "Paid"]))]}
    if "filter" in source.spec.edge_keys and draw(st.booleans()):
        edge.filter = {"country": ["US", "DE"]}
    if "emits" in source.spec.edge_keys and kind == "flow" and draw(st.booleans()):
        edge.emits = {"detail-type": "Paid"}
    if draw(st.booleans()):
        edge.latency = draw(DISTRIBUTIONS)
    return edge
