# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Emulators that test modules register are started once, before ansible-test forks each test."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.huaweicloud.workspace.tests.unit import shared_emulators


def pytest_collection_finish(session):
    shared_emulators.collection_finished(session)


def pytest_sessionfinish(session):
    shared_emulators.session_finished()
