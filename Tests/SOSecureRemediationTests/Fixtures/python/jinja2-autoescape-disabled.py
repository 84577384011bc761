from jinja2 import Environment, PackageLoader

env = Environment(loader=PackageLoader("shop", "templates"), autoescape=False)


def render(name, **context):
    return env.get_template(name).render(**context)
