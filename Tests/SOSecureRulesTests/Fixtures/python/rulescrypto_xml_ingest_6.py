"""Partner feed ingestion API: partners POST XML invoices; we also poll their SOAP endpoints."""
import ssl
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
import httpx
from fastapi import FastAPI, Request, UploadFile
from lxml import etree

app = FastAPI()
STRICT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
# expect: lxml-parser-entities-enabled
LEGACY_PARSER = etree.XMLParser(resolve_entities=True, load_dtd=True)


@app.post("/partners/invoices")
async def receive_invoice(request: Request):
    body = await request.body()
    # expect: lxml-parse-untrusted
    doc = etree.fromstring(body)
    return {"invoice": doc.findtext("number"), "total": doc.findtext("total")}


@app.post("/partners/invoices/v2")
async def receive_invoice_v2(request: Request):
    body = await request.body()
    # ok: lxml-parse-untrusted
    doc = etree.fromstring(body, parser=STRICT_PARSER)
    return {"invoice": doc.findtext("number")}


@app.post("/partners/catalog")
async def upload_catalog(file: UploadFile):
    content = await file.read()
    # expect: xml-stdlib-parse-untrusted
    root = ET.fromstring(content)
    return {"products": len(root.findall(".//product"))}


@app.post("/partners/catalog/v2")
async def upload_catalog_v2(file: UploadFile):
    content = await file.read()
    # ok: xml-stdlib-parse-untrusted
    root = SafeET.fromstring(content)
    return {"products": len(root.findall(".//product"))}


def load_local_mapping():
    # ok: xml-stdlib-parse-untrusted
    tree = ET.parse("mappings/partners.xml")
    return {node.get("id"): node.text for node in tree.getroot()}


def poll_partner(url):
    # expect: httpx-verify-disabled
    with httpx.Client(verify=False, timeout=15) as client:
        return client.get(url).text


def poll_partner_pinned(url, ca_bundle):
    # ok: httpx-verify-disabled
    with httpx.Client(verify=ca_bundle, timeout=15) as client:
        return client.get(url).text


def legacy_tls_context():
    # expect: ssl-insecure-protocol-version
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1_1)
    ctx.load_default_certs()
    return ctx


def modern_tls_context():
    # ok: ssl-insecure-protocol-version
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: ssl-minimum-version-too-low
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_default_certs()
    return ctx
