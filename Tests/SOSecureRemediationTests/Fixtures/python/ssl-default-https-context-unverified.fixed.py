import ssl
import urllib.request

ssl._create_default_https_context = ssl.create_default_context


def fetch(url):
    return urllib.request.urlopen(url).read()
