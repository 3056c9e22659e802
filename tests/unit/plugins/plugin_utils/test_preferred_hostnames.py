# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""preferred_hostnames: the hostnames option applied to records, host variables built at most once."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_hosts import HostnameChooser, preferred_hostnames

REGION = {"region": "r1", "project_id": "p1"}
RECORDS = [(REGION, {"id": "1", "name": "web"}), (REGION, {"id": "2", "name": ""}), (REGION, {"id": "3"})]


def test_fields_need_no_variables():
    built = []
    names, variables = preferred_hostnames(RECORDS, HostnameChooser(["name"]), lambda region, item: built.append(item))
    assert names == ["web", "2", "3"]
    assert variables == [None, None, None] and built == []


def test_templates_build_each_host_variables_once():
    calls = []

    def variables_of(region, item):
        calls.append(item["id"])
        return {"wks_id": item["id"], "wks_region": region["region"]}

    def render(entry, variables):
        return "" if variables["wks_id"] == "2" else "%s-%s" % (variables["wks_region"], variables["wks_id"])

    chooser = HostnameChooser(["{{ a }}"], render=render)
    names, variables = preferred_hostnames(RECORDS, chooser, variables_of)
    assert names == ["r1-1", "2", "r1-3"]  # host 2: the template renders empty, named by its id
    assert calls == ["1", "2", "3"]
    assert variables == [{"wks_id": "1", "wks_region": "r1"}, {"wks_id": "2", "wks_region": "r1"}, {"wks_id": "3", "wks_region": "r1"}]


def test_an_entry_that_never_works_is_refused():
    with pytest.raises(WorkspaceConfigError, match="not a field of any"):
        preferred_hostnames(RECORDS, HostnameChooser(["nmae"]), lambda region, item: {})
