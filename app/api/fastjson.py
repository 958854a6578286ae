"""Response models as plain-dict builders: the JSON Pydantic would write, without validation.

A list page is rows the services already shaped; validating every item with Pydantic
only to dump it again costs more than the SQL. :func:`dumper` reads a response model
once and returns a function that builds, from such a row, the dict that
``model.model_validate(row).model_dump(mode="json")`` gives: same keys in the same
order, defaults for absent keys, the same coercions (``float``, ``int``, ``bool``,
``Number``), nested models and lists of them. ``tests/api/test_fastjson.py`` checks
every list page against Pydantic.

Models with custom serializers or validators are refused (:class:`Unsupported`); the
caller then keeps the Pydantic path.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel, PlainSerializer
from pydantic_core import PydanticUndefined

Build = Callable[[Any], Any]


class Unsupported(TypeError):
    pass


def _ident(v: Any) -> Any:
    return v


def _opt(f: Build) -> Build:
    if f is _ident:
        return f
    opt = lambda v: None if v is None else f(v)  # noqa: E731
    opt.inner = f  # type: ignore[attr-defined]
    return opt


def _scalar(tp: Any) -> Build:
    if tp is float:
        return float
    if tp is bool:
        return bool
    if tp is int:
        return int
    if tp in (str, Any) or typing.get_origin(tp) is typing.Literal:
        return _ident
    raise Unsupported(f"no fast path for {tp!r}")


def _convert(tp: Any, metadata: list[Any]) -> Build:
    serializers = [m for m in metadata if isinstance(m, PlainSerializer)]
    if len(serializers) > 1 or (serializers and len(metadata) > 1):
        raise Unsupported(f"metadata {metadata!r}")
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(tp)
        return _convert(base, [*metadata, *meta])
    if serializers:
        ser, inner = serializers[0].func, _convert(tp, [])
        serialize = lambda v: ser(inner(v))  # type: ignore[call-arg]  # noqa: E731
        serialize.parts = (ser, inner)  # type: ignore[attr-defined]  # for _compile
        return serialize
    if metadata:
        raise Unsupported(f"metadata {metadata!r}")
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) != 1 or len(typing.get_args(tp)) != 2:
            raise Unsupported(f"union {tp!r}")
        return _opt(_convert(args[0], []))
    if origin is list:
        (item,) = typing.get_args(tp)
        f = _convert(item, [])
        if f is _ident:
            return list
        each = lambda v: [f(x) for x in v]  # noqa: E731
        each.item = f  # type: ignore[attr-defined]  # for _compile
        return each
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return dumper(tp)
    return _scalar(tp)


@cache
def dumper(model: type[BaseModel]) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """A function row -> JSON-ready dict equal to Pydantic's ``model_dump(mode="json")``."""
    decorators = model.__pydantic_decorators__
    if (
        decorators.model_serializers
        or decorators.field_serializers
        or decorators.validators
        or decorators.field_validators
        or decorators.model_validators
        or decorators.root_validators
        or model.model_config.get("extra") == "allow"
    ):
        raise Unsupported(f"{model.__name__} has custom (de)serialisation")
    fields: list[tuple[str, Build, bool, Any]] = []
    for name, info in model.model_fields.items():
        if info.alias not in (None, name) or info.exclude:
            raise Unsupported(f"{model.__name__}.{name}: alias or exclude")
        convert = _convert(info.annotation, list(info.metadata))
        required = info.is_required()
        default: Any = None
        if not required:
            if info.default_factory is not None:
                default = info.default_factory  # called per use below
            elif info.default is not PydanticUndefined:
                default = info.default
        fields.append((name, convert, required, default))
    return _compile(model.__name__, fields)


def _compile(
    name: str, fields: list[tuple[str, Build, bool, Any]]
) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """One function with a dict display, written for these fields: a generic loop over
    the fields costs about as much as the database query of a page."""
    env: dict[str, Any] = {"_missing": _missing(name)}
    entries = []
    required = []
    for i, (field, convert, is_required, default) in enumerate(fields):
        key = repr(field)
        if is_required:  # a KeyError names it (below)
            value = f"row[{key}]"
            required.append(field)
        elif callable(default):
            env[f"d{i}"] = default
            value = f"(row[{key}] if {key} in row else d{i}())"
        else:
            env[f"d{i}"] = default
            value = f"row.get({key}, d{i})"
        convert = getattr(convert, "inner", convert)  # None is handled here
        if convert is not _ident:
            value = f"(None if (v := {value}) is None else {_call(convert, i, env)})"
        entries.append(f"{key}: {value}")
    env["_required"] = frozenset(required)
    source = (
        "def build(row):\n"
        "    try:\n"
        "        return {" + ", ".join(entries) + "}\n"
        "    except KeyError as e:\n"
        "        if e.args and e.args[0] in _required:\n"
        "            _missing(e.args[0])\n"
        "        raise\n"
    )
    exec(compile(source, f"<fastjson {name}>", "exec"), env)  # noqa: S102 (our own source)
    build: Callable[[Mapping[str, Any]], dict[str, Any]] = env["build"]
    return build


_BUILTINS = {float: "float", int: "int", bool: "bool", list: "list"}


def _call(convert: Build, i: int, env: dict[str, Any]) -> str:
    """``convert(v)`` as source: builtins and list comprehensions inline, one function
    call fewer per value than calling the converter."""
    if convert in _BUILTINS:
        return f"{_BUILTINS[convert]}(v)"
    if (item := getattr(convert, "item", None)) is not None:
        env[f"c{i}"] = item
        return f"[c{i}(x) for x in v]"
    if (parts := getattr(convert, "parts", None)) is not None:
        serialize, inner = parts
        env[f"s{i}"] = serialize
        if inner in _BUILTINS:
            return f"s{i}({_BUILTINS[inner]}(v))"
        env[f"c{i}"] = inner
        return f"s{i}(c{i}(v))"
    env[f"c{i}"] = convert
    return f"c{i}(v)"


def _missing(model: str) -> Callable[[str], Any]:
    def missing(field: str) -> Any:
        raise KeyError(f"{model}.{field} is missing")

    return missing
