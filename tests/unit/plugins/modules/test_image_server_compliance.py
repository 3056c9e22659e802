# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the image_server_compliance module (the filter's are in tests/unit/plugins/filter/).

The client is a mock; the rule engine has its own tests. Here: arguments, the result, the failure
message, the reports and policy errors before any client exists.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
from xml.etree import ElementTree
from unittest import mock

import pytest


from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError
from ansible_collections.huaweicloud.workspace.plugins.module_utils import _module
from ansible_collections.huaweicloud.workspace.plugins.modules import image_server_compliance
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.modules.module_runner import isolate, run_main

CREDENTIALS = {"region": "cn-north-4", "access_key": "DEMOACCESSKEY00000001", "secret_key": "demoSecretKey000000000000000000000000001", "project_id": "p" * 32}
NOW = "2026-11-29T12:00:00Z"


def server(number, status="ACTIVE", group="group-a", **fields):
    item = {
        "id": str(600000000000000000 + number),
        "name": "img-srv-%05d" % number,
        "status": status,
        "server_group_id": group,
        "update_time": "2026-11-29T10:00:00.000Z",
        "authorize_accounts": [{"account": "user0001", "account_type": "USER", "domain": "d"}],
    }
    item.update(fields)
    return item


FLEET = [
    server(1),
    server(2, status="BUILDING", update_time="2026-11-28T10:00:00Z"),
    server(3, group=""),
    server(4, status="ERROR", group=None, name="x|<b>y</b>\n"),
]
RULES = {"allowed_statuses": ["ACTIVE", "BUILDING"], "max_age_in_status": {"BUILDING": "6h"}, "require_server_group": True}


@pytest.fixture(autouse=True)
def isolated(monkeypatch):
    isolate(monkeypatch)


@pytest.fixture
def client_class(monkeypatch):
    cls = mock.Mock(name="WorkspaceClient")
    cls.return_value.list_image_servers.return_value = mock.Mock(items=copy.deepcopy(FLEET), count=len(FLEET), region="cn-north-4", project_id="p" * 32)
    monkeypatch.setattr(_module, "WorkspaceClient", cls)
    return cls


def run(args):
    return run_main(image_server_compliance.main, dict(dict(CREDENTIALS, now=NOW), **args))


def test_fails_with_counts_by_rule_and_the_first_servers(client_class):
    outcome = run({"rules": RULES})
    assert outcome.failed
    result = outcome.result
    assert result["msg"].startswith(
        "Not compliant: 4 violations on 3 of 4 image servers (status: 1, stuck_in_status: 1, server_group: 2). First: 'img-srv-00002'"
    )
    assert [(v["name"], v["rule"]) for v in result["violations"]] == [
        ("img-srv-00002", "stuck_in_status"),
        ("img-srv-00003", "server_group"),
        ("x|<b>y</b>\n", "status"),
        ("x|<b>y</b>\n", "server_group"),
    ]
    assert result["violations"][0]["value"] == 93600  # 26 hours
    assert result["summary"] == {"by_status": {"ACTIVE": 2, "BUILDING": 1, "ERROR": 1}, "by_server_group": {"group-a": 2, "": 2}, "total": 4}
    assert (result["checked"], result["compliant"], result["changed"]) == (4, False, False)
    assert (result["region"], result["project_id"], result["report"]) == ("cn-north-4", "p" * 32, {})
    assert "image_servers" not in result
    client_class.return_value.list_image_servers.assert_called_once_with({"server_name": None, "server_id": None, "enterprise_project_id": None})


def test_report_only_and_exemptions(client_class):
    exemptions = [
        {"id": FLEET[2]["id"], "reason": "being rebuilt"},
        {"name": "img-srv-00002", "rules": ["stuck_in_status"], "reason": "CHG-1", "expires": "2026-11-01"},
    ]
    outcome = run({"rules": RULES, "exemptions": exemptions, "fail_on_violation": False, "report_formats": ["junit", "markdown"]})
    result = outcome.result
    assert not outcome.failed and result["compliant"] is False
    assert [v["name"] for v in result["exempted"]] == ["img-srv-00003"]
    assert result["expired_exemptions"] == [{"name": "img-srv-00002", "rules": ["stuck_in_status"], "reason": "CHG-1", "expires": "2026-11-01"}]
    assert result["by_rule"] == {"status": 1, "stuck_in_status": 1, "server_group": 1}
    suites = ElementTree.fromstring(result["report"]["junit"].encode("utf-8"))
    assert (suites.get("tests"), suites.get("failures"), suites.get("skipped")) == ("12", "3", "1")
    cases = suites.findall("./testsuite[@name='server_group']/testcase")
    assert [case.get("name") for case in cases] == [
        "img-srv-00001 (600000000000000001)",
        "img-srv-00002 (600000000000000002)",
        "img-srv-00003 (600000000000000003)",
        "x|<b>y</b>\n (600000000000000004)",
    ]
    assert [child.tag for case in cases for child in case] == ["skipped", "failure"]
    markdown = result["report"]["markdown"]
    assert "## Image server compliance: NOT compliant" in markdown
    assert "| x\\|\\<b\\>y\\</b\\>  | 600000000000000004 | status |" in markdown
    assert "| img-srv-00002 | stuck_in_status | CHG-1 | 2026-11-01 |" in markdown
    assert "<b>" not in markdown


def test_compliant_fleet_succeeds(client_class):
    outcome = run({"rules": {"name_pattern": "(?s).+"}, "report_formats": ["markdown"]})
    assert not outcome.failed
    assert outcome.result["compliant"] and outcome.result["by_rule"] == {"name_pattern": 0}
    assert "compliant" in outcome.result["report"]["markdown"]


@pytest.mark.parametrize(
    "args, text",
    [
        ({"rules": {"max_age": {"BUILDING": "6h"}}}, "unknown rule max_age; allowed: allowed_statuses"),
        ({"rules": {"max_age_in_status": {"BUILDING": "six hours"}}}, "rules.max_age_in_status.BUILDING"),
        ({"rules": RULES, "exemptions": [{"id": "1"}]}, "reason"),
        ({"rules": RULES, "exemptions": [{"id": "1", "reason": "r", "rules": ["nope"]}]}, "unknown value 'nope'"),
        ({"rules": RULES, "now": "noon"}, "now: cannot read 'noon'"),
        ({"rules": RULES, "report_formats": ["html"]}, "report_formats"),
    ],
)
def test_bad_input_fails_before_any_request(client_class, args, text):
    outcome = run(args)
    assert outcome.failed and text in outcome.result["msg"], outcome.result
    client_class.assert_not_called()


def test_api_errors_are_reported(client_class):
    error = WorkspaceApiError("authentication failed", status=401, error_code="APIGW.0301", request_id="req-1")
    client_class.return_value.list_image_servers.side_effect = error
    outcome = run({"rules": RULES})
    assert outcome.failed and outcome.result["msg"] == str(error)
    assert outcome.result["error"]["request_id"] == "req-1"
