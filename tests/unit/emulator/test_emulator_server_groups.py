# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""GET /v1/{project_id}/app-server-groups: the SDK's fields, consistency with the fleet, faults."""

import pytest

from ansible_collections.huaweicloud.workspace.tests.emulator.fleet import generate_fleet
from ansible_collections.huaweicloud.workspace.tests.emulator.server_groups import HOSTILE_GROUP_NAMES, UNUSED_GROUPS, generate_server_groups, is_deleted

# The SDK's ServerGroup model (huaweicloudsdkworkspaceapp 3.1.219), attribute_map keys.
SDK_FIELDS = {
    "id",
    "name",
    "description",
    "image_id",
    "os_type",
    "product_id",
    "subnet_id",
    "system_disk_type",
    "system_disk_size",
    "is_vdi",
    "extra_session_type",
    "extra_session_size",
    "app_type",
    "create_time",
    "update_time",
    "storage_mount_policy",
    "enterprise_project_id",
    "primary_server_group_ids",
    "secondary_server_group_ids",
    "server_group_status",
    "site_type",
    "site_id",
    "app_server_flavor_count",
    "app_server_count",
    "app_group_count",
    "image_name",
    "product_info",
    "subnet_name",
    "scaling_policy",
    "tags",
    "ou_name",
}


def groups(caller, **query):
    target = "/v1/%s/app-server-groups" % caller.emulator.project_id()
    if query:
        target += "?" + "&".join("%s=%s" % (k, v) for k, v in query.items())
    return caller.with_token(target)


def test_shape_paging_and_consistency_with_the_fleet(caller):
    servers, dummy = caller.all_items()
    page = groups(caller).json()
    assert set(page) == {"count", "items"} and len(page["items"]) == min(10, page["count"])
    listed = groups(caller, limit=100).json()["items"]
    for group in listed:
        assert set(group) == SDK_FIELDS
        assert all(set(tag) == {"key", "value"} for tag in group["tags"])
        assert group["app_server_count"] == sum(1 for s in servers if s["server_group_id"] == group["id"])
    referenced = []
    for server in servers:
        # A server without a group ("" in the generated fleet) references none.
        if server["server_group_id"] and server["server_group_id"] not in referenced:
            referenced.append(server["server_group_id"])
    existing = set(group["id"] for group in listed)
    assert [gid for gid in referenced if gid not in existing] == [gid for position, gid in enumerate(referenced) if is_deleted(position)] != []
    unused = [group for group in listed if group["id"] not in referenced]
    assert len(unused) == UNUSED_GROUPS and all(group["app_server_count"] == 0 for group in unused)


def test_names_hold_unicode_spaces_and_duplicates():
    listed = generate_server_groups(generate_fleet(250, "s"), "s")
    names = [group["name"] for group in listed]
    assert "财务部 Finance Desktops" in names and names.count("Shared Desktops") == 2
    hostile = [group["name"] for group in generate_server_groups(generate_fleet(400, "s"), "s", True)]
    assert set(HOSTILE_GROUP_NAMES[5:]) <= set(hostile) and HOSTILE_GROUP_NAMES[1] in hostile


@pytest.mark.parametrize(
    "query,check",
    [
        ({"server_group_name": "Desk"}, lambda g: "Desk" in g["name"]),
        ({"app_type": "COMMON_APP"}, lambda g: g["app_type"] == "COMMON_APP"),
        ({"tags": "env%3Dprod"}, lambda g: {"key": "env", "value": "prod"} in g["tags"]),
    ],
)
def test_filters(caller, query, check):
    everything = groups(caller, limit=100).json()["items"]
    page = groups(caller, limit=100, **query).json()
    assert page["items"] == [group for group in everything if check(group)] and page["count"] == len(page["items"])


def test_one_group_by_id(caller):
    first = groups(caller).json()["items"][0]
    assert groups(caller, server_group_id=first["id"]).json() == {"count": 1, "items": [first]}


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"app_type": "X"}, {"is_secondary_server_group": "y"}])
def test_invalid_query_is_400(caller, query):
    reply = groups(caller, **query)
    assert reply.status == 400 and "WKS.0001" in reply.body.decode()


def test_faults_target_one_listing(caller, fresh):
    fresh.set_faults({"fault": "forbidden", "fault_target": "app-server-groups"})
    reply = groups(caller)
    assert reply.status == 403 and "workspace:appServerGroup:list" in reply.body.decode()
    assert caller.image_servers().status == 200
    fresh.set_faults({"fault": "forbidden"})
    assert groups(caller).status == 200 and caller.image_servers().status == 403
    fresh.set_faults({"fault": "forbidden", "fault_target": "all"})
    assert groups(caller).status == 403 and caller.image_servers().status == 403
    assert [entry["fault"] for entry in fresh.requests()][-2:] == ["forbidden", "forbidden"]


def test_down_region_refuses_the_groups_too(caller, fresh):
    target = "/v1/%s/app-server-groups" % fresh.project_id("cn-east-3")
    assert caller.with_token(target).status == 503


def test_faults_reject_an_unknown_target(fresh):
    with pytest.raises(Exception) as raised:
        fresh.set_faults({"fault_target": "images"})
    assert "fault_target" in str(raised.value)


def test_faults_can_be_limited_to_regions(caller, fresh):
    fresh.set_faults({"fault": "forbidden", "fault_target": "all", "fault_regions": ["ap-southeast-1"]})
    assert groups(caller).status == 200 and caller.image_servers().status == 200
    target = "/v1/%s/app-server-groups" % fresh.project_id("ap-southeast-1")
    assert caller.with_token(target).status == 403
    assert fresh.faults()["fault_regions"] == ["ap-southeast-1"]
