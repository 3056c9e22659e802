# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fail when a secret appears in a file in any form a server may echo it.

    python secret_forms.py SECRET FILE...

Forms: as sent, JSON-escaped (ASCII or not), URL-encoded (path and form style), and its first
half plus two characters (the cut the hostile server echoes).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import sys
from urllib.parse import quote, quote_plus


def forms(secret):
    return set(
        (
            secret,
            json.dumps(secret)[1:-1],
            json.dumps(secret, ensure_ascii=False)[1:-1],
            quote(secret, safe=""),
            quote(secret),
            quote_plus(secret),
            secret[: len(secret) // 2 + 2],
        )
    )


def main():
    secret, files = sys.argv[1], sys.argv[2:]
    leaks = []
    for name in files:
        with open(name, "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
        leaks.extend("%s: %r" % (name, form) for form in forms(secret) if form in text)
    for leak in leaks:
        print("LEAK " + leak)
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
