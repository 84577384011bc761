import ast


def parse_limits(text):
    return eval(text)
