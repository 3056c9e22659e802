# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The request log: in memory (admin endpoint) and optionally appended to a JSON-lines file.

Entries hold no header values at all, so no secret can end up here.
"""

import json
import threading


class RequestLog(object):
    def __init__(self, path=None):
        self._path = path
        self._entries = []
        self._lock = threading.Lock()

    def add(self, entry):
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True)
        with self._lock:
            self._entries.append(entry)
            if self._path:
                with open(self._path, "a", encoding="utf-8") as handle:
                    handle.write(line + "\n")

    def entries(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            cleared = len(self._entries)
            self._entries = []
        return cleared
