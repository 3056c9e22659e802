# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Client-side pacing of requests per endpoint host: an adaptive (AIMD) rate that honours Retry-After.

The API gateway allows each user a number of requests per second per API and answers 429
(APIGW.0308) beyond it. Without pacing, every thread keeps sending until it is refused, so a
throttled listing turns into a storm of 429s followed by every thread waiting at once. Each
endpoint host gets one HostRateLimiter, shared by every thread that talks to it (and separate for
each region's endpoint, since each regional gateway counts on its own):

- It starts optimistic: no pacing at all (or the user's max_requests_per_second) until the first 429.
- A 429 pauses every thread of the host for the time the caller passes (Retry-After, or its
  back-off when there is none), and decreases the rate multiplicatively, from what the gateway
  actually let through since the last decrease, once per congestion event: 429s for requests sent
  before the decrease say nothing new, and threads already waiting for a slot of the old pace wait
  again for the new one.
- While answers are good the rate grows additively, by a fixed share of the rate found at the last
  decrease per second, so it probes back up slowly instead of overshooting again at once.

Pure logic: the clock and sleep are injectable, so tests are deterministic.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import threading
import time

from urllib.parse import urlsplit

# New rate after a 429, as a share of what was delivered since the previous one.
DECREASE_FACTOR = 0.9
# Additive increase per second of good answers, as a share of the rate found at the last decrease.
INCREASE_SHARE_PER_SECOND = 0.05
# The shortest window over which delivered requests are counted: gateways count per second.
WINDOW_SECONDS = 1.0
# Never slower than this many requests per second, whatever the gateway says.
MIN_RATE = 0.5


def check_max_rate(value, option="max_requests_per_second"):
    """The validated maximum rate: None (unset) or a positive finite float; raises ValueError naming the option."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        rate = float(value)
    except (TypeError, ValueError):
        rate = None
    if rate is None or not math.isfinite(rate) or rate <= 0:
        raise ValueError(
            "%s must be a positive number of requests per second (for example 50 or 0.5), or unset for an adaptive rate only; got %r" % (option, value)
        )
    return rate


class HostRateLimiter(object):
    """Paces the requests to one endpoint host; thread-safe.

    acquire() before each attempt (it returns a ticket), then throttled(pause, ticket) for a 429
    or succeeded() for a good answer. `rate` is None while requests are not paced.
    """

    def __init__(self, max_rate=None, clock=time.monotonic, sleep=time.sleep):
        self.max_rate = max_rate
        self.rate = max_rate
        self.throttled_count = 0
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot = None
        self._not_before = None
        # Bumped by every decrease: tickets of an older generation were paced at the old rate.
        self._generation = 0
        self._step = 0.0
        self._found = None
        self._grown_at = None
        self._window_start = None
        self._delivered = 0
        # The window that set the current rate: (seconds, delivered). Answers to requests sent
        # before the decrease may arrive after it (a refusal is quicker to read than a full page).
        self._decided = None

    def acquire(self):
        """Wait until this request may be sent; return its ticket (for throttled())."""
        while True:
            with self._lock:
                now = self._clock()
                if self._window_start is None:
                    self._window_start = now
                generation = self._generation
                slot = now
                if self.rate:
                    if self._next_slot is not None:
                        slot = max(slot, self._next_slot)
                    self._next_slot = slot + 1.0 / self.rate
                if self._not_before is not None:
                    slot = max(slot, self._not_before)
            if slot <= now:
                return generation
            self._sleep(slot - now)
            with self._lock:
                if generation == self._generation:
                    return generation
            # Slowed down (or paused) meanwhile: this slot belonged to the old pace.

    def succeeded(self, ticket=None):
        """A good answer: count it as delivered and let the rate grow additively."""
        with self._lock:
            now = self._clock()
            if ticket is not None and ticket == self._generation - 1 and self._decided is not None:
                # Delivered within the window that set the rate: the estimate was too low.
                seconds, delivered, old_rate = self._decided
                self._decided = (seconds, delivered + 1, old_rate)
                found = self._found_rate(*self._decided)
                if found and found > (self._found or 0.0):
                    self._set_rate(found)
                return
            self._delivered += 1
            if self.rate is None or not self._step:
                return
            elapsed = max(now - self._grown_at, 0.0)
            self._grown_at = now
            self.rate += self._step * elapsed
            if self.max_rate is not None:
                self.rate = min(self.rate, self.max_rate)

    def throttled(self, pause, ticket=None):
        """A 429: pause every thread for `pause` seconds and slow down once per congestion event."""
        with self._lock:
            now = self._clock()
            self.throttled_count += 1
            pause = max(pause or 0.0, 0.0)
            self._not_before = max(self._not_before or now, now + pause)
            if ticket is not None and ticket != self._generation:
                return  # sent at the old rate: the decrease already accounts for it
            self._generation += 1
            # Between two 429s the gateway let through what it allows (tokens that piled up during
            # a pause included); the window is at least a second because gateways count per second.
            # With no answer at all yet there is nothing to go by but the pause.
            start = now if self._window_start is None else self._window_start
            seconds = max(now - start, WINDOW_SECONDS)
            self._decided = (seconds, self._delivered, self.rate)
            self._window_start, self._delivered = now, 0
            # Growth counts from the end of the pause. Pacing restarts a second before it ends: the
            # gateway's allowance refilled during the pause, so the requests held back by it go out
            # together (up to a second's worth at the new rate) instead of wasting that allowance.
            self._grown_at = now + pause
            self._next_slot = self._not_before - min(pause, WINDOW_SECONDS)
            found = self._found_rate(*self._decided)
            if found:
                self._set_rate(found)

    @staticmethod
    def _found_rate(seconds, delivered, old_rate):
        """What the gateway allows, as far as one window tells: delivered, never above the old rate."""
        candidates = [rate for rate in (old_rate, delivered / seconds) if rate]
        return min(candidates) if candidates else None

    def _set_rate(self, found):
        """Pace at a share of the rate found, and grow from there by a share of it per second."""
        self._found = found
        self.rate = max(MIN_RATE, DECREASE_FACTOR * found)
        if self.max_rate is not None:
            self.rate = min(self.rate, self.max_rate)
        self._step = INCREASE_SHARE_PER_SECOND * found


class RateLimiters(object):
    """One HostRateLimiter per endpoint (scheme, host and port), created on first use."""

    def __init__(self, max_rate=None, clock=time.monotonic, sleep=time.sleep):
        self._max_rate = max_rate
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._limiters = {}

    def for_url(self, url):
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = None
        key = (parts.scheme.lower(), (parts.hostname or "").lower(), port)
        with self._lock:
            limiter = self._limiters.get(key)
            if limiter is None:
                limiter = self._limiters[key] = HostRateLimiter(self._max_rate, self._clock, self._sleep)
            return limiter
