# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The fault matrix of issue 6, client level: every fault served by the emulator over real HTTP.

Each case ends in complete, correct data or in a WorkspaceError whose message names what failed
and holds no secret. Back-off sleeps are recorded instead of slept (the requested delays are
asserted, never the elapsed time); only the timeout cases wait for real, with a short timeout.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import WorkspaceClient, list_image_servers_by_region
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError, WorkspaceError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._http import HttpTransport
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings
from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorProcess
from ansible_collections.huaweicloud.workspace.tests.unit.shared_emulators import SharedEmulator, register
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.module_utils.emulator_auth import emulator_connection_options

FLEET = 250  # three pages of 100
REGIONS = ("cn-north-4", "ap-southeast-1")
SECRET_CREDENTIALS = ("secret_key", "token", "security_token", "password")


EMULATOR = register("--servers", FLEET, "--region", REGIONS[0], "--region", REGIONS[1])


@pytest.fixture(scope="module")
def emulator():
    with SharedEmulator(EMULATOR) as running:
        yield running


@pytest.fixture(autouse=True)
def clean(emulator):
    emulator.set_faults({})
    emulator.clear_requests()
    yield
    emulator.set_faults({})


@pytest.fixture(scope="module")
def fleet_ids(emulator):
    """The ids of the fault-free fleet, in API order."""
    emulator.set_faults({})
    return [item["id"] for item in Harness(emulator).client().list_image_servers().items]


class Harness(object):
    """Builds clients against the emulator and records what they ask to sleep and warn."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.sleeps = []
        self.warnings = []

    def settings(self, auth="aksk", **options):
        given = emulator_connection_options(self.emulator, "temporary" if auth == "aksk" else auth)
        given.update(region=REGIONS[0], endpoint=self.emulator.url, iam_endpoint=self.emulator.url, retries=2, timeout=5, concurrency=4)
        given.update(options)
        return ConnectionSettings.from_options(given)

    def client(self, auth="aksk", **options):
        settings = self.settings(auth, **options)
        transport = HttpTransport(settings, sleep=self.sleeps.append)
        return WorkspaceClient(settings, warn=self.warnings.append, transport=transport)

    def api_statuses(self):
        return [r["status"] for r in self.emulator.requests() if "/image-servers" in r["path"]]

    def assert_no_secret(self, *texts):
        creds = self.emulator.credentials
        for text in texts + tuple(self.warnings):
            for name in SECRET_CREDENTIALS:
                assert creds[name] not in text, "%s leaked into %r" % (name, text)


@pytest.fixture
def harness(emulator):
    return Harness(emulator)


def failure(harness, auth="aksk", listing=None, **options):
    """The error of a listing that must fail; its message is checked for secrets."""
    client = harness.client(auth, **options)
    with pytest.raises(WorkspaceError) as caught:
        (listing or (lambda c: c.list_image_servers()))(client)
    message = str(caught.value)
    assert isinstance(message, str) and "Traceback" not in message
    harness.assert_no_secret(message)
    return caught.value


def assert_complete(result, ids):
    assert [item["id"] for item in result.items] == ids
    assert result.count == len(ids)


# ---- throttling and server errors --------------------------------------------------------


def test_429_with_retry_after_recovers_and_honours_the_header(harness, emulator, fleet_ids):
    emulator.set_faults({"fail_first": 2, "fault_status": 429, "retry_after": 3})
    assert_complete(harness.client().list_image_servers(), fleet_ids)
    assert harness.api_statuses()[:3] == [429, 429, 200]
    # Both retries waited for Retry-After (the later pages wait out the shared throttle as well).
    assert len([delay for delay in harness.sleeps if delay > 2.5]) >= 2


def test_429_forever_gives_up_after_retries(harness, emulator):
    emulator.set_faults({"fault_rate": 1.0, "fault_status": 429, "retry_after": 0})
    error = failure(harness, retries=2)
    message = str(error)
    assert "request failed after 3 attempts" in message
    assert "HTTP 429" in message and "error_code=APIGW.0308" in message and "throttling" in message
    assert error.request_id and "request_id=%s" % error.request_id in message
    assert harness.api_statuses() == [429, 429, 429]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_bursts_recover(harness, emulator, fleet_ids, status):
    emulator.set_faults({"fail_first": 2, "fault_status": status})
    assert_complete(harness.client().list_image_servers(), fleet_ids)
    assert harness.api_statuses()[:3] == [status, status, 200]


@pytest.mark.parametrize(
    "status,shown", [(500, "error_code=APIGW.0601"), (502, "502 Bad Gateway"), (503, "error_code=APIGW.0613"), (504, "504 Gateway Timeout")]
)
def test_server_errors_that_last_fail_with_status_and_body(harness, emulator, status, shown):
    emulator.set_faults({"fault_rate": 1.0, "fault_status": status})
    message = str(failure(harness, retries=1))
    assert "request failed after 2 attempts" in message and "HTTP %d" % status in message and shown in message


# ---- transport failures --------------------------------------------------------------------


def test_connection_reset_mid_response_is_retried(harness, emulator, fleet_ids):
    emulator.set_faults({"fail_first": 1, "fault": "reset"})
    assert_complete(harness.client().list_image_servers(), fleet_ids)


def test_connection_reset_every_time_fails_clearly(harness, emulator):
    emulator.set_faults({"fault_rate": 1.0, "fault": "reset"})
    message = str(failure(harness, retries=1))
    assert "request failed after 2 attempt(s)" in message
    assert "connection broken while reading the response" in message or "connection error" in message


def test_server_that_never_answers_fails_after_timeout(harness, emulator):
    emulator.set_faults({"fault_rate": 1.0, "fault": "hang"})
    message = str(failure(harness, retries=1, timeout=0.5))
    assert "request failed after 2 attempt(s): timed out" in message
    assert "timeout (0.5s)" in message


def test_one_hanging_answer_is_retried(harness, emulator, fleet_ids):
    emulator.set_faults({"fail_first": 1, "fault": "hang"})
    assert_complete(harness.client(timeout=0.5).list_image_servers(), fleet_ids)


def test_nothing_listening_fails_with_connection_error(harness):
    message = str(failure(harness, retries=1, endpoint="http://127.0.0.1:9"))
    assert "request failed after 2 attempt(s): connection refused" in message
    assert "Nothing accepts connections at 127.0.0.1:9: check endpoint" in message
    # Only what applies: no request id (there was no answer), no timeout hint.
    assert "request_id" not in message and "timeout" not in message


# ---- unreadable answers ---------------------------------------------------------------------


def test_malformed_json_once_is_retried(harness, emulator, fleet_ids):
    emulator.set_faults({"fail_first": 1, "fault": "malformed-json"})
    assert_complete(harness.client().list_image_servers(), fleet_ids)


def test_malformed_json_that_lasts_is_a_malformed_response_error(harness, emulator):
    emulator.set_faults({"fault_rate": 1.0, "fault": "malformed-json"})
    error = failure(harness, retries=1)
    assert "malformed response" in str(error) and error.status == 200 and error.request_id
    assert harness.api_statuses() == [200, 200]


def test_html_proxy_page_names_its_title(harness, emulator):
    emulator.set_faults({"fault_rate": 1.0, "fault": "html"})
    message = str(failure(harness, retries=1))
    assert "non-JSON response: 502 Bad Gateway" in message and "HTTP 502" in message
    assert "<html" not in message


def test_html_proxy_page_once_is_retried(harness, emulator, fleet_ids):
    emulator.set_faults({"fail_first": 1, "fault": "html"})
    assert_complete(harness.client().list_image_servers(), fleet_ids)


@pytest.mark.parametrize(
    "mode,variant,problem",
    [
        ("missing-count", None, "malformed response: 'count' is missing or not a non-negative integer (got None)"),
        ("missing-items", None, "malformed response: 'items' is missing or not a list (got NoneType)"),
        ("wrong-types", "count-string", "malformed response: 'count' is missing or not a non-negative integer (got 'abc')"),
        ("wrong-types", "items-dict", "malformed response: 'items' is missing or not a list (got dict)"),
        ("wrong-types", "item-not-object", "malformed response: 'items' holds something that is not an object"),
    ],
)
def test_missing_fields_and_wrong_types_are_malformed_responses(harness, emulator, mode, variant, problem):
    emulator.set_faults({"fault": mode, "fault_variant": variant})
    error = failure(harness)
    assert isinstance(error, WorkspaceApiError) and problem in str(error)
    assert error.status == 200 and error.request_id


def test_malformed_single_page_is_an_error_too(harness, emulator):
    emulator.set_faults({"fault": "missing-items"})
    error = failure(harness, listing=lambda client: client.get_image_servers_page(offset=0, limit=5))
    assert "'items' is missing" in str(error)


# ---- paging anomalies -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["count-grow", "count-shrink"])
def test_drift_that_settles_gives_the_complete_final_fleet(harness, emulator, mode):
    # Requests 2 and 3 of the first pass move the fleet; the relist then sees a stable fleet.
    emulator.set_faults({"fail_first": 3, "fault": mode})
    client = harness.client()
    listed = client.list_image_servers()
    settled = client.list_image_servers()
    assert listed.count != FLEET and settled.count == listed.count
    assert_complete(listed, [item["id"] for item in settled.items])
    assert harness.warnings == []


@pytest.mark.parametrize("mode", ["count-grow", "count-shrink"])
def test_drift_that_never_settles_warns_and_keeps_every_item_seen(harness, emulator, mode):
    emulator.set_faults({"fault": mode})
    listed = harness.client().list_image_servers()
    ids = [item["id"] for item in listed.items]
    assert len(ids) == len(set(ids)) and ids
    assert len(harness.warnings) == 1 and "changed while they were being listed" in harness.warnings[0]
    harness.assert_no_secret()


def test_item_repeated_across_pages_is_kept_once(harness, emulator, fleet_ids):
    emulator.set_faults({"fault": "duplicate-item"})
    assert_complete(harness.client().list_image_servers(), fleet_ids)


def test_empty_page_before_count_is_refetched(harness, emulator, fleet_ids):
    emulator.set_faults({"fault": "empty-page", "fault_times": 1})
    assert_complete(harness.client().list_image_servers(), fleet_ids)
    assert sum(1 for r in emulator.requests() if r.get("query", {}).get("offset") not in (None, "0")) == 3


def test_empty_page_that_stays_empty_is_an_incomplete_page_error(harness, emulator):
    emulator.set_faults({"fault": "empty-page", "fault_times": 100})
    message = str(failure(harness))
    assert "incomplete page" in message and "refusing to return a partial list" in message


def test_page_longer_than_limit_is_deduplicated(harness, emulator, fleet_ids):
    emulator.set_faults({"fault": "long-page"})
    assert_complete(harness.client().list_image_servers(), fleet_ids)


# ---- authentication and authorisation -------------------------------------------------------


def test_expired_token_with_user_password_is_renewed_once_and_succeeds(harness, emulator, fleet_ids):
    emulator.set_faults({"fail_first": 1, "fault": "token-expired"})
    assert_complete(harness.client("password").list_image_servers(), fleet_ids)
    log = emulator.requests()
    assert [r["status"] for r in log if r["path"] == "/v3/auth/tokens"].count(201) >= 2
    assert 401 in harness.api_statuses()


def test_token_that_dies_after_every_use_is_renewed_at_most_once_per_request(harness, emulator, fleet_ids):
    # Every token stops working after one use: each page renews once and never loops on IAM.
    emulator.set_faults({"fault": "token-expired"})
    assert_complete(harness.client("password", concurrency=1).list_image_servers(), fleet_ids)
    assert harness.api_statuses() == [200, 401, 200, 401, 200]
    assert [r["status"] for r in emulator.requests() if r["path"] == "/v3/auth/tokens"] == [201, 201, 201]


def test_expired_static_token_is_a_clear_error(harness, emulator):
    emulator.set_faults({"fail_first": 1, "fault": "token-expired"})
    error = failure(harness, "token", concurrency=1)
    message = str(error)
    assert "HTTP 401" in message and "error_code=APIGW.0307" in message and "request a new auth_token" in message
    assert not any(r["path"] == "/v3/auth/tokens" for r in emulator.requests())


def test_wrong_static_token_is_a_clear_error(harness):
    message = str(failure(harness, "token", auth_token="not-the-token"))
    assert "HTTP 401" in message and "Check the credentials" in message


def test_wrong_secret_key_names_the_credentials_without_showing_them(harness):
    message = str(failure(harness, secret_key="a-wrong-secret-key-value"))
    assert "HTTP 401" in message and "error_code=APIGW.0301" in message
    assert "a-wrong-secret-key-value" not in message


def test_wrong_password_is_a_clear_iam_error(harness):
    message = str(failure(harness, "password", password="a-wrong-password-value"))
    assert "/v3/auth/tokens" in message and "HTTP 401" in message and "a-wrong-password-value" not in message


def test_forbidden_names_the_permission(harness, emulator):
    emulator.set_faults({"fault": "forbidden"})
    error = failure(harness)
    assert error.status == 403 and "workspace:imageServer:list" in str(error)
    assert harness.api_statuses() == [403]


def test_project_not_found_hints_at_project_region_and_endpoint(harness, emulator):
    emulator.set_faults({"fault": "project-not-found"})
    error = failure(harness)
    assert error.status == 404 and "Check project_id, region and endpoint" in str(error)
    assert harness.api_statuses() == [404]


def test_unknown_project_id_is_a_404_with_the_hint(harness):
    error = failure(harness, project_id="0123456789abcdef0123456789abcdef")
    assert error.status == 404 and "project_id" in str(error)


# ---- several regions ------------------------------------------------------------------------


def test_one_region_down_is_reported_per_region(harness, emulator, fleet_ids):
    emulator.set_faults({"down_regions": [REGIONS[1]]})
    settings_list = [harness.settings(region=region, retries=1) for region in REGIONS]
    results = list_image_servers_by_region(settings_list, warn=harness.warnings.append)
    (first, listed), (second, failed) = results
    assert first.region == REGIONS[0] and second.region == REGIONS[1]
    assert_complete(listed, fleet_ids)
    assert isinstance(failed, WorkspaceApiError) and failed.status == 503
    assert "request failed after 2 attempts" in str(failed) and "APIGW.0613" in str(failed)
    harness.assert_no_secret(str(failed))


# ---- TLS ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_emulator():
    with EmulatorProcess("--servers", 5, "--tls") as running:
        yield running


def tls_settings(emulator, **options):
    creds = emulator.credentials
    given = dict(
        region=REGIONS[0],
        endpoint=emulator.url,
        iam_endpoint=emulator.url,
        retries=1,
        timeout=5,
        access_key=creds["access_key"],
        secret_key=creds["secret_key"],
    )
    given.update(options)
    return ConnectionSettings.from_options(given)


def test_self_signed_certificate_is_refused_by_default(tls_emulator):
    with pytest.raises(WorkspaceApiError) as caught:
        WorkspaceClient(tls_settings(tls_emulator)).list_image_servers()
    message = str(caught.value)
    assert "TLS verification failed" in message and "ca_cert" in message and "validate_certs" in message
    assert "certificate verify failed: self-signed certificate" in message
    assert tls_emulator.credentials["secret_key"] not in message
    assert tls_emulator.requests() == []


@pytest.mark.parametrize("options", [{"validate_certs": False}, {"ca_cert": "CA"}])
def test_validate_certs_false_or_the_ca_bundle_connect(tls_emulator, options):
    options = dict((k, tls_emulator.ca_file if v == "CA" else v) for k, v in options.items())
    assert WorkspaceClient(tls_settings(tls_emulator, **options)).list_image_servers().count == 5


# ---- the server-group listing (server_group_details) ----------------------------------------
# The same matrix against GET /v1/{project_id}/app-server-groups: faults target that listing
# only (fault_target), over 250 server groups (three pages) and a one-page image-server fleet.

GROUPS = 250
GROUP_NAMES = ("Finance Desktops", "{{ lookup('pipe', 'id') }}", "tab\tand\nnewline\x1b[31m", "x" * 5000)


@pytest.fixture(scope="module")
def groups_emulator(tmp_path_factory):
    path = tmp_path_factory.mktemp("server-groups") / "groups.json"
    groups = [
        {
            "id": "sg-%04d" % number,
            "name": GROUP_NAMES[number % len(GROUP_NAMES)] if number < 8 else "group %d" % number,
            "tags": [{"key": "env", "value": "prod"}],
        }
        for number in range(GROUPS)
    ]
    path.write_text(json.dumps(groups))
    with EmulatorProcess("--servers", 20, "--server-groups", path, "--region", REGIONS[0], "--region", REGIONS[1]) as running:
        yield running


@pytest.fixture
def groups_harness(groups_emulator):
    groups_emulator.set_faults({})
    groups_emulator.clear_requests()
    yield Harness(groups_emulator)
    groups_emulator.set_faults({})


def groups_faults(emulator, **faults):
    emulator.set_faults(dict(faults, fault_target="app-server-groups"))


def with_groups(client):
    return client.list_image_servers(server_groups=True)


def group_ids(result):
    return [group["id"] for group in result.server_groups]


def group_statuses(harness):
    return [r["status"] for r in harness.emulator.requests() if r["path"].endswith("/app-server-groups")]


ALL_GROUPS = ["sg-%04d" % number for number in range(GROUPS)]


def test_groups_are_listed_with_every_page_and_hostile_names_verbatim(groups_harness):
    result = with_groups(groups_harness.client())
    assert group_ids(result) == ALL_GROUPS and len(result.items) == 20
    assert [group["name"] for group in result.server_groups[:4]] == list(GROUP_NAMES)
    assert sorted(r["query"]["offset"] for r in groups_harness.emulator.requests() if r["path"].endswith("/app-server-groups")) == ["0", "100", "200"]


def test_groups_are_not_listed_unless_asked(groups_harness):
    assert groups_harness.client().list_image_servers().server_groups is None
    assert group_statuses(groups_harness) == []


def test_groups_429_recovers(groups_harness):
    groups_faults(groups_harness.emulator, fail_first=2, fault_status=429, retry_after=3)
    assert group_ids(with_groups(groups_harness.client())) == ALL_GROUPS
    assert group_statuses(groups_harness)[:3] == [429, 429, 200]
    assert len([delay for delay in groups_harness.sleeps if delay > 2.5]) >= 2


def test_groups_server_errors_that_last_fail_naming_the_call(groups_harness):
    groups_faults(groups_harness.emulator, fault_rate=1.0, fault_status=503)
    message = str(failure(groups_harness, listing=with_groups, retries=1))
    assert "/app-server-groups" in message and "HTTP 503" in message and "request failed after 2 attempts" in message


@pytest.mark.parametrize(
    "mode,variant,problem",
    [
        ("missing-count", None, "'count' is missing"),
        ("missing-items", None, "'items' is missing or not a list"),
        ("wrong-types", "item-not-object", "'items' holds something that is not an object"),
        ("malformed-json", None, "malformed response"),
        ("html", None, "non-JSON response: 502 Bad Gateway"),
    ],
)
def test_groups_malformed_answers_are_errors(groups_harness, mode, variant, problem):
    groups_faults(groups_harness.emulator, fault=mode, fault_variant=variant)
    message = str(failure(groups_harness, listing=with_groups, retries=1))
    assert problem in message and "/app-server-groups" in message


@pytest.mark.parametrize("mode", ["duplicate-item", "long-page", "empty-page", "reset"])
def test_groups_paging_anomalies_give_every_group_once(groups_harness, mode):
    groups_faults(groups_harness.emulator, fault=mode, **({"fail_first": 1} if mode == "reset" else {}))
    assert group_ids(with_groups(groups_harness.client())) == ALL_GROUPS


@pytest.mark.parametrize("mode", ["count-grow", "count-shrink"])
def test_groups_drift_that_never_settles_warns_about_server_groups(groups_harness, mode):
    groups_faults(groups_harness.emulator, fault=mode)
    ids = group_ids(with_groups(groups_harness.client()))
    assert len(ids) == len(set(ids)) and ids
    assert len(groups_harness.warnings) == 1
    assert "The server groups changed while they were being listed" in groups_harness.warnings[0]


def test_groups_drift_that_settles_gives_the_final_list(groups_harness):
    groups_faults(groups_harness.emulator, fail_first=3, fault="count-grow")
    client = groups_harness.client()
    listed, settled = with_groups(client), with_groups(client)
    assert len(listed.server_groups) == GROUPS + 14 and group_ids(listed) == group_ids(settled)
    assert groups_harness.warnings == []


def test_groups_expired_token_is_renewed(groups_harness):
    groups_faults(groups_harness.emulator, fail_first=1, fault="token-expired")
    assert group_ids(with_groups(groups_harness.client("password"))) == ALL_GROUPS


def test_groups_forbidden_names_the_call_and_the_way_out(groups_harness):
    groups_faults(groups_harness.emulator, fault="forbidden")
    error = failure(groups_harness, listing=with_groups)
    message = str(error)
    assert isinstance(error, WorkspaceApiError) and error.status == 403 and "APIGW.0302" in message
    assert "ListServerGroups" in message and "/app-server-groups" in message
    assert "server_group_details: false" in message and "workspace:appServerGroup:list" in message
    # Without the option the same credentials list the image servers.
    assert len(groups_harness.client().list_image_servers().items) == 20


def test_groups_failing_fail_each_region_as_a_whole(groups_harness):
    groups_faults(groups_harness.emulator, fault="forbidden")
    settings_list = [groups_harness.settings(region=region) for region in REGIONS]
    results = list_image_servers_by_region(settings_list, warn=groups_harness.warnings.append, server_groups=True)
    assert [type(result) for dummy, result in results] == [WorkspaceApiError, WorkspaceApiError]
    groups_harness.assert_no_secret(*(str(result) for dummy, result in results))


def test_groups_of_two_regions_are_listed_concurrently_over_one_transport(groups_harness):
    settings_list = [groups_harness.settings(region=region) for region in REGIONS]
    results = list_image_servers_by_region(settings_list, server_groups=True)
    assert [group_ids(result) for dummy, result in results] == [ALL_GROUPS, ALL_GROUPS]
    projects = set(r["path"].split("/")[2] for r in groups_harness.emulator.requests() if r["path"].endswith("/app-server-groups"))
    assert len(projects) == 2
