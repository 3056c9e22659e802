# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The Workspace App client used by every module and the inventory plugin."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
from collections import namedtuple

from ._credentials import authenticate, discover_project_id, ignored_credentials, project_path, request_with_renewal
from ._errors import WorkspaceApiError, WorkspaceConfigError, WorkspaceError
from ._http import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, HttpTransport, insecure_endpoint_warnings
from ._options import SECRET_OPTIONS, check_filter_names
from ._pager import PAGE_SIZE, Page, fetch_all, run_concurrently
from ._signer import canonical_query

MISSING_REQUESTS = (
    "The Python library 'requests' is required by huaweicloud.workspace but could not be "
    "imported by the Python that runs Ansible; install it (pip install requests)"
)

__all__ = ("HAS_REQUESTS", "REQUESTS_IMPORT_ERROR", "ListResult", "WorkspaceClient", "list_image_servers_by_region")

IMAGE_SERVERS = "image-servers"
SERVER_GROUPS = "app-server-groups"
NOUNS = {IMAGE_SERVERS: "image servers", SERVER_GROUPS: "server groups"}
SERVER_GROUPS_REFUSED = (
    "The server groups could not be listed (ListServerGroups, GET /v1/{project_id}/app-server-groups), which "
    "server_group_details needs; grant the IAM user the permission to list Workspace App server groups, or set "
    "server_group_details: false to list image servers without their server groups"
)


class ListResult(namedtuple("ListResult", "items count region project_id server_groups agency", defaults=(None, None))):
    """Image servers of one region: items verbatim and in API order, and the API's count.

    server_groups is None unless they were asked for; then every server group of the project,
    verbatim and in API order. agency is (agency name, account name or id) when listed through an
    agency, else None.
    """

    __slots__ = ()


def _api_filters(filters):
    filters = dict(filters or {})
    check_filter_names(filters)
    return dict((name, str(value)) for name, value in filters.items() if value not in (None, ""))


def _brief(value, size=80):
    """repr(value), cut short: a broken answer may put a whole document where a number belongs."""
    text = repr(value)
    return text if len(text) <= size else text[:size] + "..."


def _check_paging(offset, limit):
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= PAGE_SIZE:
        raise WorkspaceConfigError("limit must be an integer between 1 and %d, got %r" % (PAGE_SIZE, limit), option="limit")
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise WorkspaceConfigError("offset must be an integer of 0 or more, got %r" % (offset,), option="offset")


class WorkspaceClient(object):
    """Lists image servers of one region and project with the given connection settings."""

    def __init__(self, settings, warn=None, transport=None):
        if not HAS_REQUESTS:
            raise WorkspaceError(MISSING_REQUESTS)
        self._warn = warn or (lambda message: None)
        self.transport = transport or HttpTransport(settings)
        self.settings = settings
        try:
            # settings may gain the project id and IAM endpoint of a credentials file.
            self.settings, self.auth = authenticate(settings, self.transport)
        except WorkspaceError as error:
            raise error.redacted(self._configured_secrets())
        for message in ignored_credentials(settings):
            self._warn(message)
        for message in insecure_endpoint_warnings(self.settings, uses_iam=self.auth.uses_iam or not self.settings.project_id):
            self._warn(message)
        self._project_lock = threading.Lock()
        self._project_id = None

    @property
    def project_id(self):
        with self._project_lock:
            if self._project_id is None:
                self._project_id = discover_project_id(self.settings, self.transport, self.auth)
            return self._project_id

    def _send(self, url):
        # Expired credentials are renewed once when they can be (a user token, temporary credentials).
        return request_with_renewal(self.transport, self.auth, "GET", url, self.project_id)

    def _fetch_page(self, resource, filters, offset, limit):
        query = canonical_query(sorted(dict(filters, offset=offset, limit=limit).items()))
        url = "%s%s?%s" % (self.settings.endpoint, project_path(self.project_id, resource), query)
        response = self._send(url)
        count, items = response.data.get("count"), response.data.get("items")
        problem = None
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            problem = "'count' is missing or not a non-negative integer (got %s)" % _brief(count)
        elif not isinstance(items, list):
            problem = "'items' is missing or not a list (got %s)" % type(items).__name__
        elif not all(isinstance(item, dict) for item in items):
            problem = "'items' holds something that is not an object"
        if problem:
            raise WorkspaceApiError("malformed response: " + problem, status=response.status, request_id=response.request_id, method="GET", url=url)
        return Page(offset, count, items)

    def _configured_secrets(self):
        return [getattr(self.settings, name, None) for name in SECRET_OPTIONS]

    def _secrets(self):
        return self._configured_secrets() + self.auth.secrets()

    def _result(self, items, count, server_groups):
        return ListResult(items, count, self.settings.region, self.project_id, server_groups, self.settings.agency)

    def _list_all(self, resource, filters):
        return fetch_all(lambda offset, limit: self._fetch_page(resource, filters, offset, limit), self.settings.concurrency, self._warn, noun=NOUNS[resource])

    def _list_server_groups(self):
        try:
            return self._list_all(SERVER_GROUPS, {})[0]
        except WorkspaceApiError as error:
            if error.status != 403:
                raise
            fields = ("summary", "status", "error_code", "error_msg", "request_id", "method", "url")
            raise WorkspaceApiError(hint=SERVER_GROUPS_REFUSED, **dict((name, getattr(error, name)) for name in fields))

    def _with_server_groups(self, list_servers, server_groups):
        """(servers, groups or None): with server_groups, both listings run at once."""
        if not server_groups:
            return list_servers(), None
        jobs = iter((("servers", list_servers), ("groups", self._list_server_groups)))
        listed = dict(run_concurrently(lambda: next(jobs, None), lambda job: (job[0], job[1]()), 2))
        return listed["servers"], listed["groups"]

    def list_image_servers(self, filters=None, server_groups=False):
        """Every image server matching filters, all pages, in API order (and every server group)."""
        try:
            filters = _api_filters(filters)
            (items, count), groups = self._with_server_groups(lambda: self._list_all(IMAGE_SERVERS, filters), server_groups)
            return self._result(items, count, groups)
        except WorkspaceError as error:
            raise error.redacted(self._secrets())

    def get_image_servers_page(self, filters=None, offset=0, limit=10, server_groups=False):
        """Exactly one page, as the API returns it (and every server group)."""
        try:
            _check_paging(offset, limit)
            filters = _api_filters(filters)
            page, groups = self._with_server_groups(lambda: self._fetch_page(IMAGE_SERVERS, filters, offset, limit), server_groups)
            return self._result(page.items, page.count, groups)
        except WorkspaceError as error:
            raise error.redacted(self._secrets())


def list_image_servers_by_region(settings_list, filters=None, warn=None, server_groups=False):
    """List several regions at once over one shared transport.

    Returns [(settings, ListResult or WorkspaceError)] in the order given, so the caller decides
    whether one failing region fails the run. With server_groups, a region whose server groups
    cannot be listed is an error as a whole.
    """
    if not settings_list:
        return []
    if not HAS_REQUESTS:
        raise WorkspaceError(MISSING_REQUESTS)
    listings = 2 if server_groups else 1
    transport = HttpTransport(settings_list[0], pool_size=settings_list[0].concurrency * len(settings_list) * listings)

    def list_one(settings):
        try:
            client = WorkspaceClient(settings, warn=warn, transport=transport)
            return client.list_image_servers(filters, server_groups=server_groups)
        except WorkspaceError as error:
            return error

    try:
        if len(settings_list) == 1:
            return [(settings_list[0], list_one(settings_list[0]))]
        jobs = iter(enumerate(settings_list))
        listed = sorted(run_concurrently(lambda: next(jobs, None), lambda job: (job[0], list_one(job[1])), len(settings_list)), key=lambda result: result[0])
        return [(settings, result) for settings, (dummy, result) in zip(settings_list, listed)]
    finally:
        transport.close()
