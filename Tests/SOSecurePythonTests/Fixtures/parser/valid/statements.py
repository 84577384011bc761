"""Module docstring."""
from __future__ import annotations

import os
import sys as system, os.path as osp
from collections import OrderedDict, defaultdict as dd
from . import sibling
from ..package.module import (first, second as other,)

CONSTANT: int = 42
counter = 0
a = b = c = []
x, y = y, x
first, *rest = [1, 2, 3]
items[0] = items[-1]
obj.attr += 1
values[1:3] = []
del values[0], obj.attr


def simple(a, b=2, *args, key=None, **kwargs) -> dict:
    """Docstring."""
    global counter
    counter += 1
    if a > b:
        return {"a": a}
    elif a == b:
        pass
    else:
        a, b = b, a
    for index, item in enumerate(args):
        if item is None:
            continue
        elif item is Ellipsis:
            break
    else:
        index = -1
    while counter < 10:
        counter += 1
    else:
        counter = 0
    try:
        result = 1 / b
    except ZeroDivisionError as error:
        raise ValueError("bad") from error
    except (TypeError, KeyError):
        raise
    else:
        pass
    finally:
        del result
    with open(key) as handle, open(a) as other:
        data = handle.read()
    assert data, "no data"
    return kwargs


class Base(object, metaclass=type):
    attribute = 1

    def method(self, /, value, *, flag=False):
        def inner():
            nonlocal value
            value = 2
        inner()
        return value

    @property
    def prop(self):
        return self.attribute

    @staticmethod
    @decorator(with_args=True)
    def static(*args: int) -> None:
        ...


if __name__ == "__main__":
    simple(1, 2, 3, key="k", extra=4)
    system.exit(0)
