# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Region to endpoint resolution for Workspace App and IAM (huaweicloudsdkworkspaceapp 3.1.219)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from urllib.parse import urlsplit

from ._errors import WorkspaceConfigError

# The older regions kept the service's first host name (appstream), newer ones use workspace.
WORKSPACE_APP_ENDPOINTS = {
    "cn-north-4": "https://appstream.cn-north-4.myhuaweicloud.com",
    "cn-north-9": "https://appstream.cn-north-9.myhuaweicloud.com",
    "cn-east-3": "https://appstream.cn-east-3.myhuaweicloud.com",
    "cn-south-1": "https://appstream.cn-south-1.myhuaweicloud.com",
    "cn-southwest-2": "https://appstream.cn-southwest-2.myhuaweicloud.com",
    "cn-east-5": "https://workspace.cn-east-5.myhuaweicloud.com",
    "cn-north-11": "https://workspace.cn-north-11.myhuaweicloud.com",
    "ap-southeast-1": "https://workspace.ap-southeast-1.myhuaweicloud.com",
    "ap-southeast-2": "https://workspace.ap-southeast-2.myhuaweicloud.com",
    "ap-southeast-3": "https://workspace.ap-southeast-3.myhuaweicloud.com",
    "af-south-1": "https://workspace.af-south-1.myhuaweicloud.com",
    "af-north-1": "https://workspace.af-north-1.myhuaweicloud.com",
    "la-south-2": "https://workspace.la-south-2.myhuaweicloud.com",
    "la-north-2": "https://workspace.la-north-2.myhuaweicloud.com",
    "sa-brazil-1": "https://workspace.sa-brazil-1.myhuaweicloud.com",
    "me-east-1": "https://workspace.me-east-1.myhuaweicloud.com",
    "tr-west-1": "https://workspace.tr-west-1.myhuaweicloud.com",
}

# Regions with a regional IAM endpoint; the others (cn-north-11, af-north-1 among them) use the
# global one, exactly as the official SDK does.
IAM_REGIONAL = frozenset(
    (
        "cn-north-1",
        "cn-north-2",
        "cn-north-4",
        "cn-north-9",
        "cn-north-12",
        "cn-east-2",
        "cn-east-3",
        "cn-east-4",
        "cn-east-5",
        "cn-south-1",
        "cn-south-2",
        "cn-southwest-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "af-south-1",
        "sa-brazil-1",
        "la-south-2",
        "la-north-2",
        "na-mexico-1",
        "eu-west-0",
        "my-kualalumpur-1",
        "ru-moscow-1",
        "me-east-1",
        "ae-ad-1",
        "tr-west-1",
    )
)
IAM_GLOBAL_ENDPOINT = "https://iam.myhuaweicloud.com"


def normalize_url(value, option):
    """Validate an http(s) base URL given by the user and return it without a trailing slash."""
    text = (value or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError on a malformed port
    except ValueError:
        parts, port = None, None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        raise WorkspaceConfigError(
            "%s must be an http:// or https:// URL such as https://host or http://127.0.0.1:8080, got %r" % (option, value), option=option
        )
    if "@" in parts.netloc:
        raise WorkspaceConfigError(
            "%s must not contain user info (user:password@host): credentials go in their own options, "
            "never in a URL, got %s://...@%s" % (option, parts.scheme, parts.netloc.rpartition("@")[2]),
            option=option,
        )
    if parts.query or parts.fragment:
        raise WorkspaceConfigError("%s must not contain a query string or fragment, got %r" % (option, value), option=option)
    del port
    return text.rstrip("/")


def workspace_endpoint(region, override=None):
    """The Workspace App base URL for region, or the user's override."""
    if override:
        return normalize_url(override, "endpoint")
    try:
        return WORKSPACE_APP_ENDPOINTS[region]
    except KeyError:
        raise WorkspaceConfigError(
            "region %r has no known Workspace App endpoint. Known regions: %s. For another region "
            "set the endpoint option (or HW_WORKSPACEAPP_ENDPOINT) to its URL." % (region, ", ".join(sorted(WORKSPACE_APP_ENDPOINTS))),
            option="region",
        )


def iam_endpoint(region, override=None):
    """The IAM base URL without /v3: Terraform's HW_AUTH_URL carries /v3, the SDK's variable does not."""
    if override:
        url = normalize_url(override, "iam_endpoint")
        if url.endswith("/v3"):
            url = url[:-3].rstrip("/")
        return url
    if region in IAM_REGIONAL:
        return "https://iam.%s.myhuaweicloud.com" % region
    return IAM_GLOBAL_ENDPOINT
