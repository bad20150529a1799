"""Load YAML as plain data that remembers where each value came from.

Content, scenarios and specs are written by people, so every error must name
`file:line`. PyYAML's safe loader gives marks on nodes; we keep them on the
mappings we build (`Located` dicts know the line of every key) and refuse what a
plain safe load would let slip: duplicate keys, non-string keys, and any tag that
would construct code (`!!python/...` is a ConstructorError in the safe loader).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studycli.errors import ContentError


class Located(dict[str, Any]):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence that knows its line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _loader_class() -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LocatingLoader(base):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> Located:
        loader.flatten_mapping(node)
        result = Located()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None, None, f"keys must be text, not {type(key).__name__} {key!r}", key_node.start_mark)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first on line {result.key_lines[key]})",
                    key_node.start_mark)
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_sequence(loader: Any, node: Any, deep: bool = False) -> LocatedList:
        result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def construct_int(loader, node):
        digits = sum(ch.isdigit() for ch in node.value)
        if digits > MAX_INT_DIGITS:  # int() of such text takes time of its own (Python refuses it)
            raise yaml.constructor.ConstructorError(
                None, None, f"a whole number of {digits} digits is too long (at most {MAX_INT_DIGITS})",
                node.start_mark)
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)

    def construct_str(loader, node):
        # Escapes ("\e", "\x1b") can put control characters in a string: content reaches terminals,
        # prompts and exports, so they are removed here (newline and tab stay).
        from studycli.output import clean

        return clean(yaml.constructor.SafeConstructor.construct_yaml_str(loader, node))

    LocatingLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
    LocatingLoader.add_constructor("tag:yaml.org,2002:str", construct_str)
    LocatingLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    LocatingLoader.add_constructor("tag:yaml.org,2002:seq", construct_sequence)
    return LocatingLoader


_LOADER: Any = None
# A document may expand (aliases repeat their anchor) to this many characters: far above any
# real content file, far below what would fill a disk with the cache or memory with its walk.
MAX_EXPANDED_CHARS = 16 * 1024 * 1024
# Whole numbers longer than this are not read (Python's own bound for int() of text).
MAX_INT_DIGITS = 4300


def loads(text: str, where: str) -> Any:
    """Parse one YAML document; raise ContentError naming `where:line:col` on any problem."""
    import yaml

    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded_size(node, where)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = err.problem or err.context or "invalid YAML"
        if "could not determine a constructor" in str(problem) or "python/" in str(problem):
            problem = f"unsafe or unknown tag refused ({str(problem).split('for the tag')[-1].strip()}): content is data, never code"
        raise ContentError([f"{where}:{line}:{col}: yaml: {problem}"]) from None
    except yaml.reader.ReaderError as err:
        # Raised before parsing starts (a control character, say): report where it stands.
        line = text.count("\n", 0, err.position) + 1
        raise ContentError([f"{where}:{line}: yaml: unacceptable character #x{err.character:04x} "
                            f"({err.reason})"]) from None
    except yaml.YAMLError as err:
        raise ContentError([f"{where}:1: yaml: {' '.join(str(err).split())}"]) from None
    except RecursionError:
        raise ContentError([f"{where}:1: yaml: the document nests too deeply"]) from None
    finally:
        loader.dispose()


def _check_expanded_size(root: Any, where: str) -> None:
    """Refuse a document whose aliases expand it past MAX_EXPANDED_CHARS (an alias of a 1 MB anchor
    300 times is 300 MB once anything walks it), before anything is built from it."""
    import yaml

    sizes: dict[int, int] = {}
    entered: set[int] = set()  # a recursive alias (`&a [*a]`) counts as nothing inside itself
    # Post-order over the node graph without recursion; a node reached again (an alias) is counted
    # again in its parent's size but walked only once.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes or (not children_done and id(node) in entered):
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = len(node.value) + 1
            continue
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value))
        if children_done:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in children)
            continue
        entered.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes and id(child) not in entered)
    total = sizes[id(root)]
    if total > MAX_EXPANDED_CHARS:
        mark = root.start_mark
        raise ContentError([f"{where}:{mark.line + 1}: yaml: aliases expand this document to {total:,} characters, "
                            f"more than {MAX_EXPANDED_CHARS:,}; write the repeated text out or shorten it"])


def load_file(path: Path) -> Any:
    """Read and parse a YAML file, refusing unreadable files and bytes that are not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ContentError([f"{path}:1: file: cannot read ({err.strerror})"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ContentError([f"{path}:{line}: encoding: byte 0x{raw[err.start]:02x} is not UTF-8"]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return loads(text, str(path))
