"""A topology as an AsyncAPI 3.0.0 document.

Channels: one per router (its bus), per router rule (edge), per topic and per queue (and
one per consumer or workflow that is invoked directly). Operations: producers `send` to
the channels of their targets; consumers and workflows `receive` from the channels that
feed them and `send` to the channels they publish to. Messages: one per event kind
(source + detail-type) with a payload schema inferred from the producers' templates and
the `emits` of edges; a channel carries the messages that can reach it (rules keep the
messages their pattern's `source` / `detail-type` lists allow).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import yaml

from simulator.iac.asyncapi_schema import envelope_schema
from simulator.iac.cfn import camel
from simulator.model import Edge, Topology

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "assets" / "asyncapi" / "asyncapi-3.0.0.schema.json"
)
Message = tuple[str, str]  # (source, detail-type)


def to_asyncapi(topology: Topology) -> str:
    """The AsyncAPI 3.0.0 document of `topology` as YAML."""
    return yaml.safe_dump(
        asyncapi_document(topology), sort_keys=False, allow_unicode=True, width=100
    )


def asyncapi_document(topology: Topology) -> dict[str, Any]:
    """The AsyncAPI 3.0.0 document of `topology` as data."""
    templates = _templates(topology)
    reaching = _reaching(topology, templates)
    ids = _message_ids(templates)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    channel_of = _channels(topology, reaching, ids, channels)
    for edge in topology.edges:
        if edge.kind != "flow" and edge.kind != "on-failure":
            continue
        source = topology.node(edge.source)
        if source.kind in ("producer", "consumer", "workflow"):
            channel = channel_of.get(("in", edge.target))
            if channel is not None:
                sent = {ids[m] for m in _carried(topology, edge, reaching, templates)}
                _operation(operations, channels, source.id, "send", channel, sent)
        if source.kind in ("router", "topic", "queue") and edge.kind == "flow":
            target = topology.node(edge.target)
            channel = channel_of.get(("edge", edge.source, edge.target)) or channel_of.get(
                ("in", edge.source)
            )
            if target.kind in ("consumer", "workflow") and channel is not None:
                _operation(operations, channels, target.id, "receive", channel)
    for edge in topology.edges:
        target = topology.node(edge.target)
        channel = channel_of.get(("direct", edge.target))
        if channel is not None and target.kind in ("consumer", "workflow"):
            _operation(operations, channels, target.id, "receive", channel)
    info: dict[str, Any] = {"title": topology.name or "Untitled", "version": "1.0.0"}
    if topology.description:
        info["description"] = topology.description
    return {
        "asyncapi": "3.0.0",
        "info": info,
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": {
                ids[m]: {
                    "name": m[1],
                    "title": f"{m[1]} from {m[0]}",
                    "contentType": "application/json",
                    "payload": envelope_schema(m, templates[m]),
                }
                for m in sorted(templates, key=lambda m: ids[m])
            }
        },
    }


def _templates(topology: Topology) -> dict[Message, list[dict[str, Any]]]:
    """Every event kind of the design with the templates producing it."""
    kinds: dict[Message, list[dict[str, Any]]] = {}
    for node in topology.nodes:
        if node.kind == "producer":
            for template in node.get("events") or [{"detail-type": "Event"}]:
                kinds.setdefault(_kind(template, node.id), []).append(template)
    for edge in topology.edges:
        if edge.emits:
            kinds.setdefault(_kind(edge.emits, edge.source), []).append(edge.emits)
    return kinds


def _kind(template: dict[str, Any], default_source: str) -> Message:
    """(source, detail-type) of a template or `emits` (generators shown as JSON)."""
    values = [template.get("source", default_source), template.get("detail-type", "Event")]
    text = [v if isinstance(v, str) else json.dumps(v, sort_keys=True) for v in values]
    return text[0], text[1]


def _reaching(topology: Topology, templates: dict[Message, Any]) -> dict[str, set[Message]]:
    """The event kinds that can arrive at each node (a fixed point over the edges)."""
    reach: dict[str, set[Message]] = {n.id: set() for n in topology.nodes}
    changed = True
    while changed:
        changed = False
        for edge in topology.edges:
            carried = _carried(topology, edge, reach, templates)
            if not carried <= reach[edge.target]:
                reach[edge.target] |= carried
                changed = True
    return reach


def _carried(
    topology: Topology, edge: Edge, reach: dict[str, set[Message]], templates: dict[Message, Any]
) -> set[Message]:
    source = topology.node(edge.source)
    if source.kind == "producer":
        return {_kind(t, source.id) for t in source.get("events") or [{"detail-type": "Event"}]}
    if edge.emits:
        return {_kind(edge.emits, edge.source)}
    return {m for m in reach[source.id] if allows(edge.pattern, m)}


def allows(pattern: dict[str, Any] | None, message: Message) -> bool:
    """False only when the pattern's plain `source` / `detail-type` lists exclude the kind."""
    if not pattern:
        return True
    for key, value in (("source", message[0]), ("detail-type", message[1])):
        listed = pattern.get(key)
        if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
            continue
        if value not in listed:
            return False
    return True


def _message_ids(templates: dict[Message, Any]) -> dict[Message, str]:
    ids: dict[Message, str] = {}
    for source, detail_type in sorted(templates):
        stem = camel(source) + camel(detail_type) or "Event"
        name, i = stem, 2
        while name in ids.values():
            name, i = f"{stem}{i}", i + 1
        ids[(source, detail_type)] = name
    return ids


def _channels(
    topology: Topology,
    reaching: dict[str, set[Message]],
    ids: dict[Message, str],
    channels: dict[str, Any],
) -> dict[tuple[str, ...], str]:
    """Fill `channels`; return where each (kind, node[, target]) channel lives."""
    where: dict[tuple[str, ...], str] = {}
    what = {"router": "event bus", "topic": "SNS topic", "queue": "SQS queue"}

    def add(
        key: tuple[str, ...], stem: str, address: str, description: str, messages: set[Message]
    ) -> None:
        name, i = stem, 2
        while name in channels:
            name, i = f"{stem}-{i}", i + 1
        channels[name] = {
            "address": address,
            "description": description,
            "messages": {
                ids[m]: {"$ref": f"#/components/messages/{ids[m]}"} for m in sorted(messages)
            },
        }
        where[key] = name

    for node in topology.nodes:
        if node.kind in what:
            add(
                ("in", node.id),
                _safe(node.id),
                node.id,
                f"{node.title}: {what[node.kind]}",
                reaching[node.id],
            )
    for edge in topology.edges:
        source = topology.node(edge.source)
        if source.kind == "router":
            carried = {m for m in reaching[source.id] if allows(edge.pattern, m)}
            rule = json.dumps(edge.pattern) if edge.pattern else "all events"
            add(
                ("edge", edge.source, edge.target),
                _safe(f"{edge.source}.rule.{edge.target}"),
                f"{edge.source}/{edge.target}",
                f"Rule of {source.title} delivering to {edge.target}: {rule}",
                carried,
            )
        target = topology.node(edge.target)
        if (
            target.kind in ("consumer", "workflow")
            and source.kind
            in (
                "producer",
                "consumer",
                "workflow",
            )
            and ("direct", target.id) not in where
        ):
            add(
                ("direct", target.id),
                _safe(f"{target.id}.invoke"),
                target.id,
                f"Asynchronous invocation of {target.title}",
                reaching[target.id],
            )
            where[("in", target.id)] = where[("direct", target.id)]
    return where


def _safe(text: str) -> str:
    """A channel or operation id the schema allows (letters, digits, `.`, `-`, `_`)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in text)


def _operation(
    operations: dict[str, Any],
    channels: dict[str, Any],
    node_id: str,
    action: str,
    channel: str,
    messages: set[str] | None = None,
) -> None:
    """Add (or extend) the operation of `node_id` on `channel` (all its messages by default)."""
    name = _safe(f"{node_id}.{action}.{channel}")
    listed = list(channels[channel]["messages"])
    chosen = set(listed) if messages is None else messages
    if name in operations:
        chosen |= {r["$ref"].rsplit("/", 1)[-1] for r in operations[name]["messages"]}
    operations[name] = {
        "action": action,
        "channel": {"$ref": f"#/channels/{channel}"},
        "summary": f"{node_id} {'publishes to' if action == 'send' else 'receives from'} {channel}",
        "messages": [{"$ref": f"#/channels/{channel}/messages/{m}"} for m in listed if m in chosen],
    }


@functools.cache
def _schema() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def validate(document: dict[str, Any]) -> list[str]:
    """Problems of `document` against the official AsyncAPI 3.0.0 JSON Schema."""
    import jsonschema

    validator = jsonschema.Draft7Validator(_schema())
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    ]
