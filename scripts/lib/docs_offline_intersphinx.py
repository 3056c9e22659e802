# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a Sphinx objects.inv for the few ansible-core docs targets the generated plugin pages
link to, so the docsite builds offline with working links instead of downloading the real
inventory (intersphinx) or leaving the references unresolved.

    python docs_offline_intersphinx.py OUTPUT.inv

A build warning "undefined label" or "reference target not found" for a target of the
ansible-core docs means a new one is needed here (see docs.ansible.com for its page).
"""

import sys
import zlib

# (name, domain:role, uri relative to the ansible docs root, display name or "-")
ANSIBLE_CORE_TARGETS = [
    ("ansible_configuration_settings", "std:label", "reference_appendices/config.html#ansible-configuration-settings", "Ansible Configuration Settings"),
    ("common_return_values", "std:label", "reference_appendices/common_return_values.html#common-return-values", "Return Values"),
] + [
    (name, "std:envvar", "reference_appendices/config.html#envvar-" + name, "-")
    for name in (
        "ANSIBLE_CACHE_PLUGIN",
        "ANSIBLE_CACHE_PLUGIN_CONNECTION",
        "ANSIBLE_CACHE_PLUGIN_PREFIX",
        "ANSIBLE_CACHE_PLUGIN_TIMEOUT",
        "ANSIBLE_INVENTORY_UNPARSED_FAILED",
        "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED",
    )
]


def inventory_bytes(targets):
    header = ("# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n# The remainder of this file is compressed using zlib.\n").encode("utf-8")
    lines = "".join("%s %s 1 %s %s\n" % target for target in targets)
    return header + zlib.compress(lines.encode("utf-8"))


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: %s OUTPUT.inv" % argv[0])
    with open(argv[1], "wb") as output:
        output.write(inventory_bytes(ANSIBLE_CORE_TARGETS))


if __name__ == "__main__":
    main(sys.argv)
