"""JSONPath reading and writing, payload templates and intrinsic functions."""

from __future__ import annotations

import pytest

from simulator.workflow.errors import StatesError
from simulator.workflow.intrinsics import compile_intrinsic
from simulator.workflow.paths import (
    PathMissing,
    PathSyntaxError,
    compile_path,
    compile_result_path,
)
from simulator.workflow.templates import compile_template

DATA = {"detail": {"amount": 5, "items": [{"sku": "a"}, {"sku": "b"}], "a.b": 1}, "id": "x"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$", DATA),
        ("$.detail.amount", 5),
        ("$['detail']['a.b']", 1),
        ("$.detail.items[1].sku", "b"),
        ("$.detail.items[-1].sku", "b"),
        ("$.detail.items[*].sku", ["a", "b"]),
    ],
)
def test_paths_read_the_data(path: str, expected: object) -> None:
    """Dotted names, quoted names, indexes and wildcards select what JSONPath selects."""
    assert compile_path(path)(DATA, None) == expected


def test_context_paths_read_the_context_object() -> None:
    """`$$` paths read the context object, not the state's data."""
    assert compile_path("$$.Task.Token")(DATA, {"Task": {"Token": "t1"}}) == "t1"


@pytest.mark.parametrize("path", ["$.nope", "$.detail.amount.x", "$.detail.items[5]", "$.id[0]"])
def test_missing_fields_raise(path: str) -> None:
    """A path the data does not have raises PathMissing (the state then fails)."""
    with pytest.raises(PathMissing):
        compile_path(path)(DATA, None)


@pytest.mark.parametrize("path", ["detail", "$.a[", "$..x"])
def test_malformed_paths_are_refused(path: str) -> None:
    """What is not a JSONPath is refused when compiled."""
    with pytest.raises(PathSyntaxError):
        compile_path(path)


def test_reference_paths_refuse_wildcards() -> None:
    """InputPath, ResultPath and friends must select a single node."""
    with pytest.raises(PathSyntaxError):
        compile_path("$.a[*]", reference=True)


def test_result_path_writes_a_copy() -> None:
    """ResultPath puts the result into a copy of the input and leaves the input alone."""
    put = compile_result_path("$.detail.check.ok")
    out = put(DATA, True)
    assert out["detail"]["check"] == {"ok": True}
    assert out["detail"]["amount"] == 5
    assert "check" not in DATA["detail"]


def test_result_path_null_discards_and_dollar_replaces() -> None:
    """`ResultPath: null` keeps the input; `$` makes the result the output."""
    assert compile_result_path(None)(DATA, 1) is DATA
    assert compile_result_path("$")(DATA, 1) == 1


def test_templates_fill_dynamic_fields() -> None:
    """Keys ending in `.$` take values from paths, context paths or intrinsic functions."""
    template = compile_template(
        {
            "amount.$": "$.detail.amount",
            "token.$": "$$.Task.Token",
            "text.$": "States.Format('{} costs {}', $.id, $.detail.amount)",
            "fixed": {"nested.$": "$.id", "list": [1, 2]},
        }
    )
    out = template(DATA, {"Task": {"Token": "t1"}})
    assert out == {
        "amount": 5,
        "token": "t1",
        "text": "x costs 5",
        "fixed": {"nested": "x", "list": [1, 2]},
    }


def test_template_path_failure_is_a_parameter_path_failure() -> None:
    """A `.$` path the input lacks raises States.ParameterPathFailure."""
    with pytest.raises(StatesError) as info:
        compile_template({"a.$": "$.missing"})(DATA, None)
    assert info.value.error == "States.ParameterPathFailure"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("States.Array(1, 'two', $.id)", [1, "two", "x"]),
        ("States.ArrayLength($.detail.items)", 2),
        ("States.MathAdd($.detail.amount, -2)", 3),
        ("States.JsonToString($.detail.items[0])", '{"sku":"a"}'),
        ("States.StringToJson('{\"a\": 1}')", {"a": 1}),
        ("States.ArrayContains(States.Array(1, 2), 2)", True),
        ("States.ArrayRange(1, 9, 4)", [1, 5, 9]),
        ("States.StringSplit('a,b,,c', ',')", ["a", "b", "c"]),
    ],
)
def test_intrinsic_functions(call: str, expected: object) -> None:
    """The supported intrinsic functions compute what the ASL documents."""
    assert compile_intrinsic(call)(DATA, None) == expected


def test_unsupported_intrinsics_are_refused_at_compile_time() -> None:
    """An intrinsic the simulator does not implement is a definition problem, not a crash."""
    with pytest.raises(PathSyntaxError, match="not supported"):
        compile_intrinsic("States.UUID()")
