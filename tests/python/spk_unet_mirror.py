"""A torch.nn module tree with the structure of SDDPM's Spk_UNet / SDM's Spk_UNet_TSM (same
module names, parameter and buffer shapes; written from reference.md §1.6 and §3.1, without the
forward pass). Strict load_state_dict into it checks a state dict the way the original classes
do: both get their keys from the same torch.nn building blocks."""
import torch
from torch import nn


class TSMConv2d(nn.Module):
    def __init__(self, t_snn, cin, cout, k, stride=1, padding=1):
        super().__init__()
        self.tsmconv = nn.Conv2d(cin, cout, k, stride, padding)
        self.tsmp = nn.Parameter(torch.ones(t_snn, 1, 1, 1, 1))


def conv(cfg, cin, cout, k, stride=1, padding=1):
    if cfg["tsm"]:
        return TSMConv2d(cfg["snn_timesteps"], cin, cout, k, stride, padding)
    return nn.Conv2d(cin, cout, k, stride, padding)


class ResBlock(nn.Module):
    def __init__(self, cfg, cin, cout, tdim):
        super().__init__()
        self.temb_proj = nn.Sequential(nn.Identity(), nn.Linear(tdim, cout))
        self.conv1 = conv(cfg, cin, cout, 3)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = conv(cfg, cout, cout, 3)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = conv(cfg, cin, cout, 1, 1, 0) if cin != cout else nn.Identity()


class Resample(nn.Module):
    def __init__(self, cfg, c, stride):
        super().__init__()
        self.conv = conv(cfg, c, c, 3, stride, 1)
        self.bn = nn.BatchNorm2d(c)


def build(cfg):
    ch, mult, nrb, img_ch = cfg["ch"], cfg["ch_mult"], cfg["num_res_blocks"], cfg["img_ch"]
    tdim = 4 * ch
    m = nn.Module()
    te = nn.Module()
    te.timembedding = nn.Sequential(nn.Embedding(cfg.get("T", 1000), ch), nn.Linear(ch, tdim),
                                    nn.Identity(), nn.Linear(tdim, tdim))
    m.time_embedding = te
    m.conv = conv(cfg, img_ch, ch, 3)
    m.bn = nn.BatchNorm2d(ch)
    m.conv_identity = conv(cfg, ch, ch, 3)
    m.bn_identity = nn.BatchNorm2d(ch)
    m.downblocks = nn.ModuleList()
    chs, now = [ch], ch
    for i, k in enumerate(mult):
        for _ in range(nrb):
            m.downblocks.append(ResBlock(cfg, now, ch * k, tdim))
            now = ch * k
            chs.append(now)
        if i != len(mult) - 1:
            m.downblocks.append(Resample(cfg, now, 2))
            chs.append(now)
    m.middleblocks = nn.ModuleList([ResBlock(cfg, now, now, tdim), ResBlock(cfg, now, now, tdim)])
    m.upblocks = nn.ModuleList()
    for i, k in reversed(list(enumerate(mult))):
        for _ in range(nrb + 1):
            m.upblocks.append(ResBlock(cfg, chs.pop() + now, ch * k, tdim))
            now = ch * k
        if i != 0:
            m.upblocks.append(Resample(cfg, now, 1))
    m.tail_bn = nn.BatchNorm2d(now)
    m.tail_conv = conv(cfg, now, img_ch, 3)
    m.T_output_layer = nn.Conv3d(img_ch, img_ch, (3, 3, 1), 1, (1, 1, 0))
    m.last_bn = nn.BatchNorm2d(img_ch)
    return m
