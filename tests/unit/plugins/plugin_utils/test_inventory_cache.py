# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory cache's query: what a cache key stands for."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_cache import cache_query, query_digest

SECRET = "s3cr3t-value-never-in-a-key"


def settings(**options):
    values = {"region": "cn-north-4", "access_key": "AK", "secret_key": SECRET, "project_id": "p1", "metadata_credentials": False}
    values.update(options)
    return ConnectionSettings.from_options(values)


def test_cache_query_holds_identifiers_and_no_secret():
    query = cache_query([settings(security_token=SECRET)], {"server_name": "web"}, frozenset(["ERROR", "ACTIVE"]))
    text = json.dumps(query)
    assert SECRET not in text
    assert query["auth"][:3] == [False, "AK", True]
    assert query["regions"][0][0] == "cn-north-4" and query["regions"][0][3] == "p1"
    assert query["filters"] == [("server_name", "web")] and query["statuses"] == ["ACTIVE", "ERROR"]
    assert "server_group_details" not in query and "credentials_file" not in query


def test_cache_query_changes_with_what_changes_the_answer():
    base = query_digest(cache_query([settings()], {}, frozenset()))
    assert query_digest(cache_query([settings()], {}, frozenset())) == base
    assert query_digest(cache_query([settings()], {}, frozenset(), server_group_details=True)) != base
    assert query_digest(cache_query([settings(access_key="AK2")], {}, frozenset())) != base
    assert query_digest(cache_query([settings(agency_name="ops", agency_domain_name="acct")], {}, frozenset())) != base
    # Another secret is the same caller: the key stays.
    assert query_digest(cache_query([settings(secret_key="other")], {}, frozenset())) == base
