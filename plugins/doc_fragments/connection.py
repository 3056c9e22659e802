# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The options of plugins/module_utils/_options.py (CONNECTION_OPTIONS); keep both in step.
    DOCUMENTATION = r'''
options:
  region:
    description:
      - Huawei Cloud region, for example C(cn-north-4).
      - Selects the Workspace App endpoint and the IAM endpoint, and scopes user/password tokens
        and project discovery.
      - If not set, the value of the E(HW_REGION_NAME) environment variable is used.
      - An unknown region is an error unless O(endpoint) is set.
    type: str
  project_id:
    description:
      - ID of the project the image servers belong to.
      - If not set, the value of E(HUAWEICLOUD_SDK_PROJECT_ID) or E(HW_PROJECT_ID) is used; if none
        is set, the project named after O(region) is looked up in IAM (C(GET /v3/projects?name=<region>)).
    type: str
  access_key:
    description:
      - Access key ID (AK) for AK/SK request signing (SDK-HMAC-SHA256).
      - If not set, the value of E(HUAWEICLOUD_SDK_AK) or E(HW_ACCESS_KEY) is used.
      - Requires O(secret_key).
    type: str
    aliases: [ak]
  secret_key:
    description:
      - Secret access key (SK) for AK/SK request signing. Never logged.
      - If not set, the value of E(HUAWEICLOUD_SDK_SK) or E(HW_SECRET_KEY) is used.
    type: str
    aliases: [sk]
  security_token:
    description:
      - Security token of temporary AK/SK credentials; sent and signed as C(X-Security-Token).
      - If not set, the value of E(HUAWEICLOUD_SDK_SECURITY_TOKEN) or E(HW_SECURITY_TOKEN) is used.
      - Only valid together with O(access_key) and O(secret_key).
    type: str
  auth_token:
    description:
      - An IAM user token, sent as C(X-Auth-Token). Takes precedence over every other credential.
      - If not set, the value of E(HW_AUTH_TOKEN) is used.
    type: str
  user_name:
    description:
      - IAM user name for password authentication; a token is requested from IAM once per run.
      - If not set, the value of E(HW_USER_NAME) is used. Requires O(password) and O(domain_name).
    type: str
  password:
    description:
      - Password of O(user_name). Never logged.
      - If not set, the value of E(HW_USER_PASSWORD) is used.
    type: str
  domain_name:
    description:
      - Account (domain) name that O(user_name) belongs to.
      - If not set, the value of E(HW_DOMAIN_NAME) is used.
    type: str
  iam_endpoint:
    description:
      - IAM endpoint URL, with or without a trailing C(/v3).
      - If not set, the value of E(HUAWEICLOUD_SDK_IAM_ENDPOINT) or E(HW_AUTH_URL) is used; otherwise
        C(https://iam.<region>.myhuaweicloud.com), or C(https://iam.myhuaweicloud.com) for regions
        without a regional IAM endpoint.
    type: str
  endpoint:
    description:
      - Workspace App endpoint URL, overriding the one derived from O(region), for example
        C(http://127.0.0.1:8080) for the bundled emulator.
      - If not set, the value of E(HW_WORKSPACEAPP_ENDPOINT) is used.
    type: str
  validate_certs:
    description:
      - Verify TLS certificates. Only set to V(false) for endpoints you trust, such as a local test server.
    type: bool
    default: true
  ca_cert:
    description:
      - Path of a PEM bundle of CA certificates to verify the endpoints with, instead of the system store.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection or for each read of a response before the attempt fails
        (and is retried, see O(retries)). Between 0.1 and 86400.
      - The body of an answer must arrive within 10 times this value (see O(max_response_size)).
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried after a throttling answer (HTTP 429, honouring
        C(Retry-After)), a server error (500, 502, 503, 504), a timeout or a connection error,
        with exponential back-off and jitter. Other errors are never retried. Between 0 and 20.
    type: int
    default: 5
  concurrency:
    description:
      - How many pages are fetched at the same time once the first page has told how many
        image servers there are. V(1) fetches pages one after another. Between 1 and 64.
    type: int
    default: 16
  credentials_file:
    description:
      - The official SDK's credentials file (INI), read when no credential option or environment variable
        is set. The section O(profile) holds C(ak), C(sk) and optionally C(security_token), C(project_id)
        and C(iam_endpoint); the last two apply when O(project_id) and O(iam_endpoint) are not set.
      - If not set, the value of E(HUAWEICLOUD_SDK_CREDENTIALS_FILE) is used, else C(~/.huaweicloud/credentials).
      - A file named here that does not exist is an error; a missing default file is skipped.
      - A file that exists but cannot be read, is not valid INI or lacks the section, C(ak) or C(sk) is an
        error naming the file; the chain never skips it silently.
    type: path
    version_added: 1.1.0
  profile:
    description:
      - Section of O(credentials_file) to use.
      - If not set, the value of E(HW_PROFILE) is used, else V(basic).
    type: str
    version_added: 1.1.0
  metadata_credentials:
    description:
      - When no credential option, environment variable or credentials file gives credentials, ask the
        ECS metadata service for the temporary credentials of the agency attached to the server
        (as the official SDK does). Off Huawei Cloud nothing answers and the run goes on after a short
        connect timeout.
      - If not set, the value of E(HW_METADATA_CREDENTIALS) is used, else V(true).
      - Set to V(false) when Ansible runs outside Huawei Cloud, to skip that request.
    type: bool
    version_added: 1.1.0
  metadata_endpoint:
    description:
      - URL of the ECS metadata service.
      - If not set, the value of E(HW_METADATA_ENDPOINT) is used, else C(http://169.254.169.254).
    type: str
    version_added: 1.1.0
  agency_name:
    description:
      - Name of an IAM agency (Huawei Cloud's "assume role") to act through. The credentials found
        (options, environment, credentials file or ECS metadata) only obtain temporary credentials of the
        agency from IAM (C(POST /v3.0/OS-CREDENTIAL/securitytokens)); project discovery and listing then
        run as the agency, in the account that owns it. They are renewed before they expire.
      - If not set, the value of E(HW_ASSUME_ROLE_AGENCY_NAME) is used.
      - Requires O(agency_domain_name) or O(agency_domain_id).
    type: str
    version_added: 1.1.0
  agency_domain_name:
    description:
      - Name of the account (domain) that owns O(agency_name).
      - If not set, the value of E(HW_ASSUME_ROLE_DOMAIN_NAME) is used. Mutually exclusive with O(agency_domain_id).
    type: str
    version_added: 1.1.0
  agency_domain_id:
    description:
      - The account that owns O(agency_name) by its ID instead of its name (O(agency_domain_name), mutually
        exclusive). If not set, the value of E(HW_ASSUME_ROLE_DOMAIN_ID) is used.
    type: str
    version_added: 1.1.0
  agency_duration:
    description:
      - How long the agency's temporary credentials are valid, in seconds, between V(900) and V(86400).
      - If not set, the value of E(HW_ASSUME_ROLE_DURATION) is used, else IAM's default (900 seconds).
      - Longer runs are not limited by it, the credentials are renewed before they expire.
    type: int
  max_response_size:
    description:
      - The largest response accepted from an endpoint, in MiB, counted after decompression.
        A larger answer (a compressed "bomb", a runaway proxy page) fails the request instead of
        filling memory. Real answers are far smaller than the default. Between 1 and 1024.
      - Independently of this size, the body of an answer must arrive within 10 times O(timeout)
        (300 seconds by default); an endless or dripping body fails the request.
    type: int
    default: 16
    version_added: 1.1.0
  proxy:
    description:
      - URL of an HTTP proxy for every request, for example C(http://proxy.example.com:3128).
      - If not set, the E(HTTPS_PROXY), E(HTTP_PROXY), E(ALL_PROXY) and E(NO_PROXY) environment
        variables are honoured, as by other HTTP clients.
      - Must not contain credentials (they would show up in logs); give an authenticating proxy in
        E(HTTPS_PROXY) instead.
    type: str
    version_added: 1.1.0
  max_requests_per_second:
    description:
      - Never send more than this many requests per second to one endpoint (each region's endpoint
        counts on its own), for example when you know your API gateway quota or share it with other
        tools. A positive number; fractions such as V(0.5) are allowed.
      - Whether set or not, the rate adapts to the gateway. A throttling answer (HTTP 429,
        C(APIGW.0308)) pauses every request to that endpoint for C(Retry-After) and lowers the rate,
        which then grows back slowly while answers are good. Unset, requests are not paced until
        the first throttling answer.
    type: float
    version_added: 1.1.0
notes:
  - "Credentials are chosen in this order: O(auth_token), then O(access_key)/O(secret_key), then
    O(user_name)/O(password)/O(domain_name). When several are set the first wins and a warning says so."
  - "When none of them is set (neither as option nor as environment variable), the official SDK's
    default chain is followed: the credentials file (O(credentials_file)), then the ECS metadata
    service (O(metadata_credentials)). The first that has credentials is used; when none has, the error
    lists every source tried and why it did not apply."
  - "Nothing ambient replaces the request's own authentication: C(~/.netrc) is never read, cookies are
    never stored or sent, redirects are not followed, and endpoint URLs with user info
    (C(https://user:pass@host)) are rejected."
  - Options not set fall back to the environment variables of the official Huawei Cloud SDK
    (C(HUAWEICLOUD_SDK_*)) and of the Terraform provider (C(HW_*)), in the order documented for each option.
requirements:
  - requests
'''

    # The inventory plugin's environment variables, for Ansible's config manager (modules get them
    # from the argument spec, env_fallback). The config manager lets the LAST variable set win, so
    # each list is the table's order reversed: the variable named first in DOCUMENTATION wins.
    # tests/unit/plugins/module_utils/test_options_and_endpoints.py checks this against the table.
    PLUGINS = r'''
options:
  region:
    env:
      - name: HW_REGION_NAME
  project_id:
    env:
      - name: HW_PROJECT_ID
      - name: HUAWEICLOUD_SDK_PROJECT_ID
  access_key:
    env:
      - name: HW_ACCESS_KEY
      - name: HUAWEICLOUD_SDK_AK
  secret_key:
    env:
      - name: HW_SECRET_KEY
      - name: HUAWEICLOUD_SDK_SK
  security_token:
    env:
      - name: HW_SECURITY_TOKEN
      - name: HUAWEICLOUD_SDK_SECURITY_TOKEN
  auth_token:
    env:
      - name: HW_AUTH_TOKEN
  user_name:
    env:
      - name: HW_USER_NAME
  password:
    env:
      - name: HW_USER_PASSWORD
  domain_name:
    env:
      - name: HW_DOMAIN_NAME
  iam_endpoint:
    env:
      - name: HW_AUTH_URL
      - name: HUAWEICLOUD_SDK_IAM_ENDPOINT
  endpoint:
    env:
      - name: HW_WORKSPACEAPP_ENDPOINT
  credentials_file:
    env:
      - name: HUAWEICLOUD_SDK_CREDENTIALS_FILE
  profile:
    env:
      - name: HW_PROFILE
  metadata_credentials:
    env:
      - name: HW_METADATA_CREDENTIALS
  metadata_endpoint:
    env:
      - name: HW_METADATA_ENDPOINT
  agency_name:
    env:
      - name: HW_ASSUME_ROLE_AGENCY_NAME
  agency_domain_name:
    env:
      - name: HW_ASSUME_ROLE_DOMAIN_NAME
  agency_domain_id:
    env:
      - name: HW_ASSUME_ROLE_DOMAIN_ID
  agency_duration:
    env:
      - name: HW_ASSUME_ROLE_DURATION
notes:
  - "An option set in the inventory file wins over its environment variables. When several environment
    variables of one option are set, the one named first in the option's description wins (C(ansible-doc)
    lists them the other way round: for the config manager the last one set wins). A variable set to an
    empty string counts as set, and leaves the option unset even if another of its variables has a value."
'''
