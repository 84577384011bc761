import numpy


def load_matrix(path):
    return numpy.load(path, mmap_mode="r")
