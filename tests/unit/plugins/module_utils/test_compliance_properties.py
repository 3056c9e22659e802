# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Property tests: whatever shape the API data has, the engine and both reports give a verdict.

Every rule is configured; items are any JSON value, or mappings whose known fields hold any JSON
value. The engine must never raise, the JUnit report must stay well-formed XML and the Markdown
table must keep one line per violation.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from xml.etree import ElementTree

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._compliance import evaluate, load_policy
from ansible_collections.huaweicloud.workspace.plugins.module_utils._compliance_report import junit, markdown

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import example, given, settings, strategies as st  # noqa: E402

EVERY_RULE = {
    "allowed_statuses": ["ACTIVE", "NULL"],
    "max_age_in_status": {"BUILDING": "6h", "NULL": 60},
    "require_server_group": True,
    "require_enterprise_project": True,
    "allowed_image_types": ["gold"],
    "allowed_image_ids": ["img"],
    "min_authorized_accounts": 1,
    "max_authorized_accounts": 2,
    "allowed_account_domains": ["corp"],
    "allowed_account_types": ["USER"],
    "forbidden_accounts": ["guest"],
    "name_pattern": "srv-.*",
}
FIELDS = ("id", "name", "status", "update_time", "server_group_id", "enterprise_project_id", "image_ref", "image_id", "authorize_accounts")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(),
    st.sampled_from(["ACTIVE", "BUILDING", "", "0", "gold", "2026-11-29T00:00:00Z", "9999-99-99T99:99:99Z", "srv-1", "guest", "corp", "USER"]),
)
keys = st.sampled_from(("id", "image_type", "account", "account_type", "domain", "x"))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)
items = st.one_of(json_values, st.fixed_dictionaries({}, optional=dict((field, json_values) for field in FIELDS)))


@settings(max_examples=300, deadline=None)
@given(st.lists(items, max_size=6))
@example([None, {"name": "srv-1"}])  # an exempted server: the exempted table follows the violations
def test_any_item_shape_gives_a_verdict_and_valid_reports(fleet):
    policy = load_policy(EVERY_RULE, [{"name": "srv-1", "reason": "r"}], "2026-11-29T12:00:00Z")
    positions = []
    verdict = evaluate(fleet, policy, positions)
    assert verdict["checked"] == len(fleet)
    assert verdict["violation_count"] == len(verdict["violations"]) == sum(verdict["by_rule"].values())
    assert len(positions) == verdict["violation_count"] + len(verdict["exempted"])
    root = ElementTree.fromstring(junit(fleet, policy.rule_names, positions).encode("utf-8"))
    assert int(root.get("tests")) == len(fleet) * len(EVERY_RULE)
    assert int(root.get("failures")) == verdict["violation_count"]
    # The violations table only: the exempted and expired tables that may follow have rows too.
    table = markdown(verdict).rsplit("### Violations", maxsplit=1)[-1].split("\n### ", 1)[0]
    if verdict["violations"]:
        assert len([line for line in table.splitlines() if line.startswith("| ")]) == verdict["violation_count"] + 1
