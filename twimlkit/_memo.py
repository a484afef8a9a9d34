"""One budget, in characters, for every remembered check.

The constructors and the reader remember values that passed their checks (URLs, voices,
texts), each memo up to a number of entries. This bounds what all of them keep together:
an entry is remembered only if it is short and the budget has room for it. Memos never
forget, so once the budget is spent nothing more is remembered; every check still runs.
"""

from __future__ import annotations

from typing import Final

__all__ = ["LONGEST", "admit", "spent"]

#: The longest text any memo keeps (characters); longer ones are checked every time.
LONGEST: Final = 512
#: What every memo keeps together, in characters of the texts remembered (a written
#: copy counts again): a few MiB at most.
BUDGET: Final = 1 << 20

_spent = [0]


def admit(size: int) -> bool:
    """Whether a memo may keep an entry of ``size`` characters, which it then spends.

    (Threads may overspend the budget by an entry each; it bounds memory, not exactly.)
    """
    if size > LONGEST or _spent[0] + size > BUDGET:
        return False
    _spent[0] += size
    return True


def spent() -> int:
    """The characters remembered so far."""
    return _spent[0]
