# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Secrets are masked in every spelling a server may echo, before messages are cut short."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from urllib.parse import quote, quote_plus

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import MAX_FIELD_LENGTH, REDACTED, WorkspaceApiError, redact, shorten

SECRET = '  pa"ss/wo+rd é&x  '


@pytest.mark.parametrize(
    "form",
    [
        SECRET,
        json.dumps(SECRET)[1:-1],
        json.dumps(SECRET, ensure_ascii=False)[1:-1],
        quote(SECRET, safe=""),
        quote(SECRET),
        quote_plus(SECRET),
        "  pa&quot;ss/wo+rd é&amp;x  ",
    ],
)
def test_every_spelling_of_a_secret_is_masked(form):
    assert redact("before %s after" % form, [SECRET]) == "before %s after" % REDACTED


def test_a_secret_cut_at_either_end_is_masked():
    assert redact("echo: " + SECRET[:8], [SECRET]) == "echo: " + REDACTED
    assert redact(SECRET[-6:] + " was the end", [SECRET]) == REDACTED + " was the end"
    assert redact("tok", ["tok-secret"]) == "tok"  # too short to tell


def test_messages_are_cut_after_masking_so_no_secret_is_cut_in_two():
    secret = "s" * 20 + "-very-secret-value"
    error = WorkspaceApiError("request failed", status=400, error_msg="x" * (MAX_FIELD_LENGTH - 10) + secret)
    shown = str(error.redacted([secret]))
    assert "-very-secret" not in shown and "ssssss" not in shown
    assert len(str(WorkspaceApiError("s", status=500, error_msg="y" * 10**6))) < 2 * MAX_FIELD_LENGTH


def test_control_characters_are_escaped_and_transport_failures_show_no_request_id():
    assert shorten("a\x1b[31mb\r\n\x00\u2028") == "a\\x1b[31mb\\x0d\\x0a\\x00\\u2028"
    assert "request_id" not in str(WorkspaceApiError("request failed: connection refused", method="GET", url="u"))
    assert "request_id=none" in str(WorkspaceApiError("request failed", status=500))
