//! Copies in the backups folder are zstd-compressed: a data file is mostly
//! text and compresses several times over, and up to 39 copies are kept.
//! Anything that reads a copy goes through [`plain`], which accepts a
//! compressed or a plain copy (backups made before compression, a copy saved
//! with 备份到…) and tells them apart by their first bytes, not by name.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use taizhang_base::error::{Error, Result};

/// The file name ending of a compressed copy (`….db.zst`).
pub const EXT: &str = ".db.zst";
/// zstd's level 9: about a third smaller than the default level 3 on a data
/// file, still well under a second per 10 MB on an office PC.
const LEVEL: i32 = 9;
/// Every zstd frame starts with these bytes.
const MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// Whether the file at `path` is zstd-compressed.
pub fn is_compressed(path: &Path) -> Result<bool> {
    let mut head = [0u8; 4];
    let mut file = File::open(path).map_err(|e| Error::reading(path, e))?;
    match file.read_exact(&mut head) {
        Ok(()) => Ok(head == MAGIC),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(Error::reading(path, e)),
    }
}

/// Compress `src` into `dest` (created or replaced), synced.
pub fn compress(src: &Path, dest: &Path) -> Result<()> {
    let input = File::open(src).map_err(|e| Error::reading(src, e))?;
    let output = File::create(dest).map_err(|e| Error::writing(dest, e))?;
    let mut encoder = zstd::stream::Encoder::new(BufWriter::new(output), LEVEL)
        .map_err(|e| Error::writing(dest, e))?;
    std::io::copy(&mut BufReader::new(input), &mut encoder).map_err(|e| Error::writing(dest, e))?;
    let file = encoder
        .finish()
        .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
        .map_err(|e| Error::writing(dest, e))?;
    file.sync_all().map_err(|e| Error::writing(dest, e))
}

/// A copy as a plain SQLite file: the copy itself when it is plain, else a
/// decompressed temporary file, deleted when this is dropped.
pub struct Plain {
    pub path: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

/// The copy at `path` as a plain file SQLite can open.
pub fn plain(path: &Path) -> Result<Plain> {
    if !is_compressed(path)? {
        return Ok(Plain {
            path: path.to_path_buf(),
            _dir: None,
        });
    }
    let dir = super::work_dir()?;
    let out = dir.path().join("copy.db");
    decompress(path, &out)?;
    Ok(Plain {
        path: out,
        _dir: Some(dir),
    })
}

fn decompress(src: &Path, dest: &Path) -> Result<()> {
    let input = File::open(src).map_err(|e| Error::reading(src, e))?;
    let mut decoder = zstd::stream::Decoder::new(input).map_err(|e| Error::reading(src, e))?;
    let mut output = BufWriter::new(File::create(dest).map_err(|e| Error::writing(dest, e))?);
    // A cut-off or damaged copy fails here: say it is the copy, not the disk.
    std::io::copy(&mut decoder, &mut output).map_err(|e| {
        Error::conflict(format!(
            "备份文件“{}”已损坏（无法解压：{e}），不能使用。请换一个备份。",
            src.display()
        ))
    })?;
    output.flush().map_err(|e| Error::writing(dest, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compressed_copy_comes_back_byte_for_byte_and_a_plain_one_is_used_as_is() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.db");
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 97).to_le_bytes())
            .collect();
        std::fs::write(&src, &text).unwrap();
        let packed = dir.path().join("a.db.zst");
        compress(&src, &packed).unwrap();
        assert!(is_compressed(&packed).unwrap());
        assert!(!is_compressed(&src).unwrap());
        assert!(std::fs::metadata(&packed).unwrap().len() < text.len() as u64 / 4);
        let back = plain(&packed).unwrap();
        assert_ne!(back.path, packed);
        assert_eq!(std::fs::read(&back.path).unwrap(), text);
        let temp = back.path.clone();
        drop(back);
        assert!(!temp.exists(), "the temporary copy is deleted");
        assert_eq!(plain(&src).unwrap().path, src);
    }

    #[test]
    fn a_cut_off_compressed_copy_is_called_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.db");
        std::fs::write(&src, vec![7u8; 100_000]).unwrap();
        let packed = dir.path().join("a.db.zst");
        compress(&src, &packed).unwrap();
        let bytes = std::fs::read(&packed).unwrap();
        std::fs::write(&packed, &bytes[..bytes.len() / 2]).unwrap();
        let err = plain(&packed).err().unwrap().to_string();
        assert!(err.contains("已损坏"), "{err}");
    }
}
