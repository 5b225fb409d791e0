"""The one YAML reader for files people edit: reference files, metadata sidecars, _quarto.yml.

Stricter than ``yaml.safe_load``: a key given twice in one mapping is refused (the second value
would silently win), aliases (``*name``) are refused (a few hundred bytes of nested aliases
expand to gigabytes), and a file over ``max_bytes`` is refused before it is parsed. Every error
is a :class:`YamlError` naming the file and the line. Ground floor: imports nothing from the
project.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

#: Default size limit: the largest reference file (the indicator catalog) is ~40 kB.
MAX_BYTES = 4 << 20


class YamlError(ValueError):
    """A YAML file that cannot be used; the message names the file, the line and the problem."""


class _Refused(yaml.MarkedYAMLError):
    """A problem found while composing or constructing (carries the offending mark)."""


class _NoDuplicateKeys:
    """A constructor mixin that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
            line = key_node.start_mark.line + 1
            try:
                first = seen.setdefault(key, line)
            except TypeError:  # an unhashable key: SafeLoader explains it below
                continue
            if first != line:
                raise _Refused(
                    problem=f"duplicate key {key!r} (first given on line {first}); "
                    "remove one of them",
                    problem_mark=key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


class _StrictLoader(_NoDuplicateKeys, yaml.SafeLoader):
    """``SafeLoader`` without aliases and without duplicate keys (pure Python)."""

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise _Refused(problem="aliases (*name) are not allowed here", problem_mark=mark)
        return super().compose_node(parent, index)  # type: ignore[arg-type]


_CLoader: Any = getattr(yaml, "CSafeLoader", None)  # libyaml's parser, when PyYAML has it
if _CLoader is not None:

    class _FastStrictLoader(_NoDuplicateKeys, _CLoader):
        """The same rules with libyaml's parser (several times faster); aliases are refused
        from its event stream before anything is composed."""


def _load(text: str) -> Any:
    if _CLoader is None:
        return yaml.load(text, Loader=_StrictLoader)
    for event in yaml.parse(text, Loader=_CLoader):
        if isinstance(event, yaml.AliasEvent):
            mark: Any = event.start_mark  # libyaml's mark (line, column) is PyYAML's in kind
            raise _Refused(problem="aliases (*name) are not allowed here", problem_mark=mark)
    return yaml.load(text, Loader=_FastStrictLoader)


def load_yaml(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Any:
    """The parsed content of ``path``; :class:`YamlError` for anything unreadable or refused."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise YamlError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise YamlError(f"{path}: not UTF-8 text ({exc}); save it as UTF-8") from exc
    return loads(text, path)


def loads(text: str, source: str | Path = "<string>") -> Any:
    """Parse YAML ``text`` strictly; errors name ``source`` and the line."""
    try:
        return _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else str(source)
        problem = exc.problem or exc.context or "not valid YAML"
        if "maximum nesting depth" in problem:  # libyaml's limit (Python's: RecursionError)
            problem = "nested too deeply to be a reference file"
        raise YamlError(f"{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{source}: not valid YAML ({exc})") from None
    except RecursionError:
        raise YamlError(f"{source}: nested too deeply to be a reference file") from None


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)`` (the same rules and results), parsed with libyaml when PyYAML
    has it: the lexicon and the measures parse in a quarter of the time (0.2 s each in pure
    Python, paid by every build process)."""
    return yaml.load(text, Loader=_CLoader or yaml.SafeLoader)
