import httpx


def fetch_status(url):
    response = httpx.get(url, timeout=5, verify=False)
    return response.status_code
