# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Request/response value objects and the error bodies the emulator sends."""

import json


class Request(object):
    """One received request; `headers` maps lower-case names to values."""

    def __init__(self, method, raw_path, raw_query, headers, body, request_id):
        self.method = method
        self.raw_path = raw_path
        self.raw_query = raw_query
        self.headers = headers
        self.body = body
        self.request_id = request_id
        self.auth_kind = "none"
        self.fault = None


class Response(object):
    """What to send. `action` is None, "reset" (cut the body short) or "hang" (never answer)."""

    def __init__(self, status, body=b"", content_type="application/json;charset=UTF-8", headers=None, action=None):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = list(headers or [])
        self.action = action


class HttpError(Exception):
    """Raised anywhere while handling a request to answer with `response`."""

    def __init__(self, response):
        Exception.__init__(self, response.status)
        self.response = response


def json_response(status, data, headers=None):
    return Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), headers=headers)


def error_response(status, error_code, error_msg, headers=None):
    return json_response(status, {"error_code": error_code, "error_msg": error_msg}, headers)


def error(status, error_code, error_msg, headers=None):
    """An HttpError carrying the standard `{error_code, error_msg}` body."""
    return HttpError(error_response(status, error_code, error_msg, headers))


def auth_error(reason):
    return error(401, "APIGW.0301", "Incorrect IAM authentication information: %s" % reason)
