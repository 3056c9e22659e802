# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Install Ansible's collection loader before the inventory tests import the collection.

The plugin is loaded through inventory_loader (so its documented options, doc fragments
included, are registered exactly as ansible-inventory does). That needs Ansible's collection
finder, which cannot take over an `ansible_collections` package already imported from
PYTHONPATH by an earlier test module; such modules are dropped so the finder loads them again.
ansible-test installs the finder itself; this file only matters for plain pytest runs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

from ansible.plugins.loader import init_plugin_loader
from ansible.utils.collection_loader import AnsibleCollectionConfig

if AnsibleCollectionConfig.collection_finder is None:
    for module_name in [name for name in sys.modules if name.split(".")[0] == "ansible_collections"]:
        del sys.modules[module_name]
    # Where ansible_collections lives: ANSIBLE_COLLECTIONS_PATH, else the PYTHONPATH entry holding it.
    paths = [path for path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep) if path]
    paths += [path for path in sys.path if path and os.path.isdir(os.path.join(path, "ansible_collections"))]
    init_plugin_loader(paths)
