# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""IAM: `POST /v3/auth/tokens` (password, project-scoped) and `GET /v3/projects?name=`."""

import datetime
import json
import secrets
from urllib.parse import parse_qsl

from .responses import HttpError, json_response

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def iam_error(status, error_code, message):
    """IAM's own `error` object plus the top-level `error_code`/`error_msg` clients map."""
    titles = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden"}
    return HttpError(
        json_response(
            status,
            {
                "error": {"code": status, "message": message, "title": titles.get(status, "Error")},
                "error_code": error_code,
                "error_msg": message,
            },
        )
    )


def _dig(data, *keys):
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _scope_project(state, scope):
    name = _dig(scope, "project", "name")
    project_id = _dig(scope, "project", "id")
    if not name and not project_id:
        raise iam_error(400, "IAM.0011", "Request body is invalid: auth.scope.project.name (a region) is required.")
    for project in state.projects:
        if project.region == name or project.project_id == project_id:
            return project
    raise iam_error(400, "IAM.0012", "The project in auth.scope.project does not exist (known regions: %s)." % ", ".join(p.region for p in state.projects))


def create_token(state, request):
    try:
        body = json.loads(request.body.decode("utf-8"))
    except ValueError:
        raise iam_error(400, "IAM.0011", "Request body is invalid: not JSON.")
    identity = _dig(body, "auth", "identity")
    methods = _dig(identity, "methods")
    user = _dig(identity, "password", "user")
    if not isinstance(methods, list) or "password" not in methods or not isinstance(user, dict):
        raise iam_error(
            400, "IAM.0011", "Request body is invalid: auth.identity.methods must contain \"password\" and auth.identity.password.user must be an object."
        )
    creds = state.credentials
    domain = user.get("domain") if isinstance(user.get("domain"), dict) else {}
    domain_ok = domain.get("name") == creds.domain or domain.get("id") == state.domain_id
    password = user.get("password") if isinstance(user.get("password"), str) else ""
    password_ok = secrets.compare_digest(password.encode("utf-8"), creds.password.encode("utf-8"))
    if user.get("name") != creds.user or not password_ok or not domain_ok:
        raise iam_error(401, "IAM.0006", "The username or password is wrong.")
    project = _scope_project(state, _dig(body, "auth", "scope"))
    token, expires_at = state.auth.issue_token(project.project_id)
    now = datetime.datetime.now(datetime.timezone.utc)
    domain_ref = {"id": state.domain_id, "name": creds.domain}
    response = json_response(
        201,
        {
            "token": {
                "expires_at": expires_at.strftime(TIME_FORMAT),
                "issued_at": now.strftime(TIME_FORMAT),
                "methods": ["password"],
                "project": {"id": project.project_id, "name": project.region, "domain": domain_ref},
                "user": {"id": state.user_id, "name": creds.user, "domain": domain_ref, "password_expires_at": ""},
                "roles": [{"id": "0", "name": "op_fine_grained"}],
                "catalog": [],
            }
        },
        headers=[("X-Subject-Token", token)],
    )
    return response


def list_projects(state, request):
    identity = state.auth.authenticate(request)
    query = dict(parse_qsl(request.raw_query, keep_blank_values=True))
    projects = state.iam_projects(query.get("name"), identity.account)
    return json_response(200, {"projects": projects, "links": {"self": "/v3/projects", "previous": None, "next": None}})
