# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading `ansible-inventory --list` output the same way on every ansible-core version.

Import it from an integration target's files/ with
`sys.path.insert(0, os.path.join(HERE, "..", "..", "setup_emulator", "files"))`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def unwrap(value):
    """ansible-core 2.19 prints untrusted strings as {"__ansible_unsafe": "..."}: give back the plain value."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((key, unwrap(item)) for key, item in value.items())
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value
