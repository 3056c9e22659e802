# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The join of image servers and server groups (module_utils/_server_groups.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._server_groups import (
    count_by_label,
    describe_duplicates,
    group_labels,
    group_record,
    record_of,
    referenced_groups,
    server_group_label,
    tags_mapping,
)

GROUPS = [
    {"id": "a", "name": "Finance", "tags": [{"key": "env", "value": "prod"}, {"key": "team", "value": "fin"}]},
    {"id": "b", "name": "Design", "tags": []},
    {"id": "c", "name": "Finance"},
    {"id": "d", "name": "unused"},
]
SERVERS = [
    {"server_group_id": "a"},
    {"server_group_id": "a"},
    {"server_group_id": "b"},
    {"server_group_id": "gone"},
    {"server_group_id": ""},
    {},
    {"server_group_id": ["broken"]},
]


@pytest.mark.parametrize(
    "tags,expected",
    [
        ([{"key": "env", "value": "prod"}], {"env": "prod"}),
        ([{"key": "k"}], {"k": None}),
        ([{"value": "v"}, "text", {"key": 5, "value": "x"}], {}),
        (None, {}),
        ({"env": "prod"}, {}),
        ("env=prod", {}),
    ],
)
def test_tags_mapping(tags, expected):
    assert tags_mapping(tags) == expected


def test_group_record_copies_and_never_changes_the_api_item():
    item = dict(GROUPS[0])
    record = group_record(item)
    assert record["tags"] == {"env": "prod", "team": "fin"} and item["tags"] == GROUPS[0]["tags"]


def test_only_referenced_existing_groups_are_joined():
    records = referenced_groups(SERVERS, GROUPS)
    assert list(records) == ["a", "b"]
    assert record_of(SERVERS[0], records)["name"] == "Finance"
    assert [record_of(server, records) for server in SERVERS[3:]] == [None] * 4


def test_labels_are_names_unless_shared_or_not_text():
    records = referenced_groups(SERVERS + [{"server_group_id": "c"}], GROUPS + [{"id": "e", "name": 7}])
    labels, duplicates = group_labels(records)
    assert labels == {"a": "a", "b": "Design", "c": "c"} and duplicates == ["Finance"]
    assert group_labels({"e": {"name": "  "}, "f": {"name": None}}) == ({"e": "e", "f": "f"}, [])


def test_server_labels_and_counts():
    labels, dummy = group_labels(referenced_groups(SERVERS, GROUPS))
    assert [server_group_label(server, labels) for server in SERVERS] == ["Finance", "Finance", "Design", "gone", None, None, None]
    assert count_by_label(SERVERS, labels) == {"Finance": 2, "Design": 1, "gone": 1, "": 3}


def test_duplicate_warning_is_one_line_with_a_few_examples():
    message = describe_duplicates(["n%d" % number for number in range(8)])
    assert message.startswith("8 server group name(s)") and "'n4'" in message and "and 3 more" in message
