# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: benchmark_floor_info
short_description: The cost of returning a fleet from a module, for the benchmark (not part of the collection)
description:
  - Returns the items of a JSON file the way huaweicloud.workspace.image_server_info returns the API's,
    with no network: what ansible-core itself costs to carry that much data from a module to a play.
  - Takes the secret key like the real module, so that ansible-core scans the result for it (no_log) as well.
  - Used by C(tests/benchmarks/run_benchmarks.py) through E(ANSIBLE_LIBRARY).
options:
  path:
    description: The JSON file holding the list of items.
    type: path
    required: true
  secret_key:
    description: Only so that the result is scanned for a no_log value, as with the real module.
    type: str
'''

import json

from ansible.module_utils.basic import AnsibleModule, env_fallback


def main():
    module = AnsibleModule(
        argument_spec={
            "path": {"type": "path", "required": True},
            "secret_key": {"type": "str", "no_log": True, "fallback": (env_fallback, ["HUAWEICLOUD_SDK_SK"])},
        },
        supports_check_mode=True,
    )
    with open(module.params["path"], encoding="utf-8") as handle:
        items = json.load(handle)
    module.exit_json(changed=False, image_servers=items, count=len(items))


if __name__ == "__main__":
    main()
