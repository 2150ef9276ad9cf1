"""The HTML report: one self-contained file (no network), with the summary sentences, the
tables whose numbers match the comparison, every figure embedded, and provenance."""

from __future__ import annotations

import base64
from html.parser import HTMLParser
from pathlib import Path

import pytest

import trustsim
from trustsim import cli
from trustsim.experiments.compare import _num, findings

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Collector(HTMLParser):
    """Collects tags, the src/href attributes and the text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.imgs: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href") and v:
                self.refs.append(v)
                if tag == "img":
                    self.imgs.append(v)

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> tuple[str, Collector]:
    text = path.read_text(encoding="utf-8")
    page = Collector()
    page.feed(text)
    page.close()
    return text, page


def test_report_is_self_contained_and_matches_the_table(smoke: Path, tmp_path: Path) -> None:
    res = trustsim.load_results(smoke)
    table = trustsim.compare(res, n_boot=300)
    path = trustsim.report(res, tmp_path / "report.html", table)
    text, page = parse(path)
    assert page.tags[0] == "html" and "body" in page.tags
    # nothing fetched from anywhere: every src/href is embedded data or a local anchor
    assert not [r for r in page.refs if r.startswith(("http://", "https://", "//"))]
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert all(r.startswith("data:image/png;base64,") for r in page.imgs)
    for src in page.imgs:
        assert base64.b64decode(src.split(",", 1)[1])[:8] == PNG_MAGIC
    assert len(page.imgs) >= 7  # envelopes + forest and heat map of 3 headline outcomes
    body = " ".join("".join(page.text).split())
    for sentence in findings(table):
        assert sentence in body
    # the table's numbers appear as printed in the tables
    r = table[(table.scenario == "data_leak") & (table.outcome == "final_trust")
              & ~table.is_baseline].iloc[0]
    assert f"{_num(r.ci_low)} to {_num(r.ci_high)}" in body
    assert f"{r.n_better} of {r.n_pairs}" in body
    # experiment file, method notes, provenance
    assert "name: smoke" in body and "Paired design" in body and "Bootstrap" in body
    assert trustsim.__version__ in body and str(res.manifest["seed"]) in body
    assert str(res.runs["seed"].iloc[0]) in body
    prov_git = res.manifest["provenance"].get("git")
    if prov_git:
        assert prov_git in body


def test_cli_report_and_compare_report(smoke: Path, tmp_path: Path, capsys) -> None:
    assert cli.main(["report", str(smoke), "--n-boot", "100"]) == 0
    assert (smoke / "report.html").exists()
    assert "wrote" in capsys.readouterr().out
    out = tmp_path / "mine.html"
    assert cli.main(["report", str(smoke), "--out", str(out), "--baseline",
                     "timely_truthful_disclosure", "--n-boot", "100", "--quiet"]) == 0
    text, page = parse(out)
    assert "baseline <b>timely_truthful_disclosure</b>" in text
    assert cli.main(["report", str(tmp_path / "nothing")]) == 2
    assert "error:" in capsys.readouterr().err


def test_help_has_examples(capsys) -> None:
    for command in ("compare", "report"):
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        assert f"examples:\n  trustsim {command} results/" in capsys.readouterr().out
