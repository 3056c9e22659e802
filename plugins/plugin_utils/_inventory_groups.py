# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Default groups of the image_servers inventory plugin, and server-group records (controller side only).

A record is a (region result, API item) pair. The default groups are status_<status>,
server_group_<label or id> and, with several regions, region_<region>; their names come from
_inventory_hosts.py and are sanitised once here, with the `sanitize` the plugin passes in
(Constructable's), so the group a host joins and the group a server-group record is stored on are
the same name. Nothing here talks to Ansible's inventory: the plugin creates the groups and sets
the variables this returns.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple
from collections.abc import Mapping

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._server_groups import group_labels, record_of, server_group_label
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_hosts import RESERVED_NAMES, region_group, server_group_group, status_group


def server_group_labels(regions):
    """({id(region): {server group id: label}}, [names two server groups of one region share], sorted)."""
    labels, duplicates = {}, set()
    for region in regions:
        labels[id(region)], shared = group_labels(region.get("server_groups") or {})
        duplicates.update(shared)
    return labels, sorted(duplicates)


class DefaultGroups(namedtuple("DefaultGroups", "names members server_groups")):
    """The default groups of a list of records.

    `names`: the safe group names to create, in a stable order (sorted by their unsanitised
    names); `members`: per record, the safe names of its groups; `server_groups`: per record, the
    safe name of its server-group group, or None (no server group, or group_by_server_group off).
    """

    __slots__ = ()


def default_groups(records, sanitize, by_status=True, by_server_group=True, by_region=False, labels=None):
    """The DefaultGroups of `records`; `labels` (server_group_labels) names server-group groups by label.

    Each distinct name is sanitised once, whatever the number of hosts.
    """
    if labels is not None:

        def server_group_kind(region, item):
            return server_group_group({"server_group_id": server_group_label(item, labels[id(region)])})
    else:

        def server_group_kind(region, item):
            return server_group_group(item)

    kinds = []
    if by_status:
        kinds.append(lambda region, item: status_group(item))
    if by_server_group:
        kinds.append(server_group_kind)
    if by_region:
        kinds.append(lambda region, item: region_group(region["region"]))
    columns = [[kind(region, item) for region, item in records] for kind in kinds]
    safe = {}
    for raw in sorted(set(raw for column in columns for raw in column if raw)):
        safe[raw] = sanitize(raw)
    if columns:
        members = [tuple(safe[raw] for raw in row if raw) for row in zip(*columns)]
    else:
        members = [()] * len(records)
    server_groups = [None] * len(records)
    if by_server_group:
        server_groups = [safe.get(raw) for raw in columns[kinds.index(server_group_kind)]]
    # Two names may sanitise alike: the group is listed once, where the first of them sorts.
    names = list(dict.fromkeys(safe.values()))
    return DefaultGroups(names, members, server_groups)


def server_group_variables(records, variable, server_groups=None, existing_groups=(), mark=None):
    """The server-group record of each host, and where it is stored.

    Returns ({id(item): (variable, record, set on the host)}, {group: record}). A record is stored
    once, as a variable of the host's server-group group, when that group (a name of
    `server_groups`, per record; None when not grouping by server group) stands for exactly one
    server group and is one of `existing_groups`; 10,000 hosts each holding a copy would cost
    seconds in `ansible-inventory --list` and hundreds of MiB. Hosts reach it as a host variable all
    the same. A deleted group's record is None. `mark`, if given, is applied to every record.
    """
    values = {}
    for region, item in records:
        record = record_of(item, region.get("server_groups") or {})
        values[id(item)] = record if mark is None else mark(record)
    if server_groups is None:
        return dict((key, (variable, value, True)) for key, value in values.items()), {}
    sources = {}  # group -> {(region, server group id): item}
    for (region, item), group in zip(records, server_groups):
        if group is not None:
            key = (id(region), str(item.get("server_group_id")))
            sources.setdefault(group, {}).setdefault(key, item)
    on_groups = {}
    for group, items in sources.items():
        if len(items) == 1 and group in existing_groups:
            on_groups[group] = values[id(list(items.values())[0])]
    return (dict((id(item), (variable, values[id(item)], group not in on_groups)) for (region, item), group in zip(records, server_groups)), on_groups)


def configured_group_names(groups, keyed, sanitize):
    """The group names the configuration spells out: groups keys and keyed_groups parent groups."""
    names = [name for name in (groups or {}) if isinstance(name, str)]
    names += [entry.get('parent_group') for entry in keyed or () if isinstance(entry, Mapping)]
    return set(sanitize(name) for name in names if isinstance(name, str) and name)


def refuse_groups_named_like_the_controller(groups, known_groups):
    """A group 'localhost' made from data would take `hosts: localhost` away from the controller.

    `groups` are the inventory's groups now, `known_groups` those it had before this source.
    """
    made = sorted(name for name in RESERVED_NAMES - set(('all', 'ungrouped')) if name in groups and name not in known_groups)
    if made:
        raise WorkspaceConfigError(
            "keyed_groups made a group named %s from API data, so that a play for the controller (hosts: "
            "localhost) would run on image servers instead; give such keyed_groups a prefix (or keep "
            "leading_separator true)" % " and ".join(made),
            option="keyed_groups",
        )
