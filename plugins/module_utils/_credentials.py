# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""How requests are authenticated: the Auth classes, choosing one, and project discovery.

Credentials given as options (or their environment variables) win, in the order auth_token,
then AK/SK, then user/password: the most explicit credential wins, the same order the Terraform
provider documents. Without any, the credential chain of _credential_sources.py looks further
(credentials file, ECS metadata). With agency_name, the credentials found are only used to
obtain temporary credentials of the agency, which then authenticate everything else.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading
import time

from urllib.parse import quote, urlsplit

from ._errors import WorkspaceApiError, WorkspaceConfigError, WorkspaceError
from ._signer import canonical_query, sign_request

OPTION_CREDENTIALS = (
    "options and environment variables: none set. Authenticate in one of three ways: "
    "(1) auth_token (env HW_AUTH_TOKEN); "
    "(2) access_key and secret_key (env HUAWEICLOUD_SDK_AK or HW_ACCESS_KEY, and HUAWEICLOUD_SDK_SK "
    "or HW_SECRET_KEY), plus security_token for temporary credentials (env HUAWEICLOUD_SDK_SECURITY_TOKEN "
    "or HW_SECURITY_TOKEN); "
    "(3) user_name, password and domain_name (env HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME)"
)
JSON_HEADERS = {"Content-Type": "application/json"}
# Temporary credentials are renewed this long before they expire (at most a quarter of their life).
RENEW_MARGIN = 300.0


def _split_url(url):
    parts = urlsplit(url)
    return parts.netloc, parts.path or "/", parts.query


class Auth(object):
    """Base of every authentication method.

    headers() gives the headers of one request; renew(error) is asked after a failed request and
    says whether sending it again with renewed credentials may help; secrets() lists the values
    to mask in messages; known_project_id() is a project the credentials themselves name.
    uses_iam says whether the credentials are obtained from IAM (for the plain-http warning).
    """

    source = "options"
    uses_iam = False

    def headers(self, method, url, body, project_id=None):
        raise NotImplementedError

    def renew(self, error):
        return False

    def secrets(self):
        return []

    def known_project_id(self):
        return None


class TokenAuth(Auth):
    """A static IAM token; it cannot be renewed, so an expired one is a clear error."""

    def __init__(self, token):
        self._token = token

    def headers(self, method, url, body, project_id=None):
        headers = dict(JSON_HEADERS, **{"X-Auth-Token": self._token})
        if project_id:
            headers["X-Project-Id"] = project_id
        return headers

    def secrets(self):
        return [self._token]


def signed_headers(method, url, body, project_id, access_key, secret_key, security_token=None):
    """SDK-HMAC-SHA256 headers of one request; temporary credentials sign their security token."""
    host, path, query = _split_url(url)
    headers = dict(JSON_HEADERS)
    if project_id:
        headers["X-Project-Id"] = project_id
    if security_token:
        headers["X-Security-Token"] = security_token
    return sign_request(method, host, path, query, headers, body or "", access_key, secret_key)


class AkSkAuth(Auth):
    """Permanent or temporary AK/SK credentials; every request is signed (SDK-HMAC-SHA256)."""

    def __init__(self, access_key, secret_key, security_token=None, source="options", project_id=None):
        self._access_key = access_key
        self._secret_key = secret_key
        self._security_token = security_token
        self.source = source
        self._project_id = project_id

    def headers(self, method, url, body, project_id=None):
        return signed_headers(method, url, body, project_id, self._access_key, self._secret_key, self._security_token)

    def secrets(self):
        return [self._secret_key, self._security_token]

    def known_project_id(self):
        return self._project_id


class PasswordAuth(Auth):
    """IAM user/password: a project-scoped token is requested once and shared by every thread."""

    uses_iam = True

    def __init__(self, settings, transport):
        self._settings = settings
        self._transport = transport
        self._lock = threading.Lock()
        self._token = None
        self.token_project_id = None
        # Every token IAM issued in this run: secrets to mask, like the configured credentials.
        self.issued_tokens = []

    def _request_token(self):
        settings = self._settings
        body = json.dumps(
            {
                "auth": {
                    "identity": {
                        "methods": ["password"],
                        "password": {"user": {"name": settings.user_name, "password": settings.password, "domain": {"name": settings.domain_name}}},
                    },
                    "scope": {"project": {"name": settings.region}},
                }
            }
        )
        url = settings.iam_endpoint + "/v3/auth/tokens"
        # The body carries the password: once IAM answered, it is not sent again (only after 429/503).
        response = self._transport.request(
            "POST", url, lambda method, signed_url, payload: dict(JSON_HEADERS), body=body, expect=(201, 200), resend_after_answer=False
        )
        token = response.headers.get("X-Subject-Token")
        if token:
            self.issued_tokens.append(token)
        if not is_header_safe(token):
            raise WorkspaceApiError(
                "IAM answered without a usable X-Subject-Token header", status=response.status, request_id=response.request_id, method="POST", url=url
            )
        token_info = response.data.get("token")
        project = token_info.get("project") if isinstance(token_info, dict) else None
        project_id = project.get("id") if isinstance(project, dict) else None
        self.token_project_id = project_id if is_header_safe(project_id) else None
        return token

    def current_token(self):
        with self._lock:
            if self._token is None:
                self._token = self._request_token()
            return self._token

    def headers(self, method, url, body, project_id=None):
        headers = dict(JSON_HEADERS, **{"X-Auth-Token": self.current_token()})
        if project_id:
            headers["X-Project-Id"] = project_id
        return headers

    def renew(self, error):
        """Forget the token so the next request fetches a new one (after APIGW.0307)."""
        if error.error_code != "APIGW.0307":
            return False
        with self._lock:
            self._token = None
        return True

    def secrets(self):
        return [self._settings.password] + list(self.issued_tokens)

    def known_project_id(self):
        self.current_token()
        return self.token_project_id


class TemporaryCredentials(object):
    """AK, SK and security token that expire at `expires_at` (seconds since the epoch)."""

    def __init__(self, access_key, secret_key, security_token, expires_at):
        self.access_key = access_key
        self.secret_key = secret_key
        self.security_token = security_token
        self.expires_at = expires_at


class TemporaryAuth(Auth):
    """Temporary credentials from a provider (ECS metadata, an agency), renewed as they expire.

    They are renewed RENEW_MARGIN before they expire (at most a quarter of their lifetime before)
    and once more after a 401 answer. One renewal at a time: the paging threads wait for it, and
    a thread whose request failed with credentials that another thread has renewed meanwhile
    does not renew them again.
    """

    def __init__(self, fetch, source, first=None, clock=time.time):
        self._fetch = fetch
        self.source = source
        self._clock = clock
        # Which credentials each paging thread last signed with, and every secret ever issued (to redact).
        self._used = threading.local()
        self._issued = []
        # The lock guards the current credentials, when to renew them and how many were installed.
        self._lock = threading.Lock()
        self._current = None
        self._renew_at = None
        self._generation = 0
        if first is not None:
            self._install(first)

    def _install(self, credentials):
        self._issued.extend([credentials.secret_key, credentials.security_token])
        now = self._clock()
        if credentials.expires_at <= now:
            raise WorkspaceError(
                "%s answered with credentials that have already expired (expires_at %s UTC): check the clock "
                "of this machine" % (self.source, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(credentials.expires_at)))
            )
        margin = min(RENEW_MARGIN, max(credentials.expires_at - now, 0) / 4.0)
        self._renew_at = credentials.expires_at - margin
        self._current = credentials
        self._generation += 1

    def current(self):
        with self._lock:
            if self._current is None or self._clock() >= self._renew_at:
                self._install(self._fetch())
            self._used.generation = self._generation
            return self._current

    def headers(self, method, url, body, project_id=None):
        credentials = self.current()
        return signed_headers(method, url, body, project_id, credentials.access_key, credentials.secret_key, credentials.security_token)

    def renew(self, error):
        if error.status != 401:
            return False
        with self._lock:
            if getattr(self._used, "generation", None) == self._generation:
                self._install(self._fetch())
        return True

    def secrets(self):
        return list(self._issued)


def request_with_renewal(transport, auth, method, url, project_id=None, body=None, expect=(200,)):
    """transport.request authenticated by auth, sent once more when auth.renew() says it may help."""

    def sign(method, signed_url, payload):
        return auth.headers(method, signed_url, payload, project_id)

    try:
        return transport.request(method, url, sign, body=body, expect=expect)
    except WorkspaceApiError as error:
        if auth.renew(error):
            return transport.request(method, url, sign, body=body, expect=expect)
        raise


def is_header_safe(value, limit=16384):
    """A token, key or id from an answer or a file that can be sent in a header: printable ASCII, no spaces."""
    return isinstance(value, str) and 0 < len(value) <= limit and value.isascii() and value.isprintable() and " " not in value


def _given(settings, *names):
    return [name for name in names if getattr(settings, name)]


def option_auth(settings, transport):
    """The auth of the credential options, None when none is set, or WorkspaceConfigError."""
    if settings.auth_token:
        return TokenAuth(settings.auth_token)
    aksk = _given(settings, "access_key", "secret_key")
    if aksk:
        if len(aksk) == 1:
            missing = "secret_key" if aksk == ["access_key"] else "access_key"
            env = {"secret_key": "HUAWEICLOUD_SDK_SK or HW_SECRET_KEY", "access_key": "HUAWEICLOUD_SDK_AK or HW_ACCESS_KEY"}[missing]
            raise WorkspaceConfigError(
                "%s is set but %s is not: AK/SK signing needs both (set %s or env %s)" % (aksk[0], missing, missing, env), option=missing
            )
        return AkSkAuth(settings.access_key, settings.secret_key, settings.security_token)
    if settings.security_token:
        raise WorkspaceConfigError("security_token is only used with temporary AK/SK credentials: set access_key and secret_key too", option="security_token")
    password = _given(settings, "user_name", "password", "domain_name")
    if password:
        missing = [name for name in ("user_name", "password", "domain_name") if name not in password]
        if missing:
            raise WorkspaceConfigError(
                "password authentication needs user_name, password and domain_name; missing: %s "
                "(env HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME)" % ", ".join(missing),
                option=missing[0],
            )
        return PasswordAuth(settings, transport)
    return None


def authenticate(settings, transport):
    """(settings, auth): the credential options, else the first source of the chain that has
    credentials, and through agency_name if set. The settings returned may hold the project id
    and IAM endpoint of a credentials file. Raises WorkspaceError naming what is wrong."""
    # Imported here: _credential_sources builds on the classes above.
    from ._credential_sources import agency_auth, chain_auth

    auth = option_auth(settings, transport)
    if auth is None:
        settings, auth = chain_auth(settings, transport)
    if settings.agency_name:
        auth = agency_auth(settings, transport, auth)
    return settings, auth


def select_auth(settings, transport):
    """The auth object for settings (see authenticate), or WorkspaceError naming what is missing."""
    return authenticate(settings, transport)[1]


def ignored_credentials(settings):
    """Warnings for credentials that are set but lose to a method of higher precedence."""
    methods = [
        ("auth_token", _given(settings, "auth_token")),
        ("access_key/secret_key", _given(settings, "access_key", "secret_key")),
        ("user_name/password/domain_name", _given(settings, "user_name", "password")),
    ]
    present = [label for label, names in methods if names]
    if len(present) < 2:
        return []
    return [
        "Several credentials are set; %s is used and %s ignored (precedence: auth_token, then "
        "access_key/secret_key, then user_name/password)" % (present[0], " and ".join(present[1:]))
    ]


def discover_project_id(settings, transport, auth):
    """The project id for settings.region: given, named by the credentials, or looked up in IAM."""
    if settings.project_id:
        return settings.project_id
    known = auth.known_project_id()
    if known:
        return known
    url = "%s/v3/projects?%s" % (settings.iam_endpoint, canonical_query({"name": settings.region}))
    response = request_with_renewal(transport, auth, "GET", url)
    projects = response.data.get("projects")
    matches = [p for p in projects if isinstance(p, dict) and is_header_safe(p.get("id"))] if isinstance(projects, list) else []
    if len(matches) != 1:
        found = "no project" if not matches else "%d projects (%s)" % (len(matches), ", ".join(p["id"][:64] for p in matches[:10]))
        where = " in the account of agency %s (%s)" % settings.agency if settings.agency else ""
        raise WorkspaceConfigError(
            "project_id is not set and IAM has %s named %r%s: set project_id (or env "
            "HUAWEICLOUD_SDK_PROJECT_ID / HW_PROJECT_ID) to the project that holds the image servers" % (found, settings.region, where),
            option="project_id",
        )
    return matches[0]["id"]


def project_path(project_id, resource="image-servers"):
    return "/v1/%s/%s" % (quote(project_id, safe=""), resource)
