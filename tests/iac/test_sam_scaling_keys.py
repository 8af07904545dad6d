"""Issue 15's Lambda keys in the SAM export and import: batch_window, maximum_concurrency
and max_event_age have CloudFormation homes (they were written as 1 s / the function's
concurrency / nothing, and read back as 'not modelled')."""

from __future__ import annotations

import copy
import json

from simulator.files import loads
from simulator.iac import METADATA_KEY
from simulator.iac.lint import lint_template
from simulator.iac.sam_export import export_sam
from simulator.iac.sam_import import import_text

DESIGN = """
format: eventscape/topology
version: 1
name: Scaling keys
nodes:
  - {id: app, kind: producer, load: {profile: constant, rate: 2}}
  - {id: jobs, kind: queue, visibility_timeout: 600}
  - {id: worker, kind: consumer, concurrency: 100, batch_size: 50, batch_window: 5,
     maximum_concurrency: 40, timeout: 60}
  - {id: notify, kind: consumer, max_event_age: 600}
edges:
  - {from: app, to: jobs}
  - {from: jobs, to: worker}
  - {from: app, to: notify}
"""


def test_export_writes_the_window_the_mapping_cap_and_the_event_age() -> None:
    """The SQS event gets MaximumBatchingWindowInSeconds 5 and MaximumConcurrency 40, the
    async function MaximumEventAgeInSeconds 600; Metadata no longer repeats them."""
    exported = export_sam(loads(DESIGN))
    resources = exported.template["Resources"]
    worker = resources["WorkerFunction"]
    source = worker["Properties"]["Events"]["JobsQueue"]["Properties"]
    assert source["MaximumBatchingWindowInSeconds"] == 5
    assert source["ScalingConfig"] == {"MaximumConcurrency": 40}
    assert "batch_window" not in worker["Metadata"][METADATA_KEY]
    notify = resources["NotifyFunction"]
    assert notify["Properties"]["EventInvokeConfig"]["MaximumEventAgeInSeconds"] == 600
    assert "max_event_age" not in notify["Metadata"][METADATA_KEY]
    assert "MaximumEventAgeInSeconds" not in worker["Properties"]["EventInvokeConfig"]
    assert [f for f in lint_template(exported.text) if f.severity == "error"] == []


def test_a_fractional_window_is_rounded_up_and_kept_in_metadata() -> None:
    """CloudFormation takes whole seconds: 2.5 s is written as 3, the design keeps 2.5."""
    exported = export_sam(loads(DESIGN.replace("batch_window: 5", "batch_window: 2.5")))
    worker = exported.template["Resources"]["WorkerFunction"]
    assert (
        worker["Properties"]["Events"]["JobsQueue"]["Properties"]["MaximumBatchingWindowInSeconds"]
        == 3
    )
    assert worker["Metadata"][METADATA_KEY]["batch_window"] == 2.5


def test_the_keys_come_back_from_the_properties_alone() -> None:
    """Imported without Eventscape metadata (a hand-written template), the properties give
    batch_window and max_event_age, with no 'not modelled' note."""
    template = copy.deepcopy(export_sam(loads(DESIGN)).template)
    template.pop("Metadata", None)
    for resource in template["Resources"].values():
        resource.pop("Metadata", None)
    result = import_text(json.dumps(template), "plain.json")
    assert not result.report.eventscape
    params = [n.params for n in result.topology.nodes if n.kind == "consumer"]
    assert [p["batch_window"] for p in params if "batch_window" in p] == [5]
    assert [p["max_event_age"] for p in params if "max_event_age" in p] == [600]
    assert not [n for n in result.report.notes if "not modelled" in n.message]


def test_reserved_and_provisioned_concurrency_are_exported() -> None:
    """reserved_concurrency is the function's ReservedConcurrentExecutions (not its
    concurrency cap, which stays in Metadata); provisioned environments become a
    ProvisionedConcurrencyConfig on an auto-published alias. cfn-lint finds no error."""
    text = DESIGN.replace(
        "max_event_age: 600}",
        "max_event_age: 600, concurrency: 50,\n     reserved_concurrency: 20, provisioned: 5}",
    )
    exported = export_sam(loads(text))
    notify = exported.template["Resources"]["NotifyFunction"]
    assert notify["Properties"]["ReservedConcurrentExecutions"] == 20
    assert notify["Properties"]["AutoPublishAlias"] == "live"
    assert notify["Properties"]["ProvisionedConcurrencyConfig"] == {
        "ProvisionedConcurrentExecutions": 5
    }
    entry = notify["Metadata"][METADATA_KEY]
    assert entry["concurrency"] == 50 and entry["reserved_concurrency"] == 20
    worker = exported.template["Resources"]["WorkerFunction"]["Properties"]
    assert worker["ReservedConcurrentExecutions"] == 100 and "AutoPublishAlias" not in worker
    assert [f for f in lint_template(exported.text) if f.severity == "error"] == []
    back = import_text(exported.text, "exported.yaml").topology
    assert back.node("notify").params == loads(text).node("notify").params
