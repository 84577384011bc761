import numpy


def load_matrix(path):
    return numpy.load(path, allow_pickle=True, mmap_mode="r")
