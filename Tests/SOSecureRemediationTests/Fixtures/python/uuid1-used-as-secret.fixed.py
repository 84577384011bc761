import uuid


def new_reset_token(user):
    reset_token = str(uuid.uuid4())
    user.reset_token = reset_token
    return reset_token
