# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AK/SK verification (against the official SDK signer), tokens, IAM tokens and project discovery."""

import datetime
import json

import pytest

from ansible_collections.huaweicloud.workspace.tests.emulator import signature

LIST_QUERY = [("limit", 5), ("offset", 0), ("server_name", "img-srv 0/1~+")]


def _path(emulator, region="cn-north-4"):
    return "/v1/%s/image-servers" % emulator.project_id(region)


def _password_body(user="demo-user", password="demo-password", domain="demo-domain", region="cn-north-4"):
    return json.dumps(
        {
            "auth": {
                "identity": {"methods": ["password"], "password": {"user": {"name": user, "password": password, "domain": {"name": domain}}}},
                "scope": {"project": {"name": region}},
            }
        }
    ).encode("utf-8")


def _assert_apigw_0301(reply):
    assert reply.status == 401, reply.body
    assert reply.json()["error_code"] == "APIGW.0301"
    assert reply.header("X-Request-Id")


@pytest.mark.parametrize(
    "vector,extra,expected",
    [
        ("A", {}, "947b8115d1926d2ce077352df3dc7475a4fb22fdd1e5e5081a3b1cdd9142f414"),
        (
            "B",
            {"content-type": "application/json", "user-agent": "huaweicloud-usdk-python/3.0", "x-project-id": "0123456789abcdef0123456789abcdef"},
            "e2eb1b1d68b774deadd58d73fff1e4e19f7df9f8ea6886f5f4186d2680a2b96c",
        ),
        (
            "C",
            {
                "content-type": "application/json",
                "user-agent": "huaweicloud-usdk-python/3.0",
                "x-project-id": "0123456789abcdef0123456789abcdef",
                "x-security-token": "EXAMPLE-SECURITY-TOKEN",
            },
            "a4e7b3dee2bef0b65079f21bd392747fb0068d4603e9e5829fa1782130bc42c6",
        ),
    ],
)
def test_verifier_reproduces_the_known_answer_vectors(vector, extra, expected):
    headers = {"host": "appstream.cn-north-4.myhuaweicloud.com", "x-sdk-date": "20240102T030405Z"}
    headers.update(extra)
    canonical = signature.canonical_request(
        "GET", "/v1/0123456789abcdef0123456789abcdef/image-servers", "limit=10&offset=0&server_name=img%20srv%2F01", headers, sorted(headers), b""
    )
    assert signature.signature_for("SKtestExampleSecretKey0000000000000000001", "20240102T030405Z", canonical) == expected


def test_sdk_signed_request_is_accepted(caller, fresh):
    headers = {"Content-Type": "application/json", "X-Project-Id": fresh.project_id()}
    reply = caller.signed(_path(fresh), LIST_QUERY, headers)
    assert reply.status == 200, reply.body
    assert fresh.requests()[-1]["auth"] == "aksk"


def test_wrong_secret_key_is_rejected(caller, fresh):
    _assert_apigw_0301(caller.signed(_path(fresh), LIST_QUERY, secret_key="wrong" * 8))


def test_unknown_access_key_is_rejected(caller, fresh):
    _assert_apigw_0301(caller.signed(_path(fresh), LIST_QUERY, access_key="UNKNOWNAK00000000001"))


def test_tampered_query_is_rejected(caller, fresh):
    headers, target = caller.signed_headers("GET", _path(fresh), LIST_QUERY)
    _assert_apigw_0301(caller.send("GET", target.replace("limit=5", "limit=6"), headers))


def test_plus_for_space_in_the_query_breaks_the_signature(caller, fresh):
    headers, target = caller.signed_headers("GET", _path(fresh), [("server_name", "img srv")])
    assert "%20" in target
    _assert_apigw_0301(caller.send("GET", target.replace("%20", "+"), headers))


def test_tampered_signed_header_is_rejected(caller, fresh):
    headers, target = caller.signed_headers("GET", _path(fresh), LIST_QUERY, {"X-Project-Id": fresh.project_id()})
    headers["Host"] = "appstream.cn-north-4.myhuaweicloud.com"
    _assert_apigw_0301(caller.send("GET", target, headers))


@pytest.mark.parametrize("minutes", [-16, 16])
def test_stale_or_future_date_is_rejected(caller, fresh, minutes):
    date = caller.sdk_date(datetime.timedelta(minutes=minutes))
    reply = caller.signed(_path(fresh), LIST_QUERY, sdk_date=date)
    _assert_apigw_0301(reply)
    assert "15 minutes" in reply.json()["error_msg"]


def test_missing_or_invalid_date_is_rejected(caller, fresh):
    headers, target = caller.signed_headers("GET", _path(fresh), LIST_QUERY)
    headers.pop("X-Sdk-Date")
    _assert_apigw_0301(caller.send("GET", target, headers))
    headers, target = caller.signed_headers("GET", _path(fresh), LIST_QUERY)
    headers["X-Sdk-Date"] = "2024-01-02 03:04:05"
    _assert_apigw_0301(caller.send("GET", target, headers))


def test_security_token_must_be_right_and_signed(caller, fresh):
    good = caller.credentials["security_token"]
    assert caller.signed(_path(fresh), LIST_QUERY, {"X-Security-Token": good}).status == 200
    _assert_apigw_0301(caller.signed(_path(fresh), LIST_QUERY, {"X-Security-Token": "other"}))
    headers, target = caller.signed_headers("GET", _path(fresh), LIST_QUERY)
    headers["X-Security-Token"] = good
    _assert_apigw_0301(caller.send("GET", target, headers))


def test_no_credentials_and_unknown_token_are_rejected(caller, fresh):
    _assert_apigw_0301(caller.send("GET", _path(fresh)))
    _assert_apigw_0301(caller.with_token(_path(fresh), token="not-a-token"))
    assert caller.with_token("/v3/projects?name=cn-north-4", token="not-a-token").status == 401


def test_x_project_id_must_match_the_path(caller, fresh):
    reply = caller.signed(_path(fresh), LIST_QUERY, {"X-Project-Id": fresh.project_id("ap-southeast-1")})
    assert reply.status == 403 and reply.json()["error_code"] == "APIGW.0302"


def test_secrets_are_never_echoed(caller, fresh):
    creds = caller.credentials
    replies = [
        caller.signed(_path(fresh), LIST_QUERY, secret_key="wrong" * 8),
        caller.signed(_path(fresh), LIST_QUERY, {"X-Security-Token": "leaky-security-token"}),
        caller.with_token(_path(fresh), token="leaky-token-value"),
        caller.send("POST", "/v3/auth/tokens", {}, _password_body(password="leaky-password")),
    ]
    for reply in replies:
        text = reply.body.decode("utf-8") + json.dumps(reply.headers)
        for secret in (creds["secret_key"], "leaky-security-token", "leaky-token-value", "leaky-password", creds["password"], "Signature="):
            assert secret not in text


def test_iam_password_token_flow(caller, fresh):
    reply = caller.send("POST", "/v3/auth/tokens", {"Content-Type": "application/json"}, _password_body(region="ap-southeast-1"))
    assert reply.status == 201, reply.body
    token = reply.header("X-Subject-Token")
    assert token and reply.header("X-IAM-Trace-Id") and reply.header("X-Request-Id")
    body = reply.json()["token"]
    assert body["project"] == {"id": fresh.project_id("ap-southeast-1"), "name": "ap-southeast-1", "domain": body["project"]["domain"]}
    expires = datetime.datetime.strptime(body["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ")
    assert expires > datetime.datetime.utcnow()
    assert caller.image_servers(fresh.project_id("ap-southeast-1"), token=token).status == 200
    # The token is scoped to its project.
    assert caller.image_servers(fresh.project_id("cn-north-4"), token=token).status == 403
    assert fresh.requests()[-1]["auth"] == "token"


@pytest.mark.parametrize("changes", [{"user": "someone"}, {"password": "wrong"}, {"domain": "other"}])
def test_iam_bad_credentials_are_401(caller, changes):
    reply = caller.send("POST", "/v3/auth/tokens", {}, _password_body(**changes))
    assert reply.status == 401
    body = reply.json()
    assert body["error"]["code"] == 401 and body["error_code"] and body["error_msg"]
    assert reply.header("X-Subject-Token") is None and reply.header("X-IAM-Trace-Id")


@pytest.mark.parametrize("body", [b"not json", b"{}", _password_body(region="xx-nowhere-1")])
def test_iam_bad_requests_are_400(caller, body):
    reply = caller.send("POST", "/v3/auth/tokens", {}, body)
    assert reply.status == 400 and reply.json()["error_msg"]


def test_project_discovery_with_aksk_and_token(caller, fresh):
    reply = caller.signed("/v3/projects", [("name", "ap-southeast-1")])
    assert reply.status == 200, reply.body
    projects = reply.json()["projects"]
    assert [(p["id"], p["name"]) for p in projects] == [(fresh.project_id("ap-southeast-1"), "ap-southeast-1")]
    assert reply.header("X-IAM-Trace-Id")
    assert caller.with_token("/v3/projects?name=cn-north-4").json()["projects"][0]["id"] == fresh.project_id()


def test_project_discovery_unknown_and_duplicated_regions(caller):
    assert caller.signed("/v3/projects", [("name", "xx-nowhere-1")]).json()["projects"] == []
    twins = caller.signed("/v3/projects", [("name", "cn-east-3")]).json()["projects"]
    assert len(twins) == 2 and len({p["id"] for p in twins}) == 2


def test_project_discovery_requires_auth(caller):
    _assert_apigw_0301(caller.send("GET", "/v3/projects?name=cn-north-4"))
    _assert_apigw_0301(caller.signed("/v3/projects", [("name", "cn-north-4")], secret_key="wrong" * 8))
