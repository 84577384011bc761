import subprocess as sp
from os import path


@decorator
async def fetch(url: str, *args, timeout=10, **kw) -> bytes:
    async with session.get(url) as resp:
        data = [x ** 2 for x in range(3) if x]
        return await resp.read()


match command:
    case ["go", direction] | {"dir": direction}:
        sp.run(f"go {direction!r:>10}", shell=True)
    case Point(x=0, y=_):
        pass

try:
    value = a if b else c
except* ValueError as error:
    raise RuntimeError("café") from error
type Alias[T] = list[T]
square = lambda x, /, y=2: x * y
