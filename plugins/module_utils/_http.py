# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""HTTP transport: one keep-alive session, retries with back-off, and error mapping.

Every request of a run goes through one HttpTransport so that a throttling answer (429) slows
down all threads at once instead of only the one that received it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import random
import re
import threading
import time
import traceback

from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ._errors import WorkspaceApiError
from ._version import COLLECTION_VERSION

try:
    import requests
    from requests.adapters import HTTPAdapter
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

USER_AGENT = "huaweicloud.workspace-ansible/%s" % COLLECTION_VERSION
RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
BACKOFF_BASE = 0.5
BACKOFF_CAP = 20.0
RETRY_AFTER_CAP = 120.0

HINTS = {
    "APIGW.0301": "Check the credentials: access_key/secret_key (and security_token for temporary "
                  "credentials), auth_token, or user_name/password/domain_name; AK/SK signatures are "
                  "only valid within 15 minutes of the server's clock",
    "APIGW.0307": "The token has expired or must be refreshed; request a new auth_token",
    "APIGW.0302": "The IAM user needs the permission workspace:imageServer:list",
    "APIGW.0310": "The project is not available; check project_id and region",
    "APIGW.0101": "The API was not found; check endpoint and region",
}
STATUS_HINTS = {
    401: HINTS["APIGW.0301"],
    403: "The IAM user needs the permission workspace:imageServer:list for this project",
    404: "Check project_id, region and endpoint",
}


class ResponseBody(object):
    """A parsed HTTP answer: status, headers and decoded JSON (None when the body is not JSON)."""

    def __init__(self, status, headers, data, text):
        self.status = status
        self.headers = headers
        self.data = data
        self.text = text

    @property
    def request_id(self):
        data_id = self.data.get("request_id") if isinstance(self.data, dict) else None
        return self.headers.get("X-Request-Id") or self.headers.get("X-IAM-Trace-Id") or data_id


def _readable_text(text):
    """A short, single-line rendering of a non-JSON body (an HTML page from a proxy, say)."""
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    if title:
        text = title.group(1)
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:200] + ("..." if len(text) > 200 else "")


def error_fields(body):
    """(error_code, error_msg) from the API's, IAM's or a proxy's error body."""
    data = body.data
    if isinstance(data, dict):
        nested = data.get("error") if isinstance(data.get("error"), dict) else {}
        code = data.get("error_code") or nested.get("code")
        message = data.get("error_msg") or data.get("message") or nested.get("message")
        if code is not None or message is not None:
            return (str(code) if code is not None else None,
                    str(message) if message is not None else None)
    if body.text.strip():
        return None, "non-JSON response: %s" % _readable_text(body.text)
    return None, "empty response body"


def parse_retry_after(value):
    """Seconds to wait from a Retry-After header (delta-seconds; HTTP dates count as unknown)."""
    try:
        return min(max(float(value), 0.0), RETRY_AFTER_CAP)
    except (TypeError, ValueError):
        return None


def backoff_delay(attempt):
    """Exponential back-off with jitter: half fixed, half random, so retries spread out."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def _redacted_url(url):
    # Query strings here never hold credentials, but userinfo in a user-supplied URL might.
    parts = urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname + (":%s" % parts.port if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url


class HttpTransport(object):
    """Sends requests with retries; shared by every client of a run (one session, one throttle)."""

    def __init__(self, settings, pool_size=None, sleep=time.sleep, clock=time.monotonic):
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._throttle_lock = threading.Lock()
        self._throttled_until = 0.0
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=max(pool_size or settings.concurrency, 4),
                              max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        if not settings.validate_certs:
            # The user chose this; the client says so once as an Ansible warning instead of
            # urllib3 printing a raw Python warning for every request.
            requests.packages.urllib3.disable_warnings(requests.packages.urllib3.exceptions.InsecureRequestWarning)

    def close(self):
        self.session.close()

    def _wait_for_throttle(self):
        with self._throttle_lock:
            remaining = self._throttled_until - self._clock()
        if remaining > 0:
            self._sleep(remaining)

    def _throttle_everyone(self, seconds):
        with self._throttle_lock:
            self._throttled_until = max(self._throttled_until, self._clock() + seconds)

    def request(self, method, url, sign, body=None, expect=(200,), timeout=None, retries=None, plain_text=False):
        """Send one request, retrying what is worth retrying; return a ResponseBody.

        sign(method, url, body) returns the headers to send; it is called again for every
        attempt because signatures carry the time. Raises WorkspaceApiError. timeout and retries
        override the settings' (the ECS metadata service answers fast or not at all); with
        plain_text=True an expected status is returned whatever the body (a plain-text answer).
        """
        attempts = (self.settings.retries if retries is None else retries) + 1
        shown_url = _redacted_url(url)
        for attempt in range(attempts):
            self._wait_for_throttle()
            last_try = attempt == attempts - 1
            try:
                response = self.session.request(
                    method, url, headers=sign(method, url, body), data=body,
                    timeout=self.settings.timeout if timeout is None else timeout,
                    verify=self.settings.tls_verify, allow_redirects=False)
                text = response.content.decode("utf-8", "replace")
            except requests.exceptions.SSLError as exc:
                raise WorkspaceApiError(
                    "TLS verification failed (%s)" % _exception_reason(exc), method=method, url=shown_url,
                    hint="Use ca_cert to trust a private CA, or validate_certs=false only for a trusted test endpoint")
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
                if last_try:
                    raise WorkspaceApiError(
                        "request failed after %d attempt(s): %s" % (attempts, _transport_reason(exc)),
                        method=method, url=shown_url,
                        hint="Check endpoint, network access and timeout (%ss)" % self.settings.timeout)
                self._sleep(backoff_delay(attempt))
                continue
            body_info = ResponseBody(response.status_code, response.headers, _json_or_none(text), text)
            usable = plain_text or isinstance(body_info.data, dict)
            retryable = response.status_code in RETRYABLE_STATUSES or (response.status_code in expect and not usable)
            if response.status_code in expect and usable:
                return body_info
            if retryable and not last_try:
                delay = backoff_delay(attempt)
                if response.status_code == 429:
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    delay = max(delay, retry_after or 0.0)
                    self._throttle_everyone(delay)
                    continue
                self._sleep(delay)
                continue
            raise self._error(method, shown_url, body_info, attempts if retryable else attempt + 1, expect)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _error(method, url, body, attempts, expect):
        if body.status in expect:
            return WorkspaceApiError(
                "malformed response: the body is not a JSON object (%s)" % _readable_text(body.text or "empty"),
                status=body.status, request_id=body.request_id, method=method, url=url)
        code, message = error_fields(body)
        summary = "request failed"
        if attempts > 1:
            summary = "request failed after %d attempts" % attempts
        hint = HINTS.get(code) or STATUS_HINTS.get(body.status)
        return WorkspaceApiError(summary, status=body.status, error_code=code, error_msg=message,
                                 request_id=body.request_id, method=method, url=url, hint=hint)


def _json_or_none(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _transport_reason(exc):
    if isinstance(exc, requests.exceptions.Timeout):
        return "timed out"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "connection broken while reading the response"
    return "connection error (%s)" % _exception_reason(exc)


def _exception_reason(exc):
    """What actually failed, e.g. "certificate verify failed: self-signed certificate".

    requests wraps urllib3's MaxRetryError, whose text repeats the URL before the reason and is
    too long to show whole; the reason it carries is what the user needs.
    """
    wrapped = exc.args[0] if exc.args else None
    if isinstance(wrapped, BaseException):
        exc = getattr(wrapped, "reason", None) or wrapped
    # urllib3 starts with "HTTPSConnection(host=..., port=...): " or an object repr; the URL is shown already.
    return _readable_text(re.sub(r"^(<[^>]*>|\w*Connection\([^)]*\)): ", "", str(exc)))
