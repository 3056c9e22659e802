#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: image_server_compliance
short_description: Check Huawei Cloud Workspace App image servers against a compliance policy
version_added: 1.1.0
description:
  - Lists the image servers of a Huawei Cloud Workspace App project like
    M(huaweicloud.workspace.image_server_info) (all pages, the same filters and connection options),
    checks each one against the O(rules) of a policy and returns the verdict, the violations and,
    on request, a JUnit XML and a Markdown report.
  - By default the task fails when a violation remains (O(fail_on_violation)); the result is
    returned either way, so a failed task still carries the report.
  - It does not return the image servers themselves, so checking 10,000 of them stays cheap; use
    M(huaweicloud.workspace.image_server_info) to get them.
  - The same rules are available as the filter P(huaweicloud.workspace.image_server_violations#filter),
    for image servers you already have (a registered listing or inventory hostvars); the same input gives
    the same verdict.
  - The O(rules), O(exemptions) and O(now) are checked before any request is sent.
author:
  - huaweicloud.workspace contributors (@huaweicloud)
options:
  rules:
    description:
      - The policy, at least one rule. Each key is a rule; each violation names the rule by the name
        given in brackets below, which O(exemptions[].rules), RV(by_rule) and the reports use too.
      - "C(allowed_statuses) (list of statuses) [C(status)]: the status must be one of these:
        C(CREATING), C(ACTIVE), C(BUILDING), C(BUILT), C(ERROR), C(DELETING) or C(NULL) (not set; quote it
        in YAML)."
      - "C(max_age_in_status) (mapping of status to duration) [C(stuck_in_status)]: a server in one of
        these statuses may stay in it at most this long, measured from its C(update_time) to O(now).
        A duration is a number of seconds or numbers with a unit C(s), C(m), C(h), C(d), C(w):
        C(45m), C(6h), C(2d), C(1h30m). Exactly the limit is allowed. A server in such a status without
        a readable C(update_time) violates (the time cannot be told)."
      - "C(require_server_group) (bool) [C(server_group)]: C(true) means an empty or missing
        C(server_group_id) violates."
      - "C(require_enterprise_project) (bool) [C(enterprise_project)]: C(true) means a missing, empty
        or C(0) (the default project) C(enterprise_project_id) violates."
      - "C(allowed_image_types) (list) [C(image_type)]: C(image_ref.image_type) must be one of these,
        for example C(gold), C(public), C(private), C(shared), C(other)."
      - "C(allowed_image_ids) (list) [C(image_id)]: C(image_id), or C(image_ref.id) when C(image_id) is
        empty, must be one of these."
      - "C(min_authorized_accounts), C(max_authorized_accounts) (int) [C(authorized_accounts_min),
        C(authorized_accounts_max)]: bounds of the number of C(authorize_accounts)."
      - "C(allowed_account_domains) (list) [C(account_domain)]: the C(domain) of every authorized
        account must be one of these."
      - "C(allowed_account_types) (list of C(USER), C(USER_GROUP)) [C(account_type)]: the
        C(account_type) of every authorized account must be one of these."
      - "C(forbidden_accounts) (list) [C(forbidden_account)]: none of these account names may be authorized."
      - "C(name_pattern) (regular expression, Python syntax) [C(name_pattern)]: the whole C(name) must match."
      - An unknown key, a value of the wrong type, an unknown status, an unreadable duration or an
        invalid regular expression fails the task before any request, naming the key.
    type: dict
    required: true
  exemptions:
    description:
      - Waivers. A violation of a server and rule covered by an exemption is reported under
        RV(exempted) instead of RV(violations) and does not fail the task.
      - An exemption whose O(exemptions[].expires) has passed no longer applies; it is listed under
        RV(expired_exemptions) so that it gets renewed or removed.
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description:
          - The ID of the exempted image server. Give O(exemptions[].id) or O(exemptions[].name), not both.
        type: str
      name:
        description:
          - The exact name of the exempted image server.
        type: str
      rules:
        description:
          - The rule names (as in brackets under O(rules), for example C(stuck_in_status)) it exempts from.
          - Every rule when not set.
        type: list
        elements: str
      reason:
        description:
          - Why the exemption exists. Required; shown in the reports.
        type: str
        required: true
      expires:
        description:
          - When the exemption ends. A date such as V(2026-12-31) exempts until the end of that day
            (UTC); a timestamp such as V(2026-12-31T18:00:00Z) until that instant.
          - Never expires when not set.
        type: str
  now:
    description:
      - The time (ISO 8601, for example V(2026-11-29T08:00:00Z); UTC when no zone is given) to use
        instead of the current time for O(rules) C(max_age_in_status) and O(exemptions[].expires),
        for reproducible runs and tests.
    type: str
  fail_on_violation:
    description:
      - Fail the task when any violation remains, with a message giving the counts by rule and the
        first few servers.
      - V(false) only reports; check RV(compliant).
    type: bool
    default: true
  report_formats:
    description:
      - Reports to return under RV(report).
      - V(junit) is JUnit XML with one test suite per rule and one test case per image server in
        it (failed, skipped when exempted, or passed), for CI systems.
      - V(markdown) is a Markdown document a person reads in a job log or a ticket.
    type: list
    elements: str
    choices: [junit, markdown]
    default: []
extends_documentation_fragment:
  - huaweicloud.workspace.connection
  - huaweicloud.workspace.image_server_listing
seealso:
  - module: huaweicloud.workspace.image_server_info
  - plugin: huaweicloud.workspace.image_server_violations
    plugin_type: filter
  - name: Compliance checks guide
    description: Policy reference, a scheduled AWX job and a CI job keeping the JUnit report.
    link: https://github.com/huaweicloud/ansible-collection-workspace/blob/main/docs/docsite/rst/guide_compliance.rst
'''

EXAMPLES = r'''
- name: Nightly policy, failing the job when an image server breaks it
  huaweicloud.workspace.image_server_compliance:
    rules:
      allowed_statuses: [ACTIVE, BUILT, BUILDING, CREATING]
      max_age_in_status:
        BUILDING: 6h
        CREATING: 45m
      require_server_group: true
      require_enterprise_project: true
      allowed_account_domains: [corp.example.org, ops.example.com]
      forbidden_accounts: [guest, test]
      name_pattern: '[a-z][a-z0-9-]{2,40}'
    exemptions:
      - name: golden-image-builder
        rules: [stuck_in_status]
        reason: CHG-1234 rebuilds the golden image every night
        expires: 2026-12-31
  register: compliance

- name: Report only, and keep the JUnit file for the CI system
  huaweicloud.workspace.image_server_compliance:
    rules:
      require_server_group: true
      min_authorized_accounts: 1
    fail_on_violation: false
    report_formats: [junit, markdown]
  register: compliance

- name: Write the JUnit report
  ansible.builtin.copy:
    content: "{{ compliance.report.junit }}"
    dest: "{{ playbook_dir }}/compliance-junit.xml"
    mode: "0644"

- name: Show the Markdown report in the job log
  ansible.builtin.debug:
    msg: "{{ compliance.report.markdown }}"

- name: Fail after the report is kept
  ansible.builtin.assert:
    that: compliance.compliant
    fail_msg: "{{ compliance.violation_count }} violations: {{ compliance.by_rule }}"
'''

RETURN = r'''
compliant:
  description: Whether no violation remains (exempted ones do not count).
  returned: always
  type: bool
  sample: false
checked:
  description: Number of image servers checked (all pages, after the filters).
  returned: success
  type: int
  sample: 240
violations:
  description:
    - One entry per image server and rule it breaks, in API order, then rule order (as under O(rules)).
    - Exempted violations are under RV(exempted) instead.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: ID of the image server, as the API returned it.
      type: str
      sample: "697612196993040384"
    name:
      description: Name of the image server, as the API returned it (untrusted text).
      type: str
      sample: img-srv-00042
    rule:
      description: The rule name, for example C(status) or C(stuck_in_status).
      type: str
      sample: stuck_in_status
    message:
      description: What is wrong, for a person.
      type: str
      sample: in BUILDING for 2d3h (since 2026-11-27T05:00:00.000Z), longer than 6h
    value:
      description:
        - The offending value. C(status), C(server_group), C(enterprise_project), C(image_type),
          C(image_id), C(name_pattern) give the field's value (C(status) normalised, C(NULL) when not set);
          C(stuck_in_status) the seconds in the status (null when C(update_time) cannot be read);
          C(authorized_accounts_min) and C(authorized_accounts_max) the number of accounts;
          C(account_domain), C(account_type) and C(forbidden_account) the distinct offending domains,
          types or account names.
      type: raw
      sample: 183600
violation_count:
  description: Length of RV(violations).
  returned: success
  type: int
  sample: 3
noncompliant_count:
  description: Number of image servers with at least one violation.
  returned: success
  type: int
  sample: 2
by_rule:
  description: Number of violations per configured rule, C(0) included.
  returned: success
  type: dict
  sample: {"status": 1, "stuck_in_status": 2, "server_group": 0}
exempted:
  description:
    - Violations covered by an exemption that has not expired, in the order of RV(violations).
    - Each has the keys of an entry of RV(violations) (C(id), C(name), C(rule), C(message), C(value)),
      and these.
  returned: success
  type: list
  elements: dict
  contains:
    reason:
      description: The exemption's reason.
      type: str
    expires:
      description: The exemption's expiry as given, null when it never expires.
      type: str
expired_exemptions:
  description: The exemptions whose expiry has passed (at O(now)); they no longer apply.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The exempted image server's ID, when the exemption names an ID.
      type: str
    name:
      description: The exempted image server's name, when the exemption names one.
      type: str
    rules:
      description: The rules it exempted from, sorted; null for every rule.
      type: list
      elements: str
    reason:
      description: Its reason.
      type: str
    expires:
      description: Its expiry as given.
      type: str
      sample: "2026-10-31"
summary:
  description:
    - Counts over every checked image server, as RV(huaweicloud.workspace.image_server_info#module:summary).
  returned: success
  type: dict
  contains:
    by_status:
      description: Number of image servers in each status that occurs (C(NULL) when not set).
      type: dict
      sample: {"ACTIVE": 180, "BUILT": 30, "ERROR": 4, "NULL": 1}
    by_server_group:
      description: Number of image servers per C(server_group_id); C("") for none.
      type: dict
      sample: {"dae99966-76c4-4995-adaf-e8e2ab36869a": 12, "": 1}
    total:
      description: Number of checked image servers.
      type: int
      sample: 215
report:
  description:
    - The reports asked for with O(report_formats), by format; empty when none.
    - Names and other fields from the API are escaped for the format (XML, Markdown).
  returned: success
  type: dict
  contains:
    junit:
      description: JUnit XML (UTF-8 text) when O(report_formats) has V(junit).
      type: str
    markdown:
      description: Markdown text when O(report_formats) has V(markdown).
      type: str
region:
  description: The region whose image servers were checked.
  returned: success
  type: str
  sample: cn-north-4
project_id:
  description: The project whose image servers were checked (given, or looked up in IAM for the region).
  returned: success
  type: str
  sample: a4da8115c9d8464ead3a38309130523f
error:
  description: Details of a failed API request, as in M(huaweicloud.workspace.image_server_info).
  returned: when an API request failed
  type: dict
'''

from ansible_collections.huaweicloud.workspace.plugins.module_utils._compliance import describe, evaluate, load_policy
from ansible_collections.huaweicloud.workspace.plugins.module_utils._compliance_report import REPORT_FORMATS, render
from ansible_collections.huaweicloud.workspace.plugins.module_utils._module import WorkspaceModule
from ansible_collections.huaweicloud.workspace.plugins.module_utils._summary import summarize


def main():
    module = WorkspaceModule(
        dict(
            # The rule engine checks the rules (the filter plugin shares that check), and the exemptions again.
            rules=dict(type="dict", required=True),
            exemptions=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(
                    id=dict(type="str"),
                    name=dict(type="str"),
                    rules=dict(type="list", elements="str"),
                    reason=dict(type="str", required=True),
                    expires=dict(type="str"),
                ),
            ),
            now=dict(type="str"),
            fail_on_violation=dict(type="bool", default=True),
            report_formats=dict(type="list", elements="str", choices=list(REPORT_FORMATS), default=[]),
        )
    )
    params = module.params
    with module.failing_on_errors(compliant=False):
        policy = load_policy(params["rules"], params["exemptions"], params["now"])
        listed = module.client().list_image_servers(module.filters())

    positions = [] if "junit" in params["report_formats"] else None
    result = evaluate(listed.items, policy, positions)
    result.update(
        summary=summarize(listed.items),
        region=listed.region,
        project_id=listed.project_id,
        report=render(params["report_formats"], listed.items, policy.rule_names, result, positions),
    )
    if params["fail_on_violation"] and not result["compliant"]:
        module.fail_json(msg=describe(result), changed=False, **result)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
