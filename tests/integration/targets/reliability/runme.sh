#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reliability and security (issue 6) through the module and the inventory plugin, against the
# local emulator: the fault matrix, the bad-input matrix, secrets that never leak (-vvvv) and TLS.
# Run by ansible-test, or directly from this directory:
#   ANSIBLE_COLLECTIONS_PATH=/work/collections PATH=/work/venv/bin:$PATH ./runme.sh
set -eu -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
# Only what each step sets may reach the plugins: no credentials or endpoints from the caller.
emulator_unset_caller_environment
export ANSIBLE_NOCOLOR=true
# A source that cannot be parsed must fail ansible-inventory, not only warn (see docs/reliability.md).
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
# For ansible-inventory runs only: the playbooks' own inventory is an ini file.
ONLY_THIS_PLUGIN=ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers

# The background inventory fault matrix (below) is one of the jobs this stops.
emulator_work_dir reliability

playbook() {  # playbook FILE [options]: run against the running emulator; output kept in $WORK/FILE.log
    local log="$WORK/$1.log"
    ansible-playbook -i inventory "$@" -e "emulator_url=$EMULATOR_URL" >"$log" 2>&1 ||
        fail_showing "$log" "ansible-playbook $*"
}

set_faults() {  # set_faults JSON: replace the emulator's fault configuration
    "$PYTHON" files/emulator_admin.py "$EMULATOR_URL" PUT faults "$1" >/dev/null
}

inventory() {  # inventory NAME SOURCE [options]: ansible-inventory --list; stdout/stderr in $WORK/NAME.{json,stderr}
    local name="$1" source="$2"
    shift 2
    env "$ONLY_THIS_PLUGIN" ansible-inventory -i "$source" --list "$@" >"$WORK/$name.json" 2>"$WORK/$name.stderr"
}

echo "== fault matrix: the inventory plugin (own emulator, in the background) and the module"
"$PYTHON" files/inventory_cases.py faults --jobs 1 >"$WORK/inventory_faults.log" 2>&1 &
inventory_runner=$!
emulator_start --servers 250 --region cn-north-4 --region cn-east-3
playbook module_faults.yml
echo "ok: module fault matrix"
playbook module_server_group_faults.yml
echo "ok: module fault matrix on the server-group listing"

echo "== bad input: the module"
playbook module_bad_input.yml
echo "ok: module bad input"

runner_status=0
wait "$inventory_runner" || runner_status=$?
cat "$WORK/inventory_faults.log"
[[ "$runner_status" -eq 0 ]] || fail "inventory fault matrix"

echo "== bad input: the inventory plugin"
"$PYTHON" files/inventory_cases.py bad-input

echo "== secrets never appear: -vvvv, failing credentials and server errors, module and inventory"
# Distinctive values, so that any occurrence anywhere is a leak; none of them is a real credential.
SECRET_KEY="reliabilitySecretKey00000000000000000001"
SECURITY_TOKEN="reliability-security-token-8e2b41"
AUTH_TOKEN="reliability-auth-token-3f9c1d77"
PASSWORD="reliability-password-5a7d20"
export RELIABILITY_SECRET_KEY="$SECRET_KEY" RELIABILITY_SECURITY_TOKEN="$SECURITY_TOKEN"
export RELIABILITY_AUTH_TOKEN="$AUTH_TOKEN" RELIABILITY_PASSWORD="$PASSWORD"
export RELIABILITY_WRONG_SECRET_KEY="reliabilityWrongSecretKey000000000000002"
export RELIABILITY_WRONG_AUTH_TOKEN="reliability-wrong-token-1c4e90"
export RELIABILITY_WRONG_PASSWORD="reliability-wrong-password-9b0f"
export RELIABILITY_TEMPLATED_PASSWORD="reliability-templated-password-77e1"
SECRETS=("$SECRET_KEY" "$SECURITY_TOKEN" "$AUTH_TOKEN" "$PASSWORD" "$RELIABILITY_WRONG_SECRET_KEY"
    "$RELIABILITY_WRONG_AUTH_TOKEN" "$RELIABILITY_WRONG_PASSWORD" "$RELIABILITY_TEMPLATED_PASSWORD")
# Temporary credentials the emulator issues (ECS metadata, agencies) carry these prefixes.
SECRETS+=(emuTemporarySecretKey emu-temporary-security-token-)
emulator_start --servers 150 --sk "$SECRET_KEY" --security-token "$SECURITY_TOKEN" --token "$AUTH_TOKEN" \
    --password "$PASSWORD" --agency ops@reliability-account --forbidden-agency audit@locked-account
ACCESS_KEY="$(emulator_info credentials.access_key)"
# The credentials file source: the same secrets, in an SDK credentials file.
export RELIABILITY_CREDENTIALS_FILE="$WORK/credentials" RELIABILITY_WRONG_CREDENTIALS_FILE="$WORK/wrong_credentials"
printf '[basic]\nak = %s\nsk = %s\nsecurity_token = %s\n' "$ACCESS_KEY" "$SECRET_KEY" "$SECURITY_TOKEN" \
    >"$RELIABILITY_CREDENTIALS_FILE"
printf '[basic]\nak = %s\nsk = %s\n' "$ACCESS_KEY" "$RELIABILITY_WRONG_SECRET_KEY" >"$RELIABILITY_WRONG_CREDENTIALS_FILE"
RELIABILITY_USER="$(emulator_info credentials.user)"
RELIABILITY_DOMAIN="$(emulator_info credentials.domain)"
export RELIABILITY_USER RELIABILITY_DOMAIN

playbook module_secrets.yml -vvvv

endpoints=(HW_REGION_NAME=cn-north-4 "HW_WORKSPACEAPP_ENDPOINT=$EMULATOR_URL" "HUAWEICLOUD_SDK_IAM_ENDPOINT=$EMULATOR_URL")
leaky_inventory() {  # leaky_inventory NAME SOURCE must_fail|must_pass VARIABLE=VALUE...: -vvvv with that environment
    local name="$1" source="$2" outcome="$3" status=0
    shift 3
    env "$ONLY_THIS_PLUGIN" "${endpoints[@]}" "$@" ansible-inventory -vvvv -i "$source" --list >"$WORK/$name.json" \
        2>"$WORK/$name.stderr" || status=$?
    if [[ "$outcome" == must_fail && "$status" -eq 0 ]] || [[ "$outcome" == must_pass && "$status" -ne 0 ]]; then
        fail_showing "$WORK/$name.stderr" "ansible-inventory $name: exit status $status, expected $outcome"
    fi
}
set_faults '{"fault_rate": 1.0, "fault_status": 500}'
leaky_inventory server_error inventories/secrets/environment.image_servers.yml must_fail \
    "HUAWEICLOUD_SDK_AK=$ACCESS_KEY" "HUAWEICLOUD_SDK_SK=$SECRET_KEY" "HUAWEICLOUD_SDK_SECURITY_TOKEN=$SECURITY_TOKEN"
expect_in "$WORK/server_error.stderr" "HTTP 500"
set_faults '{}'
leaky_inventory wrong_secret_key inventories/secrets/environment.image_servers.yml must_fail \
    "HUAWEICLOUD_SDK_AK=$ACCESS_KEY" "HUAWEICLOUD_SDK_SK=$RELIABILITY_WRONG_SECRET_KEY"
expect_in "$WORK/wrong_secret_key.stderr" "APIGW.0301"
leaky_inventory wrong_token inventories/secrets/environment.image_servers.yml must_fail \
    "HW_AUTH_TOKEN=$RELIABILITY_WRONG_AUTH_TOKEN"
leaky_inventory templated_password inventories/secrets/templated_password.image_servers.yml must_fail
expect_in "$WORK/templated_password.stderr" "/v3/auth/tokens" "HTTP 401"
set_faults '{"fail_first": 1, "fault": "token-expired"}'
leaky_inventory expired_token inventories/secrets/environment.image_servers.yml must_fail "HW_AUTH_TOKEN=$AUTH_TOKEN"
expect_in "$WORK/expired_token.stderr" "APIGW.0307"
set_faults '{"fail_first": 1, "fault": "token-expired"}'
leaky_inventory cached inventories/secrets/cached.image_servers.yml must_pass "ANSIBLE_INVENTORY_CACHE_CONNECTION=$WORK/cache" \
    "HW_USER_NAME=$RELIABILITY_USER" "HW_USER_PASSWORD=$PASSWORD" "HW_DOMAIN_NAME=$RELIABILITY_DOMAIN"
set_faults '{"fault": "forbidden"}'
leaky_inventory forbidden inventories/secrets/environment.image_servers.yml must_fail \
    "HUAWEICLOUD_SDK_AK=$ACCESS_KEY" "HUAWEICLOUD_SDK_SK=$SECRET_KEY" "HUAWEICLOUD_SDK_SECURITY_TOKEN=$SECURITY_TOKEN"
expect_in "$WORK/forbidden.stderr" "workspace:imageServer:list"
set_faults '{"fault_rate": 1.0, "fault_status": 500}'
leaky_inventory file_server_error inventories/secrets/environment.image_servers.yml must_fail \
    "HUAWEICLOUD_SDK_CREDENTIALS_FILE=$RELIABILITY_CREDENTIALS_FILE"
expect_in "$WORK/file_server_error.stderr" "HTTP 500"
leaky_inventory metadata_server_error inventories/secrets/environment.image_servers.yml must_fail \
    HW_METADATA_CREDENTIALS=true "HW_METADATA_ENDPOINT=$EMULATOR_URL"
expect_in "$WORK/metadata_server_error.stderr" "HTTP 500"
set_faults '{}'
leaky_inventory file_wrong_secret_key inventories/secrets/environment.image_servers.yml must_fail \
    "HUAWEICLOUD_SDK_CREDENTIALS_FILE=$RELIABILITY_WRONG_CREDENTIALS_FILE"
expect_in "$WORK/file_wrong_secret_key.stderr" "APIGW.0301"
leaky_inventory agency_cached inventories/secrets/cached.image_servers.yml must_pass \
    "ANSIBLE_INVENTORY_CACHE_CONNECTION=$WORK/cache" HW_METADATA_CREDENTIALS=true "HW_METADATA_ENDPOINT=$EMULATOR_URL" \
    HW_ASSUME_ROLE_AGENCY_NAME=ops HW_ASSUME_ROLE_DOMAIN_NAME=reliability-account
leaky_inventory refused_agency inventories/secrets/environment.image_servers.yml must_fail \
    "HUAWEICLOUD_SDK_CREDENTIALS_FILE=$RELIABILITY_CREDENTIALS_FILE" HW_ASSUME_ROLE_AGENCY_NAME=audit \
    HW_ASSUME_ROLE_DOMAIN_NAME=locked-account
expect_in "$WORK/refused_agency.stderr" "HTTP 403" "agency audit of account locked-account"
ls "$WORK"/cache/* >/dev/null 2>&1 || fail "the cached run wrote no cache file"
"$PYTHON" files/emulator_admin.py "$EMULATOR_URL" GET requests >"$WORK/request_log.json"

checked=("$WORK"/*.log "$WORK"/*.json "$WORK"/*.stderr "$WORK"/cache/* "$EMULATOR_REQUEST_LOG")
for secret in "${SECRETS[@]}"; do
    if leaks="$(grep -lF -- "$secret" "${checked[@]}")"; then
        fail "a secret value appears in: $leaks"
    fi
done
if grep -l "Traceback" "${checked[@]}"; then
    fail "a traceback was printed"
fi
echo "ok: no secret in ${#checked[@]} files (stdout, stderr, cache, request log)"

echo "== TLS: a self-signed certificate is refused by default; validate_certs: false and ca_cert work"
emulator_start --servers 20 --tls
CA_FILE="$(emulator_info ca_file)"
playbook module_tls.yml -e "emulator_ca=$CA_FILE"
emulator_export_credentials cn-north-4
if inventory tls_default inventories/tls/default.image_servers.yml; then
    fail "the inventory accepted a self-signed certificate"
fi
expect_in "$WORK/tls_default.stderr" "TLS verification failed" "certificate verify failed" "ca_cert" "validate_certs"
inventory tls_unverified inventories/tls/unverified.image_servers.yml || fail "validate_certs: false"
# ca_cert is a path option: written out, not templated (see docs/reliability.md).
printf 'plugin: huaweicloud.workspace.image_servers\nca_cert: %s\nretries: 1\ntimeout: 2\n' "$CA_FILE" \
    >"$WORK/ca_cert.image_servers.yml"
inventory tls_ca_cert "$WORK/ca_cert.image_servers.yml" || fail_showing "$WORK/tls_ca_cert.stderr" "ca_cert"
for name in tls_unverified tls_ca_cert; do
    [[ "$("$PYTHON" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["_meta"]["hostvars"]))' \
        "$WORK/$name.json")" -eq 20 ]] || fail "$name did not list the 20 image servers"
done
echo "ok: TLS"

echo "ok: reliability"
