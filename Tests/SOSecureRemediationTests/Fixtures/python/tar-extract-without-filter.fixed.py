import tarfile


def unpack(archive, target):
    with tarfile.open(archive) as bundle:
        bundle.extractall(path=target, filter="data")
