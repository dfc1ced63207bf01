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
        status, _ = request(
            server,
            "/login",
            "POST",
            {"Host": f"127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded"},
            f"username=qixi&password=guess{i}",
        )
        outcomes[status] = outcomes.get(status, 0) + 1
    print(f"1000 wrong passwords: {outcomes}")
    assert outcomes.get(200, 0) == 0
    assert outcomes.get(429, 0) >= 990  # at most 10 tries checked within the minute
    # Even the right password waits out the window: guessing cannot race it.
    status, _ = request(
        server,
        "/login",
        "POST",
        {"Host": f"127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded"},
        "username=qixi&password=correct horse",
    )
    assert status == 429


def test_the_right_password_logs_in(server):
    status, body = request(
        server,
        "/login",
        "POST",
        {"Host": f"127.0.0.1:{server.port}", "Content-Type": "application/x-www-form-urlencoded"},
        "username=qixi&password=correct horse",
    )
    assert status == 200, body
    assert json.loads(body).get("success") is True


# ------------------------------------------------------------------------------------------------
# The LAN listener of the Annotate tab's phone switch. Its "LAN address" here is another loopback
# address (127.0.0.2): no traffic leaves this computer.

LAN = "127.0.0.2"


@pytest.fixture
def lan(studio_server, tmp_path):
    import re

    from studio.annotate import projects as A
    from studio.core import db
    from studio.core.workspace import Workspace

    ws = Workspace.open(tmp_path / "lan-ws")
    con = db.connect(ws.db_path)
    A.create_project(con, "p", items=[A.Item("累了", "抱抱你", "哦", "a", "b")])
    _, token = A.add_annotator(con, "p", "小红")
    con.close()
    server = studio_server(ws.root, env={"QIXI_LAN_ADDRESS": LAN})
    out = server.client().predict("en", LAN, "open sesame", "p", api_name="/annotate_lan_open")
    base = re.search(r"http://127\.0\.0\.2:(\d+)", out[-3])  # the switch's sentence
    assert base, out
    assert out[-2]["小红"]["url"] == f"http://{LAN}:{base.group(1)}/label/?annotator={token}"  # the card's link
    return int(base.group(1)), token


def lan_request(port, path="/", method="GET", headers=None, body=None):
    conn = http.client.HTTPConnection(LAN, port, timeout=10)
    conn.request(method, path, body=body, headers={"Host": f"{LAN}:{port}", **(headers or {})})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data, r


def test_lan_listener_refuses_forged_host_and_foreign_origin(lan):
    port, token = lan
    link = f"/label/?annotator={token}"
    assert lan_request(port, link)[0] == 200
    for host in ("evil.example", f"attacker.com:{port}", "rebind.127.0.0.2.nip.io", ""):
        assert lan_request(port, link, headers={"Host": host})[0] == 421, host
    for origin in ("http://evil.example", f"http://attacker.com:{port}", "file://x", "chrome-extension://abc"):
        assert lan_request(port, link, headers={"Origin": origin})[0] == 403, origin


def test_lan_listener_needs_the_password_for_the_studio_and_a_link_for_the_card(lan):
    port, token = lan
    status, body, _ = lan_request(port, "/")
    assert status == 401 and "密码".encode() in body  # the login form, not the studio
    assert lan_request(port, "/config")[0] == 401
    assert lan_request(port, "/gradio_api/info")[0] == 401
    assert lan_request(port, "/label/")[0] == 403  # the card without a link
    assert lan_request(port, "/label/config")[0] == 403
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert lan_request(port, "/qixi/lan-login", "POST", form, "password=nope")[0] == 401
    status, _, r = lan_request(port, "/qixi/lan-login", "POST", form, "password=open sesame")
    assert status == 303
    cookie = r.getheader("set-cookie").split(";")[0]
    assert lan_request(port, "/", headers={"Cookie": cookie})[0] == 200
    # The link's page gets a cookie for the card's own requests; a made-up cookie opens nothing.
    _, _, r = lan_request(port, f"/label/?annotator={token}")
    label_cookie = r.getheader("set-cookie").split(";")[0]
    assert lan_request(port, "/label/config", headers={"Cookie": label_cookie})[0] == 200
    assert lan_request(port, "/label/config", headers={"Cookie": "qixi-label=made-up"})[0] == 403
    # The card's app holds nothing of the owner's desk: no export, no project list to call.
    _, info, _ = lan_request(port, "/label/gradio_api/info", headers={"Cookie": label_cookie})
    assert b"annotate_confirm" in info and b"annotate_export" not in info and b"annotate_project" not in info


def test_lan_listener_throttles_token_guessing(lan):
    port, token = lan
    outcomes = {}
    for i in range(300):
        status = lan_request(port, f"/label/?annotator=guess-{i:04d}-{'x' * 30}")[0]
        outcomes[status] = outcomes.get(status, 0) + 1
    print(f"300 guessed links: {outcomes}")
    assert outcomes.get(200, 0) == 0
    assert outcomes.get(429, 0) >= 290  # at most 10 wrong links checked a minute
    # Even the right link waits out the minute: guessing cannot race it.
    assert lan_request(port, f"/label/?annotator={token}")[0] == 429
