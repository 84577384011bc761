"""Internal tools API: URL previews, report files, a calculator and diagnostics."""
import ast
import os
import subprocess
import traceback

import httpx
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from pymongo import MongoClient

# expect: fastapi-debug-mode-enabled
app = FastAPI(title="Tools API", debug=True)
mongo = MongoClient(os.environ.get("MONGO_URL", "mongodb://localhost:27017"))
audit = mongo.tools.audit
REPORT_DIR = "/srv/reports"


@app.get("/preview")
async def preview(url: str):
    async with httpx.AsyncClient(timeout=5) as client:
        # expect: ssrf-request-with-untrusted-url
        resp = await client.get(url)
    return {"status": resp.status_code, "title": resp.text[:200]}


@app.get("/github/{owner}")
async def github_repos(owner: str):
    async with httpx.AsyncClient(timeout=5) as client:
        # ok: ssrf-request-with-untrusted-url
        resp = await client.get("https://api.github.com/search/repositories", params={"q": f"user:{owner}"})
    return resp.json()


@app.get("/reports/{name}")
def report(name: str):
    # expect: file-response-with-untrusted-path
    return FileResponse(os.path.join(REPORT_DIR, name))


@app.get("/reports/by-id/{report_id}")
def report_by_id(report_id: int):
    # ok: file-response-with-untrusted-path
    return FileResponse(os.path.join(REPORT_DIR, f"report-{report_id}.pdf"))


@app.get("/calc")
def calc(expr: str):
    try:
        # expect: eval-with-untrusted-input
        return {"result": eval(expr)}
    except Exception:
        # expect: traceback-sent-in-response
        raise HTTPException(status_code=400, detail=traceback.format_exc())


@app.get("/parse")
def parse(value: str):
    # ok: eval-with-untrusted-input
    return {"value": ast.literal_eval(value)}


@app.get("/ping", response_class=HTMLResponse)
def ping(host: str):
    # expect: subprocess-shell-with-untrusted-input
    out = subprocess.run(f"ping -c 2 {host}", shell=True, capture_output=True, text=True).stdout
    # expect: html-response-with-untrusted-input
    return HTMLResponse(content="<pre>" + out + "</pre>")


@app.get("/traceroute")
def traceroute(host: str):
    # ok: subprocess-shell-with-untrusted-input
    out = subprocess.run(["traceroute", "-m", "10", host], capture_output=True, text=True).stdout
    return {"output": out}


@app.post("/audit/search")
def audit_search(filters: dict):
    # expect: mongodb-query-with-untrusted-input
    return {"count": audit.count_documents(filters)}


@app.get("/audit/user/{username}")
def audit_user(username: str):
    # ok: mongodb-query-with-untrusted-input
    return {"count": audit.count_documents({"user": str(username)})}


@app.get("/out")
def outbound(next: str):
    # expect: open-redirect-untrusted-url
    return RedirectResponse(next)
