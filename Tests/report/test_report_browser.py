"""Opens report.html in headless Chromium (Debian's `chromium`), driven through the DevTools protocol
over --remote-debugging-pipe (no websocket client needed): no console error or exception, no network
request, every chart and thumbnail rendered, the near-duplicate table present with the planted leaks.
A full-page screenshot and a PDF print are saved under .build/test-artifacts/."""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import ROOT

ARTIFACTS = os.path.join(ROOT, ".build", "test-artifacts")


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("no chromium binary: install Debian's chromium (scripts/install-deps.sh does)")


class DevTools:
    """A DevTools-protocol client over the pipe pair Chromium opens on fds 3 (in) and 4 (out):
    JSON messages separated by NUL bytes."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="report-chromium-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4. The child moves the pipe ends
        # there itself (through fresh descriptors, in case an end already is 3 or 4); fds are not
        # closed by subprocess, which would run after this and close 3 and 4.
        def child_fds():
            into, out = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(into, 3)
            os.dup2(out, 4)
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "--hide-scrollbars", "about:blank"],
            close_fds=False, preexec_fn=child_fds, stdout=subprocess.DEVNULL, stderr=self.log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.buffer = b""
        self.events = []

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no reply from chromium")
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                self.log.seek(0)
                raise RuntimeError("chromium closed the pipe: " + self.log.read().decode(errors="replace")[-2000:])
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method, timeout=60):
        deadline = time.monotonic() + timeout
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


CHECKS = """JSON.stringify({
  svgs: [...document.querySelectorAll('svg')].map(s => {
    const box = s.getBoundingClientRect();
    return {width: box.width, height: box.height, marks: s.querySelectorAll('rect,line,text').length};
  }),
  images: [...document.images].map(i => ({complete: i.complete, width: i.naturalWidth, height: i.naturalHeight,
                                          data: i.src.startsWith('data:image/png;base64,')})),
  scripts: document.querySelectorAll('script').length,
  external: [...document.querySelectorAll('[src],[href]')].map(e => e.getAttribute('src') || e.getAttribute('href'))
            .filter(u => !u.startsWith('data:') && !u.startsWith('#')),
  pairRows: document.querySelectorAll('#near-duplicates tr').length - 1,
  leakRows: document.querySelectorAll('#near-duplicates tr.leak').length,
  sections: [...document.querySelectorAll('h2')].map(h => h.id),
  height: document.documentElement.scrollHeight
})"""


def test_report_renders_in_chromium(planted):
    _, _, report, _, variants, _ = planted
    data = json.loads((report / "report.json").read_text())
    browser = DevTools()
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
        browser.send("Page.navigate", {"url": "file://" + str(report / "report.html")}, session=session)
        browser.wait_for("Page.loadEventFired")
        result = browser.send("Runtime.evaluate", {"expression": CHECKS, "returnByValue": True}, session=session)
        page = json.loads(result["result"]["value"])

        errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"
                  or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
                  or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
        assert errors == []
        requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
        assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
        assert page["scripts"] == 0 and page["external"] == []

        # Counts, prevalence, age, sex, view, entropy and pair charts.
        assert len(page["svgs"]) >= 7
        for svg in page["svgs"]:
            assert svg["width"] > 100 and svg["height"] > 100 and svg["marks"] > 5, svg
        # Thumbnails of flagged samples and of the listed pairs, all decoded by the browser.
        assert len(page["images"]) >= 2 * len(variants)
        for image in page["images"]:
            assert image["complete"] and image["width"] > 0 and image["height"] > 0 and image["data"], image
        assert page["pairRows"] == len(data["duplicates"]["pairs"]) > 0
        assert page["leakRows"] == data["duplicates"]["crossSplit"] >= len(variants)
        for section in ("summary", "counts", "errors", "labels", "demographics", "quality", "duplicates", "provenance"):
            assert section in page["sections"]

        os.makedirs(ARTIFACTS, exist_ok=True)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1200, "height": min(page["height"], 16000), "deviceScaleFactor": 1, "mobile": False},
                     session=session)
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        screenshot = base64.b64decode(shot["data"])
        assert screenshot[:8] == b"\x89PNG\r\n\x1a\n"
        with open(os.path.join(ARTIFACTS, "report.png"), "wb") as f:
            f.write(screenshot)
        pdf = base64.b64decode(browser.send("Page.printToPDF", {"printBackground": True}, session=session)["data"])
        assert pdf[:5] == b"%PDF-" and len(pdf) > 10000
        with open(os.path.join(ARTIFACTS, "report.pdf"), "wb") as f:
            f.write(pdf)
    finally:
        browser.close()
