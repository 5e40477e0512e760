"""JupyterLab as `make lab` starts it: on loopback, serving notebooks/, running the project's kernel."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT

pytestmark = pytest.mark.slow
websocket = pytest.importorskip("websocket")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port, token = free_port(), uuid.uuid4().hex
    runtime = tmp_path_factory.mktemp("runtime")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_PLATFORM_DIRS": "1"}
    jupyter = Path(sys.executable).parent / "jupyter"
    process = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={PROJECT_ROOT / 'notebooks'}",
         "--ServerApp.open_browser=False", "--allow-root"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=PROJECT_ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail("jupyter lab exited at start")
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("jupyter lab did not answer within 60 s")
    yield base, token, port
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def api(base, token, path, method="GET", body=None):
    request = urllib.request.Request(f"{base}{path}?token={token}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def test_lab_serves_the_notebooks_and_runs_the_project_kernel(lab):
    base, token, port = lab
    listing = api(base, token, "/api/contents/")
    names = {item["name"] for item in listing["content"]}
    assert {"corpus_overview.ipynb", "actor_mentions.ipynb", "milestones.ipynb", "briefing.ipynb"} <= names
    assert "negotiation-tracker" in api(base, token, "/api/kernelspecs")["kernelspecs"]
    session = api(base, token, "/api/sessions", "POST", {
        "path": "actor_mentions.ipynb", "type": "notebook", "kernel": {"name": "negotiation-tracker"}})
    assert session["kernel"]["name"] == "negotiation-tracker"
    kernel_id = session["kernel"]["id"]
    notebook = api(base, token, "/api/contents/actor_mentions.ipynb")["content"]
    setup = "\n".join(cell["source"] for cell in notebook["cells"][1:3])  # the parameters and the start
    code = setup + "\nprint(ctx.most(ctx.mentions), len(ctx.articles))"
    channel = websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={token}",
                                          timeout=120)
    message_id = uuid.uuid4().hex
    channel.send(json.dumps({
        "header": {"msg_id": message_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    printed, status = "", None
    deadline = time.time() + 120
    while time.time() < deadline and status is None:
        reply = json.loads(channel.recv())
        if reply.get("parent_header", {}).get("msg_id") != message_id:
            continue
        if reply["msg_type"] == "stream":
            printed += reply["content"]["text"]
        elif reply["msg_type"] == "error":
            pytest.fail("\n".join(reply["content"]["traceback"]))
        elif reply["msg_type"] == "execute_reply":
            status = reply["content"]["status"]
    channel.close()
    api(base, token, f"/api/sessions/{session['id']}", "DELETE")
    assert status == "ok"
    assert printed.split() == ["Ukraine", "50"]


def test_lab_page_renders_in_chromium(lab, tmp_path):
    import shutil
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    base, token, _ = lab
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/lab/tree/milestones.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        heading = page.wait_for_selector(".jp-Notebook .jp-RenderedMarkdown h1", timeout=60_000)
        assert "Negotiation milestones" in heading.inner_text()
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator, .jp-KernelStatus, .jp-Toolbar", timeout=60_000)
        page.screenshot(path=str(tmp_path / "lab.png"))
        assert page.locator(".jp-Notebook .jp-Cell").count() >= 5
        if os.environ.get("NT_KEEP_SCREENSHOTS"):
            shutil.copy(tmp_path / "lab.png", os.environ["NT_KEEP_SCREENSHOTS"])
        browser.close()
