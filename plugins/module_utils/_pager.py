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

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from itertools import islice

from ._errors import WorkspaceApiError

PAGE_SIZE = 100
LIST_ATTEMPTS = 3
PAGE_REFETCHES = 2


class Page(object):
    """One validated page: the API's count and the items it returned."""

    __slots__ = ("offset", "count", "items")

    def __init__(self, offset, count, items):
        self.offset = offset
        self.count = count
        self.items = items


def _checked_page(fetch_page, offset, limit):
    """Fetch a page and refetch it when it holds fewer items than its own count promises."""
    for attempt in range(PAGE_REFETCHES + 1):
        page = fetch_page(offset, limit)
        expected = min(limit, max(page.count - offset, 0))
        if len(page.items) >= expected:
            return page
    raise WorkspaceApiError(
        "incomplete page: offset %d returned %d item(s) although count is %d, %d time(s) in a row; "
        "refusing to return a partial list" % (offset, len(page.items), page.count, PAGE_REFETCHES + 1))


def _fetch_concurrently(fetch_page, offsets, limit, concurrency):
    """Pages at offsets (a range), in order, with at most `concurrency` requests in flight.

    Pages are submitted as earlier ones complete rather than all at once, so an absurd count
    from a broken answer costs one failing page instead of millions of queued requests.
    """
    # Not len(offsets): a range longer than sys.maxsize cannot tell its length.
    if concurrency <= 1 or offsets.start + offsets.step >= offsets.stop:
        return [_checked_page(fetch_page, offset, limit) for offset in offsets]
    executor = ThreadPoolExecutor(max_workers=concurrency)
    offsets = iter(offsets)
    try:
        in_flight = set(executor.submit(_checked_page, fetch_page, offset, limit)
                        for offset in islice(offsets, concurrency))
        pages = []
        while in_flight:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            # The first failure propagates; pages not yet submitted are never requested.
            pages.extend(future.result() for future in done)
            in_flight.update(executor.submit(_checked_page, fetch_page, offset, limit)
                             for offset in islice(offsets, len(done)))
        return sorted(pages, key=lambda page: page.offset)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _one_pass(fetch_page, limit, concurrency):
    first = _checked_page(fetch_page, 0, limit)
    pages = [first] + _fetch_concurrently(fetch_page, range(limit, first.count, limit), limit, concurrency)
    # The fleet may have grown while we paged: follow full pages until a short one.
    max_extra_pages = max(10, first.count // limit + 1)
    while True:
        last = pages[-1]
        more_expected = len(last.items) >= limit or last.count > last.offset + len(last.items)
        if not more_expected or (last.offset > 0 and not last.items):
            break
        if max_extra_pages == 0:
            raise WorkspaceApiError(
                "the API kept returning items far beyond its count (%d); refusing to page forever" % first.count)
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
    for attempt in range(LIST_ATTEMPTS):
        pages = _one_pass(fetch_page, limit, concurrency)
        items = _unique_items(pages)
        counts = set(page.count for page in pages)
        final_count = pages[-1].count
        stable = len(counts) == 1
        if stable and len(items) >= final_count:
            return items, final_count
    if stable:
        raise WorkspaceApiError(
            "incomplete listing: the API reported count %d but returned only %d distinct %s, "
            "%d time(s) in a row" % (final_count, len(items), noun, LIST_ATTEMPTS))
    warn("The %s changed while they were being listed (count went from %d to %d over %d "
         "attempts); the result holds the %d distinct items seen in the last attempt"
         % (noun, pages[0].count, final_count, LIST_ATTEMPTS, len(items)))
    return items, final_count
