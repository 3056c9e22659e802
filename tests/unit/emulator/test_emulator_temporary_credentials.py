# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's ECS metadata service, agencies and temporary credentials, signed with the
official SDK signer (not the collection's)."""

import json

import pytest

from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorProcess
from ansible_collections.huaweicloud.workspace.tests.unit.emulator.helpers import Caller

AGENCY_PATH = "/v3.0/OS-CREDENTIAL/securitytokens"


@pytest.fixture(scope="module")
def accounts():
    with EmulatorProcess("--servers", 12, "--agency", "ops@account-b", "--forbidden-agency", "audit@locked") as running:
        yield Caller(running)


def metadata_credential(caller):
    token = caller.send("PUT", "/meta-data/latest/api/token", {"X-Metadata-Token-Ttl-Seconds": "60"})
    assert token.status == 200 and token.header("Content-Type").startswith("text/plain")
    reply = caller.send("GET", "/openstack/latest/securitykey", {"X-Metadata-Token": token.body.decode()})
    assert reply.status == 200
    return reply.json()["credential"]


def with_temporary(caller, credential, path, query=(), security_token="own", method="GET", body=None):
    extra = {}
    if security_token:
        extra["X-Security-Token"] = credential["securitytoken"] if security_token == "own" else security_token
    headers, target = caller.signed_headers(method, path, query, extra, access_key=credential["access"], secret_key=credential["secret"], body=body)
    return caller.send(method, target, headers, body=body)


def test_metadata_needs_a_session_token(accounts):
    assert accounts.send("PUT", "/meta-data/latest/api/token").status == 400
    assert accounts.send("GET", "/openstack/latest/securitykey").status == 401
    assert accounts.send("GET", "/openstack/latest/securitykey", {"X-Metadata-Token": "forged"}).status == 401
    credential = metadata_credential(accounts)
    assert set(credential) == {"access", "secret", "securitytoken", "expires_at"}
    assert credential["expires_at"].endswith("Z")


def test_temporary_keys_need_their_own_signed_security_token(accounts):
    credential = metadata_credential(accounts)
    other = metadata_credential(accounts)
    path = "/v3/projects"
    assert with_temporary(accounts, credential, path, [("name", "cn-north-4")]).status == 200
    missing = with_temporary(accounts, credential, path, security_token=None)
    assert missing.status == 401 and b"must be sent with their X-Security-Token" in missing.body
    wrong = with_temporary(accounts, credential, path, security_token=other["securitytoken"])
    assert wrong.status == 401 and b"does not belong" in wrong.body
    assert credential["secret"].encode() not in missing.body + wrong.body


def assume(caller, credential, agency, domain, **extra):
    body = json.dumps({"auth": {"identity": {"methods": ["assume_role"], "assume_role": dict(agency_name=agency, domain_name=domain, **extra)}}})
    return with_temporary(caller, credential, AGENCY_PATH, method="POST", body=body)


def test_agency_credentials_act_in_the_other_account_only(accounts):
    reply = assume(accounts, metadata_credential(accounts), "ops", "account-b", duration_seconds=900)
    assert reply.status == 201
    agency = reply.json()["credential"]
    info = accounts.emulator.admin("GET", "info")
    projects = with_temporary(accounts, agency, "/v3/projects", [("name", "cn-north-4")]).json()["projects"]
    assert [p["id"] for p in projects] == [info["accounts"]["account-b"]["regions"]["cn-north-4"]]
    own = with_temporary(accounts, agency, "/v1/%s/image-servers" % info["regions"]["cn-north-4"])
    assert own.status == 403 and b"another account" in own.body
    again = assume(accounts, agency, "ops", "account-b")
    assert again.status == 403, "an agency's credentials cannot assume the agency again"


@pytest.mark.parametrize(
    "agency,domain,extra,status",
    [
        ("audit", "locked", {}, 403),
        ("nope", "account-b", {}, 404),
        ("ops", "account-b", {"duration_seconds": 60}, 400),
    ],
)
def test_refused_agency_requests(accounts, agency, domain, extra, status):
    reply = assume(accounts, metadata_credential(accounts), agency, domain, **extra)
    assert reply.status == status and reply.json()["error"]["code"] == status


def test_no_agency_attached_and_no_token_api():
    with EmulatorProcess("--servers", 1, "--metadata-no-agency", "--metadata-no-token-api") as running:
        caller = Caller(running)
        assert caller.send("PUT", "/meta-data/latest/api/token", {"X-Metadata-Token-Ttl-Seconds": "60"}).status == 404
        reply = caller.send("GET", "/openstack/latest/securitykey")
        assert reply.status == 401 and b"Please configure Cloud Service Agency first" in reply.body
