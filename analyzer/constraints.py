"""Declared constraints on settings, checked in one place.

As scikit-learn's `_parameter_constraints`: a settings class lists, per field, what values it
allows, and `validate` checks them all and raises a `ConfigError` that quotes the bad value
and says what is allowed. The same declarations give the CLI its argparse choices and the
dashboard its options, so an allowed value is written once.

>>> OneOf(("coarse", "fine")).check("granularity", "tiny")
Traceback (most recent call last):
...
analyzer.errors.ConfigError: granularity='tiny' is not one of coarse, fine.
>>> Interval(2, 500, optional=True).describe()
'between 2 and 500'
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real
from typing import Any, Callable, Collection, Mapping

from analyzer.errors import ConfigError


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class OneOf:
    """The value is one of `options` (in the order a user is shown them)."""

    options: tuple[str, ...]

    def check(self, name: str, value: Any) -> None:
        if value not in self.options:
            raise ConfigError(f"{name}={_shown(value)} is not one of {', '.join(self.options)}.")

    def describe(self) -> str:
        return "one of " + ", ".join(self.options)


@dataclass(frozen=True)
class Interval:
    """A number between `low` and `high` (None: unbounded); `closed` says which ends are
    allowed ("both", "left", "right", "neither"); `optional` also allows None."""

    low: float | None = None
    high: float | None = None
    closed: str = "both"
    optional: bool = False

    def check(self, name: str, value: Any) -> None:
        if value is None and self.optional:
            return
        if not isinstance(value, Real) or isinstance(value, bool):
            raise ConfigError(f"{name}={value!r} should be a number {self.describe()}.")
        low_ok = self.low is None or (value >= self.low if self.closed in ("both", "left")
                                      else value > self.low)
        high_ok = self.high is None or (value <= self.high if self.closed in ("both", "right")
                                        else value < self.high)
        if not (low_ok and high_ok):
            raise ConfigError(f"{name}={_shown(value)} should be {self.describe()}.")

    def describe(self) -> str:
        left = self.closed in ("both", "left")
        right = self.closed in ("both", "right")
        if self.high is None:
            return f"{'>=' if left else '>'} {self.low}"
        if self.low is None:
            return f"{'<=' if right else '<'} {self.high}"
        if left and right:
            return f"between {self.low} and {self.high}"
        return f"in {'[' if left else '('}{self.low}, {self.high}{']' if right else ')'}"


@dataclass(frozen=True)
class WholeNumber:
    """A Python int (not a float, not a bool)."""

    def check(self, name: str, value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(f"{name}={value!r} should be a whole number.")

    def describe(self) -> str:
        return "a whole number"


@dataclass(frozen=True)
class Boolean:
    """True or False itself: not 1, not "no" (which would read as true)."""

    def check(self, name: str, value: Any) -> None:
        if not isinstance(value, bool):
            raise ConfigError(f"{name}={value!r} should be True or False.")

    def describe(self) -> str:
        return "True or False"


@dataclass(frozen=True)
class SubsetOf:
    """A list or tuple of text values, each one that `allowed()` returns (a function, so a
    long list such as phonenumbers' region codes is read only when a value is checked);
    `optional` also allows None. `what` names one value and `examples` shows a few, in
    the message."""

    allowed: Callable[[], Collection[str]]
    what: str
    examples: tuple[str, ...]
    optional: bool = False

    def check(self, name: str, value: Any) -> None:
        if value is None and self.optional:
            return
        if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(
                isinstance(item, str) for item in value):
            raise ConfigError(f"{name}={value!r} should be a list such as "
                              f"{', '.join(self.examples)}.")
        if not value:
            raise ConfigError(f"{name} is an empty list; give at least one value, such as "
                              f"{', '.join(self.examples)}.")
        known = self.allowed()
        unknown = [item for item in value if item not in known]
        if unknown:
            raise ConfigError(f"{name} holds {unknown[0]!r}, which is not a {self.what} "
                              f"(there are {len(known)}); use values such as "
                              f"{', '.join(self.examples)}.")

    def describe(self) -> str:
        return f"a list of {self.what}s such as " + ", ".join(self.examples)


Constraint = OneOf | Interval | WholeNumber | Boolean | SubsetOf


def validate(settings: Any, constraints: Mapping[str, Constraint]) -> None:
    """Check every declared field of `settings`, in the order declared."""
    for name, constraint in constraints.items():
        constraint.check(name, getattr(settings, name))


__all__ = ["Boolean", "Constraint", "Interval", "OneOf", "SubsetOf", "WholeNumber", "validate"]
