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


REDACTED = "********"
# Masking a value of one to three characters would garble every message and hide nothing.
REDACT_MIN_LENGTH = 4


def redact(value, secrets):
    """value with every occurrence of a secret masked; non-strings are returned unchanged."""
    if not isinstance(value, str):
        return value
    # Longest first, so a secret that contains another one is masked whole.
    for secret in sorted((s for s in secrets if s and len(s) >= REDACT_MIN_LENGTH), key=len, reverse=True):
        value = value.replace(secret, REDACTED)
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

    def __init__(self, summary, status=None, error_code=None, error_msg=None, request_id=None,
                 method=None, url=None, hint=None):
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
            parts.append("%s %s" % (self.method, self.url))
        parts.append(self.summary)
        details = []
        if self.status is not None:
            details.append("HTTP %s" % self.status)
        if self.error_code:
            details.append("error_code=%s" % self.error_code)
        if self.error_msg:
            details.append("error_msg=%s" % self.error_msg)
        details.append("request_id=%s" % (self.request_id or "none"))
        message = "%s (%s)" % (": ".join(parts), ", ".join(details))
        if self.hint:
            message = "%s. %s" % (message, self.hint)
        return message

    def redacted(self, secrets):
        fields = ("summary", "status", "error_code", "error_msg", "request_id", "method", "url", "hint")
        return WorkspaceApiError(**dict((name, redact(getattr(self, name), secrets)) for name in fields))

    def as_dict(self):
        """The error's fields, for module results (fail_json(**error.as_dict()))."""
        return {
            "status": self.status,
            "error_code": self.error_code,
            "error_msg": self.error_msg,
            "request_id": self.request_id,
            "method": self.method,
            "url": self.url,
        }
