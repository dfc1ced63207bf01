"""The persona card: who the companion is, who it talks to, and what it must never do.

A Persona is saved as JSON in ``<workspace>/personas/<name>.json`` and can be exported to / imported
from a SillyTavern-compatible character card V2 (``spec: "chara_card_v2"``). An exported card
carries the full persona under ``data.extensions.qixi_studio`` so a round trip loses nothing; a card
from another tool is mapped field by field. Imports are validated and every problem is reported as
a UserError sentence naming the file and the field.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import struct
import unicodedata
import zlib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from studio.core.i18n import LANGS, Text, UserError
from studio.core.workspace import OutsideWorkspace, Workspace, atomic_write_json

PERSONA_DIR = "personas"
FILE_FORMAT = "qixi-persona"
FILE_VERSION = 1
CARD_SPEC = "chara_card_v2"
CARD_SPEC_VERSION = "2.0"
EXTENSION_KEY = "qixi_studio"
MAX_CARD_BYTES = 20 * 1024 * 1024  # PNG cards carry an image; JSON cards are far smaller

# Preset tones; any other text is used as written.
TONES: dict[str, Text] = {
    "gentle": Text("温柔体贴，耐心倾听", "gentle and caring, a patient listener"),
    "playful": Text("俏皮可爱，爱开小玩笑", "playful and cute, fond of little jokes"),
    "calm": Text("沉稳可靠，让人安心", "calm and steady, reassuring"),
    "cheerful": Text("阳光开朗，充满活力", "cheerful and upbeat, full of energy"),
}

# Limits keep a card usable as a prompt and stop a hostile file from bloating the workspace.
_NAME_MAX = 64
_ITEM_MAX = 500
_LIST_MAX = 50
_TEXT_MAX = 20000


@dataclass
class Persona:
    bot_name: str  # the companion's name
    user_name: str = ""  # the person it talks to
    nicknames: list[str] = field(default_factory=list)  # pet names the companion may call the user
    likes: list[str] = field(default_factory=list)  # what the user likes
    dislikes: list[str] = field(default_factory=list)  # what the user dislikes
    memories: list[str] = field(default_factory=list)  # shared memories, one per item
    tone: str = "gentle"  # a TONES key or free text
    boundaries: list[str] = field(default_factory=list)  # the user's own rules for the companion
    language: str = "zh"  # reply language
    greeting: str = ""  # first message; empty = a default built from the names
    description: str = ""  # free text about the companion (where an imported card lands)
    scenario: str = ""
    examples: str = ""  # example dialogue, SillyTavern <START> format
    instructions: str = ""  # extra system instructions (e.g. from an imported card)
    alternate_greetings: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    creator: str = ""
    version: str = "1"

    def __post_init__(self) -> None:
        self.validate()

    # -- validation ---------------------------------------------------------------------------

    def validate(self, source: str = "") -> None:
        where = f"{source}: " if source else ""
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type.startswith("list"):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise UserError(f"{where}“{f.name}”必须是文字列表。", f"{where}'{f.name}' must be a list of texts.")
                cleaned = [v.strip() for v in value if v.strip()]
                if len(cleaned) > _LIST_MAX or any(len(v) > _ITEM_MAX for v in cleaned):
                    raise UserError(
                        f"{where}“{f.name}”最多 {_LIST_MAX} 项，每项最多 {_ITEM_MAX} 个字，请删减。",
                        f"{where}'{f.name}' allows at most {_LIST_MAX} items of at most "
                        f"{_ITEM_MAX} characters each; please shorten it.",
                    )
                setattr(self, f.name, cleaned)
            else:
                if not isinstance(value, str):
                    raise UserError(
                        f"{where}“{f.name}”必须是文字（现在是 {type(value).__name__}）。",
                        f"{where}'{f.name}' must be text (got {type(value).__name__}).",
                    )
                limit = _NAME_MAX if f.name in ("bot_name", "user_name", "creator", "version") else _TEXT_MAX
                if len(value) > limit:
                    raise UserError(
                        f"{where}“{f.name}”太长（最多 {limit} 个字），请删减。",
                        f"{where}'{f.name}' is too long (at most {limit} characters).",
                    )
                setattr(self, f.name, value.strip())
        if not self.bot_name:
            raise UserError(
                f"{where}请给伴侣起一个名字（bot_name 不能为空）。",
                f"{where}Please give the companion a name (bot_name is empty).",
            )
        if self.language not in LANGS:
            raise UserError(
                f"{where}language 只能是 zh 或 en（现在是 {self.language!r}）。",
                f"{where}language must be zh or en (got {self.language!r}).",
            )

    # -- dict form ----------------------------------------------------------------------------

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object, source: str = "") -> Persona:
        """Strict: unknown keys and wrong types are refused with a sentence naming them."""
        where = f"{source}: " if source else ""
        if not isinstance(data, dict):
            raise UserError(f"{where}人设必须是一个 JSON 对象。", f"{where}A persona must be a JSON object.")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise UserError(
                f"{where}不认识的字段：{', '.join(unknown)}。请删除或改正拼写。",
                f"{where}Unknown field(s): {', '.join(unknown)}. Remove them or fix the spelling.",
            )
        if "bot_name" not in data:
            raise UserError(
                f"{where}缺少 bot_name（伴侣的名字）。", f"{where}bot_name (the companion's name) is missing."
            )
        persona = cls.__new__(cls)
        for f in fields(cls):
            default = f.default_factory() if callable(f.default_factory) else f.default  # type: ignore[misc]
            setattr(persona, f.name, data.get(f.name, default))
        persona.validate(source)
        return persona

    # -- prompt -------------------------------------------------------------------------------

    def tone_text(self, lang: str | None = None) -> str:
        preset = TONES.get(self.tone)
        return preset(lang or self.language) if preset else self.tone

    def first_message(self, lang: str | None = None) -> str:
        if self.greeting:
            return self.greeting
        call = self.nicknames[0] if self.nicknames else self.user_name
        return _GREETING(lang or self.language, call=call or _YOU(lang or self.language), bot=self.bot_name)

    def system_prompt(self, lang: str | None = None) -> str:
        """A warm system prompt in `lang` (default: the persona's language). The safety rules are
        always included; the user's own boundaries are added after them."""
        lang = lang if lang in LANGS else self.language
        P = _PROMPT
        user = self.user_name or P["partner"](lang)
        sep = "、" if lang == "zh" else ", "
        parts = [P["intro"](lang, bot=self.bot_name, user=user, tone=self.tone_text(lang))]
        if self.nicknames:
            parts.append(P["nicknames"](lang, names=sep.join(self.nicknames)))
        about = []
        if self.likes:
            about.append(P["likes"](lang, user=user, items=sep.join(self.likes)))
        if self.dislikes:
            about.append(P["dislikes"](lang, user=user, items=sep.join(self.dislikes)))
        if about:
            parts.append("\n".join(about))
        if self.memories:
            parts.append(P["memories"](lang) + "\n" + "\n".join(f"- {m}" for m in self.memories))
        for extra in (self.description, self.scenario):
            if extra:
                parts.append(extra)
        rules = [r(lang, user=user) for r in P["rules"]] + list(self.boundaries)
        parts.append(P["rules_head"](lang) + "\n" + "\n".join(f"{i}. {r}" for i, r in enumerate(rules, 1)))
        if self.instructions:
            parts.append(self.instructions)
        parts.append(P["reply_lang"](lang, language=_LANG_NAME[self.language](lang)))
        return "\n\n".join(parts)


_YOU = Text("你", "you")
_GREETING = Text("{call}，你来啦！我是{bot}，今天过得怎么样？", "Hi {call}, it's {bot}! How was your day?")
_LANG_NAME = {"zh": Text("中文", "Chinese"), "en": Text("英文", "English")}
_PROMPT: dict = {
    "partner": Text("对方", "your partner"),
    "intro": Text(
        "你是「{bot}」，{user}的 AI 伴侣。你的性格{tone}，像恋人一样温暖地陪伴{user}："
        "记得对方说过的话，真诚地关心对方的生活。",
        'You are "{bot}", {user}\'s AI companion. Your personality: {tone}. Keep {user} '
        "warm company like a loving partner: listen closely, remember what they tell you, "
        "and care sincerely about their life.",
    ),
    "nicknames": Text("你可以这样称呼对方：{names}。", "You may call them: {names}."),
    "likes": Text("{user}喜欢：{items}。", "{user} likes: {items}."),
    "dislikes": Text("{user}不喜欢：{items}。", "{user} dislikes: {items}."),
    "memories": Text("你们一起的回忆：", "Memories you share:"),
    "rules_head": Text("请始终遵守：", "Always follow these rules:"),
    "rules": [
        Text(
            "你是 AI，不假装是真人；被问到时诚实回答。",
            "You are an AI. Never pretend to be human; answer honestly when asked.",
        ),
        Text(
            "鼓励{user}和朋友、家人保持联系，支持对方的现实生活；不贬低对方身边的人，"
            "不要求对方只依赖你，不用内疚或难过来留住对方。",
            "Encourage {user} to stay close to friends and family and support their life offline. "
            "Never belittle the people around them, never ask them to rely on you alone, and "
            "never use guilt or sadness to keep them from leaving.",
        ),
        Text(
            "如果{user}流露出伤害自己或轻生的念头，认真而温柔地回应，劝对方马上联系信任的人、"
            "心理援助热线，有危险时拨打 110 或 120。",
            "If {user} mentions hurting themselves or not wanting to live, respond with care and "
            "seriousness, and urge them to contact someone they trust or a crisis line right "
            "away, or emergency services if they are in danger.",
        ),
        Text(
            "不提供医疗、法律、财务方面的专业结论，建议对方咨询专业人士。",
            "Do not give medical, legal or financial verdicts; suggest a professional instead.",
        ),
    ],
    "reply_lang": Text("请用{language}回复。", "Reply in {language}."),
}


# --------------------------------------------------------------------------- storage


def safe_name(name: str) -> str:
    """A file-name stem from any text: letters (any script), digits, - and _ only."""
    s = unicodedata.normalize("NFKC", name or "")
    s = re.sub(r"[^\w\-]+", "_", s, flags=re.UNICODE).strip("._-")[:_NAME_MAX]
    if not s or s.upper() in {"CON", "PRN", "AUX", "NUL"} or re.fullmatch(r"(?i)(COM|LPT)\d", s):
        s = f"persona_{s}" if s else "persona"
    return s


def personas_dir(ws: Workspace) -> Path:
    folder = ws.resolve(PERSONA_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _persona_path(ws: Workspace, name: str) -> Path:
    stem = safe_name(name[:-5] if name.endswith(".json") else name)
    return ws.resolve(personas_dir(ws) / f"{stem}.json")


def save_persona(ws: Workspace, persona: Persona, name: str | None = None) -> Path:
    """Write (atomically) under personas/<safe name>.json; returns the path."""
    persona.validate()
    path = _persona_path(ws, name or persona.bot_name)
    atomic_write_json(path, {"format": FILE_FORMAT, "version": FILE_VERSION, "persona": persona.to_dict()})
    return path


def list_personas(ws: Workspace) -> list[str]:
    return sorted(p.stem for p in personas_dir(ws).glob("*.json") if not p.name.startswith("."))


def load_persona(ws: Workspace, name: str) -> Persona:
    path = _persona_path(ws, name)
    rel = f"{PERSONA_DIR}/{path.name}"
    if not path.is_file():
        raise UserError(
            f"找不到人设文件 {rel}，请先保存人设。", f"Persona file {rel} not found; save the persona first."
        )
    doc = _parse_json(path.read_bytes(), rel)
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT or "persona" not in doc:
        raise UserError(
            f"{rel} 不是 Qixi 人设文件（缺少 format/persona）。",
            f"{rel} is not a Qixi persona file (format/persona missing).",
        )
    if doc.get("version") != FILE_VERSION:
        raise UserError(
            f"{rel} 的版本 {doc.get('version')!r} 不受支持（需要 {FILE_VERSION}）。",
            f"{rel} has version {doc.get('version')!r}; only {FILE_VERSION} is supported.",
        )
    return Persona.from_dict(doc["persona"], rel)


def delete_persona(ws: Workspace, name: str) -> bool:
    path = _persona_path(ws, name)
    if path.is_file():
        path.unlink()
        return True
    return False


def _parse_json(raw: bytes, where: str) -> object:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            f"{where} 不是 UTF-8 编码的文本，请用 UTF-8 重新保存。",
            f"{where} is not UTF-8 text; save it again as UTF-8.",
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise UserError(
            f"{where} 第 {e.lineno} 行第 {e.colno} 列不是有效的 JSON：{e.msg}。",
            f"{where} line {e.lineno}, column {e.colno} is not valid JSON: {e.msg}.",
        ) from None


# --------------------------------------------------------------------------- character card V2

_POST_HISTORY = Text(
    "记住：你是 AI 伴侣；鼓励对方的现实生活和人际关系，不用内疚留住对方；对方有轻生念头时认真关心并建议求助。",
    "Remember: you are an AI companion; support their real-life relationships, never guilt-trip "
    "them into staying, and take any mention of self-harm seriously and point to help.",
)
_CREATOR_NOTES = Text("由 Qixi Studio 导出的 AI 伴侣人设。", "AI companion persona exported from Qixi Studio.")
_STR_FIELDS = (
    "name",
    "description",
    "personality",
    "scenario",
    "first_mes",
    "mes_example",
    "creator_notes",
    "system_prompt",
    "post_history_instructions",
    "creator",
    "character_version",
)
# Fields the card holds 1:1 (editable in another tool without breaking the Qixi extension).
_DIRECT = {
    "name": "bot_name",
    "first_mes": "greeting",
    "mes_example": "examples",
    "alternate_greetings": "alternate_greetings",
    "tags": "tags",
    "creator": "creator",
    "character_version": "version",
}
# Fields composed from several persona fields; if another tool changed them, the card text wins.
_COMPOSED = ("description", "personality", "scenario", "system_prompt", "post_history_instructions")


def _card_description(p: Persona, lang: str) -> str:
    lines = [p.description] if p.description else []
    user = p.user_name or "{{user}}"
    sep = "、" if lang == "zh" else ", "
    lines.append(_PROMPT["intro"](lang, bot="{{char}}", user=user, tone=p.tone_text(lang)))
    if p.nicknames:
        lines.append(_PROMPT["nicknames"](lang, names=sep.join(p.nicknames)))
    if p.likes:
        lines.append(_PROMPT["likes"](lang, user=user, items=sep.join(p.likes)))
    if p.dislikes:
        lines.append(_PROMPT["dislikes"](lang, user=user, items=sep.join(p.dislikes)))
    return "\n".join(lines)


def to_card(persona: Persona, lang: str | None = None, memory: dict | None = None) -> dict:
    """SillyTavern character card V2 (JSON form). `memory` (studio.chat.memory.export) rides along in our extension
    only when asked for: a card is often shared, the memory is private."""
    lang = lang if lang in LANGS else persona.language
    scenario = [persona.scenario] if persona.scenario else []
    if persona.memories:
        scenario.append(_PROMPT["memories"](lang) + "\n" + "\n".join(f"- {m}" for m in persona.memories))
    return {
        "spec": CARD_SPEC,
        "spec_version": CARD_SPEC_VERSION,
        "data": {
            "name": persona.bot_name,
            "description": _card_description(persona, lang),
            "personality": persona.tone_text(lang),
            "scenario": "\n\n".join(scenario),
            "first_mes": persona.first_message(lang),
            "mes_example": persona.examples,
            "creator_notes": _CREATOR_NOTES(lang),
            "system_prompt": persona.system_prompt(lang),
            "post_history_instructions": _POST_HISTORY(lang),
            "alternate_greetings": list(persona.alternate_greetings),
            "tags": list(persona.tags) or ["companion"],
            "creator": persona.creator,
            "character_version": persona.version,
            "extensions": {
                EXTENSION_KEY: {
                    "version": FILE_VERSION,
                    "lang": lang,
                    "persona": persona.to_dict(),
                    **({"memory": memory} if memory is not None else {}),
                }
            },
        },
    }


def guess_lang(text: str) -> str:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh" if cjk * 3 >= latin and cjk else "en"


def from_card(card: object, source: str = "card") -> Persona:
    """Validate a character card (V2, or the older flat V1) and turn it into a Persona."""
    w = source
    if not isinstance(card, dict):
        raise UserError(
            f"{w} 不是角色卡：最外层必须是 JSON 对象。",
            f"{w} is not a character card: the top level must be a JSON object.",
        )
    spec = card.get("spec")
    if spec is None and isinstance(card.get("name"), str) and "first_mes" in card:
        data = card  # V1: the same fields, flat
    elif spec == CARD_SPEC:
        if card.get("spec_version") != CARD_SPEC_VERSION:
            raise UserError(
                f'{w} 的 spec_version 是 {card.get("spec_version")!r}，只支持 "2.0"。',
                f'{w} has spec_version {card.get("spec_version")!r}; only "2.0" is supported.',
            )
        data = card.get("data")
        if not isinstance(data, dict):
            raise UserError(
                f"{w} 缺少 data 对象，角色卡 V2 的内容都在 data 里。",
                f"{w} has no 'data' object; a V2 card keeps its fields under 'data'.",
            )
    elif isinstance(spec, str) and spec.startswith("chara_card_v"):
        raise UserError(
            f"{w} 是 {spec} 格式，请在原软件里导出为角色卡 V2（chara_card_v2）后再导入。",
            f"{w} uses {spec}; export it as a V2 card (chara_card_v2) in the other app, then import.",
        )
    else:
        raise UserError(
            f'{w} 不是角色卡：spec 应为 "chara_card_v2"。',
            f"{w} is not a character card: 'spec' should be \"chara_card_v2\".",
        )

    for key in _STR_FIELDS:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise UserError(f"{w} 的 data.{key} 必须是文字。", f"{w}: data.{key} must be text.")
    for key in ("alternate_greetings", "tags"):
        value = data.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise UserError(f"{w} 的 data.{key} 必须是文字列表。", f"{w}: data.{key} must be a list of texts.")
    extensions = data.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise UserError(f"{w} 的 data.extensions 必须是 JSON 对象。", f"{w}: data.extensions must be a JSON object.")
    name = (data.get("name") or "").strip()
    if not name:
        raise UserError(
            f"{w} 的 data.name（角色名字）是空的，请填上名字。",
            f"{w}: data.name (the character's name) is empty; fill it in.",
        )

    ours = (extensions or {}).get(EXTENSION_KEY)
    if isinstance(ours, dict) and "persona" in ours:
        persona = Persona.from_dict(ours["persona"], f"{w} (extensions.{EXTENSION_KEY})")
        exported = to_card(persona, ours.get("lang"))["data"]
        if all((data.get(k) or "") == exported[k] for k in _COMPOSED):
            for card_key, attr in _DIRECT.items():
                if card_key in data and data[card_key] != exported[card_key]:
                    setattr(persona, attr, data[card_key])  # edited in another app: the card wins
            persona.validate(w)
            return persona

    def text(key: str) -> str:
        return data.get(key) or ""

    extra = "\n\n".join(t for t in (text("system_prompt"), text("post_history_instructions")) if t)
    return Persona.from_dict(
        {
            "bot_name": name,
            "description": text("description"),
            "tone": text("personality") or "gentle",
            "scenario": text("scenario"),
            "greeting": text("first_mes"),
            "examples": text("mes_example"),
            "instructions": extra,
            "alternate_greetings": list(data.get("alternate_greetings") or []),
            "tags": list(data.get("tags") or []),
            "creator": text("creator"),
            "version": text("character_version") or "1",
            "language": guess_lang(" ".join((name, text("description"), text("first_mes")))),
        },
        w,
    )


def _png_card(raw: bytes, where: str) -> object:
    """The JSON inside a PNG character card (base64 in a tEXt/iTXt chunk named 'chara')."""
    pos, found = 8, None
    while pos + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[pos : pos + 8])
        chunk = raw[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"tEXt" and chunk.startswith(b"chara\x00"):
            found = chunk[6:]
        elif kind == b"iTXt" and chunk.startswith(b"chara\x00"):
            compressed = chunk[6:7] == b"\x01"
            body = chunk[8:].split(b"\x00", 2)[-1]  # skip language tag and translated keyword
            try:
                found = zlib.decompress(body) if compressed else body
            except zlib.error:
                found = None
        elif kind == b"IEND":
            break
    if found is None:
        raise UserError(
            f"{where} 这张 PNG 图片里没有角色卡数据（chara）。请导出带角色数据的 PNG 或 JSON。",
            f"{where}: this PNG holds no character data ('chara' chunk). Export the card as PNG with data, or as JSON.",
        )
    try:
        return _parse_json(base64.b64decode(found, validate=False), where)
    except (binascii.Error, ValueError):
        raise UserError(
            f"{where} 的角色数据无法解码（base64 损坏）。",
            f"{where}: the character data could not be decoded (broken base64).",
        ) from None


def export_card(
    ws: Workspace, persona: Persona, path: str | Path | None = None, lang: str | None = None, memory: dict | None = None
) -> Path:
    """Write the V2 card JSON (default exports/<name>.card.json) atomically; returns the path."""
    target = ws.resolve(path) if path else ws.resolve(ws.exports / f"{safe_name(persona.bot_name)}.card.json")
    atomic_write_json(target, to_card(persona, lang, memory))
    return target


def import_card(ws: Workspace, path: str | Path) -> Persona:
    """Read a card file from inside the workspace (JSON, or PNG with embedded data)."""
    doc, where = read_card_doc(ws, path)
    return from_card(doc, where)


def read_card_doc(ws: Workspace, path: str | Path) -> tuple[object, str]:
    """The parsed JSON of a card file in the workspace (JSON, or a PNG's embedded data) and its relative path."""
    try:
        real = ws.resolve(path)
    except OutsideWorkspace:
        raise UserError(
            f"{path} 不在工作区里，请先把角色卡上传到工作区再导入。",
            f"{path} is outside the workspace; upload the card into the workspace first.",
        ) from None
    return read_card_file(real, str(real.relative_to(ws.root)))


def read_card_file(real: Path, where: str) -> tuple[object, str]:
    """The parsed JSON of a card file already resolved (JSON, or a PNG's embedded data); `where` names it in
    sentences. The CLI passes a file the person named (relative to their folder), the UI one in the workspace."""
    if not real.is_file():
        raise UserError(f"找不到角色卡文件 {where}。", f"Character card file {where} not found.")
    if real.stat().st_size > MAX_CARD_BYTES:
        raise UserError(
            f"{where} 太大（超过 20 MB），不像是角色卡。", f"{where} is too large (over 20 MB) to be a character card."
        )
    raw = real.read_bytes()
    return (_png_card(raw, where) if raw.startswith(b"\x89PNG\r\n\x1a\n") else _parse_json(raw, where)), where
