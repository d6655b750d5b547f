"""The YAML mistakes clerks make, recognised in the source text and explained in Chinese.

libyaml reports problems in English, and often a line late: a key typed with a Chinese colon
is only noticed on the next line. `explain` looks at the lines around the reported place for
the mistakes people actually make (a Chinese colon or space after a key, a value that starts
with `[` or `*`, a comment that cut a value inside `{…}`) and says what was typed, what to
type instead, and on which line. Every other parser problem gets a Chinese explanation, and
anything unforeseen a generic Chinese one: no English ever reaches a clerk.

The same module words the problems YAML does *not* raise but that would publish something
other than what was typed: ` #` taken as a comment inside a text, a comma that split a value
inside `{…}`, and a key written twice.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import yaml

_KEY = r"^(?P<indent>[ \t]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_FULLWIDTH_COLON = re.compile(_KEY + r"[ \t]*：[ \t\u3000]*(?P<value>.*)$")
_ODD_SPACE = "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_ODD_SPACE_AFTER = re.compile(_KEY + r"[ \t]*:(?P<space>[" + _ODD_SPACE + r"]+)(?P<value>.*)$")
_NO_SPACE_AFTER = re.compile(_KEY + r":(?P<value>[^\s/:].*)$")
_KEY_VALUE = re.compile(_KEY + r"[ \t]*:[ \t]+(?P<value>\S.*)$")
_TRAILING_COMMENT = re.compile(r"[ \t]+#[ \t].*$")

# what a value's first character means to YAML, for "值以「x」开头，YAML 会把它当成…"
_STARTS = {
    "[": "列表",
    "{": "一组字段",
    "]": "列表的结尾",
    "}": "一组字段的结尾",
    "-": "列表的一项",
    "*": "引用（别名）",
    "&": "锚点",
    "!": "类型标记",
    "|": "多行文字的标记",
    ">": "多行文字的标记",
    "%": "指令",
    "@": "保留符号",
    "`": "保留符号",
    "?": "复杂字段名的标记",
    ",": "分隔符",
}

# (text in PyYAML's or libyaml's problem, Chinese explanation); first match wins
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("found character '\\t' that cannot start any token", "用了制表符（Tab）缩进，请改用空格"),
    ("tab character", "用了制表符（Tab）缩进，请改用空格"),
    ("cannot start any token",
     "这一行有 YAML 不允许放在值开头的字符（如 @ 或 `）；请给整个值加上引号"),
    ("mapping values are not allowed", "这里不能出现冒号；如果值里有英文冒号「:」，请给整个值加上引号"),
    ("mapping keys are not allowed", "这里不能出现「?」；如果值以问号开头，请给整个值加上引号"),
    ("could not find expected ':'",
     "这一行不是「字段: 值」的写法：缺少英文冒号「:」，或冒号后面缺少空格，例如 title: 停水通知"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合，或列表各项之间缺少英文逗号「,」"),
    ("expected ',' or '}'", "花括号 { } 没有闭合，或各项之间缺少英文逗号「,」"),
    ("did not find expected key",
     "这一行和上面的字段没有对齐，或者值的写法 YAML 无法识别：同一级的字段要从同一列开始；"
     "值里有 [ ] { } # : 等符号时，请给整个值加上引号"),
    ("expected <block end>", "缩进不对齐：同一级的字段要从同一列开始"),
    ("did not find expected '-' indicator", "缩进不对齐：列表各项（- 开头）要从同一列开始"),
    ("block sequence entries are not allowed",
     "这里不能以「- 」开头：列表的每一项要另起一行，写在字段下面并缩进；"
     "如果值本身以「-」开头，请给整个值加上引号"),
    ("undefined alias", "以「*」开头的值会被 YAML 当成引用（别名）；请给整个值加上引号"),
    ("while scanning an alias", "以「*」开头的值会被 YAML 当成引用（别名）；请给整个值加上引号"),
    ("duplicate anchor", "以「&」开头的值会被 YAML 当成锚点；请给整个值加上引号"),
    ("while scanning an anchor", "以「&」开头的值会被 YAML 当成锚点；请给整个值加上引号"),
    ("expected alphabetic or numeric character",
     "「&」和「*」放在值的开头时有特殊含义；请给整个值加上引号"),
    ("unknown escape character", "双引号里的反斜杠 \\ 用法不对；请改用单引号，或去掉反斜杠"),
    ("hexdecimal number", "双引号里的 \\x、\\u 写法不对；请改用单引号，或去掉反斜杠"),
    ("hexadecimal number", "双引号里的 \\x、\\u 写法不对；请改用单引号，或去掉反斜杠"),
    ("Unicode character escape", "双引号里的 \\u 写法不对；请改用单引号，或去掉反斜杠"),
    ("comment or a line break", "「|」或「>」表示多行文字，后面要换行再写内容；如果值本身以它们开头，请给整个值加上引号"),
    ("comment or line break", "「|」或「>」表示多行文字，后面要换行再写内容；如果值本身以它们开头，请给整个值加上引号"),
    ("indentation indicator", "「|」或「>」后面只能跟 1 到 9 的数字；如果值本身以它们开头，请给整个值加上引号"),
    ("chomping or indentation", "「|」或「>」后面的写法不对；如果值本身以它们开头，请给整个值加上引号"),
    ("constructor for the tag", "以「!」开头的值会被 YAML 当成类型标记；请给整个值加上引号"),
    ("non-specific tag", "以「!」开头的值会被 YAML 当成类型标记；请给整个值加上引号"),
    ("tag", "以「!」开头的值会被 YAML 当成类型标记；请给整个值加上引号"),
    ("expected whitespace", "以「!」开头的值会被 YAML 当成类型标记；请给整个值加上引号"),
    ("URI", "以「!」开头的值会被 YAML 当成类型标记；请给整个值加上引号"),
    ("expected '!'", "以「!」开头的值会被 YAML 当成类型标记；请给整个值加上引号"),
    ("expected '>'", "以「!」开头的值会被 YAML 当成类型标记；请给整个值加上引号"),
    ("directive", "以「%」开头的行是 YAML 的指令；如果是内容，请给整个值加上引号"),
    ("version number", "以「%」开头的行是 YAML 的指令；如果是内容，请给整个值加上引号"),
    ("incompatible YAML document", "以「%」开头的行是 YAML 的指令；如果是内容，请给整个值加上引号"),
    ("non-alphabetical character", "以「%」开头的行是 YAML 的指令；如果是内容，请给整个值加上引号"),
    ("digit or '.'", "以「%」开头的行是 YAML 的指令；如果是内容，请给整个值加上引号"),
    ("expected a digit", "以「%」开头的行是 YAML 的指令；如果是内容，请给整个值加上引号"),
    ("document indicator", "引号里的值中间出现了单独一行 --- 或 ...；请检查引号是否闭合"),
    ("document separator", "引号里的值中间出现了单独一行 --- 或 ...；请检查引号是否闭合"),
    ("unexpected end of stream", "引号没有闭合：以引号开头的值，结尾也要有同样的引号"),
    ("document start", "信息区里只能有一组「字段: 值」；请检查是否多写了 --- 或多出了内容"),
    ("single document", "信息区里只能有一组「字段: 值」；请检查是否多写了 --- 或多出了内容"),
    ("STREAM-END", "信息区里只能有一组「字段: 值」；请检查是否多写了 --- 或多出了内容"),
    ("DOCUMENT-", "信息区里只能有一组「字段: 值」；请检查是否多写了 --- 或多出了内容"),
    ("another document", "信息区里只能有一组「字段: 值」；请检查是否多写了 --- 或多出了内容"),
    ("stream-start", "信息区里只能有一组「字段: 值」；请检查是否多写了 --- 或多出了内容"),
    ("SCALAR, SEQUENCE-START", "这里缺少值，或值以 YAML 的特殊符号开头；请给整个值加上引号"),
    ("invalid Unicode character", "含有不能识别的字符，请删除或用 UTF-8 编码重新保存"),
    ("node content", "这里缺少值，或值以 YAML 的特殊符号开头；请给整个值加上引号"),
    ("found unexpected ':'", "这里的冒号 YAML 无法识别；如果值里有英文冒号「:」，请给整个值加上引号"),
    ("unhashable key", "字段名不能是列表或 { }；请检查这一行的写法"),
    ("for merging", "不支持「<<」合并写法；请把字段逐个写出来"),
    ("expected a mapping", "不支持「<<」合并写法；请把字段逐个写出来"),
    ("recursive", "引用（& 和 *）不能引用自己；请把内容直接写出来"),
    ("control characters", "含有不能使用的控制字符，请删除"),
    ("UTF-8", "含有不能识别的字符，请用 UTF-8 编码重新保存"),
    ("unacceptable character", "含有不能使用的控制字符，请删除"),
    ("special characters", "含有不能使用的控制字符，请删除"),
    ("surrogate", "含有不能识别的字符，请删除"),
    ("too long", "信息区太长了；长内容请写在正文里"),
)
GENERIC = ("这一行的写法 YAML 无法识别：请检查冒号后面是否有空格、同一级的字段是否对齐；"
           "值里有 : # [ ] { } , & * ! | > ' \" % @ ` 等符号时，请给整个值加上引号")


def problem_text(problem: str) -> str:
    """A Chinese explanation of one of PyYAML's or libyaml's problem texts."""
    for needle, message in _PROBLEMS:
        if needle in problem:
            return message
    return GENERIC


def explain(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """(0-based line, Chinese message) for a YAML error in `text`."""
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    lines = text.splitlines()
    line = mark.line if mark is not None else (context_mark.line if context_mark is not None else 0)
    context_line = context_mark.line if context_mark is not None else line
    if mark is not None and ("cannot start any token" in problem or "tab character" in problem):
        here = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in here[: mark.column + 1]:
            return line, "用了制表符（Tab）缩进，请改用空格"
    first = max(0, min(context_line, line - 2))
    for index in range(min(line, len(lines) - 1), first - 1, -1):
        found = diagnose_line(lines[index])
        if found:
            return index, found
    if "expected ':'" in problem or "quoted scalar" in context or "flow" in context:
        line = context_line  # the key without a colon, the opening quote or bracket
    if "mapping values are not allowed" in problem and line < len(lines):
        # `community 绿苑` followed by another key is read as one two-line text that stops at
        # the next line's colon: the mistake is the line above, which has no colon at all
        here = lines[line]
        before = [n for n in range(line) if lines[n].strip() and not lines[n].lstrip().startswith("#")]
        if before:
            prev = lines[before[-1]]
            if ":" not in prev.split(" #")[0] and _indent_of(prev) == _indent_of(here) \
                    and not prev.lstrip().startswith("- "):
                return before[-1], ("这一行缺少冒号：字段应写成「名称: 值」（英文冒号「:」，后面空一格），"
                                    f"例如 {_suggest_colon(prev)}")
    if "mapping values are not allowed" in problem and line < len(lines) and _KEY_VALUE.match(lines[line]):
        above = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].strip()), "")
        if above and _indent_of(lines[line]) != _indent_of(above) and not above.rstrip().endswith(":"):
            key = _KEY_VALUE.match(lines[line])["key"]  # type: ignore[index]
            return line, (f"「{key}」这一行的缩进和上一行不一致：同一级的字段要从同一列开始，"
                          "请删掉行首多出来的空格")
    return line, problem_text(problem)


def diagnose_line(line: str) -> str | None:
    """What is wrong with this line of front matter, if it is one of the usual mistakes."""
    match = _FULLWIDTH_COLON.match(line)
    if match and ":" not in line[: match.end("key") + 2]:
        key, value = match["key"], match["value"].strip()
        return (f"「{key}」后面是中文冒号「：」；把中文冒号「：」改成英文冒号「:」，"
                f"冒号后面加一个空格，写成 {key}: {value}")
    match = _ODD_SPACE_AFTER.match(line)
    if match:
        key, value = match["key"], match["value"].strip()
        return (f"「{key}:」后面是全角空格「　」（中文输入法的空格），YAML 不认识；"
                f"请把它改成英文输入法的空格，写成 {key}: {value}")
    match = _NO_SPACE_AFTER.match(line)
    if match and not _single_line_ok(line):
        key, value = match["key"], match["value"].strip()
        return f"「{key}:」后面缺少空格；英文冒号后面要加一个空格，写成 {key}: {value}"
    flow = _flow_comment(line)
    if flow:
        return flow
    match = _KEY_VALUE.match(line)
    if match and match["value"][0] in _STARTS or (match and match["value"][0] in "\"'"):
        if _single_line_ok(line):
            return None
        key, value = match["key"], _TRAILING_COMMENT.sub("", match["value"]).strip()
        first = value[0]
        if first in "\"'":
            return (f"引号只包住了「{key}」的值的一部分，或者没有闭合：要么整个值都放在引号里，"
                    f"要么不用引号；可以写成 {key}: {quote(value)}")
        return (f"「{key}」的值以「{first}」开头，YAML 会把它当成{_STARTS[first]}；"
                f"请给整个值加上引号，写成 {key}: {quote(value)}")
    if match and re.search(r":[ \t]", match["value"]) and not _single_line_ok(line):
        key, value = match["key"], _TRAILING_COMMENT.sub("", match["value"]).strip()
        return (f"「{key}」的值里有英文冒号加空格「: 」，YAML 会把它当成又一个字段；"
                f"请给整个值加上引号，写成 {key}: {quote(value)}，或改用中文冒号「：」")
    return None


def _suggest_colon(line: str) -> str:
    """`title 停水通知` → `title: 停水通知`."""
    match = re.match(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]+(.*)$", line)
    return f"{match[1]}: {match[2].strip()}" if match else "title: 停水通知"


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _single_line_ok(line: str) -> bool:
    """Whether this line parses on its own (a complete `key: [a, b]` is fine; `[紧急] 停水` is not)."""
    stripped = re.sub(r"^[ \t]*(?:-[ \t]+)?", "", line)
    try:
        yaml.load(stripped, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
    except yaml.YAMLError:
        return False
    return True


_FLOW_PIECE = re.compile(r"[ \t]*(?:(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*)?(?P<value>[^,{}\[\]]*?[ \t]#[^,{}\[\]]*)")


def _flow_comment(line: str) -> str | None:
    """`- {name: 张三, reason: 3 #楼}`: the comment swallowed the closing brace."""
    opening = re.search(r"[\[{]", line)
    if not opening or not re.search(r"[ \t]#", line[opening.end():]):
        return None
    inside = line[opening.end():]
    piece = _FLOW_PIECE.search(inside)
    if piece is None:
        return None
    value = piece["value"].strip().rstrip("]}").strip()
    key = piece["key"]
    shown = f"{key}: {quote(value)}" if key else quote(value)
    return (f"括号里的「{value}」中，「#」前面有空格，YAML 把「#」和后面的内容当成了说明，括号也就没有闭合；"
            f"请给含 # 的值加上引号，写成 {shown}")


def quote(value: str) -> str:
    """`value` as a YAML quoted scalar a clerk can copy."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


# --- problems YAML does not raise ----------------------------------------------------------------

_CONTINUATION = re.compile(r"^[0-9０-９]|^[号楼栋幢单元室层座期区]")


def cut_comment(key: str, value: str, rest: str, *, list_entry: bool = False) -> str | None:
    """The message when the comment after a plain text value looks like the value's continuation.

    `rest` is what follows the value on its line (spaces, `#`, comment). Comments as the
    archetypes write them (`title: 停水通知    # * 标题`, `# 说明` after one space) are fine;
    a `#` with text right after it (`关于7栋 #2单元…`, `5 #楼`) is the value cut short, and
    so is one space, `# `, then a number or 号/楼/栋… after Chinese text (`7栋 # 2单元`).
    """
    match = re.match(r"^(?P<space>[ \t]+)#(?P<comment>.*)$", rest)
    if match is None:
        return None
    comment = match["comment"]
    glued = comment[:1] not in ("", " ", "\t", "#")
    spaced = (match["space"] == " " and comment.startswith(" ")
              and bool(_CONTINUATION.match(comment[1:])) and not value.isascii())
    if not (glued or spaced):
        return None
    whole = f"{value}{match['space']}#{comment}".rstrip()
    cut = "#" + comment.rstrip()
    written = f"- {quote(whole)}" if list_entry else f"{key}: {quote(whole)}"
    if_comment = "请在 # 后面加一个空格" if glued else "请把说明单独写在上一行（以 # 开头）"
    return (f"「{key}」写的是「{whole}」，但「#」前面有空格，YAML 把「{cut}」当成了说明，"
            f"只留下了「{value}」。如果 # 是内容的一部分，请给整个值加上引号，写成 {written}；"
            f"如果 # 后面确实是说明，{if_comment}")


def split_by_comma(prev_key: str, prev_value: str, piece: str, joined: str) -> str:
    """The message when a comma inside `{…}` split one value into a second, key-only field.

    `joined` is the source text from the first half's start to the second half's end.
    """
    number = re.sub(r"[¥￥,，\s元]", "", joined)
    try:
        Decimal(number)
        is_amount = bool(number) and re.fullmatch(r"[0-9.]+", number) is not None
    except InvalidOperation:
        is_amount = False
    if is_amount:
        return (f"金额「{joined}」里的逗号在 {{ }} 中用来分隔字段，把它分成了「{prev_value}」和「{piece}」两半；"
                f"金额不用写千位分隔符和 ¥，写成 {prev_key}: {number}")
    return (f"「{prev_key}: {joined}」里的逗号在 {{ }} 中用来分隔字段，「{piece}」被当成了一个新字段；"
            f"请给含逗号的值加上引号，写成 {prev_key}: {quote(joined)}，或改用中文逗号「，」")


def duplicate_key(key: str, first_line: int) -> str:
    return (f"字段「{key}」写了两次（第 {first_line} 行已经写过），后面的会悄悄替换前面的；"
            "请删掉其中一个，或把两处合并成一个")
