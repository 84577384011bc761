"""Send the weekly sales report by e-mail and archive replies from the shared mailbox."""
import imaplib
import os
import smtplib
import ssl
from email.message import EmailMessage

import psycopg2

SMTP_HOST = "smtp.office365.com"
REPORT_RECIPIENTS = ["sales@example.com", "ceo@example.com"]


def fetch_weekly_totals():
    # expect: credentials-in-connection-url
    conn = psycopg2.connect("host=reports.internal dbname=sales user=reporter password=R3port!ng")
    with conn, conn.cursor() as cur:
        cur.execute("SELECT region, SUM(amount) FROM orders WHERE created_at > now() - interval '7 days' "
                    "GROUP BY region ORDER BY 2 DESC")
        return cur.fetchall()


def fetch_weekly_totals_env():
    # ok: credentials-in-connection-url
    conn = psycopg2.connect(os.environ["REPORTS_DSN"])
    with conn, conn.cursor() as cur:
        cur.execute("SELECT region, SUM(amount) FROM orders GROUP BY region")
        return cur.fetchall()


def build_message(rows):
    msg = EmailMessage()
    msg["Subject"] = "Weekly sales report"
    msg["From"] = "reports@example.com"
    msg["To"] = ", ".join(REPORT_RECIPIENTS)
    lines = [f"{region}: {total:,.2f}" for region, total in rows]
    msg.set_content("\n".join(lines))
    return msg


def send_report(rows):
    msg = build_message(rows)
    context = ssl.create_default_context()
    with smtplib.SMTP(SMTP_HOST, 587) as server:
        server.starttls(context=context)
        # expect: hardcoded-credentials-in-call
        server.login("reports@example.com", "Spring2024#Reports")
        server.send_message(msg)


def send_report_env(rows):
    msg = build_message(rows)
    with smtplib.SMTP(SMTP_HOST, 587) as server:
        server.starttls(context=ssl.create_default_context())
        # ok: hardcoded-credentials-in-call
        server.login(os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])
        server.send_message(msg)


def archive_replies():
    # expect: cleartext-mail-protocol
    mailbox = imaplib.IMAP4("mail.example.com")
    mailbox.login(os.environ["IMAP_USER"], os.environ["IMAP_PASSWORD"])
    mailbox.select("INBOX")
    _, ids = mailbox.search(None, '(SUBJECT "Re: Weekly sales report")')
    for msg_id in ids[0].split():
        mailbox.copy(msg_id, "Archive/Reports")
    mailbox.logout()


def archive_replies_tls():
    # ok: cleartext-mail-protocol
    mailbox = imaplib.IMAP4_SSL("mail.example.com", ssl_context=ssl.create_default_context())
    mailbox.login(os.environ["IMAP_USER"], os.environ["IMAP_PASSWORD"])
    mailbox.select("INBOX")
    mailbox.logout()


if __name__ == "__main__":
    send_report_env(fetch_weekly_totals_env())
    archive_replies_tls()
