# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the image_server_info module: arguments, result shaping, summary, errors.

The client is replaced by a mock; the HTTP side is covered by the client's own tests and by the
integration target against the emulator.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
from unittest import mock

import pytest
from ansible.module_utils import basic

from ansible_collections.huaweicloud.workspace.plugins.module_utils import _client
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError, WorkspaceConfigError, WorkspaceError

from ansible_collections.huaweicloud.workspace.plugins.module_utils import _module
from ansible_collections.huaweicloud.workspace.plugins.modules import image_server_info
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.modules.module_runner import isolate, run_main


CREDENTIALS = {"region": "cn-north-4", "access_key": "DEMOACCESSKEY00000001", "secret_key": "demoSecretKey000000000000000000000000001", "project_id": "p" * 32}


def server(number, status="ACTIVE", group="group-a", **fields):
    item = {
        "id": str(600000000000000000 + number),
        "name": "img-srv-%05d" % number,
        "description": "",
        "image_ref": {"id": "ref-1", "image_type": "gold", "spce_code": "c0de", "product_id": "p1"},
        "server_group_id": group,
        "app_group_id": "",
        "server_id": "",
        "instance_id": "",
        "image_id": "",
        "status": status,
        "authorize_accounts": [{"account": "user0001", "account_type": "USER", "domain": "d"}],
        "create_time": "2024-05-07T07:54:21.009Z",
        "update_time": "2024-05-07T07:54:22.329Z",
        "enterprise_project_id": "0",
    }
    item.update(fields)
    return item


FLEET = [
    server(1),
    server(2, status="ERROR"),
    server(3, status=None, group="group-b"),
    server(4, status="BUILT", group=None),
    server(5, status="NULL", group=""),
    server(6, status="", group="group-b"),
    server(7),
]
MISSING_FIELDS = server(8)
del MISSING_FIELDS["status"], MISSING_FIELDS["server_group_id"]


@pytest.fixture(autouse=True)
def isolated(monkeypatch):
    """exit/fail raise instead of exiting (tests/unit/conftest.py clears the credential environment)."""
    isolate(monkeypatch)


def listing(items, count=None):
    return mock.Mock(items=items, count=len(items) if count is None else count, region="cn-north-4", project_id="p" * 32)


@pytest.fixture
def client_class(monkeypatch):
    """The mocked WorkspaceClient class; its instance lists FLEET unless told otherwise."""
    cls = mock.Mock(name="WorkspaceClient")
    cls.return_value.list_image_servers.return_value = listing(copy.deepcopy(FLEET), count=250)
    cls.return_value.get_image_servers_page.return_value = listing(copy.deepcopy(FLEET[:3]), count=250)
    monkeypatch.setattr(_module, "WorkspaceClient", cls)
    return cls


def run(args):
    return run_main(image_server_info.main, args)


def succeed(args):
    outcome = run(dict(CREDENTIALS, **args))
    assert not outcome.failed, outcome.result
    return outcome.result


def fail(args):
    outcome = run(dict(CREDENTIALS, **args))
    assert outcome.failed, outcome.result
    return outcome.result


ALL_FILTERS_UNSET = {"server_name": None, "server_id": None, "enterprise_project_id": None}


class TestListing(object):
    def test_lists_every_page_by_default(self, client_class):
        result = succeed({})
        client_class.return_value.list_image_servers.assert_called_once_with(ALL_FILTERS_UNSET)
        client_class.return_value.get_image_servers_page.assert_not_called()
        assert result["image_servers"] == FLEET
        assert result["count"] == 250
        assert result["changed"] is False
        assert result["region"] == "cn-north-4"
        assert result["project_id"] == "p" * 32
        assert "ansible_facts" not in result

    def test_passes_the_api_filters(self, client_class):
        filters = {"server_name": "finance", "server_id": "600000000000000001", "enterprise_project_id": "0"}
        succeed(filters)
        client_class.return_value.list_image_servers.assert_called_once_with(filters)

    def test_builds_settings_from_options_and_passes_warn(self, client_class):
        succeed({"endpoint": "http://127.0.0.1:9", "retries": 1})
        settings = client_class.call_args.args[0]
        assert settings.endpoint == "http://127.0.0.1:9"
        assert settings.retries == 1
        assert settings.region == "cn-north-4"
        assert callable(client_class.call_args.kwargs["warn"])

    def test_reads_connection_options_from_environment(self, client_class, monkeypatch):
        monkeypatch.setenv("HW_REGION_NAME", "cn-east-3")
        monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AK-FROM-ENV")
        monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "sk-from-env")
        outcome = run({})
        assert not outcome.failed, outcome.result
        settings = client_class.call_args.args[0]
        assert (settings.region, settings.access_key, settings.secret_key) == ("cn-east-3", "AK-FROM-ENV", "sk-from-env")

    def test_option_wins_over_environment_and_first_variable_over_second(self, client_class, monkeypatch):
        """The same precedence as the inventory plugin's (tests/unit/plugins/inventory)."""
        without_project = dict((name, value) for name, value in CREDENTIALS.items() if name != "project_id")
        monkeypatch.setenv("HW_PROJECT_ID", "from-terraform")
        monkeypatch.setenv("HW_REGION_NAME", "cn-east-3")
        assert not run(without_project).failed
        assert client_class.call_args.args[0].project_id == "from-terraform"
        assert client_class.call_args.args[0].region == "cn-north-4"
        monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "from-sdk")
        assert not run(without_project).failed
        assert client_class.call_args.args[0].project_id == "from-sdk"
        assert not run(dict(without_project, project_id="explicit")).failed
        assert client_class.call_args.args[0].project_id == "explicit"

    def test_check_mode_returns_the_same_data(self, client_class):
        result = succeed({"_ansible_check_mode": True})
        assert result["image_servers"] == FLEET
        assert result["changed"] is False

    def test_items_are_returned_verbatim_in_api_order(self, client_class):
        odd = server(9, status="ACTIVE", extra_field={"nested": ["kept"]}, name="{{ lookup('pipe', 'id') }}")
        client_class.return_value.list_image_servers.return_value = listing([FLEET[6], odd, FLEET[0]])
        result = succeed({})
        assert result["image_servers"] == [FLEET[6], odd, FLEET[0]]


class TestOnePage(object):
    @pytest.mark.parametrize(
        "args, expected",
        [
            ({"offset": 20, "limit": 50}, {"offset": 20, "limit": 50}),
            ({"offset": 0, "limit": 100}, {"offset": 0, "limit": 100}),
            ({"limit": 1}, {"limit": 1}),
            ({"offset": 30}, {"offset": 30}),  # the client applies the API's default page size
        ],
    )
    def test_offset_or_limit_asks_for_one_page(self, client_class, args, expected):
        result = succeed(dict(args, server_name="srv"))
        client_class.return_value.list_image_servers.assert_not_called()
        client_class.return_value.get_image_servers_page.assert_called_once_with(dict(ALL_FILTERS_UNSET, server_name="srv"), **expected)
        assert result["image_servers"] == FLEET[:3]
        assert result["count"] == 250

    @pytest.mark.parametrize(
        "args, message",
        [
            ({"limit": 0}, "limit must be an integer between 1 and 100, got 0"),
            ({"limit": 101}, "limit must be an integer between 1 and 100, got 101"),
            ({"limit": -5, "offset": 0}, "limit must be an integer between 1 and 100, got -5"),
            ({"offset": -1}, "offset must be an integer of 0 or more, got -1"),
            ({"offset": -1, "limit": 10}, "offset must be an integer of 0 or more, got -1"),
        ],
    )
    def test_out_of_range_paging_fails_before_any_request(self, monkeypatch, args, message):
        # The real client validates paging; its transport must never be used.
        transport_class = mock.Mock(name="HttpTransport")
        transport_class.return_value.request.side_effect = AssertionError("a request was sent")
        monkeypatch.setattr(_client, "HttpTransport", transport_class)
        for auth in (CREDENTIALS, dict(CREDENTIALS, access_key=None, secret_key=None, user_name="u", password="p", domain_name="d")):
            outcome = run(dict(auth, **args))
            assert outcome.failed, outcome.result
            assert message in outcome.result["msg"]
        transport_class.return_value.request.assert_not_called()

    @pytest.mark.parametrize("name", ["limit", "offset"])
    def test_paging_option_must_be_an_integer(self, client_class, name):
        result = fail({name: "abc"})
        assert name in result["msg"] and "int" in result["msg"]
        client_class.assert_not_called()


class TestStatusFilter(object):
    @pytest.mark.parametrize("option", ["statuses", "status"])  # status: the 1.0.0 name, now an alias
    def test_keeps_only_the_given_states(self, client_class, option):
        result = succeed({option: ["ERROR", "BUILT"]})
        assert [item["id"] for item in result["image_servers"]] == [FLEET[1]["id"], FLEET[3]["id"]]
        assert result["count"] == 250  # the API's count, not affected by the status filter
        assert result["summary"] == {"by_status": {"ERROR": 1, "BUILT": 1}, "by_server_group": {"group-a": 1, "": 1}, "total": 2}

    def test_null_matches_unset_status(self, client_class):
        client_class.return_value.list_image_servers.return_value = listing(FLEET + [MISSING_FIELDS])
        result = succeed({"status": ["NULL"]})
        assert [item["id"] for item in result["image_servers"]] == [FLEET[2]["id"], FLEET[4]["id"], FLEET[5]["id"], MISSING_FIELDS["id"]]
        assert result["summary"]["by_status"] == {"NULL": 4}

    def test_applies_to_the_requested_page_only(self, client_class):
        result = succeed({"status": ["ACTIVE"], "limit": 3})
        assert result["image_servers"] == [FLEET[0]]

    def test_no_match_is_an_empty_list(self, client_class):
        result = succeed({"status": ["DELETING"]})
        assert result["image_servers"] == []
        assert result["summary"] == {"by_status": {}, "by_server_group": {}, "total": 0}

    def test_unknown_state_is_rejected_with_the_allowed_ones(self, client_class):
        result = fail({"statuses": ["RUNNING"]})
        assert "statuses" in result["msg"] and "RUNNING" in result["msg"]
        assert "CREATING, ACTIVE, BUILDING, BUILT, ERROR, DELETING, NULL" in result["msg"]
        client_class.assert_not_called()


class TestSummary(object):
    def test_counts_the_returned_servers(self, client_class):
        result = succeed({})
        assert result["summary"] == {
            "by_status": {"ACTIVE": 2, "ERROR": 1, "NULL": 3, "BUILT": 1},
            "by_server_group": {"group-a": 3, "group-b": 2, "": 2},
            "total": 7,
        }

    def test_summarize_directly(self):
        assert image_server_info.summarize([MISSING_FIELDS, server(1, status=7, group=42)]) == {
            "by_status": {"NULL": 1, "7": 1},
            "by_server_group": {"": 1, "42": 1},
            "total": 2,
        }
        assert image_server_info.summarize([]) == {"by_status": {}, "by_server_group": {}, "total": 0}


class TestErrors(object):
    def test_api_error_reports_message_and_fields(self, client_class):
        error = WorkspaceApiError(
            "authentication failed",
            status=401,
            error_code="APIGW.0301",
            error_msg="Incorrect IAM authentication information",
            request_id="req-123",
            method="GET",
            url="http://127.0.0.1:9/v1/p/image-servers",
        )
        client_class.return_value.list_image_servers.side_effect = error
        result = fail({})
        assert result["msg"] == str(error)
        for text in ("HTTP 401", "APIGW.0301", "Incorrect IAM authentication information", "req-123"):
            assert text in result["msg"]
        assert result["error"] == error.as_dict()
        assert "image_servers" not in result

    def test_page_error_is_reported_too(self, client_class):
        client_class.return_value.get_image_servers_page.side_effect = WorkspaceApiError("server error", status=500)
        result = fail({"limit": 5})
        assert "HTTP 500" in result["msg"]
        assert result["error"]["status"] == 500

    @pytest.mark.parametrize(
        "error",
        [
            WorkspaceConfigError("no credentials: set access_key and secret_key, auth_token, or user_name, password and domain_name", option="access_key"),
            WorkspaceError("something else went wrong"),
        ],
    )
    def test_client_errors_become_failures(self, client_class, error):
        client_class.side_effect = error
        result = fail({})
        assert result["msg"] == str(error)
        assert "error" not in result

    def test_invalid_connection_option_fails_before_the_client(self, client_class):
        outcome = run({"access_key": "AK", "secret_key": "SK"})
        assert outcome.failed
        assert "region is required" in outcome.result["msg"]
        client_class.assert_not_called()

    def test_unknown_region_message_comes_from_settings(self, client_class):
        result = fail({"region": "xx-nowhere-1"})
        assert "xx-nowhere-1" in result["msg"]
        client_class.assert_not_called()

    def test_secret_values_are_not_echoed(self, client_class):
        client_class.return_value.list_image_servers.side_effect = WorkspaceApiError("denied", status=403)
        result = fail({})
        assert CREDENTIALS["secret_key"] not in json.dumps(result)

    def test_missing_requests_library(self, client_class, monkeypatch):
        monkeypatch.setattr(_module, "HAS_REQUESTS", False)
        monkeypatch.setattr(_module, "REQUESTS_IMPORT_ERROR", "Traceback: No module named 'requests'")
        result = fail({})
        assert "requests" in result["msg"]
        assert result["exception"] == "Traceback: No module named 'requests'"
        client_class.assert_not_called()


class TestServerGroupDetails(object):
    GROUPS = [
        {"id": "group-a", "name": "Finance", "os_type": "Windows", "tags": [{"key": "env", "value": "prod"}]},
        {"id": "group-unused", "name": "Unused", "tags": []},
    ]

    @pytest.fixture
    def with_groups(self, client_class):
        for method in ("list_image_servers", "get_image_servers_page"):
            getattr(client_class.return_value, method).return_value.server_groups = copy.deepcopy(self.GROUPS)
        return client_class

    def test_off_by_default(self, with_groups):
        result = succeed({})
        assert "server_groups" not in result and "by_server_group_name" not in result["summary"]

    def test_referenced_groups_and_counts_by_name(self, with_groups):
        result = succeed({"server_group_details": True})
        with_groups.return_value.list_image_servers.assert_called_once_with(ALL_FILTERS_UNSET, server_groups=True)
        assert result["server_groups"] == {"group-a": {"id": "group-a", "name": "Finance", "os_type": "Windows", "tags": {"env": "prod"}}}
        # group-b no longer exists: counted under its id; no server group: "".
        assert result["summary"]["by_server_group_name"] == {"Finance": 3, "group-b": 2, "": 2}
        assert result["summary"]["by_server_group"]["group-a"] == 3

    def test_one_page_lists_the_groups_too(self, with_groups):
        result = succeed({"server_group_details": True, "limit": 3})
        with_groups.return_value.get_image_servers_page.assert_called_once_with(ALL_FILTERS_UNSET, limit=3, server_groups=True)
        assert list(result["server_groups"]) == ["group-a"]

    def test_status_filter_narrows_the_groups(self, with_groups):
        result = succeed({"server_group_details": True, "status": ["BUILT"]})
        assert result["server_groups"] == {} and result["summary"]["by_server_group_name"] == {"": 1}

    def test_duplicate_names_count_by_id_with_a_warning(self, with_groups, monkeypatch):
        groups = self.GROUPS + [{"id": "group-b", "name": "Finance"}]
        with_groups.return_value.list_image_servers.return_value.server_groups = groups
        warnings = []
        monkeypatch.setattr(basic.AnsibleModule, "warn", lambda module, message: warnings.append(message))
        result = succeed({"server_group_details": True})
        assert result["summary"]["by_server_group_name"] == {"group-a": 3, "group-b": 2, "": 2}
        assert len(warnings) == 1 and "'Finance'" in warnings[0]

    def test_permission_error_is_reported(self, with_groups):
        with_groups.return_value.list_image_servers.side_effect = WorkspaceApiError(
            "request failed", status=403, error_code="APIGW.0302", method="GET", url="https://x/v1/p/app-server-groups", hint="set server_group_details: false"
        )
        result = fail({"server_group_details": True})
        assert "app-server-groups" in result["msg"] and "server_group_details: false" in result["msg"]
        assert result["error"]["status"] == 403
