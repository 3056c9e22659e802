#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Time one listing through the collection's client, without Ansible around it (benchmark helper).

    python bench_listing.py COLLECTIONS_DIR CONFIG_JSON

COLLECTIONS_DIR holds ansible_collections/huaweicloud/workspace (the code under test, e.g. this
branch or a checkout of main). CONFIG_JSON: {"regions": [{"region", "endpoint", "project_id"}],
"access_key", "secret_key", "concurrency", "max_requests_per_second"}; every region is listed
concurrently with list_image_servers_by_region, as the inventory plugin does. Prints one JSON
line: {"seconds", "cpu_seconds" (of this process), "counts": {region: items}, "errors": {region: message}}.
"""

import json
import sys
import time


def main(argv):
    collections_dir, config_path = argv[1:3]
    sys.path.insert(0, collections_dir)
    # pylint: disable=import-outside-toplevel
    from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import list_image_servers_by_region
    from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings

    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    settings_list = []
    for region in config["regions"]:
        options = {
            "region": region["region"],
            "endpoint": region["endpoint"],
            "iam_endpoint": region["endpoint"],
            "project_id": region["project_id"],
            "access_key": config["access_key"],
            "secret_key": config["secret_key"],
            "concurrency": config.get("concurrency", 16),
        }
        if config.get("max_requests_per_second") is not None:
            options["max_requests_per_second"] = config["max_requests_per_second"]
        settings_list.append(ConnectionSettings.from_options(options))
    start, cpu_start = time.perf_counter(), time.process_time()
    results = list_image_servers_by_region(settings_list)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    counts, errors = {}, {}
    for settings, result in results:
        if isinstance(result, Exception):
            errors[settings.region] = str(result)
        else:
            counts[settings.region] = len(result.items)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "counts": counts, "errors": errors}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
