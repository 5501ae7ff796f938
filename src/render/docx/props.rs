//! Run and paragraph properties (`w:rPr`, `w:pPr`) as plain structs, used
//! by both the styles part and the body. Serialising them here, in one
//! place, in the order of the schema's sequences (CT_RPr's EG_RPrBase,
//! CT_PPrBase) is what keeps every part valid — the defect that makes Word
//! "repair" docx-rs output is exactly a wrong order of these children.

use super::xml::Xml;

/// Latin font of every role: digits and Latin letters.
pub(super) const LATIN: &str = "Times New Roman";

/// Fonts of one role, set explicitly per script (no theme fonts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fonts<'a> {
    /// `w:ascii`, `w:hAnsi` and `w:cs`.
    pub latin: &'a str,
    /// `w:eastAsia`.
    pub east_asia: &'a str,
}

impl<'a> Fonts<'a> {
    /// A role whose Chinese text is in `east_asia` and Latin in Times New Roman.
    pub(super) const fn chinese(east_asia: &'a str) -> Self {
        Fonts { latin: LATIN, east_asia }
    }
}

/// `w:rPr` children this renderer uses.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RunProps<'a> {
    /// `w:rStyle`: a character style id.
    pub style: Option<&'a str>,
    /// `w:rFonts` with all four scripts.
    pub fonts: Option<Fonts<'a>>,
    /// `w:rFonts w:hint="eastAsia"`: ambiguous punctuation (“”‘’—…·) is
    /// shown in the East Asian font, not in Times New Roman.
    pub hint_east_asia: bool,
    /// `w:b`, `w:bCs`.
    pub bold: bool,
    /// `w:spacing`: added advance per character, twentieths of a point.
    pub spacing: Option<i32>,
    /// `w:sz`, `w:szCs`: half-points.
    pub size: Option<u32>,
    /// `w:lang`: Latin en-US, East Asian zh-CN.
    pub lang: bool,
}

impl RunProps<'_> {
    /// Writes `<w:rPr>…</w:rPr>`, or nothing when no property is set.
    pub(super) fn write(&self, x: &mut Xml) {
        let any = self.style.is_some() || self.fonts.is_some() || self.hint_east_asia || self.bold || self.spacing.is_some() || self.size.is_some() || self.lang;
        if !any {
            return;
        }
        x.open("w:rPr", &[]);
        if let Some(s) = self.style {
            x.empty("w:rStyle", &[("w:val", s)]);
        }
        let hint = self.hint_east_asia.then_some(("w:hint", "eastAsia"));
        match self.fonts {
            Some(f) => {
                let mut attrs = vec![("w:ascii", f.latin), ("w:eastAsia", f.east_asia), ("w:hAnsi", f.latin), ("w:cs", f.latin)];
                attrs.extend(hint);
                x.empty("w:rFonts", &attrs);
            }
            None if hint.is_some() => {
                x.empty("w:rFonts", &[("w:hint", "eastAsia")]);
            }
            None => {}
        }
        if self.bold {
            x.empty("w:b", &[]).empty("w:bCs", &[]);
        }
        if let Some(s) = self.spacing {
            x.empty("w:spacing", &[("w:val", &s.to_string())]);
        }
        if let Some(sz) = self.size {
            let v = sz.to_string();
            x.empty("w:sz", &[("w:val", &v)]).empty("w:szCs", &[("w:val", &v)]);
        }
        if self.lang {
            x.empty("w:lang", &[("w:val", "en-US"), ("w:eastAsia", "zh-CN"), ("w:bidi", "ar-SA")]);
        }
        x.close("w:rPr");
    }
}

/// `w:spacing` of a paragraph, twips; the line rule is always "exact".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Spacing {
    /// Space before.
    pub before: u32,
    /// Space after.
    pub after: u32,
    /// Exact line height.
    pub line: u32,
}

/// One side of `w:ind`: twips for readers that only know twips, and
/// hundredths of a character (`w:…Chars`), which Word and WPS prefer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Chars {
    /// The same length in twips.
    pub twips: u32,
    /// Hundredths of a character.
    pub hundredths: u32,
}

/// `w:ind`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Indent {
    /// `w:left` / `w:leftChars`.
    pub left: Option<Chars>,
    /// `w:right` / `w:rightChars`.
    pub right: Option<Chars>,
    /// `w:firstLine` / `w:firstLineChars`.
    pub first_line: Option<Chars>,
}

/// `w:pPr` children this renderer uses.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ParaProps<'a> {
    /// `w:pStyle`: a paragraph style id.
    pub style: Option<&'a str>,
    /// `w:keepNext`.
    pub keep_next: bool,
    /// `w:keepLines`.
    pub keep_lines: bool,
    /// `w:widowControl`.
    pub widow_control: bool,
    /// `w:overflowPunct w:val="1"`: Word's and WPS's default (a closing
    /// punctuation mark may hang past the line end, as in Word-made 公文),
    /// written out because LibreOffice 7.4 imports this flag inverted
    /// (writerfilter sets IsHangingPunctuation to `val == 0`): stated as 1,
    /// LibreOffice keeps punctuation inside the line. Left implicit, its
    /// PDF export was seen to drop a hanging "，" altogether.
    pub hanging_punctuation: bool,
    /// `w:autoSpaceDE`/`w:autoSpaceDN` off: no extra space between Chinese
    /// and Latin letters or digits, so a digit stays half a cell.
    pub no_auto_space: bool,
    /// `w:snapToGrid w:val="0"`: leave the line grid (title, footers, tables).
    pub off_grid: bool,
    /// `w:spacing`.
    pub spacing: Option<Spacing>,
    /// `w:ind`.
    pub indent: Option<Indent>,
    /// `w:jc`: both, center, right, left.
    pub justify: Option<&'static str>,
    /// `w:outlineLvl`, 0-based.
    pub outline: Option<u8>,
}

impl ParaProps<'_> {
    /// Writes `<w:pPr>…</w:pPr>`, or nothing when no property is set.
    pub(super) fn write(&self, x: &mut Xml) {
        let any = self.style.is_some() || self.keep_next || self.keep_lines || self.widow_control || self.hanging_punctuation || self.no_auto_space || self.off_grid || self.spacing.is_some() || self.indent.is_some() || self.justify.is_some() || self.outline.is_some();
        if !any {
            return;
        }
        x.open("w:pPr", &[]);
        if let Some(s) = self.style {
            x.empty("w:pStyle", &[("w:val", s)]);
        }
        if self.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if self.keep_lines {
            x.empty("w:keepLines", &[]);
        }
        if self.widow_control {
            x.empty("w:widowControl", &[]);
        }
        if self.hanging_punctuation {
            x.empty("w:overflowPunct", &[("w:val", "1")]);
        }
        if self.no_auto_space {
            x.empty("w:autoSpaceDE", &[("w:val", "0")]).empty("w:autoSpaceDN", &[("w:val", "0")]);
        }
        if self.off_grid {
            x.empty("w:snapToGrid", &[("w:val", "0")]);
        }
        if let Some(s) = self.spacing {
            let (b, a, l) = (s.before.to_string(), s.after.to_string(), s.line.to_string());
            x.empty("w:spacing", &[("w:before", &b), ("w:after", &a), ("w:line", &l), ("w:lineRule", "exact")]);
        }
        if let Some(ind) = self.indent {
            let mut attrs: Vec<(String, String)> = Vec::new();
            for (name, side) in [("left", ind.left), ("right", ind.right), ("firstLine", ind.first_line)] {
                if let Some(c) = side {
                    attrs.push((format!("w:{name}"), c.twips.to_string()));
                    attrs.push((format!("w:{name}Chars"), c.hundredths.to_string()));
                }
            }
            let pairs: Vec<(&str, &str)> = attrs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            x.empty("w:ind", &pairs);
        }
        if let Some(j) = self.justify {
            x.empty("w:jc", &[("w:val", j)]);
        }
        if let Some(o) = self.outline {
            x.empty("w:outlineLvl", &[("w:val", &o.to_string())]);
        }
        x.close("w:pPr");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml_of(f: impl FnOnce(&mut Xml)) -> String {
        let mut x = Xml::new();
        f(&mut x);
        String::from_utf8(x.finish()).unwrap().split_once('\n').unwrap().1.to_string()
    }

    #[test]
    fn paragraph_properties_come_in_schema_order() {
        let p = ParaProps {
            style: Some("GwBody"),
            keep_next: true,
            widow_control: true,
            spacing: Some(Spacing { before: 0, after: 0, line: 579 }),
            indent: Some(Indent { right: Some(Chars { twips: 630, hundredths: 200 }), first_line: Some(Chars { twips: 640, hundredths: 200 }), ..Indent::default() }),
            justify: Some("both"),
            ..ParaProps::default()
        };
        assert_eq!(
            xml_of(|x| p.write(x)),
            "<w:pPr><w:pStyle w:val=\"GwBody\"/><w:keepNext/><w:widowControl/>\
             <w:spacing w:before=\"0\" w:after=\"0\" w:line=\"579\" w:lineRule=\"exact\"/>\
             <w:ind w:right=\"630\" w:rightChars=\"200\" w:firstLine=\"640\" w:firstLineChars=\"200\"/>\
             <w:jc w:val=\"both\"/></w:pPr>"
        );
    }

    #[test]
    fn run_properties_come_in_schema_order_and_empty_ones_vanish() {
        let r = RunProps { style: Some("GwRunIn2"), fonts: Some(Fonts::chinese("楷体_GB2312")), hint_east_asia: true, spacing: Some(-5), size: Some(32), lang: true, ..RunProps::default() };
        assert_eq!(
            xml_of(|x| r.write(x)),
            "<w:rPr><w:rStyle w:val=\"GwRunIn2\"/>\
             <w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"楷体_GB2312\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:hint=\"eastAsia\"/>\
             <w:spacing w:val=\"-5\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>\
             <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr>"
        );
        assert_eq!(xml_of(|x| RunProps::default().write(x)), "");
        assert_eq!(xml_of(|x| ParaProps::default().write(x)), "");
    }
}
