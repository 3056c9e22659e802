# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ECS metadata service: the server's agency credentials, as on 169.254.169.254.

`PUT /meta-data/latest/api/token` (header `X-Metadata-Token-Ttl-Seconds`, 1..21600) answers a
session token as plain text; `GET /openstack/latest/securitykey` with `X-Metadata-Token` answers
`{"credential": {"access", "secret", "securitytoken", "expires_at"}}`, temporary credentials of
the emulator's own account. With `--metadata-no-agency` it answers 401 "Please configure Cloud
Service Agency first"; with `--metadata-no-token-api` the PUT is 404 and no session token is needed.
"""

import datetime
import secrets
import threading

from .agencies import DEFAULT_METADATA_LIFETIME, credential_body
from .responses import Response, error, json_response

MAX_TTL = 21600


class SessionTokens(object):
    def __init__(self):
        self._tokens = {}
        self._lock = threading.Lock()

    def issue(self, ttl):
        token = "emu-md-" + secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=ttl)
        return token

    def valid(self, token):
        with self._lock:
            expires = self._tokens.get(token)
        return expires is not None and expires > datetime.datetime.now(datetime.timezone.utc)


def create_session_token(state, request):
    if not state.access.metadata_token_api:
        raise error(404, "Metadata.404", "Not found.")
    ttl = request.headers.get("x-metadata-token-ttl-seconds", "")
    if not ttl.isdigit() or not 1 <= int(ttl) <= MAX_TTL:
        raise error(400, "Metadata.400", "X-Metadata-Token-Ttl-Seconds must be an integer from 1 to %d." % MAX_TTL)
    return Response(200, state.metadata_tokens.issue(int(ttl)).encode("ascii"), content_type="text/plain")


def security_key(state, request):
    if state.access.metadata_token_api and not state.metadata_tokens.valid(request.headers.get("x-metadata-token")):
        raise error(401, "Metadata.401", "The X-Metadata-Token header is missing, invalid or expired.")
    if not state.access.metadata_agency:
        raise error(401, "Metadata.401", "Please configure Cloud Service Agency first.")
    access_key, key = state.auth.issue_temporary(None, state.access.lifetime(DEFAULT_METADATA_LIFETIME))
    return json_response(200, {"credential": credential_body(access_key, key)})
