# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""What every module of the collection shares: its options, its client and the shape of its failures."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from contextlib import contextmanager

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, WorkspaceClient
from ._errors import WorkspaceApiError, WorkspaceError
from ._options import FILTER_NAMES, ConnectionSettings, listing_argument_spec


class WorkspaceModule(AnsibleModule):
    """An AnsibleModule with the connection and filter options besides the module's own.

    Every module of the collection only reads, so check mode runs them unchanged.
    """

    def __init__(self, module_options):
        argument_spec = listing_argument_spec()
        argument_spec.update(module_options)
        super(WorkspaceModule, self).__init__(argument_spec=argument_spec, supports_check_mode=True)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)

    def client(self):
        return WorkspaceClient(ConnectionSettings.from_options(self.params), warn=self.warn)

    def filters(self):
        """The API filters the task set (unset ones are None; the client leaves those out)."""
        return dict((name, self.params[name]) for name in FILTER_NAMES)

    @contextmanager
    def failing_on_errors(self, **result):
        """Ends the module with fail_json(result) on the collection's errors.

        A failed API request adds its details as `error` (status, error_code, error_msg, request_id).
        """
        try:
            yield
        except WorkspaceApiError as err:
            self.fail_json(msg=str(err), error=err.as_dict(), **result)
        except WorkspaceError as err:
            self.fail_json(msg=str(err), **result)
