"""The report in a real browser (headless Chromium via Playwright), English and Chinese.

The page is opened from disk with every request beyond the file itself aborted and
recorded; the decision page must be the first thing a reader sees, with one section per
scenario naming the recommended strategy, its cost in CNY and its effect with its
interval. Screenshots go to tests/artifacts/ (report_decision_en.png, _zh.png).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import trustsim
from trustsim.experiments.amounts import money
from trustsim.experiments.decision import decide
from trustsim.textfmt import fixed

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is missing (make test installs Debian's chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is missing (make test installs the "
    "viz extra)")


@pytest.fixture(scope="module")
def pages(smoke_reports):
    """The smoke sweep's reports in English and Chinese, and the comparison they show
    (conftest's ``smoke_reports``: compare with n_boot=300, then ``trustsim.report``)."""
    return smoke_reports


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_decision_page_in_chromium(pages, lang: str) -> None:
    paths, table = pages
    path = paths[lang]
    outside: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1600})
            page.route("**/*", route)
            page.goto(path.as_uri())
            heads = page.locator("h2").all_inner_texts()
            sections = page.locator("section.decision")
            assert sections.count() == 2
            first = sections.first
            # the decision page is on the first screen, before the summary: the answers at
            # a glance high on it, the first scenario's section within it
            answers = page.locator("#answers").bounding_box()
            assert answers["y"] < 700 and answers["y"] < first.bounding_box()["y"] < 1600
            assert first.bounding_box()["y"] < page.locator("h2").nth(1).bounding_box()["y"]
            texts = [" ".join(sections.nth(k).inner_text().split()) for k in range(2)]
            page.screenshot(path=str(ARTIFACTS / f"report_decision_{lang}.png"))
            page.locator("section.decision").nth(1).screenshot(
                path=str(ARTIFACTS / f"report_decision_{lang}_2.png"))
            # every image decoded (none broken): figures are embedded
            broken = page.evaluate("[...document.images].filter(i => !i.naturalWidth)"
                                   ".length")
        finally:
            browser.close()
    assert outside == [] and broken == 0
    if lang == "en":
        assert heads[0] == "Decision page: what to do in each scenario"
    else:
        assert heads[0] == "决策页：各情景应对建议"
    for dec, text in zip(decide(table), texts, strict=True):
        r = dec.recommended
        if r is None:
            assert ("No strategy is clearly better" if lang == "en" else "没有策略") in text
            continue
        name = trustsim.i18n.strategy(r.strategy, lang)
        assert (f"Recommended: {name}." if lang == "en" else f"推荐：{name}。") in text
        free = not (r.cost_median or r.cost_p10 or r.cost_p90)  # "costs nothing"
        assert (f"{name}{' costs nothing,' if lang == 'en' else '的成本为零'}" if free
                else money(r.cost_median, lang)) in text
        # (at the outcome's one precision, as its tables)
        _, lo, hi = fixed(r.diff_median, r.ci_low, r.ci_high,
                          decimals=trustsim.outcomes.places(r.outcome, lang))
        assert f"{lo} {'to' if lang == 'en' else '至'} {hi}" in text
