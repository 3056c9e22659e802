# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: benchmark_floor
short_description: The cost of ansible-core itself, for the benchmark (not part of the collection)
description:
  - Adds hosts, host variables and groups from a JSON file with direct C(add_group), C(add_host),
    C(set_variable) and C(add_child) calls, and nothing else (no network, no templating, no option
    handling beyond the file name). Whatever an inventory plugin adds on top of this is its own cost.
  - 'The JSON file holds C({"groups": [name, ...], "hosts": {name: {variable: value}},
    "members": {group: [host, ...]}}).'
  - Used by C(tests/benchmarks/run_benchmarks.py) through E(ANSIBLE_INVENTORY_PLUGINS).
  - With ansible-core 2.19 and later, C(inventory.set_variable) (the documented way) copies each value
    to tag it with its origin; O(set_variable=host) calls the host's own C(set_variable) instead, as
    the image_servers plugin does, for the cheapest possible floor.
options:
  plugin:
    description: Marks the file as a configuration of this plugin.
    required: true
    choices: [benchmark_floor]
  data:
    description: Path of the JSON file, relative to the configuration file unless absolute.
    type: str
    required: true
  set_variable:
    description: Through the inventory (V(inventory)) or directly on the host object (V(host)).
    type: str
    choices: [inventory, host]
    default: inventory
'''

import json
import os

from ansible.plugins.inventory import BaseInventoryPlugin


class InventoryModule(BaseInventoryPlugin):
    NAME = 'benchmark_floor'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith('.floor.yml')

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        data_path = os.path.join(os.path.dirname(path), self.get_option('data'))
        with open(data_path, encoding='utf-8') as handle:
            data = json.load(handle)
        add_group, add_host = self.inventory.add_group, self.inventory.add_host
        set_variable, add_child = self.inventory.set_variable, self.inventory.add_child
        on_host = self.get_option('set_variable') == 'host'
        for group in data['groups']:
            add_group(group)
        for host, variables in data['hosts'].items():
            add_host(host)
            if on_host:
                set_host_variable = self.inventory.hosts[host].set_variable
                for name, value in variables.items():
                    set_host_variable(name, value)
            else:
                for name, value in variables.items():
                    set_variable(host, name, value)
        for group, hosts in data['members'].items():
            for host in hosts:
                add_child(group, host)
