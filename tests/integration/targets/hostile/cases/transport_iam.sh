#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 10, section 5: the IAM token request carries the password, so once IAM answered it is
# not sent again; only 429/503 (not processed) and transport failures are retried.
set -eu -o pipefail
# shellcheck source=../files/transport_lib.sh
source files/transport_lib.sh
start_hostile
unset HW_AUTH_TOKEN
export HW_USER_NAME=hostile-user HW_USER_PASSWORD=hostile-password HW_DOMAIN_NAME=hostile-domain

write_inventory iam_500 iam-500 "user_name: hostile-user" "retries: 3"
inventory_fails iam_500 "HTTP 500" "HOSTILE.500"
[[ "$(requests_to iam-500 /v3/auth/tokens)" -eq 1 ]] || fail "the token request was resent after a 500"

write_inventory iam_bad iam-bad-body "user_name: hostile-user" "retries: 3"
inventory_fails iam_bad "without a usable X-Subject-Token"
[[ "$(requests_to iam-bad-body /v3/auth/tokens)" -eq 1 ]] || fail "the token request was resent after a 201"

module_run iam_500_module iam-500 -e expect=HOSTILE.500
[[ "$(requests_to iam-500 /v3/auth/tokens)" -eq 2 ]] || fail "the module resent the token request"

write_inventory iam_503 iam-503 "user_name: hostile-user" "retries: 2"
inventory_fails iam_503 "HTTP 503" "after 3 attempts"
[[ "$(requests_to iam-503 /v3/auth/tokens)" -eq 3 ]] || fail "503 (not processed) should be retried"
echo "ok: the token request is sent again only when IAM did not process it"
