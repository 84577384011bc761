import torch


def restore(path):
    checkpoint = torch.load(path, map_location="cpu")
    return checkpoint["state_dict"]
