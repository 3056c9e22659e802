# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures shared by every unit test."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import CONNECTION_OPTIONS


@pytest.fixture(autouse=True)
def no_connection_environment(monkeypatch):
    """Credentials and endpoints in the runner's environment must not leak into any test."""
    for spec in CONNECTION_OPTIONS.values():
        for variable in spec[1]:
            monkeypatch.delenv(variable, raising=False)


@pytest.fixture(autouse=True)
def no_real_credential_sources(monkeypatch, tmp_path):
    """The credential chain never reads the runner's ~/.huaweicloud/credentials nor asks the
    real ECS metadata service: tests that want these sources configure them explicitly."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HW_METADATA_CREDENTIALS", "false")
    guarded = [(socket, socket.create_connection)]
    try:
        from urllib3.util import connection as urllib3_connection  # what requests connects with

        guarded.append((urllib3_connection, urllib3_connection.create_connection))
    except ImportError:
        pass
    for module, real in guarded:
        monkeypatch.setattr(module, "create_connection", _refusing_link_local(real))


def _refusing_link_local(real_create_connection):
    def create_connection(address, *args, **kwargs):
        if str(address[0]).startswith("169.254."):
            raise AssertionError("a test tried to reach the link-local metadata address %s" % (address,))
        return real_create_connection(address, *args, **kwargs)

    return create_connection
