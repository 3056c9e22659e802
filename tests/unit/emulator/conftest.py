# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures: one running emulator per test session (faults and log reset per test)."""

import pytest

from ansible_collections.huaweicloud.workspace.tests.unit.emulator.helpers import Caller
from ansible_collections.huaweicloud.workspace.tests.unit import shared_emulators
from ansible_collections.huaweicloud.workspace.tests.unit.shared_emulators import SharedEmulator, register

SERVERS = 250
REGIONS = ("cn-north-4", "ap-southeast-1", "cn-east-3")
EMULATOR = register(
    "--servers", SERVERS, "--duplicate-project-region", "cn-east-3", "--down-region", "cn-east-3", *[arg for region in REGIONS for arg in ("--region", region)]
)


@pytest.fixture(scope="session")
def emulator():
    with SharedEmulator(EMULATOR) as running:
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


def pytest_collection_finish(session):
    shared_emulators.collection_finished(session)


def pytest_sessionfinish(session):
    shared_emulators.session_finished()
