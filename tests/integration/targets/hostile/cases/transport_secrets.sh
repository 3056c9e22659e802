#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 10, section 4: a server that echoes the credentials it received (as sent, JSON-escaped,
# URL-encoded, cut short) never gets them shown, at -vvvv, by the module or the inventory plugin.
# A password with leading and trailing spaces is sent exactly as given.
set -eu -o pipefail
# shellcheck source=../files/transport_lib.sh
source files/transport_lib.sh
start_hostile

TOKEN='Tk/9+q"x&y%z-echoed-token'
PASSWORD='  pa"ss/wo+rd é%20  '

echo "== token auth: the API echoes X-Auth-Token"
write_inventory echo_token echo-secrets
HW_AUTH_TOKEN="$TOKEN" inventory_fails echo_token "HTTP 400" "error_code=HOSTILE.400" "********"
HW_AUTH_TOKEN="$TOKEN" ansible-inventory -vvvv -i "$WORK/echo_token.image_servers.yml" --list \
    >"$WORK/echo_token.vvvv.out" 2>&1 && fail "the echoing endpoint did not fail the inventory"
HW_AUTH_TOKEN="$TOKEN" module_run echo_token echo-secrets -vvvv -e expect=HOSTILE.400

echo "== password auth: IAM echoes the password"
unset HW_AUTH_TOKEN
export HW_USER_NAME=hostile-user HW_DOMAIN_NAME=hostile-domain
write_inventory echo_password echo-secrets "user_name: hostile-user"
HW_USER_PASSWORD="$PASSWORD" inventory_fails echo_password "HTTP 401" "HOSTILE.401" "********"
HW_USER_PASSWORD="$PASSWORD" ansible-inventory -vvvv -i "$WORK/echo_password.image_servers.yml" --list \
    >"$WORK/echo_password.vvvv.out" 2>&1 && fail "the echoing IAM did not fail the inventory"
HW_USER_PASSWORD="$PASSWORD" module_run echo_password echo-secrets -vvvv -e expect=HOSTILE.401

echo "== no form of a secret in any output"
outputs=("$WORK"/*.out)
"$PYTHON" files/secret_forms.py "$TOKEN" "${outputs[@]}" || fail "the token leaked"
"$PYTHON" files/secret_forms.py "$PASSWORD" "${outputs[@]}" || fail "the password leaked"
echo "ok: no secret in ${#outputs[@]} outputs"

echo "== the password reached IAM exactly as given, spaces included"
"$PYTHON" - "$HOSTILE_LOG" "$PASSWORD" <<'PY'
import json, sys
log, password = sys.argv[1], sys.argv[2]
sent = [json.loads(json.loads(line)["body"])["auth"]["identity"]["password"]["user"]["password"]
        for line in open(log) if '/v3/auth/tokens' in line]
assert sent and all(value == password for value in sent), "IAM got %r" % sent
PY
echo "ok: password sent as given"
