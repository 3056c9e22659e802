# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Reading an answer that may be hostile: a bounded, streamed body, bounded JSON, linear text.

Whatever an endpoint sends (a gzip bomb, an endless or dripping body, JSON nested a million
levels deep, an error page built to make a regular expression backtrack), reading it costs at
most max_response_size bytes of memory after decompression, a bounded time, and linear work.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import zlib

# Large reads keep the hot path cheap: a page of 100 image servers arrives in one or two reads.
CHUNK_SIZE = 256 * 1024
MEBIBYTE = 1024 * 1024
# Real answers (Workspace App pages, IAM tokens and projects) are nested fewer than 10 levels;
# ansible-core cannot serialise a few hundred (RecursionError), so a far lower bound is safe.
MAX_JSON_DEPTH = 64
# The whole-answer deadline, in multiples of the per-read timeout: 30 s gives 300 s.
DEADLINE_FACTOR = 10
# How much of a non-JSON body is looked at to render it: the message shows far less.
MAX_RENDERED_INPUT = 64 * 1024


class UnreadableResponse(Exception):
    """The answer cannot be used: too large, too slow, too deep or in an unknown encoding.

    Not a transport failure: sending the request again would get the same answer.
    """


class _Deflate(object):
    """HTTP "deflate" is meant to be zlib data, but some servers send raw deflate: accept both."""

    def __init__(self):
        self._decoder = zlib.decompressobj()
        self._first = True

    @property
    def unconsumed_tail(self):
        return self._decoder.unconsumed_tail

    def decompress(self, data, max_length):
        if self._first:
            self._first = False
            try:
                return self._decoder.decompress(data, max_length)
            except zlib.error:
                self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._decoder.decompress(data, max_length)

    def flush(self):
        return self._decoder.flush()


def _decoder(content_encoding):
    coding = (content_encoding or "").strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return _Deflate()
    raise UnreadableResponse("the response uses the Content-Encoding %r, which the client did not ask for" % coding[:40])


def _too_large(limit):
    return UnreadableResponse(
        "the response is larger than %s after decompression (max_response_size); refusing to read more. "
        "Raise max_response_size only for an endpoint you trust" % describe_size(limit)
    )


def describe_size(size):
    return "%d MiB" % (size // MEBIBYTE) if size % MEBIBYTE == 0 else "%d bytes" % size


def read_body(response, limit, deadline, clock):
    """The decoded body of a requests response sent with stream=True, at most limit bytes.

    Raises UnreadableResponse when the body (after decompression) exceeds limit, when it is
    still arriving at clock() == deadline, or when its encoding is unknown. Transport errors
    (timeouts, broken connections) propagate as urllib3/socket exceptions for the caller to map.
    """
    declared = response.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit and not response.headers.get("Content-Encoding"):
        raise _too_large(limit)
    decoder = _decoder(response.headers.get("Content-Encoding"))
    raw = response.raw
    # read1 returns what has arrived instead of waiting for a whole chunk, so a dripping body
    # meets the deadline check below; urllib3 1.x has no read1.
    read = getattr(raw, "read1", None) or raw.read
    parts = []
    size = 0
    while True:
        chunk = read(CHUNK_SIZE, decode_content=False)
        if not chunk:
            break
        if decoder is None:
            size += len(chunk)
            parts.append(chunk)
        else:
            # Decompress a bounded amount at a time: a bomb never expands beyond the limit.
            while chunk:
                try:
                    piece = decoder.decompress(chunk, CHUNK_SIZE)
                except zlib.error:
                    raise UnreadableResponse("the response's %s data is corrupt" % response.headers.get("Content-Encoding").strip().lower())
                size += len(piece)
                if size > limit:
                    raise _too_large(limit)
                parts.append(piece)
                chunk = decoder.unconsumed_tail
        if size > limit:
            raise _too_large(limit)
        if clock() > deadline:
            raise UnreadableResponse(
                "the response was still arriving after the per-request deadline (%d times timeout); "
                "the endpoint sends too slowly or without end" % DEADLINE_FACTOR
            )
    if decoder is not None:
        try:
            tail = decoder.flush()
        except zlib.error:
            tail = b""
        size += len(tail)
        if size > limit:
            raise _too_large(limit)
        parts.append(tail)
    return b"".join(parts)


_CONTAINERS = frozenset((dict, list))


def _deeper_than(value, limit):
    """True when value nests containers more than limit levels deep.

    Level by level, without recursion, and only containers are kept: this runs on every page,
    so it is written for speed (list comprehensions, exact type checks: JSON has no subclasses).
    """
    level = [value]
    for dummy in range(limit):
        deeper = []
        for container in level:
            deeper += [child for child in (container.values() if isinstance(container, dict) else container) if type(child) in _CONTAINERS]
        if not deeper:
            return False
        level = deeper
    return True


def parse_json(text):
    """The JSON value of text, or None when text is not JSON; UnreadableResponse when too deep."""
    try:
        data = json.loads(text)
    except RecursionError:
        data = None
        too_deep = True
    except ValueError:
        return None
    else:
        too_deep = isinstance(data, (dict, list)) and _deeper_than(data, MAX_JSON_DEPTH)
    if too_deep:
        raise UnreadableResponse("the response is JSON nested more than %d levels deep; no real answer is" % MAX_JSON_DEPTH)
    return data


def _strip_tags(text):
    """text without <...> tags, in one forward pass (no regular expression to backtrack)."""
    pieces = []
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0:
            pieces.append(text[position:])
            break
        end = text.find(">", start + 1)
        if end < 0:
            # No tag can close any more: the rest is text.
            pieces.append(text[position:])
            break
        pieces.append(text[position:start])
        pieces.append(" ")
        position = end + 1
    return "".join(pieces)


def _title(text):
    """The text of the first <title>...</title>, or None; linear in len(text)."""
    lower = text.lower()
    start = lower.find("<title")
    if start < 0:
        return None
    start = lower.find(">", start)
    end = lower.find("</title>", start) if start >= 0 else -1
    return text[start + 1 : end] if end >= 0 else None


def readable_text(text):
    """A single-line rendering of a non-JSON body (an HTML page from a proxy, say).

    Linear in the length of the body, of which MAX_RENDERED_INPUT characters are looked at. Not
    cut any shorter here: messages are cut after the secrets are masked (see _errors.shorten).
    """
    text = text[:MAX_RENDERED_INPUT]
    title = _title(text)
    if title is not None:
        text = title
    return " ".join(_strip_tags(text).split())
