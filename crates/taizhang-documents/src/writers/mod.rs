//! The writers: a [`Document`](super::document::Document) (or the figures)
//! to the bytes of one file format.

pub mod docx;
pub mod html;
pub mod json;
pub mod pdf;
pub mod xlsx;
