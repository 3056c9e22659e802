# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SDK-HMAC-SHA256 verification, written from the algorithm description (not from any client).

Everything is recomputed from the request *as received*: the raw path, the raw query string
(decoded with `unquote`, so a `+` stays a plus sign, as on the real gateway) and the received
header values.
"""

import datetime
import hashlib
import hmac
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
MAX_CLOCK_SKEW = datetime.timedelta(minutes=15)


class SignatureError(Exception):
    """Why a signed request was rejected (safe to show: never contains secrets)."""


def _encode(text):
    return quote(text, safe="~")


def canonical_uri(raw_path):
    segments = [_encode(unquote(segment)) for segment in raw_path.split("/")]
    uri = "/".join(segments)
    return uri if uri.endswith("/") else uri + "/"


def query_pairs(raw_query):
    """(key, value) pairs of a raw query string, percent-decoded, `+` kept literally."""
    pairs = []
    for part in raw_query.split("&") if raw_query else ():
        if not part:
            continue
        key, dummy, value = part.partition("=")
        pairs.append((unquote(key), unquote(value)))
    return pairs


def canonical_query(raw_query):
    return "&".join("%s=%s" % (_encode(k), _encode(v)) for k, v in sorted(query_pairs(raw_query)))


def parse_authorization(value):
    """Split `SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..` into a dict."""
    algorithm, dummy, rest = (value or "").strip().partition(" ")
    if algorithm != ALGORITHM:
        raise SignatureError("unsupported Authorization scheme (expected %s)" % ALGORITHM)
    fields = {}
    for part in rest.split(","):
        name, sep, field_value = part.strip().partition("=")
        if sep:
            fields[name] = field_value
    missing = [name for name in ("Access", "SignedHeaders", "Signature") if not fields.get(name)]
    if missing:
        raise SignatureError("Authorization header lacks %s" % ", ".join(missing))
    return fields


def parse_sdk_date(value, now=None):
    if not value:
        raise SignatureError("the X-Sdk-Date header is missing")
    try:
        moment = datetime.datetime.strptime(value, DATE_FORMAT).replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise SignatureError("the X-Sdk-Date header is not in the format YYYYMMDDTHHMMSSZ")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if abs(now - moment) > MAX_CLOCK_SKEW:
        raise SignatureError("the X-Sdk-Date header is more than 15 minutes away from the server time")
    return moment


def canonical_request(method, raw_path, raw_query, headers, signed_headers, body):
    """`headers` maps lower-case names to received values."""
    lines = [method.upper(), canonical_uri(raw_path), canonical_query(raw_query)]
    header_lines = []
    for name in signed_headers:
        if name not in headers:
            raise SignatureError("signed header %r is not in the request" % name)
        header_lines.append("%s:%s\n" % (name, headers[name].strip()))
    lines.append("".join(header_lines))
    lines.append(";".join(signed_headers))
    lines.append(hashlib.sha256(body or b"").hexdigest())
    return "\n".join(lines)


def signature_for(secret_key, sdk_date, canonical):
    string_to_sign = "%s\n%s\n%s" % (ALGORITHM, sdk_date, hashlib.sha256(canonical.encode("utf-8")).hexdigest())
    return hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def verify(method, raw_path, raw_query, headers, body, secret_for_access_key, now=None):
    """Check a signed request; return the access key on success, raise SignatureError otherwise.

    `secret_for_access_key(ak)` returns the SK or None for an unknown AK.
    """
    fields = parse_authorization(headers.get("authorization"))
    secret_key = secret_for_access_key(fields["Access"])
    if secret_key is None:
        raise SignatureError("the access key is unknown")
    sdk_date = headers.get("x-sdk-date")
    parse_sdk_date(sdk_date, now)
    signed_headers = fields["SignedHeaders"].split(";")
    if signed_headers != sorted(signed_headers) or any(h != h.lower() for h in signed_headers):
        raise SignatureError("SignedHeaders must be lower-case and sorted")
    for required in ("host", "x-sdk-date"):
        if required not in signed_headers:
            raise SignatureError("the %s header must be signed" % required)
    canonical = canonical_request(method, raw_path, raw_query, headers, signed_headers, body)
    expected = signature_for(secret_key, sdk_date, canonical)
    if not hmac.compare_digest(expected, fields["Signature"]):
        raise SignatureError("the signature does not match the request")
    return fields["Access"], signed_headers
