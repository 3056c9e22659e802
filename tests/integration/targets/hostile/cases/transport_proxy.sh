#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 10, section 5: HTTP_PROXY/HTTPS_PROXY/NO_PROXY keep working (~/.netrc does not), and the
# proxy option sends every request through the proxy given; through a local proxy of the test's own.
set -eu -o pipefail
# shellcheck source=../files/transport_lib.sh
source files/transport_lib.sh
start_hostile
start_proxy

proxied() { grep -cF "/ok/v1/" "$PROXY_LOG" || true; }

echo "== HTTP_PROXY from the environment"
write_inventory env_proxy ok
HTTP_PROXY="$PROXY_URL" inventory_lists env_proxy
[[ "$(proxied)" -eq 1 ]] || fail "the inventory did not go through HTTP_PROXY"
HTTP_PROXY="$PROXY_URL" module_run env_proxy ok -e expect_ok=true
[[ "$(proxied)" -eq 2 ]] || fail "the module did not go through HTTP_PROXY"

echo "== NO_PROXY bypasses it"
HTTP_PROXY="$PROXY_URL" NO_PROXY=127.0.0.1 inventory_lists env_proxy
[[ "$(proxied)" -eq 2 ]] || fail "NO_PROXY was not honoured"

echo "== the proxy option, without any environment variable"
write_inventory option_proxy ok "proxy: $PROXY_URL"
inventory_lists option_proxy
[[ "$(proxied)" -eq 3 ]] || fail "the proxy option was not used"
module_run option_proxy ok -e expect_ok=true -e "module_proxy=$PROXY_URL"
[[ "$(proxied)" -eq 4 ]] || fail "the module's proxy option was not used"

echo "== a proxy that is down gives a hint about the proxy"
write_inventory dead_proxy ok "proxy: http://127.0.0.1:9"
inventory_fails dead_proxy "Check the proxy option, or HTTPS_PROXY/HTTP_PROXY/NO_PROXY"
echo "ok: proxies"
