# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Emulators started once per pytest process, even when ansible-test forks every test.

ansible-test units runs each test in a forked child (its ansible_forked plugin), where a session-
or module-scoped fixture is set up anew: one emulator start per test. A test module registers the
emulator it needs when it is imported (at collection, in the parent process); the parent starts
every registered emulator once collection is done (the hooks below, called from the conftest.py of
tests/unit/plugins/ and tests/unit/emulator/), and each forked child
inherits the running ones. The fixtures ask for theirs with `SharedEmulator(KEY)`, which falls
back to a private emulator when none was started (a test run in some other way).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorProcess

_WANTED = []
_RUNNING = {}


def register(*cli_args):
    """Declare an emulator (by its command-line arguments) for this test run; returns its key."""
    key = tuple(str(arg) for arg in cli_args)
    if key not in _WANTED:
        _WANTED.append(key)
    return key


def collection_finished(session):
    """pytest_collection_finish: start the registered emulators, before any test is forked."""
    if session.items:
        for key in _WANTED:
            if key not in _RUNNING:
                _RUNNING[key] = EmulatorProcess(*key).start()


def session_finished():
    """pytest_sessionfinish: stop them."""
    while _RUNNING:
        _RUNNING.popitem()[1].stop()


class SharedEmulator(object):
    """Context manager: the running emulator for KEY, or a private one for the block."""

    def __init__(self, key):
        self.key = key
        self.own = None

    def __enter__(self):
        running = _RUNNING.get(self.key)
        if running is None:
            running = self.own = EmulatorProcess(*self.key).start()
        return running

    def __exit__(self, *exc_info):
        if self.own is not None:
            self.own.stop()
