"""What every resource reader of an import shares: resources, references, draft, report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.iac.cfn_decode import Template
from simulator.iac.cfn_refs import Refs, Unresolved, flag
from simulator.iac.import_draft import Draft
from simulator.iac.import_report import ImportReport

DEFAULT_BUS = "default"


@dataclass
class Context:
    """The expanded resources of one template and the draft built from them."""

    template: Template
    resources: dict[str, dict[str, Any]]
    refs: Refs
    draft: Draft
    report: ImportReport
    eventscape: bool = False  # the template is an Eventscape export: no guessing

    def props(self, logical_id: str) -> dict[str, Any]:
        """The Properties of a resource (a mapping, possibly empty)."""
        properties = self.resources[logical_id].get("Properties")
        return properties if isinstance(properties, dict) else {}

    def type_of(self, logical_id: str | None) -> str:
        """The type of a resource ('' when there is none)."""
        return self.refs.type_of(logical_id)

    def where(self, logical_id: str) -> str:
        """The resource and its line in the template as written (SAM resources too)."""
        if logical_id in self.template.lines:
            return self.template.where(logical_id)
        parent = self.parent(logical_id)
        if parent:
            return f"Resources.{logical_id} (from {self.template.where(parent)})"
        return f"Resources.{logical_id}"

    def parent(self, logical_id: str) -> str | None:
        """The SAM resource a generated resource came from (its logical id prefix)."""
        candidates = [p for p in self.template.lines if logical_id.startswith(p)]
        return max(candidates, key=len) if candidates else None

    def origin(self, logical_id: str) -> str:
        """`Type LogicalId (line N)` for the report's node list."""
        original = self.template.resources.get(logical_id)
        type_ = original["Type"] if original else self.type_of(logical_id)
        line = self.template.lines.get(logical_id)
        if line:
            return f"{type_} {logical_id} (line {line})"
        parent = self.parent(logical_id)
        made = f" (made by the SAM transform from {self.template.where(parent)})" if parent else ""
        return f"{type_} {logical_id}{made}"

    def number(self, value: Any, where: str, what: str) -> float | None:
        """A numeric property, or None with a note when it cannot be known."""
        try:
            number = self.refs.number(value)
        except Unresolved as exc:
            self.report.note(where, f"{what} not imported: {exc}")
            return None
        if number is None and value is not None:
            self.report.note(where, f"{what} not imported: {value!r} is not a number")
        return number

    def flag(self, value: Any, where: str, what: str) -> bool | None:
        """A boolean property, or None with a note when it is not one."""
        try:
            result = flag(self.refs.literal(value))
        except Unresolved as exc:
            self.report.note(where, f"{what} not imported: {exc}")
            return None
        if result is None and value is not None:
            self.report.note(where, f"{what} not imported: {value!r} is not true or false")
        return result

    def function_of(self, value: Any) -> str | None:
        """The Lambda function a FunctionName or ARN refers to (through aliases/versions)."""
        logical_id = self.refs.target(value)
        for _ in range(5):
            if self.type_of(logical_id) in ("AWS::Lambda::Alias", "AWS::Lambda::Version"):
                logical_id = self.refs.target(self.props(logical_id or "").get("FunctionName"))
            else:
                break
        return logical_id if self.type_of(logical_id) == "AWS::Lambda::Function" else None

    def bus_node(self, value: Any, where: str) -> str:
        """The router node of an EventBusName/Arn (the default bus when absent)."""
        logical_id = self.refs.target(value) if value is not None else None
        if logical_id and self.draft.node(logical_id):
            return self.draft.node(logical_id) or ""
        name = DEFAULT_BUS
        if value is not None:
            try:
                literal = self.refs.literal(value)
            except Unresolved:
                literal = None
            if not isinstance(literal, str) or not literal:
                self.report.note(where, f"event bus {value!r} unknown; the default bus is used")
            else:
                name = literal.rsplit("/", 1)[-1]
        key = f"bus:{name}"
        existing = self.draft.node(key)
        if existing:
            return existing
        label = "default event bus" if name == DEFAULT_BUS else f"event bus {name}"
        origin = f"{label} (not defined in the template)"
        return self.draft.add_node(key, "router", label=label, origin=origin, stem=name)
