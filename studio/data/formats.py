"""Read uploaded files (JSONL/JSON/CSV/TSV/XLSX/Parquet/TXT) and turn known layouts into ms-swift rows.

Reading and converting are two steps: `read_file` gives a `RawFile` (records with their line numbers,
or the decoded text of a .txt), `convert` recognises the layout of the records and returns rows of
one kind (sft / pairs / kto). Chat-app exports are handled by studio.data.chats on the same RawFile.
Every problem is a UserError naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from studio.core.i18n import Text, UserError
from studio.data.rows import KINDS, Row, row_kind, where
from studio.data.scrub import scrub_text

MB = 1024 * 1024


def _env_mb(name: str, default_mb: float) -> int:
    """A size limit in MB from the environment (e.g. QIXI_MAX_FILE_MB=50), else the default."""
    try:
        mb = float(os.environ.get(name, ""))
    except ValueError:
        mb = 0
    return int((mb if mb > 0 else default_mb) * MB)


@dataclass(frozen=True)
class Limits:
    # one uploaded file; QIXI_MAX_FILE_MB lowers or raises it for the UI and the CLI alike
    max_file_bytes: int = field(default_factory=lambda: _env_mb("QIXI_MAX_FILE_MB", 200))
    max_line_bytes: int = 1 * MB  # one line of a text file / one record of a JSON array
    max_rows: int = 1_000_000  # records in one file

    def __post_init__(self):
        for f in fields(self):
            if getattr(self, f.name) <= 0:
                raise ValueError(f"{f.name} must be positive")


@dataclass
class RawFile:
    path: Path
    fmt: str  # jsonl json csv tsv xlsx parquet txt
    encoding: str | None = None  # text formats only
    records: list[tuple[int, Any]] = field(default_factory=list)  # (line, record)
    text: str | None = None  # .txt files: the decoded text
    top: Any = None  # .json whose top level is an object (Telegram export ...)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def columns(self) -> list[str]:
        cols: dict[str, None] = {}
        for _, rec in self.records[:50]:
            if isinstance(rec, dict):
                cols.update(dict.fromkeys(rec))
        return list(cols)


def _err(file: str, line: int | None, zh: str, en: str) -> UserError:
    w = where(file, line)
    return UserError(f"{w.zh}：{zh}", f"{w.en}: {en}")


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB // 10 else f"{n / 1024:.0f} KB"


# ---------------------------------------------------------------------------------------------
# Bytes -> text

_CHINESE = ("gb18030", "gbk", "gb2312", "hz")


def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """(text, encoding). UTF-8 (with or without BOM), UTF-16/32, GB18030/GBK and what charset-normalizer
    recognises; binary data is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig", file), "utf-8-sig"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _strict(data, "utf-32", file), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", file), "utf-16"
    sample = data[:65536]
    if b"\x00" in sample:  # text never holds NUL bytes: UTF-16 without a BOM, or binary
        enc = _utf16_without_bom(sample)
        if enc is None:
            raise _binary(file)
        return _strict(data, enc, file), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    guesses = [m.encoding.lower().replace("-", "_") for m in from_bytes(sample)]
    if not guesses:
        raise _binary(file)
    # Short Chinese texts are often guessed as big5/cp949 first; Chinese users mean GB18030.
    enc = next((g for g in guesses if g in _CHINESE), guesses[0])
    if enc in _CHINESE:
        enc = "gb18030"
    return _strict(data, enc, file), enc


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 LE/BE when the NUL bytes sit mostly on one side and the result reads as text."""
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    enc = "utf-16-le" if odd >= even else "utf-16-be"
    try:
        text = sample.decode(enc)
    except UnicodeDecodeError:
        # the sample may end inside a surrogate pair
        try:
            text = sample[:-2].decode(enc)
        except UnicodeDecodeError:
            return None
    plausible = sum(1 for ch in text if ch in "\r\n\t" or any(a <= ord(ch) <= b for a, b in _TEXT_RANGES))
    # binary data decodes to "characters" too, but not to lines of words
    spaced = len(text) < 40 or any(ch in text for ch in " \n\t")
    return enc if text and spaced and plausible >= 0.95 * len(text) else None


# Unicode blocks that real chat/table text is made of (ASCII, Latin, Greek, Cyrillic, punctuation,
# CJK, kana, Hangul, full-width forms, emoji surrogates).
_TEXT_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x2FF),
    (0x370, 0x52F),
    (0x2000, 0x27BF),
    (0x3000, 0x30FF),
    (0x3400, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xD800, 0xDFFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)


def _strict(data: bytes, enc: str, file: str) -> str:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError) as e:
        start = getattr(e, "start", 0)
        line = data[:start].count(b"\n") + 1
        raise _err(
            file,
            line,
            f"无法按 {enc} 编码读取，请把文件另存为 UTF-8 后重新上传。",
            f"cannot be read as {enc}; save the file as UTF-8 and upload it again.",
        ) from None


def _binary(file: str) -> UserError:
    return UserError(
        f"{file} 不是文本文件（看起来是二进制数据）。请上传 JSONL、JSON、CSV、TSV、XLSX、Parquet 或 TXT 文件。",
        f"{file} is not a text file (it looks like binary data). Upload a JSONL, JSON, CSV, TSV, "
        "XLSX, Parquet or TXT file.",
    )


# ---------------------------------------------------------------------------------------------
# File -> RawFile

_EXT = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".txt": "txt",
    ".log": "txt",
}


def read_file(path: str | Path, limits: Limits | None = None) -> RawFile:
    limits = limits or Limits()
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise UserError(f"找不到文件 {name}。", f"file {name} not found.")
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UserError(
            f"{name} 有 {_mb(size)}，超过单个文件上限 {_mb(limits.max_file_bytes)}。请拆分成几个小文件再上传。",
            f"{name} is {_mb(size)}, over the {_mb(limits.max_file_bytes)} limit per file. "
            "Split it into smaller files and upload them.",
        )
    if size == 0:
        raise _empty(name)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UserError(
            f"{name} 是旧版 .xls 格式，请在 Excel 或 WPS 中另存为 .xlsx 后上传。",
            f"{name} is an old .xls file; save it as .xlsx in Excel or LibreOffice and upload that.",
        )
    fmt = _EXT.get(suffix)
    if fmt == "xlsx":
        raw = _read_xlsx(path)
    elif fmt == "parquet":
        raw = _read_parquet(path)
    else:
        text, enc = decode_bytes(path.read_bytes(), name)
        if not text.strip():
            raise _empty(name)
        if fmt is None:
            fmt = _sniff_text(text, name)
        raw = _read_text(path, fmt, text, enc, limits)
    if not raw.records and raw.text is None and raw.top is None:
        raise _empty(name)
    if len(raw.records) > limits.max_rows:
        raise UserError(
            f"{name} 有 {len(raw.records)} 条记录，超过上限 {limits.max_rows} 条。请拆分后分批导入。",
            f"{name} has {len(raw.records)} records, over the limit of {limits.max_rows}. "
            "Split it and import the parts.",
        )
    return raw


def _empty(name: str) -> UserError:
    return UserError(f"{name} 是空文件，里面没有数据。", f"{name} is empty: it holds no data.")


def _sniff_text(text: str, name: str) -> str:
    head = text.lstrip()[:1]
    if head == "{":
        return "jsonl"
    if head == "[":
        return "json"
    raise UserError(
        f"不支持 {name} 的文件类型。请上传 .jsonl、.json、.csv、.tsv、.xlsx、.parquet 或聊天记录 .txt。",
        f"the type of {name} is not supported. Upload .jsonl, .json, .csv, .tsv, .xlsx, .parquet "
        "or a chat export .txt.",
    )


def _read_text(path: Path, fmt: str, text: str, enc: str, limits: Limits) -> RawFile:
    name = path.name
    if fmt != "json":
        _check_line_lengths(text, name, limits)
    raw = RawFile(path, fmt, enc)
    if fmt == "txt":
        raw.text = text
    elif fmt == "jsonl":
        raw.records = _parse_jsonl(text, name)
    elif fmt == "json":
        _parse_json(text, name, limits, raw)
    else:
        raw.records = _parse_csv(text, name, "\t" if fmt == "tsv" else None, limits)
    return raw


def _check_line_lengths(text: str, name: str, limits: Limits) -> None:
    cap = limits.max_line_bytes
    for no, line in enumerate(text.split("\n"), 1):
        # cheap character test first; UTF-8 size only for lines that could be over
        if len(line) * 4 > cap and len(line.encode("utf-8")) > cap:
            size = len(line.encode("utf-8"))
            raise _err(
                name,
                no,
                f"这一行有 {_mb(size)}，超过单行上限 {_mb(cap)}。请检查文件是否缺少换行，或把过长的样本拆开。",
                f"this line is {_mb(size)}, over the {_mb(cap)} limit per line. Check for missing line "
                "breaks or split the sample.",
            )


# --- JSON ------------------------------------------------------------------------------------


def json_hint(msg: str, snippet: str | None) -> Text:
    """A guess at what is wrong with a line that json.loads refused."""
    if msg.startswith("Unterminated string"):
        return Text("引号没有闭合", "a quote is not closed?")
    if snippet is not None:
        opened = _unbalanced(snippet)
        if opened.get("{", 0) > 0:
            return Text("可能缺少右花括号 }", "missing closing brace?")
        if opened.get("[", 0) > 0:
            return Text("可能缺少右方括号 ]", "missing closing bracket?")
        if opened.get("{", 0) < 0 or opened.get("[", 0) < 0:
            return Text("括号多了一个", "one bracket too many?")
    if msg.startswith("Expecting property name"):
        if snippet and "'" in snippet:
            return Text("JSON 需要双引号，不能用单引号", "JSON needs double quotes, not single quotes")
        return Text("可能多了一个逗号", "a trailing comma?")
    if msg.startswith("Extra data"):
        return Text("一行只能有一个 JSON 对象", "only one JSON object per line")
    if msg.startswith("Invalid control character"):
        return Text("字符串里有未转义的换行或制表符", "a raw line break or tab inside a string")
    if msg.startswith("Expecting ','"):
        return Text("可能缺少逗号或引号", "missing comma or quote?")
    return Text("请检查引号、逗号和括号", "check the quotes, commas and brackets")


def _unbalanced(s: str) -> dict[str, int]:
    depth = {"{": 0, "[": 0}
    in_str = esc = False
    for ch in s:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "{[":
            depth[ch] += 1
        elif ch == "}":
            depth["{"] -= 1
        elif ch == "]":
            depth["["] -= 1
    return depth


def _bad_json(name: str, line: int, msg: str, snippet: str | None) -> UserError:
    h = json_hint(msg, snippet)
    w = where(name, line)
    return UserError(f"{w.zh}不是有效的 JSON（{h.zh}）", f"{w.en}: not valid JSON - {h.en}")


def _parse_jsonl(text: str, name: str) -> list[tuple[int, Any]]:
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        s = line.strip()
        if not s:
            continue
        try:
            rec = json.loads(s)
        except json.JSONDecodeError as e:
            raise _bad_json(name, no, e.msg, s) from None
        if not isinstance(rec, dict):
            raise _err(name, no, "每一行应是一个 JSON 对象 {...}。", "each line must be one JSON object {...}.")
        out.append((no, rec))
    return out


def _parse_json(text: str, name: str, limits: Limits, raw: RawFile) -> None:
    dec = json.JSONDecoder()
    lines = _LineCounter(text)
    i = _skip_ws(text, 0)

    def decode(pos: int):
        try:
            return dec.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            raise _bad_json(name, e.lineno, e.msg, lines.text_of(e.lineno)) from None

    if text[i] == "{":
        obj, end = decode(i)
        nxt = _skip_ws(text, end)
        if nxt < len(text) and text[nxt] == "{":  # a .json file that is really JSON Lines
            _check_line_lengths(text, name, limits)
            raw.fmt = "jsonl"
            raw.records = _parse_jsonl(text, name)
        elif nxt < len(text):
            raise _bad_json(name, lines.at(nxt), "Extra data", None)
        else:
            raw.top = obj
        return
    if text[i] != "[":
        raise UserError(
            f"{name} 不是记录列表。JSON 文件应是 [ {{...}}, {{...}} ] 这样的列表，每个 {{...}} 是一条样本。",
            f"{name} is not a list of records. A JSON file must be a list like [ {{...}}, {{...}} ], "
            "one {...} per sample.",
        )
    i = _skip_ws(text, i + 1)
    records: list[tuple[int, Any]] = []
    while i < len(text) and text[i] != "]":
        rec, end = decode(i)
        line = lines.at(i)
        if end - i > limits.max_line_bytes // 4 and len(text[i:end].encode("utf-8")) > limits.max_line_bytes:
            raise _err(
                name,
                line,
                f"这条记录超过单条上限 {_mb(limits.max_line_bytes)}。",
                f"this record is over the {_mb(limits.max_line_bytes)} limit per record.",
            )
        if not isinstance(rec, dict):
            raise _err(
                name,
                line,
                "列表里的每一项应是一个 JSON 对象 {...}。",
                "each item of the list must be a JSON object {...}.",
            )
        records.append((line, rec))
        i = _skip_ws(text, end)
        if i < len(text) and text[i] == ",":
            i = _skip_ws(text, i + 1)
        elif i < len(text) and text[i] != "]":
            raise _bad_json(name, lines.at(i), "Expecting ','", None)
    if i >= len(text):
        w = where(name, lines.at(len(text) - 1))
        raise UserError(
            f"{w.zh}不是有效的 JSON（可能缺少右方括号 ]）", f"{w.en}: not valid JSON - missing closing bracket?"
        )
    if _skip_ws(text, i + 1) < len(text):
        raise _bad_json(name, lines.at(_skip_ws(text, i + 1)), "Extra data", None)
    raw.records = records


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\r\n":
        i += 1
    return i


class _LineCounter:
    """Line numbers of string offsets, counted incrementally (offsets mostly grow)."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 1

    def at(self, pos: int) -> int:
        if pos < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line

    def text_of(self, line: int) -> str | None:
        parts = self.text.split("\n", line)
        return parts[line - 1] if len(parts) >= line else None


# --- CSV / TSV / XLSX / Parquet ---------------------------------------------------------------


def _parse_csv(text: str, name: str, delimiter: str | None, limits: Limits) -> list[tuple[int, dict]]:
    if delimiter is None:
        head = text.split("\n", 1)[0]
        delimiter = max(",\t;", key=head.count) if any(c in head for c in ",\t;") else ","
    csv.field_size_limit(max(limits.max_line_bytes, 131072))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    out = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = _header(cells)
                continue
            out.append((line, {h: (cells[j] if j < len(cells) else "") for j, h in enumerate(header)}))
    except csv.Error as e:
        raise _err(
            name,
            reader.line_num,
            f"CSV 格式有误（{e}）。请检查引号是否成对。",
            f"broken CSV ({e}). Check that quotes come in pairs.",
        ) from None
    return out


def _header(cells) -> list[str]:
    names = []
    for j, c in enumerate(cells):
        c = str(c if c is not None else "").strip().lstrip("\ufeff") or f"column_{j + 1}"
        while c in names:
            c += "_"
        names.append(c)
    return names


def _read_xlsx(path: Path) -> RawFile:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UserError(
            f"{path.name} 不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名。请用 Excel/WPS 重新另存为 .xlsx。",
            f"{path.name} is not a valid Excel workbook (.xlsx); it may be damaged or only renamed. "
            "Save it again as .xlsx from Excel or LibreOffice.",
        ) from None
    try:
        records: list[tuple[int, Any]] = []
        for ws in wb.worksheets:  # the first sheet that has data
            header = None
            for no, values in enumerate(ws.iter_rows(values_only=True), 1):
                if not any(v is not None and str(v).strip() for v in values):
                    continue
                if header is None:
                    header = _header(values)
                    continue
                records.append((no, {h: _cell(values[j] if j < len(values) else None) for j, h in enumerate(header)}))
            if records:
                break
    finally:
        wb.close()
    return RawFile(path, "xlsx", records=records)


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else v
    return str(v)


def _read_parquet(path: Path) -> RawFile:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError):
        raise UserError(f"{path.name} 不是有效的 Parquet 文件。", f"{path.name} is not a valid Parquet file.") from None
    return RawFile(path, "parquet", records=[(i + 1, r) for i, r in enumerate(table.to_pylist())])


# ---------------------------------------------------------------------------------------------
# Records -> ms-swift rows

ROLE_ALIASES = {
    "user": "user",
    "human": "user",
    "system": "system",
    "assistant": "assistant",
    "gpt": "assistant",
    "bot": "assistant",
    "model": "assistant",
    "ai": "assistant",
    "chatgpt": "assistant",
}
_TRUE = {"true", "1", "yes", "y", "good", "desirable", "好", "是", "对", "👍"}
_FALSE = {"false", "0", "no", "n", "bad", "undesirable", "差", "否", "错", "👎"}
# the column names each role is guessed from (lower-cased)
SYNONYMS = {
    "prompt": (
        "prompt",
        "query",
        "question",
        "instruction",
        "input",
        "user",
        "问题",
        "提问",
        "输入",
        "问",
        "用户",
        "指令",
    ),
    "response": (
        "response",
        "completion",
        "answer",
        "output",
        "reply",
        "assistant",
        "回答",
        "回复",
        "答案",
        "输出",
        "答",
    ),
    "chosen": ("chosen", "chosen_response", "better", "good", "preferred", "好回答", "更好", "更好的回答", "好的回答"),
    "rejected": ("rejected", "rejected_response", "worse", "bad", "差回答", "更差", "更差的回答", "差的回答"),
    "label": ("label", "kto_tag", "tag", "标签", "好坏"),
    "system": ("system", "system_prompt", "系统", "人设", "系统提示"),
    "history": ("history", "历史"),
}


@dataclass
class ColumnMapping:
    """Which column holds what. prompt plus response (sft), chosen+rejected (pairs) or response+label (kto)."""

    prompt: str | None = None
    response: str | None = None
    chosen: str | None = None
    rejected: str | None = None
    label: str | None = None
    system: str | None = None
    history: str | None = None  # ms-swift style [[query, response], ...]; guessed, not asked

    def used(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass
class ColumnsPreview:
    file: str
    fmt: str
    columns: list[str]
    rows: list[dict]  # the first rows, as read
    row_count: int
    layout: str | None  # a known layout that needs no mapping, else None
    suggested: ColumnMapping | None  # guessed from the column names


@dataclass
class Converted:
    file: str
    fmt: str
    encoding: str | None
    layout: str  # messages | sharegpt | alpaca | columns
    kind: str  # sft | pairs | kto
    rows: list[Row]
    mapping: ColumnMapping | None = None


LAYOUT_NAMES = {
    "messages": Text("OpenAI messages", "OpenAI messages"),
    "sharegpt": Text("ShareGPT conversations", "ShareGPT conversations"),
    "alpaca": Text("Alpaca（instruction/input/output）", "Alpaca (instruction/input/output)"),
    "columns": Text("按列映射", "column mapping"),
}


def detect_layout(records: list[tuple[int, Any]]) -> str | None:
    keys: Counter = Counter()
    for _, rec in records[:50]:
        if isinstance(rec, dict):
            keys.update(k for k, v in rec.items() if v not in (None, ""))
    if keys["messages"]:
        return "messages"
    if keys["conversations"]:
        return "sharegpt"
    if keys["instruction"]:
        return "alpaca"
    return None


def guess_mapping(columns: list[str]) -> ColumnMapping | None:
    """A mapping from the column names alone, or None when no prompt/answer columns are recognisable."""
    low = {c.strip().lower(): c for c in columns}
    m = ColumnMapping()
    taken: set[str] = set()
    for role, names in SYNONYMS.items():
        for n in names:
            if n in low and low[n] not in taken:
                setattr(m, role, low[n])
                taken.add(low[n])
                break
    if m.response and m.rejected and not m.chosen:  # ms-swift query/response/rejected_response
        m.chosen, m.response = m.response, None
    ok = (m.prompt or (m.chosen and m.rejected)) and (m.response or m.chosen)
    return m if ok else None


def list_columns(path: str | Path, limits: Limits | None = None, n: int = 5) -> ColumnsPreview:
    raw = read_file(path, limits)
    if not raw.records:
        raise UserError(
            f"{raw.name} 不是表格或记录列表，无法按列映射。",
            f"{raw.name} is not a table or list of records, so it has no columns to map.",
        )
    cols = raw.columns
    return ColumnsPreview(
        raw.name,
        raw.fmt,
        cols,
        [r for _, r in raw.records[:n]],
        len(raw.records),
        detect_layout(raw.records),
        guess_mapping(cols),
    )


def apply_mapping(
    path: str | Path, mapping: ColumnMapping, kind: str = "auto", limits: Limits | None = None
) -> Converted:
    return convert(read_file(path, limits), kind=kind, mapping=mapping)


def convert(raw: RawFile, kind: str = "auto", mapping: ColumnMapping | None = None) -> Converted:
    """Rows of one kind from a RawFile of records. kind: auto | sft | pairs | kto."""
    if kind not in ("auto", *KINDS):
        raise UserError(
            f"未知的数据类型 {kind}，可选 auto、sft、pairs、kto。",
            f"unknown kind {kind}; choose auto, sft, pairs or kto.",
        )
    name = raw.name
    if raw.top is not None:
        raise UserError(
            f"{name} 不是记录列表。JSON 文件应是 [ {{...}}, {{...}} ] 这样的列表，每个 {{...}} 是一条样本。",
            f"{name} is not a list of records. A JSON file must be a list like [ {{...}}, {{...}} ], "
            "one {...} per sample.",
        )
    if raw.text is not None:
        from studio.data import chats  # here, not on top: the chat formats read RawFile from this module

        raise chats.not_a_chat(name)
    layout = None if mapping else detect_layout(raw.records)
    if layout is None:
        cols = raw.columns
        mapping = mapping or guess_mapping(cols)
        if mapping is None:
            raise UserError(
                f"无法识别 {name} 的格式（列：{'、'.join(cols[:12])}）。请指定哪一列是问题、哪一列是回答。",
                f"cannot tell the layout of {name} (columns: {', '.join(cols[:12])}). "
                "Choose which column is the prompt and which is the response.",
            )
        _check_mapping(mapping, cols, name)
        layout = "columns"
    fn = {"messages": _from_messages, "sharegpt": _from_sharegpt, "alpaca": _from_alpaca}.get(layout)
    datas = []
    needs = {"messages": "messages", "sharegpt": "conversations"}.get(layout)
    for line, rec in raw.records:
        c = _Ctx(name, line)
        # The layout comes from most records; one record may still lack its field (found by fuzzing).
        if fn and not isinstance(rec, dict):
            raise c.err("这一条不是 JSON 对象（{...}）。", "this record is not a JSON object ({...}).")
        if needs and needs not in rec:
            raise c.err(
                f"这一条缺少 {needs} 字段（文件里其他条都有）。",
                f"this record has no {needs} field (the others in the file do).",
            )
        datas.append((line, fn(rec, c) if fn else _from_columns(rec, mapping, c)))
    target = kind if kind != "auto" else _majority(datas)
    rows = [Row(d, name, line) for line, data in datas for d in _coerce(data, target, _Ctx(name, line))]
    return Converted(name, raw.fmt, raw.encoding, layout, target, rows, mapping if layout == "columns" else None)


def _majority(datas) -> str:
    counts = Counter(row_kind(d) for _, d in datas)
    return max(KINDS, key=lambda k: (counts[k], k == row_kind(datas[0][1])))


@dataclass
class _Ctx:
    file: str
    line: int

    def err(self, zh: str, en: str) -> UserError:
        return _err(self.file, self.line, zh, en)


def _coerce(data: dict, target: str, c: _Ctx) -> list[dict]:
    have = row_kind(data)
    if have == target:
        return [data]
    if have == "pairs" and target == "sft":
        return [{"messages": data["messages"]}]
    if have == "pairs" and target == "kto":
        bad = data["messages"][:-1] + [{"role": "assistant", "content": data["rejected_response"]}]
        return [{"messages": data["messages"], "label": True}, {"messages": bad, "label": False}]
    if target == "pairs":
        raise c.err(
            "缺少 rejected（较差的回答），偏好数据每条都要有一个更好的回答和一个较差的回答。",
            "missing rejected (the worse reply); every preference pair needs a better and a worse reply.",
        )
    if target == "kto":
        raise c.err(
            "缺少 label（true 表示好回答，false 表示差回答）。", "missing label (true = good reply, false = bad reply)."
        )
    raise c.err(
        "这一条是 KTO 打标数据，请按 kto 类型导入。", "this record is KTO-labelled data; import it as kind kto."
    )


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, list):  # OpenAI content parts: keep the text parts
        return "".join(p if isinstance(p, str) else str(p.get("text") or "") for p in v if isinstance(p, (str, dict)))
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def _maybe_json(v: Any) -> Any:
    """Table cells may hold a JSON list (a messages column in a CSV)."""
    if isinstance(v, str) and v.lstrip()[:1] in ("[", "{"):
        try:
            return json.loads(v)
        except json.JSONDecodeError:
            return v
    return v


def _message(m: Any, c: _Ctx) -> dict:
    if not isinstance(m, dict):
        raise c.err(
            '消息应是 {"role": ..., "content": ...} 这样的对象。',
            'each message must be an object like {"role": ..., "content": ...}.',
        )
    role_raw = m.get("role", m.get("from"))
    role = ROLE_ALIASES.get(str(role_raw or "").strip().lower())
    if role is None:
        raise c.err(
            f"未知的角色 {_quoted(role_raw)}，只能是 system、user（human）或 assistant（gpt）。",
            f"unknown role {_quoted(role_raw)}; use system, user (human) or assistant (gpt).",
        )
    return {"role": role, "content": _text(m.get("content", m.get("value")))}


def _messages(v: Any, c: _Ctx, what: str = "messages") -> list[dict]:
    v = _maybe_json(v)
    if isinstance(v, dict):
        v = [v]
    if not isinstance(v, list):
        raise c.err(f"{what} 应是消息列表。", f"{what} must be a list of messages.")
    return [_message(m, c) for m in v]


def _label(v: Any, c: _Ctx) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and v in (0, 1):
        return bool(v)
    s = str(v).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise c.err(
        f"label 的值 {_quoted(v)} 无法识别，请用 true（好）或 false（差）。",
        f"label value {_quoted(v)} is not understood; use true (good) or false (bad).",
    )


def _quoted(v: Any, n: int = 24) -> str:
    """A value from the user's file for a message: scrubbed and cut short (a wrongly chosen column may hold
    chat text), so no phone or ID number reaches an error message."""
    s = scrub_text(str(v))[0]
    return repr(s if len(s) <= n else s[: n - 1] + "…")


def _reply(v: Any, context: list[dict], c: _Ctx, what: str) -> tuple[list[dict], str]:
    """A reply given as text or as messages (possibly repeating the context): (extra context, text)."""
    v = _maybe_json(v)
    if not isinstance(v, (list, dict)):
        return [], _text(v)
    msgs = _messages(v, c, what)
    if msgs[: len(context)] == context:
        msgs = msgs[len(context) :]
    if not msgs or msgs[-1]["role"] != "assistant":
        raise c.err(
            f"{what} 的最后一条消息应是 assistant 的回答。",
            f"the last message of {what} must be the assistant's reply.",
        )
    return msgs[:-1], msgs[-1]["content"]


def _finish(context: list[dict], reply: str, label: Any, c: _Ctx) -> dict:
    data: dict = {"messages": context + [{"role": "assistant", "content": reply}]}
    if label not in (None, ""):
        data["label"] = _label(label, c)
    return data


def _pref(rec: dict, context: list[dict], c: _Ctx, chosen_key="chosen", rejected_key="rejected") -> dict:
    """The chosen/rejected pair of a record, on top of its context."""
    if rec.get(rejected_key) in (None, ""):
        raise c.err(f"缺少 {rejected_key}（较差的回答）。", f"missing {rejected_key} (the worse reply).")
    extra_c, chosen = _reply(rec[chosen_key], context, c, chosen_key)
    extra_r, rejected = _reply(rec[rejected_key], context, c, rejected_key)
    if extra_c != extra_r:
        raise c.err("chosen 和 rejected 的对话前文不一致。", "chosen and rejected do not share the same conversation.")
    return {"messages": context + extra_c + [{"role": "assistant", "content": chosen}], "rejected_response": rejected}


def _from_messages(rec: dict, c: _Ctx) -> dict:
    msgs = _messages(rec["messages"], c)
    if "rejected_messages" in rec and "rejected_response" not in rec:
        _, rej = _reply(rec["rejected_messages"], msgs[:-1], c, "rejected_messages")
        rec = dict(rec, rejected_response=rej)
    data: dict = {"messages": msgs}
    if "rejected_response" in rec:
        if not msgs or msgs[-1]["role"] != "assistant":
            raise c.err(
                "偏好数据的最后一条消息应是更好的回答（assistant）。",
                "in a preference pair the last message must be the better reply (assistant).",
            )
        data["rejected_response"] = _text(rec["rejected_response"])
    elif rec.get("label") not in (None, ""):
        data["label"] = _label(rec["label"], c)
    return data


def _from_sharegpt(rec: dict, c: _Ctx) -> dict:
    msgs = _messages(rec["conversations"], c, "conversations")
    if rec.get("system") and not (msgs and msgs[0]["role"] == "system"):
        msgs.insert(0, {"role": "system", "content": _text(rec["system"])})
    if "chosen" in rec or "rejected" in rec:
        if "chosen" not in rec:
            raise c.err("缺少 chosen（更好的回答）。", "missing chosen (the better reply).")
        return _pref(rec, msgs, c)
    if msgs and msgs[-1]["role"] == "assistant" and rec.get("kto_tag") not in (None, ""):
        return {"messages": msgs, "label": _label(rec["kto_tag"], c)}
    return {"messages": msgs}


def _history(v: Any, c: _Ctx) -> list[dict]:
    v = _maybe_json(v)
    if v in (None, ""):
        return []
    if not isinstance(v, list) or not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in v):
        raise c.err(
            "history 应是 [[问题, 回答], ...] 这样的列表。", "history must be a list like [[query, response], ...]."
        )
    out = []
    for q, a in v:
        out += [{"role": "user", "content": _text(q)}, {"role": "assistant", "content": _text(a)}]
    return out


def _from_alpaca(rec: dict, c: _Ctx) -> dict:
    ctx = [{"role": "system", "content": _text(rec["system"])}] if rec.get("system") else []
    ctx += _history(rec.get("history"), c)
    prompt = _text(rec.get("instruction"))
    if rec.get("input"):
        prompt = f"{prompt}\n{_text(rec['input'])}" if prompt else _text(rec["input"])
    ctx.append({"role": "user", "content": prompt})
    output = rec.get("output")
    if isinstance(output, list) and len(output) == 2 and "chosen" not in rec:  # older [chosen, rejected]
        rec = dict(rec, chosen=output[0], rejected=output[1])
    if "chosen" in rec or "rejected" in rec:
        return _pref(rec, ctx, c)
    return _finish(ctx, _text(output), rec.get("kto_tag", rec.get("label")), c)


def _check_mapping(m: ColumnMapping, cols: list[str], name: str) -> None:
    for col in m.used().values():
        if col not in cols:
            raise UserError(
                f"{name} 里没有名为 {col!r} 的列（现有列：{'、'.join(cols)}）。",
                f"{name} has no column {col!r} (columns: {', '.join(cols)}).",
            )
    if not (m.response or m.chosen):
        raise UserError(
            f"{name}：请指定回答所在的列（response，或 chosen 与 rejected）。",
            f"{name}: choose the column holding the reply (response, or chosen and rejected).",
        )
    if m.chosen and not m.rejected and not m.response:
        raise UserError(
            f"{name}：偏好数据还需要指定 rejected（较差的回答）所在的列。",
            f"{name}: preference data also needs the rejected (worse reply) column.",
        )


def _from_columns(rec: dict, m: ColumnMapping, c: _Ctx) -> dict:
    ctx = [{"role": "system", "content": _text(rec.get(m.system))}] if m.system and rec.get(m.system) else []
    if m.history:
        ctx += _history(rec.get(m.history), c)
    if m.prompt:
        p = _maybe_json(rec.get(m.prompt))
        ctx += _messages(p, c, m.prompt) if isinstance(p, (list, dict)) else [{"role": "user", "content": _text(p)}]
    if m.chosen and m.rejected:
        if not m.prompt:  # chosen/rejected hold whole conversations: their shared start is the prompt
            ch, rj = _messages(rec.get(m.chosen), c, m.chosen), _messages(rec.get(m.rejected), c, m.rejected)
            n = 0
            while n < min(len(ch), len(rj)) - 1 and ch[n] == rj[n]:
                n += 1
            ctx += ch[:n]
        return _pref(rec, ctx, c, m.chosen, m.rejected)
    reply = m.response or m.chosen
    extra, text = _reply(rec.get(reply), ctx, c, reply)
    return _finish(ctx + extra, text, rec.get(m.label) if m.label else None, c)
