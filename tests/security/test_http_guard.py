"""Forged Host, foreign Origin and password guessing against the real server."""
import http.client
import json

import pytest

pytestmark = pytest.mark.ui


def request(server, path="/", method="GET", headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


@pytest.fixture
def server(studio_server):
    return studio_server(extra_args=("--password", "correct horse"))


def test_forged_host_and_foreign_origin_are_refused(server):
    port = server.port
    assert request(server, "/healthz", headers={"Host": f"127.0.0.1:{port}"})[0] == 200
    assert request(server, "/healthz", headers={"Host": f"localhost:{port}"})[0] == 200
    refused = 0
    for host in ("evil.example", f"attacker.com:{port}", "rebind.127.0.0.1.nip.io", ""):
        status, _ = request(server, "/", headers={"Host": host})
        refused += status == 421
    assert refused == 4
    for origin in ("http://evil.example", f"http://attacker.com:{port}", "file://x", "chrome-extension://abc"):
        status, _ = request(server, "/config", headers={"Host": f"127.0.0.1:{port}", "Origin": origin})
        assert status == 403, origin
    ok, _ = request(server, "/healthz", headers={"Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}"})
    assert ok == 200
    print("forged Host refused 4/4, foreign Origin refused 4/4")


def test_a_thousand_wrong_passwords_are_throttled(server):
    port = server.port
    outcomes = {}
    for i in range(1000):
        status, _ = request(server, "/login", "POST",
                            {"Host": f"127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded"},
                            f"username=qixi&password=guess{i}")
        outcomes[status] = outcomes.get(status, 0) + 1
    print(f"1000 wrong passwords: {outcomes}")
    assert outcomes.get(200, 0) == 0
    assert outcomes.get(429, 0) >= 990           # at most 10 tries checked within the minute
    # Even the right password waits out the window: guessing cannot race it.
    status, _ = request(server, "/login", "POST",
                        {"Host": f"127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded"},
                        "username=qixi&password=correct horse")
    assert status == 429


def test_the_right_password_logs_in(server):
    status, body = request(server, "/login", "POST",
                           {"Host": f"127.0.0.1:{server.port}", "Content-Type": "application/x-www-form-urlencoded"},
                           "username=qixi&password=correct horse")
    assert status == 200, body
    assert json.loads(body).get("success") is True
