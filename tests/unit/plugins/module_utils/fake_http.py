# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The part of a streamed requests response (stream=True) that the transport reads."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import io


class FakeRaw(object):
    """urllib3's HTTPResponse as HttpTransport uses it: read1 of raw bytes, release or close."""

    def __init__(self, data):
        self._data = io.BytesIO(data)
        self.released = self.closed = False

    def read1(self, amt=None, decode_content=None):
        assert decode_content is False, "the transport decompresses itself, within its bound"
        return self._data.read(amt)

    def release_conn(self):
        self.released = True

    def close(self):
        self.closed = True


def streamed(response, content):
    """Give a fake response object the raw stream and close() of a real one."""
    response.raw = FakeRaw(content)
    response.close = response.raw.close
    return response
