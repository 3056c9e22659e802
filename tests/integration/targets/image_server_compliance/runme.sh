#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Integration tests of huaweicloud.workspace.image_server_compliance and the
# huaweicloud.workspace.image_server_violations filter against the local emulator.
# Run by ansible-test, or directly: cd tests/integration/targets/image_server_compliance && ./runme.sh
# (with ansible-playbook on PATH and the collection on ANSIBLE_COLLECTIONS_PATH).
set -euxo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
emulator_work_dir image_server_compliance
export ANSIBLE_NOCOLOR=true ANSIBLE_INVENTORY_UNPARSED_FAILED=true

# The generated fleet: servers without a group or accounts, a guest account, every status, old update_times.
emulator_start --servers 240
emulator_export_credentials cn-north-4
access_key="$HUAWEICLOUD_SDK_AK"
secret_key="$HUAWEICLOUD_SDK_SK"

# The module playbook gets its connection from module_defaults only, never from the environment.
unset HW_REGION_NAME HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK HW_WORKSPACEAPP_ENDPOINT HUAWEICLOUD_SDK_IAM_ENDPOINT
ansible-playbook -i inventory test_module.yml -e "emulator_url=$EMULATOR_URL" -e "access_key=$access_key" \
    -e "secret_key=$secret_key" -e "output_dir=$WORK" "$@" | tee "$WORK/module.log"

# The JUnit file the CI job keeps: well-formed, one test case per server and rule, failures = violations.
"$PYTHON" - "$WORK/junit.xml" <<'PYTHON'
import sys
import xml.etree.ElementTree as ElementTree

root = ElementTree.parse(sys.argv[1]).getroot()
suites = root.findall("testsuite")
assert root.tag == "testsuites" and [s.get("name") for s in suites] == ["status", "stuck_in_status", "server_group"], suites
assert all(len(s.findall("testcase")) == 240 for s in suites)
assert int(root.get("tests")) == 720
assert int(root.get("failures")) == len(root.findall(".//failure")) > 0
assert int(root.get("skipped")) == len(root.findall(".//skipped")) == 1
print("junit.xml: %s tests, %s failures, %s skipped" % (root.get("tests"), root.get("failures"), root.get("skipped")))
PYTHON
expect_in "$WORK/compliance.md" "## Image server compliance: NOT compliant" "| Rule | Violations |" "### Exempted" \
    "### Expired exemptions (no longer applied)"

# The filter over the inventory's hostvars (prefix stripped) gives the module's verdict.
emulator_export_credentials cn-north-4
ansible-playbook -i inventory -i compliance.image_servers.yml test_filter.yml "$@" | tee "$WORK/filter.log"

# The guide's examples run unchanged against the emulator: report only (its fleet breaks the
# policy on purpose), then enforcing, which fails after writing the reports.
examples="$(_emulator_root)/docs/docsite/examples"
ansible-playbook -i inventory "$examples/compliance_nightly.yml" -e enforce=false "$@" | tee "$WORK/nightly.log"
expect_in "$WORK/nightly.log" "## Image server compliance: NOT compliant"
ansible-playbook -i inventory "$examples/compliance_ci.yml" -e enforce=false -e "report_dir=$WORK/ci" "$@"
if ansible-playbook -i inventory "$examples/compliance_ci.yml" -e "report_dir=$WORK/ci_enforced" "$@" \
        >"$WORK/ci_enforced.log"; then
    fail "compliance_ci.yml must fail while the fleet breaks the policy"
fi
expect_in "$WORK/ci_enforced.log" "violations, see $WORK/ci_enforced/image-server-compliance.md"
test -s "$WORK/ci/image-server-compliance.xml" && test -s "$WORK/ci_enforced/image-server-compliance.xml"
test -s "$WORK/ci_enforced/image-server-compliance.md"

# Servers named like templates, unicode, newlines: the verdict and both reports keep them literal.
emulator_start --servers 60 --hostile-names
emulator_export_credentials cn-north-4
ansible -i inventory localhost -m huaweicloud.workspace.image_server_compliance -a \
    '{"rules": {"name_pattern": "img-srv-[0-9]+"}, "fail_on_violation": false, "report_formats": ["junit", "markdown"]}' \
    "$@" | tee "$WORK/hostile.log"
expect_in "$WORK/hostile.log" "lookup('pipe', 'id')" "| Rule | Violations |" "<testsuites name"
expect_not_templated "$WORK/hostile.log"

# No secret in any output.
expect_not_in "$WORK/module.log" "$secret_key"
expect_not_in "$WORK/filter.log" "$secret_key"
expect_not_in "$WORK/nightly.log" "$secret_key"
expect_not_in "$WORK/hostile.log" "$HUAWEICLOUD_SDK_SK"
