# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The official SDK against the emulator; the request log and the admin endpoints."""

import json

from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorProcess
from ansible_collections.huaweicloud.workspace.tests.unit.emulator.helpers import sdk_client, sdk_list_all


def test_official_sdk_lists_the_whole_fleet(caller, fresh):
    items, count = sdk_list_all(sdk_client(fresh))
    expected, dummy = caller.all_items()
    assert count == 250 and len(items) == 250
    assert [item.to_dict() for item in items] == expected
    log = fresh.requests()
    sdk_requests = [entry for entry in log if entry["auth"] == "aksk"]
    assert [entry["query"]["offset"] for entry in sdk_requests] == ["0", "100", "200"]
    assert all(entry["status"] == 200 for entry in sdk_requests)


def test_official_sdk_filters_and_security_token(fresh):
    client = sdk_client(fresh, "ap-southeast-1", security_token=fresh.credentials["security_token"])
    items, count = sdk_list_all(client, server_name="srv 0/1+")
    assert (items, count) == ([], 0)
    items, count = sdk_list_all(client, limit=7, server_name="img-srv-0002")
    assert count == len(items) == 10


def test_request_log_entries(caller, fresh):
    caller.image_servers(limit=3, server_name="img")
    caller.send("GET", "/v3/projects?name=cn-north-4")
    caller.send("GET", "/_emulator/faults")
    caller.with_token("/elsewhere")
    log = fresh.requests()
    assert [(e["kind"], e["status"], e["auth"]) for e in log] == [("api", 200, "token"), ("iam", 401, "none"), ("unknown", 404, "token")]
    first = log[0]
    assert first["method"] == "GET" and first["path"] == "/v1/%s/image-servers" % fresh.project_id()
    assert first["query"] == {"limit": "3", "server_name": "img"}
    assert len(first["request_id"]) == 32 and first["time"]


def test_clear_requests(caller, fresh):
    caller.image_servers()
    assert fresh.clear_requests() == 1
    assert fresh.requests() == []


def test_admin_info_and_unknown_admin_resources(caller, fresh):
    info = fresh.admin("GET", "info")
    assert set(info["regions"]) == {"cn-north-4", "ap-southeast-1", "cn-east-3"}
    assert info["url"] == fresh.url
    assert caller.send("GET", "/_emulator/nothing").status == 404
    assert caller.send("POST", "/_emulator/requests").status == 405
    assert caller.send("PUT", "/_emulator/faults", {}, b"not json").status == 400


def test_request_log_file_has_no_secrets(tmp_path):
    log_file = tmp_path / "requests.jsonl"
    with EmulatorProcess("--servers", "20", "--request-log", log_file) as emulator:
        client = sdk_client(emulator, security_token=emulator.credentials["security_token"])
        sdk_list_all(client, limit=5)
        creds = emulator.credentials
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    entries = [json.loads(line) for line in lines]
    assert {entry["auth"] for entry in entries} == {"aksk"}
    text = log_file.read_text(encoding="utf-8")
    for secret in (creds["secret_key"], creds["security_token"], "Signature"):
        assert secret not in text
