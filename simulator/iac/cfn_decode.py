"""Read a SAM or CloudFormation template with cfn-lint's decoder (YAML short forms, JSON).

cfn-lint keeps `!Ref`/`!GetAtt`/`!Sub` as their long forms and the line of every mapping;
this module turns its result into plain data, remembers each resource's line and refuses
what is not a template with one clear message naming the place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.files.parse import MAX_FILE_BYTES

MAX_VALUES = 250_000  # scalars and containers after decoding (cfn-lint caps aliases the same)


class TemplateError(Exception):
    """A template that cannot be imported; the message names the file, line or resource."""


@dataclass
class Template:
    """A decoded template: plain data plus the line of each resource (1-based)."""

    data: dict[str, Any]
    source: str = "<template>"
    base_dir: Path | None = None
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        """The `Resources` section (checked to be a mapping of mappings)."""
        return self.data["Resources"]

    def where(self, logical_id: str) -> str:
        """`Resources.<id> (line N)`, for messages."""
        line = self.lines.get(logical_id)
        return f"Resources.{logical_id}" + (f" (line {line})" if line else "")

    @property
    def is_sam(self) -> bool:
        """True when the template declares the SAM transform."""
        declared = self.data.get("Transform")
        names = declared if isinstance(declared, list) else [declared]
        return any(isinstance(n, str) and n.startswith("AWS::Serverless") for n in names)


def read_template(path: str | Path) -> Template:
    """Read and decode the template file at `path`; TemplateError on any problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TemplateError(f"{path}: file too large ({size} bytes, at most {MAX_FILE_BYTES})")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise TemplateError(f"{path}: not a text file (expected a YAML or JSON template)") from None
    template = decode_template(text, str(path))
    template.base_dir = path.resolve().parent
    return template


def decode_template(text: str, source: str = "<template>") -> Template:
    """Decode template text (YAML or JSON); TemplateError naming the line when it is bad."""
    from cfnlint.decode import decode_str  # deferred: cfn-lint is slow to import

    if len(text) > MAX_FILE_BYTES:
        raise TemplateError(f"{source}: file too large ({len(text)} bytes)")
    try:
        decoded, matches = decode_str(text)
        if (decoded is None or matches) and text.lstrip().startswith("{"):
            decoded, matches = _json(text, decoded, matches)
    except RecursionError:
        raise TemplateError(f"{source}: nested too deeply to be a template") from None
    if decoded is None or matches:
        raise TemplateError(f"{source}: {_first_problem(matches)}")
    if not isinstance(decoded, dict):
        raise TemplateError(f"{source}: not a template (the top level must be a mapping)")
    lines = _resource_lines(decoded)
    data = plain(decoded, source)
    _check_shape(data, source, lines)
    return Template(data, source, None, lines)


def _json(text: str, decoded: Any, matches: list[Any]) -> tuple[Any, list[Any]]:
    """JSON the YAML reader refused (e.g. escaped surrogate pairs), read as JSON."""
    from cfnlint.decode import cfn_json

    try:
        return cfn_json.loads(text), []
    except Exception:  # cfn-lint's JSON errors vary; keep the YAML reader's message
        return decoded, matches


def _first_problem(matches: list[Any]) -> str:
    """The decoder's first message with its line, or a generic one."""
    if not matches:
        return "cannot be decoded as YAML or JSON"
    match = matches[0]
    message = str(getattr(match, "message", match))
    line = getattr(match, "linenumber", None)
    return f"line {line}: {message}" if line else message


def _resource_lines(decoded: dict[str, Any]) -> dict[str, int]:
    """1-based line of each resource, from the decoder's marks."""
    resources = decoded.get("Resources")
    if not isinstance(resources, dict):
        return {}
    lines = {}
    for key, value in resources.items():
        mark = getattr(value, "start_mark", None) or getattr(key, "start_mark", None)
        if mark is not None:
            lines[str(key)] = int(mark.line) + 1
    return lines


def plain(value: Any, source: str = "<template>") -> Any:
    """Decoded nodes as plain dicts, lists and scalars (dates as ISO text), size-limited."""
    budget = [MAX_VALUES]

    def convert(item: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0 or depth > 200:
            raise TemplateError(f"{source}: too large or nested too deeply to be a template")
        if isinstance(item, dict):
            return {str(k): convert(v, depth + 1) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [convert(v, depth + 1) for v in item]
        if isinstance(item, bool) or item is None:
            return item
        if isinstance(item, int | float):
            return int(item) if isinstance(item, int) else float(item)
        if isinstance(item, datetime.date | datetime.datetime):
            return item.isoformat()
        return str(item)

    return convert(value, 0)


def _check_shape(data: dict[str, Any], source: str, lines: dict[str, int]) -> None:
    """Refuse templates whose Resources are not a mapping of typed resources."""
    resources = data.get("Resources")
    if resources is None:
        raise TemplateError(f"{source}: not a template (no Resources section)")
    if not isinstance(resources, dict):
        raise TemplateError(f"{source}: Resources must be a mapping of logical ids")
    for logical_id, resource in resources.items():
        where = f"{source}: Resources.{logical_id}" + (
            f" (line {lines[logical_id]})" if logical_id in lines else ""
        )
        if not isinstance(resource, dict):
            raise TemplateError(f"{where}: a resource must be a mapping with a Type")
        if not isinstance(resource.get("Type"), str):
            raise TemplateError(f"{where}: has no Type")
        properties = resource.get("Properties", {})
        if properties is None:
            resource["Properties"] = {}
        elif not isinstance(properties, dict):
            raise TemplateError(f"{where}: Properties must be a mapping")
