# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The credential chain (options, credentials file, ECS metadata), temporary credentials and agencies.

Scripted transports check each link alone; the emulator (over HTTP on 127.0.0.1) checks the
wire formats. No test reaches 169.254.169.254 (tests/unit/conftest.py refuses it).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import WorkspaceClient
from ansible_collections.huaweicloud.workspace.plugins.module_utils._credential_sources import AgencyAuth, parse_credential
from ansible_collections.huaweicloud.workspace.plugins.module_utils._credentials import (
    AkSkAuth,
    TemporaryAuth,
    TemporaryCredentials,
    authenticate,
    request_with_renewal,
)
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError, WorkspaceConfigError, WorkspaceError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._http import ResponseBody
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings, connection_argument_spec
from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorProcess

CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard port: nothing listens, the connection is refused
FILE_TEXT = "[basic]\nak = FILEAK0000000000001\nsk = file-secret-key-0001\nproject_id = file-project\n"


def settings(**options):
    options.setdefault("region", "cn-north-4")
    return ConnectionSettings.from_options(options)


def credential(access="TMPAK", secret="tmp-secret", token="tmp-token", expires_at="2099-01-01T00:00:00.000000Z"):
    return {"credential": {"access": access, "secret": secret, "securitytoken": token, "expires_at": expires_at}}


class ScriptedTransport(object):
    """Answers requests from a script: a ResponseBody, or a WorkspaceApiError to raise."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def request(self, method, url, sign, body=None, expect=(200,), **options):
        self.requests.append((method, url, sign(method, url, body), body, options))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def refused():
    return WorkspaceApiError(
        "request failed after 1 attempt(s): connection error (refused)", method="PUT", url="http://169.254.169.254/meta-data/latest/api/token"
    )


def write_file(tmp_path, text=FILE_TEXT, name="credentials"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# ---- the chain: order, absent and broken sources -------------------------------------------------


def test_options_win_over_file_and_metadata(tmp_path):
    transport = ScriptedTransport()
    conf = settings(access_key="OPTAK", secret_key="opt-sk", credentials_file=write_file(tmp_path), metadata_credentials=True)
    dummy, auth = authenticate(conf, transport)
    assert auth.source == "options" and transport.requests == []


def test_file_wins_over_metadata_and_gives_its_project_and_iam_endpoint(tmp_path):
    path = write_file(tmp_path, FILE_TEXT + "iam_endpoint = http://127.0.0.1:8/v3\nsecurity_token = file-st\n")
    transport = ScriptedTransport()
    conf, auth = authenticate(settings(credentials_file=path, metadata_credentials=True), transport)
    assert isinstance(auth, AkSkAuth) and transport.requests == []
    assert auth.source == "credentials file %s [basic]" % path
    assert auth.known_project_id() == "file-project" and conf.iam_endpoint == "http://127.0.0.1:8"
    headers = auth.headers("GET", "http://127.0.0.1:8/v3/projects", "")
    assert "Access=FILEAK0000000000001" in headers["Authorization"] and headers["X-Security-Token"] == "file-st"
    assert set(auth.secrets()) == {"file-secret-key-0001", "file-st"}


def test_given_iam_endpoint_wins_over_the_file(tmp_path):
    path = write_file(tmp_path, FILE_TEXT + "iam_endpoint = http://127.0.0.1:8\n")
    conf, dummy = authenticate(settings(credentials_file=path, iam_endpoint="http://127.0.0.1:7"), None)
    assert conf.iam_endpoint == "http://127.0.0.1:7"


def test_profile_selects_the_section(tmp_path):
    path = write_file(tmp_path, FILE_TEXT + "[ops]\nak = OPSAK\nsk = ops-sk\n")
    dummy, auth = authenticate(settings(credentials_file=path, profile="ops"), None)
    assert auth.source.endswith("[ops]") and "Access=OPSAK" in auth.headers("GET", "http://h/", "")["Authorization"]


@pytest.mark.parametrize(
    "option,variables",
    [
        ("credentials_file", ["HUAWEICLOUD_SDK_CREDENTIALS_FILE"]),
        ("profile", ["HW_PROFILE"]),
        ("metadata_credentials", ["HW_METADATA_CREDENTIALS"]),
        ("metadata_endpoint", ["HW_METADATA_ENDPOINT"]),
        ("agency_name", ["HW_ASSUME_ROLE_AGENCY_NAME"]),
        ("agency_domain_name", ["HW_ASSUME_ROLE_DOMAIN_NAME"]),
        ("agency_domain_id", ["HW_ASSUME_ROLE_DOMAIN_ID"]),
        ("agency_duration", ["HW_ASSUME_ROLE_DURATION"]),
    ],
)
def test_environment_variables_of_the_new_options(option, variables):
    """The SDK's names for the file, the Terraform provider's for agencies."""
    assert connection_argument_spec()[option]["fallback"][1] == variables


def test_default_file_location_is_in_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / ".huaweicloud").mkdir(parents=True)
    (home / ".huaweicloud" / "credentials").write_text(FILE_TEXT)
    monkeypatch.setenv("HOME", str(home))
    dummy, auth = authenticate(settings(), None)
    assert auth.source.startswith("credentials file %s" % (home / ".huaweicloud" / "credentials"))


@pytest.mark.parametrize(
    "text,problem",
    [
        ("[basic]\nak = A\n", "section [basic] has no sk"),
        ("[basic]\nsk = very-secret-value\n", "has no ak"),
        ("[other]\nak = A\nsk = very-secret-value\n", "has no [basic] section (sections: other)"),
        ("ak = A\nsk = very-secret-value\n", "line 1 comes before any [section] header"),
        ("[basic]\nak = A\nsk very-secret-value\n", "line(s) 3 are not valid INI"),
        ("[basic]\nidp_id = x\nid_token_file = /t\n", "idp_id/id_token_file"),
        ("[basic]\nak = A\u00e9\nsk = very-secret-value\nsecurity_token = a b\n", "ak and security_token is not printable ASCII"),
    ],
)
def test_a_broken_file_is_an_error_naming_it_never_a_fall_through(tmp_path, text, problem):
    path = write_file(tmp_path, text)
    transport = ScriptedTransport()  # metadata would answer nothing: it must not even be asked
    with pytest.raises(WorkspaceConfigError) as caught:
        authenticate(settings(credentials_file=path, metadata_credentials=True), transport)
    assert "credentials file %s" % path in str(caught.value) and problem in str(caught.value)
    assert "very-secret-value" not in str(caught.value)
    assert transport.requests == []


def test_an_unreadable_file_is_an_error(tmp_path):
    path = write_file(tmp_path)
    with pytest.raises(WorkspaceConfigError, match="cannot be read|is not UTF-8"):
        authenticate(settings(credentials_file=str(tmp_path)), None)  # a directory
    with open(path, "wb") as handle:
        handle.write(b"[basic]\nak = \xff\xfe\n")
    with pytest.raises(WorkspaceConfigError, match="is not UTF-8 text"):
        authenticate(settings(credentials_file=path), None)


def test_a_named_file_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(WorkspaceConfigError, match="does not exist.*HUAWEICLOUD_SDK_CREDENTIALS_FILE"):
        authenticate(settings(credentials_file=str(tmp_path / "nope")), None)
    with pytest.raises(WorkspaceConfigError, match="does not exist.*read because profile is set"):
        authenticate(settings(profile="ops"), None)


def test_nothing_found_lists_every_source_and_why():
    transport = ScriptedTransport(refused())
    with pytest.raises(WorkspaceConfigError) as caught:
        authenticate(settings(metadata_credentials=True), transport)
    message = str(caught.value)
    assert message.startswith("No credentials found. Sources tried, in order: (1) options and environment")
    assert "(2) credentials file " in message and ".huaweicloud/credentials: does not exist" in message
    assert "(3) ECS metadata service http://169.254.169.254: no answer" in message
    assert "HUAWEICLOUD_SDK_AK" in message and "HW_USER_PASSWORD" in message
    # One probe only, short and without retries, so that off-cloud runs are not slowed down.
    method, url, dummy, dummy2, options = transport.requests[0]
    assert (method, options["retries"], options["timeout"][0]) == ("PUT", 0, 2.0) and len(transport.requests) == 1


def test_metadata_switched_off_is_not_asked():
    transport = ScriptedTransport()
    with pytest.raises(WorkspaceConfigError, match=r"\(3\) ECS metadata service: switched off"):
        authenticate(settings(metadata_credentials="false"), transport)
    assert transport.requests == []


def text_answer(text, status=200):
    return ResponseBody(status, {}, None, text)


def json_answer(data, status=200):
    return ResponseBody(status, {}, data, json.dumps(data))


def test_metadata_token_then_credentials():
    transport = ScriptedTransport(text_answer("session-token\n"), json_answer(credential()))
    dummy, auth = authenticate(settings(metadata_credentials=True, metadata_endpoint="http://127.0.0.1:5/"), transport)
    assert isinstance(auth, TemporaryAuth) and auth.source == "ECS metadata service http://127.0.0.1:5"
    put, get = transport.requests
    assert put[:3] == ("PUT", "http://127.0.0.1:5/meta-data/latest/api/token", {"X-Metadata-Token-Ttl-Seconds": "21600"})
    assert get[:3] == ("GET", "http://127.0.0.1:5/openstack/latest/securitykey", {"X-Metadata-Token": "session-token"})
    headers = auth.headers("GET", "http://h/v1/p/image-servers", "", "p")
    assert headers["X-Security-Token"] == "tmp-token" and "Access=TMPAK" in headers["Authorization"]
    assert "x-security-token" in headers["Authorization"]


def test_metadata_without_token_api_goes_on_without_token():
    no_token_api = WorkspaceApiError("request failed", status=404)
    transport = ScriptedTransport(no_token_api, json_answer(credential()))
    authenticate(settings(metadata_credentials=True), transport)
    assert transport.requests[1][2] == {}


def test_metadata_without_agency_is_an_error_naming_the_source():
    no_agency = WorkspaceApiError("request failed", status=401, error_msg="Please configure Cloud Service Agency first")
    transport = ScriptedTransport(text_answer("t"), no_agency)
    with pytest.raises(
        WorkspaceConfigError, match="ECS metadata service http://169.254.169.254: no agency is attached to this ECS.*metadata_credentials: false"
    ):
        authenticate(settings(metadata_credentials=True), transport)


def test_metadata_session_token_expired_is_fetched_again_once():
    expired = WorkspaceApiError("request failed", status=401, error_msg="token expired")
    transport = ScriptedTransport(text_answer("t1"), expired, text_answer("t2"), json_answer(credential()))
    authenticate(settings(metadata_credentials=True), transport)
    assert [r[2] for r in transport.requests][3] == {"X-Metadata-Token": "t2"}


def test_a_metadata_service_that_is_not_huawei_cloud_does_not_stop_the_chain():
    transport = ScriptedTransport(text_answer("t"), WorkspaceApiError("request failed", status=404))
    with pytest.raises(WorkspaceConfigError, match="answered HTTP 404.*not a Huawei Cloud ECS metadata service"):
        authenticate(settings(metadata_credentials=True), transport)


@pytest.mark.parametrize(
    "answer,problem",
    [
        (text_answer(""), "session token is empty"),
        (text_answer("bad token\x00"), "not printable"),
    ],
)
def test_malformed_session_token_is_a_clear_error(answer, problem):
    with pytest.raises(WorkspaceApiError, match=problem):
        authenticate(settings(metadata_credentials=True), ScriptedTransport(answer))


@pytest.mark.parametrize(
    "data,problem",
    [
        ({}, 'no "credential" object'),
        ({"credential": []}, 'no "credential" object'),
        ({"credential": {"access": "A", "secret": 5, "securitytoken": "t", "expires_at": "x"}}, "credential.secret"),
        (credential(expires_at="tomorrow"), "unreadable credential.expires_at 'tomorrow'"),
        (credential(expires_at=["x"] * 1000), "credential.expires_at is missing"),
        (credential(token="line\nbreak"), "credential.securitytoken is not printable ASCII"),
        (credential(secret="s\u00e9cret", access="A K"), "credential.access, credential.secret is not printable"),
    ],
)
def test_malformed_credentials_are_a_clear_error(data, problem):
    with pytest.raises(WorkspaceError, match=problem) as caught:
        parse_credential(json_answer(data), "ECS metadata service http://x")
    assert "ECS metadata service http://x" in str(caught.value)


# ---- temporary credentials: renewal ---------------------------------------------------------------


class Clock(object):
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def provider(lifetimes, clock):
    issued = []

    def fetch():
        number = len(issued) + 1
        issued.append(number)
        return TemporaryCredentials("AK%d" % number, "sk-%d" % number, "st-%d" % number, clock.now + lifetimes[min(number, len(lifetimes)) - 1])

    return fetch, issued


def access_key(auth):
    return auth.headers("GET", "http://h/", "")["Authorization"].split("Access=")[1].split(",")[0]


def test_renewed_a_few_minutes_before_expiry():
    clock = Clock()
    fetch, issued = provider([3600], clock)
    auth = TemporaryAuth(fetch, "test", clock=clock)
    assert access_key(auth) == "AK1"
    clock.now += 3600 - 301
    assert access_key(auth) == "AK1"
    clock.now += 2
    assert access_key(auth) == "AK2" and issued == [1, 2]
    assert set(auth.secrets()) == {"sk-1", "st-1", "sk-2", "st-2"}


def test_credentials_that_expired_already_are_an_error():
    clock = Clock()
    fetch, issued = provider([-5], clock)
    auth = TemporaryAuth(fetch, "ECS metadata service http://x", clock=clock)
    with pytest.raises(WorkspaceError, match="ECS metadata service http://x answered with credentials that have already expired.*check the clock"):
        access_key(auth)


def test_short_lived_credentials_are_renewed_at_three_quarters_of_their_life():
    clock = Clock()
    fetch, issued = provider([40], clock)
    auth = TemporaryAuth(fetch, "test", clock=clock)
    access_key(auth)
    clock.now += 29
    assert access_key(auth) == "AK1"
    clock.now += 2
    assert access_key(auth) == "AK2"


def test_expired_answer_renews_once_and_only_once_across_threads():
    clock = Clock()
    fetch, issued = provider([3600], clock)
    auth = TemporaryAuth(fetch, "test", clock=clock)
    expired = WorkspaceApiError("request failed", status=401, error_code="APIGW.0307")
    barrier = threading.Barrier(4)
    results = []

    def worker():
        access_key(auth)  # every thread signed with AK1
        barrier.wait()
        results.append(auth.renew(expired))

    threads = [threading.Thread(target=worker) for dummy in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 4 and issued == [1, 2]
    assert auth.renew(WorkspaceApiError("request failed", status=403)) is False


def test_request_with_renewal_sends_again_with_new_credentials():
    clock = Clock()
    fetch, issued = provider([3600], clock)
    auth = TemporaryAuth(fetch, "test", clock=clock)
    ok = json_answer({"ok": True})
    transport = ScriptedTransport(WorkspaceApiError("request failed", status=401, error_code="APIGW.0307"), ok)
    assert request_with_renewal(transport, auth, "GET", "http://h/x") is ok
    first, second = [r[2]["Authorization"] for r in transport.requests]
    assert "Access=AK1" in first and "Access=AK2" in second


# ---- agencies -------------------------------------------------------------------------------------


def test_agency_options_are_validated_before_any_request():
    with pytest.raises(WorkspaceConfigError, match="exactly one of agency_domain_name"):
        settings(agency_name="ops")
    with pytest.raises(WorkspaceConfigError, match="not both"):
        settings(agency_name="ops", agency_domain_name="a", agency_domain_id="b")
    with pytest.raises(WorkspaceConfigError, match="agency_domain_id is set but agency_name is not"):
        settings(agency_domain_id="b")
    with pytest.raises(WorkspaceConfigError, match="agency_duration must be .* between 900 and 86400"):
        settings(agency_name="ops", agency_domain_name="a", agency_duration=60)
    with pytest.raises(WorkspaceConfigError, match="agency_duration is only used with agency_name"):
        settings(agency_duration=900)


def test_agency_credentials_are_requested_with_the_caller_and_used_for_everything_else():
    transport = ScriptedTransport(json_answer(credential(access="AGENCYAK"), status=201))
    conf = settings(
        access_key="CALLERAK", secret_key="caller-sk", agency_name="ops", agency_domain_name="other", agency_duration=3600, iam_endpoint="http://127.0.0.1:9"
    )
    dummy, auth = authenticate(conf, transport)
    assert isinstance(auth, AgencyAuth) and transport.requests == []  # lazily, at the first request
    assert access_key(auth) == "AGENCYAK"
    method, url, headers, body, dummy = transport.requests[0]
    assert (method, url) == ("POST", "http://127.0.0.1:9/v3.0/OS-CREDENTIAL/securitytokens")
    assert "Access=CALLERAK" in headers["Authorization"]
    assert json.loads(body) == {
        "auth": {"identity": {"methods": ["assume_role"], "assume_role": {"agency_name": "ops", "domain_name": "other", "duration_seconds": 3600}}}
    }
    assert "caller-sk" in auth.secrets() and "tmp-secret" in auth.secrets()
    assert auth.known_project_id() is None


def test_an_agency_the_caller_may_not_use_is_a_clear_error():
    refusal = WorkspaceApiError(
        "request failed", status=403, error_code="IAM.0002", error_msg="no right", method="POST", url="http://i/v3.0/OS-CREDENTIAL/securitytokens"
    )
    conf = settings(auth_token="caller-token", agency_name="ops", agency_domain_id="dom-id")
    dummy, auth = authenticate(conf, ScriptedTransport(refusal))
    with pytest.raises(WorkspaceApiError) as caught:
        auth.headers("GET", "http://h/", "")
    message = str(caught.value)
    assert "could not get temporary credentials for agency ops of account dom-id" in message
    assert "HTTP 403" in message and "IAM.0002" in message and "must be allowed to assume the agency" in message


def test_file_project_is_not_used_through_an_agency(tmp_path):
    conf = settings(credentials_file=write_file(tmp_path), agency_name="ops", agency_domain_name="other")
    dummy, auth = authenticate(conf, ScriptedTransport())
    assert auth.known_project_id() is None and auth.caller.source.startswith("credentials file")


# ---- end to end against the emulator ------------------------------------------------------------


@pytest.fixture(scope="module")
def emulator():
    with EmulatorProcess(
        "--servers", 230, "--agency", "ops@other-account", "--forbidden-agency", "audit@locked-account", "--credential-lifetime", 3600
    ) as running:
        yield running


def emulator_settings(emulator, **options):
    given = dict(region="cn-north-4", endpoint=emulator.url, iam_endpoint=emulator.url, retries=1, metadata_endpoint=emulator.url, metadata_credentials=True)
    given.update(options)
    return ConnectionSettings.from_options(given)


def test_metadata_credentials_list_the_own_account(emulator):
    emulator.clear_requests()
    result = WorkspaceClient(emulator_settings(emulator)).list_image_servers()
    assert result.count == 230 and result.project_id == emulator.project_id() and result.agency is None
    kinds = [(r["kind"], r["method"], r["path"]) for r in emulator.requests()]
    assert kinds[:3] == [
        ("metadata", "PUT", "/meta-data/latest/api/token"),
        ("metadata", "GET", "/openstack/latest/securitykey"),
        ("iam", "GET", "/v3/projects"),
    ]


@pytest.mark.parametrize("caller", ["metadata", "aksk"])
def test_an_agency_lists_the_other_account(emulator, caller):
    options = {} if caller == "metadata" else {"access_key": emulator.credentials["access_key"], "secret_key": emulator.credentials["secret_key"]}
    other = emulator.info["accounts"]["other-account"]
    result = WorkspaceClient(emulator_settings(emulator, agency_name="ops", agency_domain_name="other-account", **options)).list_image_servers()
    assert result.project_id == other["regions"]["cn-north-4"] != emulator.project_id()
    assert result.count == other["servers"]["cn-north-4"] and result.agency == ("ops", "other-account")


def test_an_agency_by_domain_id(emulator):
    other = emulator.info["accounts"]["other-account"]
    result = WorkspaceClient(emulator_settings(emulator, agency_name="ops", agency_domain_id=other["domain_id"])).get_image_servers_page(limit=1)
    assert result.project_id == other["regions"]["cn-north-4"]


@pytest.mark.parametrize("agency,status", [(("audit", "locked-account"), "HTTP 403"), (("nope", "other-account"), "HTTP 404")])
def test_an_agency_refused_by_iam(emulator, agency, status):
    client = WorkspaceClient(emulator_settings(emulator, agency_name=agency[0], agency_domain_name=agency[1]))
    with pytest.raises(WorkspaceApiError) as caught:
        client.list_image_servers()
    message = str(caught.value)
    assert "could not get temporary credentials for agency %s of account %s" % agency in message
    assert status in message and "must be allowed to assume the agency" in message


def test_the_own_project_is_refused_to_agency_credentials(emulator):
    client = WorkspaceClient(emulator_settings(emulator, agency_name="ops", agency_domain_name="other-account", project_id=emulator.project_id()))
    with pytest.raises(WorkspaceApiError, match="HTTP 403.*belongs to another account"):
        client.get_image_servers_page(limit=1)


def test_no_agency_attached_and_expiry_during_a_listing():
    with EmulatorProcess("--servers", 450, "--metadata-no-agency") as no_agency:
        with pytest.raises(WorkspaceConfigError, match="no agency is attached"):
            WorkspaceClient(emulator_settings(no_agency))
    # Credentials that live 2 s, pages that take 0.3 s each one after another: the listing
    # outlasts several generations of credentials and still completes.
    with EmulatorProcess("--servers", 900, "--credential-lifetime", 2, "--latency-ms", 300) as short:
        result = WorkspaceClient(emulator_settings(short, project_id=short.project_id(), concurrency=1)).list_image_servers()
        assert result.count == 900 and len(result.items) == 900
        fetched = [r for r in short.requests() if r["path"] == "/openstack/latest/securitykey"]
        assert len(fetched) >= 2


@pytest.mark.parametrize(
    "options,problem",
    [
        ({"metadata_endpoint": "169.254.169.254"}, "metadata_endpoint must be an http:// or https:// URL"),
        ({"metadata_endpoint": "http://h/?q=1"}, "metadata_endpoint must not contain a query string"),
        ({"metadata_credentials": "perhaps"}, "metadata_credentials must be a boolean"),
    ],
)
def test_chain_options_are_validated_before_any_request(options, problem):
    with pytest.raises(WorkspaceConfigError, match=problem):
        settings(**options)


def test_chain_option_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("HW_METADATA_CREDENTIALS", raising=False)
    conf = settings()
    assert conf.metadata_credentials is True and conf.metadata_endpoint == "http://169.254.169.254"
    assert conf.credentials_file == str(tmp_path / "home" / ".huaweicloud" / "credentials")
    assert conf.profile is None and conf.agency is None and conf.agency_duration is None
    assert "metadata_endpoint='http://169.254.169.254'" in repr(conf)
