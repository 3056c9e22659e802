# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The EXAMPLES of the collection's modules and filters as playbooks, and a fleet they pass against.

    plugin_examples.py fleet ROOT FILE      a fleet (JSON) with every field the examples look at
                                            (ROOT: the collection root, for the emulator's generator)
    plugin_examples.py playbook PLUGIN FILE the EXAMPLES of PLUGIN (ansible-doc --json on stdin) as a play
    plugin_examples.py inventories PLUGIN DIR
                                            each inventory configuration of the EXAMPLES of the
                                            inventory plugin PLUGIN (ansible-doc --json on stdin),
                                            as DIR/NN.image_servers.yml; prints their paths

The playbook is the EXAMPLES unchanged, as the tasks of one play on localhost, in their order (later
tasks use what earlier ones registered). The one thing added is where credentials come from: the
run exports the emulator's credentials (HUAWEICLOUD_SDK_AK/SK), and a task that names credentials
of its own (in its options or its module_defaults) gets those variables emptied, so that it
authenticates the way it shows and not with the environment's.

An inventory plugin's EXAMPLES are configuration files: the first as written, the others commented
out (a paragraph from its "# plugin:" line on, every line commented). scripts/lib/check_ansible_doc.py
reads them the same way, with inventory_configurations() from here.

The fleet is what an example expects of a healthy fleet: no server in ERROR, every server in a
server group and an enterprise project, accounts of corp.example.org only, a server in BUILDING
for an hour (the inventory example reads the status_building group), a name containing "finance"
and the server ID the examples look up.
"""

import datetime
import json
import os
import re
import sys

import yaml

CREDENTIAL_OPTIONS = ("access_key", "secret_key", "security_token", "auth_token", "user_name", "password", "profile", "credentials_file")
# Emptied for a task with credentials of its own; an empty variable counts as unset.
CREDENTIAL_VARIABLES = ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HW_ACCESS_KEY", "HW_SECRET_KEY")
LOOKED_UP_ID = "697612196993040384"
ENTERPRISE_PROJECTS = ("1b8e4d3c-5a6f-4e2b-9c1d-7a8b9c0d1e2f", "5d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d")
HEALTHY_STATUSES = ("ACTIVE", "ACTIVE", "BUILT")


class ExampleLoader(yaml.SafeLoader):
    """YAML as the examples write it, vault-encrypted values included."""


ExampleLoader.add_constructor("!vault", lambda loader, node: loader.construct_scalar(node))
ExampleLoader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))


def inventory_configurations(examples):
    """(first line, configuration text) of each inventory file of an inventory plugin's EXAMPLES."""
    for paragraph in re.split(r"\n\s*\n", examples):
        lines = paragraph.splitlines()
        start = next((index for index, line in enumerate(lines) if re.match(r"^(# )?plugin:", line)), None)
        if start is not None:
            commented = lines[start].startswith("#")
            body = [re.sub(r"^# ?", "", line) if commented else line for line in lines[start:]]
            yield lines[start], "\n".join(body) + "\n"


def healthy_fleet(root, count=160):
    sys.path.insert(0, root)
    from tests.emulator.fleet import generate_fleet  # pylint: disable=import-outside-toplevel

    items = generate_fleet(count, seed=7)
    groups = sorted(set(item["server_group_id"] for item in items if item["server_group_id"]))
    an_hour_ago = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for index, item in enumerate(items):
        item["status"] = HEALTHY_STATUSES[index % len(HEALTHY_STATUSES)]
        item["server_group_id"] = item["server_group_id"] or groups[0]
        item["enterprise_project_id"] = ENTERPRISE_PROJECTS[index % len(ENTERPRISE_PROJECTS)]
        item["authorize_accounts"] = [{"account": "user%04d" % (index + 1), "account_type": "USER", "domain": "corp.example.org"}]
    items[0]["name"] = "finance-desktop-01"
    items[1]["id"] = LOOKED_UP_ID
    items[2].update(status="BUILDING", update_time=an_hour_ago)
    return items


def option_mappings(task):
    """What a task sets: the options of the collection's module it calls, and its module_defaults."""
    for key, value in task.items():
        if key.startswith("huaweicloud.workspace.") and isinstance(value, dict):
            yield value
    yield from (task.get("module_defaults") or {}).values()


def names_credentials(task):
    return any(option in (values or {}) for values in option_mappings(task) for option in CREDENTIAL_OPTIONS)


def playbook(plugin, examples):
    tasks = yaml.safe_load(examples)
    for task in tasks:
        if names_credentials(task):
            task["environment"] = dict((name, "") for name in CREDENTIAL_VARIABLES)
    return [{"name": "EXAMPLES of %s" % plugin, "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}]


def main(argv):
    if len(argv) == 4 and argv[1] == "fleet":
        with open(argv[3], "w", encoding="utf-8") as handle:
            json.dump(healthy_fleet(argv[2]), handle)
    elif len(argv) == 4 and argv[1] == "playbook":
        examples = json.load(sys.stdin)[argv[2]]["examples"]
        with open(argv[3], "w", encoding="utf-8") as handle:
            yaml.safe_dump(playbook(argv[2], examples), handle, sort_keys=False)
    elif len(argv) == 4 and argv[1] == "inventories":
        examples = json.load(sys.stdin)[argv[2]]["examples"]
        for number, (dummy, text) in enumerate(inventory_configurations(examples), 1):
            path = os.path.join(argv[3], "%02d.image_servers.yml" % number)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            print(path)
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
