//! The office profile as the report names it: the office, its superior organ,
//! its contact. Stored by `taizhang_store::office`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub name: String,
    #[serde(default)]
    pub superior: String,
    #[serde(default)]
    pub contact: String,
}
