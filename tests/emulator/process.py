# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the emulator as a child process from tests.

    from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorProcess

    with EmulatorProcess("--servers", "250", "--region", "cn-north-4") as emulator:
        emulator.url                      # http://127.0.0.1:<port>
        emulator.project_id("cn-north-4")
        emulator.credentials              # {"access_key": ..., "secret_key": ..., "token": ..., ...}
        emulator.set_faults({"fault": "empty-page"})
        emulator.requests()               # the request log (list of dicts)
        emulator.clear_requests()

The port is chosen by the OS (`--port 0 --port-file`), so tests never collide.
"""

import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class EmulatorError(RuntimeError):
    pass


class EmulatorProcess(object):
    """Context manager: start `python -m tests.emulator *cli_args`, stop it on exit."""

    def __init__(self, *cli_args, **options):
        self.cli_args = [str(arg) for arg in cli_args]
        self.python = options.pop("python", None) or sys.executable
        self.env = options.pop("env", None)
        if options:
            raise TypeError("unknown options: %s" % ", ".join(sorted(options)))
        self.url = None
        self.ca_file = None
        self.returncode = None
        self.last_output = ""
        self.info = None
        self._process = None
        self._workdir = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        self._workdir = tempfile.mkdtemp(prefix="workspace-emulator-")
        port_file = os.path.join(self._workdir, "port")
        self._stdout = open(os.path.join(self._workdir, "stdout"), "w+")
        self._stderr = open(os.path.join(self._workdir, "stderr"), "w+")
        command = [self.python, "-m", "tests.emulator", "--port", "0", "--port-file", port_file, "--exit-on-stdin-eof"] + self.cli_args
        # The emulator stops when this pipe closes, so it never outlives the test process,
        # even one that exits without running fixture teardown.
        self._process = subprocess.Popen(command, cwd=REPOSITORY_ROOT, env=self.env, stdin=subprocess.PIPE, stdout=self._stdout, stderr=self._stderr)
        deadline = time.monotonic() + START_TIMEOUT
        while not os.path.exists(port_file):
            if self._process.poll() is not None:
                output = self.output()
                self.stop()
                raise EmulatorError("the emulator exited with status %s:\n%s" % (self.returncode, output))
            if time.monotonic() > deadline:
                self.stop()
                raise EmulatorError("the emulator did not start within %.0f s" % START_TIMEOUT)
            time.sleep(0.05)
        with open(port_file) as handle:
            port = int(handle.read().strip())
        scheme = "https" if "--tls" in self.cli_args else "http"
        self.url = "%s://127.0.0.1:%d" % (scheme, port)
        if scheme == "https":
            tls_dir = self._tls_dir()
            self.ca_file = os.path.join(tls_dir, "cert.pem") if tls_dir else None
        self.info = self.admin("GET", "info")
        self.ca_file = self.info.get("ca_file") or self.ca_file
        return self

    def _tls_dir(self):
        if "--tls-dir" in self.cli_args:
            return self.cli_args[self.cli_args.index("--tls-dir") + 1]
        return None

    def _ssl_context(self):
        if not self.url.startswith("https"):
            return None
        if self.ca_file:
            return ssl.create_default_context(cafile=self.ca_file)
        # The CA file is not known before /_emulator/info answers.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context

    def admin(self, method, resource, data=None):
        """Call an admin endpoint (`resource` is e.g. "requests") and return the decoded JSON."""
        body = None if data is None else json.dumps(data).encode("utf-8")
        request = urllib.request.Request("%s/_emulator/%s" % (self.url, resource), data=body, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30, context=self._ssl_context()) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as err:
            raise EmulatorError("%s /_emulator/%s -> %d: %s" % (method, resource, err.code, err.read().decode("utf-8", "replace")))

    def project_id(self, region="cn-north-4"):
        return self.info["regions"][region]

    @property
    def regions(self):
        return dict(self.info["regions"])

    @property
    def credentials(self):
        return dict(self.info["credentials"])

    def requests(self):
        return self.admin("GET", "requests")

    def clear_requests(self):
        return self.admin("DELETE", "requests")["cleared"]

    def faults(self):
        return self.admin("GET", "faults")

    def set_faults(self, faults):
        """Replace the whole fault configuration (keys as in `GET /_emulator/faults`)."""
        return self.admin("PUT", "faults", faults)

    def output(self):
        """What the emulator printed so far (stdout then stderr)."""
        chunks = []
        for handle in (self._stdout, self._stderr):
            handle.flush()
            handle.seek(0)
            chunks.append(handle.read())
        return "".join(chunks)

    def stop(self):
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None:
            self.returncode = process.returncode
            process.stdin.close()
        handles = (getattr(self, "_stdout", None), getattr(self, "_stderr", None))
        if all(handle is not None and not handle.closed for handle in handles):
            self.last_output = self.output()
            for handle in handles:
                handle.close()
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
