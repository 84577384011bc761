import os

import jwt


def claims(token):
    return jwt.decode(token, os.environ["JWT_KEY"], algorithms=["HS256"])
