"""Value classes without the `dataclasses` module, for what every status enquiry imports (issue 27: CPU per process).

`class Frame(Value): apdu: bytes; crc_ok: bool = True` is what `@dataclass(frozen=True)` made of it: an `__init__`
taking the fields by position or keyword (a default kept as a class attribute, `field(default_factory=...)` called
per instance), equality field by field between objects of the same class, a hash of the fields, the `Name(field=...)`
repr, and no assignment after `__init__` (FrozenError, an AttributeError). `class Stats(Value, frozen=False)` is
mutable and unhashable, as `@dataclass` is. `replace` and `asdict` are `dataclasses.replace` and `asdict`.

Why not dataclasses: importing it loads inspect, ast, dis and tokenize (about 10 ms of CPU), and decorating a class
builds its methods from source text (about half a millisecond each); the ZVT client's path held 23 such classes.
Here the methods are written once, in this base, and a class costs the reading of its annotations. mypy reads the
fields as it reads a dataclass's (`dataclass_transform`, PEP 681). A leaf module: it imports nothing of the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, TypeVar, cast

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:  # typing has it from 3.11; only mypy reads it
        return lambda cls: cls

T = TypeVar("T")
V = TypeVar("V", bound="Value")

_MISSING = object()


class FrozenError(AttributeError):
    """Assigning to a field of a frozen value (dataclasses' FrozenInstanceError)."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]):
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A default made anew for each object (a list, a dict), as `dataclasses.field(default_factory=...)`."""
    return cast(T, _Factory(default_factory))


def _is_class_var(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _frozen_setattr(self: Value, name: str, value: Any) -> None:
    raise FrozenError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Value, name: str) -> None:
    raise FrozenError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Value:
    """The base of a value class; its annotated class attributes are its fields, in order, a parent's first."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}  # field -> default, or a _Factory

    def __init_subclass__(cls, *, frozen: bool = True, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        names, defaults = list(cls._fields), dict(cls._defaults)
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if _is_class_var(annotation):
                continue
            if name not in names:
                names.append(name)
            default = cls.__dict__.get(name, _MISSING)
            if isinstance(default, _Factory):
                delattr(cls, name)
            if default is _MISSING:
                defaults.pop(name, None)
            else:
                defaults[name] = default
        cls._fields, cls._defaults = tuple(names), defaults
        if frozen:
            cls.__setattr__ = _frozen_setattr  # type: ignore[method-assign,assignment]
            cls.__delattr__ = _frozen_delattr  # type: ignore[method-assign,assignment]
        else:
            cls.__hash__ = None  # type: ignore[assignment]  # mutable and compared by value: unhashable

    def __init__(self, *args: Any, **kw: Any) -> None:
        cls = type(self)
        names = cls._fields
        if len(args) > len(names):
            raise TypeError(f"{cls.__qualname__}() takes {len(names)} positional arguments but {len(args)} were given")
        values = self.__dict__
        for name, value in zip(names, args, strict=False):  # fewer arguments than fields: the rest by keyword
            values[name] = value
        for name in names[len(args):]:
            if name in kw:
                values[name] = kw.pop(name)
                continue
            default = cls._defaults.get(name, _MISSING)
            if default is _MISSING:
                raise TypeError(f"{cls.__qualname__}() missing required argument: {name!r}")
            values[name] = default.make() if isinstance(default, _Factory) else default
        for name in kw:
            word = "got multiple values for argument" if name in names else "got an unexpected keyword argument"
            raise TypeError(f"{cls.__qualname__}() {word} {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"


def replace(obj: V, /, **changes: Any) -> V:
    """A copy of `obj` with `changes` (dataclasses.replace): the class's `__init__` runs again."""
    return type(obj)(**{**{name: getattr(obj, name) for name in obj._fields}, **changes})


def asdict(obj: Value) -> dict[str, Any]:
    """The fields as a dict, values inside lists, tuples and dicts converted too (dataclasses.asdict); other values
    are the objects themselves, not copies."""
    return {name: _plain(getattr(obj, name)) for name in obj._fields}


def _plain(value: Any) -> Any:
    if isinstance(value, Value):
        return asdict(value)
    if type(value) in (list, tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value
