//! The checker's rules: stable ids (used in output, JSON and the README),
//! default severities and one-line Chinese descriptions.

use std::fmt;

/// How serious a finding is. `render` refuses (or with `--draft` marks 草稿) on errors only; the
/// exit code of `check` is 1 when there is any error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Probably deliberate or a matter of judgement; worth a look.
    Warning,
    /// A defect a reviewer would send back.
    Error,
}

impl Severity {
    /// Stable machine name (`error`, `warning`).
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// A checker rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Leftover placeholders: xx, ××, *镇, X次, 〔…〕, YYYY年MM月DD日, 某某.
    Placeholder,
    /// Half-width punctuation next to Chinese characters.
    HalfwidthPunct,
    /// Unbalanced “” ‘’ （） 《》 and other paired marks.
    UnbalancedPair,
    /// "..." or a single … for ……
    Ellipsis,
    /// "1、" for "1."
    ListComma,
    /// Doubled characters or phrases (的的, 突出抓好突出抓好).
    Doubled,
    /// The same sentence or heading twice in one document.
    RepeatedSentence,
    /// Wording of the other version (全年 in 上半年, 上半年 in the full year).
    PeriodWording,
    /// A year that is neither the report year nor a neighbour.
    StrayYear,
    /// Figures that cannot be right (negative or fractional counts, parts above the whole, > 100%).
    FigureSanity,
    /// Figures that disagree with each other (转正 above last year's 发展, a stock that jumps).
    FigureConsistency,
    /// 三会一课 and 主题党日 below the 支部工作条例 minimums.
    SanhuiYike,
    /// A township figure differing from the sum of its villages.
    VillageSum,
    /// The ledger: columns read under another name or not read, the
    /// template's example row, a figure differing from its ledger count.
    Ledger,
    /// A figure whose every value is 0: most likely `init`'s placeholder left as it was.
    ZeroFigure,
    /// The report could not be composed (e.g. a figure missing for a version).
    Compose,
    /// A `# 不检查：…` comment naming a rule that does not exist.
    Suppression,
    /// Problems or plans zongjie drafted for the user to review.
    DraftedText,
    /// A party session named that closed after the report date.
    FutureSession,
    /// A text still as `zongjie init`'s example (templates/scaffold.toml).
    SampleText,
    /// A work section written from figures alone: no practice, no activity.
    NoPractice,
    /// A fixed term typed wrong (一阵见血, 三会一可, 2024上半年).
    FixedTerm,
    /// A near-miss of a set phrase of the lexicon (烧黑除恶, 党的十八精神).
    SetPhrase,
    /// A term of an earlier year (先进性教育, 扫黑除恶专项斗争 after 2021).
    StaleTerm,
    /// Spaces inside Chinese text or around a figure (讲 1 次).
    StraySpace,
    /// An ASCII hyphen as a range (1-3次).
    HyphenRange,
    /// 、 between quoted or titled items (”、“ 》、《).
    QuoteComma,
    /// The unit called by another kind (我乡 in a 镇 report, 镇党工委).
    SelfReference,
    /// Whole-report structure: title, parts, heading numbers, 一是 runs, 落款.
    Structure,
}

impl Rule {
    /// Every rule, in documentation order.
    pub const ALL: [Rule; 29] = [
        Rule::Placeholder,
        Rule::HalfwidthPunct,
        Rule::UnbalancedPair,
        Rule::Ellipsis,
        Rule::ListComma,
        Rule::Doubled,
        Rule::RepeatedSentence,
        Rule::PeriodWording,
        Rule::StrayYear,
        Rule::FigureSanity,
        Rule::FigureConsistency,
        Rule::SanhuiYike,
        Rule::VillageSum,
        Rule::Ledger,
        Rule::ZeroFigure,
        Rule::Compose,
        Rule::Suppression,
        Rule::DraftedText,
        Rule::FutureSession,
        Rule::SampleText,
        Rule::NoPractice,
        Rule::FixedTerm,
        Rule::SetPhrase,
        Rule::StaleTerm,
        Rule::StraySpace,
        Rule::HyphenRange,
        Rule::QuoteComma,
        Rule::SelfReference,
        Rule::Structure,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Placeholder => "placeholder",
            Rule::HalfwidthPunct => "halfwidth-punct",
            Rule::UnbalancedPair => "unbalanced-pair",
            Rule::Ellipsis => "ellipsis",
            Rule::ListComma => "list-comma",
            Rule::Doubled => "doubled",
            Rule::RepeatedSentence => "repeated-sentence",
            Rule::PeriodWording => "period-wording",
            Rule::StrayYear => "stray-year",
            Rule::FigureSanity => "figure-sanity",
            Rule::FigureConsistency => "figure-consistency",
            Rule::SanhuiYike => "sanhui-yike",
            Rule::VillageSum => "village-sum",
            Rule::Ledger => "ledger",
            Rule::ZeroFigure => "zero-figure",
            Rule::Compose => "compose",
            Rule::Suppression => "suppression",
            Rule::DraftedText => "drafted-text",
            Rule::FutureSession => "future-session",
            Rule::SampleText => "sample-text",
            Rule::NoPractice => "no-practice",
            Rule::FixedTerm => "fixed-term",
            Rule::SetPhrase => "set-phrase",
            Rule::StaleTerm => "stale-term",
            Rule::StraySpace => "stray-space",
            Rule::HyphenRange => "hyphen-range",
            Rule::QuoteComma => "quote-comma",
            Rule::SelfReference => "self-reference",
            Rule::Structure => "structure",
        }
    }

    /// Default severity.
    pub fn severity(self) -> Severity {
        match self {
            Rule::RepeatedSentence
            | Rule::StrayYear
            | Rule::FigureConsistency
            | Rule::SanhuiYike
            | Rule::VillageSum
            | Rule::Ledger
            | Rule::ZeroFigure
            | Rule::Suppression
            | Rule::DraftedText
            | Rule::FutureSession
            | Rule::SampleText
            | Rule::NoPractice
            | Rule::StaleTerm
            | Rule::SetPhrase
            | Rule::QuoteComma => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// What the rule looks for, in Chinese (one line).
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Placeholder => "未替换的占位符：xx、××、*镇、X次、〔…〕、YYYY年MM月DD日、某某等",
            Rule::HalfwidthPunct => "中文之间用了半角标点（, ; : ? ! ( ) \" 等）",
            Rule::UnbalancedPair => "引号、括号、书名号不成对",
            Rule::Ellipsis => "省略号写成“...”或单个“…”",
            Rule::ListComma => "阿拉伯数字序号写成“1、”（应为“1.”）",
            Rule::Doubled => "字词重复，如“的的”“突出抓好突出抓好”",
            Rule::RepeatedSentence => "同一句话或同一标题在文中出现两次",
            Rule::PeriodWording => "用语与版本不符：上半年版本写“全年”“一年来”，全年版本写“上半年”“半年来”",
            Rule::StrayYear => "出现的年份既不是报告年度，也不是相邻年份（疑为沿用旧稿）",
            Rule::FigureSanity => "数字不合常理：负数、人数次数有小数、分项大于总数、百分比超过100%",
            Rule::FigureConsistency => "数字前后不一致：转正人数多于上年发展人数、时点数变化过大",
            Rule::SanhuiYike => "“三会一课”、主题党日次数低于《中国共产党支部工作条例（试行）》的最低要求",
            Rule::VillageSum => "乡镇数字与所列各村合计不符",
            Rule::Ledger => "台账：表头按别的名称读取或未读取的列、示例行、[figures] 中的数字与台账计数不符",
            Rule::ZeroFigure => "指标的数值全是 0（多为 zongjie init 样表中没有改的占位数）",
            Rule::Compose => "无法生成该版本（如缺少某版本的指标数值）",
            Rule::Suppression => "“不检查”注释中写了不存在的规则名",
            Rule::DraftedText => "数据表没有写问题或打算，这一节由 zongjie 起草，报送前须核实修改",
            Rule::FutureSession => "写了成文日期之后才召开的会议（如上半年版本写三中全会精神）",
            Rule::SampleText => "数据表中的文字仍是 zongjie init 样表里的示例，不是本单位的实际情况",
            Rule::NoPractice => "工作部分的一节只有数字，没有具体做法（台账或 [[work]] 中没有这方面实际做的事）",
            Rule::FixedTerm => "固定用语写错，如“一阵见血”“三会一可”“2024上半年”（词表见 templates/lint/terms.toml）",
            Rule::SetPhrase => "固定用语（政治提法、口号、活动和机构名称、四字套语）错一个同音、近音或形近字，或漏一个字，如“烧黑除恶”“党的十八精神”（词表见 templates/lint/phrases.toml）",
            Rule::StaleTerm => "沿用往年的提法，如已结束的专项活动（词表见 templates/lint/stale.toml）",
            Rule::StraySpace => "汉字之间、汉字与数字之间多了空格",
            Rule::HyphenRange => "数值范围用了半角连字符（1-3次），应为“1～3次”",
            Rule::QuoteComma => "带引号或书名号的并列成分之间用了顿号（”、“），通常不用",
            Rule::SelfReference => "自称与单位不符，如镇的报告写“我乡”“我村”，乡镇写“党工委”",
            Rule::Structure => "全文结构：标题、三个部分、标题序号、“一是”“二是”、落款和日期",
        }
    }

    /// Whether the rule offers safe fixes (`check --fix`).
    pub fn fixable(self) -> bool {
        matches!(self, Rule::HalfwidthPunct | Rule::Ellipsis | Rule::ListComma | Rule::Doubled | Rule::FixedTerm | Rule::SetPhrase | Rule::StraySpace | Rule::HyphenRange | Rule::QuoteComma | Rule::Structure)
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        for r in Rule::ALL {
            assert_eq!(Rule::from_id(r.id()), Some(r));
            assert!(!r.describe().is_empty());
        }
        assert_eq!(Rule::Placeholder.severity(), Severity::Error);
        assert_eq!(Rule::SanhuiYike.severity(), Severity::Warning);
    }
}
