"""Path traversal against the real server: Gradio's file routes and every API endpoint that takes a
file, a folder or a name.

Outside the workspace sits a secret file (and a folder of its own); inside the workspace a symlink points
at each. Every attack (`../`, absolute, URL-encoded once and twice, backslashes, case tricks, the
symlinks) must leave the secret unread - its marker never appears in any answer - and nothing may be
written outside the workspace.
"""

from __future__ import annotations

import http.client
import os
import secrets
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from endpoints import default_args, named_endpoints

from studio.core.workspace import OutsideWorkspace, Workspace
from studio.jobs.store import Jobs

pytestmark = pytest.mark.ui

MARKER = "QIXI-SECRET-" + secrets.token_hex(8)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A server on a workspace next to an `outside` folder holding the secret."""
    from support import StudioServer

    base = tmp_path_factory.mktemp("traversal")
    outside = base / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(MARKER + "\n")
    ws = Workspace.open(base / "ws")
    (ws.root / "evil-link.txt").symlink_to(secret)
    (ws.uploads / "linkdir").symlink_to(outside, target_is_directory=True)
    (ws.datasets / "ds-20240101-000000-abcdef").symlink_to(outside, target_is_directory=True)
    server = StudioServer(ws.root)
    yield server, ws, outside, secret
    server.stop()


def targets(ws: Workspace, outside: Path, secret: Path) -> list[str]:
    """Ways to name the secret (or /etc/passwd) from inside a request."""
    up = "../" * 12
    rel = os.path.relpath(secret, ws.root)
    return [
        str(secret),
        up + str(secret).lstrip("/"),
        str(ws.root / rel),
        rel,
        str(ws.root / "evil-link.txt"),
        "evil-link.txt",
        str(ws.uploads / "linkdir" / "secret.txt"),
        "uploads/linkdir/secret.txt",
        str(secret).upper(),
        str(secret).replace("/", "\\"),
        (up + str(secret).lstrip("/")).replace("/", "\\"),
        "/etc/passwd",
        up + "etc/passwd",
        str(ws.root) + "/../outside/secret.txt",
        str(ws.tmp / "gradio") + "/../../../outside/secret.txt",
    ]


def get(port: int, path: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{port}", **(headers or {})})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


def leaked(data: bytes) -> bool:
    return MARKER.encode() in data or b"root:x:0:0" in data


def outside_state(outside: Path) -> dict:
    return {p.name: p.read_bytes() for p in outside.iterdir()}


def test_gradio_file_routes_serve_nothing_outside_the_workspace(setup):
    server, ws, outside, secret = setup
    before = outside_state(outside)
    routes = [
        "/file=",
        "/gradio_api/file=",
        "/file/",
        "/gradio_api/file/",
        "/GRADIO_API/FILE=",
        "/Gradio_Api/file=",
        "/static/",
        "/gradio_api/static/",
        "/assets/",
        "/svelte/",
        "/gradio_api/proxy=",
        "/custom_component/x/y/z/",
        "/gradio_api/custom_component/x/client/js/",
    ]
    tried = statuses = 0
    seen = {}
    for route in routes:
        for t in targets(ws, outside, secret):
            for enc in (t, quote(t, safe=""), quote(quote(t, safe=""), safe=""), quote(t, safe="/")):
                status, body = get(server.port, route + enc)
                tried += 1
                seen[status] = seen.get(status, 0) + 1
                assert not leaked(body), (route, enc, status)
    # A file inside the workspace is served (so the routes themselves work and the test can fail).
    (ws.exports / "inside.txt").write_text("inside-ok")
    status, body = get(server.port, "/gradio_api/file=" + str(ws.exports / "inside.txt"))
    assert status == 200 and body == b"inside-ok"
    assert outside_state(outside) == before
    statuses = seen
    print(f"file routes: {tried} reads of the secret tried, 0 leaked; statuses {statuses}")


def test_uploads_cannot_be_written_outside_the_workspace(setup):
    server, ws, outside, secret = setup
    before = outside_state(outside)
    names = [
        "../../../outside/pwn.txt",
        str(outside / "pwn.txt"),
        "..%2F..%2F..%2Foutside%2Fpwn.txt",
        "..\\..\\..\\outside\\pwn.txt",
        "linkdir/pwn.txt",
        "/etc/cron.d/pwn",
        "....//....//outside/pwn.txt",
    ]
    stored = []
    for name in names:
        boundary = "qixi" + secrets.token_hex(6)
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f'Content-Type: text/plain\r\n\r\n{{"messages": []}}\r\n--{boundary}--\r\n'
        ).encode()
        status, data = get(
            server.port,
            "/gradio_api/upload",
            "POST",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        if status == 200:
            import json

            for p in json.loads(data):
                stored.append(Path(p))
    assert outside_state(outside) == before
    gradio_tmp = (ws.tmp / "gradio").resolve()
    for p in stored:
        assert gradio_tmp in p.resolve().parents, p  # kept inside the workspace's temp folder
    print(f"uploads: {len(names)} hostile file names, {len(stored)} stored, all under {gradio_tmp}, 0 outside")


# Parameters that cannot carry a path or a name (numbers, sliders, the language state).
SKIP_TYPES = ("float", "int", "bool")


def _payloads(ws: Workspace, outside: Path, secret: Path) -> list:
    up = "../" * 12
    return [
        str(secret),
        up + "outside/secret.txt",
        "../outside/secret.txt",
        quote(up + str(secret), safe=""),
        "evil-link.txt",
        "uploads/linkdir/secret.txt",
        "ds-20240101-000000-abcdef",
        str(outside / "new"),
        "../outside/new",
        str(secret).upper(),
        "..\\..\\outside\\secret.txt",
    ]


def test_every_endpoint_that_takes_a_name_or_file_keeps_inside_the_workspace(setup):
    """Each string, dropdown and file parameter of every named endpoint gets each payload (the other
    parameters keep their defaults; two payloads per parameter, rotating). Any answer is fine - a sentence, Gradio refusing a value not in
    the choices - except one holding the secret, and nothing may appear outside."""
    server, ws, outside, secret = setup
    from gradio_client import Client

    client = Client(server.url, verbose=False)
    api = named_endpoints(client)
    payloads = _payloads(ws, outside, secret)
    before = outside_state(outside)
    calls = endpoints = 0
    t0 = time.monotonic()
    for name, ep in api.items():
        params = ep["parameters"]
        slots = [
            i
            for i, p in enumerate(params)
            if p["component"] != "Browserstate" and p["python_type"]["type"] not in SKIP_TYPES
        ]
        if not slots:
            continue
        endpoints += 1
        defaults = default_args(params)
        for i in slots:
            kind = params[i]["python_type"]["type"]
            # Two payloads per parameter, rotating, so every payload meets many endpoints (all of them
            # on every parameter took six minutes on 2 cores).
            for payload in [payloads[(calls + k) % len(payloads)] for k in range(2)]:
                args = list(defaults)
                if "filepath" in kind:
                    fd = {"path": payload, "meta": {"_type": "gradio.FileData"}, "orig_name": "x.jsonl"}
                    args[i] = [fd] if kind.startswith("list") else fd
                else:
                    args[i] = [payload] if kind.startswith("list") else payload
                try:
                    out = client.predict(*args, api_name=name)
                except Exception as e:  # Gradio refused the value or our sentence came back as an error
                    out = str(e)
                calls += 1
                assert MARKER not in repr(out), (name, i, payload)
                assert "root:x:0:0" not in repr(out), (name, i, payload)
                assert outside_state(outside) == before, (name, i, payload)
                assert secret.read_text() == MARKER + "\n"
        # A payload may have queued a job (a pocket build, say): nothing runs past its own endpoint.
        jobs = Jobs(ws)
        for job in jobs.list():
            if job.active:
                jobs.stop(job.id, grace=1)
    assert endpoints >= 40 and calls >= 400
    print(
        f"API: {endpoints} endpoints, {calls} hostile calls in {time.monotonic() - t0:.0f} s; "
        "0 reads of the secret, 0 files outside"
    )


@pytest.mark.parametrize(
    "payload",
    [
        "../x",
        "../../etc/passwd",
        "/etc/passwd",
        "uploads/linkdir/secret.txt",
        "evil-link.txt",
        "datasets/../../outside",
        "%2e%2e/x",
    ],
)
def test_workspace_resolve_refuses_every_way_out(setup, payload):
    _, ws, outside, secret = setup
    from urllib.parse import unquote

    for p in {payload, unquote(payload)}:
        try:
            real = ws.resolve(p)
        except OutsideWorkspace:
            continue
        assert ws.root in real.parents, p  # a literal '%2e%2e' folder name is inside, and harmless
