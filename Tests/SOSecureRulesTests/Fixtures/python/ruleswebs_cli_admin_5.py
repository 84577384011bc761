#!/usr/bin/env python3
"""Ops helper: back up a database, restore archives, run remote commands and look up users.

Usage: admin.py backup DB | restore ARCHIVE | remote HOST CMD | user NAME | calc
"""
import os
import sqlite3
import subprocess
import sys
import tarfile

import ldap
import paramiko

BACKUP_DIR = "/var/backups/app"


def backup():
    db_name = sys.argv[2]
    target = os.path.join(BACKUP_DIR, db_name + ".sql")
    # expect: shell-command-with-untrusted-input
    os.system(f"pg_dump {db_name} > {target}")
    # ok: subprocess-shell-with-untrusted-input
    subprocess.run(["gzip", "-f", target], check=True)


def restore():
    archive_path = sys.argv[2]
    with tarfile.open(archive_path) as tar:
        # expect: tar-extract-without-filter
        tar.extractall(BACKUP_DIR)
    with tarfile.open(archive_path) as tar:
        # ok: tar-extract-without-filter
        tar.extractall(BACKUP_DIR, filter="data")


def disk_report(mount):
    # expect: subprocess-shell-with-dynamic-command
    return subprocess.check_output("df -h " + mount + " | tail -1", shell=True, text=True)


def remote():
    host, command = sys.argv[2], sys.argv[3]
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.connect(host, username="ops")
    # expect: ssh-exec-command-with-untrusted-input
    _, out, _ = client.exec_command("cd /srv/app && " + command)
    print(out.read().decode())
    client.close()


def user_lookup():
    name = sys.argv[2]
    conn = ldap.initialize("ldaps://ldap.corp.example")
    # expect: ldap-filter-with-untrusted-input
    found = conn.search_s("ou=people,dc=corp,dc=example", ldap.SCOPE_SUBTREE, "(uid=" + name + ")")
    db = sqlite3.connect("inventory.db")
    # expect: sql-execute-with-untrusted-input
    rows = db.execute(f"SELECT hostname FROM machines WHERE owner = '{name}'").fetchall()
    # ok: sql-execute-with-untrusted-input
    count = db.execute("SELECT COUNT(*) FROM machines WHERE owner = ?", (name,)).fetchone()[0]
    print(found, rows, count)


def calculator():
    while True:
        line = input("calc> ")
        if line in ("q", "quit"):
            break
        # expect: eval-with-untrusted-input
        print(eval(line))


COMMANDS = {
    "backup": backup,
    "restore": restore,
    "remote": remote,
    "user": user_lookup,
    "calc": calculator,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 1
    if sys.argv[1] == "df":
        print(disk_report("/"))
    COMMANDS[sys.argv[1]]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
