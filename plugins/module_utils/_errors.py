# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Exception types shared by the client, the modules and the inventory plugin.

Callers catch WorkspaceError and show str(error): every message is written for the user and
never contains a credential.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from html import escape as html_escape
from urllib.parse import quote, quote_plus

REDACTED = "********"
# Masking a value of one to three characters would garble every message and hide nothing.
REDACT_MIN_LENGTH = 4
# The longest text of an answer (error_msg, a page title, a request id) that a message shows.
MAX_FIELD_LENGTH = 1000


def _spellings(secret):
    """The ways a server may echo a secret: as sent, JSON-escaped, URL-encoded, HTML-escaped."""
    forms = set((secret,))
    for ensure_ascii in (True, False):
        forms.add(json.dumps(secret, ensure_ascii=ensure_ascii)[1:-1])
    forms.update((quote(secret, safe=""), quote(secret), quote_plus(secret), html_escape(secret)))
    return forms


def _mask_cut_edges(value, form):
    """Mask a piece of form cut off at either end of value: a truncated echo still hides the secret."""
    for size in range(len(form) - 1, REDACT_MIN_LENGTH - 1, -1):
        if value.endswith(form[:size]):
            value = value[:-size] + REDACTED
            break
    for size in range(len(form) - 1, REDACT_MIN_LENGTH - 1, -1):
        if value.startswith(form[-size:]):
            value = REDACTED + value[size:]
            break
    return value


def redact(value, secrets):
    """value with every occurrence of a secret masked; non-strings are returned unchanged.

    Every spelling of a secret counts (see _spellings), and so does a piece of one at the start
    or the end of value, where an earlier truncation may have cut it.
    """
    if not isinstance(value, str):
        return value
    forms = set()
    for secret in secrets:
        if isinstance(secret, str) and len(secret) >= REDACT_MIN_LENGTH:
            forms.update(_spellings(secret))
    # Longest first, so a secret that contains another one is masked whole.
    for form in sorted(forms, key=len, reverse=True):
        value = value.replace(form, REDACTED)
    for form in sorted(forms, key=len, reverse=True):
        value = _mask_cut_edges(value, form)
    return value


def _escaped(character):
    code = ord(character)
    return "\\x%02x" % code if code < 0x100 else "\\u%04x" % code if code < 0x10000 else "\\U%08x" % code


def shorten(value, limit=MAX_FIELD_LENGTH):
    """value fit to show: control characters escaped (a terminal never gets an escape sequence
    from an answer) and cut to limit characters. Redact first, so no secret is cut in two."""
    if not isinstance(value, str):
        return value
    if len(value) > limit:
        value = value[:limit] + "... (%d more characters)" % (len(value) - limit)
    if not value.isprintable():
        value = "".join(character if character.isprintable() else _escaped(character) for character in value)
    return value


class WorkspaceError(Exception):
    """Base class: anything that stops a run, with a message fit to show to the user."""

    def redacted(self, secrets):
        """The same error with the secrets masked: a server may echo a credential back."""
        return WorkspaceError(redact(str(self), secrets))


class WorkspaceConfigError(WorkspaceError):
    """An option is missing, malformed or inconsistent; raised before any request is sent."""

    def __init__(self, message, option=None):
        super(WorkspaceConfigError, self).__init__(message)
        self.option = option

    def redacted(self, secrets):
        return WorkspaceConfigError(redact(str(self), secrets), option=self.option)


class WorkspaceApiError(WorkspaceError):
    """A request failed: HTTP error, unreadable response or transport failure after retries."""

    def __init__(self, summary, status=None, error_code=None, error_msg=None, request_id=None, method=None, url=None, hint=None):
        self.summary = summary
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.method = method
        self.url = url
        self.hint = hint
        super(WorkspaceApiError, self).__init__(self._render())

    def _render(self):
        parts = []
        if self.method and self.url:
            parts.append("%s %s" % (self.method, shorten(self.url, 512)))
        parts.append(shorten(self.summary))
        details = []
        if self.status is not None:
            details.append("HTTP %s" % self.status)
        if self.error_code:
            details.append("error_code=%s" % shorten(str(self.error_code), 256))
        if self.error_msg:
            details.append("error_msg=%s" % shorten(str(self.error_msg)))
        if self.status is not None or self.request_id:
            # Only an answer can carry a request id; a transport failure has none to show.
            details.append("request_id=%s" % (shorten(str(self.request_id), 256) if self.request_id else "none"))
        message = ": ".join(parts)
        if details:
            message = "%s (%s)" % (message, ", ".join(details))
        if self.hint:
            message = "%s. %s" % (message, shorten(self.hint))
        return message

    def redacted(self, secrets):
        fields = ("summary", "status", "error_code", "error_msg", "request_id", "method", "url", "hint")
        return WorkspaceApiError(**dict((name, redact(getattr(self, name), secrets)) for name in fields))

    def as_dict(self):
        """The error's fields, for module results (fail_json(**error.as_dict())), each cut short."""
        return {
            "status": self.status,
            "error_code": shorten(self.error_code, 256),
            "error_msg": shorten(self.error_msg),
            "request_id": shorten(self.request_id, 256),
            "method": self.method,
            "url": shorten(self.url, 512),
        }
