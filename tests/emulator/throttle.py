# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API gateway's request throttle: a token bucket per endpoint or per project (`--rate-limit`).

The gateway allows each user a number of requests per second per API ("limit:200, time:1
second") and answers 429 APIGW.0308 beyond it. Here a bucket holds up to one second's worth of
tokens (at least one) and refills continuously; a request that finds no token is throttled, with
`Retry-After` the whole seconds until the next token (at least 1, as the header has no fractions).
"""

import math
import threading
import time

RATE_LIMIT_SCOPES = ("endpoint", "project")


class TokenBucket(object):
    def __init__(self, rate, now):
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.updated = now

    def take(self, now):
        """None when a token was taken, else the seconds until one is available."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return None
        return (1.0 - self.tokens) / self.rate


class Throttle(object):
    """Rate limit of image-servers requests; `rate` None means no limit."""

    def __init__(self, rate=None, scope="endpoint", clock=time.monotonic):
        self.rate = rate
        self.scope = scope
        self.throttled = 0
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets = {}

    def check(self, project_id):
        """None if the request may pass, else the Retry-After seconds (an int >= 1) to answer with."""
        if not self.rate:
            return None
        key = project_id if self.scope == "project" else None
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = TokenBucket(self.rate, now)
            wait = bucket.take(now)
            if wait is None:
                return None
            self.throttled += 1
            return max(1, int(math.ceil(wait)))
