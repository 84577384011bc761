result = a + b * c - d / e // f % g ** -h @ i
bits = a | b ^ c & d << 2 >> 1 & ~e
logic = not a and b or c and not not d
compare = a < b <= c != d == e > f >= g in h not in i is j is not k
conditional = a if b else c if d else e
lam = lambda x, y=1, *z, w, **v: (x, y, z, w, v)
walrus = [y := f(x), y ** 2, y ** 3]
if (n := len(a)) > 10:
    print(f"{n} is too long")
calls = f(a)(b)(c, d=e)(*f, **g)
chain = obj.attr[0].method(1)[1:2].other
slices = a[1:2], a[::2], a[:, None], a[..., 0], a[1:2, 3:4:5], a[()]
starred = [*a, *b], {*c}, (*d,), {**e, 'k': 1}
comprehensions = (
    [x for x in range(10) if x % 2 if x > 3],
    {k: v for k, v in pairs},
    {x for x in items},
    (x * y for x in a for y in b),
    [(i, j) for i in range(3) for j in range(i)],
)
genexp_call = sum(x for x in range(10))
nested = [[[1, 2], [3]], {"a": {"b": ()}}]
constants = (None, True, False, ..., 1, 1.5, 1j, "s", b"b")
unary = -a, +b, ~c, not d, - - e
power = 2 ** 3 ** 2, (-2) ** 2, -2 ** 2
subscript_tuple = x[1, 2], x[1:2, ...]
