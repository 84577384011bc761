def positional_only(a, b, /, c, d=1, *, e, f=2, **g):
    return a


def defaults_only(a=1, b=2, /, c=3):
    pass


def var_only(*args, **kwargs):
    pass


def keyword_only(*, a, b=1, c):
    pass


def annotated(a: int, b: "str" = "", *args: tuple[int, ...], c: list[int] = [], **kw: dict) -> bool:
    return True


async def coroutine(session):
    async with session.get(url) as response, lock:
        data = await response.json()
    async for item in stream():
        yield item
    result = [x async for x in aiter() if await check(x)]
    await asyncio.sleep(0)
    return await asyncio.gather(*tasks)


def generator():
    x = yield
    y = yield x
    z = yield from y
    yield
    yield 1, 2
    return (yield)


@decorator
@decorator.attribute
@decorator(argument)
@decorators[0]
@(lambda f: f)
class Decorated:
    pass


callback = lambda: None
adder = lambda a, /, b=1, *c, d, **e: a + b
