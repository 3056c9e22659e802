# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Admin endpoints under `/_emulator/` for tests: no authentication, not logged."""

import json

from .faults import parse_faults
from .responses import error, json_response

ADMIN_PREFIX = "/_emulator/"


def handle_admin(state, request, path):
    resource = path[len(ADMIN_PREFIX) :].strip("/")
    method = request.method
    if resource == "requests" and method == "GET":
        return json_response(200, state.request_log.entries())
    if resource == "requests" and method == "DELETE":
        return json_response(200, {"cleared": state.request_log.clear()})
    if resource == "faults" and method == "GET":
        return json_response(200, state.faults.snapshot())
    if resource == "faults" and method == "PUT":
        try:
            config = parse_faults(json.loads(request.body.decode("utf-8") or "{}"))
        except ValueError as err:
            raise error(400, "EMU.0001", "Invalid fault configuration: %s" % err)
        state.replace_faults(config)
        return json_response(200, state.faults.snapshot())
    if resource == "info" and method == "GET":
        return json_response(200, state.info())
    if resource in ("requests", "faults", "info"):
        raise error(405, "EMU.0405", "Method %s is not allowed on %s." % (method, path))
    raise error(404, "EMU.0404", "Unknown admin resource %s (known: requests, faults, info)." % path)
