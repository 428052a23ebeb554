//! Where the window opens. The first launch fits it to the monitor's work area
//! (the screen less the taskbar): maximised when the work area is not larger
//! than the default 1366×768, else the default size centred in it. Later
//! launches restore the last size and position, but never off-screen: a
//! window whose monitor has gone (unplugged, a smaller projector) is moved
//! and shrunk into a monitor that is there. The geometry is kept in the app's
//! config folder (`window.json`), written when the window moves, resizes or
//! closes.
//!
//! The placement itself is plain arithmetic on rectangles (tested below); only
//! [`place`] and [`remember`] touch Tauri.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewWindow, WindowEvent};

/// The window's size when the screen has room for it (logical pixels).
pub const DEFAULT_SIZE: (f64, f64) = (1366.0, 768.0);
/// The smallest window the layout is made for (logical pixels).
pub const MIN_SIZE: (f64, f64) = (1024.0, 600.0);

/// A rectangle in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    fn right(&self) -> i64 {
        self.x as i64 + self.width as i64
    }
    fn bottom(&self) -> i64 {
        self.y as i64 + self.height as i64
    }
    /// The area two rectangles share, in square pixels.
    fn overlap(&self, other: &Rect) -> i64 {
        let w = self.right().min(other.right()) - (self.x.max(other.x) as i64);
        let h = self.bottom().min(other.bottom()) - (self.y.max(other.y) as i64);
        if w > 0 && h > 0 {
            w * h
        } else {
            0
        }
    }
}

/// What was saved at the last close.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    #[serde(flatten)]
    pub rect: Rect,
    #[serde(default)]
    pub maximized: bool,
}

/// Where and how the window opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub rect: Rect,
    pub maximized: bool,
}

/// The first launch on a monitor whose work area is `work` (physical pixels);
/// `default` is the default size in physical pixels.
pub fn first_launch(work: Rect, default: (u32, u32)) -> Placement {
    if work.width <= default.0 || work.height <= default.1 {
        return Placement {
            rect: work,
            maximized: true,
        };
    }
    Placement {
        rect: Rect {
            x: work.x + ((work.width - default.0) / 2) as i32,
            y: work.y + ((work.height - default.1) / 2) as i32,
            width: default.0,
            height: default.1,
        },
        maximized: false,
    }
}

/// A later launch: `saved` kept in the work area it mostly lies in, shrunk
/// to fit it; when it lies in none of `works` (its monitor is gone), the
/// first launch's placement on `works[0]` (the primary monitor).
pub fn restore(saved: Saved, works: &[Rect], default: (u32, u32)) -> Option<Placement> {
    let home = works
        .iter()
        .filter(|w| saved.rect.overlap(w) > 0)
        .max_by_key(|w| saved.rect.overlap(w));
    let Some(work) = home else {
        return works.first().map(|w| first_launch(*w, default));
    };
    let width = saved.rect.width.min(work.width);
    let height = saved.rect.height.min(work.height);
    let x = (saved.rect.x as i64).clamp(work.x as i64, work.right() - width as i64) as i32;
    let y = (saved.rect.y as i64).clamp(work.y as i64, work.bottom() - height as i64) as i32;
    Some(Placement {
        rect: Rect {
            x,
            y,
            width,
            height,
        },
        maximized: saved.maximized,
    })
}

fn state_file<R: Runtime>(window: &WebviewWindow<R>) -> Option<PathBuf> {
    window
        .app_handle()
        .path()
        .app_config_dir()
        .ok()
        .map(|d| d.join("window.json"))
}

fn read_saved(path: &Path) -> Option<Saved> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// The work area of a monitor in physical pixels.
fn work_area(m: &tauri::Monitor) -> Rect {
    let a = m.work_area();
    Rect {
        x: a.position.x,
        y: a.position.y,
        width: a.size.width,
        height: a.size.height,
    }
}

/// Size and place the (still hidden) window, then show it.
pub fn place<R: Runtime>(window: &WebviewWindow<R>) {
    let primary = window
        .primary_monitor()
        .ok()
        .flatten()
        .or_else(|| window.current_monitor().ok().flatten());
    let mut monitors: Vec<tauri::Monitor> = window.available_monitors().unwrap_or_default();
    // The primary monitor first: where a window with nowhere else to go opens.
    if let Some(p) = &primary {
        monitors.retain(|m| m.position() != p.position() || m.size() != p.size());
        monitors.insert(0, p.clone());
    }
    let works: Vec<Rect> = monitors.iter().map(work_area).collect();
    let scale = primary.as_ref().map(|m| m.scale_factor()).unwrap_or(1.0);
    let default = (
        (DEFAULT_SIZE.0 * scale).round() as u32,
        (DEFAULT_SIZE.1 * scale).round() as u32,
    );
    let saved = state_file(window).and_then(|p| read_saved(&p));
    let placement = match saved {
        Some(s) => restore(s, &works, default),
        None => works.first().map(|w| first_launch(*w, default)),
    };
    if let Some(p) = placement {
        // A work area smaller than the layout's minimum (a 1024×600 netbook
        // with a taskbar) still gets the whole work area: the minimum yields.
        let (min_w, min_h) = (
            (MIN_SIZE.0 * scale).round() as u32,
            (MIN_SIZE.1 * scale).round() as u32,
        );
        if p.rect.width < min_w || p.rect.height < min_h {
            let _ = window.set_min_size(None::<PhysicalSize<u32>>);
        }
        let _ = window.set_size(PhysicalSize::new(p.rect.width, p.rect.height));
        let _ = window.set_position(PhysicalPosition::new(p.rect.x, p.rect.y));
        if p.maximized {
            let _ = window.maximize();
        }
    }
    let _ = window.show();
}

/// Keep the window's geometry whenever it moves, resizes or closes.
pub fn remember<R: Runtime>(window: &WebviewWindow<R>) {
    let Some(path) = state_file(window) else {
        return;
    };
    let w = window.clone();
    window.on_window_event(move |event| {
        if matches!(
            event,
            WindowEvent::Moved(_) | WindowEvent::Resized(_) | WindowEvent::CloseRequested { .. }
        ) {
            save(&w, &path);
        }
    });
}

fn save<R: Runtime>(window: &WebviewWindow<R>, path: &Path) {
    let maximized = window.is_maximized().unwrap_or(false);
    if window.is_minimized().unwrap_or(false) {
        return;
    }
    let (Ok(pos), Ok(size)) = (window.outer_position(), window.inner_size()) else {
        return;
    };
    let saved = Saved {
        rect: Rect {
            x: pos.x,
            y: pos.y,
            width: size.width,
            height: size.height,
        },
        maximized,
    };
    // A maximised window keeps the size it had before; its own rect is the work area.
    if maximized {
        if let Some(before) = read_saved(path) {
            let kept = Saved {
                rect: before.rect,
                maximized,
            };
            return write(path, &kept);
        }
    }
    write(path, &saved);
}

fn write(path: &Path, saved: &Saved) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = serde_json::to_string(saved) {
        let _ = std::fs::write(path, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: (u32, u32) = (1366, 768);

    fn rect(x: i32, y: i32, width: u32, height: u32) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn the_first_launch_fills_a_work_area_no_larger_than_the_default() {
        // 1366×768 less a 40 px taskbar; 1280×800: maximised, inside the screen.
        for work in [rect(0, 0, 1366, 728), rect(0, 0, 1280, 800), rect(0, 0, 1024, 600)] {
            assert_eq!(
                first_launch(work, DEFAULT),
                Placement {
                    rect: work,
                    maximized: true
                }
            );
        }
        // 1920×1040: the default size, centred.
        assert_eq!(
            first_launch(rect(0, 0, 1920, 1040), DEFAULT),
            Placement {
                rect: rect(277, 136, 1366, 768),
                maximized: false
            }
        );
    }

    #[test]
    fn a_saved_window_comes_back_where_it_was_when_its_monitor_is_there() {
        let works = [rect(0, 0, 1920, 1040)];
        let saved = Saved {
            rect: rect(100, 50, 1200, 700),
            maximized: false,
        };
        assert_eq!(
            restore(saved, &works, DEFAULT).unwrap().rect,
            saved.rect
        );
    }

    #[test]
    fn a_window_is_never_restored_off_screen() {
        // Its second monitor unplugged: the first launch's placement on the primary.
        let works = [rect(0, 0, 1280, 800)];
        let on_gone_monitor = Saved {
            rect: rect(2000, 100, 1366, 768),
            maximized: false,
        };
        assert_eq!(
            restore(on_gone_monitor, &works, DEFAULT),
            Some(Placement {
                rect: works[0],
                maximized: true
            })
        );
        // Half off the edge, and larger than the work area: moved in and shrunk.
        let half_off = Saved {
            rect: rect(-300, 500, 1366, 900),
            maximized: false,
        };
        let p = restore(half_off, &works, DEFAULT).unwrap();
        assert_eq!(p.rect, rect(0, 0, 1280, 800));
        // On the second of two monitors: stays there, kept inside it.
        let two = [rect(0, 0, 1920, 1040), rect(1920, 0, 1366, 728)];
        let right = Saved {
            rect: rect(2400, 300, 1000, 600),
            maximized: false,
        };
        assert_eq!(
            restore(right, &two, DEFAULT).unwrap().rect,
            rect(2286, 128, 1000, 600)
        );
    }
}
