"""Short labels (chart axes, legends) wrapped by character count, under the same 禁则 table."""

from __future__ import annotations

from .kinsoku import NO_END, NO_START


def wrap_label(label: str, width: int) -> str:
    """Return `label` broken into balanced lines of at most `width` characters, joined by "\\n".

    A line never starts with a NO_START character or ends with a NO_END one, nor breaks inside a
    number; a label with a
    bracketed part after its name breaks before the bracket (人工智能产业总产出 / （2025年）).
    """
    if len(label) <= width:
        return label
    if "（" in label and label.index("（") > 0:
        i = label.index("（")
        return wrap_label(label[:i], width) + "\n" + wrap_label(label[i:], width)
    n_lines = -(-len(label) // width)
    target = -(-len(label) // n_lines)  # equal lengths: 宛南六村物业费 / 调整的居民同意率
    lines, rest = [], label
    while len(rest) > target:
        cut = target
        while cut > 1 and (rest[cut] in NO_START or rest[cut - 1] in NO_END
                           or rest[cut - 1].isdigit() and rest[cut].isdigit()):  # 2025年 / 10—12月
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return "\n".join(lines)
