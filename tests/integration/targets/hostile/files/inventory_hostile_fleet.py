# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a hostile fleet, the inventory file over it and the traps that prove data cannot run them.

    python inventory_hostile_fleet.py WORKDIR

WORKDIR receives fleet.json (served by the emulator with --data), hostile.image_servers.yml,
fake-ssh (the ssh executable compose sets: it records its arguments and fails, so nothing leaves
the machine) and evil-python (an interpreter API data asks for: it writes marker-interpreter).
Any marker-* file appearing in WORKDIR means API data ran something. Standard library only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat
import sys

HOSTILE_TEMPLATE = "{{ lookup('pipe', 'id') }}"


def _executable(path, text):
    with open(path, "w") as handle:
        handle.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def server(number, name, **extra):
    item = {
        "id": "70000000000000%04d" % number,
        "name": name,
        "status": "ACTIVE",
        "server_group_id": "sg-1",
        "image_ref": {"id": "img-%d" % number, "image_type": "public"},
        "instance_id": "ecs-%d" % number,
    }
    item.update(extra)
    return item


def fleet(work):
    marker = os.path.join(work, "marker-%s")
    takeover = {
        "ansible_connection": "local",
        "ansible_python_interpreter": os.path.join(work, "evil-python"),
        "ansible_ssh_common_args": "-o ProxyCommand='touch %s'" % (marker % "proxy"),
        "ansible_ssh_executable": os.path.join(work, "evil-python"),
        "ansible_user": "attacker",
        "ansible_host": "attacker.invalid",
        "ansible_become": True,
        "ansible_become_exe": os.path.join(work, "evil-python"),
        "_ansible_ansiballz_debugpy_config": {"host": "attacker.invalid"},
        "inventory_hostname": "someone-else",
        "group_names": ["admins"],
        "groups": {"all": []},
        "hostvars": {},
        "omit": "not omitted",
        "playbook_dir": "/",
        "environment": {"LD_PRELOAD": marker % "preload"},
        "lookup": "shadowed",
    }
    return [
        server(1, "web-01", **takeover),
        server(2, "-oProxyCommand=touch %s" % (marker % "hostname")),
        server(3, "bad\nname\x1b[31m\x00\u202e\x85\x7f\r"),
        server(4, "localhost"),
        server(5, "all"),
        server(6, "ungrouped"),
        server(7, "127.0.0.1"),
        server(8, "status_active"),
        server(9, "server_group_sg_1"),
        server(10, "image_gold", image_ref={"id": "img-10", "image_type": "gold"}),
        server(11, HOSTILE_TEMPLATE, description=HOSTILE_TEMPLATE),
        server(12, "odd-groups", status="ACTIVE\n\x1b", server_group_id="sg\n\x1b[2J", image_ref={"id": "img-12", "image_type": "x\x00\x9b"}),
        server(13, "web-01", **takeover),
    ]


INVENTORY = """# Written by inventory_hostile_fleet.py. Only compose (the user's own text) may set connection variables.
plugin: huaweicloud.workspace.image_servers
hostvars_prefix: ''
compose:
  ansible_ssh_executable: "'%(work)s/fake-ssh'"
  ansible_user: "'compose-user'"
  # Trusted template, tenant-chosen value: the address is made safe text like a host name.
  ansible_host: name
keyed_groups:
  - prefix: image
    key: image_ref.image_type
"""

FAKE_SSH = """#!/bin/sh
# Records how Ansible called ssh (one argument per line, a blank line after each call) and fails.
for argument in "$@"; do printf '%%s\\n' "$argument"; done >>'%(work)s/ssh-argv.log'
printf '\\n' >>'%(work)s/ssh-argv.log'
echo "fake ssh: connection refused" >&2
exit 255
"""

EVIL_PYTHON = """#!/bin/sh
touch '%(work)s/marker-interpreter'
exec python3 "$@"
"""


def main(work):
    work = os.path.abspath(work)
    with open(os.path.join(work, "fleet.json"), "w") as handle:
        json.dump({"items": fleet(work)}, handle, indent=1)
    with open(os.path.join(work, "hostile.image_servers.yml"), "w") as handle:
        handle.write(INVENTORY % {"work": work})
    _executable(os.path.join(work, "fake-ssh"), FAKE_SSH % {"work": work})
    _executable(os.path.join(work, "evil-python"), EVIL_PYTHON % {"work": work})


if __name__ == "__main__":
    main(sys.argv[1])
