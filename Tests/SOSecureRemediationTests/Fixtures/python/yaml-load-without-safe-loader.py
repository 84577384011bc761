import yaml


def read_manifest(path):
    with open(path) as stream:
        return yaml.load(stream)


def read_overrides(text):
    return yaml.load(text)
