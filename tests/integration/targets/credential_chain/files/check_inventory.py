# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_inventory.py LIST_JSON EXPECTED_JSON: hosts per account ({"own": 12, "account-b": 7})."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "setup_emulator", "files"))
from inventory_json import unwrap  # noqa: E402 pylint: disable=wrong-import-position


def main(listing_path, expected):
    with open(listing_path) as handle:
        listing = unwrap(json.load(handle))
    hostvars = listing["_meta"]["hostvars"]
    accounts = collections.Counter(variables.get("wks_account", "own") for variables in hostvars.values())
    expected = json.loads(expected)
    if dict(accounts) != expected:
        sys.exit("hosts per account: %s, expected %s" % (dict(accounts), expected))
    for name, variables in hostvars.items():
        if "wks_account" in variables and variables.get("wks_agency") != "ops":
            sys.exit("host %s of account %s lacks wks_agency" % (name, variables["wks_account"]))
    print("ok: hosts per account %s" % dict(accounts))


if __name__ == "__main__":
    main(*sys.argv[1:])
