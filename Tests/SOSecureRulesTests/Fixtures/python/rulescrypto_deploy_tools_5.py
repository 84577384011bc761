"""deploy_tools.py - push a release to the app servers, back up the database, rotate logs."""
import ftplib
import os
import shutil
import ssl
import stat
import subprocess
import urllib.request

import docker
import paramiko
from sqlalchemy import create_engine, text

APP_SERVERS = ["app1.internal", "app2.internal"]
# expect: credentials-in-connection-url
engine = create_engine("postgresql://deploy:D3pl0y!2024@db.internal:5432/app")
# ok: credentials-in-connection-url
reporting_engine = create_engine(os.environ["REPORTING_DATABASE_URL"])


def ssh_connect(host):
    client = paramiko.SSHClient()
    # expect: paramiko-auto-add-host-key
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username="deploy", key_filename=os.path.expanduser("~/.ssh/deploy_ed25519"))
    return client


def ssh_connect_strict(host):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    # ok: paramiko-auto-add-host-key
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="deploy")
    return client


def push_release(archive):
    for host in APP_SERVERS:
        client = ssh_connect(host)
        sftp = client.open_sftp()
        sftp.put(archive, f"/srv/releases/{os.path.basename(archive)}")
        client.exec_command("systemctl --user restart app")
        client.close()


def upload_backup(dump_path):
    # expect: ftp-cleartext-connection
    ftp = ftplib.FTP("backup.example.com")
    ftp.login("backups", os.environ["BACKUP_FTP_PASSWORD"])
    with open(dump_path, "rb") as fh:
        ftp.storbinary(f"STOR {os.path.basename(dump_path)}", fh)
    ftp.quit()


def backup_database(target_dir):
    os.makedirs(target_dir, exist_ok=True)
    dump_path = os.path.join(target_dir, "app.sql")
    with open(dump_path, "w") as out, engine.connect() as conn:
        for row in conn.execute(text("SELECT id, email FROM users ORDER BY id")):
            out.write(f"{row.id},{row.email}\n")
    # expect: chmod-world-writable
    os.chmod(dump_path, 0o777)
    # ok: chmod-world-writable
    os.chmod(target_dir, stat.S_IRWXU)
    upload_backup(dump_path)
    return dump_path


def rotate_logs(log_dir):
    for name in os.listdir(log_dir):
        if name.endswith(".log"):
            shutil.move(os.path.join(log_dir, name), os.path.join(log_dir, name + ".1"))
    # expect: shell-command-uses-sudo
    subprocess.run("sudo systemctl reload rsyslog", shell=True, check=True)


def check_health(host):
    ctx = ssl.create_default_context()
    # expect: ssl-check-hostname-disabled
    ctx.check_hostname = False
    # expect: ssl-verify-mode-cert-none
    ctx.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(f"https://{host}/health", context=ctx, timeout=5) as resp:
        return resp.status == 200


def run_migration_container(image):
    client = docker.from_env()
    # expect: docker-privileged-container
    return client.containers.run(image, "alembic upgrade head", privileged=True, remove=True)


def run_smoke_tests(image):
    client = docker.from_env()
    # ok: docker-privileged-container
    return client.containers.run(image, "pytest -q tests/smoke", remove=True, network_mode="bridge")


if __name__ == "__main__":
    backup_database("/srv/backups/nightly")
    rotate_logs("/var/log/app")
