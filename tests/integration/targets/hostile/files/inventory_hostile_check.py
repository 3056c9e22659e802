# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of what Ansible made of the hostile fleet of inventory_hostile_fleet.py.

    python inventory_hostile_check.py list LIST_JSON WORKDIR    ansible-inventory --list
    python inventory_hostile_check.py graph GRAPH_TEXT          ansible-inventory --graph
    python inventory_hostile_check.py host HOST_JSON            ansible-inventory --host <web-01's new name>
    python inventory_hostile_check.py text FILE                 stderr, play output: no raw control character
    python inventory_hostile_check.py ssh ARGV_LOG WORKDIR      the arguments ssh was called with

The expectations are written out here, independently of the plugin's code. Standard library only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "setup_emulator", "files"))
from inventory_json import unwrap  # noqa: E402 pylint: disable=wrong-import-position

ID = "70000000000000%04d"
HOSTILE_TEMPLATE = "{{ lookup('pipe', 'id') }}"
COMPOSED = {"ansible_ssh_executable", "ansible_user", "ansible_host"}  # what the inventory file's compose sets
# Variables Ansible reads, as the issue lists them; none may come from API data.
MAGIC = {
    "inventory_hostname",
    "inventory_hostname_short",
    "group_names",
    "groups",
    "hostvars",
    "omit",
    "playbook_dir",
    "play_hosts",
    "environment",
    "vars",
    "role_names",
    "lookup",
    "query",
}
# Set by ansible-core itself on every host of a file source.
ANSIBLE_SET = {"inventory_file", "inventory_dir"}


def expected_hosts(work):
    return {
        "web-01_" + ID % 1,
        "web-01_" + ID % 13,
        "_-oProxyCommand=touch %s" % os.path.join(work, "marker-hostname"),
        "bad_name_[31m_____",
        "localhost_" + ID % 4,
        "all_" + ID % 5,
        "ungrouped_" + ID % 6,
        "127.0.0.1_" + ID % 7,
        "status_active_" + ID % 8,
        "server_group_sg_1_" + ID % 9,
        "image_gold_" + ID % 10,
        HOSTILE_TEMPLATE,
        "odd-groups",
    }


EXPECTED_GROUPS = {"all", "status_active", "status_active__", "server_group_sg_1", "server_group_sg___2J", "image_public", "image_gold", "image_x__"}


def fail(message):
    sys.exit("FAILED: " + message)


def safe(name):
    if not name or not name.isprintable():
        fail("a name with control characters (or empty): %r" % name)


def check_list(path, work):
    with open(path, encoding="utf-8") as handle:
        data = unwrap(json.load(handle))
    hostvars = data["_meta"]["hostvars"]
    groups = set(name for name in data if name != "_meta")
    hosts = set(hostvars)
    for group in groups:
        hosts.update(data[group].get("hosts", []))
    if hosts != expected_hosts(work):
        fail("hosts %r, expected %r" % (sorted(hosts), sorted(expected_hosts(work))))
    if groups != EXPECTED_GROUPS:
        fail("groups %r, expected %r" % (sorted(groups), sorted(EXPECTED_GROUPS)))
    for name in hosts | groups:
        safe(name)
    if hosts & groups:
        fail("hosts named like groups: %r" % sorted(hosts & groups))
    for host in hosts:
        if host.startswith("-"):
            fail("a host name ssh would read as an option: %r" % host)
        for name in set(hostvars.get(host, {})) - COMPOSED - ANSIBLE_SET:
            if name.startswith(("ansible_", "_ansible_")) or name in MAGIC:
                fail("host %r has %s from API data" % (host, name))
        variables = hostvars[host]
        if variables.get("ansible_user") != "compose-user":
            fail("compose did not set ansible_user on %r: %r" % (host, variables.get("ansible_user")))
        address = variables.get("ansible_host")
        if address != variables["name"] and (address.startswith("-") or not address.isprintable()):
            fail("compose's address from data was not made safe: %r" % address)
    if hostvars["bad_name_[31m_____"]["ansible_host"] != "bad_name_[31m_____":
        fail("the address made of a name with control characters: %r" % hostvars["bad_name_[31m_____"])
    web = hostvars["web-01_" + ID % 1]
    if web["name"] != "web-01" or web["ansible_ssh_executable"] != os.path.join(work, "fake-ssh"):
        fail("web-01's variables: %r" % web)
    lookup = hostvars[HOSTILE_TEMPLATE]
    if lookup["name"] != HOSTILE_TEMPLATE or lookup["description"] != HOSTILE_TEMPLATE:
        fail("the lookup-like name was changed: %r" % lookup)
    members = dict((group, set(data[group].get("hosts", []))) for group in groups)
    if members["image_gold"] != {"image_gold_" + ID % 10}:
        fail("image_gold holds %r" % sorted(members["image_gold"]))
    if members["status_active__"] != {"odd-groups"} or members["server_group_sg___2J"] != {"odd-groups"}:
        fail("odd-groups is not in its sanitised groups: %r" % members)


def check_text(path):
    """No control character but newline (and tab) anywhere: no ESC, NUL, CR, DEL, C1, bidi override."""
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8", errors="strict")
    for number, line in enumerate(text.split("\n"), 1):
        if not line.replace("\t", " ").isprintable():
            fail("%s line %d holds a control character: %r" % (path, number, line))


def check_graph(path):
    check_text(path)
    with open(path, encoding="utf-8") as handle:
        graph = handle.read()
    for needle in ("|--@image_gold:", "|  |--image_gold_" + ID % 10, "|--" + HOSTILE_TEMPLATE, "bad_name_[31m_____"):
        if needle not in graph:
            fail("%r not in the graph:\n%s" % (needle, graph))


def check_host(path):
    with open(path, encoding="utf-8") as handle:
        variables = unwrap(json.load(handle))
    if variables.get("name") != "web-01" or variables.get("ansible_user") != "compose-user":
        fail("--host: %r" % variables)
    taken = sorted(name for name in set(variables) - COMPOSED - ANSIBLE_SET if name.startswith(("ansible_", "_ansible_")) or name in MAGIC)
    if taken:
        fail("--host shows variables from API data that Ansible reads: %r" % taken)


def check_ssh(path, work):
    """ssh was called (so the hosts were really tried) and never with an option from data."""
    with open(path, encoding="utf-8") as handle:
        calls = [call.split("\n") for call in handle.read().split("\n\n") if call.strip()]
    if not calls:
        fail("ssh was never called")
    arguments = [argument for call in calls for argument in call]
    for argument in arguments:
        if "marker-proxy" in argument or argument.startswith(("ProxyCommand", "-oProxyCommand")):
            fail("ssh was given a ProxyCommand from API data: %r" % argument)
        if "attacker" in argument:
            fail("ssh was given a value from API data: %r" % argument)
    if not any("compose-user" in argument for argument in arguments):
        fail("ssh never saw the user set by compose: %r" % calls[:2])
    if "_-oProxyCommand=touch %s" % os.path.join(work, "marker-hostname") not in arguments:
        fail("the dash-prefixed name did not reach ssh as a plain host name: %r" % calls)


def main(argv):
    command = argv[1]
    if command == "list":
        check_list(argv[2], argv[3])
    elif command == "graph":
        check_graph(argv[2])
    elif command == "host":
        check_host(argv[2])
    elif command == "text":
        check_text(argv[2])
    elif command == "ssh":
        check_ssh(argv[2], argv[3])
    else:
        fail("unknown check %r" % command)


if __name__ == "__main__":
    main(sys.argv)
