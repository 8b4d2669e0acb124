"""The rules that turn counted quantities in a sentence into drafts of facts.

Each draft is a plain record (type, span, fields, stance, parent); ``_build`` turns drafts
into model objects and validates them. Rules read only normalised text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import attrs

from khcn import _regex
from khcn._data import load_json
from khcn.extraction._counts import _lexicon as _count_lexicon
from khcn.model.qualifier import Qualifier

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from khcn.extraction._counts import Count

__all__ = ["Draft", "MoneySpan", "has_named_ip", "part_stage", "read_named_ip", "read_sentence"]


@attrs.define
class Draft:
    """A fact before validation: its type, its span in the normalised text and its fields."""

    type: str  # enforcement | task | ip | activity
    start: int
    end: int
    fields: dict[str, Any]
    stance: str = "ket_qua"
    parent: Draft | None = None  # the total this fact is a part of
    anchor: int = -1  # where its figure stands (the evidence may start earlier)


@attrs.frozen
class MoneySpan:
    """A money mention in the normalised text (``amount`` None for a range)."""

    start: int
    end: int
    amount: Any  # a khcn Money, or None for a range
    is_range: bool


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@attrs.frozen
class _Lexicon:
    stage_re: _regex.Caseless
    stage_of: dict[str, str]
    level_re: _regex.Caseless
    level_of: dict[str, str]
    ip_stage_re: _regex.Caseless
    ip_stage_of: dict[str, str]
    ip_context_re: _regex.Caseless
    country_re: re.Pattern[str]
    kind_re: _regex.Caseless
    violation_re: _regex.Caseless
    violator_after_re: re.Pattern[str]
    fine_cue_re: _regex.Caseless
    not_fine_re: _regex.Caseless
    outcome_res: tuple[tuple[str, _regex.Caseless], ...]
    # the enforcement word groups (outcomes, classes, bases, domains), read by _marks:
    # each group's keys with their patterns, in lexicon order
    mark_res: dict[str, tuple[tuple[str, _regex.Caseless], ...]]
    # the first letter wherever a word of one of the groups starts (in the lowercase
    # text), with the rest of the longest word standing there in its last group
    mark_starts: re.Pattern[str]
    # each lowercase word: the (group, key) of every word standing where it stands
    mark_keys: dict[str, frozenset[tuple[str, str]]]
    # each (group, key): its place in lexicon order
    mark_order: dict[tuple[str, str], int]
    # each activity: its id, the nouns it counts, the pattern of its cue words and those words
    activities: tuple[tuple[str, frozenset[str], _regex.Caseless | None, tuple[str, ...]], ...]
    grade_re: re.Pattern[str]
    weak_stages: frozenset[str]
    named_ip_re: _regex.Caseless
    named_ip_of: dict[str, str]
    operation_joiner_re: _regex.Caseless
    basis_joiner_re: _regex.Caseless
    any_joiner_re: _regex.Caseless  # matches wherever one of the two above does
    import_check_re: re.Pattern[str]
    passive_stage_re: re.Pattern[str]


def _cut(text: str, low: str | None, start: int, end: int) -> str | None:
    """:func:`_regex.lowered` of ``text[start:end]``, cut from ``low``, the lowered ``text``
    (``None`` when ``text`` has no such lowercase, and the cut is lowercased alone).

    A sentence's rules search many windows of it caselessly; the report's lowercase is
    kept (:func:`_regex.lowered`), so a window's is a slice of it, not a new lowering.
    Each character lowercases on its own (the length of the text is kept, or ``low`` is
    ``None``), so the cut is the lowercase of the window, save one thing: a capital sigma
    lowercases to "ς" or "σ" by the letters around it, which no pattern here tells apart
    (none names either; both are word characters).
    """
    return low[start:end] if low is not None else _regex.lowered(text[start:end])


def _word_pattern(words: Iterable[str]) -> str:
    # (:func:`_regex.compile` writes it so the engine scans for the words' first letters)
    return rf"(?<!\w)(?:{_alternation(words)})(?!\w)"


def _word_re(words: Iterable[str]) -> re.Pattern[str]:
    return _regex.compile(_word_pattern(words), re.IGNORECASE)


def _words_caseless(words: Iterable[str]) -> _regex.Caseless:
    """:func:`_word_re` of ``words``, searched in the lowercase text."""
    return _regex.Caseless(_word_pattern(words))


_MARK_GROUPS = ("outcomes", "classes", "bases", "domains")


def _lower_letters(word: str) -> str:
    """``word`` as :class:`_regex.Caseless` lowercases a literal: letter by letter."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in word)


def _mark_starts(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern over lowercase text that matches the first letter of every place where
    one of ``words`` (lowercase) stands, its last group the rest of the longest one there.

    Matching one letter only, it finds the words that begin inside another ("nộp ngân
    sách" in "thu hồi nộp ngân sách"); opening on an alternation of letters, it is one
    the engine scans for in C. The rest of the word is read before the character before
    it: inside a word, where most such letters stand, the next letter rules it out first.
    """
    by_letter: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        by_letter.setdefault(w[0], []).append(w[1:])
    return _regex.compile(
        "|".join(
            rf"{re.escape(c)}(?=({_alternation(rests)})(?!\w))(?<!\w.)"
            for c, rests in by_letter.items()
        )
    )


def _keys_standing_with(
    words: Iterable[tuple[str, tuple[str, str]]],
) -> dict[str, frozenset[tuple[str, str]]]:
    """For each lowercase word, the keys of every word that stands wherever it stands.

    Where the longest of the words stands, the others that stand at the same place are
    those it begins with, followed in it by no word character ("kiến nghị" in "kiến
    nghị thu hồi", not "tiêu chuẩn" in "tiêu chuẩnx").
    """
    pairs = list(words)
    table: dict[str, frozenset[tuple[str, str]]] = {}
    for longest, _ in pairs:
        table[longest] = frozenset(
            key
            for word, key in pairs
            if longest.startswith(word)
            and (len(word) == len(longest) or not _is_word_char(longest[len(word)]))
        )
    return table


# "25 nhiệm vụ đã được đưa vào triển khai thực hiện", "8 đề tài được phê duyệt mới", "gần
# 300 nhiệm vụ đến hạn đang được các hội đồng đánh giá, nghiệm thu": the stage in the passive
# after the counted noun (general words that rarely name a stage there are left out)
_PASSIVE_LEAD = (
    r"\s*(?:(?:KH&CN|KHCN|khoa học và công nghệ|cấp (?:quốc gia|nhà nước|\w+)|đến hạn"
    r"|sau (?:khi )?nghiệm thu)\s*)*"
    r"(?:đã |đang |sẽ )?được (?:(?:các )?hội đồng (?:(?:KH&CN|tư vấn|cấp \w+) )*)?(?:đưa vào )?"
)
_NOT_PASSIVE = frozenset(
    {"danh mục", "quản lý", "theo dõi", "hỗ trợ", "kiểm tra", "xác định", "đề xuất", "tài trợ"}
)


@cache
def _lexicon() -> _Lexicon:
    data: dict[str, Any] = load_json("extraction.json")
    stage_of = {w.lower(): k for k, ws in data["task_stages"].items() for w in ws}
    level_of = {w.lower(): k for k, ws in data["task_levels"].items() for w in ws}
    ip_stage_of = {w.lower(): k for k, ws in data["ip_stages"].items() for w in ws}
    named_ip_of = {w.lower(): k for k, ws in data["ip_named_objects"].items() for w in ws}
    enf = data["enforcement"]
    kind_words = {w for ws in enf["kind_words"].values() for w in ws}
    mark_res = {g: tuple((k, _words_caseless(v)) for k, v in enf[g].items()) for g in _MARK_GROUPS}
    activities = []
    for entry in data["activities"]:
        cues = entry["cues"]
        activities.append(
            (
                entry["id"],
                frozenset(entry["nouns"]),
                _words_caseless(cues) if cues else None,
                tuple(cues),
            )
        )
    return _Lexicon(
        stage_re=_words_caseless(stage_of),
        stage_of=stage_of,
        passive_stage_re=_regex.compile(
            _PASSIVE_LEAD + f"({_alternation(set(stage_of) - _NOT_PASSIVE)})(?!\\w)",
            re.IGNORECASE,
        ),
        level_re=_words_caseless(level_of),
        level_of=level_of,
        # "nhận" (received) is no stage inside "chứng nhận", "xác nhận"
        ip_stage_re=_regex.Caseless(
            _word_pattern(ip_stage_of).replace(r"(?<!\w)", r"(?<!\w)(?<!chứng )(?<!xác )", 1)
        ),
        ip_stage_of=ip_stage_of,
        ip_context_re=_words_caseless(data["ip_context"]),
        country_re=_word_re(data["countries"]),
        # "Thanh tra Sở", "Thanh tra tỉnh" name an agency, not an operation.
        kind_re=_regex.Caseless(
            rf"(?<!\w)(?:{_alternation(kind_words)})(?!\w)"
            r"(?! (?:Sở|tỉnh|Bộ|Chính phủ|viên|thành phố|huyện)(?!\w))"
        ),
        violation_re=_words_caseless(enf["violation_cues"]),
        violator_after_re=_regex.compile(
            rf"\s*(?:{_alternation(enf['violator_after'])})(?!\w)", re.IGNORECASE
        ),
        fine_cue_re=_words_caseless(enf["fine_cues"]),
        not_fine_re=_words_caseless(enf["not_fine_cues"]),
        outcome_res=mark_res["outcomes"],
        mark_res=mark_res,
        mark_starts=_mark_starts(
            _lower_letters(w) for g in _MARK_GROUPS for v in enf[g].values() for w in v
        ),
        mark_keys=_keys_standing_with(
            (_lower_letters(w), (g, k)) for g in _MARK_GROUPS for k, v in enf[g].items() for w in v
        ),
        mark_order={
            (g, k): i for i, (g, k) in enumerate((g, k) for g in _MARK_GROUPS for k in enf[g])
        },
        activities=tuple(activities),
        weak_stages=frozenset(w.lower() for w in data["weak_task_stages"]),
        named_ip_re=_words_caseless(named_ip_of),
        named_ip_of=named_ip_of,
        operation_joiner_re=_words_caseless(enf["operation_joiners"]),
        basis_joiner_re=_words_caseless(enf["operation_joiners_with_basis"]),
        any_joiner_re=_words_caseless(
            [*enf["operation_joiners"], *enf["operation_joiners_with_basis"]]
        ),
        import_check_re=_regex.compile(
            rf"(?<!\w)(?:{'|'.join(enf['import_check'])})[^;.]{{0,60}}?$", re.IGNORECASE
        ),
        grade_re=_regex.compile(
            r"(?<!\w)(?:(?:loại|xếp loại|mức|kết quả)\s+)?(xuất sắc|không đạt|khá|trung bình|đạt)"
            r"(?!\w)",
            re.IGNORECASE,
        ),
    )


_GRADE_IDS = {
    "xuất sắc": "xuat_sac",
    "đạt": "dat",
    "không đạt": "khong_dat",
    "khá": "kha",
    "trung bình": "trung_binh",
}
_CONJ_GAP = _regex.compile(r"^\s*(?:(?:,|và|hoặc|/|hợp đồng|các|cho)\s*)+$", re.IGNORECASE)
_EMPTY_GAP = _regex.compile(r"^\s*$")
_BREAKDOWN = _regex.Caseless(
    r"[^;.()]{0,60}?(?:\(\s*(?:gồm|bao gồm|trong đó|trong số (?:đó|này)|cụ thể|chia ra|với)?"
    r"[:,]?\s*"
    r"|[,:]?\s*(?:trong đó|trong số (?:đó|này)|bao gồm|gồm|cụ thể|chia ra|riêng)\s*[:,]?\s*"
    # "… 1.136 văn bằng bảo hộ; trong đó có 14 …": past a semicolon
    r"|;\s*(?:trong đó|trong số (?:đó|này)|bao gồm|gồm|cụ thể|chia ra)(?:\s+có)?\s*[:,]?\s*)"
)
_POST_STAGE = _regex.Caseless(
    r"\s*(?:(?:KH&CN|KHCN|khoa học và công nghệ|cấp (?:quốc gia|nhà nước|\w+))\s*)*"
    r"(?:(?:đã )?được (?:hội đồng )?(?:đánh giá,? )?|đã |phải )?"
    r"(chuyển tiếp|mở mới|nghiệm thu|thanh lý|đang triển khai|"
    r"chấm dứt|gia hạn|điều chỉnh)",
)
_BAND = _regex.compile(r"mức phạt|khung phạt|phạt tiền từ|phạt từ|bị phạt", re.IGNORECASE)
_SUBJECT_NOUNS = frozenset({"doanh_nghiep_khcn", "to_chuc_khcn"})


def _stage_matches(
    window: str, low: str | None, *, after_count: bool = False
) -> list[re.Match[str]]:
    """Stages named before a count; coordinated stages ("nghiệm thu và thanh lý") all count.

    A general verb ("triển khai", "thực hiện") gives way to a specific stage beside it
    ("triển khai nghiệm thu" is an acceptance). With ``after_count`` the window starts
    right after another count, and stage words at its very start describe that count
    ("37 nhiệm vụ chuyển tiếp và 15 …"), not the next one; after a comma they are the
    next statement's verb ("ký hợp đồng 16 nhiệm vụ, nghiệm thu 13 nhiệm vụ"). ``low`` is
    the :func:`_regex.lowered` ``window``.
    """
    lex = _lexicon()
    matches = list(lex.stage_re.finditer_low(window, low))
    if after_count:
        matches = [m for m in matches if window[: m.start()].strip()]
    if not matches:
        return []
    groups: list[list[re.Match[str]]] = [[matches[0]]]
    for prev, cur in pairwise(matches):
        gap = window[prev.end() : cur.start()]
        if _EMPTY_GAP.match(gap):
            if _is_weak(groups[-1][-1]) and not _is_weak(cur):
                groups[-1][-1] = cur  # "triển khai nghiệm thu": the specific stage
            continue  # "ký hợp đồng triển khai": the second words modify the first
        if _CONJ_GAP.match(gap):
            groups[-1].append(cur)
        else:
            groups.append([cur])
    chosen = groups[-1]
    if all(_is_weak(m) for m in chosen):
        # a section label ending in ':' ("Công tác nghiệm thu …: quản lý 93 nhiệm vụ")
        # names the section, not the statement after it
        label_end = window.rfind(":", 0, chosen[0].start())
        specific = [
            g for g in groups[:-1] if not all(_is_weak(m) for m in g) and g[0].start() > label_end
        ]
        if specific:
            chosen = specific[-1]  # "gia hạn thời gian thực hiện": the amendment
    return chosen


def _stages(window: str, *, after_count: bool = False) -> list[str]:
    """The stages of :func:`_stage_matches`, each once, in order."""
    return _stage_ids(_stage_matches(window, _regex.lowered(window), after_count=after_count))


def _stage_ids(matches: Sequence[re.Match[str]]) -> list[str]:
    """The stages the matches of :func:`_stage_matches` name, each once, in order."""
    lex = _lexicon()
    stages: list[str] = []
    for m in matches:
        stage = lex.stage_of[m.group().lower()]
        if stage not in stages:
            stages.append(stage)
    return stages


_SUPPORT = _regex.compile(r"(?<!\w)hỗ trợ(?!\w)", re.IGNORECASE)
_ADVICE_WORD = _regex.compile(r"(?<!\w)(?:hướng dẫn|tư vấn)(?!\w)", re.IGNORECASE)
_ADVICE = _regex.compile(r"hướng dẫn|tư vấn", re.IGNORECASE)
_ADVICE_OR_SUPPORT = _regex.Caseless(r"hướng dẫn|tư vấn|hỗ trợ")
_RECOGNISED = _regex.compile(r"công nhận", re.IGNORECASE)
_RECOVERY = _regex.compile(r"thu hồi(?!.*phạt)", re.IGNORECASE)
_PENALTY = _regex.compile(r"phạt", re.IGNORECASE)
_FINE_WORDS = _regex.compile(r"phạt tiền", re.IGNORECASE)


def _manages(window: str) -> bool:
    """Whether a plain "dự án" count is a task: a task stage other than bare support
    ("hỗ trợ 12 dự án khởi nghiệp" funds projects, it does not manage S&T tasks)."""
    return bool(_stages(_SUPPORT.sub(" ", window)))


def _is_weak(m: re.Match[str]) -> bool:
    return m.group().lower() in _lexicon().weak_stages


_MODIFIERS_END = _regex.Caseless(
    r"[;,.()\n:\d]"
    r"|\s(?:và|hoặc|cùng|với|trong đó|trong số (?:đó|này)|gồm|bao gồm|đối với|tại|cho)(?!\w)"
)


def _after_noun(text: str, count: Count, low: str | None, limit: int = 60) -> str:
    """The modifiers right after a counted noun ("KH&CN cấp tỉnh"), up to punctuation,
    a conjunction or the next figure (``low``: the :func:`_regex.lowered` ``text``)."""
    # (searched in place: the pattern looks at nothing before its match, and reads the
    # end of the search as the end of the text, as it would read the end of a slice)
    m = _MODIFIERS_END.search_low(text, low, count.end, count.end + limit)
    return text[count.end : m.start() if m else count.end + limit]


_CLAUSE_MARK = _regex.compile(r"[,;:()]")
_PRE_ACCEPTANCE = _regex.compile(r"nghiệm thu\s*$", re.IGNORECASE)


def _level(count: Count, window: str, after: str, low: str | None) -> str | None:
    """The level the counted noun states, else one stated just before it in its clause.

    "Số nhiệm vụ cấp tỉnh đang quản lý là 52", "nghiệm thu cấp tỉnh 05 nhiệm vụ"; but
    "nghiệm thu cấp cơ sở" is a pre-acceptance step, not a level. ``after`` is the
    :func:`_after_noun` of the count, ``low`` the :func:`_regex.lowered` ``window``.
    """
    lex = _lexicon()
    m = lex.level_re.search(count.unit_text + " " + after)
    if m is not None:
        return lex.level_of[m.group().lower()]
    # after the last of ",;:()" (the end of the last _CLAUSE_MARK match)
    cut = max(window.rfind(","), window.rfind(";"), window.rfind(":"), window.rfind("(")) + 1
    cut = max(cut, window.rfind(")") + 1)
    tail = window[cut:]
    found = list(lex.level_re.finditer_low(tail, _cut(window, low, cut, len(window))))
    if not found:
        return None
    last = found[-1]
    level = lex.level_of[last.group().lower()]
    if level == "co_so" and _PRE_ACCEPTANCE.search(tail[: last.start()]):
        return None
    return level


_PAREN_OPEN = _regex.compile(r"[^;.()\d]{0,60}?\(")
_PAREN_CHAR = _regex.compile(r"[()]")
_PAREN_REACH = 600


def _paren_after(text: str, pos: int, stop: int) -> tuple[int, int] | None:
    """The span inside the parenthesis opening right after ``pos`` (skipping modifiers).

    A parenthesis that does not close within ``_PAREN_REACH`` characters is not one.
    """
    m = _PAREN_OPEN.match(text, pos, stop)
    if m is None:
        return None
    depth = 1
    for p in _PAREN_CHAR.finditer(text, m.end(), min(stop, m.end() + _PAREN_REACH)):
        depth += 1 if p.group() == "(" else -1
        if depth == 0:
            return m.end(), p.start()
    return None


def _nearest(res: Sequence[tuple[str, _regex.Caseless]], text: str, low: str | None) -> str | None:
    """The key whose pattern matches last in ``text`` (nearest to what follows it); ``low``
    is the :func:`_regex.lowered` ``text``."""
    best: tuple[int, str] | None = None
    for key, r in res:
        for m in r.finditer_low(text, low):
            if best is None or m.end() > best[0]:
                best = (m.end(), key)
    return best[1] if best else None


def _marks(text: str) -> dict[str, list[str]]:
    """The keys of each enforcement word group (outcomes, classes, bases, domains) whose
    words stand in ``text``, each group's in lexicon order.

    One scan finds the places where a word of some group starts, and the longest word
    standing there; the keys standing with it are looked up. A text whose lowercase does
    not read as IGNORECASE reads is searched key by key.
    """
    return _marks_in(text, _regex.lowered(text))


def _marks_in(text: str, low: str | None) -> dict[str, list[str]]:
    """:func:`_marks` of ``text``, given ``low``, the :func:`_regex.lowered` ``text``."""
    lex = _lexicon()
    if low is None:
        return {g: [k for k, r in res if r.search(text)] for g, res in lex.mark_res.items()}
    found: set[tuple[str, str]] = set()
    for m in lex.mark_starts.finditer(low):
        found |= lex.mark_keys[low[m.start() : m.end(m.lastindex or 0)]]
    # (the groups of _MARK_GROUPS, written out: a literal is built faster than a comprehension)
    out: dict[str, list[str]] = {"outcomes": [], "classes": [], "bases": [], "domains": []}
    if found:
        for g, k in sorted(found, key=lex.mark_order.__getitem__):
            out[g].append(k)
    return out


def _is_word_char(c: str) -> bool:
    """Whether ``re`` reads ``c`` as ``\\w``."""
    return c.isalnum() or c == "_"


def read_sentence(
    text: str,
    start: int,
    end: int,
    counts: Sequence[Count],
    money: Sequence[MoneySpan],
    stance: str,
    context: dict[str, Any],
) -> list[Draft]:
    """Drafts of the facts one sentence states, in text order.

    ``counts`` and ``money`` are the mentions inside ``text[start:end]``, in order.
    ``context`` carries what a later sentence may refer back to (the last acceptance
    count, which a grade statement grades).
    """
    lex = _lexicon()
    # the report's lowercase (kept by _regex.lowered): the windows searched caselessly
    # are cut from it (_cut), not lowercased each
    low = _regex.lowered(text)
    drafts: list[Draft] = []
    consumed: set[int] = set()  # indexes of counts used as grades or outcome breakdowns
    enforcement = _EnforcementReader(text, start, end, stance, low)
    # the modifiers after each count's noun (_after_noun), which several rules read
    afters = [_after_noun(text, c, low) for c in counts]
    for i, c in enumerate(counts):
        if i in consumed:
            continue
        after = afters[i]
        prev_end = counts[i - 1].end + len(afters[i - 1]) if i else start
        # the clause around the count, read at most _REACH characters either side
        lo = max(start, c.start - _REACH)
        hi = min(end, c.end + _REACH)
        clause_start = max(text.rfind(";", lo, c.start) + 1, lo)
        window_start = max(prev_end, clause_start, c.start - 160)
        # a separate operation opened since: its own verb governs the count, and the
        # window no longer starts right after the count before
        operation = enforcement.boundary_before(c.start)
        opened = operation > window_start
        window_start = max(window_start, operation)
        window = text[window_start : c.start]
        window_low = _cut(text, low, window_start, c.start)
        clause_end = text.find(";", c.end, hi)
        clause_end = hi if clause_end < 0 else clause_end
        clause = text[clause_start:clause_end]
        family = c.unit.family
        after_count = bool(i) and prev_end > clause_start and not opened
        if family == "campaign":
            enforcement.add_campaign(c, window, window_low)
            continue
        if c.unit.noun == "ho_so" and (imp := lex.import_check_re.search(window)):
            # "kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu đối với 120 hồ sơ"
            enforcement.add_import_check(c, c.start - len(window) + imp.start())
            continue
        if c.unit.noun == "lo_hang_nhap_khau" and (imp := _STATE_CHECK.search(window)):
            # "kiểm tra nhà nước về chất lượng đối với 312 lô hàng hóa nhập khẩu"
            enforcement.add_import_check(c, c.start - len(window) + imp.start())
            continue
        listed = _list_parent(text, c, window, context)
        plain_project = family == "noun" and c.unit.noun == "du_an"
        bare_list = None
        if listed is not None and (family == "task" or plain_project):
            if not listed["bare"]:
                drafts.extend(
                    _listed_parts(text, c, window, window_low, low, after, stance, listed)
                )
                continue
            bare_list = listed  # "…: 37 nhiệm vụ chuyển tiếp; 15 nhiệm vụ mở mới"
        # the count just before is a task this sentence has read with a stage
        task_before = (
            bool(i)
            and bool(drafts)
            and drafts[-1].type == "task"
            and drafts[-1].anchor == counts[i - 1].num_start
            and (
                drafts[-1].fields["stage"] is not None
                # "(14 đề tài, 8 dự án)": a part, whose stage is its total's
                or _same_paren(text, start, counts[i - 1].start, c.start)
            )
        )
        if (
            family == "task"
            or bare_list is not None
            or (
                plain_project
                and (
                    _manages(window)
                    or (
                        task_before
                        and context.get("task_stages")
                        and _coordinated_with_before(
                            text, window, i, after_count, prev_end, clause_start
                        )
                    )
                )
            )
        ):
            # "nghiệm thu 05 đề tài và 03 dự án": a project beside a task count is a task
            accepted: list[Draft] = context.get("acceptance", [])
            found = _stage_matches(window, window_low, after_count=after_count)
            stages = _stage_ids(found)
            grade = _grade_before(window, window_low) or _grade_after(text, c, low)
            if (
                grade is not None
                and accepted
                # (the grade of what was accepted before: no stage, or "kết quả nghiệm thu")
                and (not stages or _RESULT_OF.search_low(window, window_low) is not None)
            ):
                _apply_grade(text, drafts, accepted, grade, c)
                continue
            post = _post_stage(text, c, low) or c.hint("stage")  # "14 hồ sơ đề xuất nhiệm vụ"
            if post is not None and set(stages) <= {"trien_khai", post}:
                stages = [post]  # "gồm 15 nhiệm vụ chuyển tiếp": the noun's own stage
            elif not stages and (passive := _passive_stage(text, c)) is not None:
                stages = [passive]  # "8 đề tài được phê duyệt mới"
            elif (
                not stages
                and context.get("task_stages")
                and _coordinated_with_before(text, window, i, after_count, prev_end, clause_start)
            ):
                stages = list(context["task_stages"])
            made = _task_drafts(
                text, c, window, stance, stages, after=after, low=window_low, text_low=low
            )
            if len(stages) > 1 and len(found) > 1:
                # "xét duyệt thuyết minh, thẩm định kinh phí và ký hợp đồng 10 nhiệm vụ":
                # every stage's fact starts at the first stage of the list
                lead = c.start - len(window) + found[0].start()
                for d in made:
                    d.start = min(d.start, lead)
            if bare_list is not None:
                _attach_bare_part(made, bare_list)
            elif made and made[0].fields["stage"] is not None:
                context["task_stages"] = [d.fields["stage"] for d in made]
                _open_list(text, c, end, made, context, after, low)
            if grade is not None:
                for d in made:
                    d.fields["grade"] = grade
                context.setdefault("graded", set()).update(d.anchor for d in made)
            drafts.extend(made)
            if any(d.fields["stage"] == "nghiem_thu" for d in made):
                context["acceptance"] = [d for d in made if d.fields["stage"] == "nghiem_thu"]
                graded = context.setdefault("graded", set())
                _grades_after(text, c, end, counts, i, consumed, drafts, made, graded)
            continue
        if family == "ip":
            coordinated = _coordinated_with_before(
                text, window, i, after_count, prev_end, clause_start
            )
            inherited = context.get("ip_stage") if coordinated else None
            draft = _ip_draft(text, c, window, window_low, clause, stance, inherited)
            if draft is not None:
                drafts.append(draft)
                context["ip_stage"] = draft.fields["stage"]
            continue
        holders = family == "subject" or c.unit.noun in _SUBJECT_NOUNS
        use = _USE_RIGHT.match_low(text, low, c.end) if holders else None
        granted = (
            _GRANT_USE_BEFORE.search_low(window, window_low) if holders and use is None else None
        )
        if use is not None or granted is not None:
            # "Chỉ dẫn địa lý “Cao Phong” …, với 156 tổ chức, cá nhân được cấp quyền sử dụng",
            # "cấp quyền sử dụng chỉ dẫn địa lý “Bến Tre” … cho 06 tổ chức, cá nhân"
            drafts.append(
                _counted_ip(
                    c,
                    _trigger_start(text, window, c)
                    if granted is None
                    else c.start - len(window) + granted.start(),
                    c.end if use is None else use.end(),
                    _named_object_before(text, start, c.start),
                    "quan_ly_khai_thac",
                    stance,
                )
            )
            continue
        carried = _CARRIES_OUT.match_low(text, low, c.end) if holders else None
        if carried is not None and (stages := _stages(window)):
            # "hỗ trợ 09 doanh nghiệp thực hiện dự án đổi mới công nghệ": a task per firm
            for d in _task_drafts(
                text, c, window, stance, stages, after=after, low=window_low, text_low=low
            ):
                noun = carried.group("noun")
                d.fields["kind"] = _CARRIED_KINDS[noun.lower()] if noun else "nhiem_vu_dmst"
                d.end = carried.end()
                drafts.append(d)
            continue
        activity = None
        running = False
        # "hỗ trợ 08 chủ thể đăng ký bảo hộ nhãn hiệu cho sản phẩm OCOP": IP advice or
        # support outweighs an activity named only later in the clause
        clause_low = _cut(text, low, clause_start, clause_end)
        ip_help = (
            (family == "subject" or c.unit.noun in _SUBJECT_NOUNS or c.unit.noun == "san_pham")
            and _ADVICE_OR_SUPPORT.search_low(window, window_low) is not None
            and lex.ip_context_re.search_low(clause, clause_low) is not None
        )
        if not (
            family == "subject"
            and (_enforcing(window, window_low) or _penalised_later(text, c, low, window))
        ):
            activity = _activity(
                c, clause, window, after, window_low, clause_low, fallback=not ip_help
            )
            running = False
            if activity is None:
                # "kiểm định 2.846 phương tiện đo; lũy kế 10 tháng đạt 24.530 phương tiện đo",
                # "Cấp 04 giấy phép …; ước cả năm cấp 07 giấy phép": the running total of the
                # activity just counted with the same noun (in the sentence, or reached)
                prior = context.get("activities", {}).get(c.unit.noun)
                if (
                    prior is not None
                    and family == "noun"  # a thing counted, not establishments
                    and _near_before(text, prior[1], c.start)
                    and (prior[1] >= start or _ELLIPTIC.search(window))
                ):
                    activity, running = prior[0], True
        if activity is not None:
            context.setdefault("activities", {})[c.unit.noun] = (activity, c.end)
            drafts.append(
                Draft(
                    "activity",
                    _trigger_start(text, window, c),
                    _named_type_end(text, c, activity),
                    {
                        "activity": activity,
                        "count": c.value,
                        "qualifier": c.qualifier.value,
                        "unit": c.unit_text,
                        "running": running,
                    },
                    stance,
                    anchor=c.num_start,
                )
            )
            continue
        if family == "subject" or c.unit.noun in _SUBJECT_NOUNS or c.unit.noun == "san_pham":
            is_product = c.unit.noun == "san_pham"
            if ip_help:
                stage = "huong_dan" if _ADVICE.search(window) else "ho_tro"
                object_type = _object_after(text, c, 80) or _object_in(
                    window[window.rfind(",") + 1 :]
                )
                drafts.append(
                    _counted_ip(
                        c, _trigger_start(text, window, c), c.end, object_type, stage, stance
                    )
                )
                continue
            if not is_product:
                # "xử phạt 06 cơ sở … 87,5 triệu đồng; 03 cơ sở … 21 triệu đồng": a clause
                # that opens on its count shares the verb of the clause before it
                elliptic = bool(i) and not window.strip(" ;") and ";" in text[prev_end : c.start]
                enforcement.add_subject(
                    c, window, window_low, counts, i, consumed, elliptic=elliptic
                )
    previous: Draft | None = context.pop("last_enforcement", None)
    for m in money:
        if enforcement.add_money(m):
            continue
        if previous is not None and not counts:
            _fine_of_previous(text, previous, m)
            previous = None
        elif not context.get("fined") and m.amount is not None:
            # "Chánh Thanh tra Sở ban hành 07 quyết định xử phạt … tổng số tiền 42 triệu
            # đồng": the fines of decisions, in a report that stated no fine before (which
            # this could restate)
            decisions = _DECISIONS.search(text, max(start, m.start - 120), m.start)
            if decisions is not None:
                enforcement.add_fine_only(m, decisions.start())
    made = enforcement.finish()
    if any(d.type == "enforcement" and d.fields["fine"] is not None for d in made):
        context["fined"] = True
    merged = False
    of_total = (
        previous is not None
        and bool(made)
        and _results_of_list_total(text, start, previous, made[0])
    )
    if of_total and previous is not None:
        # "- … 04 cuộc, trong đó:\n+ …: 02 cuộc;\n+ …: 02 cuộc.\n- Kết quả: phát hiện …": the
        # outer list's next item states what the total found, not its last part
        previous = previous.parent
    if (
        previous is not None
        and made
        and (of_total or _carries_results(text, start, previous, made[0]))
    ):
        # "…, Sở tổ chức 6 đoàn kiểm tra tại 74 cơ sở. Kết quả, 12 cơ sở bị xử phạt …":
        # the sentence states what the operation before it found
        _take_results(previous, made[0])
        for d in made[1:]:
            if d.parent is made[0]:
                d.parent = previous
                if d.fields.get("kind") is None:
                    d.fields["kind"] = previous.fields["kind"]
        made, merged = made[1:], True
    if previous is not None and len(made) == 1 and _continues(text, previous, made[0]):
        # "- Số cuộc thanh tra: 05 cuộc.\n- Số cơ sở được thanh tra: 47 cơ sở.": the lines
        # of one form fill in one action
        for key in ("subjects", "violators"):
            if made[0].fields[key] is not None:
                previous.fields[key] = made[0].fields[key]
                previous.fields[f"{key}_qualifier"] = made[0].fields[f"{key}_qualifier"]
        previous.end = made[0].end
        made, merged = [], True
    drafts.extend(made)
    if (not counts or merged) and previous is not None:
        context["last_enforcement"] = previous  # a sentence without figures keeps it open
    elif made and made[-1].parent is None:
        context["last_enforcement"] = made[-1]
    elif made:
        context["last_enforcement"] = made[-1].parent
    drafts.extend(_read_named_ip(text, start, end, counts, stance, low))
    _link_breakdowns(text, end, counts, drafts, low)
    drafts.sort(key=lambda d: (d.start, -d.end))
    return drafts


def _coordinated_with_before(
    text: str, window: str, i: int, after_count: bool, prev_end: int, clause_start: int
) -> bool:
    """Whether the count after ``window`` (the ``i``-th of its sentence) is joined to the
    one before it, as a further item or as a part of it (read only by the rules that ask:
    a task, a plain project or an IP count)."""
    return (
        (after_count and _coordinated(window))
        or (
            # "… 1.136 văn bằng bảo hộ; trong đó có 14 bằng sáng chế …": a breakdown of
            # the count just before, past the semicolon
            bool(i)
            and _BREAKDOWN_LEAD.fullmatch(window) is not None
            and text[prev_end:clause_start].strip() == ";"
        )
        # "cấp 29 văn bằng bảo hộ (27 nhãn hiệu, …)": the first part, in parentheses
        or (after_count and _PAREN_LEAD.fullmatch(window) is not None)
    )


_VAGUE_BEFORE = _regex.compile(
    r"(?<!\w)(?:các|những|nhiều|một số|mọi|từng)\s*$|\d\s*$", re.IGNORECASE
)
_REACH = 200
_AT = _regex.compile(r"(?<!\w)tại\s")
_FILING = _regex.compile(r"(?<!\w)(?:đăng ký|nộp đơn|bảo hộ|Madrid)(?!\w)", re.IGNORECASE)


def has_named_ip(text: str, start: int, end: int) -> bool:
    """Whether a sentence names a collective, certification mark or geographical indication."""
    lex = _lexicon()
    low = _regex.lowered(text)
    if not lex.named_ip_re.may_hold(low, start, end):
        return False
    return lex.named_ip_re.search_low(text, low, start, end) is not None


def read_named_ip(
    text: str, start: int, end: int, counts: Sequence[Count], stance: str
) -> list[Draft]:
    """One named IP object without a number: 'Chỉ dẫn địa lý "X" … được cấp văn bằng'.

    Collective and certification marks and geographical indications are written about one
    at a time, by name, so a stage verb around such a name is a fact with no count. The
    object must be named (a quoted or capitalised name), filed abroad ("tại Hoa Kỳ") or
    granted ("được cấp giấy chứng nhận đăng ký …"); a mention inside a counted phrase
    ("hỗ trợ 03 hợp tác xã xây dựng nhãn hiệu tập thể") belongs to that count.
    """
    return _read_named_ip(text, start, end, counts, stance, _regex.lowered(text))


def _read_named_ip(
    text: str, start: int, end: int, counts: Sequence[Count], stance: str, low: str | None
) -> list[Draft]:
    """:func:`read_named_ip`, given ``low``, the :func:`_regex.lowered` ``text``."""
    lex = _lexicon()
    out: list[Draft] = []
    if not lex.named_ip_re.may_hold(low, start, end):
        return out
    starts: list[int] = []
    ends: list[int] = []
    for i, m in enumerate(lex.named_ip_re.finditer_low(text, low, start, end)):
        if not i:  # (most sentences name none)
            starts = [c.num_start for c in counts]
            ends = sorted(c.end for c in counts)
        # a bounded neighbourhood: the clause around the name, at most _REACH either side
        lo = max(start, m.start() - _REACH)
        hi = min(end, m.end() + _REACH)
        clause_start = max(lo, text.rfind(";", lo, m.start()) + 1)
        clause_end = text.find(";", m.end(), hi)
        clause_end = hi if clause_end < 0 else clause_end
        seg_start = max(clause_start, text.rfind(",", clause_start, m.start()) + 1)
        seg_end = text.find(",", m.end(), clause_end)
        seg_end = clause_end if seg_end < 0 else seg_end
        k = bisect_left(starts, seg_start)
        if k < len(starts) and starts[k] < seg_end:
            continue
        if _VAGUE_BEFORE.search(text[max(clause_start, m.start() - 12) : m.start()]):
            continue
        # what was done to it: the nearest stage word before it (after any figure) …
        before_start = clause_start
        k = bisect_right(ends, m.start())
        if k and ends[k - 1] >= clause_start:
            before_start = ends[k - 1]
        first: tuple[int, int] | None = None
        stage: str | None = None
        near = list(lex.ip_stage_re.finditer_low(text, low, seg_start, m.start()))
        if not near:
            near = list(lex.ip_stage_re.finditer_low(text, low, before_start, m.start()))
        if near:
            stage = lex.ip_stage_of[near[-1].group().lower()]
            first = near[-1].span()
        # … or, for "X được cấp …", the first one after it
        k = bisect_left(starts, m.end())
        stop = starts[k] if k < len(starts) and starts[k] < clause_end else clause_end
        last_end = m.end()
        if stage is None:
            after = lex.ip_stage_re.search_low(text, low, m.end(), stop)
            if after is not None:
                stage = lex.ip_stage_of[after.group().lower()]
                last_end = after.end()
        countries: list[str] = []
        at = _AT.search(text, m.end(), stop)
        if at is not None:
            found = list(lex.country_re.finditer(text, at.end(), stop))
            countries = [x.group() for x in found]
            if found and _FILING.search(text, seg_start, stop):
                stage = "dang_ky_quoc_te"
                last_end = max(last_end, found[-1].end())
        if stage is None:
            continue
        rest = text[m.end() : m.end() + 4].lstrip()
        named = bool(rest) and (rest[0] in "\"“”«'" or rest[0].isupper())
        if not (named or countries or stage == "cap_van_bang"):
            continue
        begin = first[0] if first is not None else m.start()
        name, name_end = _filing_name(text, m.end(), stop) if named else (None, m.end())
        object_type = lex.named_ip_of[m.group().lower()]
        fields: dict[str, Any] = {
            "object_type": object_type,
            "stage": stage,
            "count": None,
            "qualifier": "exact",
            "jurisdictions": countries,
        }
        if name is not None:
            # one named filing: a count of 1 linked to it (IPCount.of_filing)
            fields["count"] = 1
            fields["filing"] = {
                "object_type": object_type,
                "title": name,
                "jurisdictions": countries,
                "stage": stage,
            }
        out.append(Draft("ip", begin, max(last_end, name_end), fields, stance, anchor=m.start()))
    return out


_QUOTED_NAME = _regex.compile(r"\s*[\"“”«']([^\"“”«»'\n;]{1,80})[\"“”»']")
_NAME_WORD = _regex.compile(r"\s*(\w+)")
_NEXT_NAME = _regex.compile(r"\s*(?:,|và|hoặc|;)\s*(\S)", re.IGNORECASE)


def _filing_name(text: str, pos: int, stop: int) -> tuple[str | None, int]:
    """The name of the one filing written right after its object type: a quoted name
    ('nhãn hiệu chứng nhận "Gạo X"') or a run of capitalised words ("chỉ dẫn địa lý Thanh
    Hà"), else None; and where the name ends."""
    m = _QUOTED_NAME.match(text, pos, stop)
    if m is not None:
        name, at = m.group(1).strip(), m.end()
    else:
        words: list[str] = []
        at = pos
        while len(words) < 6 and (w := _NAME_WORD.match(text, at, stop)) is not None:
            if not w.group(1)[0].isupper() or w.group(1).isdigit():
                break
            words.append(w.group(1))
            at = w.end()
        name = " ".join(words)
    nxt = _NEXT_NAME.match(text, at, stop)
    if nxt is not None and (nxt.group(1) in "\"“”«'" or nxt.group(1).isupper()):
        return None, at  # 'nhãn hiệu "A", "B" và "C"': several filings, not one
    return name or None, at


def _enforcing(window: str, low: str | None) -> bool:
    """Whether the verb right before a count inspects or sanctions ("kiểm tra đột xuất 02 …");
    ``low`` is the :func:`_regex.lowered` ``window``."""
    lex = _lexicon()
    cut = max(window.rfind(","), window.rfind(";"), window.rfind(":")) + 1
    tail, tail_low = window[cut:], _cut(window, low, cut, len(window))
    if lex.kind_re.search_low(tail, tail_low) or lex.violation_re.search_low(tail, tail_low):
        return True
    # "kiểm tra đột xuất về việc công bố hợp chuẩn, hợp quy … đối với 02 doanh nghiệp":
    # the subjects of a check on a stated topic, whatever the topic lists
    if _SUBJECT_LEAD.search(window):
        cut = max(window.rfind(";"), window.rfind(":")) + 1
        scope = window[cut:]
        for m in lex.kind_re.finditer_low(scope, _cut(window, low, cut, len(window))):
            if _CHECK_TOPIC.match(scope, m.end()):
                return True
    return False


# "03 cơ sở kinh doanh mũ bảo hiểm không có dấu hợp quy CR bị xử phạt …": establishments
# sanctioned, named as such at the end of their clause
_PENALISED_LATER = _regex.Caseless(
    r"[^.;:,()\d]{0,100}?(?<!\w)(?<!không )(?<!chưa )(?<!nào )(?<!đều )"
    r"(?:(?:chỉ |đã )?bị (?:xử phạt|phạt|xử lý|nhắc nhở|cảnh cáo)"
    # "05 cơ sở có lượng thiếu vượt giới hạn cho phép": found in breach
    r"|có (?:vi phạm|sai phạm)|vượt (?:mức|giới hạn) cho phép"
    # "03 cơ sở có lượng hàng đóng gói sẵn không đạt yêu cầu", "02 cơ sở ghi nhãn chưa đầy đủ"
    # (a breach in words: not for a count a check governs, "kiểm tra 30 cơ sở không …")
    r"|(?P<breach>(?:không|chưa) (?:đạt yêu cầu|bảo đảm chất lượng|đảm bảo chất lượng"
    r"|đúng quy định)|chưa đầy đủ))(?!\w)",
)


def _penalised_later(text: str, c: Count, low: str | None, window: str = "") -> bool:
    """Whether the clause of a count of establishments says they were sanctioned or found
    in breach (the latter not when a check governs the count: ``window`` is the text
    before it); ``low`` is the :func:`_regex.lowered` ``text``."""
    m = _PENALISED_LATER.match_low(text, low, c.end)
    if m is None:
        return False
    if m.group("breach") is None:
        return True
    tail = window[max(window.rfind(","), window.rfind(";"), window.rfind(":")) + 1 :]
    return _lexicon().kind_re.search(tail) is None


def _breach_only(text: str, c: Count, window: str, low: str | None, text_low: str | None) -> bool:
    """Whether a count of establishments is in breach by the words after it ("02 cơ sở ghi
    nhãn chưa đầy đủ") and no sanction names it (before or after); ``low`` is the
    :func:`_regex.lowered` ``window``, ``text_low`` that of ``text``."""
    m = _PENALISED_LATER.match_low(text, text_low, c.end)
    return (
        m is not None
        and m.group("breach") is not None
        and _nearest(_lexicon().outcome_res, window, low) is None
    )


_SUBJECT_LEAD = _regex.compile(r"(?<!\w)(?:đối với|của)\s*$", re.IGNORECASE)
# "kiểm tra (đột xuất) về …", "kiểm tra việc …", "kiểm tra đột xuất hoạt động …"
_CHECK_TOPIC = _regex.compile(
    r"(?:\s*(?:đột xuất|thường xuyên|định kỳ|chuyên đề|liên ngành|chuyên ngành|nhà nước|,|và)"
    r"(?!\w))*\s+(?:về|việc)(?!\w)"
    r"|\s+(?:đột xuất|thường xuyên|định kỳ|chuyên đề|liên ngành|chuyên ngành)(?!\w)",
    re.IGNORECASE,
)


def _counted_ip(
    c: Count, begin: int, end: int, object_type: str | None, stage: str, stance: str
) -> Draft:
    """An IP fact counted by holders or applicants, named by no country."""
    fields: dict[str, Any] = {
        "object_type": object_type,
        "stage": stage,
        "count": c.value,
        "qualifier": c.qualifier.value,
        "jurisdictions": [],
    }
    return Draft("ip", begin, end, fields, stance, anchor=c.num_start)


def _trigger_start(text: str, window: str, c: Count) -> int:
    """Start the evidence at the verb that governs the count, when it is close by."""
    w = window.rstrip()
    if w.endswith(":"):
        # a label before its figure: "Tổng số đề tài, dự án đang triển khai: 41"
        label = w[:-1]
        cut = max(label.rfind(";"), label.rfind("("), label.rfind(")"), label.rfind("\n"))
        tail = label[cut + 1 :].lstrip(" -+•*")
        if 0 < len(tail) <= 100:
            return c.start - len(window) + len(label) - len(tail)
    # the clause the count ends: what follows the last of ",;:()" (as r"[^,;:()]*$" finds)
    tail = w[max(w.rfind(","), w.rfind(";"), w.rfind(":"), w.rfind("("), w.rfind(")")) + 1 :]
    offset = len(w) - len(tail.lstrip())
    start = c.start - len(window) + offset
    return start if c.start - start <= 80 else c.start


_RESULT_OF = _regex.Caseless(r"kết quả\s+(?:nghiệm thu|đánh giá)")
_COORDINATED = _regex.compile(
    r"[^;:.()\d]{0,40}?(?:,|\bvà\b|\bcùng\b)"
    r"(?:\s*(?:trong đó|trong số (?:đó|này)|bao gồm|gồm|cụ thể|riêng)(?: có| là)?\s*"
    r"|[^;:.()\d]{0,12})",
    re.IGNORECASE,
)


# "…, tăng 12,6% so với cùng kỳ, trong đó có …": a comparison said in passing
_ASIDE = _regex.compile(
    r"(?:tăng|giảm|bằng|đạt|vượt)\s+(?:khoảng\s+)?\d+(?:[.,]\d+)?\s?%[^,;.()\d]{0,40}",
    re.IGNORECASE,
)


def _coordinated(window: str) -> bool:
    """Whether the window before a count joins it to the count before ("…, trong đó …",
    "… và …"), a comparison said in passing aside."""
    if _COORDINATED.fullmatch(window) is not None:
        return True
    bare = _ASIDE.sub("", window)
    return bare != window and _COORDINATED.fullmatch(bare) is not None


def _post_stage(text: str, c: Count, low: str | None) -> str | None:
    """A stage written right after the counted noun ("15 nhiệm vụ chuyển tiếp"); ``low``
    is the :func:`_regex.lowered` ``text``."""
    post = _POST_STAGE.match_low(text, low, c.end)
    if post is None:
        return None
    word = post.group(1).lower()
    stage = {
        "chuyển tiếp": "chuyen_tiep",
        "mở mới": "trien_khai",
        "chấm dứt": "cham_dut",
        "gia hạn": "dieu_chinh",
        "điều chỉnh": "dieu_chinh",
    }.get(word)
    return stage or _lexicon().stage_of.get(word)


def _same_paren(text: str, start: int, first: int, second: int) -> bool:
    """Whether the positions ``first`` < ``second`` stand in one open parenthesis of the
    sentence that starts at ``start``."""
    opened = text.rfind("(", start, first)
    return opened >= 0 and text.rfind(")", opened, second) < 0


# "… đạt 24.530 phương tiện đo": a figure reached, whose activity was named before
_ELLIPTIC = _regex.compile(r"(?<!\w)đạt(?:\s+(?:được|tổng cộng|tổng số))?\s*$", re.IGNORECASE)


def _near_before(text: str, before: int, pos: int) -> bool:
    """Whether ``before`` is in the same paragraph as ``pos``, a few sentences before it."""
    return 0 <= pos - before <= 400 and "\n" not in text[before:pos]


# "47 hộ được cấp quyền sử dụng": holders of the right to use a mark or an indication
_USE_RIGHT = _regex.Caseless(
    r"\s*(?:đã |đang )?được (?:cấp|trao|cho phép|chấp thuận)(?: quyền)? sử dụng"
)


_CARRIED_KINDS = {
    "dự án đổi mới công nghệ": "nhiem_vu_dmst",
    "dự án ứng dụng": "du_an_ung_dung",
    "dự án chuyển giao công nghệ": "du_an_ung_dung",
}
_CARRIES_OUT = _regex.Caseless(
    r"\s+(?:(?:(?:thực hiện|triển khai)\s+(?:các\s+)?)(?P<noun>"
    + "|".join(sorted(_CARRIED_KINDS, key=len, reverse=True))
    # "hỗ trợ 09 doanh nghiệp đổi mới công nghệ": the innovation itself is the task
    + r")|(?P<innovating>đổi mới công nghệ))(?!\w)",
)
_GRANT_USE_BEFORE = _regex.Caseless(
    r"(?<!\w)(?:cấp|trao|cho phép)(?: quyền)? sử dụng(?!\w)[^;.]{0,120}?\scho\s*$"
)


def _named_object_before(text: str, start: int, pos: int) -> str | None:
    """The type of the last collective or certification mark or indication named in the
    sentence before ``pos`` (the sentence starts at ``start``)."""
    lex = _lexicon()
    found = None
    for m in lex.named_ip_re.finditer(text, max(start, pos - _REACH), pos):
        found = m
    return None if found is None else lex.named_ip_of[found.group().lower()]


_PAREN_LEAD = _regex.compile(
    r"\s*\(\s*(?:(?:gồm|bao gồm|trong đó|trong số (?:đó|này))(?:\s+có)?\s*[:,]?\s*)?",
    re.IGNORECASE,
)
_BREAKDOWN_LEAD = _regex.compile(
    r"\s*(?:trong đó|trong số (?:đó|này))(?:\s+(?:có|là|gồm))?\s*[:,]?\s*", re.IGNORECASE
)


_STATE_CHECK = _regex.compile(r"(?<!\w)kiểm tra(?: nhà nước)?(?!\w)[^;.]{0,80}?$", re.IGNORECASE)


_DECISIONS = _regex.compile(
    r"(?<!\w)(?:ban hành|ra|có)\s+(?:\d+\s+)?quyết định xử phạt(?!\w)[^.;]*$", re.IGNORECASE
)


def _passive_stage(text: str, c: Count) -> str | None:
    """A stage in the passive right after the counted noun ("25 nhiệm vụ được đưa vào
    triển khai thực hiện"), read when no stage stands before the count."""
    m = _lexicon().passive_stage_re.match(text, c.end)
    return None if m is None else _lexicon().stage_of[m.group(1).lower()]


_LIST_OPEN = _regex.Caseless(
    r"\s*[,:]?\s*(?:(?:cụ thể|trong đó|trong số (?:đó|này)|chia ra|bao gồm|gồm)"
    r"(?: như sau| là)?\s*[,:]?\s*){1,3}",
)
_LIST_PART = _regex.compile(
    r"\s*(?:[-+•*]\s*)?(?:nhiệm vụ|đề tài|dự án|đề án|chương trình)(?!\w)[^;:\d]*$",
    re.IGNORECASE,
)


def _open_list(
    text: str,
    c: Count,
    end: int,
    made: list[Draft],
    context: dict[str, Any],
    after: str,
    low: str | None,
) -> None:
    """A total followed by a list of its parts across semicolons.

    "… 93 nhiệm vụ, cụ thể, trong đó chia ra: Nhiệm vụ cấp tỉnh 65 nhiệm vụ; Nhiệm vụ
    quỹ gen là 20 nhiệm vụ; …": the parts after the colon are its children (``after``:
    the :func:`_after_noun` of the count; ``low``: the lowered ``text``).
    """
    tail = c.end + len(after)
    m = _LIST_OPEN.match_low(text, low, tail, end)
    if m is None or not m.group().rstrip().endswith(":"):
        context.pop("task_list", None)
        return
    context["task_list"] = {"parents": made, "start": m.end(), "end": end, "total": 0}


def _list_parent(
    text: str, c: Count, window: str, context: dict[str, Any]
) -> dict[str, Any] | None:
    """The open list this count is a part of: it stands in the list, its segment opens on
    a task noun and says no more than "<noun phrase> (là) N nhiệm vụ"."""
    listed: dict[str, Any] | None = context.get("task_list")
    if listed is None:
        return None
    if not (listed["start"] <= c.start < listed["end"]):
        context.pop("task_list", None)
        return None
    seg_start = max(listed["start"], text.rfind(";", listed["start"], c.start) + 1)
    lead = text[seg_start : c.start]
    bare = not lead.strip(" -+•*")
    if (not bare and _LIST_PART.match(lead) is None) or c.value is None:
        context.pop("task_list", None)
        return None
    listed["bare"] = bare
    parent_count = listed["parents"][0].fields["count"]
    if parent_count is not None and listed["total"] + c.value > parent_count:
        context.pop("task_list", None)
        return None
    listed["total"] += c.value
    listed["seg_start"] = seg_start
    return listed


def _attach_bare_part(made: list[Draft], listed: dict[str, Any]) -> None:
    """A part that opens its segment on its own count keeps its own stage when it can be
    a part of the total's ("37 nhiệm vụ chuyển tiếp" of tasks in progress), else takes
    the total's; a part of another stage stands alone."""
    for d in made:
        for parent in listed["parents"]:
            if part_stage(parent.fields["stage"], d.fields["stage"]):
                d.parent = parent
                if d.fields["stage"] is None:
                    d.fields["stage"] = parent.fields["stage"]
                if d.fields["level"] is None:
                    d.fields["level"] = parent.fields["level"]
                break


def _listed_parts(
    text: str,
    c: Count,
    window: str,
    low: str | None,
    text_low: str | None,
    after: str,
    stance: str,
    listed: dict[str, Any],
) -> list[Draft]:
    out: list[Draft] = []
    seg_start: int = listed["seg_start"]
    lead = seg_start + len(text[seg_start : c.start]) - len(text[seg_start : c.start].lstrip())
    for parent in listed["parents"]:
        for d in _task_drafts(
            text,
            c,
            window,
            stance,
            [parent.fields["stage"]],
            after=after,
            low=low,
            text_low=text_low,
        ):
            d.start = lead
            d.parent = parent
            if d.fields["level"] is None:
                d.fields["level"] = parent.fields["level"]
            if d.fields["kind"] is None:
                d.fields["kind"] = _kind_named_at(text, lead)  # "Nhiệm vụ quỹ gen … là 20"
            out.append(d)
    return out


def _kind_named_at(text: str, pos: int) -> str | None:
    """The task kind a counted noun written at ``pos`` names, if any."""
    unit_re, units, _, _ = _count_lexicon()
    m = unit_re.match(text, pos)
    if m is None or m.lastgroup is None:
        return None
    unit = units[int(m.lastgroup[1:])]
    return dict(unit.hints).get("kind") if unit.family == "task" else None


def _task_drafts(
    text: str,
    c: Count,
    window: str,
    stance: str,
    stages: list[str],
    *,
    after: str,
    low: str | None,
    text_low: str | None,
) -> list[Draft]:
    """The task facts of a count at ``stages``; ``after`` is its :func:`_after_noun`,
    ``low`` the :func:`_regex.lowered` ``window``, ``text_low`` that of ``text``."""
    if not stages:
        post = _post_stage(text, c, text_low) or c.hint("stage")  # "14 hồ sơ đề xuất nhiệm vụ"
        stages = [post] if post else []
    kind = c.hint("kind")
    level = _level(c, window, after, low)
    begin = _trigger_start(text, window, c)
    end = c.end + len(after.rstrip())
    out = []
    options: list[str | None] = [*stages] if stages else [None]
    for stage in options:
        out.append(
            Draft(
                "task",
                begin,
                end,
                {
                    "level": level,
                    "kind": kind,
                    "stage": stage,
                    "count": c.value,
                    "qualifier": c.qualifier.value,
                    "grade": None,
                },
                stance,
                anchor=c.num_start,
            )
        )
    return out


_GRADE_BEFORE = _regex.Caseless(
    r"(?:loại|xếp loại|mức)\s+(xuất sắc|không đạt|khá|trung bình|đạt)\s*(?:là|:|có)?\s*$",
)


def _grade_before(window: str, low: str | None) -> str | None:
    m = _GRADE_BEFORE.search_low(window, low)
    return _GRADE_IDS[m.group(1).lower()] if m else None


# "đạt trở lên" (pass or better) is a floor, not a grade (the grade patterns below are
# searched in the lowercase text: their "grade" group is read lowercased)
_GRADE_WORD = r"(?P<grade>xuất sắc|không đạt|khá|trung bình|đạt)(?!\w)(?!\s+trở lên)"
# "nghiệm thu 01 đề tài về …, kết quả đạt loại khá": the grade of the count itself
_GRADE_RESULT = _regex.Caseless(
    r"(?<!\w)kết quả\s+(?:được\s+)?(?:xếp loại|đánh giá|đạt loại|đạt mức|đạt)\s+(?:loại\s+)?"
    + _GRADE_WORD,
)
_GRADE_ALL = _regex.Caseless(
    r"(?<!\w)(?:tất cả|toàn bộ|100\s?%|cả\s+\d+(?:\s+(?:nhiệm vụ|đề tài|dự án))?)"
    r"\s+(?:\w+\s+){0,2}?"
    r"(?:đều\s+)?(?:được\s+)?(?:(?:xếp loại|đánh giá|đạt loại|đạt mức|loại)\s+)?" + _GRADE_WORD,
)
_GRADE_NOUN = r"(?:nhiệm vụ|đề tài|dự án(?: SXTN| sản xuất thử nghiệm)?)"
_GRADE_PAIR = _regex.Caseless(
    r"(?<![\w.,/])(?P<n>\d+)\s+"
    rf"(?:{_GRADE_NOUN}(?:\s*(?:,|và|/)\s*{_GRADE_NOUN})*\s+)?"
    r"(?:được\s+)?(?:(?:xếp loại|đánh giá|đạt loại|đạt mức|loại|mức)\s+)?" + _GRADE_WORD,
)
# a grade word before its number: "khá 02, đạt 05"
_GRADE_PAIR_AFTER = _regex.Caseless(
    r"(?<!\w)(?P<label>(?:xếp loại|loại|mức)\s*:?\s*)?"
    + _GRADE_WORD
    + r"\s*:?\s*(?P<n>\d+)(?!\d|[.,]\d|\s?%)",
)
_GRADE_GOES_ON = _regex.Caseless(
    r"\s*(?:(?:trong đó|trong số (?:đó|này)|kết quả(?: xếp loại| đánh giá)?)\s*[:,]?\s*)?"
    r"(?:\d+\s|(?:loại\s*)?(?:xuất sắc|khá|trung bình|đạt|không đạt)\s*:?\s*\d)",
)
_POST_GRADE = _regex.Caseless(
    r"\s*(?:(?:KH&CN|KHCN|khoa học và công nghệ)\s+)?(?:được\s+)?(?:đánh giá\s+)?"
    r"(?:(?:xếp loại|đạt loại|loại|đạt mức|mức)\s+)?(xuất sắc|không đạt|khá|trung bình|đạt)(?!\w)",
)


def _grade_after(text: str, c: Count, low: str | None) -> str | None:
    """'02 nhiệm vụ xếp loại xuất sắc': a grade right after the counted noun, or after the
    noun's topic ("một đề tài về chiết xuất … được xếp loại xuất sắc")."""
    m = _POST_GRADE.match_low(text, low, c.end) or _POST_GRADE_FAR.match_low(text, low, c.end)
    return _GRADE_IDS[m.group(1).lower()] if m else None


_POST_GRADE_FAR = _regex.Caseless(
    r"\s+(?:về|thuộc|trong lĩnh vực)\s[^,;.()\d]{0,80}?\s(?:được\s+)?(?:đánh giá\s+)?"
    r"(?:xếp loại|đạt loại)\s+(xuất sắc|không đạt|khá|trung bình|đạt)(?!\w)",
)


def _apply_grade(
    text: str, drafts: list[Draft], accepted: list[Draft], grade: str, c: Count
) -> None:
    """A grade statement grades the acceptance count just made.

    "Loại đạt là 11 nhiệm vụ" after "nghiệm thu 11 nhiệm vụ" grades those 11; a part of
    them ("02 nhiệm vụ xếp loại xuất sắc") is a graded child of the acceptance count.
    """
    parent = accepted[0]
    if c.value is not None and c.value == parent.fields["count"]:
        for d in accepted:
            d.fields["grade"] = grade
        return
    fields = dict(parent.fields, count=c.value, qualifier=c.qualifier.value, grade=grade)
    after = _POST_GRADE.match(text, c.end)
    end = after.end() if after else c.end
    drafts.append(
        Draft("task", c.start, end, fields, parent.stance, parent=parent, anchor=c.num_start)
    )


def _grades_after(
    text: str,
    c: Count,
    end: int,
    counts: Sequence[Count],
    i: int,
    consumed: set[int],
    drafts: list[Draft],
    made: list[Draft],
    graded: set[int],
) -> None:
    """The grades that follow an acceptance count, in the same clause.

    ``graded`` holds where the grades already read as parts stand (each is read once).

    "nghiệm thu 15 nhiệm vụ (01 xuất sắc, 14 đạt)" and "…, trong đó 02 nhiệm vụ xếp loại
    xuất sắc, 12 nhiệm vụ đạt" give graded children; "tất cả đều đạt" and "cả 07 nhiệm vụ
    đều đạt" grade the count itself.
    """
    span = _paren_after(text, c.end, end)
    reach = min(end, c.end + _REACH)
    stop = text.find(";", c.end, reach)
    clause = (c.end, reach if stop < 0 else stop)
    # "…; trong đó 3 đề tài xếp loại xuất sắc, 8 khá", "xuất sắc: 02; khá: 04; đạt: 06":
    # the grades go on past a semicolon
    far = min(end, c.end + 2 * _REACH)
    while clause[1] < far and text.startswith(";", clause[1]):
        nxt = text.find(";", clause[1] + 1, far)
        segment = (clause[1] + 1, far if nxt < 0 else nxt)
        if not (_GRADE_GOES_ON.match(text, *segment) and _GRADE_IN.search(text, *segment)):
            break
        clause = (clause[0], segment[1])
    region = span if span is not None else clause
    if span is not None and span[1] < clause[1] and not _GRADE_IN.search(text, *span):
        # "nghiệm thu 22 nhiệm vụ (14 đề tài, 8 dự án), trong đó 4 nhiệm vụ đạt loại xuất
        # sắc, 12 loại khá": the parenthesis breaks the count down, the grades follow it
        region = (span[1], clause[1])
    # "nghiệm thu 02 nhiệm vụ (01 đề tài, 01 dự án), cả 02 nhiệm vụ đều đạt"
    everything = _GRADE_ALL.search(text, clause[0], clause[1])
    if everything is None and not _ANY_DIGIT.search(text, clause[0], clause[1]):
        everything = _GRADE_RESULT.search(text, clause[0], clause[1])
    pairs = [] if everything else list(_GRADE_PAIR.finditer(text, region[0], region[1]))
    if not everything and not pairs:
        # "(xếp loại khá 02, đạt 05)", "kết quả xếp loại: xuất sắc 02, khá 07, đạt 12"
        # (one bare "đạt 12" may say "reached 12": a grade needs its label or a list)
        pairs = list(_GRADE_PAIR_AFTER.finditer(text, region[0], region[1]))
        if len(pairs) == 1 and pairs[0].group("label") is None:
            pairs = []
    # "nghiệm thu 30 nhiệm vụ, trong đó 20 nhiệm vụ đã hoàn tất thủ tục nghiệm thu, 5 nhiệm vụ
    # xếp loại xuất sắc": a grade an earlier acceptance of the clause took is not counted twice
    pairs = [p for p in pairs if p.start() not in graded]
    if everything is None and not pairs:
        return
    covered = [everything.span()] if everything else [p.span() for p in pairs]
    for j in range(i + 1, len(counts)):
        if counts[j].start >= covered[-1][1]:
            break
        if any(s0 <= counts[j].start < s1 for s0, s1 in covered):
            consumed.add(j)
    accepted = [d for d in made if d.fields["stage"] == "nghiem_thu"]
    parent_count = made[0].fields["count"]
    if everything is not None or (len(pairs) == 1 and int(pairs[0].group("n")) == parent_count):
        match = everything or pairs[0]
        for d in accepted:
            d.fields["grade"] = _GRADE_IDS[match.group("grade").lower()]
        return
    for d in accepted:
        for pair in pairs:
            fields = dict(d.fields, count=int(pair.group("n")), qualifier="exact")
            fields["grade"] = _GRADE_IDS[pair.group("grade").lower()]
            graded.add(pair.start())
            drafts.append(
                Draft(
                    "task",
                    pair.start(),
                    pair.end(),
                    fields,
                    d.stance,
                    parent=d,
                    anchor=pair.start(),
                )
            )


def _ip_draft(
    text: str,
    c: Count,
    window: str,
    low: str | None,
    clause: str,
    stance: str,
    inherited: str | None,
) -> Draft | None:
    """The IP fact of a count after ``window`` (``low``: the lowered ``window``)."""
    lex = _lexicon()
    stage: str | None = None
    last = None
    for m in lex.ip_stage_re.finditer_low(window, low):
        last = m
    if last is not None:
        stage = lex.ip_stage_of[last.group().lower()]
    if _SUPPORT.search(window):
        stage = "ho_tro"
    elif _ADVICE_WORD.search(window):
        stage = "huong_dan"
    if stage is None and inherited is not None:
        stage = inherited
    object_type = c.hint("object_type")
    if object_type == "sang_kien" and stage in (None, "cap_van_bang", "quan_ly_khai_thac"):
        stage = "cong_nhan_sang_kien" if _RECOGNISED.search(window) else stage
    tail = text[c.end : c.end + 200]
    clause_tail = tail.split(";")[0].split(".")[0]
    countries: list[str] = []
    at = _AT.search(clause_tail)
    if at is not None:
        countries = [m.group() for m in lex.country_re.finditer(clause_tail, at.end())]
        if countries and stage in (None, "nop_don"):
            stage = "dang_ky_quoc_te"
    granted = _GRANTED_AFTER.match(text, c.end)
    if granted is not None:
        stage = "cap_van_bang"
    if stage is None:
        stage = c.hint("stage")
    if stage is None:
        return None
    if object_type is None:
        object_type = _object_before(window)
    if object_type is None and c.end > c.num_end:  # not "số văn bằng … là 120"
        object_type = _object_after(text, c)
    return Draft(
        "ip",
        _trigger_start(text, window, c),
        c.end,
        {
            "object_type": object_type,
            "stage": stage,
            "count": c.value,
            "qualifier": c.qualifier.value,
            "jurisdictions": countries,
        },
        stance,
        anchor=c.num_start,
    )


_GRANTED_AFTER = _regex.compile(
    r"[^;.()\d]{0,100}?(?<!\w)(?:đã )?được (?:Cục (?:SHTT|Sở hữu trí tuệ) |cơ quan có thẩm quyền )?"
    r"(?:cấp|công nhận|chấp nhận|bảo hộ)(?!\w)(?! tại)"
    # "nộp 4.320 đơn … và được cấp 2.715 văn bằng": a verb before its own figure
    r"(?!\s*(?:(?:trên|hơn|gần|khoảng) )?\d)",
    re.IGNORECASE,
)

_OBJECT_AFTER = (
    ("nhãn hiệu tập thể", "nhan_hieu_tap_the"),
    ("nhãn hiệu chứng nhận", "nhan_hieu_chung_nhan"),
    ("nhãn hiệu", "nhan_hieu"),
    ("sáng chế", "sang_che"),
    ("giải pháp hữu ích", "giai_phap_huu_ich"),
    ("kiểu dáng", "kieu_dang_cong_nghiep"),
    ("chỉ dẫn địa lý", "chi_dan_dia_ly"),
)


# "…, chủ yếu là nhãn hiệu" says what most of them are, not what all of them are
_OBJECT_TAIL_END = _regex.compile(
    r"[;.(\d]|,\s*(?:trong đó|trong số (?:đó|này)|gồm|bao gồm|riêng|chủ yếu|phần lớn|đa số)(?!\w)",
    re.IGNORECASE,
)


def _object_after(text: str, c: Count, limit: int = 40) -> str | None:
    """The IP object type named right after a count; none when several are named.

    The tail stops at the next figure or breakdown, and at a comma that opens another
    statement ("…, hỗ trợ xây dựng nhãn hiệu chứng nhận").
    """
    tail = text[c.end : c.end + limit]
    stop = _OBJECT_TAIL_END.search(tail)
    if stop is not None:
        tail = tail[: stop.start()]
    lex = _lexicon()
    for verb in lex.ip_stage_re.finditer(tail):
        # "…, hỗ trợ …", "… và hỗ trợ xây dựng nhãn hiệu tập thể": another statement
        # ("07 chủ thể lập hồ sơ, nộp đơn đăng ký nhãn hiệu tập thể": what they did, no other)
        if lex.ip_stage_of.get(verb.group().lower()) == "nop_don":
            continue
        joint = _JOINT_BEFORE.search(tail, 0, verb.start())
        if joint is not None:
            tail = tail[: joint.start()]
            break
    return _object_in(tail)


_JOINT_BEFORE = _regex.compile(r"(?:,|\svà)\s*$")


# "gồm nhãn hiệu 88 đơn, kiểu dáng công nghiệp 05 đơn": a type heading the count
_IP_TYPE = (
    r"(?:đơn |bằng )?(?:nhãn hiệu tập thể|nhãn hiệu chứng nhận|nhãn hiệu|sáng chế|"
    r"giải pháp hữu ích|kiểu dáng công nghiệp|kiểu dáng|chỉ dẫn địa lý)"
)
# ("sáng chế và giải pháp hữu ích 03 đơn" names two types: none of them is the type)
_TYPE_LEAD = _regex.compile(
    r"(?:^|[,:;(]|(?<!\w)(?:gồm|bao gồm|trong đó|trong số (?:đó|này)|trong đó có|riêng|và))\s*"
    rf"({_IP_TYPE}(?:\s*(?:,|và|/|hoặc)\s*{_IP_TYPE})*)\s*$",
    re.IGNORECASE,
)


def _object_before(window: str) -> str | None:
    """The IP object type that heads a count as a list item ("…, kiểu dáng 05 đơn")."""
    m = _TYPE_LEAD.search(window[-60:])
    return _object_in(m.group(1)) if m is not None else None


def _object_in(phrase: str) -> str | None:
    """The one IP object type a phrase names, or None."""
    tail = phrase.lower()
    found: list[str] = []
    for words, object_type in _OBJECT_AFTER:
        if words in tail:
            tail = tail.replace(words, " ")
            found.append(object_type)
    return found[0] if len(found) == 1 else None


def _named_type_end(text: str, c: Count, activity: str) -> int:
    """Where an activity's evidence ends: after the counted noun, or after the type a
    certificate names ("05 giấy chứng nhận doanh nghiệp KH&CN")."""
    if c.unit.noun != "giay_chung_nhan":
        return c.end
    for kind, _nouns, cue, _words in _lexicon().activities:
        if kind == activity and cue is not None:
            m = cue.search(text, c.start, min(len(text), c.end + 80))
            if m is not None and not _CLAUSE_MARK.search(text, c.end, m.start()):
                return max(c.end, m.end())
    return c.end


@cache
def _activity_rules(
    noun: str, subject: bool
) -> tuple[tuple[tuple[str, _regex.Caseless | None], ...], _regex.Caseless | None]:
    """The activity rules a counted noun can belong to, in order; and, when two or more of
    them have cues, one pattern that matches wherever one of those cues does.

    Every cue is a :func:`_words_caseless` pattern of words, so the words of them all make
    one such pattern (which :func:`_regex.compile` writes to be scanned for in C).
    """
    chosen = [
        (activity, cue, words)
        for activity, nouns, cue, words in _lexicon().activities
        if noun in nouns or (subject and "subject" in nouns)
    ]
    rules = tuple((activity, cue) for activity, cue, _ in chosen)
    if sum(cue is not None for _, cue, _ in chosen) < 2:
        return rules, None
    return rules, _words_caseless(w for _, cue, words in chosen if cue is not None for w in words)


def _activity(
    c: Count,
    clause: str,
    window: str,
    after: str,
    low_window: str | None,
    low_clause: str | None,
    *,
    fallback: bool = True,
) -> str | None:
    """The activity a count belongs to: the rule whose cue stands nearest before it.

    A cue elsewhere in the clause (after the count) is a weaker sign, used when no cue
    precedes the count, and only with ``fallback``. ``low_window`` and ``low_clause`` are
    the :func:`_regex.lowered` ``window`` and ``clause``.
    """
    noun = c.unit.noun
    subject = c.unit.family == "subject" or noun in _SUBJECT_NOUNS
    best: tuple[int, str] | None = None
    weak: str | None = None
    phrase = c.unit_text + " " + after.lstrip()  # "giấy chứng nhận" + " đăng ký hoạt động"
    rules, any_cue = _activity_rules(noun, subject)
    # each text is lowercased once for all the cues searched in it
    low_phrase = _regex.lowered(phrase)

    # a text the pattern of all the cues misses holds none of them: not searched per cue
    in_phrase = any_cue is None or any_cue.search_low(phrase, low_phrase) is not None
    in_window = any_cue is None or any_cue.search_low(window, low_window) is not None
    in_clause: bool | None = None if any_cue is not None else True
    for activity, cue in rules:
        if cue is None:
            return activity
        near = cue.search_low(phrase, low_phrase) if in_phrase else None
        if near is not None:
            # "146 hồ sơ công bố hợp quy": what the noun is, before what was done to it;
            # a cue inside the noun ("sản phẩm OCOP") gives way to one after it
            # ("sản phẩm OCOP gắn tem truy xuất nguồn gốc")
            inside = near.start() < len(c.unit_text)
            distance = (-500 if inside else -1000) + near.start()
            if best is None or distance < best[0]:
                best = (distance, activity)
            continue
        before = None
        if in_window:
            for m in cue.finditer_low(window, low_window):
                before = m
        if before is not None:
            distance = len(window) - before.end()
            if best is None or distance < best[0]:
                best = (distance, activity)
        elif fallback and weak is None:
            if in_clause is None:
                in_clause = any_cue is None or any_cue.search_low(clause, low_clause) is not None
            if in_clause and cue.search_low(clause, low_clause):
                weak = activity
    return best[1] if best else weak


def part_stage(total: str | None, part: str | None) -> bool:
    """Whether a task count at stage ``part`` can be a part of one at stage ``total``.

    Tasks in progress are the carried-over ones plus the new ones: "đang quản lý 52 nhiệm
    vụ (trong đó 37 nhiệm vụ chuyển tiếp, 15 nhiệm vụ mở mới)".
    """
    return part in (None, total) or (total == "trien_khai" and part == "chuyen_tiep")


def _link_breakdowns(
    text: str, end: int, counts: Sequence[Count], drafts: list[Draft], low: str | None
) -> None:
    """Parts listed after a total ("36 nhiệm vụ (gồm 30 … và 06 …)") become its children
    (``low``: the :func:`_regex.lowered` ``text``)."""
    count_starts = [c.start for c in counts]
    breakdown, searched = _BREAKDOWN.on(text, low)
    # the drafts by where their figures stand, as they are before any part is added (made
    # when a total is first followed by a breakdown: no part is added before that)
    by_anchor: list[tuple[int, Draft]] | None = None
    anchors: list[int] = []
    for d in list(drafts):
        if d.type not in ("task", "activity", "ip") or d.parent is not None:
            continue
        if d.fields.get("count") is None:
            continue
        m = breakdown.match(searched, d.end, end)
        if m is None:
            continue
        if by_anchor is None:
            by_anchor = sorted(
                ((o.anchor if o.anchor >= 0 else o.start, o) for o in drafts), key=lambda x: x[0]
            )
            anchors = [a for a, _ in by_anchor]
        k = bisect_left(count_starts, d.end)
        if k < len(count_starts) and count_starts[k] < m.end():
            continue
        reach = min(end, m.end() + _PAREN_REACH)
        if "(" in m.group():
            span = _paren_after(text, d.end, end)
            stop = span[1] if span else reach
        else:
            semicolon = text.find(";", m.end(), reach)
            stop = reach if semicolon < 0 else semicolon
        lo = bisect_left(anchors, m.end())
        hi = bisect_left(anchors, stop)
        parts = [
            o
            for _, o in by_anchor[lo:hi]
            if o is not d
            and o.type == d.type
            and o.parent is None
            and o.fields.get("count") is not None
            and (d.type != "task" or part_stage(d.fields.get("stage"), o.fields.get("stage")))
        ]
        if d.type == "activity" or (d.type == "task" and not parts):
            bare = _bare_parts(text, d, m.end(), stop, counts, in_paren="(" in m.group())
            if bare:
                parts = bare
                drafts.extend(bare)
        if not parts:
            continue
        total = sum(int(o.fields["count"]) for o in parts)
        if d.fields.get("qualifier") == "exact" and total > int(d.fields["count"]):
            continue
        for o in parts:
            o.parent = d
            if d.type == "task" and o.fields.get("stage") is None:
                o.fields["stage"] = d.fields.get("stage")
            if d.type == "task" and o.fields.get("level") is None:
                o.fields["level"] = d.fields.get("level")  # parts of provincial tasks
            if d.type == "task" and o.fields.get("grade") is None:
                # "nghiệm thu 02 nhiệm vụ (01 đề tài, 01 dự án), cả 02 đều đạt": each part too
                o.fields["grade"] = d.fields.get("grade")
            if d.type == "activity":
                o.fields["activity"] = d.fields["activity"]


_BARE_SEGMENT = _regex.compile(r"[^,;]+")
_BARE_SEGMENT_IN_PAREN = _regex.compile(r"[^,;]+")
_GRADE_IN = _regex.Caseless(r"(?<!\w)(?:xuất sắc|khá|trung bình|đạt|không đạt|loại)(?!\w)")
_ANY_DIGIT = _regex.compile(r"\d")
_BARE_SPLIT = _regex.compile(r"\s+(?:và|hoặc)\s+", re.IGNORECASE)
_BARE_PART = _regex.compile(
    # the lead may name a year: "mở mới năm 2015: 15"
    r"\s*(?P<lead>[^\W\d](?:[^\d]|(?<=năm )[12]\d{3}(?!\d))*?)\s+(?P<n>\d{1,3}(?:\.\d{3})*)"
    r"(?P<tail>\s+[^\W\d][^\d%]*)?\s*",
)


def _bare_parts(
    text: str,
    parent: Draft,
    start: int,
    stop: int,
    counts: Sequence[Count],
    *,
    in_paren: bool = False,
) -> list[Draft]:
    """Parts of an activity or task total written as bare numbers.

    "35 TTHC (trong đó ban hành mới 19, bãi bỏ 16)": each part keeps the parent's
    activity; the words before the number ("ban hành mới") are its evidence. A segment
    without a number ("sửa đổi, bổ sung 09") leads into the next one. A task's part takes
    the stage its words name, when that stage can be a part of the total's ("46 nhiệm vụ
    (chuyển tiếp: 29; mở mới: 17)"), else the total's; words that grade ("khá 07") are
    left to the grade rules. Inside a parenthesis, ";" separates parts too.
    """
    # the counted figures in the stretch (counts are in text order)
    taken = []
    for c in counts[_first_at(counts, start) :]:
        if c.num_start >= stop:
            break
        taken.append((c.num_start, c.num_end))
    parts: list[Draft] = []
    lead_start: int | None = None
    if not in_paren:
        semicolon = text.find(";", start, stop)
        stop = stop if semicolon < 0 else semicolon
    pieces: list[tuple[int, int]] = []
    segments = _BARE_SEGMENT_IN_PAREN if in_paren else _BARE_SEGMENT
    for seg in segments.finditer(text, start, stop):
        p0 = seg.start()
        for j in _BARE_SPLIT.finditer(text, seg.start(), seg.end()):
            pieces.append((p0, j.start()))
            p0 = j.end()
        pieces.append((p0, seg.end()))
    for p0, p1 in pieces:
        piece = text[p0:p1]
        m = _BARE_PART.fullmatch(text, p0, p1)
        if m is None:
            if _ANY_DIGIT.search(piece):
                break  # a figure that is not a bare part ends the list
            if lead_start is None and piece.strip():
                lead_start = p0 + len(piece) - len(piece.lstrip())
            continue
        n0, n1 = m.span("n")
        if any(a <= n0 < b for a, b in taken):
            break  # a counted noun: the ordinary rules read it
        begin = m.start("lead") if lead_start is None else lead_start
        lead_start = None
        count = int(m.group("n").replace(".", ""))
        fields = dict(parent.fields, count=count, qualifier="exact")
        if parent.type == "task":
            lead = text[begin:n0]
            if _GRADE_IN.search(lead):
                return []  # "(xếp loại khá 02, đạt 05)": grades, read by the grade rules
            stages = _stages(lead)
            if len(stages) > 1 or (stages and not part_stage(parent.fields["stage"], stages[0])):
                return []
            if stages:
                fields["stage"] = stages[0]
            level = _lexicon().level_re.search(lead)
            if level is not None:  # "(cấp tỉnh 12, cấp cơ sở 8)"
                fields["level"] = _lexicon().level_of[level.group().lower()]
            fields["grade"] = None
        parts.append(Draft(parent.type, begin, n1, fields, parent.stance, parent=parent, anchor=n0))
    total = sum(int(p.fields["count"]) for p in parts)
    if len(parts) < 2 or total > int(parent.fields["count"]):
        return []
    return parts


def _first_at(counts: Sequence[Count], pos: int) -> int:
    """The index of the first count whose figure starts at or after ``pos``."""
    lo, hi = 0, len(counts)
    while lo < hi:
        mid = (lo + hi) // 2
        if counts[mid].num_start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


_PAREN = _regex.compile(r"\([^()]*\)")
_NEXT_SENTENCE_REACH = 300


def _fine_of_previous(text: str, previous: Draft, m: MoneySpan) -> None:
    """A total fine stated in the sentence after its action closes that action.

    "…, xử phạt 05 cơ sở. Tổng số tiền xử phạt là 35 triệu đồng." Only within one paragraph,
    right after the action, and only for an action that found violators and no fine.
    """
    fields = previous.fields
    if fields.get("fine") is not None or fields.get("violators") is None:
        return
    gap = text[previous.end : m.start]
    if m.start - previous.end > _NEXT_SENTENCE_REACH:
        return
    if "\n" in gap and not (
        _form_gap(gap) or (gap.count("\n") == 1 and _list_gap(text, previous.start, previous.end))
    ):
        return
    if m.amount is None:
        return
    fields["fine"] = m.amount
    fields["outcomes"] = sorted({*fields["outcomes"], "phat_tien"})
    previous.end = m.end


# The next line of a form of figures: "- Số cơ sở vi phạm: ", "Số tiền xử phạt …: "
_FORM_LINE = _regex.compile(
    r"[^\n]{0,60}\n\s*(?:[-+•*]\s*)?(?:tổng\s+)?số\s[^\n.;:\d]{0,80}:\s*$", re.IGNORECASE
)


def _form_gap(gap: str) -> bool:
    """Whether ``gap`` runs from the end of one figure to the label of the next line's
    figure in a form ("….\n- Số cơ sở vi phạm: "), with no other figure between."""
    return gap.count("\n") == 1 and not _ANY_DIGIT.search(gap) and _FORM_LINE.match(gap) is not None


def _continues(text: str, previous: Draft, draft: Draft) -> bool:
    """Whether ``draft``, a lone count of establishments on a form line, fills in
    ``previous``, the action on the line before."""
    if previous.type != "enforcement" or draft.type != "enforcement" or draft.parent:
        return False
    f, p = draft.fields, previous.fields
    lone = [k for k in ("campaigns", "subjects", "violators", "fine") if f[k] is not None]
    if len(lone) != 1 or lone[0] not in ("subjects", "violators") or p[lone[0]] is not None:
        return False
    if p["fine"] is not None or draft.start < previous.end:
        return False
    if lone[0] == "subjects" and p["violators"] is not None:
        return False
    figure = _ANY_DIGIT.search(text, draft.start, draft.end)
    return figure is not None and _form_gap(text[previous.end : figure.start()])


# A sentence that states what the operation before it found: "Kết quả, …", "Kết quả kiểm tra
# cho thấy …", "Qua kiểm tra, …", "Thông qua thanh tra đã phát hiện …"
_KIND_WORDS = (
    r"(?:thanh tra|kiểm tra)(?:\s*(?:,|và|/)\s*(?:thanh tra|kiểm tra))?"
    r"(?:\s+(?:chuyên ngành|hành chính|liên ngành|đột xuất))?"
)
_RESULT_LEAD = _regex.compile(
    r"\s*(?:[-+•*]\s*)?(?:"
    rf"kết quả(?:\s+(?:các\s+|của\s+)?(?:đợt\s+|cuộc\s+|đoàn\s+)?{_KIND_WORDS})?"
    r"(?:\s*[,:]|\s+cho thấy\s*,?|\s+(?=(?:đã\s+)?(?:phát hiện|xử phạt|xử lý|có)\s))"
    rf"|(?:qua|thông qua)\s+(?:các\s+|công tác\s+)?(?:đợt\s+|cuộc\s+|đoàn\s+)?{_KIND_WORDS}"
    r"(?:\s*[,:]|\s+(?=(?:đã\s+)?(?:phát hiện|xử phạt|xử lý|lập biên bản|có)\s))"
    r"|(?P<among>trong (?:đó|số đó|số này))\s*[,:]?"
    r")",
    re.IGNORECASE,
)
_OWN_KIND = _regex.compile(r"(?<!\w)(?:thanh tra|kiểm tra)(?!\w)", re.IGNORECASE)
_LIST_RESULT = _regex.compile(
    r"\s*(?:[-+•*]\s*)?(?:đã\s+)?(?:phát hiện|xử phạt|xử lý|lập biên bản)(?!\w)", re.IGNORECASE
)
_BULLET = _regex.compile(r"\s*[-+•*]\s")


def _list_gap(text: str, previous_start: int, previous_end: int) -> bool:
    """Whether the text after ``previous_end`` leads from an item of a bulleted list (the
    one holding ``previous_start``) to the next item: one line break, both lines opening
    on a bullet."""
    nl = text.find("\n", previous_end)
    if nl < 0 or nl - previous_end > _NEXT_SENTENCE_REACH:
        return False
    line = text.rfind("\n", 0, previous_start) + 1
    return _BULLET.match(text, line) is not None and _BULLET.match(text, nl + 1) is not None


def _carries_results(text: str, start: int, previous: Draft, head: Draft) -> bool:
    """Whether ``head``, the first action of the sentence at ``start``, states only what
    ``previous``, the operation in the sentence before, found: the sentence opens on a
    result cue, in the same paragraph, and ``head`` has violators or a fine and no
    campaigns or establishments of its own, while ``previous`` has those and no result."""
    if previous.type != "enforcement" or head.type != "enforcement" or head.parent:
        return False
    p, h = previous.fields, head.fields
    if h["campaigns"] is not None or h["subjects"] is not None:
        return False
    if h["violators"] is None and h["fine"] is None:
        return False
    if p["violators"] is not None or p["fine"] is not None:
        return False
    if p["campaigns"] is None and p["subjects"] is None:
        return False
    if previous.stance != head.stance:
        return False
    gap = text[previous.end : start]
    if gap.count("\n") > 1 or len(gap) > _NEXT_SENTENCE_REACH:
        return False
    lead = _RESULT_LEAD.match(text, start)
    if lead is None:
        # "- Kiểm tra 30 cơ sở …;\n- Phát hiện 05 cơ sở vi phạm;": the next item of a list
        return (
            gap.count("\n") == 1
            and _list_gap(text, previous.start, previous.end)
            and _LIST_RESULT.match(text, start) is not None
        )
    if lead.group("among") and (h["violators"] is None or p["subjects"] is None):
        return False  # "Trong đó, 12 cơ sở vi phạm": those found in breach among the subjects
    # "Qua thanh tra, kiểm tra, …" after a check: the results of more than that check
    named = {_KIND_IDS[w.lower()] for w in _OWN_KIND.findall(lead.group())}
    if "\n" in gap:
        # the next line of a list links itself by naming the operation: "- Kết quả thanh
        # tra chuyên ngành: …"
        return named == {p["kind"]}
    return not named or named == {p["kind"]}


def _results_of_list_total(text: str, start: int, part: Draft, head: Draft) -> bool:
    """Whether the sentence at ``start`` states the results of the total that ``part``, an
    item of the list the total opened, belongs to: it is the next line, an item of the outer
    list (another bullet than the part's), and opens on a result cue naming no other kind."""
    total = part.parent
    if total is None or total.type != "enforcement" or part.type != "enforcement":
        return False
    t, h = total.fields, head.fields
    if head.type != "enforcement" or head.parent is not None:
        return False
    if h["campaigns"] is not None or h["subjects"] is not None:
        return False
    if (h["violators"] is None and h["fine"] is None) or t["violators"] or t["fine"]:
        return False
    nl = text.find("\n", part.end, start)
    if nl < 0 or text.find("\n", nl + 1, start) >= 0 or start - part.end > _NEXT_SENTENCE_REACH:
        return False
    part_line = text.rfind("\n", 0, part.start) + 1
    mine, theirs = _BULLET.match(text, nl + 1), _BULLET.match(text, part_line)
    if mine is None or theirs is None or mine.group().strip() == theirs.group().strip():
        return False
    lead = _RESULT_LEAD.match(text, start)
    if lead is None or lead.group("among"):
        return False
    named = {_KIND_IDS[w.lower()] for w in _OWN_KIND.findall(lead.group())}
    return not named or named == {t["kind"]}


def _take_results(previous: Draft, head: Draft) -> None:
    """Close ``previous`` with the results ``head`` states (see :func:`_carries_results`)."""
    p, h = previous.fields, head.fields
    for key in ("violators", "violators_qualifier", "fine"):
        p[key] = h[key]
    for key in ("classes", "bases", "domains"):
        p[key] = [*p[key], *(v for v in h[key] if v not in p[key])]
    p["outcomes"] = sorted({*p["outcomes"], *h["outcomes"]})
    previous.end = head.end


_TOPIC_THEN_AND = _regex.compile(
    r"\s+(?:về|trong lĩnh vực|lĩnh vực)\s[^;.:()\d]{1,100}?\s(?:và|cùng với)\s+", re.IGNORECASE
)
_FIGURE_LABEL = _regex.compile(
    r"(?:(?<!\w)(?:tổng\s+)?số\s+(?:cuộc\s+)?"
    # or a list item's own label: "+ Thanh tra chuyên ngành: 02 cuộc", "+ Kiểm tra: 02 cuộc"
    r"|^\s*(?:[-+•*]\s*)?)(thanh tra|kiểm tra)"
    r"(?:\s*(?:,|và|/)\s*(thanh tra|kiểm tra))?(?:\s+(?:chuyên ngành|hành chính|liên ngành))?\s*$",
    re.IGNORECASE,
)
_KIND_IDS = {"thanh tra": "thanh_tra", "kiểm tra": "kiem_tra"}

_JOINED = _regex.compile(r"\s*(?:,|;|và|cùng|với|cùng với)\s*", re.IGNORECASE)


def _joined(window: str) -> bool:
    """True when a campaign count is coordinated with the one before it.

    "02 cuộc thanh tra (về …) và 01 cuộc kiểm tra": one statement over both.
    """
    return _JOINED.fullmatch(_PAREN.sub("", window)) is not None


class _EnforcementReader:
    """Assembles enforcement actions from the campaigns, subjects and money of a sentence."""

    def __init__(self, text: str, start: int, end: int, stance: str, low: str | None) -> None:
        self.text = text
        self.low = low  # the lowered text (_regex.lowered), for the caseless searches
        self.start = start
        self.end = end
        self.stance = stance
        self.actions: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self.boundaries = _operation_starts(text, start, end, low)

    def boundary_before(self, pos: int) -> int:
        """The start of the last separate operation opened before ``pos``, or -1."""
        k = bisect_left(self.boundaries, pos)
        return self.boundaries[k - 1] if k else -1

    def _split(self, pos: int) -> None:
        """Open a new action when a separate operation begins between the current action,
        already closed by its violators or fine, and ``pos``.

        "…, xử phạt 07 cơ sở với số tiền 38 triệu đồng, đồng thời kiểm tra đột xuất …
        02 doanh nghiệp …": the second check is an action of its own.
        """
        a = self.current
        b = self.boundary_before(pos)
        if a is None or b < 0 or b < a["end"] or b <= a["start"]:
            return
        if not (a["campaigns"] or a["subjects"] or a["violators"] or a["fine"]):
            return
        word = _lexicon().kind_re.match_low(self.text, self.low, b)
        action = self._new(b)
        if word is not None:
            action["kind_hint"] = "thanh_tra" if word.group().lower() == "thanh tra" else "kiem_tra"

    def _new(self, begin: int) -> dict[str, Any]:
        action: dict[str, Any] = {
            "start": begin,
            "end": begin,
            "campaigns": [],  # (kind, Count, paren span)
            "subjects": None,
            "violators": None,
            "fine": None,
            "outcome_spans": [],
            "sanctions": [],  # (Count, outcome id) of "(phạt tiền 48 cơ sở, cảnh cáo 04 cơ sở)"
            "sanction_fines": {},  # a sanctioned part's own fine, by the part's start"
            "campaign_parts": [],  # per-kind parts of a stated mixed total
            "kind_hint": None,
        }
        self.actions.append(action)
        self.current = action
        return action

    def _kind_before(self, window: str, low: str | None) -> str | None:
        # "Công tác thanh tra, kiểm tra: thanh tra 02 cuộc": the label before a colon
        # names the section, not this statement; but "Số cuộc thanh tra: 05 cuộc" labels
        # the figure right after it (``low``: the lowered ``window``)
        colon = window.rfind(":")
        if colon >= 0 and not window[colon + 1 :].strip():
            label = _FIGURE_LABEL.search(window, 0, colon)
            if label is not None:
                kinds = {g.lower() for g in label.groups() if g}
                return None if len(kinds) > 1 else _KIND_IDS[kinds.pop()]
        low = _cut(window, low, colon + 1, len(window))
        window = window[colon + 1 :]
        found = list(_lexicon().kind_re.finditer_low(window, low))
        if not found:
            return None
        last = found[-1]
        if (
            len(found) > 1
            and last.start() - found[-2].end() <= 5
            and last.group().lower() != found[-2].group().lower()
        ):
            return None  # "thanh tra, kiểm tra": both kinds, one statement
        word = last.group().lower()
        return "thanh_tra" if word == "thanh tra" else "kiem_tra"

    def add_campaign(self, c: Count, window: str, low: str | None) -> None:
        """Read a count of campaigns after ``window`` (``low``: its lowercase)."""
        self._split(c.start)
        kind = c.hint("kind")
        action = self.current
        if action is not None:
            for k, _total, paren in action["campaigns"]:
                if paren is not None and paren[0] <= c.start < paren[1]:
                    # "27 cuộc thanh tra, kiểm tra (09 cuộc thanh tra, 18 cuộc kiểm tra)",
                    # "05 cuộc thanh tra (theo kế hoạch: 04 cuộc; đột xuất: 01 cuộc)"
                    action["campaign_parts"].append((kind or k, c, None))
                    return
            if self._listed_part(action, c, kind):
                return
        if kind == "mixed":
            kind = None
        elif kind is None:
            after = self.text[c.end : c.end + 16].lower()
            if after.lstrip().startswith("thanh tra"):
                kind = "thanh_tra"
            elif after.lstrip().startswith("kiểm tra"):
                kind = "kiem_tra"
            else:
                kind = self._kind_before(window, low)
        action = self.current
        if (
            action is None
            or action["subjects"] is not None
            or action["violators"] is not None
            or action["fine"] is not None
            or any(k == kind for k, _, _ in action["campaigns"])
            or not (_joined(window) or self._joined_after_topic(action, c))
        ):
            action = self._new(_verb_start(self.text, window, c, low))
        paren = _paren_after(self.text, c.end, self.end)
        action["campaigns"].append((kind, c, paren))
        action["end"] = max(action["end"], paren[1] + 1 if paren else c.end)

    def _listed_part(self, action: dict[str, Any], c: Count, kind: str | None) -> bool:
        """Whether ``c`` is a part of the campaign total just read, listed after it without
        parentheses: "02 cuộc thanh tra, gồm 01 cuộc theo kế hoạch về … và 01 cuộc đột
        xuất về …". The parts open on "gồm", "trong đó" …, follow one another with "," or
        "và", name no other kind than the total's, and do not add up to more than it."""
        if len(action["campaigns"]) != 1 or action["subjects"] or action["violators"]:
            return False
        total_kind, total, paren = action["campaigns"][0]
        if paren is not None or total.value is None or c.value is None:
            return False
        if kind == "mixed" or (kind is not None and total_kind not in (None, kind)):
            return False
        parts = action["campaign_parts"]
        listed = action.get("listed", 0)
        if listed + c.value > total.value:
            return False
        if parts:
            gap = _PART_NEXT.fullmatch(self.text, parts[-1][1].end, c.start)
        else:
            gap = _PART_OPEN.fullmatch(self.text, total.end, c.start)
        if gap is None:
            return False
        parts.append((kind or total_kind, c, None))
        action["listed"] = listed + c.value
        action["end"] = max(action["end"], c.end)
        return True

    def _joined_after_topic(self, action: dict[str, Any], c: Count) -> bool:
        """ "2 cuộc thanh tra về đo lường, chất lượng xăng dầu và 1 cuộc kiểm tra": the
        topic of the campaigns before, then "và", joins this one to them."""
        if not action["campaigns"]:
            return False
        _, last, paren = action["campaigns"][-1]
        return paren is None and _TOPIC_THEN_AND.fullmatch(self.text, last.end, c.start) is not None

    def add_import_check(self, c: Count, begin: int) -> None:
        """State checks of imported goods, counted in files (domain.md §3.1)."""
        action = self._new(begin)
        action["kind_hint"] = "kiem_tra_hang_nhap_khau"
        action["subjects"] = c
        action["end"] = c.end

    def add_subject(
        self,
        c: Count,
        window: str,
        low: str | None,
        counts: Sequence[Count],
        i: int,
        consumed: set[int],
        *,
        elliptic: bool = False,
    ) -> None:
        """Read a count of establishments after ``window`` (``low``: its lowercase)."""
        lex = _lexicon()
        self._split(c.start)
        action = self.current
        is_violator = (
            bool(lex.violation_re.search_low(window, low))
            or bool(lex.violator_after_re.match(self.text, c.end))
            or _penalised_later(self.text, c, self.low, window)
        )
        if elliptic and action is not None and action["violators"] is not None:
            kind_hint = action["kind_hint"]
            if action["campaigns"]:
                kinds = {k for k, _, _ in action["campaigns"]}
                kind_hint = kinds.pop() if len(kinds) == 1 else None
            action = self._new(c.start)
            action["kind_hint"] = kind_hint
            action["violators"] = c
            action["elliptic"] = True
            action["end"] = c.end
            return
        if action is None:
            if not (lex.kind_re.search_low(window, low) or is_violator):
                return
            action = self._new(_verb_start(self.text, window, c, low))
            action["kind_hint"] = self._kind_before(window, low)
        slot = "violators" if is_violator else "subjects"
        known = action["violators"]
        if (
            slot == "violators"
            and known is not None
            and action["fine"] is None
            and known.value is not None
            and c.value is not None
            and c.value <= known.value
            # "…, 02 cơ sở ghi nhãn chưa đầy đủ": another breach, not a part sanctioned
            and not _breach_only(self.text, c, window, low, self.low)
        ):
            if c.value < known.value:  # "phát hiện 21 vi phạm, xử phạt 18": a sanctioned part
                outcome = _nearest(lex.outcome_res, window, low) or "phat_tien"
                action["sanctions"].append((c, outcome))
            action["end"] = max(action["end"], c.end)
            return
        if action[slot] is not None or (slot == "subjects" and action["violators"] is not None):
            if not (lex.kind_re.search_low(window, low) or is_violator):
                return
            action = self._new(_verb_start(self.text, window, c, low))
            action["kind_hint"] = self._kind_before(window, low)
        action[slot] = c
        end = c.end
        if slot == "violators":
            paren = _paren_after(self.text, c.end, self.end)
            if paren is not None:
                action["outcome_spans"].append(paren)
                for j in range(i + 1, len(counts)):
                    if counts[j].start >= paren[1]:
                        break
                    if paren[0] <= counts[j].start < paren[1]:
                        consumed.add(j)
                        part = counts[j]
                        lead = self.text[max(paren[0], part.start - 30) : part.start]
                        lead = re.split(r"[,;]", lead)[-1]
                        found = _nearest(lex.outcome_res, lead, _regex.lowered(lead))
                        if part.value is not None and found:
                            action["sanctions"].append((part, found))
                end = paren[1] + 1
        action["end"] = max(action["end"], end)

    def add_money(self, m: MoneySpan) -> bool:
        """Read a money mention; False for a total fine that names no action of this
        sentence ("Tổng số tiền xử phạt là 35 triệu đồng."), which may close the last one."""
        lex = _lexicon()
        begin = max(self.start, m.start - 90)
        before = self.text[begin : m.start]
        before_low = _cut(self.text, self.low, begin, m.start)
        cue = None
        for cm in lex.fine_cue_re.finditer_low(before, before_low):
            cue = cm
        if cue is None:
            # "; 01 phòng khám vi phạm … 2 triệu đồng": a clause sharing the sanction verb
            a = self.current
            if (
                a is not None
                and a.get("elliptic")
                and a["fine"] is None
                and ";" not in self.text[a["start"] : m.start]
                and not lex.not_fine_re.search_low(self.text, self.low, a["start"], m.start)
            ):
                a["fine"] = m
                a["end"] = max(a["end"], m.end)
            return True
        near = before[cue.start() :]
        a = self.current
        if not m.is_range and _BAND.search(near) is None and a is not None and a["fine"]:
            self._split(m.start)  # a second fine: another operation's
        recovery = _RECOVERY.search(before[-60:])
        penalty = _PENALTY.search(near) and not _BAND.search(near)
        near_low = _cut(before, before_low, cue.start(), len(before))
        if (
            recovery
            or m.is_range
            or not (penalty or not lex.not_fine_re.search_low(near, near_low))
        ):
            if self.current is not None and recovery:
                self.current["outcome_spans"].append((m.start - len(near), m.end))
                self.current["end"] = max(self.current["end"], m.end)
            return True
        action = None
        for a in reversed(self.actions):
            if a["start"] <= m.start:
                action = a
                break
        if action is None:
            # a fine that names no action of this sentence ("Tổng số tiền xử phạt là 35 triệu
            # đồng.", "Chi cục … chuyển hồ sơ đến Thanh tra Sở xử phạt 15.000.000 đồng."):
            # it may close the action of the sentence before
            return False
        if action["fine"] is not None:
            part = self._sanction_before(action, m)
            if part is not None:
                # "… 187,5 triệu đồng; riêng một doanh nghiệp … bị phạt 45 triệu đồng": the
                # fine of a part just counted, within the total's
                action["sanction_fines"][part.start] = m
                return True
            return True  # a second amount for one operation: leave it unread, not guess
        action["fine"] = m
        action["end"] = max(action["end"], m.end)
        return True

    def _sanction_before(self, action: dict[str, Any], m: MoneySpan) -> Count | None:
        """The sanctioned part counted after the action's fine and right before ``m``, when
        ``m`` can be that part's fine (it is no more than the total fine)."""
        total: MoneySpan = action["fine"]
        parts: list[Count] = [c for c, _ in action["sanctions"] if total.end <= c.start < m.start]
        if not parts or m.amount is None or total.amount is None:
            return None
        part = parts[-1]
        if m.start - part.end > 100 or m.amount.amount > total.amount.amount:
            return None
        if part.start in action["sanction_fines"]:
            return None
        return part

    def add_fine_only(self, m: MoneySpan, begin: int) -> None:
        """An action known by its fine alone ("ban hành 07 quyết định xử phạt … 42 triệu
        đồng"), starting at ``begin``."""
        action = self._new(begin)
        action["fine"] = m
        action["end"] = m.end

    def _segment_span(self, c: Count) -> tuple[int, int]:
        """The words of one listed part around its count ("theo kế hoạch: 04 cuộc", "01 cuộc
        đột xuất về an toàn bức xạ"): from the separator before it to the one after it."""
        lo = max(self.start, c.start - 80)
        begin = lo
        for m in _SEGMENT_START.finditer_low(self.text, self.low, lo, c.start):
            begin = m.end()
        end_m = _SEGMENT_END.search_low(self.text, self.low, c.end, min(self.end, c.end + 120))
        stop = end_m.start() if end_m is not None else min(self.end, c.end + 120)
        return begin, stop

    def _marks(self, begin: int, stop: int) -> dict[str, list[str]]:
        """:func:`_marks` of ``text[begin:stop]``."""
        return _marks_in(self.text[begin:stop], _cut(self.text, self.low, begin, stop))

    def finish(self) -> list[Draft]:
        out: list[Draft] = []
        for a in self.actions:
            if not (a["campaigns"] or a["subjects"] or a["violators"] or a["fine"]):
                continue
            span_text = self.text[a["start"] : a["end"]]
            words = self._marks(a["start"], a["end"])
            outcomes = set(words["outcomes"])
            for s0, s1 in a["outcome_spans"]:
                outcomes.update(self._marks(s0, s1)["outcomes"])
            if a["fine"] is not None:
                outcomes.add("phat_tien")
            elif "phat_tien" in outcomes and not _FINE_WORDS.search(span_text):
                outcomes.discard("phat_tien")
            kinds = [k for k, _, _ in a["campaigns"]]
            distinct = sorted({k for k in kinds if k})
            mixed = len(distinct) > 1 or None in kinds
            kind = distinct[0] if len(distinct) == 1 and not mixed else None
            if not a["campaigns"]:
                kind = a["kind_hint"]
            if len(distinct) > 1 and None not in kinds:
                # One statement over both kinds: each child carries its own campaigns.
                campaigns: tuple[int | None, str] = (None, "exact")
                parts = a["campaigns"]
            else:
                campaigns = _sum_counts([c for _, c, _ in a["campaigns"]])
                parts = a["campaign_parts"]
            fields: dict[str, Any] = {
                "kind": kind,
                "classes": words["classes"],
                "bases": words["bases"],
                "domains": words["domains"],
                "campaigns": campaigns[0],
                "campaigns_qualifier": campaigns[1],
                "subjects": a["subjects"].value if a["subjects"] else None,
                "subjects_qualifier": a["subjects"].qualifier.value if a["subjects"] else "exact",
                "violators": a["violators"].value if a["violators"] else None,
                "violators_qualifier": a["violators"].qualifier.value
                if a["violators"]
                else "exact",
                "fine": a["fine"].amount if a["fine"] else None,
                "outcomes": sorted(outcomes),
            }
            figures = [c.num_start for _, c, _ in a["campaigns"]]
            figures += [c.num_start for c in (a["subjects"], a["violators"]) if c is not None]
            parent = Draft(
                "enforcement",
                a["start"],
                a["end"],
                fields,
                self.stance,
                anchor=min(figures) if figures else -1,
            )
            out.append(parent)
            for c, outcome in a["sanctions"]:
                own_fine = a["sanction_fines"].get(c.start)
                out.append(
                    Draft(
                        "enforcement",
                        c.start,
                        c.end if own_fine is None else own_fine.end,
                        dict(
                            _EMPTY_ACTION,
                            kind=kind,
                            violators=c.value,
                            violators_qualifier=c.qualifier.value,
                            fine=None if own_fine is None else own_fine.amount,
                            outcomes=sorted({outcome, "phat_tien"} if own_fine else {outcome}),
                        ),
                        self.stance,
                        parent=parent,
                    )
                )
            # "(04 cuộc theo kế hoạch, 01 cuộc đột xuất)", "trong đó 02 cuộc thanh tra chuyên
            # ngành và 01 cuộc thanh tra hành chính": parts by basis or by class
            spans = [self._segment_span(c) for _, c, _ in parts]
            part_marks = [self._marks(*span) for span in spans]
            part_bases = [m["bases"] for m in part_marks]
            part_classes = [m["classes"] for m in part_marks]
            marks = [(*b, *k) for b, k in zip(part_bases, part_classes, strict=True)]
            # (one part with its mark is a partial breakdown: "trong đó 01 cuộc thanh tra
            # hành chính")
            by_basis = bool(parts) and all(marks) and (len(parts) == 1 or len(set(marks)) > 1)
            if len({k for k, _, _ in parts}) > 1 or by_basis:
                for (k, c, paren), bases, classes, span, own in zip(
                    parts, part_bases, part_classes, spans, part_marks, strict=True
                ):
                    if by_basis:
                        # the part's segment, whose marks are read above
                        (begin, stop), child_words = span, own
                    else:
                        begin, stop = c.start, paren[1] + 1 if paren else c.end
                        child_words = self._marks(begin, stop)
                    child = Draft(
                        "enforcement",
                        begin,
                        stop,
                        {
                            "kind": k,
                            "classes": classes if by_basis else child_words["classes"],
                            "bases": bases if by_basis else child_words["bases"],
                            "domains": child_words["domains"],
                            "campaigns": c.value,
                            "campaigns_qualifier": c.qualifier.value,
                            "subjects": None,
                            "subjects_qualifier": "exact",
                            "violators": None,
                            "violators_qualifier": "exact",
                            "fine": None,
                            "outcomes": [],
                        },
                        self.stance,
                        parent=parent,
                    )
                    out.append(child)
        return out


# "05 cuộc thanh tra, gồm 04 cuộc …": the parts of a campaign total open after it
_PART_OPEN = _regex.compile(
    r"[^;.()\d]{0,80}?[,:]?\s*(?:gồm|bao gồm|trong đó|trong số đó|cụ thể|chia ra)(?:\s+có)?"
    r"\s*[:,]?\s*",
    re.IGNORECASE,
)
# "… 01 cuộc theo kế hoạch về đo lường, chất lượng vàng trang sức và 01 cuộc …"
_PART_NEXT = _regex.compile(r"[^;.()\d]{0,120}?(?:,|\svà)\s*(?:và\s+)?", re.IGNORECASE)
_SEGMENT_START = _regex.Caseless(r"[,;(]|\svà\s|(?:gồm|trong đó|cụ thể)\s*:?\s")
_SEGMENT_END = _regex.Caseless(r"[,;()]|\.(?!\d)|\svà\s")


_EMPTY_ACTION: dict[str, Any] = {
    "kind": None,
    "classes": [],
    "bases": [],
    "domains": [],
    "campaigns": None,
    "campaigns_qualifier": "exact",
    "subjects": None,
    "subjects_qualifier": "exact",
    "violators": None,
    "violators_qualifier": "exact",
    "fine": None,
    "outcomes": [],
}


def _sum_counts(counts: Sequence[Count]) -> tuple[int | None, str]:
    if not counts:
        return None, "exact"
    if any(c.value is None for c in counts):
        return None, "approx"
    total = sum(int(c.value) for c in counts if c.value is not None)
    quals = {c.qualifier for c in counts}
    if quals == {Qualifier.EXACT}:
        return total, "exact"
    if quals <= {Qualifier.EXACT, Qualifier.GT, Qualifier.GE}:
        return total, "ge" if Qualifier.GE in quals else "gt"
    return total, "approx"


def _operation_starts(text: str, start: int, end: int, low: str | None) -> list[int]:
    """Where a separate enforcement operation opens inside a sentence: the inspection verb
    after a joiner ("đồng thời", "ngoài ra", "bên cạnh đó", "thông qua hoạt động …");
    ``low`` is the :func:`_regex.lowered` ``text``."""
    lex = _lexicon()
    out: list[int] = []
    if (
        not lex.any_joiner_re.may_hold(low, start, end)
        or lex.any_joiner_re.search_low(text, low, start, end) is None
    ):
        return out
    for joiners, need_basis in ((lex.operation_joiner_re, False), (lex.basis_joiner_re, True)):
        for j in joiners.finditer_low(text, low, start, end):
            stop = min(end, j.end() + _JOIN_REACH)
            for m in lex.kind_re.finditer_low(text, low, j.end(), stop):
                if _SENTENCE_MARK.search(text, j.end(), m.start()):
                    break
                # "thông qua thanh tra, phát hiện …" refers back to the same operation;
                # "thông qua hoạt động kiểm tra thường xuyên" names another one
                if not need_basis or _OWN_BASIS.match(text, m.end()):
                    out.append(m.start())
                break
    return sorted(set(out))


_JOIN_REACH = 100
_OWN_BASIS = _regex.compile(
    r"\s*(?:nhà nước\s+)?"
    r"(?:đột xuất|thường xuyên|định kỳ|chuyên đề|liên ngành|theo kế hoạch)(?!\w)",
    re.IGNORECASE,
)
_SENTENCE_MARK = _regex.compile(r"[;.:]")


def _verb_start(text: str, window: str, c: Count, low: str | None) -> int:
    """Where the statement governing a count begins: its verb, or the count itself
    (``low``: the :func:`_regex.lowered` ``window``)."""
    lex = _lexicon()
    first = None
    for m in lex.kind_re.finditer_low(window, low):
        first = m
        break
    for m in lex.violation_re.finditer_low(window, low):
        if first is None or m.start() < first.start():
            first = m
        break
    if first is None:
        return _trigger_start(text, window, c)
    return c.start - len(window) + first.start()
