"""Infrastructure as code: a topology to and from AWS SAM / CloudFormation, and AsyncAPI 3.

Export: `sam_export.to_sam` (AWS SAM template), `asyncapi.to_asyncapi` (AsyncAPI 3.0.0),
`lint.lint_template` (cfn-lint in-process plus checks cfn-lint does not make).
Import: `import_template` (`sam_import`: a SAM or CloudFormation template back to a topology,
with an `ImportReport`; `TemplateError` when it cannot be read).

The `Eventscape` metadata (the contract between export and import)
-------------------------------------------------------------------
What a template's properties say is read back from the properties. Everything else of the
design (service times, failure rates, loads, edges CloudFormation cannot express, labels,
positions) is kept under the metadata key `Eventscape` (`METADATA_KEY`), so that
topology -> export -> import gives back the same topology. All values are in topology
*file form* (`simulator.files.write.node_dict` / `edge_dict`).

CloudFormation forbids `null` anywhere in a template, and cfn-lint (E4002) allows no
fractional numbers in the template-level `Metadata`. Therefore: every `null` inside an
entry is written as `{"$null": true}` (not a valid value anywhere in a topology: `$null` is
no generator) -- use `to_metadata` / `from_metadata` below; and the design-level entry
lives on a no-op resource, not in the template-level `Metadata`.

Template level, `Metadata.Eventscape` (a marker and a pointer only)::

    format: eventscape/topology     # this template was exported by Eventscape
    version: 1                      # topology format version
    design: EventscapeDesign        # logical id of the resource holding the design entry

Design entry: resource `EventscapeDesign`, type `AWS::CloudFormation::WaitConditionHandle`
(creates nothing billable), `Metadata.Eventscape`::

    name: E-commerce orders
    description: ...                # only when set
    scenario: {duration, warmup, seed, faults, replays, account, region, ...}
                                    # file form (every fault kind, region-outage included)
    nodes: [web, mobile, bus, ...]  # every node id, in the topology's order
    edges: [[web, bus, flow], ...]  # every edge key (from, to, kind), in the topology's order
    producers: [<node entry>, ...]  # producers are not infrastructure: only here
    elsewhere:                      # only when some node is in another account or Region
      account: "111111111111"       # the account and Region this template deploys to
      region: us-east-1
      nodes: [<node entry>, ...]    # nodes of other accounts/Regions: no resources here
      edges: [<edge>, ...]          # every edge touching them, in file form (with `from`)

Accounts and Regions (`sam_placement`): one template deploys to one account and Region,
the scenario's (or those passed to `sam_export.export_sam`). Its resources are the nodes
placed there; the others are kept under `elsewhere`. A rule from a bus of this stack to a
bus elsewhere is written with that bus's ARN, built from its account and Region
(`arn:${AWS::Partition}:events:<region>:<account>:event-bus/${AWS::StackName}-<Id>`, the
name its own export gives it) and a role allowed `events:PutEvents` on it; an account
known only by name has no ARN, so that edge, like every other edge to a node elsewhere,
is kept in the metadata and noted.

Node level: the *primary resource* of every non-producer node carries
`Metadata.Eventscape: <node entry>`. Primary resources:

    router   -> AWS::Events::EventBus        (logical id <Id>EventBus)
    topic    -> AWS::SNS::Topic              (logical id <Id>Topic)
    queue    -> AWS::SQS::Queue              (logical id <Id>Queue)
    consumer -> AWS::Serverless::Function    (logical id <Id>Function)
    workflow -> AWS::Serverless::StateMachine (logical id <Id>StateMachine); when its
                definition holds a null (CloudFormation forbids null) it is an
                AWS::StepFunctions::StateMachine with DefinitionString and a role
                <Id>StateMachineRole, and `type` is then kept in the entry

Queues, functions and state machines whose references would form a cycle (dead-letter
loops, functions and workflows calling each other) get explicit physical names
(`${AWS::StackName}-<Id>`) and are referenced by constructed ARNs instead of GetAtt.

`<Id>` is the node id in CamelCase with every character outside [A-Za-z0-9] dropped
(`orders-dlq` -> `OrdersDlq`); when two node ids give the same `<Id>` (or none), each of
them gets `N` + the first 8 hex digits of sha1(node id) appended instead. Rules are
`<Source><Target>Rule`, subscriptions `<Source><Target>Subscription`.

A node entry::

    id: orders                      # node id
    kind: queue
    label: Orders queue             # only when set
    position: [440, 0]              # only when set
    explicit: [visibility_timeout, max_receive_count]
                                    # the parameters set explicitly in the topology
                                    # (the others are at their defaults)
    <param>: <value>                # each parameter (explicit or default) whose value the
                                    # resource's properties cannot hold exactly (see below)
    edges: [<edge entry>, ...]      # only when some outgoing edge needs one

Import rule for parameters: read what the properties say, then let every `<param>` key of
the node entry override it; then keep only the `explicit` ones in `Node.params`.
A parameter whose value is none (null) is written `{"$null": true}` like every null.
Parameters written as properties (and therefore *not* repeated in the entry unless the
property cannot hold the exact value, e.g. a fractional timeout rounded up to whole
seconds, or a batch size clamped to 10 on a FIFO queue, or no property exists because
the node has no edge carrying it):

    router:   retry_attempts -> every rule target's RetryPolicy.MaximumRetryAttempts
              retry_max_age  -> RetryPolicy.MaximumEventAgeInSeconds
    queue:    visibility_timeout -> VisibilityTimeout, retention -> MessageRetentionPeriod,
              delay -> DelaySeconds, fifo -> FifoQueue,
              max_receive_count -> RedrivePolicy.maxReceiveCount
    consumer: reserved_concurrency (else concurrency) -> ReservedConcurrentExecutions,
              provisioned -> ProvisionedConcurrencyConfig (AutoPublishAlias live),
              timeout -> Timeout
              (no timeout: Timeout 900 and `timeout: null` in the entry),
              batch_size -> BatchSize of its SQS events,
              partial_batch -> FunctionResponseTypes [ReportBatchItemFailures],
              batch_window -> MaximumBatchingWindowInSeconds of its SQS events
              (whole seconds, rounded up), maximum_concurrency -> their
              ScalingConfig.MaximumConcurrency (with concurrency: the lower;
              reserved_concurrency, provisioned and maximum_concurrency are also kept
              in the entry, and concurrency when there is a reservation),
              retries -> EventInvokeConfig.MaximumRetryAttempts,
              max_event_age -> EventInvokeConfig.MaximumEventAgeInSeconds (when not
              the default 21,600)
    workflow: type -> Type (STANDARD / EXPRESS)
    router:   policy -> one AWS::Events::EventBusPolicy per statement (when every statement
              has an IAM form, see `sam_access`), archive -> AWS::Events::Archive
    topic:    policy -> account statements of its AWS::SNS::TopicPolicy
    queue/topic: encrypted -> KmsMasterKeyId (alias/aws/sqs, alias/aws/sns),
              kms_data_key_reuse -> KmsDataKeyReusePeriodSeconds

Import of any template (`import_concurrency`) reads a function as AWS deploys it:
ReservedConcurrentExecutions -> reserved_concurrency, and concurrency the same figure;
the ProvisionedConcurrencyConfig of its AWS::Lambda::Alias and AWS::Lambda::Version
resources (SAM: the alias of AutoPublishAlias), summed -> provisioned (cut to the
reservation, as AWS requires); its SQS sources' ScalingConfig.MaximumConcurrency ->
maximum_concurrency (one cap for all its queues: the largest, noted when they differ).
A function without a reservation gets concurrency = the account's quota (assumed 1,000,
or what the template's reservations and provisioned concurrency need with 100 left
unreserved, then also `scenario.account_concurrency`, assumed). In an export the
entry's values override these.

Always in the entry (no CloudFormation home): account, region, kms_latency; router
latency, max_rate; topic latency;
queue capacity, group_by, duplicate_rate; consumer service_time, failure_rate,
cold_start, keep_alive, retry_delay, idempotent; producer load, events; workflow
definition, definition_file, tasks (the template's Definition has its Task resources
rewritten to `${...}` DefinitionSubstitutions, so the entry keeps the original).

Edges. Edges CloudFormation expresses are read from the properties:

    router -> X flow        AWS::Events::Rule (EventPattern, Targets[0].Arn; X may be a
                            queue, topic, function, bus or state machine)
    topic -> queue/consumer AWS::SNS::Subscription (FilterPolicy, Endpoint)
    queue -> consumer       the function's `SQS` event (Queue)
    queue -(dead-letter)->  the queue's RedrivePolicy.deadLetterTargetArn
    consumer -(on-failure)-> EventInvokeConfig.DestinationConfig.OnFailure.Destination

An edge entry is an edge in file form without `from` (the node holding the entry is the
source): `{to, kind (when not flow), pattern, filter, emits, latency}`. Import merges
each entry by (source, to, kind) into the edges read from the properties: a key present
in the entry overrides (`pattern: {"$null": true}` means the edge has no pattern; the
Rule then carries the match-all pattern `{"source": [{"prefix": ""}]}`), and an entry
whose edge has no resource adds the edge. Entries are written for: every producer edge;
every consumer and workflow flow or on-failure edge that no property expresses (the
placeholder code would publish; the function gets the policy and an environment
variable naming the target); any edge CloudFormation cannot express (topic -> router,
topic or workflow, a second on-failure or dead-letter edge, a dead-letter edge of a
queue without max_receive_count); and any expressible edge with a `latency`, `emits`, or
no pattern. Import orders nodes and edges as the design entry's `nodes` and `edges` say.

An `EventPattern` or `FilterPolicy` containing a null is written as a JSON string (the
properties accept either form).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.iac.cfn_decode import TemplateError
from simulator.iac.import_report import Assumption, ImportReport

if TYPE_CHECKING:
    from pathlib import Path

    from simulator.iac.export_report import ExportReport
    from simulator.iac.sam_import import ImportResult
    from simulator.model import Topology

METADATA_KEY = "Eventscape"
DESIGN_ID = "EventscapeDesign"
NULL = {"$null": True}


def to_metadata(value: Any) -> Any:
    """`value` with every None replaced by `{"$null": true}` (CloudFormation has no null)."""
    if value is None:
        return dict(NULL)
    if isinstance(value, dict):
        return {k: to_metadata(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_metadata(v) for v in value]
    return value


def from_metadata(value: Any) -> Any:
    """The inverse of `to_metadata`: `{"$null": true}` back to None, recursively."""
    if isinstance(value, dict):
        if value == NULL:
            return None
        return {k: from_metadata(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_metadata(v) for v in value]
    return value


def export_with_report(
    topology: Topology, fmt: str, account: str | None = None, region: str | None = None
) -> tuple[str, ExportReport]:
    """A `sam` or `asyncapi` export and its report (imported when used: cfn-lint is big);
    a SAM template holds the side of `account` and `region` (default: the scenario's)."""
    from simulator.iac.export_report import export_with_report as export

    return export(topology, fmt, account, region)


def sides(topology: Topology) -> list[tuple[str, str]]:
    """The (account, Region) pairs the design's resources run in: one SAM template each."""
    from simulator.iac.export_report import sides as pairs

    return pairs(topology)


def import_template(path: str | Path) -> ImportResult:
    """A SAM/CloudFormation template file as a topology and its report (`sam_import`)."""
    from simulator.iac.sam_import import import_template as read

    return read(path)


__all__ = [
    "DESIGN_ID",
    "METADATA_KEY",
    "NULL",
    "Assumption",
    "ImportReport",
    "TemplateError",
    "export_with_report",
    "from_metadata",
    "import_template",
    "sides",
    "to_metadata",
]
