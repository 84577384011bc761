#!/usr/bin/env python3
"""bootstrap.py - prepare a fresh VM: install the agent, fetch configs, set up keys and a TLS listener."""
import os
import socket
import ssl
import subprocess

import paramiko

AGENT_URL = "https://repo.example.com/agent/install.sh"
CONFIG_HOST = "config.internal"


def install_agent():
    # expect: shell-tls-verification-disabled
    subprocess.run("curl -k -o /opt/install.sh https://repo.example.com/agent/install.sh", shell=True, check=True)
    subprocess.run(["bash", "/opt/install.sh"], check=True)


def install_agent_verified():
    # ok: shell-tls-verification-disabled
    subprocess.run("curl -fsSL -o /opt/install.sh https://repo.example.com/agent/install.sh", shell=True, check=True)


def pull_configs(dest="/etc/app"):
    # expect: ssh-host-key-checking-disabled
    os.system("rsync -e 'ssh -o StrictHostKeyChecking=no' -a deploy@config.internal:/srv/configs/ /etc/app/")
    # ok: ssh-host-key-checking-disabled
    subprocess.run(["rsync", "-a", f"deploy@{CONFIG_HOST}:/srv/configs/", dest], check=True)


def make_host_key(path="/etc/app/host_key"):
    # expect: rsa-key-too-small
    key = paramiko.RSAKey.generate(1024)
    key.write_private_key_file(path)
    # ok: chmod-world-writable
    os.chmod(path, 0o600)
    return key


def make_host_key_strong(path="/etc/app/host_key"):
    # ok: rsa-key-too-small
    key = paramiko.RSAKey.generate(bits=3072)
    key.write_private_key_file(path)
    return key


def fetch_remote_version(host):
    # expect: ssl-context-without-verification
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS)
    with socket.create_connection((host, 8443), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            tls.sendall(b"VERSION\n")
            return tls.recv(64).decode().strip()


def fetch_remote_version_verified(host):
    # ok: ssl-context-without-verification
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations("/etc/app/internal-ca.pem")
    with socket.create_connection((host, 8443), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            tls.sendall(b"VERSION\n")
            return tls.recv(64).decode().strip()


def configure_python_env():
    # expect: env-disables-tls-verification
    os.environ["PYTHONHTTPSVERIFY"] = "0"
    # ok: env-disables-tls-verification
    os.environ["SSL_CERT_FILE"] = "/etc/app/internal-ca.pem"


if __name__ == "__main__":
    install_agent_verified()
    pull_configs()
    make_host_key_strong()
    configure_python_env()
