# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading hostile answers: bounded bodies after decompression, deadlines, depth, linear text."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import zlib

import pytest
from requests.structures import CaseInsensitiveDict

from ansible_collections.huaweicloud.workspace.plugins.module_utils._response import (
    CHUNK_SIZE,
    MAX_JSON_DEPTH,
    UnreadableResponse,
    parse_json,
    read_body,
    readable_text,
)
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.module_utils.fake_http import streamed

MIB = 1024 * 1024


class Answer(object):
    def __init__(self, content, headers=None):
        self.headers = CaseInsensitiveDict(headers or {})
        streamed(self, content)


def compressed(data, wbits):
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return compressor.compress(data) + compressor.flush()


class Bomb(object):
    """A raw stream that inflates to `size` bytes, produced lazily: the test itself stays small."""

    def __init__(self, wbits, size):
        self._compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
        self._left = size
        self._flushed = False
        self.reads = 0

    def read1(self, amt=None, decode_content=None):
        self.reads += 1
        while self._left > 0:
            block = min(self._left, MIB)
            self._left -= block
            data = self._compressor.compress(b" " * block)
            if data:
                return data
        if self._flushed:
            return b""
        self._flushed = True
        return self._compressor.flush()

    def release_conn(self):
        pass

    def close(self):
        pass


def read(answer, limit=MIB, deadline=100.0, clock=lambda: 0.0):
    return read_body(answer, limit, deadline, clock)


@pytest.mark.parametrize(
    "encoding,wbits", [("gzip", 16 + zlib.MAX_WBITS), ("x-gzip", 16 + zlib.MAX_WBITS), ("deflate", zlib.MAX_WBITS), ("deflate", -zlib.MAX_WBITS)]
)
def test_compressed_bodies_are_decoded(encoding, wbits):
    body = json.dumps({"count": 1, "items": [{"id": "x" * 1000}]}).encode()
    assert read(Answer(compressed(body, wbits), {"Content-Encoding": encoding})) == body


@pytest.mark.parametrize("encoding,wbits", [("gzip", 16 + zlib.MAX_WBITS), ("deflate", zlib.MAX_WBITS)])
def test_a_bomb_stops_at_the_limit_counted_after_decompression(encoding, wbits):
    answer = Answer(b"", {"Content-Encoding": encoding})
    answer.raw = Bomb(wbits, 1024 * MIB)
    with pytest.raises(UnreadableResponse, match="larger than 1 MiB after decompression"):
        read(answer, limit=MIB)
    # Stopped early: a gigabyte compresses to about a megabyte, of which a few reads were enough.
    assert answer.raw.reads < 10


def test_a_plain_body_over_the_limit_is_refused():
    with pytest.raises(UnreadableResponse, match="max_response_size"):
        read(Answer(b"x" * (2 * CHUNK_SIZE)), limit=CHUNK_SIZE)
    assert read(Answer(b"x" * CHUNK_SIZE), limit=CHUNK_SIZE) == b"x" * CHUNK_SIZE


def test_a_declared_length_over_the_limit_is_refused_before_reading():
    answer = Answer(b"{}", {"Content-Length": str(2 * MIB)})
    with pytest.raises(UnreadableResponse, match="larger than 1 MiB"):
        read(answer)
    assert answer.raw._data.tell() == 0


def test_a_body_still_arriving_after_the_deadline_fails():
    ticks = iter(range(1000))
    with pytest.raises(UnreadableResponse, match="per-request deadline"):
        read(Answer(b"x" * (5 * CHUNK_SIZE)), limit=10 * CHUNK_SIZE, deadline=2.5, clock=lambda: next(ticks))


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
def test_an_encoding_not_asked_for_is_refused(encoding):
    with pytest.raises(UnreadableResponse, match="Content-Encoding"):
        read(Answer(b"{}", {"Content-Encoding": encoding}))


def test_corrupt_compressed_data_is_a_clear_error():
    with pytest.raises(UnreadableResponse, match="gzip data is corrupt"):
        read(Answer(b"not gzip at all", {"Content-Encoding": "gzip"}))


def test_json_nested_deeper_than_any_real_answer_is_refused():
    with pytest.raises(UnreadableResponse, match="nested more than %d levels" % MAX_JSON_DEPTH):
        parse_json("[" * 200000 + "]" * 200000)
    with pytest.raises(UnreadableResponse, match="nested more than"):
        parse_json('{"items": [' + '{"a": ' * 100 + "1" + "}" * 100 + "]}")
    shallow = '{"items": [' + '{"a": ' * 50 + "1" + "}" * 50 + "]}"
    assert parse_json(shallow)["items"][0]["a"]["a"]
    assert parse_json("not json") is None and parse_json("1" * 10000) is None


def test_error_pages_render_in_linear_time_and_correctly():
    assert readable_text("<html><head><title>Bad <b>gateway</b></title></head><body>x</body></html>") == "Bad gateway"
    assert readable_text("<p>plain   text\n here</p> a < b") == "plain text here a < b"
    assert readable_text("<TITLE>Upper</TITLE>") == "Upper"
    # Inputs that make backtracking regular expressions take quadratic time or worse.
    for hostile in ("<" * 500000, "<title" * 100000, "<title>" + "<" * 500000, "<a" * 300000 + ">"):
        assert isinstance(readable_text(hostile), str)
