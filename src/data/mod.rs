//! First stage of the pipeline: the data sheet. Reads a TOML file into a
//! checked [`DataSheet`] (typed figures, validated dates and interpolations,
//! located errors in Chinese). Everything downstream reads this type.

pub mod activity;
pub mod catalogue;
pub mod cells;
mod counted;
pub mod explain;
pub mod figures;
mod headers;
pub mod input;
pub mod interp;
pub mod kinds;
pub mod ledger;
pub mod limits;
pub mod load;
pub mod mistakes;
pub mod model;
pub mod period;
pub mod sheet;
pub mod source;
pub mod villages;

pub use activity::{Activity, ActivityKind};
pub use catalogue::{Catalogue, Kind};
pub use figures::{Figure, FigureSet, format_number};
pub use load::DataSheet;
pub use period::{Half, Next, Period};
pub use sheet::{Layout, Sheet};
pub use source::SourceFile;
