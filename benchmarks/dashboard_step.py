"""Dashboard speed: Step click -> page updated, in headless Chromium, at 2,000 users.

Starts the dashboard server on a free 127.0.0.1 port, opens the page in Debian's chromium
(Playwright), then clicks Step many times. Each sample is the time from the click to the
moment both the day display and the trust chart have changed (measured in the page with
performance.now(), so it covers the round trip: the message to the server, the model step,
the redraw and the page update). Prints every sample and the median; the target is 250 ms.

    .venv/bin/python benchmarks/dashboard_step.py [--steps 40] [--users 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trustsim.viz import serve  # noqa: E402

TARGET_MS = 250.0
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

MEASURE = """() => new Promise((resolve, reject) => {
  const day = document.querySelector('#ts-day');
  const chart = () => document.querySelector('#ts-trust-chart');
  const before = day.textContent, chartBefore = chart().outerHTML;
  const step = Array.from(document.querySelectorAll('button'))
      .find(b => b.textContent.trim().toLowerCase() === 'step');
  const t0 = performance.now();
  step.click();
  const poll = () => {
    const d = document.querySelector('#ts-day'), c = chart();
    if (d && c && d.textContent !== before && c.outerHTML !== chartBefore) {
      resolve(performance.now() - t0);
    } else if (performance.now() - t0 > 10000) {
      reject(new Error('the page did not update within 10 s'));
    } else {
      requestAnimationFrame(poll);
    }
  };
  poll();
})"""


def set_users(page, users: int) -> None:
    """Set the Users slider with the keyboard and press Reset (when not the default)."""
    label = page.get_by_text("Users:", exact=False).first
    current = int(label.inner_text().split(":")[1].replace(",", ""))
    if current == users:
        return
    thumb = page.locator(".v-slider__thumb-container").nth(2)
    thumb.focus()
    key, n = ("ArrowRight", (users - current) // 100) if users > current else (
        "ArrowLeft", (current - users) // 100)
    for _ in range(n):
        page.keyboard.press(key)
    page.get_by_role("button", name="Reset").click()
    time.sleep(1.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=40, help="Step clicks to time")
    ap.add_argument("--users", type=int, default=2000, help="users in the model")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = serve.free_port()
    proc = serve.start(port, log=__import__("subprocess").DEVNULL)
    outside: list[str] = []
    try:
        serve.wait_ready(f"http://127.0.0.1:{port}/", 90, proc)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1200})

            def route(r):
                if urlparse(r.request.url).hostname != "127.0.0.1":
                    outside.append(r.request.url)
                    r.abort()
                else:
                    r.continue_()

            page.route("**/*", route)
            page.goto(f"http://127.0.0.1:{port}/", timeout=60000)
            page.wait_for_selector("#ts-trust-chart", timeout=60000)
            set_users(page, args.users)
            users = page.get_by_text("users still in the sector").first.inner_text()
            for _ in range(3):  # warm up
                page.evaluate(MEASURE)
            samples = [page.evaluate(MEASURE) for _ in range(args.steps)]
            browser.close()
    finally:
        serve.stop(proc)
    med = statistics.median(samples)
    print("samples (ms):", " ".join(f"{s:.0f}" for s in samples))
    print(f"model: {users.splitlines()[-1] if users else '?'} users")
    print(f"step -> page updated, median of {len(samples)}: {med:.0f} ms "
          f"(p90 {sorted(samples)[int(0.9 * (len(samples) - 1))]:.0f} ms; target "
          f"{TARGET_MS:.0f} ms) {'OK' if med <= TARGET_MS else 'SLOW'}")
    if outside:
        print(f"requests beyond 127.0.0.1 (blocked): {outside}")
    return 0 if med <= TARGET_MS and not outside else 1


if __name__ == "__main__":
    sys.exit(main())
