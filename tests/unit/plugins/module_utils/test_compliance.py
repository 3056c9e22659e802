# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The compliance rule engine: each rule at its boundaries, exemptions, policy errors, never raising on data."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._compliance import RULE_KEYS, RULE_NAMES, describe, evaluate, load_policy, parse_duration
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._timestamps import duration_seconds, format_duration, parse_timestamp

NOW = "2026-11-29T12:00:00Z"


def server(number=1, **fields):
    item = {
        "id": str(700000000000000000 + number),
        "name": "srv-%03d" % number,
        "image_ref": {"id": "ref-1", "image_type": "gold", "spce_code": "c", "product_id": "p"},
        "server_group_id": "group-a",
        "image_id": "",
        "status": "ACTIVE",
        "authorize_accounts": [{"account": "alice", "account_type": "USER", "domain": "corp.example.org"}],
        "update_time": "2026-11-29T06:00:00.000Z",
        "enterprise_project_id": "ep-1",
    }
    item.update(fields)
    return item


def check(rules, items, exemptions=None, now=NOW):
    return evaluate(items, load_policy(rules, exemptions, now))


def rules_broken(rules, item):
    return [entry["rule"] for entry in check(rules, [item])["violations"]]


def test_every_policy_key_has_a_rule_name():
    assert len(RULE_KEYS) == len(RULE_NAMES) == 12


@pytest.mark.parametrize(
    "status, broken",
    [
        ("ACTIVE", []),
        ("ERROR", ["status"]),
        (None, ["status"]),
        ("", ["status"]),
        ("active", []),
    ],
)
def test_allowed_statuses(status, broken):
    assert rules_broken({"allowed_statuses": ["ACTIVE", "BUILT"]}, server(status=status)) == broken


def test_null_status_can_be_allowed_and_value_is_normalised():
    verdict = check({"allowed_statuses": ["NULL"]}, [server(status=None), server(2, status="Error")])
    assert [(v["id"], v["value"]) for v in verdict["violations"]] == [(server(2)["id"], "ERROR")]


@pytest.mark.parametrize(
    "update_time, broken",
    [
        ("2026-11-29T06:00:00.000Z", []),  # exactly 6h: allowed
        ("2026-11-29T05:59:59.999Z", ["stuck_in_status"]),
        ("2026-11-29T05:59:59Z", ["stuck_in_status"]),
        ("2026-11-29T08:00:00+02:00", []),  # 06:00Z
        ("2026-11-29T07:59:59+02:00", ["stuck_in_status"]),
        ("2026-11-29T06:00:00", []),  # no zone: UTC
        (None, ["stuck_in_status"]),
        ("yesterday", ["stuck_in_status"]),
        (12345, ["stuck_in_status"]),
    ],
)
def test_max_age_in_status_boundaries(update_time, broken):
    item = server(status="BUILDING", update_time=update_time)
    assert rules_broken({"max_age_in_status": {"BUILDING": "6h"}}, item) == broken


def test_max_age_only_applies_to_the_listed_statuses_and_reports_the_age():
    old = "2020-01-01T00:00:00Z"
    verdict = check(
        {"max_age_in_status": {"CREATING": 2700, "NULL": "1d"}},
        [
            server(1, status="ACTIVE", update_time=old),
            server(2, status="CREATING", update_time=old),
            server(3, status=None, update_time="2026-11-28T12:00:00Z"),
        ],
    )
    assert [v["id"][-1] for v in verdict["violations"]] == ["2"]
    assert verdict["violations"][0]["value"] > 86400 * 365 * 6
    assert "longer than 45m" in verdict["violations"][0]["message"]


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("45m", 2700),
        ("6h", 21600),
        ("2d", 172800),
        ("1h30m", 5400),
        ("90", 90),
        (90, 90),
        ("1w", 604800),
        (0, 0),
    ],
)
def test_durations(text, seconds):
    assert parse_duration(text, "x") == seconds


@pytest.mark.parametrize("bad", ["6 hours", "-1", "h", "", True, -5, 1.5, None, "\u00b2", "1.5h", "6H30"])
def test_bad_durations_name_the_key(bad):
    assert duration_seconds(bad) is None
    with pytest.raises(WorkspaceConfigError) as caught:
        load_policy({"max_age_in_status": {"BUILDING": bad}})
    assert "rules.max_age_in_status.BUILDING" in str(caught.value) and caught.value.option == "rules"


def test_format_duration():
    assert [format_duration(s) for s in (0, 59, 60, 3601, 90061)] == ["0s", "59s", "1m", "1h1s", "1d1h1m1s"]


@pytest.mark.parametrize(
    "group, broken",
    [
        ("g", []),
        ("", ["server_group"]),
        (None, ["server_group"]),
        ({}, ["server_group"]),
        ([], ["server_group"]),
    ],
)
def test_require_server_group(group, broken):
    assert rules_broken({"require_server_group": True}, server(server_group_id=group)) == broken
    assert rules_broken({"require_server_group": False}, server(server_group_id=group)) == []


def test_missing_fields_break_the_rules_that_need_them():
    bare = {"id": "1"}
    rules = {
        "require_server_group": True,
        "require_enterprise_project": True,
        "allowed_image_types": ["gold"],
        "allowed_image_ids": ["x"],
        "min_authorized_accounts": 1,
        "name_pattern": ".*",
        "allowed_account_domains": ["d"],
        "allowed_account_types": ["USER"],
        "forbidden_accounts": ["x"],
    }
    assert rules_broken(rules, bare) == ["server_group", "enterprise_project", "image_type", "image_id", "authorized_accounts_min", "name_pattern"]


@pytest.mark.parametrize(
    "project, broken",
    [
        ("ep-1", []),
        ("0", ["enterprise_project"]),
        ("", ["enterprise_project"]),
        (None, ["enterprise_project"]),
    ],
)
def test_require_enterprise_project(project, broken):
    assert rules_broken({"require_enterprise_project": True}, server(enterprise_project_id=project)) == broken


def test_image_type_and_image_id_fallback():
    rules = {"allowed_image_types": ["gold", "private"], "allowed_image_ids": ["img-1", "ref-1"]}
    assert rules_broken(rules, server()) == []
    assert rules_broken(rules, server(image_id="img-2")) == ["image_id"]  # image_id wins over image_ref.id
    assert rules_broken(rules, server(image_id="img-1", image_ref={"id": "other", "image_type": "public"})) == ["image_type"]
    assert rules_broken(rules, server(image_ref="not a mapping")) == ["image_type", "image_id"]
    assert rules_broken(rules, server(image_ref={"image_type": ["gold"]})) == ["image_type", "image_id"]


@pytest.mark.parametrize(
    "accounts, broken",
    [
        ([], ["authorized_accounts_min"]),
        ([{"account": "a"}], []),
        ([{"account": "a"}, {"account": "b"}], []),
        ([{"account": "a"}, {"account": "b"}, {"account": "c"}], ["authorized_accounts_max"]),
        (None, ["authorized_accounts_min"]),
        ("alice", ["authorized_accounts_min"]),
    ],
)
def test_account_count_bounds(accounts, broken):
    rules = {"min_authorized_accounts": 1, "max_authorized_accounts": 2}
    assert rules_broken(rules, server(authorize_accounts=accounts)) == broken


def test_account_domains_types_and_forbidden_names():
    accounts = [
        {"account": "alice", "account_type": "USER", "domain": "corp.example.org"},
        {"account": "guest", "account_type": "USER", "domain": "partner.example.net"},
        {"account": "ops", "account_type": "USER_GROUP", "domain": "partner.example.net"},
        "odd entry",
        {"account": 7, "domain": ["x"]},
    ]
    verdict = check(
        {"allowed_account_domains": ["corp.example.org"], "allowed_account_types": ["USER"], "forbidden_accounts": ["guest", "root"]},
        [server(authorize_accounts=accounts)],
    )
    values = dict((v["rule"], v["value"]) for v in verdict["violations"])
    assert values == {"account_domain": ["partner.example.net", None, ["x"]], "account_type": ["USER_GROUP", None], "forbidden_account": ["guest"]}
    assert verdict["noncompliant_count"] == 1 and verdict["violation_count"] == 3


@pytest.mark.parametrize(
    "name, broken",
    [
        ("srv-001", []),
        ("srv-001x", ["name_pattern"]),
        ("xsrv-001", ["name_pattern"]),
        (None, ["name_pattern"]),
        (42, ["name_pattern"]),
        ("srv-ünï", ["name_pattern"]),
    ],
)
def test_name_pattern_must_match_the_whole_name(name, broken):
    assert rules_broken({"name_pattern": "srv-[0-9]+"}, server(name=name)) == broken


def test_unicode_names_match_unicode_patterns():
    assert rules_broken({"name_pattern": "服务器-\\w+"}, server(name="服务器-ünï")) == []


def test_violations_are_in_api_order_then_rule_order_and_counted():
    items = [server(1, status="ERROR", server_group_id=""), server(2), server(3, server_group_id=None)]
    verdict = check({"require_server_group": True, "allowed_statuses": ["ACTIVE"], "name_pattern": ".*"}, items)
    assert [(v["name"], v["rule"]) for v in verdict["violations"]] == [("srv-001", "status"), ("srv-001", "server_group"), ("srv-003", "server_group")]
    assert verdict["by_rule"] == {"status": 1, "server_group": 2, "name_pattern": 0}
    assert (verdict["checked"], verdict["violation_count"], verdict["noncompliant_count"]) == (3, 3, 2)
    assert verdict["compliant"] is False
    assert "3 violations on 2 of 3 image servers (status: 1, server_group: 2)" in describe(verdict)


def test_empty_fleet_is_compliant():
    verdict = check({"require_server_group": True}, [])
    assert verdict == {
        "compliant": True,
        "checked": 0,
        "violations": [],
        "violation_count": 0,
        "noncompliant_count": 0,
        "by_rule": {"server_group": 0},
        "exempted": [],
        "expired_exemptions": [],
    }


class TestExemptions(object):
    ITEMS = [server(1, status="ERROR", server_group_id=""), server(2, status="ERROR")]
    RULES = {"allowed_statuses": ["ACTIVE"], "require_server_group": True}

    def test_by_id_for_some_rules(self):
        verdict = check(self.RULES, self.ITEMS, [{"id": self.ITEMS[0]["id"], "rules": ["status"], "reason": "CHG-1"}])
        assert [(v["name"], v["rule"]) for v in verdict["violations"]] == [("srv-001", "server_group"), ("srv-002", "status")]
        assert [(v["name"], v["rule"], v["reason"], v["expires"]) for v in verdict["exempted"]] == [("srv-001", "status", "CHG-1", None)]
        assert verdict["by_rule"] == {"status": 1, "server_group": 1}

    def test_by_name_for_every_rule_until_a_date(self):
        exemption = {"name": "srv-001", "reason": "decommissioning", "expires": "2026-11-29"}
        verdict = check(self.RULES, self.ITEMS, [exemption])
        assert [v["name"] for v in verdict["exempted"]] == ["srv-001", "srv-001"]
        assert verdict["expired_exemptions"] == []
        assert verdict["noncompliant_count"] == 1

    @pytest.mark.parametrize(
        "expires, expired",
        [
            ("2026-11-28", True),
            ("2026-11-29", False),
            (datetime.date(2026, 11, 28), True),
            ("2026-11-29T12:00:00Z", True),
            ("2026-11-29T12:00:01Z", False),
            (datetime.datetime(2026, 11, 29, 11, 0), True),
        ],
    )
    def test_expiry(self, expires, expired):
        exemption = {"id": self.ITEMS[1]["id"], "reason": "r", "expires": expires}
        verdict = check(self.RULES, self.ITEMS, [exemption])
        assert bool(verdict["expired_exemptions"]) is expired
        assert (len(verdict["exempted"]) == 0) is expired
        if expired:
            assert verdict["expired_exemptions"][0]["reason"] == "r"

    def test_integer_id_matches(self):
        verdict = check(self.RULES, self.ITEMS, [{"id": int(self.ITEMS[1]["id"]), "reason": "r"}])
        assert len(verdict["exempted"]) == 1

    @pytest.mark.parametrize(
        "exemption, text",
        [
            ({"id": "1"}, "exemptions[0].reason"),
            ({"id": "1", "reason": " "}, "exemptions[0].reason"),
            ({"reason": "r"}, "exactly one of id or name"),
            ({"id": "1", "name": "n", "reason": "r"}, "exactly one of id or name"),
            ({"id": "1", "reason": "r", "rules": ["stuck"]}, "unknown value 'stuck'; allowed: status, stuck_in_status"),
            ({"id": "1", "reason": "r", "rules": []}, "omit it"),
            ({"id": "1", "reason": "r", "expires": "soon"}, "exemptions[0].expires"),
            ({"id": "1", "reason": "r", "until": "x"}, "unknown key until; allowed: id, name, rules, reason, expires"),
            ("srv-1", "must be a mapping"),
        ],
    )
    def test_bad_exemptions(self, exemption, text):
        with pytest.raises(WorkspaceConfigError) as caught:
            load_policy(self.RULES, [exemption], NOW)
        assert text in str(caught.value)
        assert caught.value.option == "exemptions"


@pytest.mark.parametrize(
    "rules, text",
    [
        ({"allowed_status": ["ACTIVE"]}, "unknown rule allowed_status; allowed: allowed_statuses, max_age_in_status"),
        ({"allowed_statuses": "ACTIVE"}, "rules.allowed_statuses: must be a list"),
        ({"allowed_statuses": ["RUNNING"]}, "unknown value 'RUNNING'; allowed: CREATING, ACTIVE"),
        ({"allowed_statuses": [None]}, 'quote "NULL"'),
        ({"max_age_in_status": {"RUNNING": "1h"}}, "unknown status 'RUNNING'"),
        ({"max_age_in_status": ["BUILDING"]}, "must be a mapping of status to duration"),
        ({"require_server_group": "yes"}, "rules.require_server_group: must be true or false"),
        ({"min_authorized_accounts": -1}, "at least 0"),
        ({"max_authorized_accounts": True}, "must be an integer"),
        ({"min_authorized_accounts": 3, "max_authorized_accounts": 2}, "greater than"),
        ({"allowed_account_types": ["ADMIN"]}, "allowed: USER, USER_GROUP"),
        ({"forbidden_accounts": ["a", 1]}, "rules.forbidden_accounts[1]: must be a string"),
        ({"name_pattern": "srv-[0-9"}, "rules.name_pattern: invalid regular expression"),
        ({"name_pattern": 5}, "must be a regular expression"),
        ({}, "at least one rule"),
        ("allowed_statuses", "must be a mapping"),
    ],
)
def test_bad_rules_name_the_key_and_the_allowed_values(rules, text):
    with pytest.raises(WorkspaceConfigError) as caught:
        load_policy(rules, None, NOW)
    assert text in str(caught.value)
    assert caught.value.option == "rules"


@pytest.mark.parametrize("now", ["tomorrow", "2026-13-01", 5, "2026-11-29T25:00:00Z"])
def test_bad_now(now):
    with pytest.raises(WorkspaceConfigError) as caught:
        load_policy({"require_server_group": True}, None, now)
    assert caught.value.option == "now"


def test_timestamps():
    assert parse_timestamp("1970-01-02") == (86400.0, True)
    assert parse_timestamp("1970-01-01T00:01:00.500Z") == (60.5, False)
    assert parse_timestamp("1970-01-01T01:00:00-01:30") == (3600 + 5400, False)
    assert parse_timestamp("1970-01-01 00:00") == (0.0, False)
    for bad in ("", "1970-02-30", None, [], "1970-01-01T00:00:00Zjunk"):
        assert parse_timestamp(bad) is None


def test_false_rules_are_not_checked():
    verdict = check({"require_server_group": False, "allowed_statuses": ["ACTIVE"]}, [server(server_group_id="")])
    assert verdict["by_rule"] == {"status": 0}
