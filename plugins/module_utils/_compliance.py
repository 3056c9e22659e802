# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The compliance rule engine: a policy (rules, exemptions, now) checked against image servers.

Pure functions, no HTTP: the image_server_compliance module and the image_server_violations
filter both call `load_policy()` then `evaluate()`, so the same input gives the same verdict.
Bad policy input raises WorkspaceConfigError naming the key; data from the API never raises.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ._errors import WorkspaceConfigError
from ._summary import STATUSES, status_of
from ._timestamps import duration_seconds, format_duration, parse_timestamp

# Policy key -> the stable rule name that violations, exemptions and reports use; in check order.
RULES = (
    ("allowed_statuses", "status"),
    ("max_age_in_status", "stuck_in_status"),
    ("require_server_group", "server_group"),
    ("require_enterprise_project", "enterprise_project"),
    ("allowed_image_types", "image_type"),
    ("allowed_image_ids", "image_id"),
    ("min_authorized_accounts", "authorized_accounts_min"),
    ("max_authorized_accounts", "authorized_accounts_max"),
    ("allowed_account_domains", "account_domain"),
    ("allowed_account_types", "account_type"),
    ("forbidden_accounts", "forbidden_account"),
    ("name_pattern", "name_pattern"),
)
RULE_KEYS = tuple(key for key, dummy in RULES)
RULE_NAMES = tuple(name for dummy, name in RULES)
ACCOUNT_TYPES = ("USER", "USER_GROUP")
EXEMPTION_KEYS = ("id", "name", "rules", "reason", "expires")
DEFAULT_ENTERPRISE_PROJECTS = (None, "", "0")


def _fail(option, message):
    raise WorkspaceConfigError("%s: %s" % (option, message), option=option.split(".")[0].split("[")[0])


def parse_duration(value, option):
    """Seconds of a policy duration; WorkspaceConfigError naming `option` if it cannot be read."""
    seconds = duration_seconds(value)
    if seconds is None:
        _fail(option, "cannot read %r as a duration; give seconds (3600) or numbers with a unit s, m, h, d or w (45m, 6h, 2d, 1h30m)" % (value,))
    return seconds


def _instant(value, option, end_of_day=False):
    parsed = parse_timestamp(value)
    if parsed is None:
        _fail(option, "cannot read %r as a date or an ISO 8601 timestamp such as 2026-12-31 or 2026-12-31T18:00:00Z" % (value,))
    seconds, date_only = parsed
    return seconds + 86400 if end_of_day and date_only else seconds


# ---- the policy ------------------------------------------------------------------------------


def _strings(value, option, choices=None):
    if not isinstance(value, (list, tuple)):
        _fail(option, "must be a list of strings, got %s" % type(value).__name__)
    for index, entry in enumerate(value):
        if not isinstance(entry, str):
            hint = ' (quote "NULL" in YAML: unquoted it is null)' if entry is None and choices == STATUSES else ""
            _fail("%s[%d]" % (option, index), "must be a string, got %r%s" % (entry, hint))
        if choices is not None and entry not in choices:
            _fail(option, "unknown value %r; allowed: %s" % (entry, ", ".join(choices)))
    return frozenset(value)


def _status(value, option):
    if value not in STATUSES:
        hint = ' (quote "NULL" in YAML: unquoted it is null)' if value is None else ""
        _fail(option, "unknown status %r%s; allowed: %s" % (value, hint, ", ".join(STATUSES)))
    return value


def _count(value, option):
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        _fail(option, "must be an integer of at least 0, got %r" % (value,))
    return value


def _flag(value, option):
    if not isinstance(value, bool):
        _fail(option, "must be true or false, got %r" % (value,))
    return value


def _accounts(item):
    accounts = item.get("authorize_accounts")
    return accounts if isinstance(accounts, list) else ()


def _unique(values):
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _outside(item, field, allowed):
    """Distinct values of `field` over the item's accounts that are not in `allowed`; fast when none."""
    accounts = _accounts(item)
    for entry in accounts:
        value = entry.get(field) if isinstance(entry, dict) else None
        if value.__class__ is not str or value not in allowed:
            break
    else:
        return None
    return _unique(
        entry.get(field) if isinstance(entry, dict) else None
        for entry in accounts
        if not isinstance(entry, dict) or not isinstance(entry.get(field), str) or entry.get(field) not in allowed
    )


def _listed(values):
    return ", ".join(repr(value) if not isinstance(value, str) else value for value in values)


def _build_check(key, value, now):  # pylint: disable=too-many-return-statements
    """A function item -> None | (message, value) for one configured rule."""
    option = "rules.%s" % key
    if key == "allowed_statuses":
        allowed = _strings(value, option, STATUSES)
        shown = ", ".join(sorted(allowed))

        def check(item):
            if item.get("status").__class__ is str and item["status"] in allowed:
                return None
            status = status_of(item)
            if status not in allowed:
                return "status %s is not allowed (allowed: %s)" % (status, shown), status

        return check
    if key == "max_age_in_status":
        if not isinstance(value, dict) or not value:
            _fail(option, "must be a mapping of status to duration, for example {BUILDING: 6h}")
        limits = dict((_status(status, option), parse_duration(duration, "%s.%s" % (option, status))) for status, duration in value.items())
        unlimited = frozenset(STATUSES) - frozenset(limits)

        def check(item):
            raw = item.get("status")
            if raw.__class__ is str and raw in unlimited:
                return None
            status = status_of(item)
            limit = limits.get(status)
            if limit is None:
                return None
            parsed = parse_timestamp(item.get("update_time"))
            if parsed is None:
                return ("in %s with no readable update_time (%r): the time in that status is unknown" % (status, item.get("update_time")), None)
            age = now - parsed[0]
            if age > limit:
                return ("in %s for %s (since %s), longer than %s" % (status, format_duration(age), item.get("update_time"), format_duration(limit)), int(age))

        return check
    if key in ("require_server_group", "require_enterprise_project"):
        if not _flag(value, option):
            return None
        if key == "require_server_group":

            def check(item):
                group = item.get("server_group_id")
                if not group or isinstance(group, (dict, list)):
                    return "belongs to no server group", group

            return check

        def check(item):
            project = item.get("enterprise_project_id")
            if project in DEFAULT_ENTERPRISE_PROJECTS or isinstance(project, (dict, list)):
                return "is in the default enterprise project (%r)" % (project,), project

        return check
    if key in ("allowed_image_types", "allowed_image_ids"):
        allowed = _strings(value, option)
        shown = ", ".join(sorted(allowed))
        by_type = key == "allowed_image_types"

        def check(item):
            ref = item.get("image_ref")
            ref = ref if isinstance(ref, dict) else {}
            found = ref.get("image_type") if by_type else (item.get("image_id") or ref.get("id"))
            if not isinstance(found, str) or found not in allowed:
                return "image %s %r is not allowed (allowed: %s)" % ("type" if by_type else "ID", found, shown), found

        return check
    if key == "min_authorized_accounts":
        least = _count(value, option)

        def check(item):
            number = len(_accounts(item))
            if number < least:
                return "has %d authorized accounts, fewer than %d" % (number, least), number

        return check
    if key == "max_authorized_accounts":
        most = _count(value, option)

        def check(item):
            number = len(_accounts(item))
            if number > most:
                return "has %d authorized accounts, more than %d" % (number, most), number

        return check
    if key in ("allowed_account_domains", "allowed_account_types"):
        field = "domain" if key == "allowed_account_domains" else "account_type"
        allowed = _strings(value, option, ACCOUNT_TYPES if field == "account_type" else None)

        def check(item):
            wrong = _outside(item, field, allowed)
            if wrong:
                return "authorized accounts with a %s not allowed: %s" % (field, _listed(wrong)), wrong

        return check
    if key == "forbidden_accounts":
        forbidden = _strings(value, option)

        def check(item):
            names = []
            for entry in _accounts(item):
                name = entry.get("account") if isinstance(entry, dict) else None
                if isinstance(name, str) and name in forbidden and name not in names:
                    names.append(name)
            if names:
                return "forbidden accounts are authorized: %s" % ", ".join(names), names

        return check
    # name_pattern
    if not isinstance(value, str):
        _fail(option, "must be a regular expression (a string), got %r" % (value,))
    try:
        pattern = re.compile(value)
    except re.error as error:
        _fail(option, "invalid regular expression %r: %s" % (value, error))

    def check(item):
        name = item.get("name")
        if not isinstance(name, str) or pattern.fullmatch(name) is None:
            return "name %r does not match %s" % (name, value), name

    return check


class Exemption(object):
    def __init__(self, entry, index, now):
        option = "exemptions[%d]" % index
        if not isinstance(entry, dict):
            _fail(option, "must be a mapping with id or name, rules, reason and expires")
        unknown = sorted(str(key) for key in entry if key not in EXEMPTION_KEYS)
        if unknown:
            _fail(option, "unknown key %s; allowed: %s" % (", ".join(unknown), ", ".join(EXEMPTION_KEYS)))
        given = [key for key in ("id", "name") if entry.get(key) not in (None, "")]
        if len(given) != 1:
            _fail(option, "give exactly one of id or name (the server it exempts)")
        self.key = given[0]
        self.value = _key(entry[self.key])
        if self.value is None:
            _fail("%s.%s" % (option, self.key), "must be a string, got %r" % (entry[self.key],))
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            _fail("%s.reason" % option, "every exemption needs a reason (non-empty text)")
        rules = entry.get("rules")
        if rules is not None:
            rules = _strings(rules, "%s.rules" % option, RULE_NAMES)
            if not rules:
                _fail("%s.rules" % option, "is empty; omit it to exempt from every rule")
        self.rules = rules
        expires = entry.get("expires")
        self.expired = expires not in (None, "") and now >= _instant(expires, "%s.expires" % option, True)
        self.public = {
            self.key: self.value,
            "rules": sorted(rules) if rules else None,
            "reason": reason,
            "expires": None if expires in (None, "") else (expires if isinstance(expires, str) else expires.isoformat()),
        }

    def covers(self, rule):
        return self.rules is None or rule in self.rules


def _key(value):
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


class Policy(object):
    """A validated policy: `checks` in rule order, active exemptions indexed, expired ones listed."""

    def __init__(self, checks, exemptions, now):
        self.checks = checks
        self.rule_names = [name for name, dummy in checks]
        self.now = now
        self.expired = [exemption.public for exemption in exemptions if exemption.expired]
        self.by_id, self.by_name = {}, {}
        for exemption in exemptions:
            if not exemption.expired:
                index = self.by_id if exemption.key == "id" else self.by_name
                index.setdefault(exemption.value, []).append(exemption)

    def exemption_for(self, item, rule):
        for index, field in ((self.by_id, "id"), (self.by_name, "name")):
            for exemption in index.get(_key(item.get(field)), ()):
                if exemption.covers(rule):
                    return exemption
        return None


def load_policy(rules, exemptions=None, now=None):
    """Validate and compile; WorkspaceConfigError (with .option) on the first bad key."""
    if now is None:
        now_seconds = time.time()
    else:
        now_seconds = _instant(now, "now")
    if not isinstance(rules, dict):
        _fail("rules", "must be a mapping of rule to setting, for example {allowed_statuses: [ACTIVE]}")
    unknown = sorted(str(key) for key in rules if key not in RULE_KEYS)
    if unknown:
        _fail("rules", "unknown rule %s; allowed: %s" % (", ".join(unknown), ", ".join(RULE_KEYS)))
    if all(value is None for value in rules.values()):
        _fail("rules", "give at least one rule: %s" % ", ".join(RULE_KEYS))
    checks = []
    for key, name in RULES:
        if rules.get(key) is not None:
            check = _build_check(key, rules[key], now_seconds)
            if check is not None:
                checks.append((name, check))
    minimum, maximum = rules.get("min_authorized_accounts"), rules.get("max_authorized_accounts")
    if minimum is not None and maximum is not None and minimum > maximum:
        _fail("rules", "min_authorized_accounts (%d) is greater than max_authorized_accounts (%d)" % (minimum, maximum))
    if exemptions is None:
        exemptions = []
    if not isinstance(exemptions, (list, tuple)):
        _fail("exemptions", "must be a list of mappings")
    return Policy(checks, [Exemption(entry, index, now_seconds) for index, entry in enumerate(exemptions)], now_seconds)


def evaluate(items, policy, positions=None):
    """The verdict over `items` (API order). Never raises on item shape: a non-mapping is {}.

    If `positions` is a list, the index in `items` of each violation and exemption is appended to
    it as (kind, index, entry), for the reports.
    """
    violations, exempted = [], []
    by_rule = dict((name, 0) for name in policy.rule_names)
    noncompliant = 0
    checks = policy.checks
    exempting = policy.by_id or policy.by_name
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            item = {}
        failed = False
        for rule, check in checks:
            found = check(item)
            if found is None:
                continue
            entry = {"id": item.get("id"), "name": item.get("name"), "rule": rule, "message": found[0], "value": found[1]}
            exemption = policy.exemption_for(item, rule) if exempting else None
            if exemption is None:
                violations.append(entry)
                by_rule[rule] += 1
                failed = True
                kind = "violation"
            else:
                entry["reason"] = exemption.public["reason"]
                entry["expires"] = exemption.public["expires"]
                exempted.append(entry)
                kind = "exempted"
            if positions is not None:
                positions.append((kind, index, entry))
        noncompliant += failed
    return {
        "compliant": not violations,
        "checked": len(items),
        "violations": violations,
        "violation_count": len(violations),
        "noncompliant_count": noncompliant,
        "by_rule": by_rule,
        "exempted": exempted,
        "expired_exemptions": list(policy.expired),
    }


def describe(verdict, first=5):
    """The one-line failure message: counts by rule and the first few servers."""
    counts = ", ".join("%s: %d" % (rule, count) for rule, count in verdict["by_rule"].items() if count)
    shown = "; ".join("%r (%s) [%s] %s" % (entry["name"], entry["id"], entry["rule"], entry["message"]) for entry in verdict["violations"][:first])
    more = verdict["violation_count"] - first
    return "Not compliant: %d violations on %d of %d image servers (%s). First: %s%s" % (
        verdict["violation_count"],
        verdict["noncompliant_count"],
        verdict["checked"],
        counts,
        shown,
        "; and %d more" % more if more > 0 else "",
    )
