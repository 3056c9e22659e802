#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 10, sections 2 and 3 through the module: every hostile answer fails the task with a clear
# message (checked by files/module_call.yml), bounded memory, and not one traceback.
set -eu -o pipefail
# shellcheck source=../files/transport_lib.sh
source files/transport_lib.sh
start_hostile

module_run gzip_bomb gzip-bomb -e "expect='larger than 16 MiB after decompression'"
module_run deflate_bomb deflate-bomb -e "expect='larger than 16 MiB after decompression'"
module_run huge huge -e "expect='larger than 16 MiB'"
module_run drip drip -e "expect='per-request deadline'"
module_run deep deep -e "expect='nested more than 64 levels deep'"
module_run deep_items deep-items -e "expect='nested more than 64 levels deep'"
module_run deep_ok deep-ok -e expect_ok=true
module_run absurd absurd-count -e "expect='far beyond any real fleet'"
module_run lies count-lies -e "expect='incomplete page'"
module_run regex regex-bomb -e "expect='HTTP 502'"
module_run redirect redirect -e "expect='Redirects are not followed'"
module_run nothing_listening ok -e "hostile_url=http://127.0.0.1:9" -e "expect='connection refused'"
expect_in "$WORK/nothing_listening.module.out" "Nothing accepts connections at 127.0.0.1:9: check endpoint"
if grep -qF "request_id=none" "$WORK/nothing_listening.module.out"; then
    fail "a connection that was refused shows a request id"
fi
