//! Finding the shared libraries and model files the pipeline loads at start-up.
//!
//! Order: the configured path; the environment variable (an operator who sets it means
//! it, so a venv lying around must not silently win); a file next to the executable
//! (how a packaged install ships them); then, walking up from the current directory,
//! the development layout (`.venv/…`, `models/…`), so `cargo run` and `cargo test`
//! (which runs in the crate directory) find the workspace's files; last, the same
//! walking up from the executable, so a development binary works from any directory.

use std::path::{Path, PathBuf};

/// Where to look for one file.
pub struct Search<'a> {
    pub configured: Option<&'a Path>,
    pub env_var: &'a str,
    /// File names tried next to the executable.
    pub next_to_executable: &'a [&'a str],
    /// Paths tried relative to the current directory and each of its ancestors.
    pub in_ancestors: &'a [&'a str],
}

/// The first existing candidate, or every place looked at.
pub fn find(search: &Search<'_>) -> Result<PathBuf, Vec<PathBuf>> {
    if let Some(path) = search.configured {
        return Ok(path.to_owned());
    }
    if let Some(path) = std::env::var_os(search.env_var) {
        return Ok(PathBuf::from(path));
    }
    let mut searched = Vec::new();
    if let Ok(executable) = std::env::current_exe()
        && let Some(directory) = executable.parent()
    {
        for name in search.next_to_executable {
            let candidate = directory.join(name);
            if candidate.exists() {
                return Ok(candidate);
            }
            searched.push(candidate);
        }
    }
    // The current directory's ancestors (cargo run/test), then the executable's (a
    // development binary under target/ run from anywhere).
    let executable_dir = std::env::current_exe().ok().and_then(|e| e.parent().map(Path::to_owned));
    for start in [std::env::current_dir().ok(), executable_dir].into_iter().flatten() {
        for directory in start.ancestors() {
            for relative in search.in_ancestors {
                let candidate = directory.join(relative);
                if candidate.exists() {
                    return Ok(candidate);
                }
                searched.push(candidate);
            }
        }
    }
    Err(searched)
}
