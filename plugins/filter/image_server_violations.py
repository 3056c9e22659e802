# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: image_server_violations
short_description: Check image servers you already have against a compliance policy
version_added: 1.1.0
description:
  - Applies the rules of M(huaweicloud.workspace.image_server_compliance) to a list of image servers, such as
    the RV(huaweicloud.workspace.image_server_info#module:image_servers) of a registered listing, or the
    hostvars of the P(huaweicloud.workspace.image_servers#inventory) inventory with O(hostvars_prefix)
    stripped.
  - The same rule engine as the module, so the same servers, rules, exemptions and O(now) give the same
    verdict.
  - A policy error (unknown rule, wrong type, unreadable duration or date, invalid regular expression,
    exemption without a reason) fails the template with a message naming the key.
author:
  - huaweicloud.workspace contributors (@huaweicloud)
positional: rules, exemptions, now, hostvars_prefix
options:
  _input:
    description:
      - The image servers, each a mapping of API fields.
    type: list
    elements: dict
    required: true
  rules:
    description:
      - The policy, exactly as O(huaweicloud.workspace.image_server_compliance#module:rules).
    type: dict
    required: true
  exemptions:
    description:
      - Waivers, exactly as O(huaweicloud.workspace.image_server_compliance#module:exemptions).
    type: list
    elements: dict
    default: []
  now:
    description:
      - The time to check against (ISO 8601 text, or a date or datetime); the current time when not set.
    type: raw
  hostvars_prefix:
    description:
      - Strip this prefix from the variable names and ignore variables without it, for servers taken from
        inventory hostvars (the inventory's C(hostvars_prefix) option, for example V(wks_)).
    type: str
    default: ''
seealso:
  - module: huaweicloud.workspace.image_server_compliance
  - plugin: huaweicloud.workspace.image_servers
    plugin_type: inventory
'''

EXAMPLES = r'''
- name: List once, then check against two policies without listing again
  huaweicloud.workspace.image_server_info:
  register: fleet

- name: Running servers must have an account and a server group
  vars:
    verdict: >-
      {{ fleet.image_servers | selectattr('status', 'equalto', 'ACTIVE')
         | huaweicloud.workspace.image_server_violations({'min_authorized_accounts': 1,
                                                          'require_server_group': true}) }}
  ansible.builtin.assert:
    that: verdict.compliant
    fail_msg: "{{ verdict.violations | map(attribute='name') | list }}"

- name: The same rules over the inventory's hosts (inventory option hostvars_prefix is wks_)
  ansible.builtin.debug:
    msg: >-
      {{ groups['status_building'] | map('extract', hostvars)
         | huaweicloud.workspace.image_server_violations({'max_age_in_status': {'BUILDING': '6h'}},
                                                         hostvars_prefix='wks_') }}
'''

RETURN = r'''
_value:
  description:
    - The verdict, with the same keys and meaning as the module's results
      RV(huaweicloud.workspace.image_server_compliance#module:compliant),
      RV(huaweicloud.workspace.image_server_compliance#module:checked),
      RV(huaweicloud.workspace.image_server_compliance#module:violations),
      RV(huaweicloud.workspace.image_server_compliance#module:violation_count),
      RV(huaweicloud.workspace.image_server_compliance#module:noncompliant_count),
      RV(huaweicloud.workspace.image_server_compliance#module:by_rule),
      RV(huaweicloud.workspace.image_server_compliance#module:exempted) and
      RV(huaweicloud.workspace.image_server_compliance#module:expired_exemptions).
  type: dict
  contains:
    compliant:
      description: Whether no violation remains.
      type: bool
    checked:
      description: Number of image servers checked.
      type: int
    violations:
      description: One entry (C(id), C(name), C(rule), C(message), C(value)) per server and rule it breaks, in input order.
      type: list
      elements: dict
    violation_count:
      description: Length of RV(_value.violations).
      type: int
    noncompliant_count:
      description: Number of servers with at least one violation.
      type: int
    by_rule:
      description: Violations per configured rule, C(0) included.
      type: dict
    exempted:
      description: Exempted violations, each with the exemption's C(reason) and C(expires).
      type: list
      elements: dict
    expired_exemptions:
      description: Exemptions past their expiry, which no longer apply.
      type: list
      elements: dict
'''

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.huaweicloud.workspace.plugins.module_utils._compliance import evaluate, load_policy
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError


def _servers(data, prefix):
    if isinstance(data, (str, bytes, Mapping)) or not hasattr(data, "__iter__"):
        raise AnsibleFilterError("image_server_violations: the input must be a list of image servers, got %s" % type(data).__name__)
    if not prefix:
        return [dict(item) if isinstance(item, Mapping) and not isinstance(item, dict) else item for item in data]
    size = len(prefix)
    return [
        dict((name[size:], item[name]) for name in item if isinstance(name, str) and name.startswith(prefix)) if isinstance(item, Mapping) else item
        for item in data
    ]


def image_server_violations(data, rules, exemptions=None, now=None, hostvars_prefix=""):
    """The compliance verdict over `data` (see DOCUMENTATION)."""
    if not isinstance(hostvars_prefix, str):
        raise AnsibleFilterError("image_server_violations: hostvars_prefix must be a string, got %r" % (hostvars_prefix,))
    try:
        policy = load_policy(rules, exemptions, now)
    except WorkspaceConfigError as error:
        raise AnsibleFilterError("image_server_violations: %s" % error)
    return evaluate(_servers(data, hostvars_prefix), policy)


class FilterModule(object):
    def filters(self):
        return {"image_server_violations": image_server_violations}
