"""png_check.py FILE W H MIN_COLOURS: FILE is a W x H PNG with at least MIN_COLOURS colours.

The standard library only (8-bit grey / RGB / RGBA, not interlaced: what Qt writes).
"""
import struct
import sys
import zlib


def read_png(path):
    """Width, height, bytes per pixel and the unfiltered pixel rows of an 8-bit PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, head = 8, [], None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    w, h, depth, colour, _, _, interlace = head
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    if depth != 8 or interlace:
        raise ValueError(f"{path}: depth {depth}, interlace {interlace} not supported")
    raw, stride = zlib.decompress(b"".join(idat)), w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 255
        elif f == 2:
            row = bytearray((r + p) & 255 for r, p in zip(row, prev))
        elif f == 3:
            for i in range(stride):
                row[i] = (row[i] + (((row[i - bpp] if i >= bpp else 0) + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(row))
        prev = row
    return w, h, bpp, rows


def main():
    path, w, h, min_colours = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    pw, ph, bpp, rows = read_png(path)
    colours = {row[i:i + bpp] for row in rows for i in range(0, len(row), bpp)}
    print(f"{path}: {pw}x{ph}, {len(colours)} colours")
    if (pw, ph) != (w, h) or len(colours) < min_colours:
        sys.exit(f"{path}: expected {w}x{h} with at least {min_colours} colours")


if __name__ == "__main__":
    main()
