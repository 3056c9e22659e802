# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which handler answers a request, and the 404/405 answers of the gateway."""

from urllib.parse import unquote

from .admin import ADMIN_PREFIX, handle_admin
from .agencies import create_security_token
from .iam import create_token, list_projects
from .image_servers import api_latency, list_image_servers
from .metadata import create_session_token, security_key
from .responses import error
from .server_groups import list_server_groups

# The project's offset/limit listings by path segment: handler(state, request, project_id).
LISTINGS = {
    "image-servers": list_image_servers,
    "app-server-groups": list_server_groups,
}

# (kind for the log, method, handler) by route name
ROUTES = {
    "tokens": ("iam", "POST", create_token),
    "projects": ("iam", "GET", list_projects),
    "securitytokens": ("iam", "POST", create_security_token),
    "metadata-token": ("metadata", "PUT", create_session_token),
    "securitykey": ("metadata", "GET", security_key),
}
PATHS = {
    "/v3/auth/tokens": "tokens",
    "/v3/projects": "projects",
    "/v3.0/OS-CREDENTIAL/securitytokens": "securitytokens",
    "/meta-data/latest/api/token": "metadata-token",
    "/openstack/latest/securitykey": "securitykey",
}


def _match(path):
    """(route name, project id or None) for a decoded path, or (None, None)."""
    if path in PATHS:
        return PATHS[path], None
    parts = path.split("/")
    if len(parts) == 4 and parts[0] == "" and parts[1] == "v1" and parts[2] and parts[3] in LISTINGS:
        return parts[3], parts[2]
    return None, None


def route(state, request):
    """Return (kind, response-or-raise). kind is "admin", "api", "iam", "metadata" or "unknown"."""
    path = unquote(request.raw_path)
    if path.startswith(ADMIN_PREFIX):
        return "admin", lambda: handle_admin(state, request, path)
    name, project_id = _match(path)
    if name is None:
        return "unknown", lambda: _raise(error(404, "APIGW.0101", "The API does not exist or has not been published in the environment."))
    if name in LISTINGS:
        kind, method = "api", "GET"

        def handler():
            return LISTINGS[name](state, request, project_id)
    else:
        kind, method, iam_handler = ROUTES[name]

        def handler():
            return iam_handler(state, request)

    if request.method != method:
        return kind, lambda: _raise(error(405, "APIGW.0105", "Method %s is not allowed on %s; use %s." % (request.method, path, method)))

    def delayed():
        api_latency(state)
        return handler()

    return kind, delayed


def _raise(err):
    raise err
