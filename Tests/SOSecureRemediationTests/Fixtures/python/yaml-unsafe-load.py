import yaml as y


def load_jobs(path):
    with open(path) as stream:
        return y.unsafe_load(stream)
