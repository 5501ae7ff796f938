"""Builds tests/fonts/namekeyed.otf: a tiny name-keyed CFF OpenType font (the
outlines of Noto Sans CJK SC, SIL OFL 1.1, for "中— 0123456789"), so the tests
can drive the PDF writer's general (allsorts) font route, which CID-keyed CJK
fonts never take. Run with fontTools: python3 tests/fonts/make-namekeyed.py"""
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection

src = next(f for f in TTCollection("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").fonts
           if f["name"].getDebugName(1) == "Noto Sans CJK SC")
cmap = src.getBestCmap()
chars = "中— 0123456789"
glyphs = src.getGlyphSet()
names = [".notdef"] + sorted({cmap[ord(c)] for c in chars}, key=src.getGlyphID)
fb = FontBuilder(src["head"].unitsPerEm, isTTF=False)
fb.setupGlyphOrder(names)
fb.setupCharacterMap({ord(c): cmap[ord(c)] for c in chars})
charstrings, metrics = {}, {}
for n in names:
    pen = T2CharStringPen(glyphs[n].width, glyphs)
    glyphs[n].draw(pen)
    charstrings[n] = pen.getCharString()
    metrics[n] = (glyphs[n].width, src["hmtx"][n][1])
fb.setupCFF("ZongjieTestNameKeyed-Regular", {"FullName": "Zongjie Test NameKeyed"}, charstrings, {})
fb.setupHorizontalMetrics(metrics)
fb.setupHorizontalHeader(ascent=src["hhea"].ascent, descent=src["hhea"].descent)
fb.setupNameTable({"familyName": "Zongjie Test NameKeyed", "styleName": "Regular", "psName": "ZongjieTestNameKeyed-Regular"})
fb.setupOS2(sTypoAscender=src["OS/2"].sTypoAscender, usWinAscent=src["OS/2"].usWinAscent, usWinDescent=src["OS/2"].usWinDescent)
fb.setupPost()
fb.save("tests/fonts/namekeyed.otf")
