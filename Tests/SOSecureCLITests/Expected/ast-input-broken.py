import subprocess


def handler(request):
    cmd = "ls " + request.args["dir"]
    return subprocess.run(cmd, shell=True
