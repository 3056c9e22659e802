#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 10, section 5: nothing ambient (~/.netrc, cookies, redirects, user info in URLs) takes
# part in a request; control characters from an answer never reach the terminal raw.
set -eu -o pipefail
# shellcheck source=../files/transport_lib.sh
source files/transport_lib.sh
start_hostile

echo "== ~/.netrc is never read"
mkdir -p "$WORK/home"
printf 'machine 127.0.0.1\nlogin netrc-user\npassword netrc-password-0001\ndefault login netrc-user password netrc-password-0001\n' \
    >"$WORK/home/.netrc"
chmod 600 "$WORK/home/.netrc"
write_inventory netrc ok
HOME="$WORK/home" inventory_lists netrc
HOME="$WORK/home" module_run netrc ok -e expect_ok=true
[[ "$(requests_to ok)" -ge 2 ]] || fail "no request reached the server"
[[ "$(requests_to ok '"Authorization"')" -eq 0 ]] || fail "a request carried an Authorization header (netrc)"
echo "ok: no netrc credentials sent"

echo "== user info in an endpoint URL is rejected, naming the option"
write_inventory userinfo ok
sed -i "s|^endpoint: http://|endpoint: http://someone:pw-in-url-0001@|" "$WORK/userinfo.image_servers.yml"
inventory_fails userinfo "endpoint must not contain user info"
if grep -qF "pw-in-url-0001" "$WORK/userinfo.inventory.out"; then fail "the URL password was shown"; fi

echo "== cookies are never stored or sent (IAM and the API both set them)"
unset HW_AUTH_TOKEN
export HW_USER_NAME=hostile-user HW_USER_PASSWORD=hostile-password HW_DOMAIN_NAME=hostile-domain
write_inventory cookies set-cookie "user_name: hostile-user" "concurrency: 1"
inventory_lists cookies
module_run cookies set-cookie -e expect_ok=true
[[ "$(requests_to set-cookie)" -ge 4 ]] || fail "too few requests to tell"
[[ "$(requests_to set-cookie '"Cookie"')" -eq 0 ]] || fail "a cookie was sent back"
echo "ok: no cookie sent"
export HW_AUTH_TOKEN="hostile-token-0001"
unset HW_USER_NAME HW_USER_PASSWORD HW_DOMAIN_NAME

echo "== a redirect to another host is not followed"
write_inventory redirect redirect
inventory_fails redirect "HTTP 302" "Redirects are not followed"

echo "== control characters in an error answer are shown escaped"
write_inventory control control-chars
inventory_fails control 'HOSTILE.\x1b[31m' 'bad\x1b]0;pwned\x07'
module_run control control-chars -e expect=HOSTILE

echo "== a plain http:// loopback endpoint does not warn"
if grep -qF "plain http://" "$WORK"/*.out; then fail "a loopback endpoint was warned about"; fi
echo "ok: no warning for loopback"
