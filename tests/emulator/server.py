# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP layer: HTTP/1.1 keep-alive, X-Request-Id on every answer, reset/hang actions, log."""

import datetime
import select
import socket
import ssl
import struct
import sys
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from .auth import auth_kind
from .responses import HttpError, Request, error_response
from .routes import route


class EmulatorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "WorkspaceAppEmulator/1.0"

    def version_string(self):
        return self.server_version

    def do_GET(self):
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def log_message(self, format, *args):
        if self.server.state.verbose:
            BaseHTTPRequestHandler.log_message(self, format, *args)

    def send_error(self, code, message=None, explain=None):
        """Protocol-level errors (bad request line, unsupported method) in the same JSON shape."""
        self.close_connection = True
        body = error_response(code, "APIGW.0201", message or "Bad request.").body
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Request-Id", uuid.uuid4().hex)
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body)
        except OSError:
            pass

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self):
        state = self.server.state
        raw_path, dummy, raw_query = self.path.partition("?")
        try:
            body = self._read_body()
        except ValueError:
            self.send_error(400, "Invalid Content-Length or chunked body.")
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(self.command, raw_path, raw_query, headers, body, uuid.uuid4().hex)
        request.auth_kind = auth_kind(headers)
        kind, handler = route(state, request)
        try:
            response = handler()
        except HttpError as err:
            response = err.response
        except Exception:
            traceback.print_exc(file=sys.stderr)
            response = error_response(500, "APIGW.0601", "Internal server error (emulator bug).")
        if kind != "admin":
            state.request_log.add(self._log_entry(request, kind, response))
        self._send(request, kind, response)

    def _log_entry(self, request, kind, response):
        query = {}
        for key, value in parse_qsl(request.raw_query, keep_blank_values=True):
            query.setdefault(key, []).append(value)
        query = {key: values[0] if len(values) == 1 else values for key, values in query.items()}
        return {
            "time": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "method": request.method,
            "path": request.raw_path,
            "query": query,
            "status": None if response.action == "hang" else response.status,
            "request_id": request.request_id,
            "auth": request.auth_kind,
            "kind": kind,
            "fault": request.fault,
        }

    def _send(self, request, kind, response):
        if response.action == "hang":
            self._hang()
            return
        body = response.body
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Request-Id", request.request_id)
        if kind == "iam":
            self.send_header("X-IAM-Trace-Id", request.request_id)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.action == "reset":
            self.send_header("Connection", "close")
        self.end_headers()
        if request.method == "HEAD":
            return
        if response.action == "reset":
            self._reset(body[: len(body) // 2])
            return
        self.wfile.write(body)

    def _reset(self, partial_body):
        """Send part of the body, then abort the connection (RST) instead of finishing it."""
        self.close_connection = True
        try:
            self.wfile.write(partial_body)
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass

    def _hang(self):
        """Never answer; return once the client goes away or the emulator stops."""
        self.close_connection = True
        connection = self.connection
        stopping = self.server.state.stopping
        while not stopping.is_set():
            readable, dummy, dummy2 = select.select([connection], [], [], 0.2)
            if not readable:
                continue
            try:
                if not connection.recv(4096):
                    return
            except ssl.SSLWantReadError:
                continue
            except (OSError, ValueError):
                return


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # Concurrent clients (pager benchmarks) must not overflow the listen backlog.
    request_queue_size = 256

    def __init__(self, address, state, ssl_context=None):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.state = state
        self.ssl_context = ssl_context
        ThreadingHTTPServer.__init__(self, address, EmulatorHandler)

    def get_request(self):
        connection, address = ThreadingHTTPServer.get_request(self)
        if self.ssl_context is not None:
            # The handshake happens on first read, in the handler thread, not in the accept loop.
            connection = self.ssl_context.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return connection, address

    def handle_error(self, request, client_address):
        if self.state.verbose:
            ThreadingHTTPServer.handle_error(self, request, client_address)
