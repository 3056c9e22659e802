# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._http import HttpTransport, USER_AGENT
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.module_utils.fake_http import streamed

URL = "https://appstream.cn-north-4.myhuaweicloud.com/v1/p/image-servers?limit=100&offset=0"


class FakeResponse(object):
    def __init__(self, status, body=None, headers=None, text=None):
        self.status_code = status
        self.headers = CaseInsensitiveDict(headers or {})
        self.headers.setdefault("X-Request-Id", "req-%d" % status)
        streamed(self, (text if text is not None else json.dumps(body if body is not None else {})).encode())


class FakeSession(object):
    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def make_transport(answers, retries=3):
    settings = ConnectionSettings.from_options({"region": "cn-north-4", "auth_token": "t", "retries": retries, "timeout": 7})
    sleeps = []
    transport = HttpTransport(settings, sleep=sleeps.append, clock=lambda: 0.0)
    assert transport.session.headers["User-Agent"] == USER_AGENT
    transport.session = FakeSession(answers)
    return transport, sleeps


def no_headers(method, url, body):
    return {}


def test_success_returns_parsed_json_and_sends_tls_and_timeout_settings():
    transport, sleeps = make_transport([FakeResponse(200, {"count": 0, "items": []})])
    response = transport.request("GET", URL, no_headers)
    assert response.data == {"count": 0, "items": []}
    method, url, kwargs = transport.session.sent[0]
    assert kwargs["verify"] is True and kwargs["timeout"] == 7 and kwargs["allow_redirects"] is False
    assert sleeps == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_then_succeed(status):
    transport, sleeps = make_transport([FakeResponse(status), FakeResponse(status), FakeResponse(200, {})])
    assert transport.request("GET", URL, no_headers).status == 200
    assert len(sleeps) == 2 and sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0


def test_retry_after_is_honoured_for_429():
    transport, sleeps = make_transport([FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "throttled"}, {"Retry-After": "3"}), FakeResponse(200, {})])
    clock = [0.0]
    transport._clock = lambda: clock[0]
    assert transport.request("GET", URL, no_headers).status == 200
    assert sleeps == [3.0]


def test_429_slows_down_every_thread():
    transport, sleeps = make_transport([])
    limiter = transport.rate_limiters.for_url(URL)
    limiter.throttled(4.0, limiter.acquire())
    transport.session = FakeSession([FakeResponse(200, {})])
    transport.request("GET", URL, no_headers)
    assert sleeps == [4.0]


def test_429_and_good_answers_reach_the_limiter_of_the_endpoint():
    answers = [FakeResponse(200, {}) for dummy in range(3)] + [
        FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "throttled"}, {"Retry-After": "1"}),
        FakeResponse(200, {}),
    ]
    transport, sleeps = make_transport(answers)
    for dummy in range(4):
        transport.request("GET", URL, no_headers)
    limiter = transport.rate_limiters.for_url(URL)
    assert limiter.throttled_count == 1
    # Three good answers within a second, then a 429: paced at a share of 3 per second from now on.
    assert 0 < limiter.rate < 3
    other = transport.rate_limiters.for_url("https://appstream.cn-east-3.myhuaweicloud.com/v1/p/image-servers")
    assert other.rate is None and other.throttled_count == 0


def test_max_requests_per_second_paces_requests():
    settings = ConnectionSettings.from_options({"region": "cn-north-4", "auth_token": "t", "max_requests_per_second": 4})
    sleeps = []
    transport = HttpTransport(settings, sleep=sleeps.append, clock=lambda: 0.0)
    transport.session = FakeSession([FakeResponse(200, {}) for dummy in range(3)])
    for dummy in range(3):
        transport.request("GET", URL, no_headers)
    assert sleeps == [0.25, 0.5]  # the clock stands still here: each slot is a quarter second later


def test_gives_up_after_retries_with_status_code_message_and_request_id():
    body = {"error_code": "APIGW.0601", "error_msg": "internal error"}
    transport, sleeps = make_transport([FakeResponse(500, body) for dummy in range(3)], retries=2)
    with pytest.raises(WorkspaceApiError) as caught:
        transport.request("GET", URL, no_headers)
    error = caught.value
    assert (error.status, error.error_code, error.error_msg, error.request_id) == (500, "APIGW.0601", "internal error", "req-500")
    assert "after 3 attempts" in str(error) and "HTTP 500" in str(error) and "request_id=req-500" in str(error)
    assert error.method == "GET" and error.url == URL


@pytest.mark.parametrize(
    "status,code,hint",
    [
        (401, "APIGW.0301", "Check the credentials"),
        (403, "APIGW.0302", "workspace:imageServer:list"),
        (404, "WKS.0404", "Check project_id"),
        (400, "WKS.0001", None),
    ],
)
def test_client_errors_are_not_retried_and_explained(status, code, hint):
    transport, sleeps = make_transport([FakeResponse(status, {"error_code": code, "error_msg": "nope"})])
    with pytest.raises(WorkspaceApiError) as caught:
        transport.request("GET", URL, no_headers)
    assert sleeps == [] and caught.value.error_code == code and "after" not in str(caught.value)
    if hint:
        assert hint in str(caught.value)


def test_html_proxy_page_gives_a_readable_message():
    html = "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>"
    transport, dummy = make_transport([FakeResponse(502, text=html)], retries=0)
    with pytest.raises(WorkspaceApiError) as caught:
        transport.request("GET", URL, no_headers)
    assert "non-JSON response: 502 Bad Gateway" in str(caught.value)
    assert "<" not in str(caught.value)


def test_iam_error_shape_is_mapped():
    body = {"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}
    transport, dummy = make_transport([FakeResponse(401, body, {"X-IAM-Trace-Id": "trace-1"})])
    transport.session.answers[0].headers.pop("X-Request-Id")
    with pytest.raises(WorkspaceApiError) as caught:
        transport.request("POST", URL, no_headers)
    assert caught.value.error_msg == "The username or password is wrong." and caught.value.request_id == "trace-1"


def test_malformed_json_on_success_is_retried_then_reported():
    transport, sleeps = make_transport([FakeResponse(200, text='{"count": 3, "ite') for dummy in range(2)], retries=1)
    with pytest.raises(WorkspaceApiError, match="malformed response"):
        transport.request("GET", URL, no_headers)
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    "exc,reason",
    [
        (requests.exceptions.ConnectTimeout("slow"), "timed out"),
        (requests.exceptions.ReadTimeout("slow"), "timed out"),
        (requests.exceptions.ConnectionError("refused"), "connection error"),
        (requests.exceptions.ChunkedEncodingError("reset"), "connection broken"),
    ],
)
def test_transport_failures_are_retried_then_reported(exc, reason):
    transport, sleeps = make_transport([exc, exc], retries=1)
    with pytest.raises(WorkspaceApiError) as caught:
        transport.request("GET", URL, no_headers)
    assert reason in str(caught.value) and "after 2 attempt(s)" in str(caught.value)
    transport, sleeps = make_transport([exc, FakeResponse(200, {})], retries=1)
    assert transport.request("GET", URL, no_headers).status == 200


def test_tls_failure_is_not_retried_and_explains_options():
    transport, sleeps = make_transport([requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED")])
    with pytest.raises(WorkspaceApiError, match="TLS verification failed.*ca_cert.*validate_certs"):
        transport.request("GET", URL, no_headers)
    assert sleeps == []


def test_signing_callback_runs_for_every_attempt():
    calls = []

    def sign(method, url, body):
        calls.append(url)
        return {"X-Sdk-Date": str(len(calls))}

    transport, dummy = make_transport([FakeResponse(503), FakeResponse(200, {})])
    transport.request("GET", URL, sign)
    assert [kwargs["headers"]["X-Sdk-Date"] for m, u, kwargs in transport.session.sent] == ["1", "2"]


def test_credentials_in_url_userinfo_never_reach_the_message():
    transport, dummy = make_transport([FakeResponse(400, {"error_code": "X", "error_msg": "bad"})])
    with pytest.raises(WorkspaceApiError) as caught:
        transport.request("GET", "https://user:s3cret@example.com/v1", no_headers)
    assert "s3cret" not in str(caught.value)


# ---- issue 10 and 16: what the transport trusts, retries and shows ---------------------------


def refused():
    error = requests.exceptions.ConnectionError("Max retries exceeded")
    error.__cause__ = ConnectionRefusedError(111, "Connection refused")
    return error


def test_a_refused_connection_fails_fast_with_the_hint_that_applies():
    transport, sleeps = make_transport([refused() for dummy in range(6)], retries=5)
    with pytest.raises(WorkspaceApiError) as caught:
        transport.request("GET", URL, no_headers)
    message = str(caught.value)
    assert "after 3 attempt(s): connection refused" in message
    assert "Nothing accepts connections at appstream.cn-north-4.myhuaweicloud.com: check endpoint" in message
    assert "timeout" not in message and "request_id" not in message
    assert sum(sleeps) < 0.5 and len(sleeps) == 2


def test_retry_after_as_an_http_date():
    from ansible_collections.huaweicloud.workspace.plugins.module_utils._http import parse_retry_after

    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=lambda: now) == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now=lambda: now) == 0.0
    assert parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now=lambda: now) == 120.0
    assert parse_retry_after("7", now=lambda: now) == 7.0
    for unusable in ("nan", "soon", "", None, "Mon, 99 Foo 2015 99:99:99 GMT"):
        assert parse_retry_after(unusable) is None


@pytest.mark.parametrize(
    "answers,sent",
    [
        ([FakeResponse(500, {"error_code": "IAM.0001"})], 1),
        ([FakeResponse(201, text="<html>oops</html>")], 1),
        ([FakeResponse(200, text="")], 1),
        ([FakeResponse(400, {"error_msg": "bad"})], 1),
        ([FakeResponse(503), FakeResponse(429), FakeResponse(201, {"token": {}})], 3),
        ([requests.exceptions.ConnectionError("reset"), FakeResponse(201, {"token": {}})], 2),
    ],
)
def test_a_request_that_must_not_run_twice_is_resent_only_when_not_processed(answers, sent):
    transport, dummy = make_transport(answers, retries=3)
    try:
        transport.request("POST", URL, no_headers, body="{}", expect=(201, 200), resend_after_answer=False)
    except WorkspaceApiError:
        pass
    assert len(transport.session.sent) == sent


def test_an_invalid_header_is_a_clear_error_not_a_traceback():
    transport, sleeps = make_transport([requests.exceptions.InvalidHeader("Invalid leading whitespace")])
    with pytest.raises(WorkspaceApiError, match="could not be sent"):
        transport.request("GET", URL, no_headers)
    assert sleeps == []


def test_a_body_too_large_is_not_retried():
    transport, sleeps = make_transport([FakeResponse(200, text="x" * (2 * 1024 * 1024))], retries=3)
    transport._max_size = 1024 * 1024
    with pytest.raises(WorkspaceApiError, match="larger than 1 MiB") as caught:
        transport.request("GET", URL, no_headers)
    assert len(transport.session.sent) == 1 and caught.value.method == "GET"


def test_nothing_ambient_netrc_cookies_or_redirects():
    settings = ConnectionSettings.from_options({"region": "cn-north-4", "auth_token": "t"})
    session = HttpTransport(settings).session
    assert session.trust_env is False  # no ~/.netrc, no environment merged behind our back
    # What requests asks the jar's policy before storing a Set-Cookie and before sending a cookie.
    from requests.cookies import MockRequest, create_cookie

    request = MockRequest(requests.Request("GET", URL).prepare())
    cookie = create_cookie("tracker", "1", domain="appstream.cn-north-4.myhuaweicloud.com")
    assert not session.cookies._policy.set_ok(cookie, request)
    assert session.headers["Accept-Encoding"] == "gzip, deflate"
    transport, dummy = make_transport([FakeResponse(200, {})])
    transport.request("GET", URL, no_headers)
    assert transport.session.sent[0][2]["allow_redirects"] is False and transport.session.sent[0][2]["stream"] is True


def test_proxies_come_from_the_option_or_the_environment(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    monkeypatch.setenv("NO_PROXY", "iam.cn-north-4.myhuaweicloud.com")
    transport, dummy = make_transport([FakeResponse(200, {}), FakeResponse(200, {})])
    transport.request("GET", URL, no_headers)
    transport.request("GET", "https://iam.cn-north-4.myhuaweicloud.com/v3/projects", no_headers)
    assert transport.session.sent[0][2]["proxies"].get("https") == "http://127.0.0.1:3128"
    assert not transport.session.sent[1][2]["proxies"]
    settings = ConnectionSettings.from_options({"region": "cn-north-4", "auth_token": "t", "proxy": "http://127.0.0.1:8888"})
    transport = HttpTransport(settings)
    assert transport._proxies_for(URL) == {"http": "http://127.0.0.1:8888", "https": "http://127.0.0.1:8888"}


def test_insecure_endpoints_are_named_in_warnings():
    from ansible_collections.huaweicloud.workspace.plugins.module_utils._http import insecure_endpoint_warnings

    settings = ConnectionSettings.from_options({"region": "cn-north-4", "validate_certs": False, "endpoint": "http://10.0.0.1:8080"})
    warnings = insecure_endpoint_warnings(settings, uses_iam=True)
    assert any("endpoint http://10.0.0.1:8080 is plain http://" in warning for warning in warnings)
    assert any("validate_certs is false" in warning and "iam_endpoint https://iam.cn-north-4.myhuaweicloud.com" in warning for warning in warnings)
    local = ConnectionSettings.from_options({"region": "cn-north-4", "endpoint": "http://127.0.0.1:1", "iam_endpoint": "http://[::1]:2"})
    assert insecure_endpoint_warnings(local, uses_iam=True) == []
    settings = ConnectionSettings.from_options({"region": "cn-north-4", "validate_certs": False})
    assert "iam_endpoint" not in " ".join(insecure_endpoint_warnings(settings, uses_iam=False))


def test_unverified_tls_warnings_are_silenced_only_for_our_hosts():
    import warnings
    from urllib3.exceptions import InsecureRequestWarning

    settings = ConnectionSettings.from_options({"region": "cn-north-4", "validate_certs": False, "endpoint": "https://ours.example:8443"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        HttpTransport(settings)
        warnings.warn("Unverified HTTPS request is being made to host 'ours.example'. Adding ...", InsecureRequestWarning)
        warnings.warn("Unverified HTTPS request is being made to host 'theirs.example'. Adding ...", InsecureRequestWarning)
    assert len(caught) == 1 and "'theirs.example'" in str(caught[0].message)
