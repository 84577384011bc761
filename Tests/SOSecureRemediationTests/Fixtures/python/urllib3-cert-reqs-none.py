import urllib3

manager = urllib3.PoolManager(num_pools=4, cert_reqs="CERT_NONE")
