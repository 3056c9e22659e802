#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 10, sections 4 and 5 through the inventory plugin: bad numbers (NaN, infinity, negative,
# fractional) and URLs with credentials are rejected naming the option, before any request.
set -eu -o pipefail
# shellcheck source=../files/transport_lib.sh
source files/transport_lib.sh
start_hostile

bad_option() {  # bad_option NAME YAML-LINE TEXT...: that option fails the source with every TEXT
    local name="$1" line="$2"
    shift 2
    write_inventory "$name" ok "$line"
    inventory_fails "$name" "$@"
}
bad_option timeout_nan "timeout: .nan" "timeout must be a number between 0.1 and 86400, got nan"
bad_option timeout_inf "timeout: .inf" "timeout must be a number between 0.1 and 86400, got inf"
bad_option timeout_negative "timeout: -3" "timeout must be a number between 0.1 and 86400"
# ansible-core's own type check of int options answers first, naming the option too. Before
# 2.19 it converts a fraction with int() instead (1.5 becomes 1), and words the error otherwise.
core_version="$(ansible --version | sed -n '1s/.*core \([0-9.]*\).*/\1/p')"
if [[ "$(printf '2.19\n%s\n' "$core_version" | sort -V | head -n1)" == 2.19 ]]; then
    bad_option retries_fraction "retries: 1.5" "'retries'" "1.5"
    bad_option concurrency_nan "concurrency: .nan" "'concurrency'" "nan"
else
    bad_option concurrency_nan "concurrency: .nan" "setting: concurrency" "cannot convert float NaN to integer"
fi
bad_option size_negative "max_response_size: -1" "max_response_size must be an integer between 1 and 1024, got -1"
bad_option proxy_credentials "proxy: http://someone:proxy-secret-0001@127.0.0.1:3128" "proxy must not contain credentials"
write_inventory iam_userinfo ok
sed -i "s|^iam_endpoint: http://|iam_endpoint: http://someone:iam-secret-0001@|" "$WORK/iam_userinfo.image_servers.yml"
inventory_fails iam_userinfo "iam_endpoint must not contain user info"
if grep -qF -e proxy-secret-0001 -e iam-secret-0001 "$WORK"/*.out; then
    fail "a password from a URL was shown"
fi
[[ "$(wc -l <"$HOSTILE_LOG")" -eq 0 ]] || fail "a request was sent although an option was invalid"
echo "ok: bad options rejected before any request"
