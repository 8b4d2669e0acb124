"""Vietnam's provincial-level units in both eras, and how prose names them.

Until 30 June 2025 Vietnam had 63 provincial units; Nghị quyết 202/2025/QH15 merged them into
34 from 1 July 2025. Both sets are :class:`Province` objects, told apart by their
:class:`Era`. Codes are reused across the eras (new Lào Cai is 15, old Yên Bái's code; old
Lào Cai was 10), so a unit's identity is its era-qualified :attr:`Province.id`, never its
code or name alone.

>>> from datetime import date
>>> from khcn import Province
>>> Province.lookup("Lào Cai", on=date(2024, 1, 1)).code
'10'
>>> Province.lookup("Lào Cai").code
'15'
>>> brvt = Province.lookup("tỉnh BR-VT")
>>> brvt.id, brvt.successor.name
('pre_2025:77', 'Hồ Chí Minh')

The table is ``khcn/_data/provinces.json`` (see ``SOURCES.md``), loaded on first use.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import attrs

from khcn._data import load_json
from khcn.errors import AmbiguousProvinceError, DataError, UnknownProvinceError
from khcn.model._vocab import VocabEnum
from khcn.text import fold, normalize_with_map

if TYPE_CHECKING:
    from collections.abc import Iterable

    from khcn.parse._match import Match

__all__ = ["Era", "Province", "ProvinceType"]


class ProvinceType(VocabEnum):
    """The kind of a provincial-level unit: a province or a centrally run city.

    >>> from khcn import ProvinceType
    >>> ProvinceType.CITY.value, ProvinceType.CITY.label_vi
    ('thanh_pho', 'thành phố trực thuộc trung ương')
    >>> ProvinceType("tinh").label_vi
    'tỉnh'
    """

    PROVINCE = "tinh"  # tỉnh
    CITY = "thanh_pho"  # thành phố trực thuộc trung ương

    @property
    def prefix(self) -> str:
        """The word put before the unit's name in its full name ("Tỉnh", "Thành phố").

        >>> from khcn import ProvinceType
        >>> ProvinceType.CITY.prefix
        'Thành phố'
        """
        return "Thành phố" if self is ProvinceType.CITY else "Tỉnh"


_PRE_VALID_TO = date(2025, 6, 30)
_NEW_VALID_FROM = date(2025, 7, 1)


class Era(VocabEnum):
    """A set of provincial units in force together: the 63 before, or the 34 from, 1 July 2025.

    >>> from khcn.model.province import Era
    >>> Era.PRE_2025.valid_to, Era.FROM_2025.valid_from
    (datetime.date(2025, 6, 30), datetime.date(2025, 7, 1))
    >>> Era.FROM_2025.label_vi
    '34 tỉnh, thành phố (từ 01/07/2025)'
    """

    PRE_2025 = "pre_2025"
    FROM_2025 = "from_2025"

    @property
    def valid_from(self) -> date | None:
        """The first day of the era (``None``: earlier changes are not modelled).

        >>> from khcn.model.province import Era
        >>> Era.PRE_2025.valid_from is None
        True
        """
        return _NEW_VALID_FROM if self is Era.FROM_2025 else None

    @property
    def valid_to(self) -> date | None:
        """The last day of the era (``None`` while it lasts).

        >>> from khcn.model.province import Era
        >>> Era.FROM_2025.valid_to is None
        True
        """
        return _PRE_VALID_TO if self is Era.PRE_2025 else None

    @classmethod
    def on(cls, day: date) -> Era:
        """The era in force on ``day``.

        >>> from datetime import date
        >>> from khcn.model.province import Era
        >>> Era.on(date(2025, 6, 30)), Era.on(date(2025, 7, 1))
        (<Era.PRE_2025: 'pre_2025'>, <Era.FROM_2025: 'from_2025'>)
        """
        return cls.FROM_2025 if _as_date(day) >= _NEW_VALID_FROM else cls.PRE_2025


@attrs.frozen(kw_only=True, repr=False)
class Province:
    """One provincial-level unit of one era, e.g. the pre-2025 province Bà Rịa - Vũng Tàu.

    Get units from the table (:meth:`lookup`, :meth:`from_id`, :meth:`all`,
    :meth:`in_force`, :meth:`find_in`) rather than building them. Two units are equal
    when their :attr:`id` is; :attr:`successor` and :attr:`predecessors` are read from the
    table, so they take no part in equality, hashing or ``repr``.

    Attributes:
        era: the set of units this one belongs to.
        code: the two-digit GSO code, unique only within the era.
        name: the official Vietnamese name, without "Tỉnh" / "Thành phố", in modern
            spelling ("Hòa Bình", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh").
        type: province (``tinh``) or centrally run city (``thanh_pho``).
        slug: the snake_case id of the name (``ba_ria_vung_tau``), unique within the era.
        valid_from: first day in force; ``None`` for pre-2025 units (earlier changes, such
            as Hà Tây joining Hà Nội in 2008, are not modelled).
        valid_to: last day in force; ``None`` while in force.
        variants: the spellings and abbreviations of prose that name it ("BR-VT", "BRVT" …).

    Thừa Thiên Huế became the centrally run city Huế on 01/01/2025, six months before the
    era ended. Its pre-2025 entry keeps the name and type it bore through nearly all of the
    era ("Thừa Thiên Huế", ``tinh``; id ``pre_2025:46``, slug ``thua_thien_hue``), names
    "Huế" / "Thành phố Huế" among its variants, and :meth:`name_on` / :meth:`type_on` give
    the name and type of a given day.

    >>> from datetime import date
    >>> from khcn import Province
    >>> hcm = Province.lookup("TP.HCM")
    >>> hcm
    Province(id='from_2025:79', name='Hồ Chí Minh')
    >>> hcm.full_name, hcm.type.value, hcm.valid_from
    ('Thành phố Hồ Chí Minh', 'thanh_pho', datetime.date(2025, 7, 1))
    >>> [p.name for p in hcm.predecessors]
    ['Bình Dương', 'Bà Rịa - Vũng Tàu', 'Hồ Chí Minh']
    >>> Province.from_id("pre_2025:77").slug
    'ba_ria_vung_tau'
    >>> hue = Province.from_id("pre_2025:46")
    >>> hue.name, hue.name_on(date(2025, 3, 1)), hue.type_on(date(2025, 3, 1)).value
    ('Thừa Thiên Huế', 'Huế', 'thanh_pho')
    """

    era: Era
    code: str
    name: str = attrs.field(eq=False)
    type: ProvinceType = attrs.field(eq=False)
    slug: str = attrs.field(eq=False)
    valid_from: date | None = attrs.field(default=None, eq=False)
    valid_to: date | None = attrs.field(default=None, eq=False)
    variants: tuple[str, ...] = attrs.field(default=(), eq=False)

    def __repr__(self) -> str:
        return f"Province(id={self.id!r}, name={self.name!r})"

    # -- identity ---------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The era-qualified id, the unit's identity and serialised form.

        >>> from khcn import Province
        >>> Province.lookup("Lào Cai").id
        'from_2025:15'
        """
        return f"{self.era.value}:{self.code}"

    @property
    def full_name(self) -> str:
        """The name with its type word: "Tỉnh Cao Bằng", "Thành phố Hà Nội".

        >>> from khcn import Province
        >>> Province.lookup("Cao Bằng").full_name
        'Tỉnh Cao Bằng'
        """
        return f"{self.type.prefix} {self.name}"

    # -- over time ----------------------------------------------------------------------

    @property
    def successor(self) -> Province | None:
        """The unit this one merged into on 01/07/2025 (or the new unit of the same
        territory, for one that was not merged); ``None`` for a unit in force today.

        >>> from khcn import Province
        >>> Province.lookup("Hà Nam").successor
        Province(id='from_2025:37', name='Ninh Bình')
        >>> Province.lookup("Cao Bằng").successor is None
        True
        """
        table = _table()
        successor_id = table.successor.get(self.id)
        return None if successor_id is None else table.by_id[successor_id]

    @property
    def predecessors(self) -> tuple[Province, ...]:
        """The units that became this one on 01/07/2025, by code; empty for a pre-2025 unit.

        >>> from khcn import Province
        >>> [p.id for p in Province.lookup("Lào Cai").predecessors]
        ['pre_2025:10', 'pre_2025:15']
        """
        table = _table()
        return tuple(table.by_id[i] for i in table.predecessors.get(self.id, ()))

    def is_valid_on(self, day: date) -> bool:
        """Whether the unit was (or is) in force on ``day``.

        >>> from datetime import date
        >>> from khcn import Province
        >>> Province.lookup("Hà Nam").is_valid_on(date(2025, 7, 1))
        False
        """
        day = _as_date(day)
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to

    def name_on(self, day: date) -> str:
        """The unit's name on ``day`` (differs from :attr:`name` only for Thừa Thiên Huế
        in 2025).

        >>> from datetime import date
        >>> from khcn import Province
        >>> Province.lookup("Thừa Thiên Huế").name_on(date(2024, 12, 31))
        'Thừa Thiên Huế'
        """
        return self._state_on(day)[0]

    def type_on(self, day: date) -> ProvinceType:
        """The unit's type on ``day`` (see :meth:`name_on`).

        >>> from datetime import date
        >>> from khcn import Province
        >>> Province.lookup("Thừa Thiên Huế").type_on(date(2025, 1, 1))
        <ProvinceType.CITY: 'thanh_pho'>
        """
        return self._state_on(day)[1]

    def _state_on(self, day: date) -> tuple[str, ProvinceType]:
        day = _as_date(day)
        state = (self.name, self.type)
        for since, name, kind in _table().renamed.get(self.id, ()):
            if day >= since:
                state = (name, kind)
        return state

    # -- the table ----------------------------------------------------------------------

    @classmethod
    def all(cls, era: Era | str | None = None) -> tuple[Province, ...]:
        """Every unit of ``era`` (``Era`` or its value), or of both eras, by era and code.

        >>> from khcn import Province
        >>> len(Province.all()), len(Province.all("pre_2025")), len(Province.all("from_2025"))
        (97, 63, 34)
        """
        units = _table().units
        if era is None:
            return units
        wanted = Era(era)
        return tuple(p for p in units if p.era is wanted)

    @classmethod
    def in_force(cls, on: date) -> tuple[Province, ...]:
        """The units in force on day ``on``, by code.

        >>> from datetime import date
        >>> from khcn import Province
        >>> len(Province.in_force(date(2025, 6, 30))), len(Province.in_force(date(2025, 7, 1)))
        (63, 34)
        """
        return tuple(p for p in _table().units if p.is_valid_on(on))

    @classmethod
    def from_id(cls, id: str) -> Province:
        """The unit with era-qualified id ``id`` (the inverse of :attr:`id`).

        Raises:
            UnknownProvinceError: no unit has that id.

        >>> from khcn import Province
        >>> Province.from_id("from_2025:79").name
        'Hồ Chí Minh'
        """
        found = _table().by_id.get(id) if isinstance(id, str) else None
        if found is None:
            raise UnknownProvinceError(
                str(id), reason=f"no province has id {id!r} (ids look like 'pre_2025:77')"
            )
        return found

    @classmethod
    def lookup(cls, name: str, on: date | None = None) -> Province:
        """The unit a name stands for, insensitive to accents, case, spacing and prefix.

        ``name`` may carry "tỉnh", "thành phố", "TP", "TP." or "Tp" before it, and be
        any spelling or abbreviation in :attr:`variants` ("TP.HCM", "BR-VT", "Đắc Lắc").

        * With ``on``, the unit in force that day: a name of a merged unit on a later day
          gives the unit it merged into.
        * Without ``on``, a name borne in both eras ("Thái Nguyên", "TP.HCM") gives the
          unit in force today; the name of a unit that no longer exists ("BR-VT",
          "Hà Nam") gives that old unit, whose :attr:`successor` points on.

        Raises:
            UnknownProvinceError: no unit bears the name (or none was in force on
                ``on``); ``candidates`` holds the closest names.
            AmbiguousProvinceError: two units in force at the same time bear it.

        >>> from datetime import date
        >>> from khcn import Province
        >>> Province.lookup("thanh pho ho chi minh").id
        'from_2025:79'
        >>> Province.lookup("Bắc Cạn")
        Province(id='pre_2025:06', name='Bắc Kạn')
        >>> Province.lookup("Hà Nam", on=date(2025, 8, 1))
        Province(id='from_2025:37', name='Ninh Bình')
        >>> Province.lookup("Ha Tay")
        Traceback (most recent call last):
        ...
        khcn.errors.UnknownProvinceError: no province is named 'Ha Tay'; closest: ...
        """
        if not isinstance(name, str):
            raise TypeError(f"a province name is a str, not {type(name).__name__}")
        table = _table()
        units = table.by_key.get(_key(name), ())
        if not units:
            raise UnknownProvinceError(name, table.closest(name))
        found = _resolve(units, None if on is None else _as_date(on))
        if len(found) == 1:
            return found[0]
        if not found:
            assert on is not None  # without a day some unit always resolves
            raise UnknownProvinceError(
                name,
                [p.id for p in units],
                reason=f"no province named {name!r} was in force on {on.isoformat()}",
            )
        raise AmbiguousProvinceError(
            name,
            [f"{p.full_name} ({p.id})" for p in found],
            reason=f"{name!r} names several provinces in force at the same time",
        )

    @classmethod
    def find_in(cls, text: str, *, on: date | None = None) -> list[Match[Province]]:
        """Every province mention in running text, left to right.

        A mention is a known spelling (see :meth:`lookup`) at word boundaries, with the
        "tỉnh" / "thành phố" / "TP." before it included in the match when present (its
        ``form`` is then ``"prefixed"``, else ``None``). Each is resolved as :meth:`lookup`
        resolves it (today's unit for a name borne in both eras, unless ``on`` is given);
        a mention that does not resolve to one unit is left out. It never raises on any
        ``str`` and runs in time linear in the text.

        Guards against false hits:

        * without a prefix, each word of the name must start with a capital letter
          ("hòa bình" is peace, "Hòa Bình" the province), and a name right after "xã",
          "phường", "huyện", "quận", "đường", "phố", "sông" … is a commune, street or
          river, not a province;
        * "Hồ Chí Minh" needs a prefix ("tư tưởng Hồ Chí Minh" is not the city);
          "TP.HCM", "TPHCM", "HCMC" and "Sài Gòn" do not;
        * longer names that contain a province name are skipped whole: "Hà Nam Ninh",
          "Thái Bình Dương", "Điện Biên Phủ", "Quảng Nam - Đà Nẵng", "Đồng Tháp Mười".
        * "thành phố Thái Nguyên" (a city inside a province) is found as the province.

        >>> from khcn import Province
        >>> text = "Sở KH&CN tỉnh BR-VT phối hợp với TP.HCM và Hà Nam Ninh cũ"
        >>> [(m.text, m.value.id) for m in Province.find_in(text)]
        [('tỉnh BR-VT', 'pre_2025:77'), ('TP.HCM', 'from_2025:79')]
        >>> [m.form for m in Province.find_in(text)]
        ['prefixed', 'prefixed']
        >>> Province.find_in("giữ gìn hòa bình, tư tưởng Hồ Chí Minh")
        []
        """
        if not isinstance(text, str) or not text:
            return []
        # Imported here: khcn.model must not import khcn.parse when it is loaded.
        from khcn.parse._match import Match

        when = None if on is None else _as_date(on)
        table = _table()
        norm = normalize_with_map(text)
        out: list[Match[Province]] = []
        resolved: dict[int, list[Province]] = {}  # by id of the units: a report names few
        for start, end, units, prefixed in table.finder.scan(norm.text):
            found = resolved.get(id(units))
            if found is None:
                found = resolved[id(units)] = _resolve(units, when)
            if len(found) != 1:
                continue
            o_start, o_end = norm.span(start, end)
            form = "prefixed" if prefixed else None
            out.append(Match(found[0], o_start, o_end, text[o_start:o_end], form=form))
        return out


# -- keys -------------------------------------------------------------------------------

_PREFIXES = (("tinh",), ("thanh", "pho"), ("tp",), ("thu", "do"))


def _words(name: str) -> list[str]:
    """Folded words of a name, without a leading "tỉnh" / "thành phố" / "TP" / "thủ đô"."""
    words = fold(name).split()
    for prefix in _PREFIXES:
        n = len(prefix)
        if len(words) > n and tuple(words[:n]) == prefix:
            return words[n:]
    return words


def _key(name: str) -> str:
    """The lookup key: folded, prefix dropped, spaces dropped ("Dak Lak" = "Daklak")."""
    return "".join(_words(name))


def _as_date(day: date) -> date:
    if isinstance(day, datetime):
        return day.date()
    if not isinstance(day, date):
        raise TypeError(f"expected a date, not {type(day).__name__}")
    return day


def _resolve(units: tuple[Province, ...], on: date | None) -> list[Province]:
    """The distinct units in force on ``on`` that units bearing a name stand for."""
    if on is None:
        today = date.today()
        current = [p for p in units if p.is_valid_on(today)]
        if current:
            return current
        last = max(p.valid_to or date.max for p in units)
        return [p for p in units if (p.valid_to or date.max) == last]
    direct = [p for p in units if p.is_valid_on(on)]
    if direct:
        return direct
    found: list[Province] = []
    for unit in units:
        current_unit: Province | None = unit
        while (
            current_unit is not None
            and current_unit.valid_to is not None
            and on > current_unit.valid_to
        ):
            current_unit = current_unit.successor
        if current_unit is not None and current_unit.is_valid_on(on) and current_unit not in found:
            found.append(current_unit)
    return found


# -- the finder ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+")
# Between the words of one name: spaces and hyphens ("Bà Rịa - Vũng Tàu", "TT-Huế"); the
# group is the next word.
_NAME_GAP_WORD = re.compile(r"[ -]{1,3}([^\W_]+)")
# Between a prefix and the name: also a dot ("TP.HCM", "TP. Hồ Chí Minh").
_PREFIX_GAP_WORD = re.compile(r"[ .-]{1,3}([^\W_]+)")
_RUNNING_PREFIXES = (("tỉnh",), ("thành", "phố"), ("tp",), ("thủ", "đô"))
_PREFIX_HEADS = frozenset(prefix[0] for prefix in _RUNNING_PREFIXES)
# Words whose verdict the finder keeps; beyond this many it starts afresh.
_MAX_REMEMBERED = 50_000
# The blocks whose letters _plain_letters reads: ASCII, Latin-1, Latin Extended-A and -B,
# Latin Extended Additional (the Vietnamese letters).
_LATIN_BLOCKS = ((0x30, 0x7F), (0xC0, 0x250), (0x1E00, 0x1F00))


@cache
def _plain_letters() -> dict[str, str]:
    """The letters of the Latin blocks that fold, alone, to one ASCII letter or digit, and
    that fold: "Ể" -> "e", "đ" -> "d", "7" -> "7".

    A word made of them folds letter by letter (no two compose, none folds to nothing), so
    classes of them tell in a pattern which words fold to a key. A word with any other
    letter ("²", "ǆ", the Kelvin sign) is left to the finder's own test.
    """
    out: dict[str, str] = {}
    for low, high in _LATIN_BLOCKS:
        for code in range(low, high):
            char = chr(code)
            if not char.isalnum() or len(char.lower()) != 1:
                continue
            folded = fold(char)
            if len(folded) == 1 and folded.isascii() and folded.isalnum():
                out[char] = folded
    return out


def _class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


@lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    return fold(word).replace(" ", "")


@cache
def _by_fold() -> dict[str, tuple[str, ...]]:
    """The plain letters (see _plain_letters) by the letter they fold to: "a" -> "aAàÀ…"."""
    by_fold: dict[str, list[str]] = {}
    for char, folded in _plain_letters().items():
        by_fold.setdefault(folded, []).append(char)
    return {folded: tuple(chars) for folded, chars in by_fold.items()}


def _first_letters(words: Iterable[str], *, capital: bool) -> dict[str, set[str]]:
    """The folded ``words`` by their tails ("hai" of "thai"), each with the plain letters
    its words may open with: the capitals (and digits) that fold to their first letter
    ("T"), or with ``capital`` false the other letters that do ("t", "ţ")."""
    firsts: dict[str, set[str]] = {}
    for word in words:
        letters = [
            c for c in _by_fold().get(word[0], ()) if (c.isupper() or c.isdigit()) is capital
        ]
        if not letters or not all(c in _by_fold() for c in word):
            raise ValueError(f"the finder cannot spell {word!r} in Latin letters")
        firsts.setdefault(word[1:], set()).update(letters)
    return firsts


def _tails(firsts: dict[str, set[str]], depth: int = 0) -> str:
    """A pattern of the tails of _first_letters, read after the first letter: a branch
    per next letter (the plain letters that fold to it), each followed by the tails
    that go on with it; where a tail ends, a lookbehind checks the word's first letter
    (``depth`` letters back: "T" for "hai") and a lookahead the word's end. Prose seldom
    gets past the first two letters, and the branches open with classes, which the
    engine tries cheaply."""
    branches: list[str] = []
    following: dict[str, dict[str, set[str]]] = {}
    for tail, letters in sorted(firsts.items()):
        if tail:
            following.setdefault(tail[0], {})[tail[1:]] = letters
        else:
            branches.append(rf"(?<={_class(letters)}.{{{depth}}})(?![^\W_])")
    for letter, rest in sorted(following.items()):
        branches.append(_class(_by_fold()[letter]) + _tails(rest, depth + 1))
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


# What _Finder._verdict tells of a word: a mention or a blocker can start at it
# (_Finder._can_start); its lowercase is a prefix's first word ("tỉnh"); a mention or a
# blocker can start at it without a prefix (_Finder._can_start_bare); it is a later word of
# a blocker ("Ninh" of "Hà Nam Ninh"), which a blocker opening with a lowercase word may
# cover (see _Finder.scan).
_STARTS = 1
_PREFIX = 2
_BARE = 4
_IN_BLOCKER = 8


@attrs.frozen
class _Finder:
    """Scans normalised text for province names, visiting only the words one can start at."""

    by_words: dict[str, tuple[Province, ...]]  # spaced folded key -> units
    blockers: frozenset[str]
    requires_prefix: frozenset[str]
    stop_before: frozenset[str]  # lowercase words
    max_words: int
    # The folded words a name can start with: most words of a text start none.
    first_words: frozenset[str] = attrs.field(init=False)
    # The first folded words of the blockers ("thái" of "Thái Bình Dương").
    blocker_first: frozenset[str] = attrs.field(init=False)
    # The other folded words of the blockers ("binh", "duong").
    blocker_later: frozenset[str] = attrs.field(init=False)
    # Every run of first words of a name or a blocker ("ba", "ba ria", "ba ria vung"): a
    # run that is none of them starts no longer mention, so reading can stop there.
    key_heads: frozenset[str] = attrs.field(init=False)
    # The longest stop word: a longer word before a name is none.
    stop_len: int = attrs.field(init=False)
    # The patterns of the words scan visits, without splitting the whole text into words.
    starts: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)
    lower_prefixes: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)
    lower_blockers: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)
    # What _verdict told of the words met so far. Most texts hold few new words, so the
    # test runs on a dict; when it grows too large it is replaced whole, so that threads
    # scanning at once always read one dict.
    _memo: list[dict[str, int]] = attrs.field(
        init=False, factory=lambda: [{}], eq=False, repr=False
    )

    @first_words.default
    def _first_words(self) -> frozenset[str]:
        return frozenset(key.split(" ")[0] for key in (*self.by_words, *self.blockers))

    @blocker_first.default
    def _blocker_first(self) -> frozenset[str]:
        return frozenset(key.split(" ")[0] for key in self.blockers)

    @blocker_later.default
    def _blocker_later(self) -> frozenset[str]:
        return frozenset(word for key in self.blockers for word in key.split(" ")[1:])

    @key_heads.default
    def _key_heads(self) -> frozenset[str]:
        heads: set[str] = set()
        for key in (*self.by_words, *self.blockers):
            words = key.split(" ")
            heads.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
        return frozenset(heads)

    @stop_len.default
    def _stop_len(self) -> int:
        return max((len(w) for w in self.stop_before), default=0)

    @starts.default
    def _starts_pattern(self) -> re.Pattern[str]:
        """The words of plain letters (see _plain_letters) that open with a capital and
        fold to a first word or a prefix ("Thái", "HÀ", "Tỉnh", "TP"); and the rest of each
        word from its first letter that is not plain, as the pattern's group.

        The pattern opens with the class of those capitals and of the letters that are
        not plain, which the engine scans for in C: capitals are few in prose. The other
        words _can_start accepts open with a lowercase letter: see _lower_prefixes and
        _lower_blockers."""
        firsts = _first_letters({*self.first_words, *map(_fold_word, _PREFIX_HEADS)}, capital=True)
        openers = set().union(*firsts.values())
        plain = "".join(re.escape(c) for c in sorted(_plain_letters()))
        closed = {*_plain_letters(), *map(chr, range(128))} - openers
        return re.compile(
            f"[^{''.join(re.escape(c) for c in sorted(closed))}]"
            rf"(?:(?<![^\W_].){_tails(firsts)}|(?<=[^\W_{plain}])([^\W_]*))"
        )

    @lower_prefixes.default
    def _lower_prefixes(self) -> re.Pattern[str]:
        """The words of plain letters whose lowercase is a prefix and that open with a
        lowercase letter: "tỉnh", "thành", "tP". The pattern opens with literal letters
        ("t"), which the engine finds faster than a class."""
        by_lower: dict[str, list[str]] = {}
        for char in _plain_letters():
            by_lower.setdefault(char.lower(), []).append(char)
        heads: dict[str, list[str]] = {}  # a first letter -> the rests of its prefixes
        for head in sorted(_PREFIX_HEADS):
            if len(head) < 2 or not all(by_lower.get(c) for c in head):
                raise ValueError(f"the finder cannot spell {head!r} in Latin letters")
            for first in by_lower[head[0]]:
                if not (first.isupper() or first.isdigit()):
                    heads.setdefault(first, []).append(head[1:])
        branches = []
        for first, rests in heads.items():
            # the class of the second letters first: most words with the letter fail it
            seconds = _class(c for rest in rests for c in by_lower[rest[0]])
            spelled = "|".join("".join(_class(by_lower[c]) for c in rest) for rest in rests)
            branches.append(rf"{re.escape(first)}(?={seconds})(?<![^\W_].)(?:{spelled})(?![^\W_])")
        return re.compile("|".join(branches))

    @lower_blockers.default
    def _lower_blockers(self) -> re.Pattern[str]:
        """The words of plain letters that open with a lowercase letter (or any but a
        capital or a digit) and fold to a blocker's first word: "đồng", "hà"."""
        firsts = _first_letters(self.blocker_first, capital=False)
        openers = set().union(*firsts.values())
        return re.compile(rf"{_class(openers)}(?<![^\W_].){_tails(firsts)}")

    def _starts(self, text: str) -> list[tuple[int, str]]:
        """(start, word) of the words of ``text`` that the patterns ``starts`` and
        ``lower_prefixes`` find, in order."""
        found = [(m.start(), m.group()) for m in self.lower_prefixes.finditer(text)]
        for m in self.starts.finditer(text):
            start = m.start()
            if m.lastindex:  # a letter that is not plain, inside a word: the word's start
                while start and text[start - 1].isalnum():
                    start -= 1
            found.append((start, text[start : m.end()]))
        found.sort()
        return found

    def _can_start(self, word: str) -> bool:
        """Whether :meth:`scan` can find anything starting at a token ``word``.

        A prefix can ("tỉnh"); otherwise only a word a name or a blocker starts with,
        and only when it is capitalised (or a digit), since a mention without a prefix
        needs capitals: a lowercase word can start a blocker only, which is skipped whole.
        """
        return word.lower() in _PREFIX_HEADS or self._can_start_bare(word)

    def _can_start_bare(self, word: str) -> bool:
        """Whether a mention or a blocker can start at a token ``word`` without a prefix."""
        folded = _fold_word(word)
        if folded not in self.first_words:
            return False
        head = word[0]
        return head.isupper() or head.isdigit() or folded in self.blocker_first

    def _verdict(self, word: str) -> int:
        """The flags (_STARTS, _PREFIX, _BARE, _IN_BLOCKER) that hold of a token ``word``."""
        verdict = _PREFIX if word.lower() in _PREFIX_HEADS else 0
        if self._can_start_bare(word):
            verdict |= _BARE
        if verdict:
            verdict |= _STARTS
        return verdict | (_IN_BLOCKER if _fold_word(word) in self.blocker_later else 0)

    def scan(self, text: str) -> list[tuple[int, int, tuple[Province, ...], bool]]:
        """(start, end, units, prefixed) of each mention in ``text``, left to right.

        Words are maximal runs of letters and digits. A mention or a blocker starts at a
        word :meth:`_can_start` accepts; once read, the words it covers start nothing.

        The words visited are those of :meth:`_starts`: every word a mention or a blocker
        can start at, but for a lowercase word that can start a blocker only ("đồng" of
        "vùng đồng Tháp Mười"). Such a blocker matters only by covering words that would
        be read, each a later word of a blocker after a space or a hyphen ("Tháp"): before
        one of these is read, the words of ``lower_blockers`` since the last word visited
        are, as if every word had been visited.
        """
        hits: list[tuple[int, int, tuple[Province, ...], bool]] = []
        verdicts = self._memo[0]
        if len(verdicts) > _MAX_REMEMBERED:
            verdicts = self._memo[0] = {}
        done = 0  # the end of the last mention or blocker read
        visited = 0  # the end of the last word visited
        for start, word in self._starts(text):
            if start < done:
                visited = start + len(word)
                continue  # inside a mention or a blocker already read
            verdict = verdicts.get(word)
            if verdict is None:
                verdict = verdicts[word] = self._verdict(word)
            if verdict & _IN_BLOCKER and text[start - 1 : start] in (" ", "-"):
                for w in self.lower_blockers.finditer(text, max(done, visited), start):
                    if w.start() >= done:
                        lower = w.group()
                        flags = verdicts.get(lower) or self._verdict(lower)
                        done = self._read(text, w.start(), lower, flags, hits) or done
            visited = start + len(word)
            if verdict & _STARTS and start >= done:
                done = self._read(text, start, word, verdict, hits) or done
        return hits

    def _read(
        self,
        text: str,
        start: int,
        word: str,
        verdict: int,
        hits: list[tuple[int, int, tuple[Province, ...], bool]],
    ) -> int:
        """Reads the mention or the blocker starting at the word ``word`` at ``start``
        (``verdict``: its _verdict), adding a mention to ``hits``: the end of what was
        read, or 0 when none starts."""
        prefix = self._prefix(text, word, start + len(word)) if verdict & _PREFIX else None
        if prefix is not None and prefix[1] is not None:
            name = prefix[1]
            hit = self._longest(text, name.start(1), name.group(1))
            if hit is not None:
                end, key, _ = hit
                if key not in self.blockers:
                    hits.append((start, end, self.by_words[key], True))
                return end
        if prefix is None and not verdict & _BARE:
            return 0  # a lowercase "tỉnh", "thành" … that opens no prefix here
        hit = self._longest(text, start, word)
        if hit is not None:
            end, key, words = hit
            if key in self.blockers:
                return end
            if self._bare_ok(text, start, words, key):
                hits.append((start, end, self.by_words[key], False))
                return end
        return 0

    def _prefix(self, text: str, word: str, end: int) -> tuple[int, re.Match[str] | None] | None:
        """When a prefix ("tỉnh", "thành phố" …) opens at ``word`` (ending at ``end``) and
        some word follows it: the end of the prefix, and the match of the gap and the word
        after it when that gap may stand between a prefix and a name. Else None."""
        low = word.lower()
        if low not in _PREFIX_HEADS:
            return None
        for prefix in _RUNNING_PREFIXES:
            if prefix[0] != low:
                continue
            last = end
            if len(prefix) == 2:
                second = _NAME_GAP_WORD.match(text, end)
                if second is None or second.group(1).lower() != prefix[1]:
                    continue
                last = second.end()
            after = _PREFIX_GAP_WORD.match(text, last)
            if after is None and _TOKEN.search(text, last) is None:
                continue  # no word follows the prefix
            return last, after
        return None

    def _longest(self, text: str, start: int, word: str) -> tuple[int, str, list[str]] | None:
        """(end, key, words) of the longest name or blocker starting at the word ``word``
        at ``start``, its words joined by name gaps; None when there is none."""
        key = _fold_word(word)
        if key not in self.key_heads:
            return None  # the common case: no name or blocker starts with the word
        best: tuple[int, str, int] | None = None
        words = [word]
        end = start + len(word)
        while True:
            if key in self.by_words or key in self.blockers:
                best = (end, key, len(words))
            if len(words) >= self.max_words:
                break
            following = _NAME_GAP_WORD.match(text, end)
            if following is None:
                break
            word = following.group(1)
            key = f"{key} {_fold_word(word)}"
            if key not in self.key_heads:
                break  # no name or blocker goes on like this
            words.append(word)
            end = following.end()
        if best is None:
            return None
        return best[0], best[1], words[: best[2]]

    def _bare_ok(self, text: str, start: int, words: list[str], key: str) -> bool:
        """Whether the name ``key`` of ``words``, at ``start`` without a prefix, is a
        mention: capitalised, and not right after a word such as "xã" or "sông"."""
        if key in self.requires_prefix:
            return False
        for word in words:
            if not (word[0].isupper() or word[0].isdigit()):
                return False
        return not self._after_stop_word(text, start)

    def _after_stop_word(self, text: str, start: int) -> bool:
        """Whether the word before ``start`` is a stop word ("xã", "sông" …) with only
        spaces between."""
        before = start
        while before and text[before - 1] == " ":
            before -= 1
        if before == start or not before or not text[before - 1].isalnum():
            return False  # no word before, or more than spaces between
        first = before
        while first and text[first - 1].isalnum() and before - first <= self.stop_len:
            first -= 1  # a word longer than stop_len is no stop word
        return text[first:before].lower() in self.stop_before


# -- the table ----------------------------------------------------------------------------


@attrs.frozen
class _Table:
    units: tuple[Province, ...]
    by_id: dict[str, Province]
    successor: dict[str, str]
    predecessors: dict[str, tuple[str, ...]]
    renamed: dict[str, tuple[tuple[date, str, ProvinceType], ...]]
    by_key: dict[str, tuple[Province, ...]]
    names: dict[str, str]  # spaced folded key -> a display name, for suggestions
    finder: _Finder
    source: dict[str, str]

    def closest(self, name: str, limit: int = 5) -> list[str]:
        """The display names whose keys are closest to ``name``, best first."""
        import difflib  # only needed on a failed lookup

        probe = " ".join(_words(name))
        keys = difflib.get_close_matches(probe, list(self.names), n=4 * limit, cutoff=0.6)
        out: list[str] = []
        for key in keys:
            shown = self.names[key]
            if shown not in out:
                out.append(shown)
        return out[:limit]


def _parse_day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


@cache
def _table() -> _Table:
    raw = load_json("provinces.json")
    try:
        return _build_table(raw)
    except (KeyError, TypeError, ValueError) as err:
        raise DataError(f"khcn data file 'provinces.json' is broken: {err!r}") from err


def _build_table(raw: dict[str, Any]) -> _Table:
    units: list[Province] = []
    successor: dict[str, str] = {}
    predecessors: dict[str, list[str]] = {}
    renamed: dict[str, tuple[tuple[date, str, ProvinceType], ...]] = {}
    for row in raw["units"]:
        era, code = row["id"].split(":")
        unit = Province(
            era=Era(era),
            code=code,
            name=row["name"],
            type=ProvinceType(row["type"]),
            slug=row["slug"],
            valid_from=_parse_day(row["valid_from"]),
            valid_to=_parse_day(row["valid_to"]),
            variants=tuple(row["variants"]),
        )
        if unit.id != row["id"] or unit.code != row["code"]:
            raise ValueError(f"id {row['id']!r} and code {row['code']!r} disagree")
        units.append(unit)
        if row["successor"]:
            successor[unit.id] = row["successor"]
            predecessors.setdefault(row["successor"], []).append(unit.id)
        if row.get("renamed"):
            renamed[unit.id] = tuple(
                (date.fromisoformat(r["on"]), r["name"], ProvinceType(r["type"]))
                for r in row["renamed"]
            )
    units.sort(key=lambda p: (p.era is Era.FROM_2025, p.code))
    by_id = {p.id: p for p in units}
    if len(by_id) != len(units) or not set(successor.values()) <= set(by_id):
        raise ValueError("duplicate ids or a successor that is not in the table")

    by_key: dict[str, list[Province]] = {}
    by_words: dict[str, list[Province]] = {}
    names: dict[str, str] = {}
    for unit in units:
        for spelling in (*unit.variants, unit.slug):
            for index, key in ((by_key, _key(spelling)), (by_words, " ".join(_words(spelling)))):
                bucket = index.setdefault(key, [])
                if unit not in bucket:
                    bucket.append(unit)
        for spelling in unit.variants:
            names.setdefault(" ".join(_words(spelling)), unit.name)

    finder_raw = raw["finder"]
    blockers = frozenset(" ".join(fold(b).split()) for b in finder_raw["blockers"])
    requires = frozenset(" ".join(_words(b)) for b in finder_raw["requires_prefix"])
    stops = frozenset(w.split()[-1].lower() for w in finder_raw["stop_before"])
    longest = max(len(k.split()) for k in (*by_words, *blockers))
    finder = _Finder(
        by_words={k: tuple(v) for k, v in by_words.items()},
        blockers=blockers,
        requires_prefix=requires,
        stop_before=stops,
        max_words=longest,
    )
    return _Table(
        units=tuple(units),
        by_id=by_id,
        successor=successor,
        predecessors={k: tuple(sorted(v)) for k, v in predecessors.items()},
        renamed=renamed,
        by_key={k: tuple(v) for k, v in by_key.items()},
        names=names,
        finder=finder,
        source=dict(raw["source"]),
    )
