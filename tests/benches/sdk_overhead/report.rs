//! The summary table printed at the end, and the machine it ran on.

use crate::Mode;
use std::fmt::Write as _;

pub(crate) struct Report {
    pub(crate) mode: Mode,
    pub(crate) rows: Vec<[String; 5]>,
    pub(crate) notes: Vec<String>,
}

impl Report {
    pub(crate) fn row(
        &mut self,
        what: impl Into<String>,
        raw: String,
        sdk: String,
        ratio: String,
        v: &str,
    ) {
        self.rows.push([what.into(), raw, sdk, ratio, v.to_owned()]);
    }

    pub(crate) fn print(&self) {
        let headers = ["measurement", "raw reqwest", "sdk", "sdk/raw", "target"];
        let mut widths = headers.map(str::len);
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: [&str; 5]| {
            out.push('|');
            for (cell, w) in cells.iter().zip(widths) {
                let _ = write!(out, " {cell:<w$} |");
            }
            out.push('\n');
        };
        let _ = writeln!(out, "\n== sdk_overhead summary ({:?} mode) ==", self.mode);
        line(&mut out, headers);
        out.push('|');
        for w in widths {
            let _ = write!(out, "{}|", "-".repeat(w + 2));
        }
        out.push('\n');
        for row in &self.rows {
            line(&mut out, row.each_ref().map(String::as_str));
        }
        for note in &self.notes {
            let _ = writeln!(out, "- {note}");
        }
        println!("{out}");
    }
}

pub(crate) fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

/// CPUs, CPU model, load average and rustc, for the record (best effort).
pub(crate) fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into());
    let rustc = std::process::Command::new(std::env::var_os("RUSTC").unwrap_or("rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc unknown".into());
    format!("{cpus} CPU(s), {model}, load average {load}, {rustc}")
}
