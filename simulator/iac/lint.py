"""Lint a CloudFormation/SAM template: cfn-lint in-process, plus checks cfn-lint lacks.

The extra checks (rule ids `ES...`) concern SQS event sources of functions, which AWS
rejects only at deploy time:

- ES001 error: batch size above 10 on a standard queue without a batching window >= 1 s.
- ES002 error: batch size above 10 on a FIFO queue (FIFO allows at most 10).
- ES003 error: a batching window on a FIFO queue (not supported).
- ES004 error: queue visibility timeout shorter than the function timeout (Lambda refuses
  the event source mapping).
- ES005 warning: visibility timeout below 6x the function timeout (AWS recommendation).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_LOCK = threading.Lock()
LAMBDA_DEFAULT_TIMEOUT = 3
SQS_DEFAULT_VISIBILITY = 30


@dataclass(frozen=True)
class Finding:
    """One lint result: severity (error, warning, info), rule id, message, where."""

    severity: str
    rule: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"{self.severity}: {self.rule} {self.message}{where}"


def lint_template(text: str) -> list[Finding]:
    """Every finding of cfn-lint and of the extra checks, errors first."""
    from cfnlint.decode.decode import decode_str

    findings = cfn_lint(text)
    template, errors = decode_str(text)
    if template is not None and not errors:
        findings += extra_checks(template)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order.get(f.severity, 3))


@functools.cache
def _runner() -> Any:
    """One cfn-lint runner per process (loading its rules takes most of a lint's time)."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn(regions=["us-east-1"]))


def cfn_lint(text: str) -> list[Finding]:
    """cfn-lint's findings (its default rules, region us-east-1, offline)."""
    from cfnlint.decode.decode import decode_str

    template, errors = decode_str(text)
    if errors or template is None:
        matches = list(errors)
    else:
        with _LOCK:
            matches = list(_runner().validate_template(template))
    findings: list[Finding] = []
    for match in matches:
        severity = {"informational": "info"}.get(match.rule.severity, match.rule.severity)
        path = getattr(match, "path_string", "") or ""
        where = f"line {match.linenumber}" + (f", {path}" if path else "")
        findings.append(Finding(severity, match.rule.id, match.message, where))
    return findings


def extra_checks(template: dict[str, Any]) -> list[Finding]:
    """The checks cfn-lint does not make (see the module docstring)."""
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        return []
    findings: list[Finding] = []
    for function_id, queue_id, source in _sqs_sources(template, resources):
        where = f"Resources/{function_id}"
        queue = resources.get(queue_id, {}).get("Properties") or {}
        fifo = queue.get("FifoQueue") is True or queue.get("FifoQueue") == "true"
        batch, window = source.get("BatchSize", 10), source.get("MaximumBatchingWindowInSeconds")
        if isinstance(batch, int) and batch > 10:
            if fifo:
                message = f"batch size {batch} from FIFO queue {queue_id}: FIFO allows at most 10"
                findings.append(Finding("error", "ES002", message, where))
            elif not (isinstance(window, int) and window >= 1):
                message = (
                    f"batch size {batch} from queue {queue_id} needs "
                    "MaximumBatchingWindowInSeconds >= 1"
                )
                findings.append(Finding("error", "ES001", message, where))
        if fifo and window is not None:
            message = f"FIFO queue {queue_id} does not support a batching window"
            findings.append(Finding("error", "ES003", message, where))
        findings += _visibility(template, resources, function_id, queue_id, queue, where)
    return findings


def _visibility(
    template: dict[str, Any],
    resources: dict[str, Any],
    function_id: str,
    queue_id: str,
    queue: dict[str, Any],
    where: str,
) -> list[Finding]:
    timeout = _timeout(template, resources[function_id])
    visibility = queue.get("VisibilityTimeout", SQS_DEFAULT_VISIBILITY)
    if not isinstance(timeout, int | float) or not isinstance(visibility, int | float):
        return []
    if visibility < timeout:
        message = (
            f"queue {queue_id} visibility timeout {visibility:g} s is shorter than the "
            f"function timeout {timeout:g} s: Lambda rejects the event source mapping"
        )
        return [Finding("error", "ES004", message, where)]
    if visibility < 6 * timeout:
        message = (
            f"queue {queue_id} visibility timeout {visibility:g} s is below 6x the function "
            f"timeout {timeout:g} s (AWS recommends at least 6x)"
        )
        return [Finding("warning", "ES005", message, where)]
    return []


def _timeout(template: dict[str, Any], function: dict[str, Any]) -> Any:
    props = function.get("Properties") or {}
    if "Timeout" in props:
        return props["Timeout"]
    if function.get("Type") == "AWS::Serverless::Function":
        globals_ = (template.get("Globals") or {}).get("Function") or {}
        return globals_.get("Timeout", LAMBDA_DEFAULT_TIMEOUT)
    return LAMBDA_DEFAULT_TIMEOUT


def _sqs_sources(
    template: dict[str, Any], resources: dict[str, Any]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(function logical id, queue logical id, source settings) of every SQS event source."""
    for logical, resource in resources.items():
        if not isinstance(resource, dict):
            continue
        props = resource.get("Properties") or {}
        if resource.get("Type") == "AWS::Serverless::Function":
            for event in (props.get("Events") or {}).values():
                if isinstance(event, dict) and event.get("Type") == "SQS":
                    spec = event.get("Properties") or {}
                    queue = _logical(spec.get("Queue"))
                    if queue in resources:
                        yield logical, queue, spec
        elif resource.get("Type") == "AWS::Lambda::EventSourceMapping":
            queue, function = (
                _logical(props.get("EventSourceArn")),
                _logical(props.get("FunctionName")),
            )
            known = queue in resources and function in resources
            if known and resources[queue].get("Type") == "AWS::SQS::Queue":
                yield function, queue, props


def _logical(value: Any) -> str:
    """The logical id a `Ref` or `GetAtt` points at ('' for anything else)."""
    if isinstance(value, dict) and len(value) == 1:
        (key, arg), *_ = value.items()
        if key == "Ref" and isinstance(arg, str):
            return arg
        if key == "Fn::GetAtt":
            if isinstance(arg, list) and arg:
                return str(arg[0])
            if isinstance(arg, str):
                return arg.split(".")[0]
    return ""
