# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures shared by every unit test."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import CONNECTION_OPTIONS


@pytest.fixture(autouse=True)
def no_connection_environment(monkeypatch):
    """Credentials and endpoints in the runner's environment must not leak into any test."""
    for spec in CONNECTION_OPTIONS.values():
        for variable in spec[1]:
            monkeypatch.delenv(variable, raising=False)
