"""References between resources and literal values of a decoded template.

`Refs.target(value)` names the resource a property points at, whatever the form:
`!Ref X`, `!GetAtt X.Arn`, `!Sub "${X.Arn}"`, `!Join`, or a literal ARN, URL or name that
matches a resource's physical name. `Refs.literal(value)` gives a property's value with
parameter defaults and pseudo parameters filled in, or raises `Unresolved`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from simulator.model.templates import DEFAULT_ACCOUNT, DEFAULT_REGION

PSEUDO = {
    "AWS::AccountId": DEFAULT_ACCOUNT,
    "AWS::Region": DEFAULT_REGION,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "stack",
    "AWS::StackId": f"arn:aws:cloudformation:{DEFAULT_REGION}:{DEFAULT_ACCOUNT}:stack/stack/id",
    "AWS::NoValue": None,
}
NAME_KEYS = {  # the property holding a resource's own physical name
    "AWS::SQS::Queue": "QueueName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::Serverless::Function": "FunctionName",
    "AWS::Events::EventBus": "Name",
    "AWS::StepFunctions::StateMachine": "StateMachineName",
    "AWS::Serverless::StateMachine": "Name",
}
_SUB = re.compile(r"\$\{([^}!][^}]*)\}")


class Unresolved(Exception):
    """A value that depends on something only known at deploy time."""


class Refs:
    """Resolves references against a template's resources and parameters."""

    def __init__(self, resources: dict[str, dict[str, Any]], parameters: Any = None):
        self.resources = resources
        self.parameters = parameters if isinstance(parameters, dict) else {}
        self.names: dict[str, str] = {}
        self.names = self._physical_names()

    def _physical_names(self) -> dict[str, str]:
        """Literal physical names (queue, topic, function, bus names) -> logical id."""
        names: dict[str, str] = {}
        for logical_id, resource in self.resources.items():
            properties = resource.get("Properties") or {}
            key = NAME_KEYS.get(resource.get("Type", ""))
            try:  # `!Sub '${AWS::StackName}-orders'` has a name too
                value = self.literal(properties.get(key)) if key else None
            except Unresolved:
                continue
            if isinstance(value, str) and value:
                names.setdefault(value, logical_id)
        return names

    def type_of(self, logical_id: str | None) -> str:
        """The resource type of `logical_id` ('' when absent)."""
        resource = self.resources.get(logical_id or "")
        return resource.get("Type", "") if resource else ""

    def target(self, value: Any) -> str | None:
        """The logical id `value` refers to, or None."""
        found = self.all_targets(value)
        return found[0] if found else None

    def all_targets(self, value: Any, depth: int = 0) -> list[str]:
        """Every logical id `value` refers to, in order of appearance."""
        if depth > 50:
            return []
        if isinstance(value, str):
            named = self._by_name(value)
            return [named] if named else []
        if isinstance(value, list):
            return _unique(t for v in value for t in self.all_targets(v, depth + 1))
        if not isinstance(value, dict) or len(value) != 1:
            if isinstance(value, dict):
                return _unique(t for v in value.values() for t in self.all_targets(v, depth + 1))
            return []
        ((fn, arg),) = value.items()
        if fn == "Ref":
            return [arg] if isinstance(arg, str) and arg in self.resources else []
        if fn == "Fn::GetAtt":
            name = arg[0] if isinstance(arg, list) and arg else arg
            if isinstance(name, str):
                name = name.split(".", 1)[0]
                return [name] if name in self.resources else []
            return []
        if fn == "Fn::Sub":
            return self._sub_targets(arg, depth)
        return self.all_targets(arg, depth + 1)

    def _sub_targets(self, arg: Any, depth: int) -> list[str]:
        text, variables = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
        found: list[str] = []
        if isinstance(text, str):
            for name in _SUB.findall(text):
                base = name.split(".", 1)[0]
                if isinstance(variables, dict) and base in variables:
                    found += self.all_targets(variables[base], depth + 1)
                elif base in self.resources:
                    found.append(base)
            if not found:
                try:
                    literal = self._sub_value(arg, depth + 1)
                except Unresolved:
                    literal = _SUB.sub("", text)
                named = self._by_name(literal)
                found += [named] if named else []
        return _unique(found)

    def _by_name(self, text: str) -> str | None:
        """A resource whose physical name is `text` or the last part of an ARN or URL."""
        if text in self.names:
            return self.names[text]
        tail = re.split(r"[:/]", text.rstrip("/"))[-1]
        return self.names.get(tail) if tail else None

    def literal(self, value: Any, depth: int = 0) -> Any:
        """`value` with parameter defaults and pseudo parameters filled in."""
        if depth > 50:
            raise Unresolved("nested too deeply")
        if isinstance(value, list):
            return [self.literal(v, depth + 1) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((fn, arg),) = value.items()
            if fn == "Ref":
                return self._ref_value(arg)
            if fn == "Fn::Sub":
                return self._sub_value(arg, depth)
            if fn == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
                parts = self.literal(arg[1], depth + 1)
                if isinstance(arg[0], str) and isinstance(parts, list):
                    return arg[0].join(str(p) for p in parts)
            if fn.startswith("Fn::") or fn == "Condition":
                raise Unresolved(f"{fn} is only known at deploy time")
        return {k: self.literal(v, depth + 1) for k, v in value.items()}

    def _ref_value(self, name: Any) -> Any:
        if not isinstance(name, str):
            raise Unresolved("Ref needs a name")
        if name in PSEUDO:
            return PSEUDO[name]
        parameter = self.parameters.get(name)
        if isinstance(parameter, dict) and "Default" in parameter:
            return parameter["Default"]
        if name in self.resources:
            raise Unresolved(f"Ref {name} is a resource, known only at deploy time")
        raise Unresolved(f"Ref {name} has no default value")

    def _sub_value(self, arg: Any, depth: int) -> str:
        text, variables = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
        if not isinstance(text, str):
            raise Unresolved("Fn::Sub without a string")

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if isinstance(variables, dict) and name in variables:
                return str(self.literal(variables[name], depth + 1))
            if "." in name:
                raise Unresolved(f"${{{name}}} is only known at deploy time")
            return str(self._ref_value(name))

        return _SUB.sub(replace, text)

    def number(self, value: Any) -> float | None:
        """A numeric property (numbers may be written as strings); None when not one."""
        value = self.literal(value)
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return value
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                return None
            return int(number) if number.is_integer() else number
        return None

    def mapping(self, value: Any) -> Any:
        """A JSON object property that may also be written as a JSON string."""
        value = self.literal(value)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise Unresolved("not valid JSON") from None
        return value


def flag(value: Any) -> bool | None:
    """A boolean property (CloudFormation also accepts 'true'/'false' strings)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _unique(items: Any) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
