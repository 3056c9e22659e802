# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Pure host-building rules of the image_servers inventory plugin.

Hostnames, their disambiguation, hostvar names, default group names and the cache key digest.
Nothing here talks to Ansible's inventory or templar: the plugin passes callables in, so the
rules can be tested without an inventory and stay cheap per host.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import re

from ._errors import WorkspaceConfigError

STATUSES = ("CREATING", "ACTIVE", "BUILDING", "BUILT", "ERROR", "DELETING", "NULL")
# The API documents "NULL: not set"; in JSON that arrives as null (or a missing/empty field).
NULL_STATUS = "NULL"
DEFAULT_HOSTNAMES = ("name", "id")
RESERVED_NAMES = frozenset(("all", "ungrouped"))
CACHE_FORMAT = 1

_AFFIX_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_AFFIX_SUFFIX = re.compile(r"^[A-Za-z0-9_]*$")
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]")


def is_template(value):
    """Only values holding '{{' are rendered, so literal text with '{%' or '#}' stays as written."""
    return "{{" in value


def status_of(item):
    """The item's status in upper case; null, empty or missing is 'NULL'."""
    status = item.get("status")
    if status in (None, ""):
        return NULL_STATUS
    return str(status).upper()


def status_group(item):
    return "status_%s" % status_of(item).lower()


def server_group_group(item):
    """'server_group_<id>' or None when the instance is in no server group."""
    server_group_id = item.get("server_group_id")
    if server_group_id in (None, "") or isinstance(server_group_id, (dict, list)):
        return None
    return "server_group_%s" % server_group_id


def region_group(region):
    return "region_%s" % region


def check_affixes(prefix, suffix):
    """hostvars_prefix/suffix must keep every variable name a valid identifier."""
    prefix = prefix or ""
    suffix = suffix or ""
    if prefix and not _AFFIX_PREFIX.match(prefix):
        raise WorkspaceConfigError(
            "hostvars_prefix must start with a letter or '_' and hold only letters, digits and '_' "
            "(variable names are made of it), got %r" % prefix, option="hostvars_prefix")
    if not _AFFIX_SUFFIX.match(suffix):
        raise WorkspaceConfigError(
            "hostvars_suffix may hold only letters, digits and '_', got %r" % suffix, option="hostvars_suffix")
    return prefix, suffix


class HostvarNames(object):
    """Maps API field names to hostvar names (prefix + field + suffix), memoised per field."""

    def __init__(self, prefix, suffix):
        self.prefix, self.suffix = check_affixes(prefix, suffix)
        self._names = {}

    def __call__(self, field):
        name = self._names.get(field)
        if name is None:
            # An unexpected field with characters that cannot be in a variable name still
            # becomes a usable hostvar instead of an Ansible deprecation warning per host.
            name = "%s%s%s" % (self.prefix, _NOT_IDENTIFIER.sub("_", str(field)), self.suffix)
            if name[0].isdigit():
                name = "_" + name
            self._names[field] = name
        return name


def host_variables(item, region, project_id, names, mark=None, agency=None):
    """Hostvars of one item: every API field, then the region and project id (these win), and
    for an item listed through an agency, the agency and its account ((name, account) pair).

    `mark`, if given, marks API data as never to be templated; it is applied to every value.
    """
    own = {"region": region, "project_id": project_id}
    if agency:
        own.update(agency=agency[0], account=agency[1])
    if mark is None:
        variables = dict((names(field), value) for field, value in item.items())
    else:
        variables = dict((names(field), mark(value)) for field, value in item.items())
        own = dict((field, mark(value)) for field, value in own.items())
    for field, value in own.items():
        variables[names(field)] = value
    return variables


def _text_or_none(value):
    """A usable hostname from a field value: non-empty text or a number; else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and value:
        return value
    return None


def _field(item, path):
    """(found, value) of a dotted path such as 'image_ref.id'."""
    value = item
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


class HostnameChooser(object):
    """Applies the `hostnames` preference list: the first entry giving a non-empty value wins.

    A plain entry is an API field name (or dotted path); an entry holding Jinja is rendered by
    `render(entry, variables)` with the host's variables, only when the entries before it were
    empty for that host. Per entry it remembers whether it ever produced a name, so that an
    entry that can never work (a misspelt field, a template that always fails or renders empty)
    is reported instead of silently falling through for every host.
    """

    def __init__(self, entries, render=None):
        entries = list(DEFAULT_HOSTNAMES if entries is None else entries)
        if not entries:
            raise WorkspaceConfigError("hostnames must list at least one field name or template, for example "
                                       "[name, id]", option="hostnames")
        for entry in entries:
            if not isinstance(entry, str) or not entry.strip():
                raise WorkspaceConfigError("hostnames entries must be non-empty strings (an API field name such as "
                                           "name, id, server_id, instance_id, or a Jinja template), got %r" % (entry,),
                                           option="hostnames")
        self.entries = [(entry, is_template(entry)) for entry in entries]
        self.uses_templates = any(templated for dummy, templated in self.entries)
        self._render = render
        self._tried = [0] * len(entries)
        self._found_field = [False] * len(entries)
        self._succeeded = [False] * len(entries)
        self._first_error = [None] * len(entries)
        self.fell_back_to_id = 0

    def choose(self, item, variables=None):
        """The hostname for `item`; `variables()` builds the host's variables for templates."""
        for index, (entry, templated) in enumerate(self.entries):
            self._tried[index] += 1
            if templated:
                try:
                    value = self._render(entry, variables())
                    value = _text_or_none(value.strip() if isinstance(value, str) else value)
                except Exception as error:  # any template failure means "no value from this entry"
                    value = None
                    if self._first_error[index] is None:
                        self._first_error[index] = str(error)
            else:
                found, value = _field(item, entry)
                self._found_field[index] = self._found_field[index] or found
                value = _text_or_none(value)
            if value is not None:
                self._succeeded[index] = True
                return value
        # No instance is dropped: the id is unique, so it is the name of last resort.
        self.fell_back_to_id += 1
        return _text_or_none(item.get("id")) or ""

    def check(self):
        """Raise WorkspaceConfigError for an entry that was tried and can never give a name."""
        for index, (entry, templated) in enumerate(self.entries):
            tried = self._tried[index]
            if not tried or self._succeeded[index]:
                continue
            if templated:
                detail = "rendered empty"
                if self._first_error[index]:
                    detail = "failed or rendered empty (first error: %s)" % self._first_error[index]
                raise WorkspaceConfigError(
                    "hostnames entry %r %s for every one of the %d image servers it was tried on; templates see "
                    "the same variables as compose, for example {{ %s }}" % (entry, detail, tried, "wks_name"),
                    option="hostnames")
            if not self._found_field[index]:
                raise WorkspaceConfigError(
                    "hostnames entry %r is not a field of any of the %d image servers it was tried on; plain entries "
                    "are API field names such as name, id, server_id, instance_id or image_ref.id (without "
                    "hostvars_prefix); use a template such as '{{ wks_name }}' for variables" % (entry, tried),
                    option="hostnames")


def disambiguate(preferred, ids, regions, reserved=RESERVED_NAMES):
    """Make hostnames unique without dropping anyone.

    Every host whose preferred name is shared with another host (or is a reserved or default
    group name) becomes '<name>_<id>', then '<name>_<id>_<region>' if that is still taken (a host
    named by its id becomes '<id>_<region>'), then a counter. Hosts with a unique name keep it, so
    one new duplicate never renames other hosts.
    Returns (names, {shared name: number of hosts}); the result depends only on the input order.
    """
    counts = {}
    for name in preferred:
        counts[name] = counts.get(name, 0) + 1
    shared = dict((name, count) for name, count in counts.items() if count > 1 or name in reserved)
    if not shared:
        return list(preferred), shared
    names = list(preferred)
    taken = set(name for name in preferred if name not in shared) | set(reserved)
    for index, name in enumerate(preferred):
        if name not in shared:
            continue
        # A host already named by its id gains nothing from repeating it: the region comes next.
        by_id = name if name == str(ids[index]) else "%s_%s" % (name, ids[index])
        candidate = by_id
        if candidate in taken or candidate == name:
            candidate = "%s_%s" % (by_id, regions[index])
        base, number = candidate, 2
        while candidate in taken:
            candidate = "%s_%d" % (base, number)
            number += 1
        taken.add(candidate)
        names[index] = candidate
    return names, shared


def describe_collisions(shared, limit=5):
    """The one warning for renamed hosts: how many, and a few examples."""
    hosts = sum(shared.values())
    examples = sorted(shared.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
    shown = ", ".join("%r (%d)" % pair for pair in examples)
    more = "" if len(shared) <= limit else ", and %d more" % (len(shared) - limit)
    return ("%d image servers share %d hostnames (or use a reserved or group name); each was renamed to "
            "<hostname>_<id> to keep it a distinct host: %s%s. Choose a unique field with the hostnames option "
            "to avoid this." % (hosts, len(shared), shown, more))


def query_digest(query):
    """A stable digest of the effective query, for the cache key. Never give it secrets."""
    canonical = json.dumps(dict(query, format=CACHE_FORMAT), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]


def cached_regions(value):
    """The region results from a cache entry, or None when it is not one this version wrote."""
    if not isinstance(value, dict) or value.get("format") != CACHE_FORMAT:
        return None
    regions = value.get("regions")
    if not isinstance(regions, list):
        return None
    for region in regions:
        if (not isinstance(region, dict) or not isinstance(region.get("items"), list)
                or not isinstance(region.get("region"), str)):
            return None
    return regions


def cache_entry(regions):
    return {"format": CACHE_FORMAT, "regions": regions}
