"""Expand AWS SAM resources into CloudFormation with `samtranslator`, offline.

A function's `Events` become rules, subscriptions, event source mappings and
permissions; `Globals` are merged; `EventInvokeConfig` becomes its own resource. The
importer then reads one language, CloudFormation. Resources the translator refuses are
left out (each with the translator's message) and the rest is translated again.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from simulator.iac.cfn_decode import Template, TemplateError

PLACEHOLDER_URI = "s3://eventscape-import/placeholder"
REGION = "us-east-1"
MAX_ROUNDS = 8
_URI_KEYS = {
    "AWS::Serverless::Function": ("CodeUri", "InlineCode"),
    "AWS::Serverless::LayerVersion": ("ContentUri", None),
    "AWS::Serverless::StateMachine": ("DefinitionUri", "Definition"),
    "AWS::Serverless::Api": ("DefinitionUri", "DefinitionBody"),
    "AWS::Serverless::HttpApi": ("DefinitionUri", "DefinitionBody"),
    "AWS::Serverless::Application": ("Location", None),
}


def expand_sam(template: Template) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The template's Resources with SAM expanded, and (logical id, message) of refusals."""
    data = copy.deepcopy(template.data)
    _place_code(data)
    refused: list[tuple[str, str]] = []
    for _ in range(MAX_ROUNDS):
        try:
            expanded = _translate(data)
        except _Refused as exc:
            progress = False
            for logical_id, message in exc.causes:
                refused.append((logical_id, message))
                progress |= data["Resources"].pop(logical_id, None) is not None
            if not progress:
                raise TemplateError(_summary(template, exc.causes)) from None
            continue
        resources = expanded.get("Resources", {})
        if not isinstance(resources, dict):
            raise TemplateError(f"{template.source}: SAM expansion gave no Resources")
        return resources, refused
    raise TemplateError(f"{template.source}: SAM expansion kept failing; first: {refused[0][1]}")


class _Session:
    """All the translator asks of a boto3 session: the region (no AWS call is made)."""

    region_name = REGION


class _Refused(Exception):
    def __init__(self, causes: list[tuple[str, str]]):
        self.causes = causes
        super().__init__(causes)


def _place_code(data: dict[str, Any]) -> None:
    """Give code and definition locations a placeholder S3 URI (nothing is uploaded)."""
    for resource in data["Resources"].values():
        keys = _URI_KEYS.get(resource.get("Type", ""))
        if keys is None:
            continue
        uri_key, inline_key = keys
        properties = resource.setdefault("Properties", {})
        if inline_key and inline_key in properties:
            continue
        if uri_key in properties or resource["Type"] == "AWS::Serverless::Function":
            properties[uri_key] = PLACEHOLDER_URI


def _translate(data: dict[str, Any]) -> dict[str, Any]:
    """Run the SAM translator offline (a fixed region, no managed policy look-ups)."""
    from samtranslator.parser.parser import Parser
    from samtranslator.public.exceptions import InvalidDocumentException
    from samtranslator.translator.translator import Translator

    logging.getLogger("samtranslator").setLevel(logging.ERROR)
    translator = Translator({}, Parser(), boto_session=_Session())
    try:
        return translator.translate(copy.deepcopy(data), parameter_values={})
    except InvalidDocumentException as exc:
        raise _Refused([_cause(c, data) for c in exc.causes]) from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise _Refused([("", f"the SAM translator failed: {exc}")]) from None
    except Exception as exc:  # the translator raises many private types
        raise _Refused([("", f"the SAM translator failed: {type(exc).__name__}: {exc}")]) from None


def _cause(cause: Any, data: dict[str, Any]) -> tuple[str, str]:
    """(logical id, message) of one translator error; the id is '' when none is named."""
    message = str(getattr(cause, "message", cause))
    logical_id = getattr(cause, "_logical_id", None)
    if isinstance(logical_id, list):
        logical_id = logical_id[0] if logical_id else None
    names = [logical_id] if isinstance(logical_id, str) else []
    names += re.findall(r"\[([^\]]+)\]", message)
    for name in names:  # the id itself, or the SAM resource a generated id starts with
        owners = [r for r in data["Resources"] if name.startswith(r)]
        if owners:
            return max(owners, key=len), message
    return "", message


def _summary(template: Template, causes: list[tuple[str, str]]) -> str:
    """One line per translator error, naming the resource and its line."""
    lines = [f"{template.source}: the SAM transform failed:"]
    for logical_id, message in causes:
        where = template.where(logical_id) if logical_id else "template"
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)
