"""Reading a YAML set-up file node by node, so that every value keeps its line number.

The file is composed (``yaml.compose``), never constructed: each value is read
from its node's own text, so ``09:00`` is a time (never YAML 1.1's sexagesimal
540), ``no`` is a name (never ``False``), and every problem can name its line.
``setup.file`` turns a ``Problem`` into a ``SetupFileError`` naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import NoReturn

import yaml

from coordinator import validation
from coordinator.errors import InvalidInput

NULL_TAG = "tag:yaml.org,2002:null"
_WHOLE = re.compile(r"[-+]?[0-9]+")
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Problem(Exception):
    """Something wrong at one line of the file (``line`` None: the file as a whole)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def compose(text: str) -> Value:
    """The document's root, or a Problem for a YAML syntax error or an empty file."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        raise Problem(*_syntax_error(error)) from None
    except yaml.YAMLError as error:
        raise Problem(None, f"YAML syntax error: {error}.") from None
    if root is None:
        raise Problem(None, "the file is empty.")
    return Value(root)


@dataclass(frozen=True)
class Value:
    """One node of the file: a mapping, a list or a single value, with its line."""

    node: yaml.Node

    @property
    def line(self) -> int:
        return int(self.node.start_mark.line) + 1

    def fail(self, message: str) -> NoReturn:
        raise Problem(self.line, message)

    @property
    def is_null(self) -> bool:
        return isinstance(self.node, yaml.ScalarNode) and self.node.tag == NULL_TAG

    @property
    def is_list(self) -> bool:
        return isinstance(self.node, yaml.SequenceNode)

    def mapping(self, what: str, *, allowed: Iterable[str],
                required: Iterable[str] = ()) -> Fields:
        """The keys of a mapping, refusing unknown, repeated and missing ones."""
        if not isinstance(self.node, yaml.MappingNode):
            self.fail(f"{what} must be a mapping of 'key: value' lines.")
        allowed = tuple(allowed)
        fields: dict[str, tuple[int, Value]] = {}
        for key_node, value_node in self.node.value:
            key = Value(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key.is_null:
                key.fail(f"{what} has a key that is not a plain word.")
            name = str(key_node.value)
            if name in fields:
                key.fail(f"'{name}' appears twice in {what} (first on line {fields[name][0]}).")
            if name not in allowed:
                key.fail(f"unknown key '{name}' in {what}; expected one of "
                         f"{', '.join(allowed)}.")
            fields[name] = (key.line, Value(value_node))
        for name in required:
            if name not in fields:
                self.fail(f"{what} is missing '{name}'.")
        return Fields(self, {name: value for name, (_, value) in fields.items()})

    def items(self, what: str) -> list[Value]:
        """The entries of a list; an empty value is an empty list."""
        if self.is_null:
            return []
        if not isinstance(self.node, yaml.SequenceNode):
            self.fail(f"{what} must be a list (lines starting with '- ').")
        return [Value(node) for node in self.node.value]

    def scalar(self, field: str) -> str:
        """The value's own text, exactly as written (quotes removed)."""
        if not isinstance(self.node, yaml.ScalarNode):
            self.fail(f"'{field}' must be a single value, not a list or mapping.")
        return str(self.node.value)

    def text(self, field: str, *, limit: int = validation.NAME_LIMIT,
             multiline: bool = False, required: bool = True) -> str | None:
        raw = None if self.is_null else self.scalar(field)
        try:
            return validation.text(raw, field, limit=limit, multiline=multiline,
                                   required=required)
        except InvalidInput as error:
            self.fail(_lower_first(error.message))

    def name(self, field: str) -> str:
        result = self.text(field)
        assert result is not None
        return result

    def whole(self, field: str, minimum: int, maximum: int) -> int:
        raw = self.scalar(field).strip()
        if not _WHOLE.fullmatch(raw) or len(raw) > 12 or not minimum <= int(raw) <= maximum:
            self.fail(f"'{field}' must be a whole number between {minimum} and {maximum}.")
        return int(raw)

    def clock(self, field: str, *, allow_midnight_end: bool = False) -> time | None:
        """A local time 'HH:MM'; '24:00' (the end of the day) gives None when allowed."""
        raw = self.scalar(field).strip()
        return parse_clock(raw, field, self, allow_midnight_end=allow_midnight_end)

    def date(self, field: str) -> date:
        raw = self.scalar(field).strip()
        try:
            if not _DATE.fullmatch(raw):
                raise ValueError(raw)
            return date.fromisoformat(raw)
        except ValueError:
            self.fail(f"'{field}' must be a date such as 2026-05-15, not '{_short(raw)}'.")

    def looks_like_whole(self) -> bool:
        return isinstance(self.node, yaml.ScalarNode) and bool(
            _WHOLE.fullmatch(str(self.node.value).strip()))


def parse_clock(raw: str, field: str, where: Value, *,
                allow_midnight_end: bool = False) -> time | None:
    match = _CLOCK.fullmatch(raw)
    if match:
        hour, minute = int(match[1]), int(match[2])
        if allow_midnight_end and (hour, minute) == (24, 0):
            return None
        if hour < 24 and minute < 60:
            return time(hour, minute)
    where.fail(f"'{field}' must be a time of day such as \"09:30\" (24-hour clock), "
               f"not '{_short(raw)}'.")


@dataclass(frozen=True)
class Fields:
    """A mapping's values by key, each still knowing its line."""

    owner: Value
    values: dict[str, Value]

    @property
    def line(self) -> int:
        return self.owner.line

    def get(self, key: str) -> Value | None:
        return self.values.get(key)

    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def __contains__(self, key: str) -> bool:
        return key in self.values


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:] if message[:1] != "'" else message


def _short(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:40] + "…"


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """The line and words of a YAML syntax error, with where the broken part began."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    problem, context = error.problem or "", error.context or ""
    if problem.startswith("but ") and context:
        problem = f"{context}, {problem}"
    elif context and error.context_mark and error.context_mark.line + 1 != line:
        problem = f"{problem or 'not valid YAML'} ({context} that starts on line " \
                  f"{error.context_mark.line + 1})"
    return line, f"YAML syntax error: {problem or context or 'not valid YAML'}."
