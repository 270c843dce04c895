#!/usr/bin/env python3
"""Renders a terminal capture (`tmux capture-pane -e -p`) to a PNG with Pillow.

Understands the SGR sequences tmux emits (16, 256 and 24-bit colours, bold, italic, underline,
reverse) and East Asian wide characters, which take two cells. Glyphs missing from the main font
(Japanese, box drawing in some fonts) come from the fallback fonts.

    render_ansi.py capture.ansi out.png [--cols 110] [--rows 32]
"""
import argparse
import re
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
BOLD_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
]
SIZE = 15
CELL_W, CELL_H = 9, 19
DEFAULT_FG = (224, 226, 234)
DEFAULT_BG = (20, 22, 27)

BASE16 = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = False
        self.underline = False
        self.reverse = False
        self.sp = None

    def apply(self, params):
        codes = [p for p in re.split(r"[;]", params)] if params else ["0"]
        i = 0
        while i < len(codes):
            raw = codes[i]
            sub = raw.split(":")
            c = int(sub[0]) if sub[0].isdigit() else 0
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 22:
                self.bold = False
            elif c == 4:
                self.underline = not (len(sub) > 1 and sub[1] == "0")
            elif c == 24:
                self.underline = False
            elif c == 7:
                self.reverse = True
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = BASE16[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASE16[c - 90 + 8]
            elif c == 39:
                self.fg = None
            elif 40 <= c <= 47:
                self.bg = BASE16[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASE16[c - 100 + 8]
            elif c == 49:
                self.bg = None
            elif c in (38, 48, 58):
                colour = None
                if len(sub) > 1:  # colon form: 38:2::r:g:b or 38:5:n
                    vals = [v for v in sub[1:] if v != ""]
                    if vals and vals[0] == "5" and len(vals) > 1:
                        colour = xterm256(int(vals[1]))
                    elif vals and vals[0] == "2" and len(vals) >= 4:
                        colour = tuple(int(v) for v in vals[-3:])
                elif i + 1 < len(codes) and codes[i + 1] == "5" and i + 2 < len(codes):
                    colour = xterm256(int(codes[i + 2]))
                    i += 2
                elif i + 1 < len(codes) and codes[i + 1] == "2" and i + 4 < len(codes):
                    colour = tuple(int(v) for v in codes[i + 2:i + 5])
                    i += 4
                if c == 38:
                    self.fg = colour
                elif c == 48:
                    self.bg = colour
                else:
                    self.sp = colour
            elif c == 59:
                self.sp = None
            i += 1


# Box-drawing characters are drawn as lines so borders join across cells whatever the font's
# line height: each entry says which sides of the cell the line reaches (up, down, left, right).
BOX = {
    "─": "lr", "│": "ud", "┌": "dr", "┐": "dl", "└": "ur", "┘": "ul",
    "╭": "dr", "╮": "dl", "╰": "ur", "╯": "ul", "├": "udr", "┤": "udl",
    "┬": "dlr", "┴": "ulr", "┼": "udlr",
}
BASELINE = 14


def draw_box(draw, sides, left, top, colour):
    cx, cy = left + CELL_W // 2, top + CELL_H // 2
    if "u" in sides:
        draw.line([cx, top, cx, cy], fill=colour)
    if "d" in sides:
        draw.line([cx, cy, cx, top + CELL_H - 1], fill=colour)
    if "l" in sides:
        draw.line([left, cy, cx, cy], fill=colour)
    if "r" in sides:
        draw.line([cx, cy, left + CELL_W - 1, cy], fill=colour)


def cell_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def parse(text, cols, rows):
    """Returns rows of cells: (char, width, fg, bg, bold, underline colour or None)."""
    grid = []
    style = Style()
    for line in text.split("\n")[:rows]:
        cells = []
        i = 0
        while i < len(line):
            if line[i] == "\x1b":
                m = re.match(r"\x1b\[([0-9;:]*)m", line[i:])
                if m:
                    style.apply(m.group(1))
                    i += len(m.group(0))
                    continue
                m = re.match(r"\x1b[\[\]][^a-zA-Z]*[a-zA-Z]", line[i:])
                i += len(m.group(0)) if m else 1
                continue
            ch = line[i]
            i += 1
            w = cell_width(ch)
            if w == 0:
                continue
            fg, bg = style.fg or DEFAULT_FG, style.bg or DEFAULT_BG
            if style.reverse:
                fg, bg = bg, fg
            underline = (style.sp or fg) if style.underline else None
            cells.append((ch, w, fg, bg, style.bold, underline))
        grid.append(cells)
    while len(grid) < rows:
        grid.append([])
    return grid


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("capture")
    ap.add_argument("out")
    ap.add_argument("--cols", type=int, default=110)
    ap.add_argument("--rows", type=int, default=32)
    args = ap.parse_args()
    text = open(args.capture, encoding="utf-8", errors="replace").read()
    grid = parse(text, args.cols, args.rows)
    regular = [ImageFont.truetype(f, SIZE) for f in FONTS]
    bold = [ImageFont.truetype(f, SIZE) for f in BOLD_FONTS]
    pad = 12
    img = Image.new("RGB", (args.cols * CELL_W + 2 * pad, args.rows * CELL_H + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(img)

    def font_for(ch, is_bold):
        fonts = bold if is_bold else regular
        # DejaVu covers Latin, box drawing and most symbols; wide characters go to Noto CJK.
        return fonts[1] if cell_width(ch) == 2 else fonts[0]

    for r, cells in enumerate(grid):
        x = 0
        y = pad + r * CELL_H
        for ch, w, fg, bg, is_bold, underline in cells:
            if x >= args.cols:
                break
            left = pad + x * CELL_W
            draw.rectangle([left, y, left + w * CELL_W - 1, y + CELL_H - 1], fill=bg)
            if ch in BOX:
                draw_box(draw, BOX[ch], left, y, fg)
            elif ch != " ":
                draw.text((left, y + BASELINE), ch, font=font_for(ch, is_bold), fill=fg, anchor="ls")
            if underline:
                draw.line([left, y + CELL_H - 2, left + w * CELL_W - 1, y + CELL_H - 2], fill=underline)
            x += w
    img.save(args.out)


if __name__ == "__main__":
    main()
