# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures: one running emulator per test session (faults and log reset per test)."""

import pytest

from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorProcess
from ansible_collections.huaweicloud.workspace.tests.unit.emulator.helpers import Caller

SERVERS = 250
REGIONS = ("cn-north-4", "ap-southeast-1", "cn-east-3")


@pytest.fixture(scope="session")
def emulator():
    args = ["--servers", SERVERS, "--duplicate-project-region", "cn-east-3", "--down-region", "cn-east-3"]
    for region in REGIONS:
        args += ["--region", region]
    with EmulatorProcess(*args) as running:
        yield running


@pytest.fixture
def fresh(emulator):
    """The session emulator with no faults and an empty request log."""
    emulator.set_faults({"down_regions": ["cn-east-3"]})
    emulator.clear_requests()
    yield emulator
    emulator.set_faults({"down_regions": ["cn-east-3"]})


@pytest.fixture
def caller(fresh):
    return Caller(fresh)
