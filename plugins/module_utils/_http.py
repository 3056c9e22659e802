# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""HTTP transport: one keep-alive session, retries with back-off, and error mapping.

Every request of a run goes through one HttpTransport so that a throttling answer (429) slows
down all threads at once instead of only the one that received it. The session trusts nothing
ambient: no ~/.netrc, no cookies, no redirects; proxies come from the proxy option or from the
usual environment variables, chosen per request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import math
import random
import re
import socket
import time
import traceback
import warnings
from collections import namedtuple
from email.utils import parsedate_to_datetime
from http.client import HTTPException
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlsplit

from ._errors import WorkspaceApiError
from ._rate_limit import RateLimiters
from ._response import DEADLINE_FACTOR, MEBIBYTE, UnreadableResponse, parse_json, read_body, readable_text
from ._version import COLLECTION_VERSION

try:
    import requests
    from requests.adapters import HTTPAdapter
    from requests.utils import get_environ_proxies
    from urllib3.exceptions import HTTPError as Urllib3Error, InsecureRequestWarning, ReadTimeoutError

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
    # Failures of the transport, not of the answer: worth another attempt.
    TRANSPORT_FAILURES = (
        requests.exceptions.ConnectionError,
        requests.exceptions.Timeout,
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
        Urllib3Error,
        HTTPException,
        ConnectionError,
        TimeoutError,
        socket.timeout,
    )
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    TRANSPORT_FAILURES = ()

USER_AGENT = "huaweicloud.workspace-ansible/%s" % COLLECTION_VERSION
RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
# Answers that say the request was not processed: the only ones after which a request that must
# not run twice (the IAM token request, which carries the password) is sent again.
NOT_PROCESSED_STATUSES = frozenset((429, 503))
BACKOFF_BASE = 0.5
BACKOFF_CAP = 20.0
RETRY_AFTER_CAP = 120.0
# Nothing listens at a refused address: a couple of quick retries cover a service restarting.
REFUSED_RETRIES = 2
REFUSED_DELAY = 0.1
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


class ResponseBody(namedtuple("ResponseBody", "status headers data text")):
    """A parsed HTTP answer: status, headers and decoded JSON (None when the body is not JSON)."""

    __slots__ = ()

    @property
    def request_id(self):
        data_id = self.data.get("request_id") if isinstance(self.data, dict) else None
        return self.headers.get("X-Request-Id") or self.headers.get("X-IAM-Trace-Id") or data_id


def error_fields(body):
    """(error_code, error_msg) from the API's, IAM's or a proxy's error body."""
    data = body.data
    if isinstance(data, dict):
        nested = data.get("error") if isinstance(data.get("error"), dict) else {}
        code = data.get("error_code") or nested.get("code")
        message = data.get("error_msg") or data.get("message") or nested.get("message")
        if code is not None or message is not None:
            return (str(code) if code is not None else None, str(message) if message is not None else None)
    if body.text.strip():
        return None, "non-JSON response: %s" % readable_text(body.text)
    return None, "empty response body"


def parse_retry_after(value, now=time.time):
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if unusable."""
    if not isinstance(value, str):
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def backoff_delay(attempt):
    """Exponential back-off with jitter: half fixed, half random, so retries spread out."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (2**attempt))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def _redacted_url(url):
    # Endpoint options may not hold userinfo (see _endpoints.py); this is defence in depth.
    parts = urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname + (":%s" % parts.port if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url


def is_loopback(url):
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def insecure_endpoint_warnings(settings, uses_iam):
    """Warnings for plain http:// endpoints off loopback and for validate_certs: false.

    uses_iam: whether this run talks to the IAM endpoint (user/password, project discovery).
    """
    endpoints = [("endpoint", settings.endpoint)]
    if uses_iam:
        endpoints.append(("iam_endpoint", settings.iam_endpoint))
    messages = [
        "%s %s is plain http://: credentials, tokens and answers cross the network unencrypted; use https://" % (option, url)
        for option, url in endpoints
        if url.startswith("http://") and not is_loopback(url)
    ]
    unverified = ["%s %s" % (option, url) for option, url in endpoints if url.startswith("https://")]
    if not settings.validate_certs and unverified:
        messages.append(
            "validate_certs is false: the TLS certificate of %s is not verified, so anyone on the path can impersonate it" % " and ".join(unverified)
        )
    return messages


def _quiet_unverified_warnings(urls):
    """urllib3 warns on every unverified request; the client warns once instead (see above).

    Only for our own endpoints' hosts: other code in the process keeps its warnings.
    """
    for url in urls:
        host = urlsplit(url).hostname
        if host:
            warnings.filterwarnings("ignore", category=InsecureRequestWarning, message="Unverified HTTPS request is being made to host '%s'" % re.escape(host))


class HttpTransport(object):
    """Sends requests with retries; shared by every client of a run (one session, one throttle)."""

    def __init__(self, settings, pool_size=None, sleep=time.sleep, clock=time.monotonic):
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        # Requests are paced per endpoint host (AIMD, honouring Retry-After): see _rate_limit.py.
        self.rate_limiters = RateLimiters(getattr(settings, "max_requests_per_second", None), clock, sleep)
        self._max_size = int(getattr(settings, "max_response_size", 16) * MEBIBYTE)
        self._proxies = {}
        self.session = requests.Session()
        # No ~/.netrc, no REQUESTS_CA_BUNDLE surprises: proxies are chosen in _proxies_for.
        self.session.trust_env = False
        # The API is stateless; a cookie set by one host (IAM, a proxy) must never reach another.
        self.session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=max(pool_size or settings.concurrency, 4), max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        # Only what read_body can decompress within its bound.
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        if not settings.validate_certs:
            _quiet_unverified_warnings((settings.endpoint, settings.iam_endpoint))

    def close(self):
        self.session.close()

    def _proxies_for(self, url):
        """The proxy option, else HTTPS_PROXY/HTTP_PROXY/ALL_PROXY honouring NO_PROXY; per host."""
        proxy = getattr(self.settings, "proxy", None)
        if proxy:
            return {"http": proxy, "https": proxy}
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        if key not in self._proxies:
            self._proxies[key] = get_environ_proxies(url)
        return self._proxies[key]

    def _option_for(self, url):
        if url.startswith(self.settings.endpoint):
            return "endpoint"
        return "iam_endpoint" if url.startswith(self.settings.iam_endpoint) else "endpoint"

    def _send(self, method, url, sign, body, timeout=None, direct=False):
        """One attempt: (response, text, JSON data or None), or an exception: a transport failure,
        or UnreadableResponse with the answer's status and headers as .answer (a ResponseBody)."""
        started = self._clock()
        timeout = self.settings.timeout if timeout is None else timeout
        response = self.session.request(
            method,
            url,
            headers=sign(method, url, body),
            data=body,
            timeout=timeout,
            verify=self.settings.tls_verify,
            allow_redirects=False,
            stream=True,
            proxies={} if direct else self._proxies_for(url),
        )
        try:
            longest = max(timeout) if isinstance(timeout, tuple) else timeout
            content = read_body(response, self._max_size, started + DEADLINE_FACTOR * longest, self._clock)
        except BaseException as exc:
            response.close()  # drops the connection: the rest of that body is never read
            if isinstance(exc, UnreadableResponse):
                exc.answer = ResponseBody(response.status_code, response.headers, None, "")
            raise
        response.raw.release_conn()
        text = content.decode("utf-8", "replace")
        try:
            return response, text, parse_json(text)
        except UnreadableResponse as exc:
            exc.answer = ResponseBody(response.status_code, response.headers, None, "")
            raise

    def request(self, method, url, sign, body=None, expect=(200,), resend_after_answer=True, timeout=None, retries=None, plain_text=False, direct=False):
        """Send one request, retrying what is worth retrying; return a ResponseBody.

        sign(method, url, body) returns the headers to send; it is called again for every
        attempt because signatures carry the time. resend_after_answer=False is for requests
        that must not run twice (they carry a password): once an answer arrived, they are only
        sent again after 429 or 503. timeout and retries override the settings' (the ECS metadata
        service answers fast or not at all); plain_text=True returns an expected status whatever
        the body (a plain-text answer); direct=True never uses a proxy (a link-local address).
        Raises WorkspaceApiError.
        """
        attempts = (self.settings.retries if retries is None else retries) + 1
        shown_url = _redacted_url(url)
        refused = 0
        attempt = 0
        limiter = self.rate_limiters.for_url(url)
        while True:
            ticket = limiter.acquire()
            last_try = attempt == attempts - 1
            try:
                response, text, data = self._send(method, url, sign, body, timeout, direct)
            except UnreadableResponse as exc:
                raise WorkspaceApiError(str(exc), status=exc.answer.status, request_id=exc.answer.request_id, method=method, url=shown_url)
            except requests.exceptions.SSLError as exc:
                raise WorkspaceApiError(
                    "TLS verification failed (%s)" % _exception_reason(exc),
                    method=method,
                    url=shown_url,
                    hint="Use ca_cert to trust a private CA, or validate_certs=false only for a trusted test endpoint",
                )
            except TRANSPORT_FAILURES as exc:
                refused += 1 if _is_refused(exc) else 0
                if last_try or refused > REFUSED_RETRIES:
                    raise self._transport_error(method, url, shown_url, exc, attempt + 1)
                self._sleep(REFUSED_DELAY * refused if _is_refused(exc) else backoff_delay(attempt))
                attempt += 1
                continue
            except (requests.exceptions.RequestException, ValueError) as exc:
                # An invalid header value or URL, say: sending it again cannot help.
                raise WorkspaceApiError("the request could not be sent (%s)" % _exception_reason(exc), method=method, url=shown_url)
            body_info = ResponseBody(response.status_code, response.headers, data, text)
            if response.status_code in expect and (plain_text or isinstance(data, dict)):
                limiter.succeeded(ticket)
                return body_info
            delay = backoff_delay(attempt)
            if response.status_code == 429:
                delay = max(delay, parse_retry_after(response.headers.get("Retry-After")) or 0.0)
                limiter.throttled(delay, ticket)  # pauses every thread of this endpoint
            if resend_after_answer:
                retryable = response.status_code in RETRYABLE_STATUSES or response.status_code in expect
            else:
                retryable = response.status_code in NOT_PROCESSED_STATUSES
            if not retryable or last_try:
                raise self._error(method, shown_url, body_info, attempt + 1, expect)
            if response.status_code != 429:
                self._sleep(delay)
            attempt += 1

    def _transport_error(self, method, url, shown_url, exc, tried):
        option = self._option_for(url)
        host = urlsplit(url).netloc.rpartition("@")[2]
        if isinstance(exc, requests.exceptions.ProxyError):
            hint = "Check the proxy option, or HTTPS_PROXY/HTTP_PROXY/NO_PROXY in the environment"
        elif _is_refused(exc):
            hint = "Nothing accepts connections at %s: check %s and that the service is running" % (host, option)
        elif _is_timeout(exc):
            hint = "Check %s, network access and timeout (%ss)" % (option, self.settings.timeout)
        else:
            hint = "Check %s and network access (name resolution, proxy, firewall)" % option
        return WorkspaceApiError("request failed after %d attempt(s): %s" % (tried, _transport_reason(exc)), method=method, url=shown_url, hint=hint)

    @staticmethod
    def _error(method, url, body, attempts, expect):
        if body.status in expect:
            return WorkspaceApiError(
                "malformed response: the body is not a JSON object (%s)" % (readable_text(body.text) or "empty"),
                status=body.status,
                request_id=body.request_id,
                method=method,
                url=url,
            )
        code, message = error_fields(body)
        summary = "request failed"
        if attempts > 1:
            summary = "request failed after %d attempts" % attempts
        hint = HINTS.get(code) or STATUS_HINTS.get(body.status)
        if 300 <= body.status < 400:
            hint = "Redirects are not followed (the answer pointed to %s): set the endpoint to the final URL" % (
                _redacted_url(body.headers.get("Location") or "nowhere")
            )
        return WorkspaceApiError(summary, status=body.status, error_code=code, error_msg=message, request_id=body.request_id, method=method, url=url, hint=hint)


def _causes(exc):
    """exc and what it wraps (requests -> urllib3 -> socket), a bounded walk."""
    seen = []
    while isinstance(exc, BaseException) and exc not in seen and len(seen) < 10:
        seen.append(exc)
        wrapped = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = getattr(exc, "reason", None) if isinstance(getattr(exc, "reason", None), BaseException) else (wrapped or exc.__cause__ or exc.__context__)
    return seen


def _is_refused(exc):
    return any(isinstance(cause, ConnectionRefusedError) for cause in _causes(exc))


def _is_timeout(exc):
    return any(isinstance(cause, (requests.exceptions.Timeout, ReadTimeoutError, TimeoutError, socket.timeout)) for cause in _causes(exc))


def _transport_reason(exc):
    if _is_refused(exc):
        return "connection refused"
    if _is_timeout(exc):
        return "timed out"
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, HTTPException)) or not isinstance(exc, requests.exceptions.RequestException):
        return "connection broken while reading the response"
    return "connection error (%s)" % _exception_reason(exc)


def _strip_connection_prefix(text):
    """Drop urllib3's leading "HTTPSConnection(host=..., port=...): " or "<object at 0x..>: " (linear)."""
    if text.startswith("<"):
        end = text.find(">")
    else:
        marker = text.find("Connection(")
        end = text.find(")", marker) if marker >= 0 and (marker == 0 or text[:marker].isidentifier()) else -1
    if end >= 0 and text.startswith(": ", end + 1):
        return text[end + 3 :]
    return text


def _exception_reason(exc):
    """What actually failed, e.g. "certificate verify failed: self-signed certificate".

    requests wraps urllib3's MaxRetryError, whose text repeats the URL before the reason and is
    too long to show whole; the reason it carries is what the user needs.
    """
    wrapped = exc.args[0] if exc.args else None
    if isinstance(wrapped, BaseException):
        exc = getattr(wrapped, "reason", None) or wrapped
    return readable_text(_strip_connection_prefix(str(exc)))
