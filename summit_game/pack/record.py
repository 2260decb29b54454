"""Plain record classes: equality, hashing, ``repr`` and ``replace`` written once, here.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (and, frozen, ``__hash__``,
``__setattr__`` and ``__delattr__``) as source text and ``exec``s it when the module is imported: for the
twenty records the loader defines that was a fifth of ``summit-game check``'s whole process, before it read a
file (and importing ``dataclasses`` pulls in ``inspect``). A record here writes its own ``__init__``, whose
parameters are its fields, in order; everything else is these methods, compiled once with this module.

- ``Record``: compared field by field with a record of the same class; unhashable, as a mutable
  dataclass is.
- ``Frozen``: also hashable, and its fields cannot be assigned after ``__init__``, which writes them
  into ``self.__dict__`` directly (twice as fast as the frozen dataclass's ``object.__setattr__``).
- ``Ordered``: also ordered by its compared fields (``sorted`` of diagnostics); ``Cls.order`` is the
  same order as a key (``sorted(records, key=Cls.order)``): each record's fields read once, where
  ``<`` reads both records' at every comparison (15,000 warnings: 30,000 keys made for a sort).

A class leaves fields out of comparison (and ``repr``) by naming them in ``_uncompared``.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable, ClassVar


class Record:
    #: the fields, in order: the parameters of the class's ``__init__`` (after ``self``)
    _fields: ClassVar[tuple[str, ...]] = ()
    #: fields left out of ``==``, hashing, ordering and ``repr``
    _uncompared: ClassVar[frozenset[str]] = frozenset()
    _compared: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__init__.__code__
        cls._fields = code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]
        cls._compared = tuple(f for f in cls._fields if f not in cls._uncompared)

    def __init__(self) -> None:  # pragma: no cover - every record writes its own
        pass

    def _key(self) -> tuple:
        return tuple([getattr(self, f) for f in self._compared])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._compared)
        return f"{self.__class__.__qualname__}({shown})"

    def replace(self, **changes: Any):
        """A new record with ``changes`` to some fields (through ``__init__``, as ``dataclasses.replace``)."""
        values = {f: getattr(self, f) for f in self._fields}
        unknown = set(changes) - set(values)
        if unknown:
            raise TypeError(f"{self.__class__.__qualname__} has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return self.__class__(**values)


class Frozen(Record):
    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a {self.__class__.__qualname__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a {self.__class__.__qualname__}")


class Ordered(Frozen):
    #: a record's compared fields, in order, as ``sorted``'s key: the order ``<`` gives
    order: ClassVar[Callable[[Any], Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls._compared:
            cls.order = attrgetter(*cls._compared)

    def __lt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() < other._key()  # type: ignore[attr-defined]

    def __le__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() <= other._key()  # type: ignore[attr-defined]

    def __gt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() > other._key()  # type: ignore[attr-defined]

    def __ge__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() >= other._key()  # type: ignore[attr-defined]
