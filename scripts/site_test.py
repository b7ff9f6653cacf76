#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Loads every page of the built site in headless Chromium, as a reader would, and fails on:
- any request the site answers with 404 (a stylesheet, a script, an image, a search index);
- an image that did not load, or an SVG that is not well-formed;
- a link within the site to a file that is not there, or to an anchor its page does not have;
- search: each phrase given not finding, among its results, the page and anchor given.

Chromium is driven over its DevTools protocol (a WebSocket; the few lines of client are here).

usage: site_test.py SITE_DIR [PHRASE=PAGE#ANCHOR]...
"""
import base64
import functools
import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import xml.dom.minidom

missing = []  # paths the server answered with 404


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, *args, **kwargs):
        if code == 404:
            missing.append(self.path)
        super().send_error(code, *args, **kwargs)


class Socket:
    """A WebSocket client: text frames only, which is all the protocol uses."""

    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.s = socket.create_connection((u.hostname, u.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += self.s.recv(1)
        if b" 101 " not in reply.split(b"\r\n")[0]:
            raise RuntimeError(f"no WebSocket: {reply!r}")
        self.next_id = 0

    def exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.s.recv(n - len(out))
            if not chunk:
                raise RuntimeError("Chromium closed the connection")
            out += chunk
        return out

    def send(self, text):
        data = text.encode()
        head = bytes([0x81])
        n = len(data)
        head += bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else \
            bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def receive(self):
        message = b""
        while True:
            b0, b1 = self.exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self.exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self.exact(8))[0]
            message += self.exact(n)
            if b0 & 0x80:
                return message.decode()

    def call(self, method, **params):
        self.next_id += 1
        self.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.receive())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {r['exceptionDetails']}")
        return r["result"].get("value")


PAGE_FACTS = """(async () => {
  await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return {
    images: [...document.images].map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  };
})()"""


def load(page, url):
    page.call("Page.navigate", url=url)
    for _ in range(300):
        time.sleep(0.05)
        if page.evaluate("document.readyState") == "complete" and page.evaluate("location.href") == url:
            return
    raise RuntimeError(f"{url} did not load")


def main():
    site = os.path.abspath(sys.argv[1])
    searches = [a.split("=", 1) for a in sys.argv[2:]]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    profile = tempfile.mkdtemp(prefix="shapeproof-chromium-")
    browser = subprocess.Popen(
        [shutil.which("chromium") or "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
         "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = []
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(600):
            if os.path.exists(port_file) and len(open(port_file).read().split("\n")) >= 2:
                break
            time.sleep(0.05)
        port = open(port_file).read().split("\n")[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = Socket(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        page.call("Page.enable")
        pages = sorted(os.path.relpath(os.path.join(r, f), site) for r, _, fs in os.walk(site) for f in fs
                       if f.endswith(".html") and f != "404.html")
        ids, links = {}, []
        for rel in pages:
            load(page, base + rel)
            facts = page.evaluate(PAGE_FACTS)
            ids[rel] = set(facts["ids"])
            links += [(rel, l) for l in facts["links"]]
            for image in facts["images"]:
                if not image["ok"]:
                    failures.append(f"{rel}: the image {image['src']} did not load")
                elif image["src"].endswith(".svg"):
                    path = urllib.parse.urlparse(image["src"]).path.lstrip("/")
                    try:
                        xml.dom.minidom.parse(os.path.join(site, urllib.parse.unquote(path)))
                    except Exception as e:
                        failures.append(f"{rel}: the image {path} is not well-formed SVG: {e}")
        for rel, link in links:
            if not link.startswith(base):
                continue
            u = urllib.parse.urlparse(link)
            path = urllib.parse.unquote(u.path.lstrip("/"))
            target = os.path.join(site, path)
            if path == "" or path.endswith("/"):
                target = os.path.join(target, "index.html")
                path = os.path.join(path, "index.html")
            if not os.path.isfile(target):
                failures.append(f"{rel}: a link to {path}, which is not there")
            elif u.fragment and path in ids and urllib.parse.unquote(u.fragment) not in ids[path]:
                failures.append(f"{rel}: a link to {path}#{u.fragment}, an anchor that page does not have")
        for phrase, expected in searches:
            url = base + "index.html?q=" + urllib.parse.quote(phrase)
            load(page, url)
            found = []
            for _ in range(200):
                found = page.evaluate("[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)")
                if found:
                    break
                time.sleep(0.1)
            hits = [urllib.parse.urlparse(f) for f in found]
            page_path, anchor = expected.split("#")
            if not any(h.path.lstrip("/") == page_path and h.fragment == anchor for h in hits):
                failures.append(f"search for \"{phrase}\": no result {expected} among {found[:8]}")
        page.s.close()
    finally:
        browser.terminate()
        browser.wait(timeout=30)
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    failures += [f"the site has no {path}, which a page asked for" for path in sorted(set(missing))]
    for f in failures:
        print(f)
    print(f"{len(pages)} pages loaded in Chromium, {len(links)} links followed, {len(searches)} searches: "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
