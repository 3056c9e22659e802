# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Choosing the authentication method, IAM user tokens and project discovery.

Precedence is auth_token, then AK/SK, then user/password: the most explicit credential wins,
the same order the Terraform provider documents.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import threading

from ansible.module_utils.six.moves.urllib.parse import quote, urlsplit

from ._errors import WorkspaceApiError, WorkspaceConfigError
from ._signer import canonical_query, sign_request

NO_CREDENTIALS = (
    "No credentials were given. Authenticate in one of three ways: "
    "(1) auth_token (env HW_AUTH_TOKEN); "
    "(2) access_key and secret_key (env HUAWEICLOUD_SDK_AK or HW_ACCESS_KEY, and HUAWEICLOUD_SDK_SK "
    "or HW_SECRET_KEY), plus security_token for temporary credentials (env HUAWEICLOUD_SDK_SECURITY_TOKEN "
    "or HW_SECURITY_TOKEN); "
    "(3) user_name, password and domain_name (env HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME)."
)
JSON_HEADERS = {"Content-Type": "application/json"}


def _split_url(url):
    parts = urlsplit(url)
    return parts.netloc, parts.path or "/", parts.query


class TokenAuth(object):
    """A static IAM token; it cannot be renewed, so an expired one is a clear error."""

    kind = "token"

    def __init__(self, token):
        self._token = token

    def headers(self, method, url, body, project_id=None):
        headers = dict(JSON_HEADERS, **{"X-Auth-Token": self._token})
        if project_id:
            headers["X-Project-Id"] = project_id
        return headers

    def renew(self):
        return False


class AkSkAuth(object):
    """Permanent or temporary AK/SK credentials; every request is signed (SDK-HMAC-SHA256)."""

    kind = "aksk"

    def __init__(self, access_key, secret_key, security_token=None):
        self._access_key = access_key
        self._secret_key = secret_key
        self._security_token = security_token

    def headers(self, method, url, body, project_id=None):
        host, path, query = _split_url(url)
        headers = dict(JSON_HEADERS)
        if project_id:
            headers["X-Project-Id"] = project_id
        if self._security_token:
            headers["X-Security-Token"] = self._security_token
        return sign_request(method, host, path, query, headers, body or "",
                            self._access_key, self._secret_key)

    def renew(self):
        return False


class PasswordAuth(object):
    """IAM user/password: a project-scoped token is requested once and shared by every thread."""

    kind = "password"

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
        body = json.dumps({"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": settings.user_name, "password": settings.password,
                "domain": {"name": settings.domain_name}}}},
            "scope": {"project": {"name": settings.region}},
        }})
        url = settings.iam_endpoint + "/v3/auth/tokens"
        # The body carries the password: once IAM answered, it is not sent again (only after 429/503).
        response = self._transport.request(
            "POST", url, lambda method, signed_url, payload: dict(JSON_HEADERS), body=body, expect=(201, 200),
            resend_after_answer=False)
        token = response.headers.get("X-Subject-Token")
        if token:
            self.issued_tokens.append(token)
        if not _is_header_safe(token):
            raise WorkspaceApiError(
                "IAM answered without a usable X-Subject-Token header", status=response.status,
                request_id=response.request_id, method="POST", url=url)
        token_info = response.data.get("token")
        project = token_info.get("project") if isinstance(token_info, dict) else None
        project_id = project.get("id") if isinstance(project, dict) else None
        self.token_project_id = project_id if _is_header_safe(project_id) else None
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

    def renew(self):
        """Forget the token so the next request fetches a new one (after APIGW.0307)."""
        with self._lock:
            self._token = None
        return True


def _is_header_safe(value):
    """A token or id from IAM that can be sent back in a header: printable ASCII, no spaces."""
    return isinstance(value, str) and 0 < len(value) <= 16384 and value.isascii() and value.isprintable() \
        and " " not in value


def _given(settings, *names):
    return [name for name in names if getattr(settings, name)]


def select_auth(settings, transport):
    """The auth object for settings, or WorkspaceConfigError naming what is missing."""
    if settings.auth_token:
        return TokenAuth(settings.auth_token)
    aksk = _given(settings, "access_key", "secret_key")
    if aksk:
        if len(aksk) == 1:
            missing = "secret_key" if aksk == ["access_key"] else "access_key"
            env = {"secret_key": "HUAWEICLOUD_SDK_SK or HW_SECRET_KEY",
                   "access_key": "HUAWEICLOUD_SDK_AK or HW_ACCESS_KEY"}[missing]
            raise WorkspaceConfigError(
                "%s is set but %s is not: AK/SK signing needs both (set %s or env %s)"
                % (aksk[0], missing, missing, env), option=missing)
        return AkSkAuth(settings.access_key, settings.secret_key, settings.security_token)
    if settings.security_token:
        raise WorkspaceConfigError(
            "security_token is only used with temporary AK/SK credentials: set access_key and secret_key too",
            option="security_token")
    password = _given(settings, "user_name", "password", "domain_name")
    if password:
        missing = [name for name in ("user_name", "password", "domain_name") if name not in password]
        if missing:
            raise WorkspaceConfigError(
                "password authentication needs user_name, password and domain_name; missing: %s "
                "(env HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME)" % ", ".join(missing), option=missing[0])
        return PasswordAuth(settings, transport)
    raise WorkspaceConfigError(NO_CREDENTIALS, option="auth_token")


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
    return ["Several credentials are set; %s is used and %s ignored (precedence: auth_token, then "
            "access_key/secret_key, then user_name/password)" % (present[0], " and ".join(present[1:]))]


def discover_project_id(settings, transport, auth):
    """The project id for settings.region: given, from the password token, or looked up in IAM."""
    if settings.project_id:
        return settings.project_id
    if isinstance(auth, PasswordAuth):
        auth.current_token()
        if auth.token_project_id:
            return auth.token_project_id
    url = "%s/v3/projects?%s" % (settings.iam_endpoint, canonical_query({"name": settings.region}))
    response = transport.request("GET", url, auth.headers)
    projects = response.data.get("projects")
    matches = [p for p in projects if isinstance(p, dict) and _is_header_safe(p.get("id"))] \
        if isinstance(projects, list) else []
    if len(matches) != 1:
        found = "no project" if not matches else "%d projects (%s)" % (
            len(matches), ", ".join(p["id"][:64] for p in matches[:10]))
        raise WorkspaceConfigError(
            "project_id is not set and IAM has %s named %r: set project_id (or env "
            "HUAWEICLOUD_SDK_PROJECT_ID / HW_PROJECT_ID) to the project that holds the image servers"
            % (found, settings.region), option="project_id")
    return matches[0]["id"]


def project_path(project_id, resource="image-servers"):
    return "/v1/%s/%s" % (quote(project_id, safe=""), resource)
