def handle(command):
    match command.split():
        case [action]:
            return action
        case [action, obj]:
            return action, obj
        case ["go", direction] | ["move", direction]:
            return direction
        case ["drop", *objects]:
            return objects
        case []:
            return None
        case _:
            raise ValueError(command)


def shapes(shape):
    match shape:
        case Point(x=0, y=0):
            return "origin"
        case Point(x, 0) | Point(0, x):
            return x
        case Circle(center=Point() as c, radius=r) if r > 0:
            return c, r
        case {"type": "rect", "size": (w, h), **rest}:
            return w * h, rest
        case {1: one, -2.5: two, 1+2j: three, None: four, Color.RED: five}:
            return one
        case Color.RED | Color.GREEN:
            return "color"
        case -1 | 0 | 1.5 | -1-2j | "text" | b"bytes" | None | True | False:
            return "literal"
        case (first, second) as pair:
            return pair
        case [1, [2, *_], {"k": _}]:
            return "nested"


match = {"match": 1}
case = match["match"]
match(case)
type = 1
print(type(match), _ := 2)
