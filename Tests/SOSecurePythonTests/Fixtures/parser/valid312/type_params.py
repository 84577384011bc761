type Alias = int
type Pair[T] = tuple[T, T]
type Callback[**P, R] = Callable[P, R]
type Shape[*Ts] = tuple[*Ts]


def first[T](items: list[T]) -> T:
    return items[0]


def bounded[T: (int, str), U: Sequence[int]](a: T, b: U) -> None:
    pass


class Box[T]:
    def get(self) -> T:
        return self.value


class Mapping[K, V](Base, metaclass=Meta):
    pass


async def fetch[T](url: str) -> T:
    pass


type = 1
type(type)
