# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`GET /v1/{project_id}/app-server-groups` (the SDK's ListServerGroups): the server groups.

Items are shaped like the SDK's ServerGroup model (huaweicloudsdkworkspaceapp 3.1.219). Each
project's groups are derived from its image servers, so they are consistent with the fleet: every
`server_group_id` a server carries is a group here, except every tenth group from the third on,
which is "deleted" (servers still point at it); two more groups hold no server. Names include
unicode, spaces and a name held by two groups; `--hostile-names` adds a Jinja2 template, control
characters and a 1,000-character name. Paging, checks and faults are those of image-servers.
"""

import random

from .fleet import DEFAULT_ENTERPRISE_PROJECT, Fleet, _timestamp, _uuid
from .image_servers import Listing, parse_paging, serve_listing
from .responses import error

KNOWN_PARAMETERS = ("offset", "limit", "server_group_name", "server_group_id", "app_type", "tags", "enterprise_project_id", "is_secondary_server_group")
APP_TYPES = ("SESSION_DESKTOP_APP", "COMMON_APP")
OS_TYPES = ("Windows", "Linux")
UNUSED_GROUPS = 2
NAMES = ("财务部 Finance Desktops", "Design Apps", None, "Shared Desktops", "Shared Desktops")
HOSTILE_GROUP_NAMES = (
    "财务部 Finance Desktops",
    "{{ lookup('pipe', 'id') }}",
    None,
    "Shared Desktops",
    "Shared Desktops",
    "tab\tand\nnewline\x1b[31m",
    "huge-" + "x" * 1000,
)
TAG_VALUES = {"env": ("prod", "test", "dev"), "team": ("finance", "design", "ops"), "cost center": ("cc 1", "cc 2")}


def is_deleted(position):
    return position % 10 == 2


def _tags(rng, position):
    if position % 4 == 3:
        return []
    return [{"key": key, "value": rng.choice(values)} for key, values in TAG_VALUES.items() if key != "cost center" or position % 2]


def _group(rng, group_id, name, position, servers, enterprise_project_id):
    os_type = OS_TYPES[position % 2]
    created = 40000000 + position * 3600 + rng.getrandbits(10)
    return {
        "id": group_id,
        "name": name,
        "description": "" if position % 3 else "Server group %d" % (position + 1),
        "image_id": _uuid(rng),
        "os_type": os_type,
        "product_id": "workspace.appstream.general.xlarge.%d" % (2 + position % 3),
        "subnet_id": _uuid(rng),
        "system_disk_type": ("SAS", "SSD", "GPSSD")[position % 3],
        "system_disk_size": 80 + 20 * (position % 3),
        "is_vdi": os_type == "Windows" and position % 5 == 0,
        "extra_session_type": "CPU",
        "extra_session_size": 0,
        "app_type": APP_TYPES[position % 2],
        "create_time": _timestamp(created, position % 1000),
        "update_time": _timestamp(created + 600, (position * 7) % 1000),
        "storage_mount_policy": ("USER", "SHARE", "ANY")[position % 3],
        "enterprise_project_id": enterprise_project_id,
        "primary_server_group_ids": [],
        "secondary_server_group_ids": [],
        "server_group_status": position % 6 != 5,
        "site_type": "CENTER",
        "site_id": "",
        "app_server_flavor_count": 1,
        "app_server_count": servers,
        "app_group_count": position % 4,
        "image_name": "%s image %d" % (os_type, position + 1),
        "product_info": {
            "product_id": "workspace.appstream.general.xlarge.%d" % (2 + position % 3),
            "flavor_id": "s6.xlarge.2",
            "type": "BASE",
            "architecture": "x86",
            "cpu": "4",
            "memory": "8192",
            "is_gpu": False,
            "charge_mode": "1",
        },
        "subnet_name": "subnet-%d" % (position % 4),
        "scaling_policy": {"enable": False, "max_scaling_amount": 0, "single_expansion_count": 0},
        "tags": _tags(rng, position),
        "ou_name": "",
    }


def generate_server_groups(items, seed, hostile_names=False):
    """The groups of a fleet: one per referenced server_group_id (some deleted), plus unused ones."""
    rng = random.Random("%s:server-groups" % seed)
    names = HOSTILE_GROUP_NAMES if hostile_names else NAMES
    referenced, counts, projects = [], {}, {}
    for item in items:
        group_id = item.get("server_group_id") if isinstance(item, dict) else None
        if not isinstance(group_id, str) or not group_id:
            continue
        if group_id not in counts:
            referenced.append(group_id)
            projects[group_id] = item.get("enterprise_project_id") or DEFAULT_ENTERPRISE_PROJECT
        counts[group_id] = counts.get(group_id, 0) + 1
    ids = referenced + [_uuid(rng) for dummy in range(UNUSED_GROUPS)]
    groups = []
    for position, group_id in enumerate(ids):
        if position < len(referenced) and is_deleted(position):
            continue
        name = names[position] if position < len(names) else "server-group-%03d" % (position + 1)
        if position >= len(referenced):
            name = "Unused pool %d" % (position - len(referenced) + 1)
        groups.append(_group(rng, group_id, name, position, counts.get(group_id, 0), projects.get(group_id, DEFAULT_ENTERPRISE_PROJECT)))
    return groups


def extra_group(seed, number):
    """A new group (for the count-grow fault)."""
    rng = random.Random("%s:extra-group:%d" % (seed, number))
    return _group(rng, "ffffffff-0000-4000-8000-%012d" % number, "New group %d" % number, number, 0, DEFAULT_ENTERPRISE_PROJECT)


def _tag_text(tag):
    return "%s=%s" % (tag.get("key"), tag.get("value")) if isinstance(tag, dict) else str(tag)


def _matches(group, name, group_id, app_type, tags, enterprise_project_id, secondary):
    if not isinstance(group, dict):
        return all(value is None for value in (name, group_id, app_type, tags, enterprise_project_id, secondary))
    if name is not None and name not in str(group.get("name") or ""):
        return False
    if group_id is not None and group.get("id") != group_id:
        return False
    if app_type is not None and group.get("app_type") != app_type:
        return False
    if tags is not None and not any(tags in _tag_text(tag) for tag in group.get("tags") or ()):
        return False
    if enterprise_project_id is not None:
        wanted = enterprise_project_id or DEFAULT_ENTERPRISE_PROJECT
        if (group.get("enterprise_project_id") or DEFAULT_ENTERPRISE_PROJECT) != wanted:
            return False
    if secondary is not None and bool(group.get("primary_server_group_ids")) != (secondary == "true"):
        return False
    return True


class ServerGroups(Fleet):
    """A project's server groups: the image-server fleet's views and drift, with their filters."""

    _match = staticmethod(_matches)

    def view(self, *key):
        return self._view(tuple(key) + (None,) * (6 - len(key)))


def parse_query(raw_query):
    """Validated (offset, limit, filters) of a ListServerGroups request."""
    offset, limit, values = parse_paging(raw_query, KNOWN_PARAMETERS)
    app_type = values.get("app_type") or None
    if app_type is not None and app_type not in APP_TYPES:
        raise error(400, "WKS.0001", "Invalid parameter app_type=%r: must be one of %s." % (app_type, ", ".join(APP_TYPES)))
    secondary = values.get("is_secondary_server_group") or None
    if secondary is not None and secondary not in ("true", "false"):
        raise error(400, "WKS.0001", "Invalid parameter is_secondary_server_group=%r: must be true or false." % secondary)
    filters = (
        values.get("server_group_name") or None,
        values.get("server_group_id") or None,
        app_type,
        values.get("tags") or None,
        values.get("enterprise_project_id"),
        secondary,
    )
    return offset, limit, filters


SERVER_GROUPS = Listing("app-server-groups", parse_query, lambda project: project.server_groups, extra_group, "workspace:appServerGroup:list")


def list_server_groups(state, request, project_id):
    return serve_listing(state, request, project_id, SERVER_GROUPS)
