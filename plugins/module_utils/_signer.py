# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""AK/SK request signing (SDK-HMAC-SHA256), as done by the official Huawei Cloud Python SDK.

Standard library only. Nothing here ever puts the secret key into an exception message.

Typical use by the client::

    query = canonical_query({'offset': 0, 'limit': 100, 'server_name': name})
    headers = sign_request('GET', host, path, query, {'Content-Type': 'application/json'},
                           '', access_key, secret_key)
    url = 'https://%s%s%s' % (host, path, '?' + query if query else '')
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import hmac
from datetime import datetime, timezone
from urllib.parse import quote, unquote

ALGORITHM = 'SDK-HMAC-SHA256'
SDK_DATE_FORMAT = '%Y%m%dT%H%M%SZ'
EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

# Headers that sign_request sets itself; a caller's copy (in any letter case) is replaced.
_HEADERS_SET_BY_SIGNER = ('host', 'x-sdk-date', 'authorization')


def _encode(text):
    return quote(text, safe='~')


def _query_value_text(value):
    # bool before int: bool is a subclass of int, and the API expects 'true'/'false'.
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def canonical_query(params):
    """Return the canonical query string for ``params``; the client sends exactly this string in the URL.

    ``params`` is a dict or an iterable of ``(key, value)`` pairs. ``None`` values are dropped,
    booleans become ``true``/``false``, other scalars ``str(value)``, and a list or tuple value
    gives one pair per (non-``None``) element. Pairs are sorted by their unencoded
    ``(key, value)`` text, like the SDK does, then each part is encoded with
    ``quote(x, safe='~')`` (a space becomes ``%20``, never ``+``). Returns ``''`` when no pair
    remains.
    """
    if params is None:
        return ''
    items = params.items() if isinstance(params, dict) else params
    pairs = []
    for key, value in items:
        values = value if isinstance(value, (list, tuple)) else (value,)
        for element in values:
            if element is not None:
                pairs.append((str(key), _query_value_text(element)))
    pairs.sort()
    return '&'.join('%s=%s' % (_encode(key), _encode(value)) for key, value in pairs)


def canonical_uri(path):
    """Return the canonical URI for ``path``, the URL path as sent (percent-encoding allowed).

    Like the SDK, the path is percent-decoded first, then every ``/``-separated segment is
    encoded with ``quote(segment, safe='~')``; the result always ends in ``/``. A plain path such
    as ``/v1/<project_id>/image-servers`` therefore only gains the trailing slash.
    """
    encoded = '/'.join(_encode(segment) for segment in unquote(path).split('/'))
    return encoded if encoded.endswith('/') else encoded + '/'


def signed_header_names(headers):
    """Return the sorted lowercase names of the headers that get signed: all without ``_``."""
    return sorted(name.lower() for name in headers if '_' not in name)


def _body_sha256(body):
    if body is None:
        return EMPTY_BODY_SHA256
    if isinstance(body, str):
        body = body.encode('utf-8')
    elif not isinstance(body, (bytes, bytearray)):
        raise TypeError('request body must be bytes or str, not %s' % type(body).__name__)
    return hashlib.sha256(body).hexdigest()


def canonical_request(method, path, query, headers, body):
    """Return the canonical request text.

    ``headers`` are the final headers to send (already including ``Host`` and ``X-Sdk-Date``),
    ``query`` the canonical query string (see ``canonical_query``).
    """
    values_by_name = dict((name.lower(), str(value).strip()) for name, value in headers.items())
    names = signed_header_names(headers)
    canonical_headers = ''.join('%s:%s\n' % (name, values_by_name[name]) for name in names)
    return '\n'.join(
        [
            method.upper(),
            canonical_uri(path),
            query,
            canonical_headers,
            ';'.join(names),
            _body_sha256(body),
        ]
    )


def string_to_sign(canonical_request_text, sdk_date):
    """Return the string to sign for a canonical request and an ``X-Sdk-Date`` value."""
    digest = hashlib.sha256(canonical_request_text.encode('utf-8')).hexdigest()
    return '%s\n%s\n%s' % (ALGORITHM, sdk_date, digest)


def _is_sdk_date_text(text):
    try:
        datetime.strptime(text, SDK_DATE_FORMAT)
    except ValueError:
        return False
    return True


def format_sdk_date(sdk_date=None):
    """Return the ``X-Sdk-Date`` value: now (UTC) for ``None``, a datetime (naive means UTC)
    converted to UTC, or a string that is already in ``%Y%m%dT%H%M%SZ`` form."""
    if sdk_date is None:
        return datetime.now(timezone.utc).strftime(SDK_DATE_FORMAT)
    if isinstance(sdk_date, datetime):
        if sdk_date.tzinfo is not None:
            sdk_date = sdk_date.astimezone(timezone.utc)
        return sdk_date.strftime(SDK_DATE_FORMAT)
    if isinstance(sdk_date, str):
        if not _is_sdk_date_text(sdk_date):
            raise ValueError('sdk_date %r is not in the form YYYYMMDDTHHMMSSZ (UTC)' % (sdk_date,))
        return sdk_date
    raise TypeError('sdk_date must be None, a datetime or a string, not %s' % type(sdk_date).__name__)


def _require_text(value, what):
    # Only the name and the type are reported: the value may be a secret.
    if not isinstance(value, str):
        raise TypeError('%s must be a string, not %s' % (what, type(value).__name__))
    if not value:
        raise ValueError('%s must not be empty' % what)


def _headers_to_sign(headers, host, sdk_date):
    result = {}
    seen = {}
    for name, value in (headers or {}).items():
        lowered = name.lower()
        if lowered in _HEADERS_SET_BY_SIGNER:
            continue
        if lowered in seen:
            # Two spellings of one header would sign one value and send two.
            raise ValueError('header %r is given twice (as %r and %r)' % (lowered, seen[lowered], name))
        seen[lowered] = name
        # The SDK signs stripped values, so send the same stripped values.
        result[name] = str(value).strip()
    result['X-Sdk-Date'] = sdk_date
    result['Host'] = host
    return result


def sign_request(method, host, path, query, headers, body, access_key, secret_key, sdk_date=None):
    """Sign a request with AK/SK and return a NEW dict of the headers to send.

    - ``host``: the ``Host`` header value, with ``:port`` when the port is not the default.
    - ``path``: the URL path as sent, e.g. ``/v1/<project_id>/image-servers``.
    - ``query``: the canonical query STRING, as returned by ``canonical_query`` (``''`` for
      none). It must be exactly what follows ``?`` in the URL, so this function does not
      accept a dict: build the string once and use it for both.
    - ``headers``: extra headers to sign and send (e.g. ``Content-Type``, ``User-Agent``,
      ``X-Project-Id``, ``X-Security-Token``); ``None`` for none. Names containing ``_`` are
      sent but not signed. Any ``Host``, ``X-Sdk-Date`` or ``Authorization`` given is replaced.
    - ``body``: bytes or str (``''`` or ``None`` for a GET).
    - ``sdk_date``: see ``format_sdk_date``; defaults to now.

    The result holds the given headers (values stripped) plus ``X-Sdk-Date``, ``Host`` and
    ``Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<list>, Signature=<hex>``.
    """
    _require_text(access_key, 'access key')
    _require_text(secret_key, 'secret key')
    _require_text(host, 'host')
    _require_text(method, 'HTTP method')
    _require_text(path, 'request path')
    if not isinstance(query, str):
        raise TypeError('query must be the canonical query string from canonical_query(), not %s' % type(query).__name__)
    if headers is not None and not isinstance(headers, dict):
        raise TypeError('headers must be a dict or None, not %s' % type(headers).__name__)

    signed = _headers_to_sign(headers, host, format_sdk_date(sdk_date))
    text = string_to_sign(canonical_request(method, path, query, signed, body), signed['X-Sdk-Date'])
    signature = hmac.new(secret_key.encode('utf-8'), text.encode('utf-8'), hashlib.sha256).hexdigest()
    signed['Authorization'] = '%s Access=%s, SignedHeaders=%s, Signature=%s' % (ALGORITHM, access_key, ';'.join(signed_header_names(signed)), signature)
    return signed
