# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Joining image servers with their server groups (server_group_details), once for every caller.

An image server only carries `server_group_id`; ListServerGroups gives each group's name, OS
type, application type and tags. The module and the inventory plugin both use this join, so that
a group's record, its label and the handling of duplicate names and deleted groups are the same
everywhere. Pure functions over API data: nothing here talks HTTP or Ansible.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def _scalar_id(value):
    """A usable id as text, or None (null, empty, or a broken answer's list or object)."""
    if value in (None, "") or isinstance(value, (dict, list, bool)):
        return None
    return value if isinstance(value, str) else str(value)


def tags_mapping(tags):
    """The API's tags, a list of {key, value}, as {key: value}; anything else is skipped."""
    mapping = {}
    for tag in tags if isinstance(tags, list) else ():
        if isinstance(tag, dict) and isinstance(tag.get("key"), str):
            mapping[tag["key"]] = tag.get("value")
    return mapping


def group_record(group):
    """A server group as users see it: every API field, with tags as a {key: value} mapping."""
    record = dict(group)
    record["tags"] = tags_mapping(group.get("tags"))
    return record


def referenced_groups(servers, groups):
    """{id: record} of the groups that the servers reference and that exist, in API order."""
    wanted = set(_scalar_id(server.get("server_group_id")) for server in servers)
    records = {}
    for group in groups:
        group_id = _scalar_id(group.get("id"))
        if group_id is not None and group_id in wanted and group_id not in records:
            records[group_id] = group_record(group)
    return records


def record_of(server, records):
    """The joined record of the server's group, or None (no group, or a group that no longer exists)."""
    return records.get(_scalar_id(server.get("server_group_id")))


def group_labels(records):
    """({id: label}, [duplicate names]) for joined records.

    The label is the group's name; a name that two of the groups share, or a name that is not
    text, gives way to the group's id, so that one label never stands for two groups.
    """
    by_name = {}
    for group_id, record in records.items():
        name = record.get("name")
        if isinstance(name, str) and name.strip():
            by_name.setdefault(name, []).append(group_id)
    labels = dict((group_id, group_id) for group_id in records)
    for name, ids in by_name.items():
        if len(ids) == 1:
            labels[ids[0]] = name
    return labels, sorted(name for name, ids in by_name.items() if len(ids) > 1)


def server_group_label(server, labels):
    """The server's group label: its name (see group_labels), else its id; None without a group.

    A group that no longer exists keeps its id, so a server is never dropped from its group.
    """
    group_id = _scalar_id(server.get("server_group_id"))
    if group_id is None:
        return None
    return labels.get(group_id, group_id)


def count_by_label(servers, labels):
    """{label: number of servers}; servers without a server group count under ""."""
    counts = {}
    for server in servers:
        label = server_group_label(server, labels)
        label = "" if label is None else label
        counts[label] = counts.get(label, 0) + 1
    return counts


def describe_duplicates(duplicates, limit=5):
    """The one warning about server-group names that two groups share."""
    shown = ", ".join(repr(name) for name in duplicates[:limit])
    more = "" if len(duplicates) <= limit else ", and %d more" % (len(duplicates) - limit)
    return "%d server group name(s) belong to more than one server group (%s%s); those groups are named by their id instead" % (len(duplicates), shown, more)
