# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote

import pytest

try:
    from hypothesis import given, settings, strategies
except ImportError:  # test-only dependency: without it only the property test is skipped
    strategies = None

from ansible_collections.huaweicloud.workspace.plugins.module_utils._signer import (
    EMPTY_BODY_SHA256,
    canonical_query,
    canonical_request,
    canonical_uri,
    sign_request,
    string_to_sign,
)

# Known-answer inputs from shared/reference/signing.md.
AK = 'AKTESTEXAMPLE0000001'
SK = 'SKtestExampleSecretKey0000000000000000001'
PROJECT_ID = '0123456789abcdef0123456789abcdef'
HOST = 'appstream.cn-north-4.myhuaweicloud.com'
SDK_DATE = '20240102T030405Z'
PATH = '/v1/%s/image-servers' % PROJECT_ID
PARAMS = {'limit': 10, 'offset': 0, 'server_name': 'img srv/01'}
HEADERS_B = {
    'Content-Type': 'application/json',
    'User-Agent': 'huaweicloud-usdk-python/3.0',
    'X-Project-Id': PROJECT_ID,
}
HEADERS_C = dict(HEADERS_B, **{'X-Security-Token': 'EXAMPLE-SECURITY-TOKEN'})

CANONICAL_REQUEST_A = '\n'.join(
    [
        'GET',
        '/v1/0123456789abcdef0123456789abcdef/image-servers/',
        'limit=10&offset=0&server_name=img%20srv%2F01',
        'host:appstream.cn-north-4.myhuaweicloud.com',
        'x-sdk-date:20240102T030405Z',
        '',
        'host;x-sdk-date',
        EMPTY_BODY_SHA256,
    ]
)
STRING_TO_SIGN_A = 'SDK-HMAC-SHA256\n20240102T030405Z\n56749c1c98d9ef53b0091e826eb57fe9aa9585c61b1f5218f2ea2a8d7c9f140a'


def parse_authorization(value):
    algorithm, rest = value.split(' ', 1)
    fields = dict(part.split('=', 1) for part in rest.split(', '))
    return algorithm, fields


# --- known-answer vectors --------------------------------------------------------------------


def test_vector_a_canonical_query():
    assert canonical_query(PARAMS) == 'limit=10&offset=0&server_name=img%20srv%2F01'


def test_vector_a_canonical_request_and_string_to_sign():
    headers = {'Host': HOST, 'X-Sdk-Date': SDK_DATE}
    text = canonical_request('GET', PATH, canonical_query(PARAMS), headers, '')
    assert text == CANONICAL_REQUEST_A
    assert string_to_sign(text, SDK_DATE) == STRING_TO_SIGN_A


@pytest.mark.parametrize(
    'extra_headers, signed_headers, signature',
    [
        ({}, 'host;x-sdk-date', '947b8115d1926d2ce077352df3dc7475a4fb22fdd1e5e5081a3b1cdd9142f414'),
        (HEADERS_B, 'content-type;host;user-agent;x-project-id;x-sdk-date', 'e2eb1b1d68b774deadd58d73fff1e4e19f7df9f8ea6886f5f4186d2680a2b96c'),
        (
            HEADERS_C,
            'content-type;host;user-agent;x-project-id;x-sdk-date;x-security-token',
            'a4e7b3dee2bef0b65079f21bd392747fb0068d4603e9e5829fa1782130bc42c6',
        ),
    ],
    ids=['A', 'B', 'C'],
)
def test_known_answer_vectors(extra_headers, signed_headers, signature):
    given = dict(extra_headers)
    sent = sign_request('GET', HOST, PATH, canonical_query(PARAMS), given, '', AK, SK, sdk_date=SDK_DATE)
    assert sent['Authorization'] == ('SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s' % (AK, signed_headers, signature))
    assert sent['X-Sdk-Date'] == SDK_DATE
    assert sent['Host'] == HOST
    for name, value in extra_headers.items():
        assert sent[name] == value
    assert given == extra_headers, 'the caller dict must not be modified'


def test_sdk_date_as_datetime_is_converted_to_utc():
    aware = datetime(2024, 1, 2, 11, 4, 5, tzinfo=timezone(timedelta(hours=8)))
    naive_utc = datetime(2024, 1, 2, 3, 4, 5)
    for value in (aware, naive_utc):
        sent = sign_request('GET', HOST, PATH, canonical_query(PARAMS), None, b'', AK, SK, sdk_date=value)
        assert sent['X-Sdk-Date'] == SDK_DATE
        assert sent['Authorization'].endswith('Signature=947b8115d1926d2ce077352df3dc7475a4fb22fdd1e5e5081a3b1cdd9142f414')


def test_default_sdk_date_has_the_required_form():
    sent = sign_request('GET', HOST, PATH, '', None, '', AK, SK)
    datetime.strptime(sent['X-Sdk-Date'], '%Y%m%dT%H%M%SZ')


# --- building blocks ---------------------------------------------------------------------------


def test_canonical_query_rules():
    assert canonical_query(None) == ''
    assert canonical_query({}) == ''
    assert canonical_query({'a': None}) == ''
    assert canonical_query([('b', True), ('a', False), ('c', 3)]) == 'a=false&b=true&c=3'
    assert canonical_query({'k': ['y', None, 'x']}) == 'k=x&k=y'
    assert canonical_query({'q': "a b+c&d=e%f~g*h'i\"j/"}) == "q=a%20b%2Bc%26d%3De%25f~g%2Ah%27i%22j%2F"
    assert canonical_query({'n': '镜像-01'}) == 'n=%E9%95%9C%E5%83%8F-01'
    assert canonical_query({'e': ''}) == 'e='


def test_canonical_uri_rules():
    assert canonical_uri('/') == '/'
    assert canonical_uri('/v1/p/image-servers/') == '/v1/p/image-servers/'
    assert canonical_uri('/v1/a b/ü') == '/v1/a%20b/%C3%BC/'
    # Already percent-encoded paths are decoded first (as the SDK does).
    assert canonical_uri('/v1/a%20b/%C3%BC') == '/v1/a%20b/%C3%BC/'


def test_body_is_hashed_and_str_equals_its_utf8_bytes():
    one = sign_request('POST', HOST, PATH, '', None, '{"a": "ü"}', AK, SK, sdk_date=SDK_DATE)
    two = sign_request('POST', HOST, PATH, '', None, '{"a": "ü"}'.encode('utf-8'), AK, SK, sdk_date=SDK_DATE)
    empty = sign_request('POST', HOST, PATH, '', None, '', AK, SK, sdk_date=SDK_DATE)
    assert one['Authorization'] == two['Authorization'] != empty['Authorization']


def test_headers_with_underscore_are_sent_but_not_signed_and_values_are_stripped():
    sent = sign_request('GET', HOST, PATH, '', {'X_Custom': 'v', 'X-Project-Id': '  p  '}, '', AK, SK, sdk_date=SDK_DATE)
    assert sent['X_Custom'] == 'v'
    assert sent['X-Project-Id'] == 'p'
    assert parse_authorization(sent['Authorization'])[1]['SignedHeaders'] == 'host;x-project-id;x-sdk-date'


def test_given_host_date_and_authorization_are_replaced():
    sent = sign_request('GET', HOST, PATH, '', {'host': 'evil', 'x-sdk-date': 'x', 'authorization': 'y'}, '', AK, SK, sdk_date=SDK_DATE)
    plain = sign_request('GET', HOST, PATH, '', None, '', AK, SK, sdk_date=SDK_DATE)
    assert sent == plain


@pytest.mark.parametrize(
    'kwargs',
    [
        dict(secret_key=''),
        dict(secret_key=SK.encode('ascii')),
        dict(access_key=''),
        dict(host=''),
        dict(query={'limit': 1}),
        dict(headers=[('a', 'b')]),
        dict(headers={'X-A': '1', 'x-a': '2'}),
        dict(body=12345),
        dict(sdk_date='2024-01-02 03:04:05'),
        dict(sdk_date=1704164645),
    ],
)
def test_bad_input_is_rejected_without_revealing_the_secret(kwargs):
    call = dict(method='GET', host=HOST, path=PATH, query='', headers=None, body='', access_key=AK, secret_key=SK, sdk_date=SDK_DATE)
    call.update(kwargs)
    with pytest.raises((TypeError, ValueError)) as caught:
        sign_request(**call)
    assert SK not in str(caught.value) and SK not in repr(caught.value)
    assert str(caught.value)


def test_secret_never_in_the_headers():
    sent = sign_request('GET', HOST, PATH, '', dict(HEADERS_C), '', AK, SK, sdk_date=SDK_DATE)
    assert SK not in repr(sent)


# --- the URL the client sends carries the canonical query -------------------------------------


@pytest.mark.parametrize('server_name', ['img srv/01', '镜像-01', "a+b&c=d%e~f*g'h\"i", '', '😀 ümlaut'])
def test_url_query_equals_canonical_query(server_name):
    requests = pytest.importorskip('requests')
    query = canonical_query({'offset': 0, 'limit': 100, 'server_name': server_name})
    url = 'https://%s%s?%s' % (HOST, PATH, query)
    prepared = requests.Request('GET', url).prepare()
    sent_query = prepared.url.split('?', 1)[1]
    # requests must not re-encode it: the emulator recomputes the signature from the raw query.
    assert sent_query == query
    # And decoding it (with %20, never '+', meaning space) gives back the parameters.
    decoded = [tuple(unquote(part) for part in pair.split('=', 1)) for pair in sent_query.split('&')]
    assert sorted(decoded) == sorted([('offset', '0'), ('limit', '100'), ('server_name', server_name)])


# --- comparison with the official SDK signer -----------------------------------------------------


class _Credentials:
    def __init__(self, ak, sk):
        self.ak = ak
        self.sk = sk


def sdk_sign(method, host, path, pairs, headers, body, ak, sk, sdk_date):
    """Sign with huaweicloudsdkcore; return (Authorization, uri the SDK would request)."""
    sdk_signer = pytest.importorskip('huaweicloudsdkcore.signer.signer')
    sdk_request_module = pytest.importorskip('huaweicloudsdkcore.sdk_request')
    header_params = dict(headers)
    header_params['X-Sdk-Date'] = sdk_date
    request = sdk_request_module.SdkRequest(
        method=method,
        schema='https',
        host=host,
        resource_path=path,
        query_params=[(k, v) for k, v in pairs if v is not None],
        header_params=header_params,
        body=body,
    )
    sdk_signer.Signer(_Credentials(ak, sk)).sign(request)
    return request.header_params['Authorization'], request.uri


def assert_same_as_sdk(method, host, path, pairs, headers, body, ak=AK, sk=SK, sdk_date=SDK_DATE):
    expected_authorization, expected_uri = sdk_sign(method, host, path, pairs, headers, body, ak, sk, sdk_date)
    query = canonical_query(pairs)
    sent = sign_request(method, host, path, query, dict(headers), body, ak, sk, sdk_date=sdk_date)
    assert parse_authorization(sent['Authorization']) == parse_authorization(expected_authorization)
    assert sent['Authorization'] == expected_authorization
    assert (path + '?' + query if query else path) == expected_uri


TRICKY_NAMES = [
    '',
    ' ',
    'img srv/01',
    '镜像-01',
    'ümlaut',
    '😀',
    'a b',
    'a/b',
    'a+b',
    'a&b',
    'a=b',
    '100%',
    '%41',
    '~tilde',
    'star*',
    "it's",
    '"quoted"',
    '<>',
    '#hash',
    '?q',
    ';semi',
    ',',
    'tab\there',
    'new\nline',
    '  padded  ',
    'Ünïcödé 混合 ✓',
    '\u00a0nbsp',
    'a' * 300,
]


@pytest.mark.parametrize('server_name', TRICKY_NAMES)
@pytest.mark.parametrize('headers', [{}, HEADERS_B, HEADERS_C], ids=['A', 'B', 'C'])
def test_same_as_sdk_for_tricky_names(server_name, headers):
    pairs = [('offset', 0), ('limit', 100), ('server_name', server_name), ('enterprise_project_id', None)]
    assert_same_as_sdk('GET', HOST, PATH, pairs, headers, '')


@pytest.mark.parametrize(
    'path',
    [
        '/v1/%s/image-servers' % PROJECT_ID,
        '/v1/%s/image-servers/' % PROJECT_ID,
        '/v1/%s/image-servers/%s' % (PROJECT_ID, quote('镜像 01', safe='')),
        '/v1/%s/x/%s' % (PROJECT_ID, quote("~*'()!", safe='')),
        '/',
    ],
)
def test_same_as_sdk_for_paths(path):
    assert_same_as_sdk('GET', 'localhost:8443', path, [('limit', 1)], HEADERS_B, '')


def test_same_as_sdk_for_body_booleans_and_unsigned_headers():
    headers = dict(HEADERS_C, **{'X_Not_Signed': 'x', 'X-Padded': '  v  '})
    pairs = [('flag', True), ('other', False), ('z', 'last'), ('a', 'first')]
    assert_same_as_sdk('post', HOST, PATH, pairs, headers, '{"name": "镜像"}')


if strategies is None:

    def test_same_as_sdk_property():
        pytest.skip('hypothesis is not installed')
else:
    HEADER_TEXT = strategies.text(strategies.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1)

    @settings(max_examples=300, deadline=None)
    @given(
        server_name=strategies.one_of(strategies.none(), strategies.text()),
        offset=strategies.integers(min_value=0, max_value=10**9),
        limit=strategies.integers(min_value=1, max_value=1000),
        security_token=strategies.one_of(strategies.none(), HEADER_TEXT),
        project_id=strategies.text('0123456789abcdef', min_size=32, max_size=32),
        extra_segment=strategies.one_of(strategies.none(), strategies.text(min_size=1)),
        port=strategies.one_of(strategies.none(), strategies.integers(min_value=1, max_value=65535)),
    )
    def test_same_as_sdk_property(server_name, offset, limit, security_token, project_id, extra_segment, port):
        path = '/v1/%s/image-servers' % project_id
        if extra_segment is not None:
            path += '/' + quote(extra_segment, safe='')  # how the SDK fills path parameters
        host = HOST if port is None else '127.0.0.1:%d' % port
        headers = {'Content-Type': 'application/json', 'User-Agent': 'huaweicloud-usdk-python/3.0', 'X-Project-Id': project_id}
        if security_token is not None:
            headers['X-Security-Token'] = security_token
        pairs = [('offset', offset), ('limit', limit), ('server_name', server_name)]
        assert_same_as_sdk('GET', host, path, pairs, headers, '')
