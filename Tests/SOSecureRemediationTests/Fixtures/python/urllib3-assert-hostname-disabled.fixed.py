import urllib3


def pool(address):
    return urllib3.HTTPSConnectionPool(address, port=8443, timeout=3.0)
