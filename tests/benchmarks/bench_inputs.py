# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The files one benchmark size needs, all derived from one generated fleet.

The fleet is generated with the emulator's own generator and served with ``--data``, so the
floor's JSON, the static YAML inventory and the expected inventory are built from exactly the
items the plugin receives, by rules written here independently of the plugin.
"""

import json
import os
import re

import yaml

from tests.emulator.fleet import generate_fleet

HOSTVARS_PREFIX = "wks_"
REGION = "cn-north-4"
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]")

PLUGIN_CONFIG = "plugin: huaweicloud.workspace.image_servers\n"
FLOOR_CONFIG = "plugin: benchmark_floor\ndata: floor.json\n"
FLOOR_HOST_CONFIG = FLOOR_CONFIG + "set_variable: host\n"

MODULE_PLAYBOOK = """\
- name: Every image server of the fleet
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: List the whole fleet
      huaweicloud.workspace.image_server_info:
      register: fleet
    - name: The listing is complete
      ansible.builtin.assert:
        that: fleet.image_servers | length == {count}
        quiet: true
"""

MODULE_FLOOR_PLAYBOOK = """\
- name: The same fleet from a file, no network
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Return the whole fleet from a file
      benchmark_floor_info:
        path: {path}
      register: fleet
    - name: The listing is complete
      ansible.builtin.assert:
        that: fleet.image_servers | length == {count}
        quiet: true
"""

# A nightly policy with a few violations (servers without a group or accounts, a guest account: a few
# hundred of 10,000); it only reports, and returns no servers.
COMPLIANCE_PLAYBOOK = """\
- name: The fleet against a policy
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Check the whole fleet
      huaweicloud.workspace.image_server_compliance:
        rules:
          allowed_statuses: [CREATING, ACTIVE, BUILDING, BUILT, ERROR, DELETING, "NULL"]
          require_server_group: true
          min_authorized_accounts: 1
          forbidden_accounts: [guest]
          name_pattern: "img-srv-[0-9]+"
        fail_on_violation: false
      register: compliance
    - name: Every server was checked, and some break the policy
      ansible.builtin.assert:
        that: compliance.checked == {count} and 0 < compliance.violation_count < {count} / 10
        quiet: true
"""

NOOP_PLAYBOOK = """\
- name: The same play without the listing
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: A module that does nothing
      ansible.builtin.ping:
    - name: The same assertion task
      ansible.builtin.assert:
        that: true
        quiet: true
"""


def _group_name(raw):
    # What ansible-core's group name sanitising does to these names: '-' (in ids) becomes '_'.
    return _NOT_IDENTIFIER.sub("_", raw)


def floor_data(items, region, project_id):
    """{"groups", "hosts", "members"}: what the plugin must produce with its default options."""
    hosts, members = {}, {}
    for item in items:
        variables = dict((HOSTVARS_PREFIX + field, value) for field, value in item.items())
        variables[HOSTVARS_PREFIX + "region"] = region
        variables[HOSTVARS_PREFIX + "project_id"] = project_id
        name = item["name"]
        hosts[name] = variables
        status = (item.get("status") or "null").lower()
        groups = ["status_" + status]
        if item.get("server_group_id"):
            groups.append("server_group_" + item["server_group_id"])
        for group in groups:
            members.setdefault(_group_name(group), []).append(name)
    return {"groups": sorted(members), "hosts": hosts, "members": members}


def static_yaml(data):
    """The same inventory as a static YAML file; each host's variables where it is first listed."""
    placed = set()
    children = {}
    for group in data["groups"]:
        entries = {}
        for host in data["members"][group]:
            entries[host] = None if host in placed else data["hosts"][host]
            placed.add(host)
        children[group] = {"hosts": entries}
    document = {"all": {"children": children}}
    ungrouped = dict((host, variables) for host, variables in data["hosts"].items() if host not in placed)
    if ungrouped:
        document["all"]["hosts"] = ungrouped
    return yaml.dump(document, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), default_flow_style=False, allow_unicode=True, sort_keys=False)


class SizeInputs(object):
    """Files for one fleet size under `directory`: data, floor, static YAML, configs, playbooks."""

    def __init__(self, directory, count, seed):
        self.directory = directory
        self.count = count
        self.seed = seed
        self.fleet_file = os.path.join(directory, "fleet.json")
        self.floor_dir = os.path.join(directory, "floor")
        self.floor_config = os.path.join(self.floor_dir, "fleet.floor.yml")
        self.floor_host_config = os.path.join(self.floor_dir, "fleet_host.floor.yml")
        self.static_dir = os.path.join(directory, "static")
        self.static_inventory = os.path.join(self.static_dir, "fleet.yml")
        self.plugin_dir = os.path.join(directory, "plugin")
        self.cold_config = os.path.join(self.plugin_dir, "cold.image_servers.yml")
        self.cold_groups_config = os.path.join(self.plugin_dir, "cold_groups.image_servers.yml")
        self.sequential_config = os.path.join(self.plugin_dir, "sequential.image_servers.yml")
        self.cached_config = os.path.join(self.plugin_dir, "cached.image_servers.yml")
        self.cache_dir = os.path.join(directory, "cache")
        self.module_playbook = os.path.join(directory, "module.yml")
        self.module_floor_playbook = os.path.join(directory, "module_floor.yml")
        self.noop_playbook = os.path.join(directory, "noop.yml")
        self.compliance_playbook = os.path.join(directory, "compliance.yml")
        self.localhost_inventory = os.path.join(directory, "localhost.ini")

    def write_fleet(self):
        """Generate the fleet and write the file the emulator serves; returns the items."""
        os.makedirs(self.directory, exist_ok=True)
        items = generate_fleet(self.count, self.seed)
        with open(self.fleet_file, "w", encoding="utf-8") as handle:
            json.dump(items, handle, ensure_ascii=False)
        return items

    def write_inventories(self, items, project_id, python):
        """The floor's JSON, the static YAML, the plugin configurations and the playbooks."""
        for directory in (self.floor_dir, self.static_dir, self.plugin_dir, self.cache_dir):
            os.makedirs(directory, exist_ok=True)
        data = floor_data(items, REGION, project_id)
        with open(os.path.join(self.floor_dir, "floor.json"), "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        _write(self.floor_config, FLOOR_CONFIG)
        _write(self.floor_host_config, FLOOR_HOST_CONFIG)
        _write(self.static_inventory, static_yaml(data))
        _write(self.cold_config, PLUGIN_CONFIG)
        _write(self.cold_groups_config, PLUGIN_CONFIG + "server_group_details: true\n")
        _write(self.sequential_config, PLUGIN_CONFIG + "concurrency: 1\n")
        _write(
            self.cached_config, PLUGIN_CONFIG + "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\ncache_timeout: 0\n" % self.cache_dir
        )
        _write(self.module_playbook, MODULE_PLAYBOOK.format(count=self.count))
        _write(self.module_floor_playbook, MODULE_FLOOR_PLAYBOOK.format(path=self.fleet_file, count=self.count))
        _write(self.noop_playbook, NOOP_PLAYBOOK)
        _write(self.compliance_playbook, COMPLIANCE_PLAYBOOK.format(count=self.count))
        _write(self.localhost_inventory, "localhost ansible_connection=local ansible_python_interpreter=%s\n" % python)


def _write(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
