# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Connection options for the emulator's demo credentials, per authentication mode."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def emulator_connection_options(emulator, auth="aksk"):
    """The credential options of one auth mode (aksk, temporary, token, password) for an EmulatorProcess."""
    creds = emulator.credentials
    aksk = {"access_key": creds["access_key"], "secret_key": creds["secret_key"]}
    return {
        "aksk": aksk,
        "temporary": dict(aksk, security_token=creds["security_token"]),
        "token": {"auth_token": creds["token"]},
        "password": {"user_name": creds["user"], "password": creds["password"], "domain_name": creds["domain"]},
    }[auth]
