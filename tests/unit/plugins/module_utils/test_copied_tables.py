# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tables copied by hand from elsewhere, checked against where they were copied from.

The region tables of _endpoints.py come from the official SDK pinned in tests/unit/requirements.txt;
COLLECTION_VERSION comes from galaxy.yml; the integration targets' list of variables to forget
comes from the option table.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest
import yaml

from ansible_collections.huaweicloud.workspace.plugins.module_utils import _endpoints
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import CONNECTION_OPTIONS
from ansible_collections.huaweicloud.workspace.plugins.module_utils._version import COLLECTION_VERSION

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def _pinned(package):
    with open(os.path.join(COLLECTION_ROOT, "tests", "unit", "requirements.txt")) as handle:
        for line in handle:
            match = re.match(r"^%s==(\S+)" % re.escape(package), line.strip())
            if match:
                return match.group(1)
    raise AssertionError("%s is not pinned in tests/unit/requirements.txt" % package)


@pytest.fixture(scope="module")
def sdk():
    """The SDK's region modules, and the check that they are the pinned release."""
    region = pytest.importorskip("huaweicloudsdkworkspaceapp.v1.region.workspaceapp_region")
    iam = pytest.importorskip("huaweicloudsdkcore.auth.endpoint")
    internal = pytest.importorskip("huaweicloudsdkcore.auth.internal")
    from importlib.metadata import version

    for package in ("huaweicloudsdkworkspaceapp", "huaweicloudsdkcore"):
        assert version(package) == _pinned(package), "the unit tests run with another %s than pinned" % package
    return region, iam, internal


def test_the_endpoints_module_names_the_sdk_release_it_was_copied_from():
    assert "huaweicloudsdkworkspaceapp %s" % _pinned("huaweicloudsdkworkspaceapp") in _endpoints.__doc__


def test_workspace_app_endpoints_are_the_sdks(sdk):
    region_module = sdk[0]
    official = dict((name, region.endpoints) for name, region in region_module.WorkspaceAppRegion.static_fields.items())
    assert dict((name, [url]) for name, url in _endpoints.WORKSPACE_APP_ENDPOINTS.items()) == official


def test_iam_endpoints_are_the_sdks(sdk):
    dummy, iam, internal = sdk
    # The SDK keeps its table in a module-private name; get_iam_endpoint_by_id is its only reader.
    official = vars(iam)["__IAM_ENDPOINT_DICT"]
    assert set(_endpoints.IAM_REGIONAL) == set(official)
    assert _endpoints.IAM_GLOBAL_ENDPOINT == internal.IamHelper.DEFAULT_ENDPOINT
    for region in set(official) | set(_endpoints.WORKSPACE_APP_ENDPOINTS) | {"xx-mars-1"}:
        assert _endpoints.iam_endpoint(region) == iam.get_iam_endpoint_by_id(region, internal.IamHelper.DEFAULT_ENDPOINT)


def test_collection_version_is_galaxy_yml_version():
    with open(os.path.join(COLLECTION_ROOT, "galaxy.yml")) as handle:
        assert COLLECTION_VERSION == yaml.safe_load(handle)["version"]


def test_integration_tests_forget_every_variable_an_option_reads():
    """The integration targets unset these before each test, so a caller's credentials never reach one.

    HW_METADATA_CREDENTIALS is the exception: the targets set it to false instead (no test may probe
    the real metadata service).
    """
    path = os.path.join(COLLECTION_ROOT, "tests", "integration", "targets", "setup_emulator", "files", "caller_environment.txt")
    with open(path) as handle:
        forgotten = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    read_by_options = set(name for entry in CONNECTION_OPTIONS.values() for name in entry[1])
    assert len(forgotten) == len(set(forgotten))
    assert set(forgotten) == read_by_options - {"HW_METADATA_CREDENTIALS"}
