# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory plugin's default groups and server-group records, without an inventory."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.plugins.inventory import to_safe_group_name

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_groups import (
    configured_group_names,
    default_groups,
    refuse_groups_named_like_the_controller,
    server_group_labels,
    server_group_variables,
)


def item(server_id, status="ACTIVE", server_group_id="sg-1"):
    return {"id": server_id, "name": "wks-%s" % server_id, "status": status, "server_group_id": server_group_id}


def region(name, items, server_groups=None):
    result = {"region": name, "project_id": "p-%s" % name, "items": items}
    if server_groups is not None:
        result["server_groups"] = server_groups
    return result


def records_of(*regions):
    return [(result, entry) for result in regions for entry in result["items"]]


class CountingSanitizer(object):
    """Ansible's sanitiser, counting the names it is given."""

    def __init__(self):
        self.calls = []

    def __call__(self, name):
        self.calls.append(name)
        return to_safe_group_name(name)


def test_default_groups_by_status_and_server_group():
    first = region("r1", [item("1"), item("2", status="ERROR"), item("3", server_group_id=None)])
    groups = default_groups(records_of(first), to_safe_group_name)
    assert groups.names == ["server_group_sg_1", "status_active", "status_error"]
    assert groups.members == [("status_active", "server_group_sg_1"), ("status_error", "server_group_sg_1"), ("status_active",)]
    assert groups.server_groups == ["server_group_sg_1", "server_group_sg_1", None]


def test_default_groups_by_region_only_when_asked():
    records = records_of(region("r1", [item("1")]), region("r2", [item("2")]))
    groups = default_groups(records, to_safe_group_name, by_status=False, by_server_group=False, by_region=True)
    assert groups.names == ["region_r1", "region_r2"]
    assert groups.members == [("region_r1",), ("region_r2",)]
    assert groups.server_groups == [None, None]


def test_no_default_groups():
    records = records_of(region("r1", [item("1"), item("2")]))
    groups = default_groups(records, to_safe_group_name, by_status=False, by_server_group=False)
    assert groups.names == []
    assert groups.members == [(), ()]
    assert groups.server_groups == [None, None]


def test_each_name_is_sanitised_once_whatever_the_number_of_hosts():
    sanitize = CountingSanitizer()
    records = records_of(region("r1", [item(str(number), status="ACTIVE" if number % 2 else "ERROR") for number in range(50)]))
    groups = default_groups(records, sanitize)
    assert sorted(sanitize.calls) == ["server_group_sg-1", "status_active", "status_error"]
    assert set(groups.server_groups) == {"server_group_sg_1"}


def test_hostile_server_group_ids_become_safe_group_names():
    records = records_of(region("r1", [item("1", server_group_id="a b\n{{ lookup('pipe', 'id') }}"), item("2", server_group_id={"nested": 1})]))
    groups = default_groups(records, to_safe_group_name, by_status=False)
    name = groups.server_groups[0]
    assert name == to_safe_group_name("server_group_a b\n{{ lookup('pipe', 'id') }}")
    assert all(char.isalnum() or char == "_" for char in name)
    # An id that is not a scalar is no group, never a host dropped.
    assert groups.members == [(name,), ()]


def test_names_that_sanitise_alike_make_one_group_listed_once():
    records = records_of(region("r1", [item("1", server_group_id="a-b"), item("2", server_group_id="a.b")]))
    groups = default_groups(records, to_safe_group_name, by_status=False)
    assert groups.names == ["server_group_a_b"]
    assert groups.members == [("server_group_a_b",), ("server_group_a_b",)]


def test_server_group_labels_name_groups_and_give_duplicates_their_id():
    groups = {
        "sg-1": {"id": "sg-1", "name": "finance"},
        "sg-2": {"id": "sg-2", "name": "shared"},
        "sg-3": {"id": "sg-3", "name": "shared"},
        "sg-4": {"id": "sg-4", "name": None},
    }
    first = region("r1", [item("1", server_group_id=sg) for sg in ("sg-1", "sg-2", "sg-3", "sg-4")], groups)
    labels, duplicates = server_group_labels([first])
    assert labels == {id(first): {"sg-1": "finance", "sg-2": "sg-2", "sg-3": "sg-3", "sg-4": "sg-4"}}
    assert duplicates == ["shared"]
    result = default_groups(records_of(first), to_safe_group_name, by_status=False, labels=labels)
    assert result.server_groups == ["server_group_finance", "server_group_sg_2", "server_group_sg_3", "server_group_sg_4"]


def test_server_group_labels_are_per_region_and_duplicates_are_warned_once():
    first = region("r1", [item("1")], {"sg-1": {"id": "sg-1", "name": "a"}, "sg-2": {"id": "sg-2", "name": "a"}})
    second = region("r2", [item("2")], {"sg-1": {"id": "sg-1", "name": "b"}, "sg-9": {"id": "sg-9", "name": "a"}, "sg-8": {"id": "sg-8", "name": "a"}})
    third = region("r3", [item("3")])  # answered without joined groups
    labels, duplicates = server_group_labels([first, second, third])
    assert labels[id(first)]["sg-1"] == "sg-1" and labels[id(second)]["sg-1"] == "b"
    assert labels[id(third)] == {}
    assert duplicates == ["a"]


def test_a_deleted_server_group_keeps_its_id_and_a_null_record():
    first = region("r1", [item("1", server_group_id="gone")], {})
    labels, dummy = server_group_labels([first])
    records = records_of(first)
    groups = default_groups(records, to_safe_group_name, by_status=False, labels=labels)
    assert groups.server_groups == ["server_group_gone"]
    of, on_groups = server_group_variables(records, "wks_server_group", groups.server_groups, set(groups.names))
    assert on_groups == {"server_group_gone": None}
    assert of == {id(records[0][1]): ("wks_server_group", None, False)}


def test_server_group_record_stored_once_on_a_group_standing_for_one_server_group():
    finance = {"id": "sg-1", "name": "finance", "tags": {}}
    one = region("r1", [item("1"), item("2"), item("3", server_group_id=None)], {"sg-1": finance})
    records = records_of(one)
    labels, dummy = server_group_labels([one])
    groups = default_groups(records, to_safe_group_name, labels=labels)
    of, on_groups = server_group_variables(records, "v", groups.server_groups, set(groups.names))
    assert on_groups == {"server_group_finance": finance}
    assert [of[id(entry)] for dummy, entry in records] == [("v", finance, False), ("v", finance, False), ("v", None, True)]


def test_server_group_record_on_every_host_when_one_group_stands_for_several():
    # The same id in two regions is two server groups: each host keeps its own record.
    first = region("r1", [item("1")], {"sg-1": {"id": "sg-1", "name": "one"}})
    second = region("r2", [item("2")], {"sg-1": {"id": "sg-1", "name": "two"}})
    records = records_of(first, second)
    groups = default_groups(records, to_safe_group_name)  # without labels: named by id in both regions
    of, on_groups = server_group_variables(records, "v", groups.server_groups, set(groups.names))
    assert on_groups == {}
    assert [of[id(entry)][1:] for dummy, entry in records] == [({"id": "sg-1", "name": "one"}, True), ({"id": "sg-1", "name": "two"}, True)]


def test_server_group_record_on_hosts_when_not_grouped_or_group_missing():
    first = region("r1", [item("1")], {"sg-1": {"id": "sg-1", "name": "one"}})
    records = records_of(first)
    of, on_groups = server_group_variables(records, "v")
    assert on_groups == {} and of[id(records[0][1])][2] is True
    groups = default_groups(records, to_safe_group_name)
    of, on_groups = server_group_variables(records, "v", groups.server_groups, existing_groups=())
    assert on_groups == {} and of[id(records[0][1])][2] is True


def test_server_group_records_are_marked():
    first = region("r1", [item("1"), item("2", server_group_id=None)], {"sg-1": {"id": "sg-1", "name": "one"}})
    records = records_of(first)
    of, dummy = server_group_variables(records, "v", mark=lambda value: ("marked", value))
    assert of[id(records[0][1])][1] == ("marked", {"id": "sg-1", "name": "one"})
    assert of[id(records[1][1])][1] == ("marked", None)


def test_configured_group_names():
    keyed = [{"key": "status", "parent_group": "by status"}, {"key": "x"}, "not a mapping", {"parent_group": ""}]
    assert configured_group_names({"web servers": "true", 3: "false"}, keyed, to_safe_group_name) == {"web_servers", "by_status"}
    assert configured_group_names(None, None, to_safe_group_name) == set()


def test_refuse_groups_named_like_the_controller():
    refuse_groups_named_like_the_controller({"all": 1, "ungrouped": 1, "web": 1}, set())
    refuse_groups_named_like_the_controller({"localhost": 1}, {"localhost"})  # another source made it
    with pytest.raises(WorkspaceConfigError) as error:
        refuse_groups_named_like_the_controller({"localhost": 1, "127.0.0.1": 1, "all": 1}, {"all"})
    assert "127.0.0.1 and localhost" in str(error.value)
    assert error.value.option == "keyed_groups"
