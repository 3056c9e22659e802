# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared client against the emulator, over real HTTP on 127.0.0.1."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import WorkspaceClient, list_image_servers_by_region
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError, WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings
from ansible_collections.huaweicloud.workspace.tests.unit.shared_emulators import SharedEmulator, register
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.module_utils.emulator_auth import emulator_connection_options

SERVERS = 345


EMULATOR = register("--servers", SERVERS, "--region", "cn-north-4", "--region", "ap-southeast-1", "--hostile-names")


@pytest.fixture(scope="module")
def emulator():
    with SharedEmulator(EMULATOR) as running:
        yield running


@pytest.fixture(autouse=True)
def settings(emulator):
    emulator.set_faults({})
    emulator.clear_requests()

    def make(emulator, auth="aksk", **options):
        given = dict(emulator_connection_options(emulator, auth), region="cn-north-4", endpoint=emulator.url, iam_endpoint=emulator.url + "/v3", retries=2)
        given.update(options)
        return ConnectionSettings.from_options(given)

    return make


def api_requests(emulator):
    return [r for r in emulator.requests() if "/image-servers" in r["path"]]


@pytest.mark.parametrize("auth", ["aksk", "temporary", "token", "password"])
def test_every_auth_mode_lists_the_whole_fleet(emulator, settings, auth):
    result = WorkspaceClient(settings(emulator, auth)).list_image_servers()
    assert result.count == SERVERS and len(result.items) == SERVERS
    assert len(set(item["id"] for item in result.items)) == SERVERS
    assert result.project_id == emulator.project_id("cn-north-4")
    assert sorted(int(r["query"]["offset"]) for r in api_requests(emulator)) == [0, 100, 200, 300]


@pytest.mark.parametrize("concurrency", [1, 8])
def test_pages_keep_api_order(emulator, settings, concurrency):
    one_by_one = WorkspaceClient(settings(emulator, concurrency=1)).list_image_servers()
    concurrent = WorkspaceClient(settings(emulator, concurrency=concurrency)).list_image_servers()
    assert [i["id"] for i in concurrent.items] == [i["id"] for i in one_by_one.items]


def test_filters_are_sent_signed_and_applied(emulator, settings):
    client = WorkspaceClient(settings(emulator))
    hostile = [i for i in client.list_image_servers().items if "{{" in (i["name"] or "")]
    assert hostile, "the emulator's --hostile-names fleet should hold a Jinja-looking name"
    by_name = client.list_image_servers({"server_name": hostile[0]["name"]})
    assert [i["id"] for i in by_name.items] == [hostile[0]["id"]]
    assert by_name.items[0]["name"] == hostile[0]["name"]
    unicode_names = client.list_image_servers({"server_name": "img-srv-0001"})
    assert unicode_names.count == len(unicode_names.items) > 1


def test_single_page(emulator, settings):
    page = WorkspaceClient(settings(emulator)).get_image_servers_page(offset=100, limit=7)
    assert page.count == SERVERS and len(page.items) == 7


@pytest.mark.parametrize("offset,limit,option", [(0, 0, "limit"), (0, 101, "limit"), (-1, 10, "offset")])
def test_single_page_bounds_are_checked_before_any_request(emulator, settings, offset, limit, option):
    with pytest.raises(WorkspaceConfigError) as caught:
        WorkspaceClient(settings(emulator)).get_image_servers_page(offset=offset, limit=limit)
    assert caught.value.option == option
    assert api_requests(emulator) == []


def test_wrong_secret_key_is_a_401_with_code_and_request_id(emulator, settings):
    with pytest.raises(WorkspaceApiError) as caught:
        WorkspaceClient(settings(emulator, secret_key="wrong-secret-value")).list_image_servers()
    error = caught.value
    assert error.status == 401 and error.error_code == "APIGW.0301" and error.request_id
    assert "wrong-secret-value" not in str(error)


def test_project_discovery_in_iam(emulator, settings):
    result = WorkspaceClient(settings(emulator, region="ap-southeast-1")).list_image_servers()
    assert result.project_id == emulator.project_id("ap-southeast-1") and result.count == SERVERS


def test_server_errors_are_retried(emulator, settings):
    emulator.set_faults({"fail_first": 2, "fault_status": 503})
    assert WorkspaceClient(settings(emulator, retries=3)).list_image_servers().count == SERVERS
    assert [r["status"] for r in api_requests(emulator)][:3] == [503, 503, 200]


def test_regions_are_listed_together(emulator, settings):
    both = [settings(emulator, region=region) for region in ("cn-north-4", "ap-southeast-1")]
    results = list_image_servers_by_region(both, {"server_name": "img"})
    assert [result.region for dummy, result in results] == ["cn-north-4", "ap-southeast-1"]
    assert results[0][1].project_id != results[1][1].project_id
