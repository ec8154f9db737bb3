"""A document tree with every kind of block, for renderer tests (no facts, no templates)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from briefkit import doc as d

LONG = ("徐汇区产业结构丰富和均衡，综合经济实力领先，区级财政收入达到较高水平；"
        "跨国公司地区总部及研发中心集聚，居上海中心城区前列。“模速空间”是全国首个大模型专业孵化和加速载体，"
        "（含上下游企业）汇聚了大量企业；人工智能、生命健康、文化创意、现代金融四大产业集群协同发展！"
        "这里有“上下楼就是上下游”的产业生态？答案是肯定的：企业、人才、资本在此汇聚。")


def png(path: Path, w: int = 120, h: int = 72) -> Path:
    """Write a small solid-colour PNG (no imaging library needed) and return its path."""
    raw = b"".join(b"\x00" + bytes([31, 78, 121]) * w for _ in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def sample_document(tmp: Path) -> d.Document:
    """Return a Document that uses every block type, with text that tests line breaking."""
    img = png(tmp / "fig1.png")
    blocks: list = [
        d.TableOfContents(),
        d.PageBreak(),  # as compose writes it: contents on a page of their own
        d.Heading(1, "一、区域综合实力", "ch1"),
        d.Paragraph([d.Text("徐汇区是上海的首善之区。"), d.Text("区级财政收入"), d.Text("250亿元", bold=True),
                     d.Citation(1), d.Text("。" + LONG)], "lead"),
        d.KeyFigures([d.KeyFigure("250亿元", "区级财政收入", 1), d.KeyFigure("157家", "跨国公司地区总部及研发中心", 1),
                      d.KeyFigure("近300家", "大模型上下游企业", 2), d.KeyFigure("74.45%", "滨江楼宇去化率", 3)],
                     "关键数据"),
        d.Heading(2, "1.1 经济基础", "s1-1"),
        d.Paragraph([d.Text(LONG * 3), d.Citation(2)]),
        d.BulletList([[d.Text("人工智能：模速空间"), d.Citation(2)], [d.Text("生命健康：" + LONG[:60])],
                      [d.Text("文化创意 <b>不是标签</b> & “引号” 'single'")]]),
        d.Heading(3, "1.1.1 细分说明", "s1-1-1"),
        d.Quote([d.Text("“上下楼就是上下游，产业园就是产业链”")]),
        d.Figure(str(img), "徐汇区大模型企业数量变化", 1, alt="柱状图", width=0.8, aspect=0.6,
                 source=[d.Text("资料来源：澎湃新闻，2024年3月"), d.Citation(2)]),
        d.Table(["功能区", "载体", "规模"],
                [[[d.Text("大徐家汇")], [d.Text("ITC")], [d.Text("约90万平方米"), d.Citation(2)]],
                 [[d.Text("华泾门户")], [d.Text("北杨人工智能小镇、华之门项目（" + LONG[:40] + "）")],
                  [d.Text("100万平方米")]]] * 8,
                caption="五大功能区重点载体", number=1, align=["l", "l", "r"], widths=[1, 3, 1.2],
                source=[d.Text("资料来源：澎湃新闻"), d.Citation(2)]),
        d.PageBreak(),  # as compose writes it for chapter_break: page
        d.Heading(1, "二、资料与联系", "ch2"),
        d.Paragraph([d.Text("更多信息请见"), d.Link("徐汇区政府网站", "https://www.xuhui.gov.cn"), d.Text("。")],
                    "note"),
        d.SourceList([d.SourceEntry(1, "澎湃新闻：《凭何央企争先投资？》，2024-03-29", "src-1"),
                      d.SourceEntry(2, "上海经信委：《全国首个新型工业化推进办公室在上海徐汇设立》，2024-09-26", "src-2"),
                      d.SourceEntry(3, "市国资委：《从“垂直硅谷”到大模型生态社区》，2024-04-22", "src-3")]),
    ]
    return d.Document(
        meta=d.Meta(title="徐汇区投资推介手册", author="徐汇区投资促进办公室", subject="央企版",
                    keywords=["徐汇", "投资"], created="2024-03-29T00:00:00+08:00",
                    header="徐汇区投资推介手册 · 央企版", footer="徐汇区投资促进办公室"),
        cover=d.Cover(title="徐汇区投资推介手册", subtitle="携手徐汇 共赢未来", audience="央企版",
                      organiser="上海市徐汇区投资促进办公室", date="2024年3月", data_as_of="数据截至2025年",
                      contact=["电话：021-0000 0000"]),
        blocks=blocks,
    )
