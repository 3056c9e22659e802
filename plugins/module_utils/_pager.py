# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Listing every item of an offset/limit API: the first page, then the rest concurrently.

Offset paging has no snapshot: while we page, servers may be created or deleted, shifting items
between pages. The pager therefore checks each page against the count it reports, keeps going
past the first count while pages stay full, removes duplicates by id, and lists again when the
count moved, so that the caller gets either everything or a clear error or warning.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import queue
import threading
from collections import namedtuple

from ._errors import WorkspaceApiError

PAGE_SIZE = 100
LIST_ATTEMPTS = 3
PAGE_REFETCHES = 2
# Ten times the largest fleet the collection is tested with (1,000,000 image servers): a count
# beyond it comes from a broken or hostile endpoint, and paging through it would never end.
MAX_COUNT = 10000000
_DONE = object()


def run_concurrently(next_job, run_job, workers):
    """Run jobs in `workers` daemon threads and return their results in completion order.

    next_job() hands out the next job, or None when there is none left; run_job(job) runs one.
    The first exception stops handing out jobs and is raised at once. The threads are daemons
    and nobody waits for them: neither an error nor Ctrl-C/SIGTERM waits for a slow request,
    and a thread still busy ends with the process.
    """
    results = queue.Queue()
    lock = threading.Lock()
    stop = threading.Event()

    def take():
        with lock:
            return None if stop.is_set() else next_job()

    def work():
        try:
            job = take()
            while job is not None:
                results.put((True, run_job(job)))
                job = take()
            results.put((True, _DONE))
        except BaseException as error:  # handed to the caller's thread, which raises it
            results.put((False, error))

    for dummy in range(workers):
        threading.Thread(target=work, name="huaweicloud.workspace", daemon=True).start()
    collected = []
    running = workers
    try:
        while running:
            succeeded, value = results.get()
            if not succeeded:
                raise value
            if value is _DONE:
                running -= 1
            else:
                collected.append(value)
    finally:
        stop.set()
    return collected


class Page(namedtuple("Page", "offset count items")):
    """One validated page: the API's count and the items it returned."""

    __slots__ = ()


def _checked_page(fetch_page, offset, limit):
    """Fetch a page and refetch it when it holds fewer items than its own count promises."""
    for dummy in range(PAGE_REFETCHES + 1):
        page = fetch_page(offset, limit)
        expected = min(limit, max(page.count - offset, 0))
        if len(page.items) >= expected:
            return page
    raise WorkspaceApiError(
        "incomplete page: offset %d returned %d item(s) although count is %d, %d time(s) in a row; "
        "refusing to return a partial list" % (offset, len(page.items), page.count, PAGE_REFETCHES + 1)
    )


def _fetch_concurrently(fetch_page, offsets, limit, concurrency):
    """Pages at offsets (a range), in order, with at most `concurrency` requests in flight.

    Offsets are handed out as workers become free rather than all at once, so an absurd count
    from a broken answer costs a few failing pages instead of millions of queued requests.
    """
    # Not len(offsets): a range longer than sys.maxsize cannot tell its length.
    pages = (offsets.stop - offsets.start + offsets.step - 1) // offsets.step
    if concurrency <= 1 or pages <= 1:
        return [_checked_page(fetch_page, offset, limit) for offset in offsets]
    remaining = iter(offsets)
    fetched = run_concurrently(lambda: next(remaining, None), lambda offset: _checked_page(fetch_page, offset, limit), min(concurrency, pages))
    return sorted(fetched, key=lambda page: page.offset)


def _one_pass(fetch_page, limit, concurrency, noun="image servers"):
    first = _checked_page(fetch_page, 0, limit)
    if first.count > MAX_COUNT:
        raise WorkspaceApiError(
            "the API reported a count of %d %s, far beyond any real fleet (at most %d are listed); "
            "refusing to page through it: check endpoint" % (first.count, noun, MAX_COUNT)
        )
    pages = [first] + _fetch_concurrently(fetch_page, range(limit, first.count, limit), limit, concurrency)
    # The fleet may have grown while we paged: follow full pages until a short one.
    max_extra_pages = max(10, first.count // limit + 1)
    while True:
        last = pages[-1]
        more_expected = len(last.items) >= limit or last.count > last.offset + len(last.items)
        if not more_expected or (last.offset > 0 and not last.items):
            break
        if max_extra_pages == 0:
            raise WorkspaceApiError("the API kept returning items far beyond its count (%d); refusing to page forever" % first.count)
        max_extra_pages -= 1
        pages.append(fetch_page(last.offset + limit, limit))
    return pages


def _unique_items(pages):
    seen = set()
    items = []
    for page in pages:
        for item in page.items:
            key = item.get("id")
            # Only a scalar id identifies an item; anything else (null, a list from a broken
            # answer) keeps the item rather than failing or merging distinct items.
            if isinstance(key, (str, int, float)):
                if key in seen:
                    continue
                seen.add(key)
            items.append(item)
    return items


def fetch_all(fetch_page, concurrency, warn, limit=PAGE_SIZE, noun="image servers"):
    """Return (items, count) for every item; fetch_page(offset, limit) returns a Page.

    noun names the items in messages ("image servers", "server groups").
    """
    for dummy in range(LIST_ATTEMPTS):
        pages = _one_pass(fetch_page, limit, concurrency, noun)
        items = _unique_items(pages)
        counts = set(page.count for page in pages)
        final_count = pages[-1].count
        stable = len(counts) == 1
        if stable and len(items) >= final_count:
            return items, final_count
    if stable:
        raise WorkspaceApiError(
            "incomplete listing: the API reported count %d but returned only %d distinct %s, "
            "%d time(s) in a row" % (final_count, len(items), noun, LIST_ATTEMPTS)
        )
    warn(
        "The %s changed while they were being listed (count went from %d to %d over %d "
        "attempts); the result holds the %d distinct items seen in the last attempt" % (noun, pages[0].count, final_count, LIST_ATTEMPTS, len(items))
    )
    return items, final_count
