import requests

http = requests.Session()
http.verify = False
http.headers["User-Agent"] = "inventory-sync/1.0"
