# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`GET /v1/{project_id}/image-servers`: authentication, validation, paging and faults.

Order of checks, as on the gateway then the service: authentication (401), the rate limit
(429), project scope (403), project exists (404), region down (503), injected faults, query
validation (400).
The other offset/limit listing (server groups) is served by the same code with its own Listing.
"""

import json
import time
from urllib.parse import parse_qsl

from .faults import DRIFT_STEP
from .fleet import extra_item
from .responses import Response, error, error_response

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
KNOWN_PARAMETERS = ("offset", "limit", "server_name", "server_id", "enterprise_project_id")

HTML_PROXY_ERROR = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


def project_not_found(project_id):
    return error(404, "WKS.0404", "The project %s does not exist or has no Workspace App service." % project_id)


def throttled(retry_after, limit=200):
    """The gateway's 429 answer (its real error body), with Retry-After in whole seconds."""
    return error_response(
        429,
        "APIGW.0308",
        "The throttling threshold has been reached: policy user over ratelimit, limit:%g, time:1 second" % limit,
        headers=[("Retry-After", str(retry_after))],
    )


def status_fault(status, retry_after):
    """The error answer of a faulty request without a fault mode."""
    if status == 429:
        return throttled(retry_after)
    if status == 500:
        return error_response(500, "APIGW.0601", "Internal server error.")
    if status == 503:
        return error_response(503, "APIGW.0613", "The service is temporarily unavailable. Please try again later.")
    if status in (502, 504):
        reason = "Bad Gateway" if status == 502 else "Gateway Timeout"
        return Response(status, ("%d %s\n" % (status, reason)).encode("ascii"), content_type="text/plain")
    return error_response(status, "WKS.9999", "Injected fault with HTTP status %d." % status)


def _integer(name, raw, low, high=None):
    if not raw.isdigit() or not raw.isascii():
        raise _bad_parameter(name, raw, low, high)
    value = int(raw)
    if value < low or (high is not None and value > high):
        raise _bad_parameter(name, raw, low, high)
    return value


def _bad_parameter(name, raw, low, high):
    allowed = "an integer from %d to %d" % (low, high) if high is not None else "an integer >= %d" % low
    return error(400, "WKS.0001", "Invalid parameter %s=%r: must be %s." % (name, raw, allowed))


def parse_paging(raw_query, known):
    """Validated (offset, limit, {parameter: value}). Values are form-decoded, as the service does."""
    values = {}
    for key, value in parse_qsl(raw_query, keep_blank_values=True):
        if key in values and key in known:
            raise error(400, "WKS.0001", "Invalid parameter %s: given more than once." % key)
        values[key] = value
    offset = _integer("offset", values["offset"], 0) if "offset" in values else 0
    limit = _integer("limit", values["limit"], 1, MAX_LIMIT) if "limit" in values else DEFAULT_LIMIT
    return offset, limit, values


def parse_query(raw_query):
    """Validated (offset, limit, filters) of an image-servers request."""
    offset, limit, values = parse_paging(raw_query, KNOWN_PARAMETERS)
    filters = (
        values.get("server_name") or None,
        values.get("server_id") or None,
        values.get("enterprise_project_id"),
    )
    return offset, limit, filters


def _check_scope(request, identity, project_id):
    header_project = request.headers.get("x-project-id")
    if header_project is not None and header_project != project_id:
        raise error(403, "APIGW.0302", "The X-Project-Id header does not match the project in the URL.")
    if identity.project_id is not None and identity.project_id != project_id:
        raise error(403, "APIGW.0302", "The token is scoped to another project than the one in the URL.")


class Listing(object):
    """What differs between the offset/limit listings of a project."""

    def __init__(self, resource, parse, collection, make_extra, permission):
        self.resource = resource
        self.parse = parse
        self.collection = collection
        self.make_extra = make_extra
        self.permission = permission


IMAGE_SERVERS = Listing("image-servers", parse_query, lambda project: project.fleet, extra_item, "workspace:imageServer:list")


def _drift(state, project, mode, listing):
    if not state.faults.drift_due("%s:%s" % (listing.resource, project.project_id)):
        return
    collection = listing.collection(project)
    if mode == "count-grow":
        collection.grow(DRIFT_STEP, lambda number: listing.make_extra(project.project_id, number))
    else:
        collection.shrink(DRIFT_STEP)


def _page_items(state, mode, items, offset, limit):
    if mode == "duplicate-item" and offset > 0:
        return items[offset - 1 : offset - 1 + limit]
    if mode == "empty-page" and 0 < offset < len(items) and state.faults.take_empty_page():
        return []
    if mode == "long-page":
        return items[offset : offset + limit + 5]
    return items[offset : offset + limit]


def _body(state, mode, count, page):
    if mode == "missing-items":
        return {"count": count}
    if mode == "missing-count":
        return {"items": page}
    if mode == "wrong-types":
        variant = state.faults.wrong_types_variant()
        if variant == "count-string":
            return {"count": "abc", "items": page}
        if variant == "items-dict":
            return {"count": count, "items": {str(i): item for i, item in enumerate(page)}}
        broken = list(page)
        broken[len(broken) // 2 : len(broken) // 2 + 1] = ["not-an-object"]
        return {"count": count, "items": broken}
    return {"count": count, "items": page}


def list_image_servers(state, request, project_id):
    return serve_listing(state, request, project_id, IMAGE_SERVERS)


def serve_listing(state, request, project_id, listing):
    identity = state.auth.authenticate(request)
    throttle = state.faults.throttle
    retry_after = throttle.check(project_id)
    if retry_after is not None:
        request.fault = "rate-limit"
        return throttled(retry_after, throttle.rate)
    _check_scope(request, identity, project_id)
    project = state.projects_by_id.get(project_id)
    if project is None:
        raise project_not_found(project_id)
    if project.account != identity.account:
        raise error(403, "APIGW.0302", "The project %s belongs to another account than the caller's." % project_id)
    if state.faults.is_down(project.region):
        request.fault = "down-region"
        raise error(503, "APIGW.0613", "The service is unavailable in region %s. Please try again later." % project.region)
    selected, mode = state.faults.select(listing.resource, project.region)
    if selected:
        request.fault = mode or "status-%d" % state.faults.config["fault_status"]
        early = _early_fault(state, mode, project_id, listing)
        if early is not None:
            return early
    offset, limit, filters = listing.parse(request.raw_query)
    if mode in ("count-grow", "count-shrink"):
        _drift(state, project, mode, listing)
    items = listing.collection(project).view(*filters)
    page = _page_items(state, mode, items, offset, limit)
    payload = json.dumps(_body(state, mode, len(items), page), ensure_ascii=False).encode("utf-8")
    if mode == "token-expired" and identity.kind == "token":
        state.auth.expire_token(identity.token)
    if mode == "malformed-json":
        return Response(200, payload[: max(1, len(payload) // 2)])
    return Response(200, payload, action="reset" if mode == "reset" else None)


def _early_fault(state, mode, project_id, listing):
    """Faults answered before looking at the query; None when the mode shapes the page instead."""
    config = state.faults.config
    if mode is None:
        return status_fault(config["fault_status"], config["retry_after"])
    if mode == "hang":
        return Response(200, action="hang")
    if mode == "html":
        return Response(502, HTML_PROXY_ERROR, content_type="text/html")
    if mode == "forbidden":
        return error_response(403, "APIGW.0302", "Policy doesn't allow %s to be performed." % listing.permission)
    if mode == "project-not-found":
        return project_not_found(project_id).response
    return None


def api_latency(state):
    seconds = state.faults.latency_seconds()
    if seconds > 0:
        time.sleep(seconds)
