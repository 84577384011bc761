import urllib3


def pool(address):
    return urllib3.HTTPSConnectionPool(address, port=8443, assert_hostname=False, timeout=3.0)
