import yaml


def read_manifest(path):
    with open(path) as stream:
        return yaml.safe_load(stream)


def read_overrides(text):
    return yaml.safe_load(text)
