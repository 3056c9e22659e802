# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-side clients of the emulator: a raw HTTP caller that signs with the official SDK signer
(an oracle independent of the emulator's verifier), and the official SDK client itself."""

import datetime
import http.client
import json
import ssl
from urllib.parse import urlsplit

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from huaweicloudsdkworkspaceapp.v1 import ListImageServersRequest, WorkspaceAppClient


class Reply(object):
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class Caller(object):
    """Sends exactly the request line it is given (no client-side re-encoding)."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.url = emulator.url
        parts = urlsplit(emulator.url)
        self.host = parts.hostname
        self.port = parts.port
        self.host_header = parts.netloc
        self.credentials = emulator.credentials

    def connection(self):
        if self.url.startswith("https"):
            context = ssl.create_default_context(cafile=self.emulator.ca_file)
            return http.client.HTTPSConnection(self.host, self.port, timeout=30, context=context)
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def send(self, method, target, headers=None, body=None, connection=None):
        own = connection is None
        connection = connection or self.connection()
        try:
            connection.request(method, target, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, response.getheaders(), response.read())
        finally:
            if own:
                connection.close()

    def with_token(self, target, token=None, method="GET", headers=None):
        headers = dict(headers or {})
        headers["X-Auth-Token"] = token or self.credentials["token"]
        return self.send(method, target, headers)

    def signed_headers(self, method, path, query=(), extra_headers=None, access_key=None, secret_key=None, sdk_date=None, body=None):
        """Headers from the official SDK signer, plus the target it would send."""
        headers = {"Host": self.host_header}
        headers.update(extra_headers or {})
        if sdk_date is not None:
            headers["X-Sdk-Date"] = sdk_date
        request = SdkRequest(
            method=method, schema="http", host=self.host_header, resource_path=path, query_params=list(query), header_params=headers, body=body or ""
        )
        credentials = BasicCredentials(access_key or self.credentials["access_key"], secret_key or self.credentials["secret_key"])
        signed = Signer(credentials).sign(request)
        return dict(signed.header_params), signed.uri

    def signed(self, path, query=(), extra_headers=None, method="GET", **sign_options):
        headers, target = self.signed_headers(method, path, query, extra_headers, **sign_options)
        return self.send(method, target, headers)

    def image_servers(self, project_id=None, token=None, **query):
        project_id = project_id or self.emulator.project_id()
        target = "/v1/%s/image-servers" % project_id
        if query:
            target += "?" + "&".join("%s=%s" % (k, v) for k, v in query.items())
        return self.with_token(target, token)

    def all_items(self, project_id=None, limit=100, **filters):
        """Every page with a token; returns (items, last count)."""
        items = []
        offset = 0
        while True:
            reply = self.image_servers(project_id, offset=offset, limit=limit, **filters)
            assert reply.status == 200, reply.body
            page = reply.json()
            items.extend(page["items"])
            offset += limit
            if offset >= page["count"]:
                return items, page["count"]

    @staticmethod
    def sdk_date(delta=datetime.timedelta(0)):
        return (datetime.datetime.now(datetime.timezone.utc) + delta).strftime("%Y%m%dT%H%M%SZ")


def sdk_client(emulator, region="cn-north-4", security_token=None):
    creds = emulator.credentials
    credentials = BasicCredentials(creds["access_key"], creds["secret_key"], emulator.project_id(region))
    if security_token:
        credentials = credentials.with_security_token(security_token)
    config = HttpConfig.get_default_config()
    if emulator.ca_file:
        config.ssl_ca_cert = emulator.ca_file
    return WorkspaceAppClient.new_builder().with_credentials(credentials).with_endpoints([emulator.url]).with_http_config(config).build()


def sdk_list_all(client, limit=100, **filters):
    items = []
    offset = 0
    while True:
        response = client.list_image_servers(ListImageServersRequest(offset=offset, limit=limit, **filters))
        items.extend(response.items)
        offset += limit
        if offset >= response.count:
            return items, response.count
