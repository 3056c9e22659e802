#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 10, section 2: whatever the endpoint sends, the inventory plugin ends with a clear error
# (or the data), bounded memory, a bounded number of requests, and no traceback.
set -eu -o pipefail
# shellcheck source=../files/transport_lib.sh
source files/transport_lib.sh
start_hostile

echo "== bombs and endless bodies stop at max_response_size (16 MiB), counted after decompression"
for mode in gzip-bomb deflate-bomb huge; do
    write_inventory "$mode" "$mode"
    inventory_fails "$mode" "larger than 16 MiB after decompression (max_response_size)"
done
[[ "$(requests_to gzip-bomb)" -eq 1 ]] || fail "an answer that is too large was requested again"
write_inventory small_cap huge "max_response_size: 1"
inventory_fails small_cap "larger than 1 MiB after decompression"

echo "== a dripping body ends at the per-request deadline (10 x timeout), not only per read"
write_inventory drip drip
inventory_fails drip "still arriving after the per-request deadline"

echo "== JSON nested deeper than any real answer"
write_inventory deep deep
inventory_fails deep "nested more than 64 levels deep"
write_inventory deep_items deep-items
inventory_fails deep_items "nested more than 64 levels deep"
write_inventory deep_ok deep-ok
inventory_lists deep_ok
grep -qF '"child"' "$WORK/deep_ok.json" || fail "the nested item did not reach the inventory"

echo "== an absurd or lying count ends within a bounded number of requests"
write_inventory absurd absurd-count "concurrency: 4"
inventory_fails absurd "far beyond any real fleet"
[[ "$(requests_to absurd-count)" -le 3 ]] || fail "absurd count: $(requests_to absurd-count) requests"
write_inventory lies count-lies "concurrency: 4"
inventory_fails lies "incomplete page" "refusing to return a partial list"
# The first page, then at most concurrency pages in flight, each tried PAGE_REFETCHES + 1 times.
[[ "$(requests_to count-lies)" -le 40 ]] || fail "lying count: $(requests_to count-lies) requests"

echo "== an error page built to make regular expressions backtrack renders fast and short"
write_inventory regex regex-bomb
inventory_fails regex "HTTP 502" "more characters)"
[[ "$(wc -c <"$WORK/regex.inventory.out")" -lt 20000 ]] || fail "the error page was not cut short"
