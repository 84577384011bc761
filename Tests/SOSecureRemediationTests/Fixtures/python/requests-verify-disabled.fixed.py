import requests


def post_event(url, event):
    reply = requests.post(url, json=event, timeout=10)
    reply.raise_for_status()


def get_config(url):
    return requests.get(url).json()
