# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Call the emulator's admin endpoints: `emulator_admin.py URL METHOD RESOURCE [JSON]`.

Prints the JSON answer. Playbooks use it through the pipe lookup, which is much faster than a
uri task per fault case; files/inventory_cases.py imports `admin`. Standard library only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import ssl
import sys
import urllib.request


def admin(url, method, resource, data=None):
    body = None if data is None else json.dumps(data).encode("utf-8")
    request = urllib.request.Request("%s/_emulator/%s" % (url, resource), data=body, method=method, headers={"Content-Type": "application/json"})
    # The admin endpoints carry no secret; with --tls the emulator's own certificate is not checked here.
    context = ssl._create_unverified_context() if url.startswith("https") else None
    with urllib.request.urlopen(request, timeout=30, context=context) as response:
        return json.loads(response.read().decode("utf-8"))


if __name__ == "__main__":
    url, method, resource = sys.argv[1:4]
    payload = json.loads(sys.argv[4]) if len(sys.argv) > 4 else None
    print(json.dumps(admin(url, method, resource, payload)))
