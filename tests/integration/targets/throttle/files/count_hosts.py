# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print how many distinct hosts an `ansible-inventory --list` output (file) has."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import sys

with open(sys.argv[1]) as handle:
    print(len(json.load(handle).get("_meta", {}).get("hostvars", {})))
