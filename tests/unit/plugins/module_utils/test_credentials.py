# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._credentials import (
    AkSkAuth,
    PasswordAuth,
    TokenAuth,
    discover_project_id,
    ignored_credentials,
    select_auth,
)
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError, WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._http import ResponseBody
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings


def settings(**options):
    options.setdefault("region", "cn-north-4")
    return ConnectionSettings.from_options(options)


class RecordingTransport(object):
    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def request(self, method, url, sign, body=None, expect=(200,), resend_after_answer=True):
        self.requests.append((method, url, sign(method, url, body), body))
        return self.answers.pop(0)


@pytest.mark.parametrize(
    "options,kind",
    [
        ({"auth_token": "t", "access_key": "a", "secret_key": "s", "user_name": "u"}, TokenAuth),
        ({"access_key": "a", "secret_key": "s", "user_name": "u", "password": "p", "domain_name": "d"}, AkSkAuth),
        ({"user_name": "u", "password": "p", "domain_name": "d"}, PasswordAuth),
    ],
)
def test_precedence(options, kind):
    assert isinstance(select_auth(settings(**options), None), kind)


def test_conflicts_are_warned_naming_the_winner():
    warnings = ignored_credentials(settings(auth_token="t", access_key="a", secret_key="s"))
    assert len(warnings) == 1 and "auth_token is used and access_key/secret_key ignored" in warnings[0]
    assert ignored_credentials(settings(access_key="a", secret_key="s")) == []


@pytest.mark.parametrize(
    "options,missing",
    [
        ({"access_key": "a"}, "secret_key is not"),
        ({"secret_key": "s"}, "access_key is not"),
        ({"user_name": "u", "password": "p"}, "missing: domain_name"),
        ({"password": "p", "domain_name": "d"}, "missing: user_name"),
        ({"security_token": "st"}, "security_token is only used"),
    ],
)
def test_incomplete_credentials_name_what_is_missing(options, missing):
    with pytest.raises(WorkspaceConfigError, match=missing):
        select_auth(settings(**options), None)


def test_no_credentials_names_the_three_ways_and_their_env_vars():
    with pytest.raises(WorkspaceConfigError) as caught:
        select_auth(settings(metadata_credentials=False), None)
    message = str(caught.value)
    for text in (
        "credentials file",
        "ECS metadata service: switched off",
        "auth_token",
        "HW_AUTH_TOKEN",
        "access_key",
        "HUAWEICLOUD_SDK_AK",
        "HW_SECRET_KEY",
        "user_name",
        "HW_USER_PASSWORD",
        "HW_DOMAIN_NAME",
        "security_token",
    ):
        assert text in message


def test_aksk_signs_project_and_security_token():
    auth = AkSkAuth("AKTESTEXAMPLE0000001", "SKtestExampleSecretKey0000000000000000001", "EXAMPLE-SECURITY-TOKEN")
    headers = auth.headers("GET", "http://127.0.0.1:8080/v1/p/image-servers?limit=100&offset=0", "", "p")
    assert headers["Host"] == "127.0.0.1:8080"
    assert "SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token," in headers["Authorization"]
    assert headers["X-Security-Token"] == "EXAMPLE-SECURITY-TOKEN"


def test_token_auth_cannot_renew():
    auth = TokenAuth("tok")
    assert auth.headers("GET", "u", "", "p") == {"Content-Type": "application/json", "X-Auth-Token": "tok", "X-Project-Id": "p"}
    assert auth.renew(WorkspaceApiError("x", status=401, error_code="APIGW.0307")) is False


def token_answer(token, project_id="proj-from-token"):
    return ResponseBody(201, {"X-Subject-Token": token}, {"token": {"project": {"id": project_id}}}, "")


def test_password_token_is_fetched_once_and_renewed_on_demand():
    transport = RecordingTransport(token_answer("tok-1"), token_answer("tok-2"))
    auth = select_auth(settings(user_name="u", password="pw", domain_name="d", iam_endpoint="http://127.0.0.1:9/v3"), transport)
    assert auth.headers("GET", "x", "")["X-Auth-Token"] == "tok-1"
    assert auth.headers("GET", "x", "")["X-Auth-Token"] == "tok-1"
    assert len(transport.requests) == 1
    method, url, headers, body = transport.requests[0]
    assert (method, url) == ("POST", "http://127.0.0.1:9/v3/auth/tokens")
    assert json.loads(body)["auth"]["scope"] == {"project": {"name": "cn-north-4"}}
    assert json.loads(body)["auth"]["identity"]["password"]["user"]["domain"] == {"name": "d"}
    assert auth.renew(WorkspaceApiError("x", status=401, error_code="APIGW.0301")) is False
    assert auth.headers("GET", "x", "")["X-Auth-Token"] == "tok-1"
    assert auth.renew(WorkspaceApiError("x", status=401, error_code="APIGW.0307")) is True
    assert auth.headers("GET", "x", "")["X-Auth-Token"] == "tok-2"


def test_project_id_comes_from_the_password_token():
    transport = RecordingTransport(token_answer("tok"))
    conf = settings(user_name="u", password="pw", domain_name="d")
    assert discover_project_id(conf, transport, select_auth(conf, transport)) == "proj-from-token"


def test_project_discovery_through_iam():
    conf = settings(auth_token="tok", iam_endpoint="http://127.0.0.1:9")
    transport = RecordingTransport(ResponseBody(200, {}, {"projects": [{"id": "abc", "name": "cn-north-4"}]}, ""))
    assert discover_project_id(conf, transport, select_auth(conf, transport)) == "abc"
    assert transport.requests[0][1] == "http://127.0.0.1:9/v3/projects?name=cn-north-4"


@pytest.mark.parametrize("projects,found", [([], "no project"), ([{"id": "a"}, {"id": "b"}], "2 projects (a, b)")])
def test_project_discovery_needs_exactly_one_match(projects, found):
    conf = settings(auth_token="tok")
    transport = RecordingTransport(ResponseBody(200, {}, {"projects": projects}, ""))
    with pytest.raises(WorkspaceConfigError, match="IAM has %s" % found.replace("(", r"\(").replace(")", r"\)")):
        discover_project_id(conf, transport, select_auth(conf, transport))


def test_given_project_id_is_not_looked_up():
    conf = settings(auth_token="tok", project_id="given")
    assert discover_project_id(conf, RecordingTransport(), TokenAuth("tok")) == "given"
