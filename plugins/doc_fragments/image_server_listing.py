# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # What every module that lists image servers shares: the API's filters (FILTER_NAMES in
    # plugins/module_utils/_options.py), its attributes (described here, not through
    # ansible.builtin.action_common_attributes, so that a module extends this fragment and the
    # connection one only), where it runs, and that what it returns is untrusted data.
    DOCUMENTATION = r'''
options:
  server_name:
    description:
      - Only image servers whose name contains this text (the API matches partially).
    type: str
  server_id:
    description:
      - Only the image server with this unique ID (the C(id) field).
    type: str
  enterprise_project_id:
    description:
      - Only image servers of this enterprise project. V(0) is the default enterprise project.
    type: str
attributes:
  check_mode:
    description: Can run in check mode and return the result it would return otherwise.
    support: full
    details:
      - This module only reads, so it runs normally in check mode and returns the same result.
  diff_mode:
    description: Returns details of what changed when run in diff mode.
    support: N/A
    details:
      - This module does not change anything.
  action_group:
    description: Takes its options from C(module_defaults) set for an action group it belongs to.
    support: full
    membership:
      - huaweicloud.workspace.workspace
  platform:
    description: The systems the module runs on.
    support: N/A
    platforms: posix
notes:
  - "The module talks to the cloud API from the host it runs on; use it with C(hosts: localhost)
    or C(delegate_to: localhost)."
  - "Names, descriptions and every other field come from the API and are untrusted data. Ansible
    never evaluates templates found in a module's result, so a server named C({{ 7 * 7 }}) keeps
    that literal name in the registered result and wherever the result is templated, never C(49)."
'''
