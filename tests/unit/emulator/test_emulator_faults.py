# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every fault knob, switched at runtime through PUT /_emulator/faults."""

import http.client
import json
import socket
import threading

import pytest

from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorError

DOWN = ["cn-east-3"]


def _faults(emulator, **config):
    config.setdefault("down_regions", DOWN)
    return emulator.set_faults(config)


def _token(caller):
    body = json.dumps(
        {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {"user": {"name": "demo-user", "password": "demo-password", "domain": {"name": "demo-domain"}}},
                },
                "scope": {"project": {"name": "cn-north-4"}},
            }
        }
    ).encode("utf-8")
    reply = caller.send("POST", "/v3/auth/tokens", {}, body)
    assert reply.status == 201
    return reply.header("X-Subject-Token")


def test_fail_first_then_recovers(caller, fresh):
    _faults(fresh, fail_first=2)
    statuses = [caller.image_servers().status for dummy in range(3)]
    assert statuses == [503, 503, 200]
    assert [entry["fault"] for entry in fresh.requests()] == ["status-503", "status-503", None]


def test_rejected_requests_do_not_count_for_fail_first(caller, fresh):
    _faults(fresh, fail_first=1)
    assert caller.image_servers(token="bad").status == 401
    assert caller.image_servers().status == 503
    assert caller.image_servers().status == 200


@pytest.mark.parametrize("status,code", [(503, "APIGW.0613"), (500, "APIGW.0601"), (404, "WKS.9999")])
def test_fault_status_json_bodies(caller, fresh, status, code):
    _faults(fresh, fail_first=1, fault_status=status)
    reply = caller.image_servers()
    assert reply.status == status and reply.json()["error_code"] == code and reply.header("X-Request-Id")


def test_throttling_carries_retry_after(caller, fresh):
    _faults(fresh, fail_first=1, fault_status=429, retry_after=3)
    reply = caller.image_servers()
    assert reply.status == 429 and reply.json()["error_code"] == "APIGW.0308"
    assert reply.header("Retry-After") == "3"


@pytest.mark.parametrize("status", [502, 504])
def test_gateway_errors_are_plain_text(caller, fresh, status):
    _faults(fresh, fail_first=1, fault_status=status)
    reply = caller.image_servers()
    assert reply.status == status and reply.header("Content-Type").startswith("text/plain")


def test_fault_rate_is_seeded_and_repeatable(caller, fresh):
    _faults(fresh, fault_rate=0.5, seed=7)
    first = [caller.image_servers().status for dummy in range(20)]
    _faults(fresh, fault_rate=0.5, seed=7)
    second = [caller.image_servers().status for dummy in range(20)]
    assert first == second and set(first) == {200, 503}
    _faults(fresh, fault_rate=1.0)
    assert {caller.image_servers().status for dummy in range(5)} == {503}


def test_reset_cuts_the_body(caller, fresh):
    _faults(fresh, fault="reset", fail_first=1)
    with pytest.raises((http.client.IncompleteRead, ConnectionError)):
        caller.image_servers()
    assert caller.image_servers().status == 200


def test_hang_does_not_block_other_requests(caller, fresh):
    _faults(fresh, fault="hang", fail_first=1)
    hanging = socket.create_connection((caller.host, caller.port))
    try:
        hanging.sendall(
            ("GET /v1/%s/image-servers HTTP/1.1\r\nHost: %s\r\nX-Auth-Token: demo-token\r\n\r\n" % (fresh.project_id(), caller.host_header)).encode("ascii")
        )
        while not fresh.requests():
            threading.Event().wait(0.05)
        assert fresh.requests()[0]["fault"] == "hang" and fresh.requests()[0]["status"] is None
        assert caller.image_servers().status == 200
    finally:
        hanging.close()


def test_malformed_json(caller, fresh):
    _faults(fresh, fault="malformed-json")
    reply = caller.image_servers()
    assert reply.status == 200
    with pytest.raises(ValueError):
        reply.json()


def test_html_proxy_page(caller, fresh):
    _faults(fresh, fault="html")
    reply = caller.image_servers()
    assert reply.status == 502 and reply.header("Content-Type").startswith("text/html")
    assert b"<html>" in reply.body


def test_count_grow_appends_at_the_end(caller, fresh):
    _faults(fresh, fault="count-grow")
    counts = [caller.image_servers(offset=offset, limit=100).json()["count"] for offset in (0, 100, 200)]
    assert counts == [250, 257, 264]
    tail = caller.image_servers(offset=260, limit=100).json()
    assert [item["name"] for item in tail["items"]][-7:] == ["img-srv-new-%05d" % n for n in range(15, 22)]
    assert tail["count"] == 271


def test_info_reports_the_fleet_as_drifted(caller, fresh):
    _faults(fresh, fault="count-grow")
    for offset in (0, 100):
        caller.image_servers(offset=offset, limit=100)
    assert fresh.admin("GET", "info")["servers"]["cn-north-4"] == 257
    _faults(fresh)
    assert fresh.admin("GET", "info")["servers"]["cn-north-4"] == 250


def test_count_shrink_drops_from_the_start(caller, fresh):
    _faults(fresh, fault="count-shrink")
    first = caller.image_servers(limit=10).json()
    second = caller.image_servers(offset=10, limit=10).json()
    assert (first["count"], second["count"]) == (250, 243)
    assert second["items"][0]["name"] == "img-srv-00018"


def test_duplicate_item_repeats_the_last_item_of_the_previous_page(caller, fresh):
    _faults(fresh, fault="duplicate-item")
    first = caller.image_servers(limit=10).json()
    second = caller.image_servers(offset=10, limit=10).json()
    assert second["items"][0] == first["items"][-1] and second["count"] == first["count"] == 250


def test_empty_page_is_returned_fault_times_times(caller, fresh):
    _faults(fresh, fault="empty-page", fault_times=2)
    assert len(caller.image_servers(limit=10).json()["items"]) == 10
    pages = [caller.image_servers(offset=offset, limit=10).json() for offset in (10, 20, 30)]
    assert [len(page["items"]) for page in pages] == [0, 0, 10]
    assert {page["count"] for page in pages} == {250}


def test_long_page(caller, fresh):
    _faults(fresh, fault="long-page")
    assert len(caller.image_servers(limit=10).json()["items"]) == 15


@pytest.mark.parametrize("mode,missing", [("missing-items", "items"), ("missing-count", "count")])
def test_missing_keys(caller, fresh, mode, missing):
    _faults(fresh, fault=mode)
    body = caller.image_servers().json()
    assert missing not in body and len(body) == 1


def test_wrong_types_variants_and_rotation(caller, fresh):
    _faults(fresh, fault="wrong-types", fault_variant="count-string")
    assert caller.image_servers().json()["count"] == "abc"
    _faults(fresh, fault="wrong-types")
    bodies = [caller.image_servers().json() for dummy in range(3)]
    assert bodies[0]["count"] == "abc"
    assert isinstance(bodies[1]["items"], dict)
    assert "not-an-object" in bodies[2]["items"] and len(bodies[2]["items"]) == 10


def test_token_expired_after_first_use(caller, fresh):
    _faults(fresh, fault="token-expired")
    token = _token(caller)
    assert caller.image_servers(token=token).status == 200
    reply = caller.image_servers(token=token)
    assert reply.status == 401 and reply.json()["error_code"] == "APIGW.0307"
    fresh_token = _token(caller)
    assert caller.image_servers(token=fresh_token).status == 200
    assert caller.image_servers().status == 200
    assert caller.image_servers().status == 401
    # A new configuration restores the static token.
    _faults(fresh)
    assert caller.image_servers().status == 200


def test_forbidden(caller, fresh):
    _faults(fresh, fault="forbidden")
    reply = caller.image_servers()
    assert reply.status == 403 and "workspace:imageServer:list" in reply.json()["error_msg"]


def test_project_not_found(caller, fresh):
    _faults(fresh, fault="project-not-found")
    assert caller.image_servers().status == 404


def test_mode_with_fail_first_applies_to_first_requests_only(caller, fresh):
    _faults(fresh, fault="html", fail_first=1)
    assert [caller.image_servers().status for dummy in range(2)] == [502, 200]


def test_down_regions_and_latency_are_runtime_knobs(caller, fresh):
    _faults(fresh, down_regions=["ap-southeast-1"], latency_ms=1)
    assert caller.image_servers(fresh.project_id("ap-southeast-1")).status == 503
    assert caller.image_servers(fresh.project_id("cn-east-3")).status == 200


@pytest.mark.parametrize(
    "config,word",
    [
        ({"fault": "explode"}, "fault"),
        ({"fault_rate": 2}, "fault_rate"),
        ({"fail_first": -1}, "fail_first"),
        ({"bogus": 1}, "bogus"),
        ({"fault_variant": "x"}, "fault_variant"),
        ({"fault_status": 200}, "fault_status"),
    ],
)
def test_invalid_fault_configuration_is_rejected(fresh, config, word):
    with pytest.raises(EmulatorError) as raised:
        fresh.set_faults(config)
    assert "400" in str(raised.value) and word in str(raised.value)


def test_get_faults_shows_the_configuration(fresh):
    _faults(fresh, fault="long-page", fail_first=3)
    current = fresh.faults()
    assert current["fault"] == "long-page" and current["fail_first"] == 3 and current["down_regions"] == DOWN
