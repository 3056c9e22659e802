# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A hostile Workspace App and IAM endpoint on 127.0.0.1 (standard library only).

    python hostile_server.py --port-file FILE --log FILE

The first path segment picks the behaviour, so one server plays every role: point endpoint
(and iam_endpoint) at http://127.0.0.1:PORT/<mode>. Requests to .../v3/auth/tokens and
.../v3/projects are IAM; .../image-servers is the Workspace App listing. Every request is
logged as one JSON line (mode, method, path, headers, body) so that cases can count requests
and check what the client sent. Modes:

  ok                a valid fleet of 3 image servers (IAM answers too)
  gzip-bomb         a 200 page whose gzip body inflates to 1 GiB of JSON whitespace
  deflate-bomb      the same as zlib "deflate"
  huge              a 200 page that never ends, sent as fast as possible (no Content-Length)
  drip              a 200 page that sends one byte every 0.2 s, forever
  deep              a 200 body of JSON arrays nested 100,000 levels deep
  deep-items        a valid page whose item nests objects 200 levels deep
  deep-ok           a valid page whose item nests objects 50 levels deep (accepted)
  absurd-count      count 10**30 and full pages of fresh ids, forever
  count-lies        count 1,000,000 but every page after the first is empty
  regex-bomb        a 502 HTML error page of 4 MB built to make regular expressions backtrack
  echo-secrets      IAM and the API answer 400 echoing the received credentials in several encodings
  set-cookie        like ok, but every answer sets cookies (the log shows whether one came back)
  redirect          a 302 to http://127.0.0.2:PORT/ok/... (another host)
  slow              the first page at once (count 5,000), every other page after 120 s
  iam-bad-body      IAM answers 201 without a token, then 200 with an HTML page
  iam-500           IAM answers 500 (must not be resent: the request carries the password)
  iam-503           IAM answers 503 (not processed: may be resent)
  control-chars     a 400 whose error_msg carries terminal escape sequences
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, quote_plus, urlsplit

PROJECT_ID = "0123456789abcdef0123456789abcdef"
BOMB_SIZE = 1024 * 1024 * 1024
_bombs = {}
_bomb_lock = threading.Lock()


def bomb(kind):
    """1 GiB of JSON-legal whitespace after '{"count": 0, "items": [] ', compressed (about 1 MB).

    After a full flush the compressor forgets its history, so every further 1 MiB block of
    spaces compresses to the same bytes: compressed once, repeated. The trailer's checksum is
    then wrong, which only a client that inflated the whole gigabyte would ever notice.
    """
    with _bomb_lock:
        if kind not in _bombs:
            compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS if kind == "gzip" else zlib.MAX_WBITS)
            block = b" " * (1024 * 1024)
            head = compressor.compress(b'{"count": 0, "items": [] ') + compressor.flush(zlib.Z_FULL_FLUSH)
            repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
            tail = compressor.compress(b"}") + compressor.flush()
            _bombs[kind] = head + repeated * (BOMB_SIZE // len(block)) + tail
        return _bombs[kind]


def servers(start, count):
    return [{"id": "srv-%07d" % number, "name": "server-%d" % number, "status": "ACTIVE"} for number in range(start, start + count)]


def nested(depth):
    value = {"leaf": True}
    for dummy in range(depth):
        value = {"child": value}
    return value


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile"

    def log_message(self, *args):
        pass

    # ---- plumbing ---------------------------------------------------------------------------

    def _record(self, body):
        entry = {"mode": self.mode, "method": self.command, "path": self.path, "headers": dict(self.headers.items()), "body": body.decode("utf-8", "replace")}
        with self.server.log_lock:
            with open(self.server.log_path, "a") as log:
                log.write(json.dumps(entry) + "\n")

    def _send(self, status, body, headers=None, content_type="application/json"):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Request-Id", "hostile-%s" % self.mode)
        for name, value in (headers or {}).items():
            if isinstance(value, list):
                for item in value:
                    self.send_header(name, item)
            else:
                self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, first, chunk, pause):
        """A 200 without Content-Length: first, then chunk forever (the connection closes the body)."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(first)
            while True:
                self.wfile.write(chunk)
                self.wfile.flush()
                if pause:
                    time.sleep(pause)
        except OSError:
            pass  # the client gave up, as it should

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def _dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        self.mode = parts.path.strip("/").split("/")[0]
        self.query = dict((key, values[0]) for key, values in parse_qs(parts.query).items())
        self._record(body)
        if parts.path.endswith("/v3/auth/tokens"):
            return self._iam_token(body)
        if "/v3/projects" in parts.path:
            return self._send(200, {"projects": [{"id": PROJECT_ID, "name": self.query.get("name", "")}]})
        if parts.path.endswith("/image-servers"):
            return self._listing()
        self._send(404, {"error_code": "HOSTILE.404", "error_msg": "no such path"})

    # ---- IAM -------------------------------------------------------------------------------

    def _iam_token(self, body):
        mode = self.mode
        if mode == "iam-bad-body":
            if not self.server.counts.setdefault("iam-bad-body", 0):
                self.server.counts["iam-bad-body"] = 1
                return self._send(201, {"token": {"project": {"id": PROJECT_ID}}})
            return self._send(200, b"<html><title>oops</title></html>", content_type="text/html")
        if mode in ("iam-500", "iam-503"):
            return self._send(int(mode[-3:]), {"error_code": "HOSTILE.%s" % mode[-3:], "error_msg": "IAM is down"})
        if mode == "echo-secrets":
            try:
                password = json.loads(body)["auth"]["identity"]["password"]["user"]["password"]
            except (ValueError, KeyError, TypeError):
                password = ""
            return self._send(401, {"error": {"code": "HOSTILE.401", "message": echo(password)}}, headers={"X-Request-Id": quote(password)})
        headers = {"X-Subject-Token": "hostile-issued-token-0001"}
        if mode == "set-cookie":
            headers["Set-Cookie"] = ["iam_session=from-iam; Path=/", "shared=iam; Domain=127.0.0.1; Path=/"]
        self._send(201, {"token": {"project": {"id": PROJECT_ID, "name": "cn-north-4"}}}, headers=headers)

    # ---- Workspace App ---------------------------------------------------------------------

    def _listing(self):
        mode = self.mode
        offset = int(self.query.get("offset", "0"))
        limit = int(self.query.get("limit", "100"))
        if mode in ("gzip-bomb", "deflate-bomb"):
            kind = mode.split("-")[0]
            return self._send(200, bomb(kind), headers={"Content-Encoding": "gzip" if kind == "gzip" else "deflate"})
        if mode == "huge":
            return self._stream(b'{"count": 1, "items": [', b'{"id": "x", "name": "' + b"y" * 4000 + b'"},' * 16, 0)
        if mode == "drip":
            return self._stream(b'{"count": 1, "items": [', b" ", 0.2)
        if mode == "deep":
            return self._send(200, b"[" * 100000 + b"]" * 100000)
        if mode in ("deep-items", "deep-ok"):
            # deep-ok stays within what the client accepts (64 levels, the page itself included).
            depth = 200 if mode == "deep-items" else 50
            return self._send(200, {"count": 1, "items": [{"id": "deep", "name": "deep", "tags": nested(depth)}]})
        if mode == "absurd-count":
            return self._send(200, {"count": 10**30, "items": servers(offset, limit)})
        if mode == "count-lies":
            return self._send(200, {"count": 1000000, "items": servers(0, limit) if offset == 0 else []})
        if mode == "regex-bomb":
            page = b"<html><head><title" + b"<" * 2000000 + b"<title>" * 200000 + b" \t" * 100000
            return self._send(502, page, content_type="text/html")
        if mode == "echo-secrets":
            token = self.headers.get("X-Auth-Token") or self.headers.get("X-Security-Token") or ""
            return self._send(400, {"error_code": "HOSTILE.400", "error_msg": echo(token)}, headers={"X-Request-Id": quote(token)})
        if mode == "control-chars":
            return self._send(400, {"error_code": "HOSTILE.\x1b[31m", "error_msg": "bad\x1b]0;pwned\x07\r\nline\x00"})
        if mode == "redirect":
            port = self.server.server_address[1]
            return self._send(302, b"", headers={"Location": "http://127.0.0.2:%d/ok%s" % (port, self.path[9:])})
        if mode == "slow" and offset > 0:
            time.sleep(120)
        fleet = 5000 if mode == "slow" else 3
        headers = {}
        if mode == "set-cookie":
            headers["Set-Cookie"] = ["api_session=from-api; Path=/", "shared=api; Domain=127.0.0.1; Path=/"]
        self._send(200, {"count": fleet, "items": servers(offset, max(0, min(limit, fleet - offset)))}, headers=headers)


def echo(secret):
    """A secret as a careless server echoes it: raw, JSON-escaped, URL-encoded, and cut in half."""
    return "got %s | json %s | url %s | form %s | cut %s" % (
        secret,
        json.dumps(secret)[1:-1],
        quote(secret, safe=""),
        quote_plus(secret),
        secret[: len(secret) // 2 + 2],
    )


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that give up mid-answer are what the modes are for


def serve(handler, description):
    """Serve handler on 127.0.0.1 with the command line both test servers share.

    --port-file gets the port once the server listens; --log is emptied and kept on the server
    (log_path, log_lock) for the handler to append to.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    server = QuietServer(("127.0.0.1", args.port), handler)
    server.log_path = args.log
    server.log_lock = threading.Lock()
    server.counts = {}
    open(args.log, "w").close()
    with open(args.port_file + ".tmp", "w") as handle:
        handle.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    serve(Handler, __doc__.split("\n", maxsplit=1)[0])
