"""Import of real SAM/CloudFormation templates (tests/iac/templates, MIT-0) and odd ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import run
from simulator.iac.cfn_decode import read_template
from simulator.iac.sam_import import TemplateError, import_template, import_text
from simulator.model import KINDS

TEMPLATES = Path(__file__).parent / "templates"

# name -> (node id: kind, edges (from, to, kind)), checked against each template by hand.
EXPECTED: dict[str, tuple[dict[str, str], set[tuple[str, str, str]]]] = {
    "apigw-http-api-eventbridge": (
        {
            "MyTriggeredLambda": "consumer",
            "default": "router",
            "MyHttpApiRole-apigateway": "producer",
        },
        {("default", "MyTriggeredLambda", "flow"), ("MyHttpApiRole-apigateway", "default", "flow")},
    ),
    "apigw-websocket-api-sqs-lambda": (
        {
            "APIGWWebsocketQueue": "queue",
            "SQSWebsocketResponse": "consumer",
            "ApiGatewayWebsocketSQSRole-apigateway": "producer",
        },
        {
            ("APIGWWebsocketQueue", "SQSWebsocketResponse", "flow"),
            ("ApiGatewayWebsocketSQSRole-apigateway", "APIGWWebsocketQueue", "flow"),
        },
    ),
    "eventbridge-lambda": (
        {"ConsumerFunction": "consumer", "default": "router", "default-source": "producer"},
        {("default", "ConsumerFunction", "flow"), ("default-source", "default", "flow")},
    ),
    "eventbridge-schedule-to-lambda-dlq-sam-python": (
        {
            "LambdaExecutionDLQ": "queue",
            "SchedulerDLQ": "queue",
            "ScheduledFunction": "consumer",
            "EventSchedule": "producer",
        },
        {
            ("EventSchedule", "ScheduledFunction", "flow"),
            ("ScheduledFunction", "LambdaExecutionDLQ", "on-failure"),
        },
    ),
    "eventbridge-scheduled-lambda": (
        {"ScheduledFunction": "consumer", "ScheduledFunctionScheduledFunction": "producer"},
        {("ScheduledFunctionScheduledFunction", "ScheduledFunction", "flow")},
    ),
    "eventbridge-sns-lambda": (
        {
            "SNSTopic": "topic",
            "LambdaFunction": "consumer",
            "default": "router",
            "default-source": "producer",
        },
        {
            ("default", "SNSTopic", "flow"),
            ("SNSTopic", "LambdaFunction", "flow"),
            ("default-source", "default", "flow"),
        },
    ),
    "eventbridge-sqs": (
        {"MySqsQueue": "queue", "default": "router", "default-source": "producer"},
        {("default", "MySqsQueue", "flow"), ("default-source", "default", "flow")},
    ),
    "fifo-sqs-redrive": (
        {
            "MyOriginalQueue": "queue",
            "MyDeadLetterQueue": "queue",
            "MyReProcessQueue": "queue",
            "MyOriginalQueueFunction": "consumer",
            "ReProcessQueueFunction": "consumer",
            "MyOriginalQueue-source": "producer",
            "MyReProcessQueue-source": "producer",
        },
        {
            ("MyOriginalQueue", "MyDeadLetterQueue", "dead-letter"),
            ("MyReProcessQueue", "MyDeadLetterQueue", "dead-letter"),
            ("MyOriginalQueue", "MyOriginalQueueFunction", "flow"),
            ("MyReProcessQueue", "ReProcessQueueFunction", "flow"),
            ("MyOriginalQueue-source", "MyOriginalQueue", "flow"),
            ("MyReProcessQueue-source", "MyReProcessQueue", "flow"),
        },
    ),
    "lambda-destinations-sam": (
        {
            "OnFailureSqsQueue": "queue",
            "MainLambdaFunction": "consumer",
            "OnSuccessLambdaFunction": "consumer",
            "MainLambdaFunction-source": "producer",
        },
        {
            ("MainLambdaFunction", "OnFailureSqsQueue", "on-failure"),
            ("MainLambdaFunction", "OnSuccessLambdaFunction", "flow"),
            ("MainLambdaFunction-source", "MainLambdaFunction", "flow"),
        },
    ),
    "lambda-eventbridge-sns-sam": (
        {
            **{f"{c}BankBus": "router" for c in ("Blue", "Red", "Green")},
            **{f"{c}BankDLQueue": "queue" for c in ("Reserve", "Blue", "Red", "Green")},
            **{f"{c}BankTopic": "topic" for c in ("Reserve", "Blue", "Red", "Green")},
            "EventsGeneratorFunction": "consumer",
            "EventsGeneratorFunction-source": "producer",
        },
        {
            *{(f"{c}BankBus", "ReserveBankTopic", "flow") for c in ("Blue", "Red", "Green")},
            *{(f"{c}BankBus", f"{c}BankTopic", "flow") for c in ("Blue", "Red", "Green")},
            *{("EventsGeneratorFunction", f"{c}BankBus", "flow") for c in ("Blue", "Red", "Green")},
            ("EventsGeneratorFunction-source", "EventsGeneratorFunction", "flow"),
            *(  # each rule target's DeadLetterConfig, where routers have dead-letter edges
                {
                    (f"{c}BankBus", q, "dead-letter")
                    for c in ("Blue", "Red", "Green")
                    for q in ("ReserveBankDLQueue", f"{c}BankDLQueue")
                }
                if "dead-letter" in KINDS["router"].targets
                else set()
            ),
        },
    ),
    "sns-lambda": (
        {
            "MySnsTopic": "topic",
            "TopicConsumerFunction1": "consumer",
            "MySnsTopic-source": "producer",
        },
        {
            ("MySnsTopic", "TopicConsumerFunction1", "flow"),
            ("MySnsTopic-source", "MySnsTopic", "flow"),
        },
    ),
    "sns-sqs-fanout": (
        {
            "MetricsSnsTopic": "topic",
            **{f"{m}SqsQueue": "queue" for m in ("AllMetrics", "Temperature", "Humidity")},
            **{f"{m}SqsDLQueue": "queue" for m in ("Metrics", "Temperature", "Humidity")},
            "MetricsSnsTopic-source": "producer",
        },
        {
            ("AllMetricsSqsQueue", "MetricsSqsDLQueue", "dead-letter"),
            ("TemperatureSqsQueue", "TemperatureSqsDLQueue", "dead-letter"),
            ("HumiditySqsQueue", "HumiditySqsDLQueue", "dead-letter"),
            *{
                ("MetricsSnsTopic", f"{m}SqsQueue", "flow")
                for m in ("AllMetrics", "Temperature", "Humidity")
            },
            ("MetricsSnsTopic-source", "MetricsSnsTopic", "flow"),
        },
    ),
    "sns-sqs-lambda-xray": (
        {
            "SourceSqsQueue": "queue",
            "SourceSnsTopic": "topic",
            "ProducerFunction": "consumer",
            "ConsumerFunction": "consumer",
            "ProducerFunction-source": "producer",
        },
        {
            ("SourceSnsTopic", "SourceSqsQueue", "flow"),
            ("SourceSqsQueue", "ConsumerFunction", "flow"),
            ("ProducerFunction", "SourceSnsTopic", "flow"),
            ("ProducerFunction-source", "ProducerFunction", "flow"),
        },
    ),
    "sqs-lambda-partial-batch-rust-sam": (
        {
            "MyDeadSqsQueue": "queue",
            "MySqsQueue": "queue",
            "MyFunction": "consumer",
            "MySqsQueue-source": "producer",
        },
        {
            ("MySqsQueue", "MyDeadSqsQueue", "dead-letter"),
            ("MySqsQueue", "MyFunction", "flow"),
            ("MySqsQueue-source", "MySqsQueue", "flow"),
        },
    ),
    "sqs-lambda": (
        {
            "MySqsQueue": "queue",
            "QueueConsumerFunction": "consumer",
            "MySqsQueue-source": "producer",
        },
        {
            ("MySqsQueue", "QueueConsumerFunction", "flow"),
            ("MySqsQueue-source", "MySqsQueue", "flow"),
        },
    ),
}
WORKFLOWS: dict[str, tuple[dict[str, str], set[tuple[str, str, str]]]] = {
    "eventbridge-sfn": (
        {"EC2StateWatcher": "workflow", "default": "router", "default-source": "producer"},
        {("default", "EC2StateWatcher", "flow"), ("default-source", "default", "flow")},
    ),
    "eventbridge-stepfunction-lambda-getfunctionstatus": (
        {
            "MySNSTopic": "topic",
            "LambdaFunction": "consumer",
            "StepFunction": "workflow",
            "DailyEventRule": "producer",
        },
        {
            ("DailyEventRule", "StepFunction", "flow"),
            ("StepFunction", "MySNSTopic", "flow"),
            ("StepFunction", "LambdaFunction", "flow"),
        },
    ),
}
needs_workflow = pytest.mark.skipif(
    "workflow" not in __import__("simulator.model").model.KINDS, reason="no workflow kind yet"
)


def _imported(name: str):
    return import_template(TEMPLATES / name / "template.yaml")


def test_every_template_has_its_source_and_licence() -> None:
    """Each stored template names its URL, commit and licence, and the test expects it."""
    names = {p.name for p in TEMPLATES.iterdir() if p.is_dir()}
    assert len(names) >= 10
    assert names == set(EXPECTED) | set(WORKFLOWS)
    for name in names:
        source = (TEMPLATES / name / "SOURCE.md").read_text()
        assert "https://github.com/aws-samples/serverless-patterns" in source
        assert "Commit:" in source and "MIT-0" in source


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_template_gives_its_nodes_and_edges(name: str) -> None:
    """A real template imports as exactly the nodes (with kinds) and edges it describes."""
    topology = _imported(name).topology
    nodes, edges = EXPECTED[name]
    assert {n.id: n.kind for n in topology.nodes} == nodes
    assert {e.key for e in topology.edges} == edges


@needs_workflow
@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_state_machine_becomes_a_workflow(name: str) -> None:
    """EventBridge/schedule -> Step Functions: a workflow node wired to what its tasks use."""
    topology = _imported(name).topology
    nodes, edges = WORKFLOWS[name]
    assert {n.id: n.kind for n in topology.nodes} == nodes
    assert {e.key for e in topology.edges} == edges


@needs_workflow
def test_definition_is_read_with_its_substitutions() -> None:
    """An inline ASL definition arrives whole; a JSONata one (DefinitionUri file, not
    simulated) becomes a reported pass-through."""
    watcher = _imported("eventbridge-sfn").topology.node("EC2StateWatcher")
    assert watcher.params["definition"]["StartAt"] == "What Happened?"
    result = _imported("eventbridge-stepfunction-lambda-getfunctionstatus")
    assumed = {(a.node, a.param): a.reason for a in result.report.assumed}
    assert "JSONata" in " ".join(n.message for n in result.report.notes)
    assert "passes events on" in assumed[("StepFunction", "definition")]


@needs_workflow
def test_workflow_tasks_find_their_functions_and_topics() -> None:
    """`${FnArn}` substitutions become ARNs naming the nodes: the Lambda task invokes the
    imported function, the SNS task publishes to the topic, other tasks get assumed times."""
    text = """
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: python3.12, Handler: a.b,
       InlineCode: x}}
  Topic: {Type: AWS::SNS::Topic}
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions: {FnArn: !GetAtt Fn.Arn, TopicArn: !Ref Topic}
      Definition:
        StartAt: Call
        States:
          Call: {Type: Task, Resource: "arn:aws:states:::lambda:invoke",
                 Parameters: {FunctionName: "${FnArn}", Payload.$: $}, Next: Tell}
          Tell: {Type: Task, Resource: "arn:aws:states:::sns:publish",
                 Parameters: {TopicArn: "${TopicArn}", Message.$: $}, Next: Save}
          Save: {Type: Task, Resource: "arn:aws:states:::dynamodb:putItem",
                 Parameters: {TableName: t}, End: true}
      Events:
        Rule: {Type: EventBridgeRule, Properties: {Pattern: {source: [shop]}}}
"""
    result = import_text(text, "machine.yaml")
    machine = result.topology.node("Machine")
    call = machine.params["definition"]["States"]["Call"]["Parameters"]["FunctionName"]
    assert call.endswith(":function:Fn")
    assert {("Machine", "Fn", "flow"), ("Machine", "Topic", "flow")} <= {
        e.key for e in result.topology.edges
    }
    assert machine.params["tasks"] == {"Save": {"service_time": 0.1}}
    data = run(result.topology, duration=60, seed=1).to_json_dict()
    assert data["nodes"]["Fn"]["processed"] == data["events"]["produced"] > 0


def test_state_machine_is_reported_when_there_is_no_workflow_kind(monkeypatch) -> None:
    """Without the workflow kind a state machine is listed as not modelled, never dropped."""
    from simulator.model import KINDS

    monkeypatch.delitem(KINDS, "workflow", raising=False)
    result = _imported("eventbridge-sfn")
    assert "EC2StateWatcher" not in {n.id for n in result.topology.nodes}
    skipped = {s.logical_id: s.reason for s in result.report.skipped}
    assert "not modelled" in skipped["EC2StateWatcher"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_template_runs(name: str) -> None:
    """Every imported real template is a design the engine runs with a balanced ledger."""
    result = run(_imported(name).topology, duration=600, seed=1)
    data = result.to_json_dict()
    assert data["ledger"]["balanced"] is True
    assert data["events"]["produced"] > 0


def test_patterns_and_filters_are_kept() -> None:
    """Rule patterns and SNS filter policies arrive on the edges unchanged."""
    fanout = _imported("sns-sqs-fanout").topology
    filters = {e.target: e.filter for e in fanout.edges if e.source == "MetricsSnsTopic"}
    assert filters == {
        "AllMetricsSqsQueue": None,
        "TemperatureSqsQueue": {"MetricType": ["Temperature"]},
        "HumiditySqsQueue": {"MetricType": ["Humidity"]},
    }
    rule = _imported("eventbridge-lambda").topology.edges_from("default")[0]
    assert rule.pattern == {
        "source": ["custom.myApp"],
        "detail-type": ["transaction"],
        "detail": {"location": [{"prefix": "EUR-"}]},
    }


def test_account_pseudo_parameter_in_a_pattern_matches_simulated_events() -> None:
    """`!Sub '${AWS::AccountId}'` in a pattern becomes the account simulated events carry."""
    topology = _imported("eventbridge-sqs").topology
    assert topology.edges_from("default")[0].pattern == {
        "account": ["123456789012"],
        "source": ["demo.sqs"],
    }
    data = run(topology, duration=60, seed=2).to_json_dict()
    assert data["events"]["unmatched"] == 0 and data["events"]["produced"] > 0


def test_queue_and_function_properties_become_parameters() -> None:
    """Redrive, FIFO, retention, batch size, partial batches and timeouts are read."""
    fifo = _imported("fifo-sqs-redrive").topology
    assert fifo.node("MyOriginalQueue").params == {
        "visibility_timeout": 30,
        "max_receive_count": 1,
        "retention": 1209600,
        "fifo": True,
    }
    batch = _imported("sqs-lambda-partial-batch-rust-sam").topology.node("MyFunction").params
    assert (batch["batch_size"], batch["partial_batch"], batch["timeout"]) == (10, True, 30)


def test_schedule_becomes_a_constant_rate_producer() -> None:
    """`rate(1 minute)` is a constant load of one event every 60 s of scheduled events."""
    producer = _imported("eventbridge-scheduled-lambda").topology.node(
        "ScheduledFunctionScheduledFunction"
    )
    assert producer.params["load"] == {"profile": "constant", "rate": 0.0166667}
    assert producer.params["events"][0]["detail-type"] == "Scheduled Event"


def test_report_lists_assumed_values_and_unmodelled_resources() -> None:
    """The report names every assumed value (node, parameter, value) and skipped resource."""
    report = _imported("eventbridge-sqs").report
    assumed = {(a.node, a.param) for a in report.assumed}
    assert ("default-source", "load") in assumed and ("default-source", "events") in assumed
    skipped = {(s.logical_id, s.type) for s in report.skipped}
    assert ("EventBridgeToToSqsPolicy", "AWS::SQS::QueuePolicy") in skipped
    text = _imported("lambda-eventbridge-sns-sam").report.text()
    assert "EventsGeneratorFunction.service_time = 0.1" in text
    assert "EventsGeneratorFunction.timeout = 3  (Lambda's default Timeout)" in text


def test_rule_target_dead_letter_queue_is_wired_or_reported() -> None:
    """A rule target's DLQ is the bus's dead-letter edge (where routers have one), else a
    note; either way no invented source feeds the queue."""
    result = _imported("lambda-eventbridge-sns-sam")
    assert "ReserveBankDLQueue-source" not in {n.id for n in result.topology.nodes}
    wired = ("BlueBankBus", "BlueBankDLQueue", "dead-letter") in {
        e.key for e in result.topology.edges
    }
    noted = any("DeadLetterConfig" in n.message for n in result.report.notes)
    assert wired == ("dead-letter" in KINDS["router"].targets) and wired != noted


def test_layout_places_every_node_left_to_right() -> None:
    """Every node gets its own position, and every flow goes left to right."""
    topology = _imported("sns-sqs-lambda-xray").topology
    positions = {n.id: n.position for n in topology.nodes}
    assert None not in positions.values()
    assert len(set(positions.values())) == len(positions)
    for edge in topology.edges:
        assert positions[edge.source][0] < positions[edge.target][0]  # type: ignore[index]


def test_json_template_with_long_form_intrinsics() -> None:
    """A CloudFormation JSON template (no SAM) imports like its YAML twin."""
    text = """{"Resources": {
      "Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": "60"}},
      "F": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 10}},
      "M": {"Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {"EventSourceArn": {"Fn::GetAtt": ["Q", "Arn"]},
                           "FunctionName": {"Ref": "F"}, "BatchSize": 5}}}}"""
    topology = import_text(text, "t.json").topology
    assert topology.node("Q").params == {"visibility_timeout": 60}
    assert topology.node("F").params["batch_size"] == 5
    assert ("Q", "F", "flow") in {e.key for e in topology.edges}


def test_two_rules_between_the_same_nodes_merge_into_or() -> None:
    """Two rules from one bus to one queue become one edge whose pattern matches either."""
    text = """
Resources:
  Q: {Type: AWS::SQS::Queue}
  R1: {Type: AWS::Events::Rule, Properties: {EventPattern: {source: [a]},
       Targets: [{Arn: !GetAtt Q.Arn, Id: t}]}}
  R2: {Type: AWS::Events::Rule, Properties: {EventPattern: {source: [b]},
       Targets: [{Arn: !GetAtt Q.Arn, Id: t}]}}
"""
    result = import_text(text)
    (edge,) = result.topology.edges_from("default")
    assert edge.pattern == {"$or": [{"source": ["a"]}, {"source": ["b"]}]}
    assert any("merged" in n.message for n in result.report.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- 1\n- 2\n", "top level must be a mapping"),
        ("Description: x\n", "no Resources section"),
        ("Resources: [1, 2]\n", "Resources must be a mapping"),
        ("Resources:\n  A: {Properties: {}}\n", "Resources.A (line 2): has no Type"),
        ("Resources:\n  A: {Type: AWS::SQS::Queue, Properties: [1]}\n", "Resources.A"),
        ("Resources:\n  A: {Type: AWS::SQS::Queue\n", "line"),
        ("Resources:\n  A: {Type: X}\n  A: {Type: Y}\n", "Duplicate"),
        ("\x00\x01", "control characters"),
    ],
)
def test_bad_templates_give_one_clear_error(text: str, message: str) -> None:
    """What is not a template fails with a TemplateError naming the place, never a traceback."""
    with pytest.raises(TemplateError) as caught:
        import_text(text, "bad.yaml")
    assert message in str(caught.value) and "bad.yaml" in str(caught.value)


def test_odd_but_valid_templates_import_with_notes() -> None:
    """Unknown references, bad patterns, odd values and unknown types are noted, not fatal."""
    text = """
Parameters:
  Vis: {Type: Number, Default: 45}
Resources:
  Q: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: !Ref Vis, DelaySeconds: !If [c, 1, 2]}}
  Bad: {Type: AWS::Events::Rule, Properties: {EventPattern: {source: "not-a-list"},
        Targets: [{Arn: !GetAtt Q.Arn, Id: t}]}}
  Nowhere: {Type: AWS::Events::Rule, Properties: {EventPattern: {source: [x]},
        Targets: [{Arn: !GetAtt Missing.Arn, Id: t}, 7]}}
  Odd: {Type: AWS::SQS::Queue, Properties: {MessageRetentionPeriod: 5}}
  Table: {Type: AWS::DynamoDB::Table}
"""
    result = import_text(text, "odd.yaml")
    assert result.topology.node("Q").params == {"visibility_timeout": 45}
    assert "retention" not in result.topology.node("Odd").params
    notes = " | ".join(f"{n.where}: {n.message}" for n in result.report.notes)
    assert "Resources.Q (line 5): DelaySeconds not imported" in notes
    assert "Resources.Bad (line 6) Targets[0]: pattern not valid" in notes
    assert "target" in notes and "Nowhere" in notes
    assert "retention 5 not imported" in notes
    assert ("Table", "AWS::DynamoDB::Table") in {
        (s.logical_id, s.type) for s in result.report.skipped
    }


def test_sam_resource_the_translator_refuses_is_reported() -> None:
    """A SAM resource samtranslator rejects is left out with its message; the rest imports."""
    text = """
Transform: AWS::Serverless-2016-10-31
Resources:
  Q: {Type: AWS::SQS::Queue}
  Broken:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.b, Events: {E: {Type: SQS, Properties: 5}}}
"""
    result = import_text(text, "sam.yaml")
    assert [n.id for n in result.topology.nodes if n.kind == "queue"] == ["Q"]
    skipped = {s.logical_id: s.reason for s in result.report.skipped}
    assert "Broken" in skipped and "SAM transform" in skipped["Broken"]


def test_deeply_nested_template_is_refused_cleanly() -> None:
    """A template nested thousands deep is refused with a message, not a RecursionError."""
    text = "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties: " + "[" * 3000 + "]" * 3000
    with pytest.raises(TemplateError):
        import_text(text, "deep.yaml")


def test_missing_file_and_directory_are_named() -> None:
    """Unreadable paths give a TemplateError with the path."""
    with pytest.raises(TemplateError, match="cannot read file"):
        import_template(TEMPLATES / "nope.yaml")
    with pytest.raises(TemplateError, match="cannot read file"):
        import_template(TEMPLATES)


ODD_VALUES = st.sampled_from(
    [
        None,
        0,
        -1,
        1.5,
        True,
        "",
        "x",
        [],
        {},
        [1],
        {"Ref": "Nope"},
        {"Ref": {"a": 1}},
        {"Fn::GetAtt": ["Q"]},
        {"Fn::Sub": 5},
        {"Fn::If": []},
        "arn:aws:sqs:us-east-1:1:x",
        {"a": {"b": [1, {"c": None}]}},
        1e308,
        "rate(0 minutes)",
        "cron(* * * * ? *)",
    ]
)


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    for key, item in items:
        found += _paths(item, (*path, key))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted([*EXPECTED, *WORKFLOWS])),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), ODD_VALUES), min_size=1, max_size=4),
)
def test_mangled_real_templates_never_crash(name: str, changes: list) -> None:
    """Real templates with values replaced by odd ones import, or fail with a TemplateError
    that names a place -- never a traceback, never an invalid design."""
    import copy
    import json

    data = read_template(TEMPLATES / name / "template.yaml").data
    for where, value in changes:
        paths = [p for p in _paths(data) if p]
        path = paths[int(where * len(paths))]
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = copy.deepcopy(value)
    try:
        result = import_text(json.dumps(data), name)
    except TemplateError as exc:
        assert "cannot import (" not in str(exc) and "not valid:" not in str(exc)
    else:
        assert result.topology.nodes is not None


@pytest.mark.parametrize(
    ("expression", "rate"),
    [
        ("rate(1 minute)", 1 / 60),
        ("rate(5 minutes)", 1 / 300),
        ("rate(2 hours)", 1 / 7200),
        ("rate(1 day)", 1 / 86400),
        ("cron(0 0 * * ? *)", 1 / 86400),
        ("cron(0/15 * * * ? *)", 4 * 24 / 86400),
        ("cron(0 9 ? * MON-FRI *)", 5 / 7 / 86400),
        ("cron(30 6 1 JAN,JUL ? *)", 1 / 31 * 2 / 12 / 86400),
        ("cron(0 8,20 * * ? *)", 2 / 86400),
    ],
)
def test_schedule_expressions_give_their_average_rate(expression: str, rate: float) -> None:
    """rate() is exact; cron() is its firings per day spread evenly."""
    from simulator.iac.import_schedule import schedule_rate

    assert schedule_rate(expression)[0] == pytest.approx(rate)
    assert schedule_rate(expression)[1] == expression.startswith("rate")


@pytest.mark.parametrize(
    "expression",
    ["rate(0 minutes)", "rate(5 fortnights)", "at(2026-01-01T00:00:00)", "cron(1 2 3)"],
)
def test_unreadable_schedules_are_refused(expression: str) -> None:
    """A schedule that cannot become a rate raises ValueError (reported as not modelled)."""
    from simulator.iac.import_schedule import schedule_rate

    with pytest.raises(ValueError):
        schedule_rate(expression)


def test_cli_import_writes_the_topology_and_the_report(tmp_path: Path, capsys) -> None:
    """`eventscape-sim import T -o OUT --report R.json` writes a valid topology, prints the
    report on stderr and writes it as JSON; exit status 0."""
    import json

    from simulator.cli import main
    from simulator.files import load

    out, report = tmp_path / "shop.yaml", tmp_path / "report.json"
    template = TEMPLATES / "sns-sqs-fanout" / "template.yaml"
    assert main(["import", str(template), "-o", str(out), "--report", str(report)]) == 0
    assert {n.id for n in load(out).nodes} == set(EXPECTED["sns-sqs-fanout"][0])
    err = capsys.readouterr().err
    assert "Assumed values" in err and f"wrote {out}" in err
    data = json.loads(report.read_text())
    assert {"node": "MetricsSnsTopic-source", "param": "load"}.items() <= data["assumptions"][
        0
    ].items() or any(a["node"] == "MetricsSnsTopic-source" for a in data["assumptions"])


def test_cli_import_of_a_bad_template_fails_with_one_line(tmp_path: Path, capsys) -> None:
    """A broken template: exit status 1 and an error naming file and line, no traceback."""
    from simulator.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  A: {Type: AWS::SQS::Queue\n")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}: line") and "Traceback" not in err


def test_workflow_tasks_outside_the_template_are_timed_or_passed_through() -> None:
    """A callback task gets an assumed delay; a task publishing to a queue outside the
    template cannot be simulated, so that workflow passes events on (both reported)."""
    waiting = """
Transform: AWS::Serverless-2016-10-31
Resources:
  Q: {Type: AWS::SQS::Queue}
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions: {QUrl: !Ref Q}
      Definition:
        StartAt: Ask
        States:
          Ask: {Type: Task, Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                Parameters: {QueueUrl: "${QUrl}", MessageBody: {"token.$": "$$.Task.Token"}},
                End: true}
"""
    machine = import_text(waiting, "wait.yaml").topology.node("Machine")
    assert machine.params["tasks"] == {"Ask": {"service_time": 0.1}}
    elsewhere = """
Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: '{"StartAt": "Send", "States": {"Send": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl":
        "https://sqs.eu-west-1.amazonaws.com/1/elsewhere", "MessageBody.$": "$"},
        "End": true}}}'
"""
    result = import_text(elsewhere, "elsewhere.yaml")
    assumed = {(a.node, a.param) for a in result.report.assumed}
    assert assumed >= {("Machine", "definition")} and ("Machine", "tasks") not in assumed
    assert result.topology.node("Machine").params["definition"]["StartAt"] == "Imported"
