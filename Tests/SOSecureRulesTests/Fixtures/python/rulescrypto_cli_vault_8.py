#!/usr/bin/env python3
"""vault.py - tiny command-line secret store: add, get, share and export entries."""
import argparse
import getpass
import json
import os
import random
import secrets
import string
import uuid

import jsonpickle

VAULT_DIR = os.path.expanduser("~/.tinyvault")
VAULT_FILE = os.path.join(VAULT_DIR, "vault.json")


def ensure_vault_dir():
    # ok: create-world-writable-path
    os.makedirs(VAULT_DIR, mode=0o700, exist_ok=True)


def load_vault():
    if not os.path.exists(VAULT_FILE):
        return {}
    with open(VAULT_FILE) as fh:
        return json.load(fh)


def save_vault(vault):
    ensure_vault_dir()
    fd = os.open(VAULT_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(vault, fh, indent=2)


def generate_password(length=16):
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*"
    # ok: random-value-assigned-to-secret-name
    password = "".join(secrets.choice(alphabet) for _ in range(length))
    return password


def generate_pin():
    # expect: random-value-assigned-to-secret-name
    pin = "".join(str(random.randint(0, 9)) for _ in range(4))
    return pin


def create_share_link(name):
    # expect: uuid1-used-as-secret
    token = uuid.uuid1().hex
    return f"https://vault.example.com/share/{name}?token={token}"


def create_share_link_v2(name):
    # ok: uuid1-used-as-secret
    token = secrets.token_urlsafe(24)
    return f"https://vault.example.com/share/{name}?token={token}"


def import_backup(path):
    with open(path) as fh:
        # expect: jsonpickle-decode
        entries = jsonpickle.decode(fh.read())
    vault = load_vault()
    vault.update(entries)
    save_vault(vault)


def export_backup(path):
    with open(path, "w") as fh:
        # ok: jsonpickle-decode
        fh.write(jsonpickle.encode(load_vault()))
    # expect: umask-zero
    os.umask(0)


def main():
    parser = argparse.ArgumentParser(description="tiny secret store")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add")
    add.add_argument("name")
    add.add_argument("--generate", action="store_true")
    get = sub.add_parser("get")
    get.add_argument("name")
    sub.add_parser("pin")
    args = parser.parse_args()

    vault = load_vault()
    if args.command == "add":
        secret = generate_password() if args.generate else getpass.getpass("Secret: ")
        vault[args.name] = secret
        save_vault(vault)
    elif args.command == "get":
        print(vault.get(args.name, "<not found>"))
    elif args.command == "pin":
        print(generate_pin())


if __name__ == "__main__":
    main()
