"""Write the encoded and binary files of the hostile-input corpus (run from this folder).

The text cases are plain files in this folder; the ones below are bytes that an editor
would not show faithfully, so they are made here: ``python make_corpus.py``. The results
folder ``format1_results/`` was written by trustsim before issue 14 and is kept as it is.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHINESE = """name: 平台挤兑
description: 网贷平台爆雷后的挤兑与信任重建（中文场景文件）
params: {n_users: 150, steps: 30}
platforms:
  - {name: 稳健理财, reserve_ratio: 0.3}
  - {name: 高息网贷, reserve_ratio: 0.05, risk_management: 0.3}
crises:
  - {type: liquidity_rumour, time: 10, target: 高息网贷, severity: 0.8}
"""

LATIN = """name: zurich
description: Crédit café à Zürich, façade of a bank
params: {n_users: 150, steps: 30}
"""


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def main() -> None:
    write("gbk_declared.yaml", b"# -*- coding: gbk -*-\n" + CHINESE.encode("gbk"))
    write("gb18030_detected.yaml", CHINESE.encode("gb18030"))
    write("latin1.yaml", LATIN.encode("latin-1"))
    write("latin1_declared.yaml", b"# encoding: latin-1\n" + LATIN.encode("latin-1"))
    write("utf8_bom.yaml", codecs.BOM_UTF8 + CHINESE.encode("utf-8"))
    write("utf16_bom.yaml", CHINESE.encode("utf-16"))  # with its byte-order mark
    write("utf16_no_bom.yaml", CHINESE.encode("utf-16-le"))
    write("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write("unknown_declared.yaml", b"# coding: klingon\n" + LATIN.encode("ascii", "replace"))
    write("gbk_declared_wrong.yaml", b"# -*- coding: gbk -*-\n" + "name: \u20ac\u00ff\n"
          .encode("utf-16-le"))
    write("gbk_declared_utf8.yaml", b"# -*- coding: gbk -*-\n" + CHINESE.encode("utf-8"))
    base = HERE / "format1_results"
    summary = next((base / "summaries").glob("*.parquet")).read_bytes()
    write("truncated.parquet", summary[: len(summary) // 2])
    write("empty.parquet", b"")
    manifest = (base / "manifest.json").read_bytes()
    write("manifest_torn.json", manifest[: len(manifest) // 3])
    write("manifest_not_a_mapping.json", b"[1, 2, 3]\n")
    write("manifest_lacking_keys.json", b'{"name": "x", "format": 2}\n')


if __name__ == "__main__":
    main()
