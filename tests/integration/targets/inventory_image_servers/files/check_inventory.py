# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check `ansible-inventory --list` output against what files/fleet.json must become.

    python check_inventory.py CASE LIST_JSON [ARGUMENT]

The expectations are written out here, independently of the plugin's code. Standard library only.
ansible-core 2.19 prints untrusted strings as {"__ansible_unsafe": "..."}; they are unwrapped.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "setup_emulator", "files"))
from inventory_json import unwrap  # noqa: E402 pylint: disable=wrong-import-position

PROJECT_NORTH = "a4da8115c9d8464ead3a38309130523f"
SG1 = "server_group_5e1a0f0d_4691_b303_abb1_30af3dec487b"
SG2 = "server_group_307063e2_e5cc_4cfe_158e_86e89f2c90d6"
HOSTILE = "{{ lookup('pipe', 'id') }}"
ID = "6000000000000000%02d"

# Single region: the hostnames of fleet.json's items 1..9 ('dup' twice, an empty name, 'all').
NAMES = ["web-01", "web-02", "db-01", "dup_" + ID % 4, "dup_" + ID % 5, HOSTILE, ID % 7, "all_" + ID % 8, "web-03"]
DEFAULT_GROUPS = {
    "status_active": ["web-01", "web-02", "web-03"],
    "status_error": ["db-01"],
    "status_built": ["dup_" + ID % 4],
    "status_creating": ["dup_" + ID % 5],
    "status_null": [HOSTILE],
    "status_deleting": [ID % 7],
    "status_building": ["all_" + ID % 8],
    SG1: ["web-01", "web-02", HOSTILE, "all_" + ID % 8, "web-03"],
    SG2: ["db-01", "dup_" + ID % 4, ID % 7],
}


def fleet():
    with open(os.path.join(HERE, "fleet.json"), encoding="utf-8") as handle:
        return json.load(handle)["items"]


class Inventory(object):
    def __init__(self, path):
        with open(path, encoding="utf-8") as handle:
            self.data = unwrap(json.load(handle))
        self.hostvars = self.data.get("_meta", {}).get("hostvars", {})

    def hosts(self):
        return sorted(self.hostvars)

    def members(self, group):
        return sorted(self.data.get(group, {}).get("hosts", []))

    def variable(self, host, name, default=None):
        """A variable as a play sees it: the host's own, else one of its groups' (--list puts group
        variables under the group's "vars")."""
        if name in self.hostvars.get(host, {}):
            return self.hostvars[host][name]
        for group, content in self.data.items():
            if group != "_meta" and host in content.get("hosts", []) and name in content.get("vars", {}):
                return content["vars"][name]
        return default

    def groups(self):
        return sorted(name for name in self.data if name not in ("_meta", "all", "ungrouped") and self.data[name].get("hosts"))


def expect(condition, message, *details):
    if not condition:
        sys.stderr.write("FAILED: %s\n" % message)
        for detail in details:
            sys.stderr.write("  %s\n" % (detail,))
        sys.exit(1)


def expect_equal(actual, wanted, message):
    expect(actual == wanted, message, "wanted: %r" % (wanted,), "actual: %r" % (actual,))


def expect_groups(inventory, wanted):
    expect_equal(inventory.groups(), sorted(wanted), "the set of non-empty groups")
    for group, members in wanted.items():
        expect_equal(inventory.members(group), sorted(members), "members of %s" % group)


def check_hostvars(inventory, names, region, project_id, prefix="wks_"):
    for item, name in zip(fleet(), names):
        variables = inventory.hostvars[name]
        for field, value in item.items():
            expect_equal(variables.get(prefix + field), value, "hostvar %s%s of %s" % (prefix, field, name))
            expect(field not in variables, "unprefixed API field %s on %s" % (field, name))
        expect_equal(variables.get(prefix + "region"), region, "%sregion of %s" % (prefix, name))
        expect_equal(variables.get(prefix + "project_id"), project_id, "%sproject_id of %s" % (prefix, name))


def case_default(inventory, argument):
    expect_equal(inventory.hosts(), sorted(NAMES), "hosts")
    expect_groups(inventory, DEFAULT_GROUPS)
    check_hostvars(inventory, NAMES, "cn-north-4", PROJECT_NORTH)


def case_graph(path, argument):
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle]
    expect("@all:" in lines, "--graph shows @all", *lines)
    for group, members in DEFAULT_GROUPS.items():
        expect("  |--@%s:" % group in lines, "--graph shows group %s" % group, *lines)
        start = lines.index("  |--@%s:" % group) + 1
        shown = []
        while start < len(lines) and lines[start].startswith("  |  |--"):
            shown.append(lines[start][len("  |  |--") :])
            start += 1
        expect_equal(sorted(shown), sorted(members), "--graph members of %s" % group)


def case_constructed(inventory, argument):
    wanted = dict(DEFAULT_GROUPS, gold_images=["web-02"])
    expect_groups(inventory, wanted)
    expect_equal(inventory.hostvars["web-02"].get("image_type"), "gold", "composed image_type")
    expect_equal(inventory.hostvars["web-01"].get("ecs_id"), "ecs-01", "composed ecs_id")


def case_filtered(inventory, argument):
    expect_equal(inventory.hosts(), ["web-01", "web-02"], "hosts matching server_name=web in project 0")


def case_statuses(inventory, argument):
    expect_equal(inventory.hosts(), sorted(["db-01", HOSTILE]), "hosts with status ERROR or null")
    expect_groups(inventory, {"status_error": ["db-01"], "status_null": [HOSTILE], SG1: [HOSTILE], SG2: ["db-01"]})


def region_names(region):
    """Two regions serving the same fleet: every name is shared, so each gains its id (and region)."""
    names = []
    for number, name in enumerate(["web-01", "web-02", "db-01", "dup", "dup", HOSTILE, ID % 7, "all", "web-03"], 1):
        if name == ID % 7:
            names.append("%s_%s" % (name, region))
        elif region == "cn-north-4":
            names.append("%s_%s" % (name, ID % number))
        else:
            names.append("%s_%s_%s" % (name, ID % number, region))
    return names


def case_regions(inventory, argument):
    north, east = region_names("cn-north-4"), region_names("cn-east-3")
    expect_equal(inventory.hosts(), sorted(north + east), "hosts of both regions")
    expect_equal(inventory.members("region_cn_north_4"), sorted(north), "members of region_cn_north_4")
    expect_equal(inventory.members("region_cn_east_3"), sorted(east), "members of region_cn_east_3")
    expect_equal(inventory.members("status_null"), sorted([north[5], east[5]]), "members of status_null")
    check_hostvars(inventory, north, "cn-north-4", PROJECT_NORTH)
    east_project = inventory.hostvars[east[0]]["wks_project_id"]
    expect(re.match(r"^[0-9a-f]{32}$", east_project) and east_project != PROJECT_NORTH, "cn-east-3 has its own discovered project id", east_project)
    check_hostvars(inventory, east, "cn-east-3", east_project)


def case_region_skipped(inventory, argument):
    expect_equal(inventory.hosts(), sorted(NAMES), "only the hosts of cn-north-4")
    expect(not inventory.members("region_cn_east_3"), "no hosts of the region that is down")
    expect_equal(inventory.members("region_cn_north_4"), sorted(NAMES), "members of region_cn_north_4")


def case_templated(inventory, argument):
    names = ["WEB-01", "WEB-02", "DB-01", "DUP_" + ID % 4, "DUP_" + ID % 5, HOSTILE.upper(), ID % 7, "ALL", "WEB-03"]
    expect_equal(inventory.hosts(), sorted(names), "hosts named by the template (literal API data)")


def case_generated(inventory, argument):
    hosts = inventory.hosts()
    expect_equal(len(hosts), int(argument), "one host per image server, none lost or merged")
    ids = sorted(variables["wks_id"] for variables in inventory.hostvars.values())
    expect_equal(len(set(ids)), int(argument), "distinct image server ids")
    # Templates stay literal; control characters never reach a host name (they become '_').
    for hostile, host in ((HOSTILE, HOSTILE), ("{% for x in range(3) %}loop{% endfor %}",) * 2, ("tab\tand\nnewline", "tab_and_newline")):
        named = [name for name, variables in inventory.hostvars.items() if variables["wks_name"] == hostile]
        expect(named and named[0].startswith(host), "hostile name kept literally, control characters as _", hostile, named)


FINANCE = "server_group_Finance_Desktops"
SG1_ID = "5e1a0f0d-4691-b303-abb1-30af3dec487b"
FINANCE_HOSTS = DEFAULT_GROUPS[SG1]


def finance_record(inventory, host):
    record = inventory.variable(host, "wks_server_group")
    expect(isinstance(record, dict), "wks_server_group of %s is the group's record" % host, record)
    expect_equal(record["name"], "Finance Desktops", "server group name of %s" % host)
    expect_equal(record["tags"], {"env": "prod", "team": "finance"}, "tags as a mapping on %s" % host)
    expect_equal(record["os_type"], "Windows", "os_type of %s" % host)


def case_server_groups(inventory, argument):
    """files/server_groups.json: SG1 is Finance Desktops (tagged), SG2 no longer exists."""
    wanted = dict((group, members) for group, members in DEFAULT_GROUPS.items() if group != SG1)
    wanted.update({FINANCE: FINANCE_HOSTS, "tag_env_prod": FINANCE_HOSTS, "tag_team_finance": FINANCE_HOSTS})
    expect_equal(inventory.hosts(), sorted(NAMES), "hosts")
    expect_groups(inventory, wanted)
    for host in FINANCE_HOSTS:
        finance_record(inventory, host)
    for host in DEFAULT_GROUPS[SG2] + ["dup_" + ID % 5]:
        expect(inventory.variable(host, "wks_server_group", "missing") is None, "wks_server_group of %s (deleted group or none) is null" % host)
    check_hostvars(inventory, NAMES, "cn-north-4", PROJECT_NORTH)


def case_regions_groups(inventory, argument):
    """Both regions joined; argument "north" when cn-east-3 was skipped."""
    # With cn-east-3 skipped, the hosts of cn-north-4 are unique and keep their names.
    hosts = NAMES if argument == "north" else region_names("cn-north-4") + region_names("cn-east-3")
    expect_equal(inventory.hosts(), sorted(hosts), "hosts")
    finance = [host for host in hosts if inventory.hostvars[host]["wks_server_group_id"] == SG1_ID]
    expect_equal(len(finance), 5 * (len(hosts) // 9), "hosts of Finance Desktops")
    expect_equal(inventory.members(FINANCE), sorted(finance), "members of %s, over the regions" % FINANCE)
    for host in finance:
        finance_record(inventory, host)


def case_generated_groups(inventory, argument):
    """A generated fleet with --hostile-names: groups by name, ids for shared names and deleted groups."""
    groups = [group for group in inventory.groups() if group.startswith("server_group_")]
    for group in groups:
        expect(re.match(r"^\w+$", group), "server group group names are sanitised", group)
    expect("server_group_Shared_Desktops" not in groups, "a shared name is no group", groups)
    by_id = re.compile(r"^server_group_[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}$")
    named = [group for group in groups if not by_id.match(group)]
    expect(len(named) >= 3 and any("Finance_Desktops" in group for group in named), "groups named by name", named)
    missing = 0
    for host, variables in inventory.hostvars.items():
        record = inventory.variable(host, "wks_server_group")
        if record is None:
            missing += 1
            continue
        expect_equal(record["id"], variables["wks_server_group_id"], "the record of %s's own group" % host)
        expect(isinstance(record["tags"], dict), "tags as a mapping", record["tags"])
    expect(missing > 0, "servers of deleted groups have a null wks_server_group")
    records = [inventory.variable(host, "wks_server_group") for host in inventory.hostvars]
    hostile = [record["name"] for record in records if record and "lookup" in record["name"]]
    expect(hostile and hostile[0] == HOSTILE, "a hostile group name stays literal", hostile[:1])


def case_same(inventory, argument):
    other = Inventory(argument)
    expect_equal(inventory.data, other.data, "the same inventory as %s" % argument)


CASES = dict((name[len("case_") :], function) for name, function in globals().items() if name.startswith("case_"))


def main(argv):
    if len(argv) < 3 or argv[1] not in CASES:
        sys.stderr.write("usage: check_inventory.py {%s} OUTPUT [ARGUMENT]\n" % ",".join(sorted(CASES)))
        return 2
    case, path = argv[1], argv[2]
    subject = path if case == "graph" else Inventory(path)
    CASES[case](subject, argv[3] if len(argv) > 3 else None)
    print("ok: %s" % case)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
