#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: image_server_info
short_description: List Huawei Cloud Workspace App image servers
version_added: 1.0.0
description:
  - Lists the image servers (image instances) of a Huawei Cloud Workspace App project through
    C(GET /v1/{project_id}/image-servers), with every field the API returns, unchanged.
  - By default every matching image server is returned, fetching as many pages as needed. Set
    O(offset) and/or O(limit) to get exactly one page instead, as the API returns it.
  - Returns a O(statuses)-filtered list and a RV(summary) of it (counts by status and by server
    group), so that a compliance check is a one-line C(assert).
  - The results are returned as registered data, not as C(ansible_facts).
author:
  - huaweicloud.workspace contributors (@huaweicloud)
options:
  statuses:
    description:
      - Only return image servers in one of these states.
      - The API cannot filter by status, so this filter is applied by the module after listing;
        RV(count) still reports how many image servers match the other filters.
      - V(NULL) matches image servers whose status is not set (missing, empty, null or the text C(NULL)).
      - 'Quote V(NULL) in YAML, as in C(statuses: ["NULL"]): unquoted, YAML reads it as null, which is rejected.'
      - With O(offset) or O(limit), only the servers of that one page are filtered.
      - This option was called C(status) in 1.0.0, which remains an alias. The name O(statuses) (since 1.1.0) is
        the one of the P(huaweicloud.workspace.image_servers#inventory) inventory plugin; both accept both names.
    type: list
    elements: str
    aliases: [status]
    choices: [CREATING, ACTIVE, BUILDING, BUILT, ERROR, DELETING, "NULL"]
  offset:
    description:
      - Return a single page starting at this position (0 is the first image server) instead of
        every image server. At least V(0).
      - When only O(offset) is set, the page holds 10 image servers, the API's default page size.
    type: int
  limit:
    description:
      - Return a single page of at most this many image servers instead of every image server.
        Between V(1) and V(100), the range the API accepts.
      - When only O(limit) is set, the page starts at the first image server.
    type: int
  server_group_details:
    description:
      - Also list the server groups (C(GET /v1/{project_id}/app-server-groups), the API's C(ListServerGroups)),
        at the same time as the image servers, and return the records of those the returned image servers
        belong to as RV(server_groups), and RV(summary.by_server_group_name).
      - The IAM user needs the permission to list server groups as well; without it the module fails and
        says so.
    type: bool
    default: false
    version_added: 1.1.0
extends_documentation_fragment:
  - huaweicloud.workspace.connection
  - huaweicloud.workspace.image_server_listing
seealso:
  - name: Querying Image Instances (API reference)
    description: The API this module calls.
    link: https://support.huaweicloud.com/intl/en-us/api-workspace/ListImageServers.html
'''

EXAMPLES = r'''
- name: List every image server, signing requests with an access key (AK/SK)
  huaweicloud.workspace.image_server_info:
    region: cn-north-4
    access_key: "{{ hw_access_key }}"
    secret_key: "{{ hw_secret_key }}"
  register: fleet

- name: Credentials from the environment only
  # HW_REGION_NAME and HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK (or HW_ACCESS_KEY/HW_SECRET_KEY)
  huaweicloud.workspace.image_server_info:
  register: fleet

- name: With an IAM user token
  huaweicloud.workspace.image_server_info:
    region: cn-north-4
    project_id: a4da8115c9d8464ead3a38309130523f
    auth_token: "{{ hw_token }}"
  register: fleet

- name: With an IAM user name and password (a token is requested from IAM)
  huaweicloud.workspace.image_server_info:
    region: cn-north-4
    user_name: ops-bot
    password: "{{ hw_password }}"
    domain_name: example-account
  register: fleet

- name: From the SDK's credentials file (~/.huaweicloud/credentials, section [ops])
  huaweicloud.workspace.image_server_info:
    region: cn-north-4
    profile: ops
  register: fleet

- name: On an ECS (or an AWX/AAP node on one) with an agency attached - no credential anywhere
  # The ECS metadata service hands out the agency's temporary credentials; they are renewed
  # before they expire.
  huaweicloud.workspace.image_server_info:
    region: cn-north-4
  register: fleet

- name: Another account, through an IAM agency (any of the credentials above is the caller)
  huaweicloud.workspace.image_server_info:
    region: cn-north-4
    agency_name: ops-readonly
    agency_domain_name: other-account
    agency_duration: 3600
  register: other_account

- name: Set the credentials once for every module of the collection
  module_defaults:
    group/huaweicloud.workspace.workspace:
      region: cn-north-4
      access_key: "{{ hw_access_key }}"
      secret_key: "{{ hw_secret_key }}"
  block:
    - name: List the image servers whose name contains "finance"
      huaweicloud.workspace.image_server_info:
        server_name: finance
      register: finance

    - name: Look up one image server by ID
      huaweicloud.workspace.image_server_info:
        server_id: "697612196993040384"
      register: one

    - name: Image servers of one enterprise project
      huaweicloud.workspace.image_server_info:
        enterprise_project_id: 1b8e4d3c-5a6f-4e2b-9c1d-7a8b9c0d1e2f
      register: project

    - name: Only the servers that are not running properly
      huaweicloud.workspace.image_server_info:
        statuses: [ERROR, "NULL"]
      register: broken

    - name: The third page of 50, exactly as the API returns it
      huaweicloud.workspace.image_server_info:
        offset: 100
        limit: 50
      register: page

- name: Compliance check - no image server is in ERROR
  ansible.builtin.assert:
    that: fleet.summary.by_status.ERROR | default(0) == 0
    fail_msg: >-
      {{ fleet.summary.by_status.ERROR | default(0) }} image servers are in ERROR:
      {{ fleet.image_servers | selectattr('status', 'equalto', 'ERROR') | map(attribute='name') | join(', ') }}

- name: Image servers with their server groups' names, OS types and tags
  huaweicloud.workspace.image_server_info:
    server_group_details: true
  register: fleet

- name: Image servers per server group name
  ansible.builtin.debug:
    var: fleet.summary.by_server_group_name

- name: Names of the server groups tagged env=prod
  ansible.builtin.debug:
    msg: >-
      {{ fleet.server_groups.values() | selectattr('tags.env', 'defined')
         | selectattr('tags.env', 'equalto', 'prod') | map(attribute='name') | list }}

- name: Show the fleet by status
  ansible.builtin.debug:
    var: fleet.summary.by_status
'''

RETURN = r'''
image_servers:
  description:
    - The image servers, in the order the API returns them, each with every field of the API
      unchanged (the fields below are those the API documents).
    - Only those in one of the O(statuses) states when O(statuses) is set.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Unique ID of the image server.
      type: str
      sample: "697612196993040384"
    name:
      description: Name of the image server.
      type: str
      sample: test_instance_1
    description:
      description: Description.
      type: str
      sample: A test of creating an image instance.
    image_ref:
      description: The image the server was created from.
      type: dict
      contains:
        id:
          description: ID of the image source.
          type: str
        image_type:
          description: One of C(gold) (KooGallery), C(public), C(private), C(shared), C(other).
          type: str
        spce_code:
          description: Specification code of the image source (the API's spelling).
          type: str
        product_id:
          description: Product ID of the image source.
          type: str
    server_group_id:
      description: ID of the server group the image server belongs to.
      type: str
      sample: dae99966-76c4-4995-adaf-e8e2ab36869a
    app_group_id:
      description: ID of the application group.
      type: str
    server_id:
      description: ID of the APS instance.
      type: str
    instance_id:
      description: ID of the ECS.
      type: str
    image_id:
      description: ID of the image product built from the server.
      type: str
    status:
      description:
        - One of C(CREATING), C(ACTIVE), C(BUILDING), C(BUILT), C(ERROR), C(DELETING), or null or
          C(NULL) when not set.
      type: str
      sample: ACTIVE
    authorize_accounts:
      description: Users and user groups allowed to use the server.
      type: list
      elements: dict
      contains:
        account:
          description: User or user group name.
          type: str
        account_type:
          description: C(USER) or C(USER_GROUP).
          type: str
        domain:
          description: Domain name.
          type: str
    create_time:
      description: When the image server was created (UTC, ISO 8601).
      type: str
      sample: "2024-05-07T07:54:21.009Z"
    update_time:
      description: When the image server was last updated (UTC, ISO 8601).
      type: str
      sample: "2024-05-07T07:54:22.329Z"
    enterprise_project_id:
      description: Enterprise project ID; empty or C(0) is the default enterprise project.
      type: str
      sample: "0"
count:
  description:
    - The API's C(count) for the query, that is how many image servers match O(server_name),
      O(server_id) and O(enterprise_project_id), on every page.
    - Not affected by O(statuses), O(offset) or O(limit); RV(summary.total) counts what is returned.
  returned: success
  type: int
  sample: 240
summary:
  description:
    - Counts over the returned RV(image_servers), that is after the O(statuses) filter.
  returned: success
  type: dict
  contains:
    by_status:
      description:
        - Number of image servers in each status that occurs. Servers without a status are
          counted under C(NULL). States that do not occur are absent, so use the C(default) filter with V(0).
      type: dict
      sample: {"ACTIVE": 180, "BUILT": 30, "ERROR": 4, "NULL": 1}
    by_server_group:
      description:
        - Number of image servers in each server group (by C(server_group_id)). Servers without
          a server group are counted under the empty string C("").
      type: dict
      sample: {"dae99966-76c4-4995-adaf-e8e2ab36869a": 12, "": 1}
    by_server_group_name:
      description:
        - With O(server_group_details), the number of image servers in each server group by the group's
          name. Servers without a server group are counted under the empty string C("").
        - A server group whose name another listed server group shares, and a server group that no longer
          exists, is counted under its C(server_group_id) instead (with a warning for shared names).
      returned: when O(server_group_details=true)
      type: dict
      sample: {"Finance Desktops": 12, "dae99966-76c4-4995-adaf-e8e2ab36869a": 2, "": 1}
    total:
      description: Number of returned image servers, the length of RV(image_servers).
      type: int
      sample: 215
server_groups:
  description:
    - With O(server_group_details), the server groups that the returned RV(image_servers) belong to, by
      C(id), each with every field the API returns, except C(tags), turned from a list of C({key, value})
      into a mapping of keys to values.
    - A server group that no longer exists is absent (look it up with C(default)).
  returned: when O(server_group_details=true)
  type: dict
  sample:
    dae99966-76c4-4995-adaf-e8e2ab36869a:
      id: dae99966-76c4-4995-adaf-e8e2ab36869a
      name: Finance Desktops
      os_type: Windows
      app_type: SESSION_DESKTOP_APP
      server_group_status: true
      app_server_count: 12
      tags: {env: prod, team: finance}
region:
  description: The region that was queried.
  returned: success
  type: str
  sample: cn-north-4
project_id:
  description: The project that was queried (given, or looked up in IAM for the region).
  returned: success
  type: str
  sample: a4da8115c9d8464ead3a38309130523f
error:
  description: Details of a failed API request.
  returned: when an API request failed
  type: dict
  contains:
    status:
      description: HTTP status code, if a response was received.
      type: int
      sample: 401
    error_code:
      description: The API's C(error_code).
      type: str
      sample: APIGW.0301
    error_msg:
      description: The API's C(error_msg).
      type: str
    request_id:
      description: The request ID to give Huawei Cloud support.
      type: str
    method:
      description: HTTP method of the failed request.
      type: str
      sample: GET
    url:
      description: URL of the failed request.
      type: str
'''

from ansible_collections.huaweicloud.workspace.plugins.module_utils._module import WorkspaceModule
from ansible_collections.huaweicloud.workspace.plugins.module_utils._server_groups import count_by_label, describe_duplicates, group_labels, referenced_groups
from ansible_collections.huaweicloud.workspace.plugins.module_utils._summary import STATUSES, status_of, summarize


def page_request(params):
    """The offset/limit arguments of the single page asked for, or None to list every page.

    The client validates them (limit 1..100, offset >= 0) before sending anything and applies the
    API's defaults (offset 0, limit 10) to the one not given.
    """
    page = dict((name, params[name]) for name in ("offset", "limit") if params[name] is not None)
    return page or None


def main():
    module = WorkspaceModule(
        dict(
            statuses=dict(type="list", elements="str", choices=list(STATUSES), aliases=["status"]),
            offset=dict(type="int"),
            limit=dict(type="int"),
            server_group_details=dict(type="bool", default=False),
        )
    )
    page = page_request(module.params)
    details = module.params["server_group_details"]
    with module.failing_on_errors():
        client = module.client()
        listing = dict(page or {}, server_groups=True) if details else (page or {})
        if page is None:
            listed = client.list_image_servers(module.filters(), **listing)
        else:
            listed = client.get_image_servers_page(module.filters(), **listing)

    wanted = module.params["statuses"]
    servers = [item for item in listed.items if not wanted or status_of(item) in wanted]
    result = dict(changed=False, image_servers=servers, count=listed.count, summary=summarize(servers), region=listed.region, project_id=listed.project_id)
    if details:
        result["server_groups"] = referenced_groups(servers, listed.server_groups)
        labels, duplicates = group_labels(result["server_groups"])
        if duplicates:
            module.warn(describe_duplicates(duplicates))
        result["summary"]["by_server_group_name"] = count_by_label(servers, labels)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
