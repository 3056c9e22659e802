# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A minimal forward HTTP proxy on 127.0.0.1 that logs every request it forwards.

    python forward_proxy.py --port-file FILE --log FILE

Plain http:// only (absolute-URI requests, as clients send them to a proxy), and only to
127.0.0.1: enough to show that the client goes through the proxy it is given.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _forward(self):
        target = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        with self.server.log_lock, open(self.server.log_path, "a") as log:
            log.write(json.dumps({"method": self.command, "url": self.path, "proxy_authorization": "Proxy-Authorization" in self.headers}) + "\n")
        if target.scheme != "http" or target.hostname != "127.0.0.1":
            self.send_error(403, "this test proxy only forwards to http://127.0.0.1")
            return
        headers = dict((name, value) for name, value in self.headers.items() if name.lower() not in ("proxy-connection", "proxy-authorization", "connection"))
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        connection.request(self.command, target.path + ("?" + target.query if target.query else ""), body, headers)
        answer = connection.getresponse()
        content = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Via", "1.1 hostile-test-proxy")
        self.end_headers()
        self.wfile.write(content)
        connection.close()

    do_GET = do_POST = _forward


if __name__ == "__main__":
    # The script's directory is on sys.path: the hostile server's command line and serving loop.
    from hostile_server import serve

    serve(Proxy, __doc__.split("\n", maxsplit=1)[0])
