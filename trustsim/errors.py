"""The error bad input raises: :class:`ScenarioError`, with everything needed to fix it.

Every module that checks user input (scenario and experiment files, ``--set`` values,
results folders) raises it; the command line turns it into one line and exit status 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

__all__ = ["ScenarioError", "UnknownName", "suggest"]

# Where `trustsim list WHAT` shows the names a key may take (first matching prefix wins).
_LISTINGS = (("outcomes", "metrics"), ("outcome", "metrics"), ("min_effect", "metrics"),
             ("timeseries", "metrics"),
             ("scenario", "scenarios"), ("experiment", "experiments"),
             ("strategies", "strategies"), ("crises", "crises"))


class ScenarioError(ValueError):
    """Bad input in a scenario, strategy or experiment, with everything needed to fix it.

    Attributes:
        file, line, key, value, allowed, suggestion: where and what (any may be None).
        message: what is wrong, in words.
        more: further errors the same check found in the same file (its schema's other
            errors: all of them are reported at once, :meth:`all_lines`); ``str()`` is the
            first alone.

    Example:
        >>> str(ScenarioError("unknown key", file="a.yaml", line=3, key="params.n_user",
        ...                   suggestion="n_users"))
        "a.yaml:3: params.n_user: unknown key; did you mean 'n_users'?"
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None, value: Any = None, allowed: Any = None,
                 suggestion: str | None = None) -> None:
        self.message, self.file, self.line, self.key = message, file, line, key
        self.value, self.allowed, self.suggestion = value, allowed, suggestion
        self.more: list[ScenarioError] = []
        super().__init__(str(self))

    def all_lines(self) -> list[str]:
        """This error and every further one found with it (:attr:`more`), one line each."""
        return [str(self), *(str(e) for e in self.more)]

    def each(self, change: Callable[[ScenarioError], ScenarioError]) -> ScenarioError:
        """Pass this error and every further one through ``change``.

        (To place them in another file, key them elsewhere.) Returns the changed first,
        with the changed others as its :attr:`more`.
        """
        first = change(self)
        first.more = [change(e) for e in self.more]
        return first

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = f"{where}{self.key + ': ' if self.key else ''}{self.message}"
        if self.value is not None:
            text += f" (got {self.value!r})"
        if self.allowed:
            allowed = self.allowed
            if isinstance(allowed, (list, tuple, set)):
                if len(allowed) > 20:
                    allowed = f"{len(allowed)} names (`trustsim list {self.listing()}`)"
                else:
                    allowed = ", ".join(map(str, sorted(allowed)))
            text += f"; allowed: {allowed}"
        if self.suggestion:
            text += f"; did you mean {self.suggestion!r}?"
        return text

    def listing(self) -> str:
        """The ``trustsim list`` topic that shows the names this key may take."""
        key = (self.key or "").split(" (")[0]  # ("outcomes (--outcomes)": the name)
        if "levers" in key or key == "strategy" or key.startswith("strategy."):
            return "levers"
        if key.startswith("crises.") and key.endswith(".type"):
            return "crises"
        for prefix, topic in _LISTINGS:
            if key == prefix or key.startswith(prefix + ".") or key.startswith(prefix + "s"):
                return topic
        return "params"

    def relocated(self, file: str | None, line: int | None) -> ScenarioError:
        """The same error, placed at another file and line.

        The further ones are kept as they are (:meth:`each` moves every one).
        """
        return self._with(file=file, line=line)

    def keyed(self, key: str) -> ScenarioError:
        """The same error, at another key path (the further ones kept as they are)."""
        return self._with(key=key)

    def _with(self, **change: Any) -> ScenarioError:
        now = {"file": self.file, "line": self.line, "key": self.key, "value": self.value,
               "allowed": self.allowed, "suggestion": self.suggestion, **change}
        new = ScenarioError(self.message, **now)
        new.more = list(self.more)
        return new


class UnknownName(ScenarioError, KeyError):
    """No strategy or lever has this name.

    A :class:`ScenarioError` (the names allowed and the closest one) that is also the
    ``KeyError`` such lookups raised before (a bare ``KeyError('full_rebuilt')`` said
    nothing more; Python API trial).
    """


#: Names that changed, old -> new: an old experiment file gets the new name suggested.
RENAMED = {"deposit_guarantee": "protection_fund"}


def suggest(word: str, options: Any) -> str | None:
    """The option closest to ``word`` (a likely typo, or a name that changed), or None.

    A Chinese display name (a strategy's, a scenario's or an outcome's, as the Chinese
    report and its glossary show them) suggests its identifier; so does a name in
    another case (``ZH`` for ``zh``).
    """
    names = [str(o) for o in options]
    from trustsim.i18n.names import SCENARIOS_ZH, STRATEGIES_ZH

    shown = {**{zh: name for name, zh in STRATEGIES_ZH.items()},
             **{zh: name for name, zh in SCENARIOS_ZH.items()}}
    try:
        from trustsim.outcomes import OUTCOMES

        shown.update({o.zh: name for name, o in OUTCOMES.items() if o.zh})
    except ImportError:  # pragma: no cover - a partial import while the package loads
        pass
    if shown.get(str(word)) in names:
        return shown[str(word)]
    if RENAMED.get(str(word)) in names:
        return RENAMED[str(word)]
    lower = {n.lower(): n for n in names}
    if str(word).lower() in lower:
        return lower[str(word).lower()]
    close = difflib.get_close_matches(str(word), names, n=1, cutoff=0.6)
    return close[0] if close else None
