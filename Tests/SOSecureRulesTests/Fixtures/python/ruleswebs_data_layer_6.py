"""Data access and rendering helpers shared by the reporting jobs."""
import re

import jinja2
import pandas as pd
import sqlalchemy
from lxml import etree
from sqlalchemy import create_engine, text

engine = create_engine("postgresql://reporting@db.internal/warehouse")

# expect: jinja2-autoescape-disabled
email_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates/email"))
# ok: jinja2-autoescape-disabled
html_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates/html"), autoescape=jinja2.select_autoescape())

# expect: regex-with-nested-quantifier
SKU_LIST = re.compile(r"^([A-Z0-9]+-?)+$")
# ok: regex-with-nested-quantifier
ORDER_ID = re.compile(r"^ORD-\d{6}(?:-\d{2})?$")


def orders_for_customer(customer_id, status):
    with engine.connect() as conn:
        # expect: sqlalchemy-text-with-formatted-query
        stmt = text(f"SELECT id, total FROM orders WHERE customer_id = {customer_id} AND status = '{status}'")
        return conn.execute(stmt).fetchall()


def orders_for_customer_safe(customer_id, status):
    with engine.connect() as conn:
        # ok: sqlalchemy-text-with-formatted-query
        stmt = text("SELECT id, total FROM orders WHERE customer_id = :cid AND status = :status")
        return conn.execute(stmt, {"cid": customer_id, "status": status}).fetchall()


def monthly_frame(region, month):
    # expect: pandas-read-sql-with-formatted-query
    return pd.read_sql("SELECT * FROM sales WHERE region = '%s' AND month = '%s'" % (region, month), engine)


def monthly_frame_safe(region, month):
    query = sqlalchemy.text("SELECT * FROM sales WHERE region = :region AND month = :month")
    # ok: pandas-read-sql-with-formatted-query
    return pd.read_sql(query, engine, params={"region": region, "month": month})


def archive_orders(conn, before):
    cur = conn.cursor()
    # expect: sql-execute-with-formatted-query
    cur.execute("UPDATE orders SET archived = TRUE WHERE created < '" + before + "'")
    # ok: sql-execute-with-formatted-query
    cur.execute("DELETE FROM order_drafts WHERE created < %s", (before,))
    conn.commit()


def build_filter(column, value):
    # expect: sql-query-built-by-formatting
    return f"SELECT * FROM products WHERE {column} = '{value}'"


def find_product(catalog_path, sku):
    tree = etree.parse(catalog_path)
    # expect: xpath-query-built-by-formatting
    nodes = tree.xpath("//product[@sku='%s']" % sku)
    # ok: xpath-query-built-by-formatting
    prices = tree.xpath("//product[@sku=$sku]/price/text()", sku=sku)
    return nodes, prices


def render_receipt(order):
    # expect: template-built-by-formatting
    tpl = jinja2.Template("<h1>Receipt for " + order["customer"] + "</h1><p>Total: {{ total }}</p>")
    return tpl.render(total=order["total"])


def render_receipt_safe(order):
    # ok: template-built-by-formatting
    tpl = html_env.from_string("<h1>Receipt for {{ customer }}</h1><p>Total: {{ total }}</p>")
    return tpl.render(customer=order["customer"], total=order["total"])


def parse_rule(rule_text, row):
    # expect: eval-of-non-literal
    return eval(rule_text, {"__builtins__": {}}, {"row": row})
