"""Step Functions state machines -> workflow nodes (Amazon States Language).

The definition is read where the template keeps it: `Definition` (an object),
`DefinitionString` (text, often built with `!Sub`/`!Join`), or a SAM `DefinitionUri` file
next to the template. Every `${Name}` of `DefinitionSubstitutions` (and every resource
reference in the string) becomes an ARN or URL ending in the node id it stands for, so
the workflow's Task states find their functions, buses, queues and topics by id. Tasks
that run something not modelled get an assumed timing in `tasks`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from simulator.iac.cfn_refs import Unresolved
from simulator.iac.import_context import Context
from simulator.model.templates import DEFAULT_ACCOUNT, DEFAULT_REGION

ASSUMED_TASK = {"service_time": 0.1}
PASS_THROUGH = {"StartAt": "Imported", "States": {"Imported": {"Type": "Pass", "End": True}}}
MAX_DEFINITION_BYTES = 1024 * 1024  # Step Functions' own limit
_VAR = re.compile(r"\$\{([^}!][^}]*)\}")
_AT = f"{DEFAULT_REGION}:{DEFAULT_ACCOUNT}"
ADDRESS = {
    "consumer": f"arn:aws:lambda:{_AT}:function:{{}}",
    "queue": f"https://sqs.{DEFAULT_REGION}.amazonaws.com/{DEFAULT_ACCOUNT}/{{}}",
    "topic": f"arn:aws:sns:{_AT}:{{}}",
    "router": f"arn:aws:events:{_AT}:event-bus/{{}}",
    "workflow": f"arn:aws:states:{_AT}:stateMachine:{{}}",
}


def read(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """Create the workflow node of one state machine (its edges come from its tasks)."""
    where = ctx.where(logical_id)
    label = properties.get("StateMachineName")
    node_id = ctx.draft.add_node(
        logical_id, "workflow", label if isinstance(label, str) else "", ctx.origin(logical_id)
    )
    kind = str(properties.get("StateMachineType", properties.get("Type", "STANDARD"))).lower()
    if kind == "express":
        ctx.draft.set(node_id, "type", "express", where)
    ctx.draft.pending_workflows.append((logical_id, node_id))


def wire_workflows(ctx: Context) -> None:
    """Definitions (now that every node exists), publish edges and assumed task timings."""
    for logical_id, node_id in ctx.draft.pending_workflows:
        where = ctx.where(logical_id)
        try:
            definition = _definition(ctx, logical_id)
        except (Unresolved, ValueError, OSError, TypeError) as exc:
            _pass_through(ctx, node_id, f"its definition cannot be read: {exc}")
            continue
        _publish_edges(ctx, node_id, definition, where)
        if not ctx.draft.set(node_id, "definition", definition, where):
            _pass_through(ctx, node_id, "its definition cannot be simulated (see the notes)")
            continue
        _assume_tasks(ctx, node_id, definition, where)


def _pass_through(ctx: Context, node_id: str, why: str) -> None:
    """A one-state definition that passes events on, reported as assumed."""
    ctx.draft.set(node_id, "definition", PASS_THROUGH, "")
    ctx.report.assume(node_id, "definition", PASS_THROUGH, f"{why}; it only passes events on")


def _definition(ctx: Context, logical_id: str) -> Any:
    """The ASL document with references replaced by addresses of node ids."""
    original = ctx.template.resources.get(logical_id, {})
    sam = original.get("Type") == "AWS::Serverless::StateMachine"
    properties = original.get("Properties", {}) if sam else ctx.props(logical_id)
    variables = properties.get("DefinitionSubstitutions") or {}
    if not isinstance(variables, dict):
        raise ValueError("DefinitionSubstitutions is not a mapping")
    if isinstance(properties.get("Definition"), dict):
        document = properties["Definition"]
    elif "DefinitionString" in properties:
        document = json.loads(_text(ctx, properties["DefinitionString"]))
    elif sam and isinstance(properties.get("DefinitionUri"), str):
        document = json.loads(_file(ctx, properties["DefinitionUri"]))
    else:
        raise ValueError("no Definition, DefinitionString or local DefinitionUri")
    return _substitute(ctx, document, variables)


def _file(ctx: Context, uri: str) -> str:
    """A definition file relative to the template (YAML or JSON), as JSON text."""
    base = ctx.template.base_dir
    if base is None or uri.startswith("s3://"):
        raise ValueError(f"DefinitionUri {uri!r} is not a local file")
    path = (base / uri).resolve()
    if not path.is_relative_to(base.resolve()) or not path.is_file():
        raise ValueError(f"DefinitionUri {uri!r} is not a file next to the template")
    if path.stat().st_size > MAX_DEFINITION_BYTES:
        raise ValueError(f"DefinitionUri {uri!r} is larger than 1 MB")
    from simulator.iac.cfn_decode import TemplateError, decode_template

    try:
        data = decode_template(path.read_text(encoding="utf-8"), str(path)).data
    except TemplateError:  # a definition has no Resources: decode it as plain YAML/JSON
        data = _plain_yaml(Path(path))
    return json.dumps(data)


def _plain_yaml(path: Path) -> Any:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _text(ctx: Context, value: Any) -> str:
    """DefinitionString as text: `!Sub` references and `!Join` parts become addresses."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((fn, arg),) = value.items()
        if fn == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
            parts = arg[1] if isinstance(arg[1], list) else []
            return str(arg[0]).join(_text(ctx, p) for p in parts)
        if fn == "Fn::Sub":
            text, variables = (arg[0], arg[1]) if isinstance(arg, list) else (arg, {})
            return _VAR.sub(lambda m: _address(ctx, m.group(1), variables), str(text))
        address = _node_address(ctx, value)
        if address:
            return address
    return str(ctx.refs.literal(value))


def _substitute(ctx: Context, document: Any, variables: dict[str, Any]) -> Any:
    """Replace `${Name}` in every string of the document."""
    if isinstance(document, dict):
        return {k: _substitute(ctx, v, variables) for k, v in document.items()}
    if isinstance(document, list):
        return [_substitute(ctx, v, variables) for v in document]
    if isinstance(document, str) and variables:
        return _VAR.sub(lambda m: _address(ctx, m.group(1), variables), document)
    return document


def _address(ctx: Context, name: str, variables: Any) -> str:
    """The text standing for `${name}`: an address of a node, or the literal value."""
    if isinstance(variables, dict) and name in variables:
        value = variables[name]
        return _node_address(ctx, value) or str(ctx.refs.literal(value))
    base = name.split(".", 1)[0]
    node_id = ctx.draft.node(base)
    if node_id:
        return ADDRESS.get(ctx.draft.nodes[node_id].kind, "{}").format(node_id)
    return str(ctx.refs.literal({"Ref": name}))


def _node_address(ctx: Context, value: Any) -> str | None:
    node_id = ctx.draft.node(ctx.function_of(value) or ctx.refs.target(value))
    if node_id is None:
        return None
    return ADDRESS.get(ctx.draft.nodes[node_id].kind, "{}").format(node_id)


def _publish_edges(ctx: Context, node_id: str, definition: Any, where: str) -> None:
    """A flow edge to every node a Task publishes to or invokes."""
    for _, resource, parameters in _tasks(definition):
        text = json.dumps([resource, parameters])
        publishes = any(
            s in resource for s in ("events:putEvents", "sqs:sendMessage", "sns:publish")
        )
        for target_id, node in list(ctx.draft.nodes.items()):
            if node.kind not in ADDRESS or ADDRESS[node.kind].format(target_id) not in text:
                continue
            if node.kind == "consumer" or (publishes and node.kind in ("router", "queue", "topic")):
                ctx.draft.add_edge(node_id, target_id, where)


def _tasks(block: Any) -> list[tuple[str, str, Any]]:
    """(name, Resource, Parameters) of every Task state, nested blocks included."""
    found: list[tuple[str, str, Any]] = []
    states = block.get("States") if isinstance(block, dict) else None
    for name, state in (states if isinstance(states, dict) else {}).items():
        if not isinstance(state, dict):
            continue
        if state.get("Type") == "Task" and isinstance(state.get("Resource"), str):
            found.append((name, state["Resource"], state.get("Parameters", state.get("Arguments"))))
        inner = [*state.get("Branches", []), state.get("ItemProcessor", state.get("Iterator"))]
        for block_ in inner:
            found += _tasks(block_)
    return found


def _assume_tasks(ctx: Context, node_id: str, definition: Any, where: str) -> None:
    """Timing for Task states that invoke no node and publish nowhere (assumed)."""
    from simulator.workflow.resources import bind

    kinds = {n.id: n.kind for n in ctx.draft.nodes.values()}
    targets = [e.target for e in ctx.draft.edges.values() if e.source == node_id]
    tasks = {}
    for name, resource, parameters in _tasks(definition):
        binding = bind(resource, parameters, kinds, targets)
        if binding.problem:
            ctx.report.note(where, f"state {name}: {binding.problem}")
        if binding.wait or (binding.invoke is None and binding.publish is None):
            tasks[name] = dict(ASSUMED_TASK)  # waits for a callback: its delay is assumed
    if tasks and ctx.draft.set(node_id, "tasks", tasks, where):
        ctx.report.assume(node_id, "tasks", tasks, "how long tasks outside the design take")
