# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""GET /v1/{project_id}/image-servers: paging, filters, validation, routing, headers."""

import re

import pytest

ITEM_FIELDS = {
    "id",
    "name",
    "description",
    "image_ref",
    "server_group_id",
    "app_group_id",
    "server_id",
    "instance_id",
    "image_id",
    "status",
    "authorize_accounts",
    "create_time",
    "update_time",
    "enterprise_project_id",
}


def test_default_page_is_first_ten(caller):
    reply = caller.image_servers()
    assert reply.status == 200
    page = reply.json()
    assert page["count"] == 250
    assert [item["name"] for item in page["items"]] == ["img-srv-%05d" % n for n in range(1, 11)]
    assert reply.header("Content-Type").startswith("application/json")


def test_paging_covers_fleet_in_creation_order(caller):
    items, count = caller.all_items(limit=37)
    assert count == len(items) == 250
    assert len({item["id"] for item in items}) == 250
    assert [item["create_time"] for item in items] == sorted(item["create_time"] for item in items)


def test_offset_past_end_is_empty_page_with_count(caller):
    page = caller.image_servers(offset=1000, limit=5).json()
    assert page == {"count": 250, "items": []}


def test_items_have_every_field_of_the_api_page(caller):
    items, dummy = caller.all_items()
    for item in items:
        assert set(item) == ITEM_FIELDS
        assert re.match(r"^\d{18}$", item["id"])
        assert set(item["image_ref"]) == {"id", "image_type", "spce_code", "product_id"}
        for account in item["authorize_accounts"]:
            assert set(account) == {"account", "account_type", "domain"}
            assert account["account_type"] in ("USER", "USER_GROUP")


def test_fleet_covers_every_status_image_type_and_grouping(caller):
    items, dummy = caller.all_items()
    assert {item["status"] for item in items} == {"CREATING", "ACTIVE", "BUILDING", "BUILT", "ERROR", "DELETING", None}
    assert {item["image_ref"]["image_type"] for item in items} == {"gold", "public", "private", "shared", "other"}
    assert len({item["server_group_id"] for item in items}) >= 3
    projects = {item["enterprise_project_id"] for item in items}
    assert "0" in projects and len(projects - {"0", ""}) >= 2


def test_each_region_has_its_own_project_and_fleet(caller, fresh):
    first = caller.image_servers(fresh.project_id("cn-north-4")).json()["items"]
    other = caller.image_servers(fresh.project_id("ap-southeast-1")).json()["items"]
    assert fresh.project_id("cn-north-4") != fresh.project_id("ap-southeast-1")
    assert {i["id"] for i in first}.isdisjoint(i["id"] for i in other)


def test_server_name_is_a_case_sensitive_substring(caller):
    items, count = caller.all_items(server_name="srv-0001")
    assert count == 10 and all("srv-0001" in item["name"] for item in items)
    assert caller.image_servers(server_name="SRV-0001").json()["count"] == 0


def test_server_name_is_percent_decoded(caller):
    assert caller.image_servers(server_name="img%2Dsrv%2D00042").json()["items"][0]["name"] == "img-srv-00042"


def test_server_id_matches_the_item_id(caller):
    target = caller.image_servers(offset=17, limit=1).json()["items"][0]
    page = caller.image_servers(server_id=target["id"]).json()
    assert page == {"count": 1, "items": [target]}
    if target["server_id"]:
        assert caller.image_servers(server_id=target["server_id"]).json()["count"] == 0


def test_enterprise_project_filter(caller):
    everything, dummy = caller.all_items()
    default = [i for i in everything if i["enterprise_project_id"] in ("0", "")]
    for value in ("0", ""):
        items, count = caller.all_items(enterprise_project_id=value)
        assert count == len(default) and items == default
    other = next(i["enterprise_project_id"] for i in everything if i["enterprise_project_id"] not in ("0", ""))
    items, dummy = caller.all_items(enterprise_project_id=other)
    assert items and all(i["enterprise_project_id"] == other for i in items)


def test_filters_combine(caller):
    items, dummy = caller.all_items(server_name="img-srv-001", enterprise_project_id="0")
    assert items and all("img-srv-001" in i["name"] and i["enterprise_project_id"] in ("0", "") for i in items)


@pytest.mark.parametrize(
    "query,parameter",
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("limit=", "limit"),
        ("offset=-1", "offset"),
        ("offset=1.5", "offset"),
        ("limit=10&limit=20", "limit"),
    ],
)
def test_invalid_parameters_are_400_naming_the_parameter(caller, fresh, query, parameter):
    reply = caller.with_token("/v1/%s/image-servers?%s" % (fresh.project_id(), query))
    assert reply.status == 400
    body = reply.json()
    assert body["error_code"] == "WKS.0001" and parameter in body["error_msg"]
    assert reply.header("X-Request-Id")


def test_limit_bounds_are_accepted(caller):
    assert len(caller.image_servers(limit=100).json()["items"]) == 100
    assert len(caller.image_servers(limit=1).json()["items"]) == 1


def test_unknown_project_is_404(caller):
    reply = caller.image_servers("0" * 32)
    assert reply.status == 404 and reply.json()["error_code"] == "WKS.0404"


def test_wrong_method_is_405(caller, fresh):
    reply = caller.send("POST", "/v1/%s/image-servers" % fresh.project_id(), {"X-Auth-Token": "demo-token"}, b"{}")
    assert reply.status == 405 and set(reply.json()) == {"error_code", "error_msg"}


@pytest.mark.parametrize("path", ["/", "/v2/x/image-servers", "/v1/image-servers", "/v1/p/image-servers/extra"])
def test_unknown_path_is_apigw_0101(caller, path):
    reply = caller.with_token(path)
    assert reply.status == 404 and reply.json()["error_code"] == "APIGW.0101"


def test_down_region_answers_503(caller, fresh):
    reply = caller.image_servers(fresh.project_id("cn-east-3"))
    assert reply.status == 503 and reply.json()["error_code"] == "APIGW.0613"


def test_request_ids_are_unique_hex_on_every_answer(caller, fresh):
    replies = [
        caller.image_servers(),
        caller.image_servers(limit=0),
        caller.image_servers("0" * 32),
        caller.with_token("/nowhere"),
        caller.send("GET", "/v1/%s/image-servers" % fresh.project_id()),
        caller.send("POST", "/v3/auth/tokens", {"Content-Type": "application/json"}, b"{}"),
        caller.send("GET", "/_emulator/faults"),
    ]
    ids = [reply.header("X-Request-Id") for reply in replies]
    assert all(re.match(r"^[0-9a-f]{32}$", value) for value in ids)
    assert len(set(ids)) == len(ids)
    assert all(reply.header("Content-Length") is not None for reply in replies)


def test_keep_alive_serves_several_requests_on_one_connection(caller, fresh):
    connection = caller.connection()
    try:
        target = "/v1/%s/image-servers?limit=2" % fresh.project_id()
        for dummy in range(3):
            reply = caller.send("GET", target, {"X-Auth-Token": "demo-token"}, connection=connection)
            assert reply.status == 200
        bad = caller.send("GET", target + "&offset=x", {"X-Auth-Token": "demo-token"}, connection=connection)
        assert bad.status == 400
        assert caller.send("GET", target, {"X-Auth-Token": "demo-token"}, connection=connection).status == 200
    finally:
        connection.close()


def test_protocol_errors_are_json_with_a_request_id(caller):
    reply = caller.send("BREW", "/v1/x/image-servers")
    assert reply.status == 501 and reply.header("X-Request-Id") and reply.json()["error_msg"]
