import docker


def run_build(image, script):
    client = docker.from_env()
    return client.containers.run(image, ["sh", "-c", script], remove=True)
