# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""What an image server's status and server group are, and the counts over a list of them.

One definition for the module's status filter and summary, the inventory's status groups and
filter, and the compliance rules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

STATUSES = ("CREATING", "ACTIVE", "BUILDING", "BUILT", "ERROR", "DELETING", "NULL")
# The API documents "NULL: not set"; in JSON that arrives as null (or a missing/empty field).
NULL_STATUS = "NULL"


def status_of(item):
    """The item's status in upper case; null, empty or missing is 'NULL'."""
    status = item.get("status")
    if status is None or status == "":
        return NULL_STATUS
    return status.upper() if isinstance(status, str) else str(status).upper()


def server_group_of(item):
    """The item's server group as a summary key: "" when it has none."""
    group = item.get("server_group_id")
    if group is None:
        return ""
    return group if isinstance(group, str) else str(group)


def summarize(items):
    """Counts by status and by server group, and the total."""
    by_status = {}
    by_server_group = {}
    for item in items:
        status = status_of(item)
        group = server_group_of(item)
        by_status[status] = by_status.get(status, 0) + 1
        by_server_group[group] = by_server_group.get(group, 0) + 1
    return {"by_status": by_status, "by_server_group": by_server_group, "total": len(items)}
