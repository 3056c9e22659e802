# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property tests: whatever a server answers, the client returns valid data or a WorkspaceError.

Random statuses, headers and bodies (JSON of any shape, text, HTML, invalid UTF-8) go through the
real transport and the client's page validation and pager. Anything but a WorkspaceApiError or
WorkspaceConfigError would be a traceback in a playbook; every message must be a string that holds
none of the credentials, even when the server echoes them back.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import WorkspaceClient
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError, WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._http import HttpTransport
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.module_utils.fake_http import streamed

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st  # noqa: E402

SECRETS = {
    "secret_key": "propSecretKey0000000000000000000000000001",
    "security_token": "prop-security-token-0001",
    "auth_token": "prop-auth-token-0001",
    "password": "prop-password-0001",
}
# A server that keeps answering pages forever is cut off: the pager must end with an error then.
MAX_ANSWERS = 40
HANDLED = (WorkspaceApiError, WorkspaceConfigError)

json_scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars, lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=12
)
secret_values = st.sampled_from(sorted(SECRETS.values()))
echoing_text = st.builds(lambda a, secret, b: a + secret + b, st.text(max_size=10), secret_values, st.text(max_size=10))
item_ids = st.none() | st.integers(0, 5) | st.sampled_from(["a", "b", "c"]) | st.lists(st.integers(0, 2), max_size=2)
items = st.dictionaries(st.sampled_from(["id", "name", "status"]), item_ids | json_values, max_size=3)
counts = st.integers(-3, 2**62) | st.integers(0, 400) | json_values
page_bodies = st.fixed_dictionaries(
    {},
    optional={
        "count": counts,
        "items": st.lists(items | json_values, max_size=8) | json_values,
        "request_id": st.text(max_size=10) | echoing_text,
    },
)
error_bodies = st.fixed_dictionaries(
    {},
    optional={
        "error_code": json_values | echoing_text,
        "error_msg": json_values | echoing_text,
        "message": json_values | echoing_text,
        "error": st.fixed_dictionaries({}, optional={"code": json_values, "message": json_values | echoing_text}) | json_values,
    },
)
text_bodies = (
    st.text(max_size=60)
    | echoing_text
    | st.builds("<html><head><title>{}</title></head><body>{}</body></html>".format, st.text(max_size=20) | echoing_text, st.text(max_size=20))
)


@st.composite
def answers(draw):
    status = draw(st.sampled_from([200, 200, 200, 201, 204, 400, 401, 403, 404, 429, 500, 502, 503]) | st.integers(100, 599))
    kind = draw(st.sampled_from(["page", "error", "json", "text", "bytes"]))
    if kind == "page":
        body = json.dumps(draw(page_bodies)).encode()
    elif kind == "error":
        body = json.dumps(draw(error_bodies)).encode()
    elif kind == "json":
        body = json.dumps(draw(json_values)).encode()
    elif kind == "text":
        body = draw(text_bodies).encode("utf-8")
    else:
        body = draw(st.binary(max_size=40))
    headers = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "X-Request-Id": st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=12) | secret_values,
                "Retry-After": st.sampled_from(
                    [
                        "0",
                        "-1",
                        "1e400",
                        "nan",
                        "inf",
                        "soon",
                        "Wed, 21 Oct 2015 07:28:00 GMT",
                        "Fri, 31 Dec 9999 23:59:59 GMT",
                        "Mon, 99 Foo 2015 99:99:99 GMT",
                    ]
                ),
                # IAM's token header: usable, empty, or something that must never be sent back as a header.
                "X-Subject-Token": st.sampled_from(["issued-token-0001", "", " lead", "a\nb", "tok\x00en", "x" * 20000]) | st.text(max_size=12),
                "Content-Encoding": st.sampled_from(["gzip", "deflate", "br", "identity", "x-gzip", "gzip, gzip"]),
                "Location": st.text(max_size=30),
                "Content-Length": st.sampled_from(["0", "99999999999", "-1", "abc"]),
            },
        )
    )
    return status, headers, body


class FakeResponse(object):
    def __init__(self, status, headers, body):
        self.status_code = status
        self.headers = CaseInsensitiveDict(headers)
        streamed(self, body)


class ScriptedSession(object):
    """Plays the drawn answers (the last one again when they run out), then stops answering."""

    def __init__(self, script):
        self.script = script
        self.sent = 0

    def request(self, method, url, **kwargs):
        self.sent += 1
        if self.sent > MAX_ANSWERS:
            raise requests.exceptions.ConnectionError("the test server stopped answering")
        status, headers, body = self.script[min(self.sent, len(self.script)) - 1]
        return FakeResponse(status, headers, body)

    def close(self):
        pass


ISSUED_TOKEN = "issued-token-0001"
# Per auth mode, the credentials the client knows and must therefore never show.
KNOWN_SECRETS = {
    "aksk": ("secret_key", "security_token"),
    "token": ("auth_token",),
    "password": ("password",),
}


def make_client(script, auth, discover_project=False):
    options = {"region": "cn-north-4", "project_id": None if discover_project else "p" * 32, "retries": 1, "timeout": 1, "concurrency": 2}
    if auth == "aksk":
        options.update(access_key="PROPACCESSKEY", secret_key=SECRETS["secret_key"], security_token=SECRETS["security_token"])
    elif auth == "token":
        options.update(auth_token=SECRETS["auth_token"])
    else:
        options.update(user_name="prop-user", password=SECRETS["password"], domain_name="prop-domain")
    settings = ConnectionSettings.from_options(options)
    transport = HttpTransport(settings, sleep=lambda seconds: None)
    transport.session = ScriptedSession(script)
    return WorkspaceClient(settings, warn=WARNINGS.append, transport=transport)


WARNINGS = []


def check_outcome(call, auth, issued_token=None):
    del WARNINGS[:]
    try:
        result = call()
    except HANDLED as error:
        message = str(error)
        assert isinstance(message, str) and message
        assert len(message) < 2000, "messages stay readable"
        texts = [message] + [str(value) for value in getattr(error, "as_dict", dict)().values()]
    else:
        assert isinstance(result.count, int) and not isinstance(result.count, bool) and result.count >= 0
        assert isinstance(result.items, list) and all(isinstance(item, dict) for item in result.items)
        texts = []
    secrets = [SECRETS[name] for name in KNOWN_SECRETS[auth]] + ([issued_token] if issued_token else [])
    for text in texts + WARNINGS:
        for secret in secrets:
            assert secret not in text, "a secret leaked into %r" % (text,)


PROPERTY_SETTINGS = hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(script=st.lists(answers(), min_size=1, max_size=4), auth=st.sampled_from(["aksk", "token", "password"]))
def test_one_page_gives_a_page_or_a_handled_error(script, auth):
    check_outcome(lambda: make_client(script, auth).get_image_servers_page(offset=0, limit=10), auth)


@PROPERTY_SETTINGS
@given(script=st.lists(answers(), min_size=1, max_size=6), auth=st.sampled_from(["aksk", "token", "password"]))
def test_whole_listing_gives_items_or_a_handled_error(script, auth):
    check_outcome(lambda: make_client(script, auth).list_image_servers(), auth)


iam_project_bodies = st.fixed_dictionaries(
    {},
    optional={
        "projects": st.lists(
            st.fixed_dictionaries({}, optional={"id": st.text(max_size=40) | json_values, "name": st.just("cn-north-4") | json_values}) | json_values,
            max_size=3,
        )
        | json_values,
    },
)
iam_token_bodies = st.fixed_dictionaries(
    {},
    optional={
        "token": st.fixed_dictionaries(
            {},
            optional={
                "project": st.fixed_dictionaries({}, optional={"id": st.text(max_size=40) | json_values}) | json_values,
            },
        )
        | json_values,
    },
)


@st.composite
def iam_answers(draw):
    """An answer for IAM (token or project discovery): any status, IAM-shaped or arbitrary bodies."""
    status, headers, body = draw(answers())
    if draw(st.booleans()):
        body = json.dumps(draw(iam_project_bodies | iam_token_bodies)).encode()
    return status, headers, body


@PROPERTY_SETTINGS
@given(
    iam=st.lists(iam_answers(), min_size=1, max_size=3), pages=st.lists(answers(), min_size=1, max_size=3), auth=st.sampled_from(["aksk", "token", "password"])
)
def test_any_iam_answer_gives_items_or_a_handled_error(iam, pages, auth):
    """IAM token and project discovery (no project_id) over arbitrary answers, then the listing."""
    check_outcome(
        lambda: make_client(iam + pages, auth, discover_project=True).list_image_servers(),
        auth,
        issued_token="issued-token-0001" if auth == "password" else None,
    )


@PROPERTY_SETTINGS
@given(body=page_bodies)
def test_any_200_page_body_is_validated(body):
    script = [(200, {"X-Request-Id": "r"}, json.dumps(body).encode())]
    check_outcome(lambda: make_client(script, "aksk").get_image_servers_page(offset=0, limit=10), "aksk")
    check_outcome(lambda: make_client(script, "aksk").list_image_servers(), "aksk")


@pytest.mark.parametrize("auth", ["aksk", "token", "password"])
@pytest.mark.parametrize("field", ["error_msg", "message", "request_id"])
def test_a_server_echoing_a_credential_never_puts_it_in_the_message(auth, field):
    echoed = "bad request: %s" % " ".join(sorted(SECRETS.values()) + [ISSUED_TOKEN])
    iam_ok = (201, {"X-Subject-Token": ISSUED_TOKEN}, json.dumps({"token": {"project": {"id": "p"}}}).encode())
    error = (400, {"X-Request-Id": echoed}, json.dumps({"error_code": "WKS.0001", field: echoed}).encode())
    script = [iam_ok, error] if auth == "password" else [error]
    check_outcome(lambda: make_client(script, auth).list_image_servers(), auth, issued_token=ISSUED_TOKEN if auth == "password" else None)


def page_answer(count, items, status=200):
    return (status, {"X-Request-Id": "r"}, json.dumps({"count": count, "items": items}).encode())


@pytest.mark.parametrize(
    "count,error", [(10**6, "incomplete page"), (10**7 + 1, "far beyond any real fleet"), (2**63, "far beyond any real fleet"), (10**40, "far beyond")]
)
def test_an_absurd_count_ends_in_an_error_after_a_few_requests(count, error):
    full = [{"id": str(number)} for number in range(100)]
    client = make_client([page_answer(count, full), page_answer(count, [])], "aksk")
    with pytest.raises(WorkspaceApiError, match=error):
        client.list_image_servers()
    # The pages beyond the first are requested a window at a time, not all queued up front.
    assert client.transport.session.sent < 20


def test_a_huge_value_in_place_of_count_is_shown_briefly():
    client = make_client([page_answer("x" * 100000, [])], "aksk")
    with pytest.raises(WorkspaceApiError, match="'count' is missing") as caught:
        client.list_image_servers()
    assert len(str(caught.value)) < 500


def test_items_with_unhashable_or_missing_ids_are_kept_not_a_crash():
    listed = [{"id": ["a"]}, {"id": {"b": 1}}, {"name": "no id"}, {"id": "c"}, {"id": "c"}]
    result = make_client([page_answer(4, listed)], "aksk").list_image_servers()
    assert result.items == listed[:4] and result.count == 4


def test_masking_skips_values_too_short_to_hide_anything():
    from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import redact

    assert redact("attempt with token abcd", ["t", "abcd", None, ""]) == "attempt with token ********"
    assert redact(None, ["abcd"]) is None
