# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who is calling: issued and static tokens, AK/SK signatures, the security token.

Error messages name what was wrong, never the presented secret.
"""

import datetime
import secrets
import threading

from .responses import auth_error, error
from .signature import SignatureError, verify

TOKEN_LIFETIME = datetime.timedelta(hours=24)
TEMPORARY_SECRET_PREFIX = "emuTemporarySecretKey"
TEMPORARY_TOKEN_PREFIX = "emu-temporary-security-token-"


def auth_kind(headers):
    """How the request tried to authenticate, for the request log."""
    if headers.get("x-auth-token"):
        return "token"
    if headers.get("authorization"):
        return "aksk"
    return "none"


class Credentials(object):
    """The one account the emulator knows."""

    def __init__(self, access_key, secret_key, static_token, security_token, user, password, domain):
        self.access_key = access_key
        self.secret_key = secret_key
        self.static_token = static_token
        self.security_token = security_token
        self.user = user
        self.password = password
        self.domain = domain


class Identity(object):
    """A successfully authenticated caller. `project_id` is the token scope (None: any); `account`
    the domain acted in (None: the emulator's own account; else the account of an agency)."""

    def __init__(self, kind, token=None, project_id=None, account=None):
        self.kind = kind
        self.token = token
        self.project_id = project_id
        self.account = account


class TemporaryKey(object):
    """Temporary AK/SK issued by the ECS metadata service or for an agency."""

    def __init__(self, secret_key, security_token, expires_at, account):
        self.secret_key = secret_key
        self.security_token = security_token
        self.expires_at = expires_at
        self.account = account


class Authenticator(object):
    def __init__(self, credentials):
        self.credentials = credentials
        self._tokens = {}
        self._expired = set()
        self._temporary = {}
        self._lock = threading.Lock()

    def issue_temporary(self, account, lifetime_seconds):
        """New temporary AK/SK + security token acting in `account` (None: the own account)."""
        access_key = "TMP" + secrets.token_hex(10).upper()
        # Recognisable prefixes, so that tests can search their output for any issued secret.
        key = TemporaryKey(
            TEMPORARY_SECRET_PREFIX + secrets.token_hex(16),
            TEMPORARY_TOKEN_PREFIX + secrets.token_urlsafe(60),
            datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=lifetime_seconds),
            account,
        )
        with self._lock:
            self._temporary[access_key] = key
        return access_key, key

    def issue_token(self, project_id):
        token = "MIIemu" + secrets.token_urlsafe(48)
        expires_at = datetime.datetime.now(datetime.timezone.utc) + TOKEN_LIFETIME
        with self._lock:
            self._tokens[token] = (project_id, expires_at)
        return token, expires_at

    def expire_token(self, token):
        """The token-expired fault: the token stops working after this (successful) use."""
        with self._lock:
            self._expired.add(token)

    def forget_expiries(self):
        with self._lock:
            self._expired.clear()

    def _secret_for(self, access_key):
        if access_key == self.credentials.access_key:
            return self.credentials.secret_key
        with self._lock:
            temporary = self._temporary.get(access_key)
        return temporary.secret_key if temporary else None

    def authenticate(self, request):
        """Return an Identity or raise HttpError (401)."""
        headers = request.headers
        token = headers.get("x-auth-token")
        if token:
            return self._check_token(token)
        if headers.get("authorization"):
            return self._check_signature(request)
        raise auth_error("no X-Auth-Token header and no AK/SK Authorization header")

    def _check_token(self, token):
        with self._lock:
            expired = token in self._expired
            issued = self._tokens.get(token)
        if expired:
            raise error(401, "APIGW.0307", "The token must be updated.")
        if token == self.credentials.static_token:
            return Identity("token", token)
        if issued is None:
            raise auth_error("the token is not valid")
        project_id, expires_at = issued
        if expires_at <= datetime.datetime.now(datetime.timezone.utc):
            raise error(401, "APIGW.0307", "The token must be updated.")
        return Identity("token", token, project_id)

    def _check_signature(self, request):
        try:
            access_key, signed_headers = verify(request.method, request.raw_path, request.raw_query, request.headers, request.body, self._secret_for)
        except SignatureError as err:
            raise auth_error(str(err))
        security_token = request.headers.get("x-security-token")
        with self._lock:
            temporary = self._temporary.get(access_key)
        if temporary is not None:
            return self._check_temporary(temporary, security_token, signed_headers)
        if security_token is not None:
            if "x-security-token" not in signed_headers:
                raise auth_error("the X-Security-Token header must be signed")
            if not secrets.compare_digest(security_token.encode("utf-8"), self.credentials.security_token.encode("utf-8")):
                raise auth_error("the security token is not valid")
        return Identity("aksk")

    @staticmethod
    def _check_temporary(temporary, security_token, signed_headers):
        """Temporary AK/SK are only valid with their own, signed, unexpired security token."""
        if security_token is None:
            raise auth_error("temporary access keys must be sent with their X-Security-Token")
        if "x-security-token" not in signed_headers:
            raise auth_error("the X-Security-Token header must be signed")
        if not secrets.compare_digest(security_token.encode("utf-8"), temporary.security_token.encode("utf-8")):
            raise auth_error("the security token does not belong to this temporary access key")
        if temporary.expires_at <= datetime.datetime.now(datetime.timezone.utc):
            raise error(401, "APIGW.0307", "The security token has expired; request new temporary credentials.")
        return Identity("aksk", account=temporary.account)
